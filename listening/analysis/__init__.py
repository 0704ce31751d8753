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
    "centre_distances",
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
