"""The committee briefing: themes named in words with a resident's sentence and quotes, common
ground and divides across attributes, the latest wave's changes, goals nobody speaks to.

``build_briefing`` decides what goes in (and protects a public briefing); ``render_briefing``
writes it as one self-contained printable A4 HTML file; a page can render the same record.
"""
from __future__ import annotations

from pathlib import Path

from .build import build_briefing
from .html import render_briefing, section_weighting_note, weighting_line
from .model import (
    MARKS,
    SECONDARY,
    SUPPRESSED,
    AttributeSection,
    Briefing,
    BriefingOptions,
    DivideItem,
    GroundItem,
    GroupCard,
    QuietGoal,
    Quote,
    WaveChange,
    WaveSection,
)

FILE_NAME = "briefing.html"


def write_briefing(briefing: Briefing, out_dir: str | Path) -> Path:
    """Write ``briefing.html`` into ``out_dir`` (created if missing); its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / FILE_NAME
    path.write_text(render_briefing(briefing), encoding="utf-8")
    return path


__all__ = [
    "AttributeSection",
    "Briefing",
    "BriefingOptions",
    "build_briefing",
    "DivideItem",
    "FILE_NAME",
    "GroundItem",
    "GroupCard",
    "QuietGoal",
    "Quote",
    "render_briefing",
    "section_weighting_note",
    "weighting_line",
    "MARKS",
    "SECONDARY",
    "SUPPRESSED",
    "WaveChange",
    "WaveSection",
    "write_briefing",
]
