"""Weighting to the population: reading resident counts, mapping values, raking, trimming, diagnostics."""
from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from listening.types import InputError
from listening.weighting import (
    Population,
    age_range,
    answer_weights,
    compute_weights,
    design_effect,
    guess_mapping,
    kish_effective_n,
    mapping_report,
    population_from_frame,
    read_mapping,
    read_population,
    respondent_table,
    weigh_answers,
    weighting_note,
)

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
AGES = ["10代", "20代", "30代", "40代", "50代", "60代", "70代", "80代以上"]


def _survey(n: int = 600, seed: int = 0) -> pd.DataFrame:
    """Respondents skewed to the old and to 山手, one row each, keyed r0, r1 ..."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "年代": rng.choice(AGES, n, p=[.04, .05, .1, .12, .15, .2, .24, .1]),
        "校区": rng.choice(["東校区", "西校区", "山手校区"], n, p=[.3, .2, .5]),
        "性別": rng.choice(["男性", "女性"], n, p=[.4, .6]),
    }, index=[f"r{i}" for i in range(n)])
    return frame


def _population_long() -> Population:
    rows = []
    bands = ["10～19歳", "20～29歳", "30～39歳", "40～49歳", "50～59歳", "60～69歳", "70歳以上"]
    for b, band in enumerate(bands):
        for d, district in enumerate(["東小学校区", "西小学校区", "山手小学校区"]):
            for sex in ("男", "女"):
                rows.append((district, band, sex, f"{(1000 + 100 * b) * (3 - d):,}"))
    frame = pd.DataFrame(rows, columns=["校区", "年齢", "性別", "人口"])
    return population_from_frame(frame, filename="pop.csv")


def _csv(frame: pd.DataFrame, encoding: str = "utf-8") -> bytes:
    return frame.to_csv(index=False, lineterminator="\r\n").encode(encoding)


# ---- labels and tables -------------------------------------------------------------------------

@pytest.mark.parametrize("label, expected", [
    ("20代", (20, 29)), ("20～29歳", (20, 29)), ("20-29", (20, 29)), ("만 20-29세", (20, 29)),
    ("70歳以上", (70, np.inf)), ("70대 이상", (70, np.inf)), ("10歳未満", (0, 9)), ("20代前半", (20, 24)),
    ("年代", None), ("男性", None),
])
def test_age_labels_read_as_ranges(label, expected):
    assert age_range(label) == (None if expected is None else (float(expected[0]), float(expected[1])))


def test_wide_and_long_layouts_read_the_same_counts():
    long_rows = [("東", a, n) for a, n in (("20～29歳", 120), ("30～39歳", 130))] + \
                [("西", a, n) for a, n in (("20～29歳", 220), ("30～39歳", 230))]
    long = read_population(_csv(pd.DataFrame(long_rows, columns=["地区", "年齢", "人口"])), "long.csv")
    wide = read_population(_csv(pd.DataFrame({"地区": ["東", "西", "合計"], "計": ["250", "450", "700"],
                                              "20～29歳": ["120", "220", "340"], "30～39歳": ["130", "230", "360"]})),
                           "wide.csv")
    assert long.sources[0]["layout"] == "long" and wide.sources[0]["layout"] == "wide"
    for attribute in ("地区",):
        pd.testing.assert_series_equal(long.margin(attribute), wide.margin(attribute))
    assert long.margin("年齢").to_dict() == wide.margin("age").to_dict() == {"20～29歳": 340.0, "30～39歳": 360.0}
    notes = {n["kind"] for n in wide.sources[0]["notes"]}
    assert {"total_column", "total_rows"} <= notes  # 計 and 合計 left out, and said so


def test_the_cp932_sample_table_reads_with_its_title_date_and_totals_left_out():
    population = read_population((SAMPLE / "population_ja.csv").read_bytes(), "population_ja.csv")
    info = population.sources[0]
    assert info["as_of"] == "2025-04-01"  # from 令和7年4月1日現在 in the title line
    assert population.attributes == ("校区", "年齢", "gender")
    assert set(population.categories("gender")) == {"男", "女"}
    assert "合計" not in population.categories("年齢")
    assert population.margin("校区").sum() == pytest.approx(119_498, abs=10)


def test_an_xlsx_table_with_a_title_row_reads_like_the_csv():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["令和7年1月1日現在 人口"])
    ws.append(["校区", "男", "女"])
    ws.append(["東", 100, 110])
    ws.append(["西", 200, 210])
    buffer = io.BytesIO()
    wb.save(buffer)
    population = read_population(buffer.getvalue(), "pop.xlsx")
    assert population.margin("gender").to_dict() == {"男": 300.0, "女": 320.0}
    assert population.sources[0]["as_of"] == "2025-01-01"


def test_a_count_that_is_not_a_number_is_an_error_naming_the_row():
    frame = pd.DataFrame({"校区": ["東", "西"], "人口": ["100", "百"]})
    with pytest.raises(InputError) as caught:
        read_population(_csv(frame), "bad.csv", count_column="人口")
    assert caught.value.row == 3 and caught.value.column == "人口"


def test_population_round_trips_through_json():
    population = _population_long()
    again = Population.from_json(population.to_json())
    pd.testing.assert_frame_equal(again.tables[0], population.tables[0])
    assert again.sources == population.sources


# ---- mapping ----------------------------------------------------------------------------------

def test_guessed_mapping_merges_age_groups_and_matches_district_suffixes_and_genders():
    survey = _survey()
    mapping = guess_mapping(survey, _population_long(), ["年代", "校区", "性別"])
    group = {(r.side, r.value): r.group for r in mapping.itertuples()}
    assert group[("survey", "70代")] == group[("survey", "80代以上")] == group[("population", "70歳以上")] == "70歳以上"
    assert group[("survey", "20代")] == group[("population", "20～29歳")]
    assert group[("survey", "山手校区")] == "山手小学校区"  # 山手校区 ~ 山手小学校区
    assert group[("survey", "男性")] == "男" and group[("survey", "女性")] == "女"


def test_korean_gender_words_match_japanese_ones():
    survey = pd.DataFrame({"성별": ["남", "여", "여"]}, index=["a", "b", "c"])
    population = population_from_frame(pd.DataFrame({"性別": ["男性", "女性"], "人口": ["10", "12"]}))
    mapping = guess_mapping(survey, population, ["성별"])
    assert dict(zip(mapping["value"], mapping["group"])) == {"남": "男性", "여": "女性", "男性": "男性", "女性": "女性"}


def test_mapping_round_trips_as_a_plain_table_and_edits_take_effect():
    survey = _survey()
    population = _population_long()
    mapping = guess_mapping(survey, population, ["年代"])
    edited = read_mapping(pd.read_csv(io.StringIO(mapping.to_csv(index=False)), dtype=str, keep_default_na=False))
    pd.testing.assert_frame_equal(edited.drop(columns="n"), mapping.drop(columns="n"))
    edited.loc[edited["value"] == "80代以上", "group"] = ""  # staff decide 80代以上 is not matched
    report = mapping_report(edited)
    assert "80代以上" in report["年代"]["unmatched_values"]


def test_a_mapping_file_written_with_the_formula_guard_reads_back_the_same_values():
    from listening.privacy import csv_bytes

    mapping = guess_mapping(_survey(), _population_long(), ["年代"])
    mapping.loc[mapping.index[0], "value"] = "-19歳"  # a value Excel would take for a formula
    mapping.loc[mapping.index[1], "group"] = "=1+1"
    written = csv_bytes(mapping).decode("utf-8-sig")
    assert "'-19歳" in written and "'=1+1" in written  # inert in Excel
    read_back = read_mapping(pd.read_csv(io.StringIO(written), dtype=str, keep_default_na=False))
    pd.testing.assert_frame_equal(read_back.drop(columns="n"), mapping.drop(columns="n"))


def test_a_survey_value_the_population_table_lacks_is_reported_not_dropped():
    survey = _survey().assign(性別=lambda f: np.where(np.arange(len(f)) % 10 == 0, "回答しない", f["性別"]))
    population = _population_long()
    weighting = compute_weights(survey, population, guess_mapping(survey, population, ["性別"]), ["性別"])
    unmatched = weighting.diagnostics["unmatched_values"]["性別"]
    assert unmatched == {"回答しない": 60.0}
    assert weighting.diagnostics["n_kept_at_1"] == 60  # the stated rule: weight 1, still counted
    assert (weighting.weights[survey["性別"] == "回答しない"] == 1.0).all()


def test_population_categories_outside_the_survey_are_listed():
    survey = _survey()
    frame = pd.DataFrame({"年齢": ["0～9歳", "10～19歳", "20～29歳", "30～39歳", "40～49歳", "50～59歳", "60～69歳",
                                  "70歳以上"], "人口": ["900"] + ["1000"] * 7})
    mapping = guess_mapping(survey, population_from_frame(frame), ["年代"])
    assert mapping_report(mapping)["年代"]["unmatched_categories"] == {"0～9歳": 900.0}


# ---- weights ----------------------------------------------------------------------------------

def test_raking_reproduces_every_margin():
    survey, population = _survey(), _population_long()
    by = ["年代", "校区", "性別"]
    weighting = compute_weights(survey, population, guess_mapping(survey, population, by), by, method="rake",
                                max_ratio=None)
    margins = weighting.margins
    assert np.allclose(margins["weighted_share"], margins["population_share"], atol=1e-6)
    assert not np.allclose(margins["sample_share"], margins["population_share"], atol=0.02)  # it was skewed
    assert weighting.diagnostics["method"] == "rake" and weighting.diagnostics["converged"]
    assert weighting.weights.mean() == pytest.approx(1.0)


def test_post_stratification_is_used_for_a_full_cross_table_and_fits_every_cell():
    survey, population = _survey(), _population_long()
    by = ["年代", "校区"]
    weighting = compute_weights(survey, population, guess_mapping(survey, population, by), by, max_ratio=None)
    assert weighting.diagnostics["method"] == "poststratify"
    groups = weighting.groups  # group names are the population's labels here
    cells = weighting.weights.groupby([groups["年代"], groups["校区"]]).sum() / weighting.weights.sum()
    cross = population.cross(["年齢", "校区"]).set_index(["年齢", "校区"])["count"]
    pd.testing.assert_series_equal(cells.sort_index(), (cross / cross.sum()).sort_index(), check_names=False,
                                   check_index_type=False, atol=1e-6)
    assert weighting.diagnostics["max_margin_error"] < 1e-6


def test_weights_are_positive_and_trimmed_as_set():
    survey, population = _survey(), _population_long()
    by = ["年代", "校区", "性別"]
    mapping = guess_mapping(survey, population, by)
    free = compute_weights(survey, population, mapping, by, max_ratio=None)
    capped = compute_weights(survey, population, mapping, by, max_ratio=2.0)
    assert free.weights.max() > 2.0  # the cap has something to do
    assert (capped.weights > 0).all()
    assert capped.weights.max() <= 2.0 * capped.weights.mean() + 1e-3
    assert capped.diagnostics["n_trimmed"] > 0


def test_missing_attributes_are_kept_at_weight_1_or_excluded_as_chosen():
    survey = _survey()
    survey.loc[survey.index[:7], "年代"] = np.nan
    population = _population_long()
    mapping = guess_mapping(survey, population, ["年代"])
    kept = compute_weights(survey, population, mapping, ["年代"], missing="keep")
    excluded = compute_weights(survey, population, mapping, ["年代"], missing="exclude")
    assert kept.weights.iloc[:7].eq(1.0).all() and kept.diagnostics["n_kept_at_1"] == 7
    assert excluded.weights.iloc[:7].isna().all() and excluded.diagnostics["n_excluded"] == 7
    assert kept.diagnostics["missing_by_attribute"] == {"年代": 7}


def test_kish_effective_n_and_design_effect():
    assert kish_effective_n([1, 1, 1, 1]) == pytest.approx(4.0)
    assert kish_effective_n([1, 3]) == pytest.approx(16 / 10)
    assert design_effect([1, 3]) == pytest.approx(2 / 1.6)


def test_every_answer_of_a_respondent_carries_the_same_weight_and_notes_carry_none():
    survey = _survey(200)
    answers = pd.concat([survey.reset_index(names="respondent_id").assign(question="問1"),
                         survey.reset_index(names="respondent_id").assign(question="問2")], ignore_index=True)
    answers["batch_id"] = 1
    note = pd.DataFrame({"respondent_id": [None], "question": ["hearing"], "batch_id": [2], "年代": [None],
                         "校区": ["東校区"], "性別": [None]})
    answers = pd.concat([answers, note], ignore_index=True)
    weighting = weigh_answers(answers, _population_long(), ["年代", "校区"])
    w = weighting.answer_weights
    per_respondent = w.groupby(answers["respondent_id"]).nunique()
    assert (per_respondent == 1).all()
    assert np.isnan(w.iloc[-1]) and weighting.diagnostics["n_answers_without_respondent"] == 1
    assert len(respondent_table(answers, ["年代"])) == 200
    assert answer_weights(answers, weighting.weights).equals(w)


def test_the_same_respondent_id_in_two_batches_is_two_respondents():
    answers = pd.DataFrame({"respondent_id": ["R1", "R1"], "batch_id": [1, 2], "年代": ["20代", "70代"]})
    assert len(respondent_table(answers, ["年代"])) == 2


def test_the_public_method_note_holds_no_respondent_key_and_hides_small_groups():
    survey = _survey()
    survey.loc[survey["年代"] == "10代", "年代"] = "20代"
    survey.loc[survey.index[:3], "年代"] = "10代"  # three teenagers: a small cell of people
    population = _population_long()
    weighting = compute_weights(survey, population, guess_mapping(survey, population, ["年代"]), ["年代"])
    public = weighting_note(weighting, public=True)
    internal = weighting_note(weighting)
    assert "respondent" in internal["largest_weights"][0]
    assert all(isinstance(w, float) for w in public["largest_weights"])
    rows = {m["group"]: m for m in public["margins"]}
    assert rows["10～19歳"]["respondents"] == "<5" and rows["10～19歳"]["sample_share"] is None
    hidden = [m for m in public["margins"] if m["respondents"] in ("<5", "x")]
    assert len(hidden) >= 2  # with a partner (x): the total minus the others would give it back
    assert all(m["sample_share"] is None for m in hidden)
    assert all(m["weighted_share"] is not None for m in public["margins"])


def test_public_weighted_shares_are_hidden_wherever_the_count_beside_them_is_marked():
    from listening.export import MARKS, SECONDARY, ExportOptions, build_export, with_weighting
    from tests.unit.test_export_build import make_analysis

    analysis = make_analysis()
    population = population_from_frame(pd.DataFrame({"地区": ["東区", "西区", "北区", "南区"],
                                                     "人口": ["5000", "4000", "3000", "2000"]}))
    weighting = weigh_answers(analysis.answers, population, ["地区"])
    data = with_weighting(build_export(analysis, ExportOptions(audience="public", crosstabs=("地区", "年代"))),
                          analysis, weighting)
    seen_partner = False
    for attribute, counts in data.crosstabs.items():
        marked = np.isin(counts.to_numpy(), MARKS)
        seen_partner |= (counts.to_numpy() == SECONDARY).any()
        shares = data.weighted["crosstabs"][attribute].to_numpy()
        assert all(v is None for v in shares[marked])  # an x partner's share would give its <5 back
        assert all(v is not None for v in shares[~marked & (counts.to_numpy() != 0)])
    assert seen_partner
    assert "filename" not in json.dumps(data.meta["weighting"]["sources"])  # no file names for the public


def test_a_release_records_the_counts_of_people_the_weighting_note_prints():
    import dataclasses

    from listening.export import ExportOptions, build_export, release_cells, release_differences, with_weighting
    from tests.unit.test_export_build import make_analysis

    population = population_from_frame(pd.DataFrame({"地区": ["東区", "西区", "北区", "南区"],
                                                     "人口": ["5000", "4000", "3000", "2000"]}))
    options = ExportOptions(audience="public", crosstabs=("地区",))

    def release(analysis):
        data = build_export(analysis, options)
        return release_cells(with_weighting(data, analysis, weigh_answers(analysis.answers, population, ["地区"])))

    analysis = make_analysis()
    first = release(analysis)
    assert first["weighting: n_respondents"] == analysis.answers["respondent_id"].nunique()
    assert first["weighting: 地区 = 東区"] == analysis.answers.loc[analysis.answers["地区"] == "東区",
                                                                 "respondent_id"].nunique()
    answers = analysis.answers
    person = answers.loc[answers["地区"] == "東区", "respondent_id"].iat[0]  # one resident of 東区 withdraws
    one_less = dataclasses.replace(analysis, answers=answers[answers["respondent_id"] != person].reset_index(drop=True))
    earlier = [{"id": 1, "created_at": "2026-05-01T09:00:00+00:00", "cells": first}]
    changed = {d.cell for d in release_differences(release(one_less), earlier)}
    assert {"weighting: 地区 = 東区", "weighting: n_respondents"} <= changed  # staff are warned of both


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_the_workbook_carries_the_weighted_shares_and_the_weighting_note(tmp_path, audience):
    import openpyxl

    from listening.export import MARKS, ExportOptions, build_export, with_weighting
    from listening.export.xlsx import write_xlsx
    from tests.unit.test_export_build import make_analysis

    analysis = make_analysis()
    population = population_from_frame(pd.DataFrame({"地区": ["東区", "西区", "北区", "南区"],
                                                     "人口": ["5000", "4000", "3000", "2000"]}))
    data = with_weighting(build_export(analysis, ExportOptions(audience=audience, crosstabs=("地区",))),
                          analysis, weigh_answers(analysis.answers, population, ["地区"]))
    book = openpyxl.load_workbook(write_xlsx(data, tmp_path / "summary.xlsx"))
    summary = [[c for c in row] for row in book["概要"].iter_rows(values_only=True)]
    assert any(row[0] == "重み付け" and "地区" in str(row[1]) for row in summary)  # margins, source, method
    header = next(i for i, row in enumerate(summary) if "重み付けした割合" in row)
    col = summary[header].index("重み付けした割合")
    size, share = summary[header].index("件数"), summary[header].index("割合")
    themes = summary[header + 1:]
    expected = dict(zip(data.weighted["themes"]["theme_id"], data.weighted["themes"]["weighted_share"]))
    for row in themes:
        assert row[col] == (None if expected[row[0]] is None else pytest.approx(expected[row[0]]))
        assert row[share] is None or isinstance(row[share], float)
        if audience == "public" and row[size] in MARKS:
            assert row[col] is None  # a hidden size keeps its weighted share hidden too
    assert sum(r[col] for r in themes if r[col] is not None) == pytest.approx(1.0) or audience == "public"
    sheet = [list(r) for r in book["クロス集計_地区"].iter_rows(values_only=True)]
    start = next(i for i, row in enumerate(sheet) if row[0] and "重み付けした割合" in str(row[0]))
    counts, weighted = sheet[1:start - 1], sheet[start + 2:]
    assert len(counts) == len(weighted)
    for c_row, w_row in zip(counts, weighted):
        for count, share in zip(c_row[1:], w_row[1:]):
            if count in MARKS:
                assert share is None  # weights never reveal a hidden cell
            elif share is not None:
                assert 0.0 <= share <= 1.0
    assert all(v == pytest.approx(1.0) for v in weighted[-1][1:] if v is not None)  # column totals: 100 %
