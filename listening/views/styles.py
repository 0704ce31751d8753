"""How opinion groups are told apart in every chart (the app's map and waves, the printed report).

Okabe & Ito's eight colours stay apart for the common kinds of colour blindness; past eight
groups the colours repeat with another shape, so 15-25 topics still differ (32 pairs in all).
Groups are styled by their position largest first, so one group has one look everywhere.
"""
from __future__ import annotations

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SHAPES = ("circle", "square", "triangle-up", "diamond")


def group_styles(n: int) -> tuple[list[str], list[str]]:
    """(colours, shapes) for ``n`` groups in order: eight colours, then the same with the next shape."""
    return ([PALETTE[i % len(PALETTE)] for i in range(n)],
            [SHAPES[(i // len(PALETTE)) % len(SHAPES)] for i in range(n)])
