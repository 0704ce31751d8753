"""Static SVG charts for the printed report, drawn by Vega-Lite through vl-convert.

The report must open offline and run no code, so each chart is rendered to SVG
here and then re-serialised through an allow-list: only drawing elements, no
scripts, no event handlers, no links and no namespace declarations survive.
Labels are user text (theme names); vl-convert escapes them, and the
re-serialisation escapes them again from parsed values, so nothing in a label
can become markup.
"""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from numbers import Real

import altair as alt
import pandas as pd
import vl_convert as vlc

from listening.i18n import t
from listening.views import group_styles
from listening.text import strip_bidi

from .report_format import mask_urls

VL_VERSION = "6.4"

_DRAWING = frozenset({
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "title", "desc", "defs", "clipPath", "linearGradient", "radialGradient", "stop",
})
_LOCAL_REF = re.compile(r"url\(#([^)]*)\)")


def _colour_scale(shown: Sequence[str], order: Sequence[str]) -> alt.Scale:
    """Colours for ``shown`` labels, each picked by its position in ``order`` (largest first), as
    the app's map and waves colour them (listening.views.styles), so a group keeps its colour in
    the report even when some groups have no published points there."""
    colours, _ = group_styles(len(order))
    position = {label: i for i, label in reversed(list(enumerate(order)))}
    return alt.Scale(domain=list(shown), range=[colours[position[label]] for label in shown])


def _shape_scale(shown: Sequence[str], order: Sequence[str]) -> alt.Scale:
    """Shapes as the app draws them: past eight groups colours repeat with another shape."""
    _, shapes = group_styles(len(order))
    position = {label: i for i, label in reversed(list(enumerate(order)))}
    return alt.Scale(domain=list(shown), range=[shapes[position[label]] for label in shown])


def _render(chart: alt.TopLevelMixin) -> str:
    return vlc.vegalite_to_svg(chart.to_dict(), vl_version=VL_VERSION)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _safe_attributes(element: ET.Element, id_prefix: str) -> dict[str, str]:
    kept: dict[str, str] = {}
    for name, value in element.attrib.items():
        local = _local(name)
        lowered = local.lower()
        if name.startswith("{") or lowered.startswith("on") or lowered in ("href", "style", "src"):
            continue
        if "url(" in value.replace(" ", "").lower() and not _LOCAL_REF.fullmatch(value.strip()):
            continue
        if "javascript:" in value.replace(" ", "").lower():
            continue
        if local == "id":
            value = f"{id_prefix}{value}"
        value = _LOCAL_REF.sub(lambda m: f"url(#{id_prefix}{m.group(1)})", value)
        kept[local] = value
    return kept


def _clean(element: ET.Element, id_prefix: str) -> None:
    for child in list(element):
        if _local(child.tag) not in _DRAWING:
            element.remove(child)
        else:
            _clean(child, id_prefix)
    element.tag = _local(element.tag)
    attributes = _safe_attributes(element, id_prefix)
    element.attrib.clear()
    element.attrib.update(attributes)


def sanitize_svg(svg: str, title: str, id_prefix: str) -> str:
    """``svg`` re-serialised from an allow-list of drawing elements, labelled for screen readers.

    Drops scripts, foreign objects, images, links, event handlers, ``style``
    attributes, external ``url()`` references and namespace declarations (an SVG
    inside HTML needs none). Ids get ``id_prefix`` so two charts on one page do not
    clash. The root gets role="img", an aria-label and a first-child <title>.
    """
    root = ET.fromstring(svg)
    if _local(root.tag) != "svg":
        raise ValueError("not an SVG document")
    _clean(root, id_prefix)
    for name in ("role", "aria-label", "aria-roledescription"):
        root.attrib.pop(name, None)
    root.set("role", "img")
    root.set("aria-label", title)
    for old in root.findall("title"):
        root.remove(old)
    heading = ET.Element("title")
    heading.text = title
    root.insert(0, heading)
    # Labels are user text: no bidirectional control may turn one around inside the report.
    return strip_bidi(ET.tostring(root, encoding="unicode", short_empty_elements=True))


def _legend(n_labels: int, width: int) -> alt.Legend:
    columns = 1 if width < 420 or n_labels <= 3 else 2
    return alt.Legend(
        title=None, orient="bottom", direction="vertical", columns=columns,
        labelLimit=max(120, width // columns - 40), labelFontSize=12,
        symbolSize=120, symbolOpacity=1, symbolLimit=max(n_labels, 1), rowPadding=4, columnPadding=24,
    )


def map_svg(points: pd.DataFrame, language: str, width: int = 640, height: int = 480,
            label_order: Sequence[str] | None = None) -> str:
    """The opinion map as inline SVG: one dot per row of ``points`` (x, y, theme_label).

    ``label_order`` fixes the legend order and colours (e.g. the themes table's
    order); by default labels keep their first-seen order. Returns "" for no points.
    """
    if points is None or points.empty:
        return ""
    labels = [mask_urls(str(v)) for v in points["theme_label"].tolist()]
    order = list(dict.fromkeys([mask_urls(str(v)) for v in (label_order or [])] + labels))
    present = set(labels)
    domain = [label for label in order if label in present]
    # Literal values (not a DataFrame) so altair's 5,000-row guard never refuses a large map.
    xs = pd.to_numeric(points["x"], errors="coerce").astype(float).tolist()
    ys = pd.to_numeric(points["y"], errors="coerce").astype(float).tolist()
    values = [{"x": x, "y": y, "label": label} for x, y, label in zip(xs, ys, labels)
              if math.isfinite(x) and math.isfinite(y)]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_point(size=22, opacity=0.7, filled=True, aria=False)
        .encode(
            x=alt.X("x:Q", axis=None, scale=alt.Scale(zero=False, nice=False, padding=6)),
            y=alt.Y("y:Q", axis=None, scale=alt.Scale(zero=False, nice=False, padding=6)),
            color=alt.Color("label:N", scale=_colour_scale(domain, order), sort=domain,
                            legend=_legend(len(domain), width)),
            shape=alt.Shape("label:N", scale=_shape_scale(domain, order), sort=domain,
                            legend=_legend(len(domain), width)),
        )
        .properties(width=width, height=height, background="white")
        .configure_view(stroke="#cccccc")
    )
    title = t(language, "report_map_title", n=f"{len(values):,}")
    return sanitize_svg(_render(chart), title, id_prefix="map-")


def share_bars_svg(themes: pd.DataFrame, language: str, width: int = 640,
                   shares: Sequence[str] | None = None) -> str:
    """Horizontal bars of each theme's share, in the rows' order, as inline SVG.

    ``themes`` has label and share (0-1, None where suppressed); ``shares`` are the
    texts printed at the bar ends (default: one-decimal percentages). A suppressed
    theme gets no bar, only its text. Returns "" for no themes.
    """
    if themes is None or themes.empty:
        return ""
    labels = _distinct([mask_urls(str(v)) for v in themes["label"].tolist()])
    raw = themes["share"].tolist()
    numbers = [float(s) if isinstance(s, Real) and math.isfinite(float(s)) else 0.0 for s in raw]
    texts = [mask_urls(str(s)) for s in shares] if shares is not None else [f"{n * 100:.1f}%" for n in numbers]
    values = [{"label": lab, "share": n, "text": txt} for lab, n, txt in zip(labels, numbers, texts)]
    y = alt.Y("label:N", title=None, sort=None, axis=alt.Axis(
        labelLimit=max(140, width // 3), labelFontSize=12, ticks=False, domain=False))
    top = max(numbers + [0.01])
    base = alt.Chart(alt.Data(values=values)).encode(y=y)
    bars = base.mark_bar(height=16, aria=False).encode(
        x=alt.X("share:Q", title=None, scale=alt.Scale(domain=[0, top * 1.15]),
                axis=alt.Axis(format=".0%", grid=True, tickCount=5, labelFontSize=11)),
        color=alt.Color("label:N", scale=_colour_scale(labels, labels), legend=None),
    )
    ends = base.mark_text(align="left", dx=4, fontSize=12, color="#222", aria=False).encode(
        x="share:Q", text="text:N")
    chart = (alt.layer(bars, ends)
             .properties(width=max(200, width - max(140, width // 3) - 20), height={"step": 24},
                         background="white")
             .configure_view(stroke=None))
    return sanitize_svg(_render(chart), t(language, "report_bars_title"), id_prefix="bars-")


def _distinct(labels: list[str]) -> list[str]:
    """Labels made unique by numbering repeats, so two same-named themes keep two bars."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out
