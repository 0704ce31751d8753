"""What went wrong with a user's file, in the user's language (ja, ko, en).

Every :class:`~listening.types.InputError` carries a stable ``code`` and its
``params``; the catalogue's ``error.<code>`` entry (``listening.i18n.errors``)
turns them into one line with what to do next. The file, row and column come
first, the way a person finds the spot in Excel.
"""
from __future__ import annotations

from listening.i18n import LANGUAGES, STRINGS, t
from listening.types import InputError


def describe_error(err: InputError, language: str) -> str:
    """One line for the user: where (file, row, column) and what to do, in ``language``.

    Unknown languages get English; an unknown code, or params that do not fit its
    template, gets the error's own (English) message, so nothing is ever hidden.
    """
    lang = language if language in LANGUAGES else "en"
    body = err.message
    key = f"error.{err.code}"
    if key in STRINGS:
        try:
            body = t(lang, key, **{**err.params, "message": err.message})
        except (KeyError, IndexError, ValueError):
            pass
    return f"{_where(err, lang)}{body}"


def _where(err: InputError, lang: str) -> str:
    parts = [t(lang, "error_at.file", file=err.file)] if err.file else []
    parts += [t(lang, "error_at.row", row=err.row)] if err.row is not None else []
    parts += [t(lang, "error_at.column", column=err.column)] if err.column is not None else []
    return t(lang, "error_at.join").join(parts) + t(lang, "error_at.end") if parts else ""
