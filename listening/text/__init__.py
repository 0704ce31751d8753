"""Text as the analysis sees it: normalisation, language by script, content-word tokens (fugashi, kiwipiepy)."""

from .normalize import NO_CONTENT, detect_language, detect_languages, is_no_content, normalize_text, strip_bidi
from .phrases import PHRASE_VERSION, Phrases, extract_phrases
from .tokens import TOKENIZER_VERSION, clear_caches, get_kiwi, get_tagger, route_language, tokenize_texts

__all__ = [
    "clear_caches",
    "detect_language",
    "detect_languages",
    "extract_phrases",
    "get_kiwi",
    "get_tagger",
    "is_no_content",
    "NO_CONTENT",
    "normalize_text",
    "strip_bidi",
    "PHRASE_VERSION",
    "Phrases",
    "route_language",
    "tokenize_texts",
    "TOKENIZER_VERSION",
]
