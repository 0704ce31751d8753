"""The audit log as a person reads it: actions in words of their language, details as short
phrases, no "None", times in the city's zone.

The stored log keeps codes (``rename_cluster``), JSON details and UTC times: that is what a
machine or a later audit needs. This turns one entry into what a member of staff reads.
The zone is ``LISTENING_TIMEZONE`` (an IANA name such as ``Asia/Tokyo``) when set, else the
machine's local zone (which honours ``TZ``); the time is printed with the zone's name so a
reader is never left guessing.
"""
from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from listening.config import TIMEZONE, timezone_name
from listening.i18n import LANGUAGES, STRINGS, t

TIMEZONE_VARIABLE = TIMEZONE.name
_LANGUAGE_NAMES = {"ja": "日本語", "ko": "한국어", "en": "English"}
# Details a reader gains nothing from: ids of internal records (the edit's own words say what it did).
_HIDDEN = {"edit", "args", "settings", "run", "parent", "previous", "batch", "key"}  # internal ids


def display_zone() -> tzinfo:
    """The zone the log is shown in: ``LISTENING_TIMEZONE`` if it names a zone, else the machine's."""
    name = timezone_name()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # a mistyped name must not hide the log; the machine's zone is still right there
    return datetime.now().astimezone().tzinfo or timezone.utc


def zone_name(zone: tzinfo | None = None) -> str:
    """The zone's IANA name (``Asia/Tokyo``) where it has one, else its abbreviation (``UTC``)."""
    zone = zone or display_zone()
    return str(getattr(zone, "key", None) or datetime.now(zone).tzname() or zone)


def local_time(at: str, zone: tzinfo | None = None) -> str:
    """A stored UTC ISO time as ``YYYY-MM-DD HH:MM:SS ZONE`` in ``zone`` (default: display_zone())."""
    if not at:
        return ""
    when = datetime.fromisoformat(str(at).replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    local = when.astimezone(zone or display_zone())
    return local.strftime("%Y-%m-%d %H:%M:%S ") + (local.tzname() or "")


def action_words(action: str, lang: str) -> str:
    """What an audit action did, in ``lang``; an action this catalogue does not know yet stays as its code."""
    key = f"audit_action.{action}"
    return t(lang, key) if key in STRINGS else action


def _value_words(key: str, value, lang: str) -> str:
    sep = t(lang, "edit_words.sep")
    if isinstance(value, bool):
        return t(lang, "plain_yes" if value else "plain_no")
    if key == "audience" and f"plain_audience.{value}" in STRINGS:
        return t(lang, f"plain_audience.{value}")
    if key == "language":
        return _LANGUAGE_NAMES.get(str(value), str(value))
    if key == "method" and f"wt_method_{value}" in STRINGS:
        return t(lang, f"wt_method_{value}")
    if key == "permission" and f"audit_permission.{value}" in STRINGS:
        return t(lang, f"audit_permission.{value}")
    if key in ("topics", "batches") and isinstance(value, (list, tuple)):
        return t(lang, "plain_n_items", n=len(value))  # ids mean nothing to a reader; how many does
    if isinstance(value, dict):  # the reasons rows were left out, with how many each
        return sep.join(f"{t(lang, f'reason_{k}') if f'reason_{k}' in STRINGS else k} {v}"
                        for k, v in value.items() if v not in (None, 0))
    if isinstance(value, (list, tuple)):
        return sep.join(str(v) for v in value if v is not None)
    if isinstance(value, float):
        return f"{value * 100:.0f}%" if key == "kept_share" else f"{value:g}"
    return str(value)


def detail_words(detail: dict, lang: str, edit_description: str | None = None) -> str:
    """The details of one entry as ``name: value`` phrases in ``lang``; empty values and internal ids left out.
    An edit of the analysis is described by its own line of the curation log when one is given."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    parts = [edit_description] if edit_description else []
    for key, value in detail.items():
        if key in _HIDDEN or value is None or value == [] or value == {} or value == "":
            continue
        words = _value_words(key, value, lang)
        if not words:
            continue
        name = f"audit_detail.{key}"
        parts.append(f"{t(lang, name)}: {words}" if name in STRINGS else f"{key}: {words}")
    return t(lang, "edit_words.sep").join(parts)


def audit_in_words(log: pd.DataFrame, lang: str, edit_descriptions: dict[tuple[int, int], str] | None = None,
                   zone: tzinfo | None = None) -> pd.DataFrame:
    """The log (``Store.audit_log``'s columns) with ``when`` (local time), ``action`` and ``detail`` in
    words; ``rows`` as a nullable integer (blank, never "None"). ``edit_descriptions`` maps
    (run id, edit id) to the curation log's line for that edit."""
    edit_descriptions = edit_descriptions or {}
    zone = zone or display_zone()

    def described(detail: dict) -> str | None:
        if "run" in detail and "edit" in detail and detail["edit"] is not None:
            return edit_descriptions.get((int(detail["run"]), int(detail["edit"])))
        return None

    return pd.DataFrame({
        "id": log["id"],
        "when": [local_time(at, zone) for at in log["at"]],
        "user": log["user"],
        "role": log["role"],
        "action": [action_words(a, lang) for a in log["action"]],
        "dataset_id": log["dataset_id"],
        "rows": pd.array(log["rows"], dtype="Int64"),
        "detail": [detail_words(d, lang, described(d)) for d in log["detail"]],
    })
