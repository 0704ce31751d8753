"""An analysis -> the one ``ExportData`` every export file renders.

Public exports are protected here and nowhere else: every count the export prints
(theme and topic sizes, crosstabs) goes through one disclosure check (protect.py:
counts of fewer than ``min_cell`` people marked "<5", the counts that would give
them away "x"); answer attributes are withheld where their crosstab cell is hidden
and k-anonymised; answers get fresh sequential ids and no respondent id; the
method note keeps no file names and no technical settings.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath

import numpy as np
import pandas as pd

from listening.analysis import Analysis, BatchInput
from listening.i18n import t
from listening.privacy import TOTAL, k_anonymize
from listening.types import InputError
from listening.views import crosstab, map_points

from .briefing import export_briefing
from .goals import goal_section
from .model import MARKS, ExportData, ExportOptions
from .protect import protect_release

# Attribute names that hold the answer date (matched inside the name, case-insensitive).
_DATE_NAMES = ("date", "日付", "回答日", "日時", "날짜", "일자", "응답일", "timestamp", "タイムスタンプ")
_DATE_RE = re.compile(r"(\d{4})\s*[年년./-]\s*(\d{1,2})\s*[月월./-]\s*(\d{1,2})")
ANSWER_COLUMNS = ("answer_id", "theme_id", "theme_label", "topic_id", "topic_label", "question", "source", "text")


def build_export(analysis: Analysis, options: ExportOptions = ExportOptions(),
                 masking: dict | None = None, goals: pd.DataFrame | None = None,
                 batches: pd.DataFrame | None = None, weighting=None) -> ExportData:
    """Counts, labels, texts and the method note of one export (see ``ExportData``).

    ``analysis.answers["text"]`` must already be masked; ``masking`` only reports
    how many personal-data items were masked, by kind. ``goals``: goal coverage of the
    analysed answers (goals_service.export_coverage), published if ``options.include_goals``;
    ``batches`` (id, name, collected_on) give an internal briefing its latest-wave section.
    The committee briefing (``ExportData.briefing``) is built from the same checked counts,
    weighted to the population with ``weighting`` (the rest of the weighted figures are added
    by ``with_weighting``).
    """
    answers = analysis.answers.reset_index(drop=True)
    _check_options(answers, options)
    person = _people(answers)
    lang, public = options.language, options.audience == "public"
    theme_ids, topic_ids, topic_theme = _cluster_ids(analysis)
    themes = _clusters_by_id(analysis.clusters, "theme")
    topics = _clusters_by_id(analysis.clusters, "topic")
    theme_label = _labels(answers, themes, "theme", theme_ids)
    topic_label = _labels(answers, topics, "topic", topic_ids)
    n = len(answers)
    theme_size = answers["theme"].value_counts().reindex(theme_ids, fill_value=0)
    topic_size = answers["topic"].value_counts().reindex(topic_ids, fill_value=0)
    counts = {a: _crosstab_counts(answers, a, theme_ids, lang, person) for a in options.crosstabs}

    hidden_cells: dict[str, set] = {}
    protected = None
    if public:
        chosen = set(topic_ids) if options.topics is None else set(options.topics)
        protected = protect_release(answers, person, theme_size, topic_size, topic_theme, counts, chosen,
                                    options.min_cell)
        theme_shown, topic_shown, tables = protected.theme_shown, protected.topic_shown, protected.tables
        hidden_cells = protected.hidden_cells
    else:
        theme_shown = {i: int(v) for i, v in theme_size.items()}
        topic_shown = {i: int(v) for i, v in topic_size.items()}
        tables = {a: _with_totals(c) for a, (c, _) in counts.items()}

    theme_order = _display_order(theme_ids, theme_shown)
    topic_order = _display_order(topic_ids, topic_shown)
    row_names = _unique_labels(theme_order, theme_label)
    crosstabs = {a: _relabel(tab, theme_order, row_names, a) for a, tab in tables.items()}
    published = _published_topics(topic_order, topic_theme, theme_order, options.topics)

    theme_frame = pd.DataFrame({
        "theme_id": theme_order,
        "label": [theme_label[i] for i in theme_order],
        "keywords": [" / ".join(map(str, _listed(themes.get(i), "keywords"))) for i in theme_order],
        "size": pd.Series([theme_shown[i] for i in theme_order], dtype=object if public else "int64"),
        "share": pd.Series([_share(theme_shown[i], n) for i in theme_order], dtype=object if public else float),
        "n_topics": [sum(topic_theme[j] == i for j in topic_ids) for i in theme_order],
    })
    texts = dict(zip(answers["answer_id"].astype(str), answers["text"].astype(str)))
    topic_frame = pd.DataFrame({
        "topic_id": published,
        "theme_id": [topic_theme[j] for j in published],
        "theme_label": [theme_label[topic_theme[j]] for j in published],
        "label": [topic_label[j] for j in published],
        "keywords": [" / ".join(map(str, _listed(topics.get(j), "keywords"))) for j in published],
        "size": pd.Series([topic_shown[j] for j in published], dtype=object if public else "int64"),
        "share": pd.Series([_share(topic_shown[j], n) for j in published], dtype=object if public else float),
        "representatives": [[texts[str(a)] for a in _listed(topics.get(j), "representatives") if str(a) in texts]
                            [:options.n_representatives] for j in published],
    }, columns=["topic_id", "theme_id", "theme_label", "label", "keywords", "size", "share", "representatives"])

    rows = _published_rows(answers, published)
    answer_frame = _answer_frame(answers.loc[rows], person.loc[rows], theme_label, topic_label, options, hidden_cells)
    points = _map_frame(answers.loc[rows], theme_label, options.max_map_points,
                        int(analysis.info.settings.random_state or 0))
    meta = _meta(analysis, options, masking, answer_frame, len(theme_ids), len(topic_ids), len(published))
    goal_frame = goal_section(goals, options)
    briefing = export_briefing(analysis, options, published, protected, goals, goal_frame, batches,
                               title=meta["title"], dataset=meta["dataset"],
                               weighting=weighting) if options.briefing else None
    return ExportData(options=options, meta=meta, themes=theme_frame, topics=topic_frame, crosstabs=crosstabs,
                      answers=answer_frame, map_points=points, goals=goal_frame, briefing=briefing)


def _check_options(answers: pd.DataFrame, options: ExportOptions) -> None:
    if options.min_cell < 1:
        raise InputError("min_cell must be at least 1.")
    # Crosstabs may also count questions or sources; printed attributes must not repeat a column.
    internal = ("answer_id", "respondent_id", "text", "theme", "topic", "theme_label", "topic_label")
    dates = (options.date_attribute,) if options.date_attribute else ()
    for name in (*options.crosstabs, *options.answer_attributes, *dates):
        if name not in answers.columns or name in internal or (
                name in ANSWER_COLUMNS and name in options.answer_attributes):
            raise InputError(f"unknown attribute '{name}' for the export.", column=str(name))
    if options.topics is not None:
        unknown = sorted(set(options.topics) - set(answers["topic"].astype(int)))
        if unknown:
            raise InputError(f"no topic with id {', '.join(map(str, unknown))} in this analysis.")


def _people(answers: pd.DataFrame) -> pd.Series:
    """Who wrote each answer: the respondent id, or the answer itself where there is none."""
    ids = answers["answer_id"].astype(str)
    if "respondent_id" not in answers.columns:
        return ids
    who = answers["respondent_id"].astype(object)
    return who.where(who.notna(), "answer:" + ids).astype(str)


def _cluster_ids(analysis: Analysis) -> tuple[list[int], list[int], dict[int, int]]:
    """Theme and topic ids that hold answers, and the theme of each topic."""
    answers = analysis.answers
    theme_ids = sorted(int(i) for i in answers["theme"].unique())
    topic_ids = sorted(int(i) for i in answers["topic"].unique())
    parent = {}
    rows = analysis.clusters[analysis.clusters["level"] == "topic"]
    for cid, p in zip(rows["cluster_id"], rows["parent"]):
        if not pd.isna(p):
            parent[int(cid)] = int(p)
    first = answers.groupby("topic", sort=False)["theme"].first()
    topic_theme = {j: parent.get(j, int(first[j])) for j in topic_ids}
    # A topic whose parent lost all its answers is shown under the theme its answers are in.
    topic_theme = {j: (p if p in theme_ids else int(first[j])) for j, p in topic_theme.items()}
    return theme_ids, topic_ids, topic_theme


def _clusters_by_id(clusters: pd.DataFrame, level: str) -> dict[int, dict]:
    rows = clusters[clusters["level"] == level]
    return {int(r["cluster_id"]): r for r in rows.to_dict("records")}


def _labels(answers: pd.DataFrame, rows: dict[int, dict], level: str, ids: list[int]) -> dict[int, str]:
    """Each group's name in words (a staff rename where there is one: listening.analysis.naming),
    else its stored label; the keywords are printed beside it."""
    column = f"{level}_label"
    seen = answers.groupby(level)[column].first().to_dict() if column in answers.columns else {}

    def name(i: int) -> str | None:
        value = rows.get(i, {}).get("name")
        return value if isinstance(value, str) and value.strip() else None

    return {i: str(name(i) or rows.get(i, {}).get("label") or seen.get(i) or f"{level} {i}") for i in ids}


def _listed(row: dict | None, key: str) -> list:
    """A list-valued cluster field (keywords, representatives); a stored string is split on spaces."""
    value = (row or {}).get(key)
    if value is None or isinstance(value, float):
        return []
    return value.split() if isinstance(value, str) else list(value)


def _share(size, n: int) -> float | None:
    return None if isinstance(size, str) and size in MARKS or not n else float(size) / n


def _attribute_text(series: pd.Series, missing: str) -> pd.Series:
    text = series.astype(object).map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))
    return text.where(text.str.strip() != "", missing)


def _crosstab_counts(answers, attribute, theme_ids, lang, person) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Answers and distinct people per (theme, value); people also per margin (TOTAL row/column)."""
    missing = t(lang, "export.missing")
    frame = pd.DataFrame({"theme": answers["theme"].astype(int), "value": _attribute_text(answers[attribute], missing),
                          "who": person.to_numpy()})
    counts = crosstab(frame, "theme", "value", missing_label=missing).counts.reindex(index=theme_ids, fill_value=0)
    unique = frame.drop_duplicates()
    people = crosstab(unique, "theme", "value", missing_label=missing).counts
    people = people.reindex(index=counts.index, columns=counts.columns, fill_value=0)
    people[TOTAL] = frame.groupby("theme")["who"].nunique().reindex(counts.index, fill_value=0)
    margin = frame.groupby("value")["who"].nunique().reindex(counts.columns, fill_value=0)
    people.loc[TOTAL] = [*margin.tolist(), frame["who"].nunique()]
    counts.index.name, counts.columns.name = "theme", attribute
    return counts, people


def _with_totals(counts: pd.DataFrame) -> pd.DataFrame:
    out = counts.copy()
    out[TOTAL] = out.sum(axis=1)
    out.loc[TOTAL] = out.sum(axis=0)
    return out.astype("int64")


def _display_order(ids: list[int], shown: dict) -> list[int]:
    # Largest first; hidden sizes last, by id, so their order says nothing about their size.
    return sorted(ids, key=lambda i: (1, 0, i) if isinstance(shown[i], str) else (0, -int(shown[i]), i))


def _unique_labels(order: list[int], labels: dict[int, str]) -> dict[int, str]:
    seen = pd.Series([labels[i] for i in order]).value_counts()
    return {i: labels[i] if seen[labels[i]] == 1 else f"{labels[i]} ({i})" for i in order}


def _relabel(table: pd.DataFrame, order: list[int], names: dict[int, str], attribute: str) -> pd.DataFrame:
    rows = [*order, TOTAL]
    out = table.loc[[r for r in rows if r in table.index or r == TOTAL]].copy()
    out.index = pd.Index([names.get(r, r) if r != TOTAL else TOTAL for r in out.index], name="theme", dtype=object)
    out.columns = pd.Index(list(out.columns), name=attribute, dtype=object)
    return out


def _published_topics(topic_order, topic_theme, theme_order, chosen) -> list[int]:
    rank = {i: k for k, i in enumerate(theme_order)}
    keep = [j for j in topic_order if chosen is None or j in set(chosen)]
    return sorted(keep, key=lambda j: rank[topic_theme[j]])  # stable: size order within a theme


def _published_rows(answers: pd.DataFrame, published: list[int]) -> pd.Index:
    """Rows of the published topics, topic by topic in their order, then in import order."""
    rank = {j: k for k, j in enumerate(published)}
    position = np.array([rank.get(int(j), -1) for j in answers["topic"]], dtype=np.int64)
    inside = np.flatnonzero(position >= 0)
    return answers.index[inside[np.argsort(position[inside], kind="stable")]]


def _answer_frame(rows: pd.DataFrame, person: pd.Series, theme_label, topic_label, options,
                  hidden_cells: dict[str, set] | None = None) -> pd.DataFrame:
    public = options.audience == "public"
    ids = ([f"A{k:0{max(5, len(str(len(rows))))}d}" for k in range(1, len(rows) + 1)] if public
           else rows["answer_id"].astype(str).tolist())
    frame = pd.DataFrame({
        "answer_id": ids,
        "theme_id": rows["theme"].astype("int64").to_numpy(),
        "theme_label": [theme_label[int(i)] for i in rows["theme"]],
        "topic_id": rows["topic"].astype("int64").to_numpy(),
        "topic_label": [topic_label[int(j)] for j in rows["topic"]],
        "question": rows["question"].astype(object).to_numpy() if "question" in rows else None,
        "source": rows["source"].astype(object).to_numpy() if "source" in rows else None,
        "text": rows["text"].astype(str).to_numpy(),
    }, columns=list(ANSWER_COLUMNS))
    for name in options.answer_attributes:
        values = rows[name].astype(object)
        frame[name] = values.where(values.notna(), None).to_numpy()
    if public and options.answer_attributes:
        # A value printed beside an answer whose crosstab cell is hidden would count that cell.
        missing = t(options.language, "missing")
        withhold = np.zeros(len(frame), dtype=bool)
        themes = rows["theme"].astype(int).to_numpy()
        for name in options.answer_attributes:
            cells = (hidden_cells or {}).get(name, set())
            if cells:
                text = _attribute_text(rows[name], missing).to_numpy()
                withhold |= np.array([(i, v) in cells for i, v in zip(themes, text)], dtype=bool)
        frame = k_anonymize(frame, options.answer_attributes, k=options.min_cell,
                            person=pd.Series(person.to_numpy(), index=frame.index),
                            withheld=t(options.language, "withheld"), context=("topic_id",), withhold=withhold)
    return frame


def _map_frame(rows: pd.DataFrame, theme_label, max_points: int, random_state: int) -> pd.DataFrame:
    columns = ["x", "y", "theme_id", "theme_label"]
    if not {"x", "y"} <= set(rows.columns) or rows.empty:
        return pd.DataFrame(columns=columns)
    points, _ = map_points(rows, max_points=max_points, random_state=random_state)
    if len(points) > max_points:  # map_points keeps up to 20 per topic even past the cap
        keep = np.random.default_rng(random_state).choice(len(points), size=max_points, replace=False)
        points = points.iloc[np.sort(keep)]
    return pd.DataFrame({
        "x": points["x"].astype(float).to_numpy(), "y": points["y"].astype(float).to_numpy(),
        "theme_id": points["theme"].astype("int64").to_numpy(),
        "theme_label": [theme_label[int(i)] for i in points["theme"]],
    }, columns=columns)


def _meta(analysis: Analysis, options: ExportOptions, masking, answer_frame, n_themes, n_topics, n_published) -> dict:
    info = analysis.info
    counts = info.answers
    excluded = len(analysis.excluded) if analysis.excluded is not None else int(counts.excluded or 0)
    inputs = info.inputs
    public = options.audience == "public"
    period, period_source = collection_period(analysis.answers, analysis.attributes, options)
    # Residents get no file names (a dataset named after its file included) and no technical settings.
    dataset = info.dataset
    if public and dataset is not None and _is_file_name(str(dataset), inputs):
        dataset = None
    source_keys = ("kind", "encoding", "answers_in", "kept", "dropped") if public else \
        ("file", "kind", "encoding", "answers_in", "kept", "dropped", "imported_at")
    meta = {
        "title": options.title or dataset or ("" if not public else t(options.language, "title.default")),
        "dataset": dataset,
        "audience": options.audience,
        "language": options.language,
        "min_cell": options.min_cell,
        "created_at": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
        "run_created_at": info.created_at,
        "period": period,
        "period_source": period_source,
        "model": info.model,
        "n_themes": n_themes,
        "n_topics": n_topics,
        "sources": [{k: getattr(i, k) for k in source_keys} for i in inputs],
        "answers": {
            "in": counts.n_in, "kept": counts.kept, "dropped": counts.dropped,
            "dropped_by_reason": {str(k): int(v) for k, v in (counts.dropped_by_reason or {}).items()},
            "analysed": int(len(analysis.answers)), "excluded": int(excluded),
            "published": int(len(answer_frame)),
        },
        "masking": {str(k): int(v) for k, v in (masking or {}).items()},
        "topics_published": n_published,
        "topics_total": n_topics,
    }
    if not public:
        meta |= {"fingerprint": info.fingerprint, "input_hash": info.input_hash,
                 "settings": info.settings.as_record()}
    return meta


def _is_file_name(name: str, inputs: Sequence[BatchInput]) -> bool:
    files = {str(i.file or "") for i in inputs} - {""}
    return name in files or name in {PurePath(f).stem for f in files}


def collection_period(answers: pd.DataFrame, attributes, options: ExportOptions) -> tuple[str | None, str | None]:
    """(period, where it comes from): "YYYY-MM-DD – YYYY-MM-DD" from the answers' date attribute
    ("data"; ``options.date_attribute``, else an attribute named like a date, when most of its
    values read as dates), else what the staff wrote (``options.period``, "staff"), else
    (None, None): unknown. Never the date the files were imported."""
    names = [options.date_attribute] if options.date_attribute else \
        [a for a in attributes if any(w in str(a).casefold() for w in _DATE_NAMES)]
    for name in names:
        if name not in answers.columns:
            continue
        values = answers[name].dropna().astype(str)
        days = [d for d in map(_read_date, values) if d is not None]
        if days and len(days) >= 0.8 * len(values):
            return f"{min(days)} – {max(days)}", "data"
    if options.period and options.period.strip():
        return options.period.strip(), "staff"
    return None, None


def _read_date(text: str) -> str | None:
    m = _DATE_RE.search(text)
    if m is None:
        return None
    try:
        return pd.Timestamp(int(m[1]), int(m[2]), int(m[3])).strftime("%Y-%m-%d")
    except ValueError:
        return None
