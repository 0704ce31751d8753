"""Showing user text safely: everything a resident or a file wrote is text, never Markdown."""
from __future__ import annotations

import re

# Markdown plus Streamlit's own :colour[...] and $math$ syntax.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: object) -> str:
    """``text`` with Markdown (and Streamlit's :colour[] / $math$) characters backslash-escaped.

    For user text (district names, file names, search words) put into captions,
    headers and labels, which Streamlit renders as Markdown.
    """
    return _MARKDOWN.sub(r"\\\1", str(text))
