"""The analysis: answers -> vectors -> themes and topics, keywords and the 2-D map, with its worker process."""

from .cluster import (
    CLUSTER_VERSION,
    LEXICAL_WEIGHT,
    N_NEIGHBORS,
    centre_distances,
    cluster_answers,
    clustering_space,
    neighbourhoods,
    top_k,
)
from .label import class_tfidf, label_from_keywords
from .names import SEPARATOR, choose_phrases, common_words, display_name, name_groups
from .naming import WORD_COLUMNS, describe_in_words, routed_languages, stored_phrases, words_after_edits
from .summary import central_order, group_sentence, quotable, sentence_spans
from .pipeline import (
    Analysis,
    ColumnChoice,
    ImportResult,
    analyze,
    content_hash,
    import_file,
    input_info,
    load_analysis,
    prepare_worker,
    read_answers,
)

__all__ = [
    "Analysis",
    "analyze",
    "central_order",
    "centre_distances",
    "choose_phrases",
    "common_words",
    "describe_in_words",
    "display_name",
    "group_sentence",
    "name_groups",
    "quotable",
    "routed_languages",
    "sentence_spans",
    "SEPARATOR",
    "stored_phrases",
    "WORD_COLUMNS",
    "words_after_edits",
    "class_tfidf",
    "cluster_answers",
    "CLUSTER_VERSION",
    "clustering_space",
    "ColumnChoice",
    "content_hash",
    "import_file",
    "ImportResult",
    "input_info",
    "label_from_keywords",
    "LEXICAL_WEIGHT",
    "load_analysis",
    "N_NEIGHBORS",
    "neighbourhoods",
    "prepare_worker",
    "read_answers",
    "top_k",
]
