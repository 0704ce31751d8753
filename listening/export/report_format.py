"""How the report writes numbers, shares, dates and web addresses (the words are in ``listening.i18n``)."""
from __future__ import annotations

import math
import numbers
import re
from datetime import datetime

from .model import MARKS

URL_MARK = "[URL]"
# Upstream masking replaces only personal URLs; the report promises no address at all,
# so any web address left in a text is shown as a mark (scheme://... or www.host.tld...).
_URL = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*://|www\.[a-z0-9-]+\.[a-z])[a-z0-9\-._~:/?#@!$&*+,;=%]*")


def mask_urls(text: str) -> str:
    """``text`` with every web address (http://, https://, ftp://, www.…) replaced by ``URL_MARK``."""
    return _URL.sub(URL_MARK, text)


def fmt_count(value: object) -> str:
    """An int with thousands separators; a suppression mark as it is; missing as a dash."""
    if isinstance(value, str):
        return value if value in MARKS else value.strip() or "—"
    if value is None or isinstance(value, bool):
        return "—"
    if isinstance(value, numbers.Real) and math.isfinite(float(value)):
        return f"{int(round(float(value))):,}"
    return "—"


def fmt_share(value: object) -> str:
    """A 0-1 share as a percentage with one decimal; text as it is; missing as a dash."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool) or not isinstance(value, numbers.Real):
        return "—"
    if not math.isfinite(float(value)):
        return "—"
    return f"{float(value) * 100:.1f}%"


def fmt_datetime(value: object, with_time: bool = True) -> str:
    """An ISO timestamp as "YYYY-MM-DD HH:MM", with its zone if it has one (or the date alone)."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if not with_time:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M %Z" if moment.tzinfo else "%Y-%m-%d %H:%M").strip()
