"""Turn a table written one language at a time into the catalogue's shape (key -> language -> text)."""
from __future__ import annotations


def by_key(by_language: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """``{"ja": {key: text}, ...}`` as ``{key: {"ja": text, ...}}``; keys in the order first written."""
    out: dict[str, dict[str, str]] = {}
    for language, texts in by_language.items():
        for key, text in texts.items():
            out.setdefault(key, {})[language] = text
    return out
