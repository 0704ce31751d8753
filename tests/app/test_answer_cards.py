"""Answer cards and map colours, built without a page: resident text stays text, marks are the only tag,
and 25 groups keep distinct colour-and-shape pairs with names kept inside the plot."""
from __future__ import annotations

import pandas as pd

from ui import answers, charts

HOSTILE = "<script>alert(1)</script> **太字** & バス<b>停</b>"


def test_a_card_escapes_what_a_resident_wrote_and_marks_the_keyword():
    rows = pd.DataFrame({"text": [HOSTILE + "\n二行目"], "question": ["hearing"], "年代": ["30代"]})
    meta = answers.answer_meta(rows, {"question": "設問"}, ["年代", "校区"], {"hearing": "ヒアリング"})
    body = answers.cards_html(rows, meta, "バス")
    assert "<script>" not in body and "<b>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **太字** &amp; <mark>バス</mark>&lt;b&gt;停" in body
    assert "\n二行目" in body and "white-space:pre-wrap" in body  # line breaks kept, answer whole
    assert "設問: ヒアリング · 年代: 30代" in body  # 校区 is not a column here: left out


def test_a_keyword_with_markup_characters_is_marked_as_text():
    assert answers.marked("a<b>c <B>", "<b>") == "a<mark>&lt;b&gt;</mark>c <mark>&lt;B&gt;</mark>"


def test_twenty_five_groups_keep_distinct_colour_and_shape_pairs():
    colours, shapes = charts.group_styles(25)
    assert len(set(zip(colours, shapes))) == 25
    assert len(set(colours[:8])) == 8 and set(shapes[:8]) == {"circle"}
    assert set(colours) <= set(charts.PALETTE)


def test_names_run_inward_so_they_stay_inside_the_plot():
    centroids = pd.DataFrame({"label": ["左端のまとまり", "右端のとても長い名前のまとまりです。本当に長い"],
                              "x": [0.0, 10.0], "y": [1.0, 1.0]})
    names = charts.centre_names(centroids, (0.0, 10.0))
    assert names["align"].tolist() == ["left", "right"]
    assert len(names["name"].iloc[1]) <= charts.NAME_LIMIT + 1 and names["name"].iloc[1].endswith("…")


def test_names_that_would_overlap_move_apart_or_give_way_to_the_larger_group():
    # Five groups whose centres sit on one spot in the middle of the map (largest first).
    centroids = pd.DataFrame({"label": ["バスの本数", "子育て支援", "公園の遊具", "図書館の開館時間", "道路の安全"],
                              "x": [4.0, 4.1, 3.9, 4.05, 4.0], "y": [5.0, 5.0, 5.05, 4.95, 5.0]})
    names = charts.centre_names(centroids, (0.0, 10.0), (0.0, 10.0))
    assert names["label"].iloc[0] == "バスの本数" and names["y"].iloc[0] == 5.0  # the largest keeps its place
    x_unit, y_unit = 10.0 / charts.PLOT_PX[0], 10.0 / charts.PLOT_PX[1]
    boxes = []
    for row in names.itertuples():
        width = charts._name_width_px(row.name) * x_unit
        x0, x1 = (row.x, row.x + width) if row.align == "left" else (row.x - width, row.x)
        boxes.append((x0, x1, row.y - charts._LINE_PX / 2 * y_unit, row.y + charts._LINE_PX / 2 * y_unit))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3])  # no two names overlap
    assert len(names) >= 4  # up to two lines up and down make room for most of them
    crowd = pd.DataFrame({"label": [f"グループ{i}" for i in range(12)], "x": [4.0] * 12, "y": [5.0] * 12})
    assert len(charts.centre_names(crowd, (0.0, 10.0), (0.0, 10.0))) == 5  # the rest give way


def test_the_waves_chart_paints_each_group_in_its_map_colour():
    from ui import waves

    order = ["温泉、景色", "食事、カニ", "駐車場、道の駅"]  # largest first, as on the map
    table = pd.DataFrame({"wave": ["1月", "2月"] * 2, "label": ["駐車場、道の駅"] * 2 + ["温泉、景色"] * 2,
                          "share": [0.2, 0.3, 0.4, 0.35], "change": [None, 10.0, None, -5.0],
                          "p_adjusted": [None, 0.01, None, 0.2], "significant": [False, True, False, False]})
    chart = waves.wave_chart(table, ["1月", "2月"], {"wave": "回", "label": "大きな分類", "share": "割合",
                                                   "change": "変化", "p": "p"}, label_order=order)
    scale = chart.to_dict()["layer"][0]["encoding"]["color"]["scale"]
    colours, _ = charts.group_styles(len(order))
    assert dict(zip(scale["domain"], scale["range"])) == dict(zip(order, colours))


def test_the_printed_report_colours_groups_as_the_app_does():
    from listening.export.chart import map_svg

    order = [f"グループ{i}" for i in range(10)]  # largest first; past eight, another shape
    points = pd.DataFrame({"x": [float(i) for i in range(10)], "y": [float(i % 3) for i in range(10)],
                           "theme_label": order})
    svg = map_svg(points, "ja", label_order=order).lower()
    colours, shapes = charts.group_styles(len(order))
    assert all(c.lower() in svg for c in colours[:8])
    assert shapes[8] == "square" and shapes[0] == "circle"
