"""Every word the app, the export files and the error messages show, in ja, ko and en: one catalogue, one ``t``.

One module per area, each a ``STRINGS`` table ``{key: {"ja": ..., "ko": ..., "en": ...}}``;
they merge here, and a key used by two areas stops the import (name it after its area
instead). ``t(lang, key, **values)`` is the only lookup: the app passes the reader's
language (``ui.i18n.t`` does it for pages), the export writers the report language,
``listening.messages`` the language of the person whose file failed.
"""
from __future__ import annotations

from types import ModuleType

from . import (
    batches,
    briefing,
    briefing_page,
    common,
    edits,
    errors,
    explore,
    export_files,
    export_page,
    goals,
    navigation,
    personal_data,
    plain,
    plain_stats,
    release,
    report,
    responses,
    signin,
    staff,
    trust,
    waves,
    weighting,
    weighting_page,
)

LANGUAGES: tuple[str, ...] = ("ja", "ko", "en")

# Every area, listed (not discovered) so a reader sees them all; a test checks none is missing.
AREAS: tuple[ModuleType, ...] = (
    common, navigation, staff, batches, explore, export_page, release, personal_data, trust, goals,
    waves, signin,  # the app's pages
    responses,  # the public-comment response table
    plain_stats,  # statistics in plain words, readable answers
    weighting_page,  # the weighting page and the weighted / unweighted switch
    export_files, report,  # the files an export writes
    briefing, briefing_page,  # the committee briefing and its page
    errors, weighting,  # what went wrong with a user's file (weighting: population tables, mappings)
    edits,  # the curation log
    plain,  # plain words: the audit log in words, the map's explanation
)


def _merge(areas: tuple[ModuleType, ...]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for area in areas:
        clash = merged.keys() & area.STRINGS.keys()
        if clash:
            raise KeyError(f"{area.__name__} uses string keys another area already has: {sorted(clash)}")
        merged.update(area.STRINGS)
    return merged


STRINGS: dict[str, dict[str, str]] = _merge(AREAS)


def t(lang: str, key: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` (English for a language the catalogue does not have), with
    ``{name}`` placeholders filled from ``values``. An unknown key raises ``KeyError``."""
    entry = STRINGS[key]
    text = entry[lang] if lang in entry else entry["en"]
    return text.format(**values) if values else text


__all__ = ["AREAS", "LANGUAGES", "STRINGS", "t"]
