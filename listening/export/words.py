"""The export's words from the one catalogue (``listening.i18n``), for names that may be codes."""
from __future__ import annotations

from listening.i18n import STRINGS, t


def column_title(language: str, column: str) -> str:
    """Header for an export column: known columns translated, attribute names as they are."""
    key = f"col.{column}"
    return t(language, key) if key in STRINGS else str(column)


def label_or_code(language: str, prefix: str, code: object) -> str:
    """The localised name of a code (a drop reason, a source kind), or the code itself."""
    key = f"{prefix}{code}"
    return t(language, key) if key in STRINGS else str(code)
