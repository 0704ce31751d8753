"""Altair chart builders for the committee pages; no Streamlit here, so charts are testable alone.

Every builder takes a tidy frame with plain ASCII column names and the titles to show
(already translated by the caller), and returns an ``alt.Chart``/``alt.LayerChart``.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from listening.views import PALETTE, SHAPES, group_styles  # noqa: F401 - one look per group everywhere

SMALL_MARK = "<5"
FADED = 0.15
GREY = "#d9d9d9"


N_NAMED = 8  # groups named on the map: the largest; the legend and tooltips name the rest
NAME_LIMIT = 16  # characters of a group name drawn on the map


# What a drawn name takes, for the collision pass: the map is at least this wide on a laptop
# (Streamlit's centred column), names are 12 px bold (a wide character ~13 px, others ~7.5 px).
PLOT_PX = (640.0, 560.0)
_CHAR_PX = (13.0, 7.5)
_LINE_PX = 17.0


def _name_width_px(name: str) -> float:
    import unicodedata

    return sum(_CHAR_PX[0] if unicodedata.east_asian_width(ch) in ("W", "F") else _CHAR_PX[1] for ch in name) + 6


def centre_names(centroids: pd.DataFrame, x_range: tuple[float, float],
                 y_range: tuple[float, float] | None = None) -> pd.DataFrame:
    """Group names placed to stay inside the plot and off each other.

    Names on the left half start at their centre and run right, names on the right half end
    there (``align``); long names are shortened. Rows come largest group first: each name
    takes its box (estimated from its characters, on a plot of at least ``PLOT_PX``); a name
    that would overlap one already placed moves up or down by up to two lines, and is left
    out when that does not free it (the legend and the tooltips still name the group).
    """
    low, high = x_range
    names = centroids.assign(name=truncate(centroids["label"], NAME_LIMIT)).reset_index(drop=True)
    names = names.assign(align=np.where(names["x"] <= (low + high) / 2, "left", "right"))
    if y_range is None:
        y_range = (float(names["y"].min()), float(names["y"].max())) if len(names) else (0.0, 1.0)
    x_unit = max(high - low, 1e-9) / PLOT_PX[0]  # data units per pixel
    y_unit = max(y_range[1] - y_range[0], 1e-9) / PLOT_PX[1]
    placed: list[tuple[float, float, float, float]] = []
    keep, ys = [], []
    for row in names.itertuples(index=False):
        width = _name_width_px(str(row.name)) * x_unit
        x0, x1 = (row.x, row.x + width) if row.align == "left" else (row.x - width, row.x)
        half = _LINE_PX / 2 * y_unit
        for shift in (0, 1, -1, 2, -2):
            y = row.y + shift * (_LINE_PX + 2) * y_unit  # a line and a hair: boxes never touch
            box = (x0, x1, y - half, y + half)
            if not any(box[0] < b[1] and b[0] < box[1] and box[2] < b[3] and b[2] < box[3] for b in placed):
                placed.append(box)
                keep.append(True)
                ys.append(y)
                break
        else:
            keep.append(False)
            ys.append(row.y)
    return names.assign(y=ys)[keep].reset_index(drop=True)


def opinion_map(points: pd.DataFrame, titles: dict[str, str], label_order: list[str],
                highlight: bool = False, centroids: pd.DataFrame | None = None) -> alt.LayerChart:
    """The 2-D opinion map: one point per answer, coloured (and past eight groups shaped) by ``label``.

    ``points`` has columns x, y, label, text, question, source and hit (bool). With
    ``highlight`` the hits are drawn larger and opaque on top of the faded others.
    ``label_order`` (largest group first) fixes the colour and shape of every label, so
    filtering never repaints a cluster. ``centroids`` (label, x, y; largest group first) adds
    the names of those groups at their centres, kept inside the plot and off each other. ``titles`` maps label/text/question/source
    to the tooltip titles.
    """
    tooltip = [
        alt.Tooltip("label:N", title=titles["label"]),
        alt.Tooltip("text:N", title=titles["text"]),
        alt.Tooltip("question:N", title=titles["question"]),
        alt.Tooltip("source:N", title=titles["source"]),
    ]
    domain = list(dict.fromkeys(label_order))
    colours, shapes = group_styles(len(domain))
    legend = alt.Legend(columns=1, symbolLimit=60, labelLimit=240)
    colour = alt.Color("label:N", title=titles["label"], sort=domain, scale=alt.Scale(domain=domain, range=colours),
                       legend=legend)
    shape = alt.Shape("label:N", title=titles["label"], sort=domain, scale=alt.Scale(domain=domain, range=shapes),
                      legend=legend)
    axis = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    # Padding (pixels) leaves room at the edges for the points and the names drawn there.
    x = alt.X("x:Q", axis=axis, scale=alt.Scale(zero=False, padding=16))
    y = alt.Y("y:Q", axis=axis, scale=alt.Scale(zero=False, padding=16))
    base = alt.Chart(points).encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    if highlight:
        layers = [
            base.transform_filter("!datum.hit").mark_point(size=14, opacity=FADED, filled=True),
            base.transform_filter("datum.hit").mark_point(size=70, opacity=0.95, filled=True, stroke="black",
                                                          strokeWidth=0.4),
        ]
    else:
        layers = [base.mark_point(size=18, opacity=0.6, filled=True)]
    if centroids is not None and len(centroids):
        names = centre_names(centroids, (float(points["x"].min()), float(points["x"].max())),
                             (float(points["y"].min()), float(points["y"].max())))
        for align, dx in (("left", 4), ("right", -4)):
            side = alt.Chart(names.loc[names["align"] == align]).encode(x=x, y=y, text="name:N")
            layers.append(side.mark_text(align=align, dx=dx, fontSize=12, fontWeight="bold", stroke="white",
                                         strokeWidth=4, strokeOpacity=0.85))  # a halo keeps names readable
            layers.append(side.mark_text(align=align, dx=dx, fontSize=12, fontWeight="bold", color="#222"))
    return alt.layer(*layers).properties(width="container", height=560).interactive()


def residual_heatmap(cells: pd.DataFrame, row_order: list[str], col_order: list[str],
                     titles: dict[str, str]) -> alt.LayerChart:
    """Adjusted standardised residuals, diverging around 0; cells under 5 answers grey with "<5".

    ``cells`` has columns row, col, count, residual, row_pct. ``titles`` maps
    row/col/residual/count/row_pct to axis and tooltip titles.
    """
    # Residuals beyond ±8 are all "very clear"; clamping keeps ±2 to ±4 readable as colour.
    largest = float(np.nanmax(np.abs(cells["residual"].to_numpy()))) if len(cells) else 0.0
    limit = float(np.clip(largest, 3.0, 8.0))
    cells = cells.assign(small=cells["count"] < 5)
    base = alt.Chart(cells).encode(
        x=alt.X("col:N", sort=col_order, title=titles["col"], axis=alt.Axis(labelAngle=-30)),
        y=alt.Y("row:N", sort=row_order, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        tooltip=[
            alt.Tooltip("row:N", title=titles["row"]),
            alt.Tooltip("col:N", title=titles["col"]),
            alt.Tooltip("count:Q", title=titles["count"]),
            alt.Tooltip("row_pct:Q", title=titles["row_pct"], format=".1f"),
            alt.Tooltip("residual:Q", title=titles["residual"], format=".2f"),
        ],
    )
    rect = base.mark_rect(stroke="white").encode(
        color=alt.condition(
            "datum.small",
            alt.value(GREY),
            alt.Color("residual:Q", title=titles["residual"],
                      scale=alt.Scale(scheme="blueorange", domain=[-limit, limit], domainMid=0, clamp=True)),
        )
    )
    label = base.mark_text(fontSize=11).encode(
        text=alt.Text("mark:N"),
        color=alt.condition("datum.small", alt.value("#666"), alt.value("black")),
    ).transform_calculate(mark=f"datum.small ? '{SMALL_MARK}' : format(datum.residual, '.1f')")
    height = 90 + 30 * len(row_order)  # the axis labels below take ~90 px of the height
    return alt.layer(rect, label).properties(height=height)


def diverging_bars(frame: pd.DataFrame, titles: dict[str, str], colours: dict[str, str]) -> alt.Chart:
    """Horizontal bars of ``diff`` (percentage points) per ``label``, coloured by ``side``.

    ``side`` holds the names of the group a significant difference favours (or the
    "not significant" name); ``colours`` maps those names to colours.
    """
    order = frame["label"].tolist()
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("diff:Q", title=titles["diff"]),
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        color=alt.Color("side:N", title=titles["side"],
                        scale=alt.Scale(domain=list(colours), range=list(colours.values()))),
        tooltip=[
            alt.Tooltip("label:N", title=titles["label"]),
            alt.Tooltip("diff:Q", title=titles["diff"], format="+.1f"),
            alt.Tooltip("p_adjusted:Q", title=titles["p_adjusted"], format=".3g"),
        ],
    ).properties(height=60 + 28 * len(order))


def share_comparison(frame: pd.DataFrame, titles: dict[str, str]) -> alt.Chart:
    """Grouped horizontal bars: ``share`` (0-1) per ``item``, one bar per ``group`` (district, city).

    Items keep the order they have in ``frame``.
    """
    order = list(dict.fromkeys(frame["item"].tolist()))
    groups = list(dict.fromkeys(frame["group"].tolist()))
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("share:Q", title=titles["share"], axis=alt.Axis(format="%")),
        y=alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("group:N"),
        color=alt.Color("group:N", title=None, scale=alt.Scale(domain=groups, range=["#e45756", "#9d9d9d"])),
        tooltip=[
            alt.Tooltip("item:N", title=titles["item"]),
            alt.Tooltip("group:N", title=titles["group"]),
            alt.Tooltip("share:Q", title=titles["share"], format=".1%"),
        ],
    ).properties(height=60 + 40 * len(order))


def truncate(texts: pd.Series, limit: int = 120) -> pd.Series:
    """Texts cut to ``limit`` characters with an ellipsis, vectorised for 100k answers."""
    texts = texts.astype("str")
    cut = texts.str.slice(0, limit)
    return cut.where(texts.str.len() <= limit, cut + "…")
