"""A curated analysis and the staff's response edits -> the response table of a dataset.

Rows, counts and opinion numbers are derived from the analysis every time; only what staff wrote
is stored (listening.store's response log). So a move, merge or split in curation, a new batch or
a matched re-analysis changes the rows at once, and a response whose row changed is flagged for
another look instead of being dropped or silently republished.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re

import pandas as pd

from listening.analysis import Analysis
from listening.store import TABLE_KEY
from listening.waves import duplicate_keys

from .model import DEFAULT_DISPOSITIONS, EDITABLE, Orphan, ResponseRow, ResponseTable

# Reasons the waves page gives when staff count duplicates once (its "重複" in each UI language).
DUPLICATE_REASONS = frozenset({"重複", "중복", "duplicate"})
# Fields whose edits vouch for the row's answers at the time: a later change of the answers flags them.
_VOUCHING = ("response", "disposition", "status")
_PREFILL = {
    "ja": "「{quote}」など、{name}に関する意見",
    "ko": "「{quote}」 등 {name}에 관한 의견",
    "en": "\u201c{quote}\u201d and other opinions on {name}",
}
_QUOTE_CHARS = 80
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s")


def table_language(analysis: Analysis) -> str:
    """ja or ko when most answers are in it, else en (the words of the published table)."""
    counts = analysis.answers["language"].value_counts()
    top = str(counts.index[0]) if len(counts) else "other"
    return top if top in ("ja", "ko") else "en"


def row_key(topic: int) -> str:
    return f"T{int(topic)}"


def build_table(analysis: Analysis, edits: pd.DataFrame, language: str | None = None) -> ResponseTable:
    """The response table of ``analysis`` (curated) with the active ``edits`` of its dataset applied."""
    lang = language or table_language(analysis)
    answers = analysis.answers
    excluded = analysis.excluded if analysis.excluded is not None else pd.DataFrame(
        columns=["answer_id", "text", "pk", "respondent_id", "topic", "reason"])
    opinions = _opinions(answers, excluded)
    numbers = dict(zip(opinions["answer_id"], opinions["number"]))
    same = _counted_once(answers, excluded)
    clusters = analysis.clusters
    topics = clusters[clusters["level"] == "topic"]
    themes = {int(r["cluster_id"]): r for r in clusters[clusters["level"] == "theme"].to_dict("records")}
    current = _latest(edits)
    settings = current.get(TABLE_KEY, {})

    # Positions of each topic's answers and its duplicates, found once (not one scan per topic).
    members_at = pd.Series(range(len(answers))).groupby(answers["topic"].to_numpy()).indices
    same_at = pd.Series(range(len(same))).groupby(same["topic"].astype(int).to_numpy()).indices
    answer_ids = answers["answer_id"].astype(str).to_numpy()
    texts = answers[["answer_id", "text"]]
    same_ids = same["answer_id"].astype(str).to_numpy()
    people = _person(answers).groupby(answers["topic"].to_numpy()).nunique()
    rows, row_of = [], {}
    for topic in topics.to_dict("records"):
        tid = int(topic["cluster_id"])
        at = members_at.get(tid, [])
        members = texts.iloc[at]
        duplicates = same_ids[same_at.get(tid, [])]
        ids = tuple(sorted([*answer_ids[at], *duplicates], key=numbers.__getitem__))
        key = row_key(tid)
        for a in ids:
            row_of[a] = key
        values = current.get(key, {})
        theme = themes.get(int(topic["parent"])) if pd.notna(topic["parent"]) else None
        rows.append(ResponseRow(
            key=key, number=0, theme=int(topic["parent"]) if pd.notna(topic["parent"]) else -1, topic=tid,
            item=_name(theme) if theme is not None else "", prefill=_prefill(topic, members, lang),
            count=int(people.get(tid, 0)), n_same=len(duplicates), answer_ids=ids,
            answer_numbers=tuple(numbers[a] for a in ids),
            **{f: values[f][0] for f in EDITABLE if f in values},
            changed=_changed(values, _digest(ids)),
            edited_by=max(values.values(), key=lambda v: v[4])[1] if values else "",
            edited_at=max(values.values(), key=lambda v: v[4])[2] if values else "",
        ))
    rows = _ordered(rows, themes, json.loads(settings["order"][0]) if "order" in settings else [])
    opinions["row"] = opinions["answer_id"].map(row_of).fillna("")
    known = {r.key for r in rows}
    # Text written for rows the analysis no longer has (emptied ones were attached elsewhere).
    orphans = tuple(Orphan(k, {f: v[0] for f, v in fields.items()}, *max(fields.values(), key=lambda v: v[4])[1:3])
                    for k, fields in current.items()
                    if k != TABLE_KEY and k not in known and any(v[0] for f, v in fields.items() if f != "status"))
    dispositions = (tuple(json.loads(settings["dispositions"][0])) if "dispositions" in settings
                    else DEFAULT_DISPOSITIONS[lang])
    respondents = pd.concat([_person(answers), _person(excluded)]) if len(excluded) else _person(answers)
    return ResponseTable(
        dataset_id=analysis.dataset_id, run_id=analysis.run_id, language=lang, rows=tuple(rows),
        opinions=opinions, dispositions=dispositions, orphans=orphans,
        n_respondents=int(respondents.nunique()), title=settings.get("title", ("",))[0],
    )


def row_digest(row: ResponseRow) -> str:
    """What a response vouches for: the row's answers when it was written."""
    return _digest(row.answer_ids)


# -- pieces --------------------------------------------------------------------------------------

def _opinions(answers: pd.DataFrame, excluded: pd.DataFrame) -> pd.DataFrame:
    """Every opinion received, kept or excluded, numbered 1.. in the order it was stored."""
    kept = pd.DataFrame({"pk": answers["pk"].astype("int64"), "answer_id": answers["answer_id"].astype(str),
                         "text": answers["text"].astype(str), "excluded": False, "reason": ""})
    out = pd.DataFrame({"pk": excluded["pk"].astype("int64"), "answer_id": excluded["answer_id"].astype(str),
                        "text": excluded["text"].astype(str), "excluded": True,
                        "reason": excluded["reason"].astype(str)})
    frame = pd.concat([kept, out] if len(out) else [kept], ignore_index=True).sort_values("pk", kind="stable")
    frame.insert(0, "number", range(1, len(frame) + 1))
    return frame.drop(columns="pk").reset_index(drop=True)


def _counted_once(answers: pd.DataFrame, excluded: pd.DataFrame) -> pd.DataFrame:
    """Excluded answers that repeat an answer of their topic: shown as ほか同趣旨 N件, never dropped.

    A duplicate is one staff counted once on the waves page, or one whose text is the same as a
    kept answer of its topic (after NFKC, case and punctuation folding).
    """
    if excluded.empty:
        return excluded.assign(topic=pd.Series(dtype="int64"))
    kept_keys = set(zip(answers["topic"].astype(int), duplicate_keys(answers["text"].astype(str).tolist())))
    keys = duplicate_keys(excluded["text"].astype(str).tolist())
    mask = [reason in DUPLICATE_REASONS or (int(topic), key) in kept_keys
            for reason, topic, key in zip(excluded["reason"].astype(str), excluded["topic"], keys)]
    return excluded[pd.Series(mask, index=excluded.index, dtype=bool)]


def _person(frame: pd.DataFrame) -> pd.Series:
    """Who answered: the respondent id, or the answer itself when the file had no id column."""
    ids = frame["respondent_id"].astype(object)
    return ids.where(ids.notna() & (ids.astype(str) != ""), frame["answer_id"]).astype(str)


def _name(cluster: dict) -> str:
    """A staff rename wins; then the group's name in words (when the analysis has one); then the label."""
    if cluster.get("renamed"):
        return str(cluster["label"])
    name = cluster.get("name")
    return str(name) if isinstance(name, str) and name.strip() else str(cluster.get("label", ""))


def _prefill(topic: dict, members: pd.DataFrame, lang: str) -> str:
    """The group's name and its most telling sentence: a start staff edit into a summary.

    The group's own summary sentence when the analysis has one; else, among the sentences of its
    representative answers, the one holding most of its keywords (an opening such as "70代です。"
    holds none), short enough to quote.
    """
    quote = topic.get("summary") if isinstance(topic.get("summary"), str) else ""
    if not quote:
        texts = dict(zip(members["answer_id"].astype(str), members["text"].astype(str)))
        chosen = [texts[a] for a in topic.get("representatives") or [] if a in texts]
        chosen = chosen or members["text"].astype(str).head(5).tolist()
        keywords = [k for k in (topic.get("keywords") or []) if isinstance(k, str)]
        sentences = [s.strip() for text in chosen for s in _SENTENCE_END.split(text) if s.strip()]
        quote = max(sentences, key=lambda s: (sum(k in s for k in keywords), -len(s)), default="")
    quote = quote if len(quote) <= _QUOTE_CHARS else quote[: _QUOTE_CHARS - 1] + "…"
    return _PREFILL[lang].format(quote=quote, name=_name(topic)) if quote else _name(topic)


def _latest(edits: pd.DataFrame) -> dict[str, dict[str, tuple[str, str, str, str | None, int]]]:
    """{row_key: {field: (value, user, created_at, digest, edit id)}} from the active edits, last one
    winning. "Latest" is by edit id: two edits within one second share their created_at."""
    current: dict = {}
    for e in edits.sort_values("id").itertuples(index=False):
        current.setdefault(str(e.row_key), {})[str(e.field)] = (
            str(e.value), str(e.user), str(e.created_at), None if pd.isna(e.digest) else str(e.digest), int(e.id))
    return current


def _digest(answer_ids) -> str:
    return hashlib.sha256("\n".join(sorted(answer_ids)).encode("utf-8")).hexdigest()[:16]


def _changed(values: dict, digest: str) -> bool:
    vouched = [values[f] for f in _VOUCHING if f in values and values[f][3] is not None]
    if not vouched:
        return False
    latest = max(vouched, key=lambda v: v[4])
    return latest[3] != digest


def _ordered(rows: list[ResponseRow], themes: dict, order: list[str]) -> list[ResponseRow]:
    """Staff order first; rows it does not name follow by theme size, then topic size."""
    theme_rank = {tid: rank for rank, tid in enumerate(
        sorted(themes, key=lambda t: (-int(themes[t]["size"]), t)))}
    default = sorted(rows, key=lambda r: (theme_rank.get(r.theme, len(theme_rank)), -(r.count + r.n_same), r.topic))
    position = {k: i for i, k in enumerate(order)}
    ranked = sorted(default, key=lambda r: (0, position[r.key]) if r.key in position else (1, 0))
    return [dataclasses.replace(r, number=i) for i, r in enumerate(ranked, start=1)]
