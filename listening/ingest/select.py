"""Turn a RawTable into candidate answers, accounting for every one that is dropped."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import pandas as pd

from listening.text import detect_languages, is_no_content, normalize_text
from listening.types import (
    DROP_DUPLICATE_ROW,
    DROP_EMPTY,
    DROP_NO_CONTENT,
    DROP_TOO_LONG,
    DROP_TOO_SHORT,
    Answers,
    InputError,
    RawTable,
)

from .notes import split_units

KEPT_COLUMNS = ("answer_id", "respondent_id", "question", "source", "row", "text", "language")
DROPPED_COLUMNS = ("row", "respondent_id", "question", "reason", "text")
_LANGS = ("auto", "ja", "ko")
# Longer than any answer: a pasted document or a quote that swallowed the rest of the file.
# Dropped (reason "too_long"), keeping this many characters of it in the dropped list.
MAX_ANSWER_CHARS = 20_000


def select_answers(table: RawTable, text_columns: Sequence[str] = (), id_column: str | None = None,
                   attr_columns: Sequence[str] = (), lang: str = "auto",
                   min_unit_chars: int = 5) -> Answers:
    """Pick, normalise and account for the candidate answers of ``table``.

    Survey tables give one candidate per (row, text column). Whole rows that repeat
    an earlier row, blank cells and stock non-answers (特になし, 없음 ...) are dropped
    with a reason. ``answer_id`` is ``respondent_id:k`` with ``k`` the 1-based position
    of the question column in the file, so it does not depend on the order of
    ``text_columns``. Without ``id_column`` the respondent is ``<hash6>-<row>``.

    Hearing tables (notes) ignore ``text_columns``: each note's body is split into
    units (``note_id-uK``); units shorter than ``min_unit_chars`` are dropped as too
    short. Every header field of a note and its title become attributes.

    Answers longer than :data:`MAX_ANSWER_CHARS` after normalisation are dropped
    as too long (the dropped list keeps their first ``MAX_ANSWER_CHARS`` characters).

    ``lang`` "ja"/"ko" forces the language; "auto" detects it per answer.
    """
    if lang not in _LANGS:
        raise InputError(f"unknown language '{lang}': use one of {', '.join(_LANGS)}.",
                         code="unknown_language", params={"lang": lang, "choices": ", ".join(_LANGS)})
    if table.kind == "hearing":
        return _select_hearing(table, attr_columns, lang, min_unit_chars)
    return _select_survey(table, list(text_columns), id_column, list(attr_columns), lang)


def _select_survey(table: RawTable, text_columns: list[str], id_column: str | None,
                   attr_columns: list[str], lang: str) -> Answers:
    frame = table.frame
    header = [str(c) for c in frame.columns]
    if not text_columns:
        raise InputError(f"choose at least one free-text column. Columns: {', '.join(header)}.",
                         file=table.filename, code="no_text_column",
                         params={"columns": ", ".join(header)})
    wanted = [*text_columns, *([id_column] if id_column else []), *attr_columns]
    missing = [c for c in dict.fromkeys(wanted) if c not in header]
    if missing:
        raise InputError(f"no column named {', '.join(repr(c) for c in missing)}. "
                         f"Columns: {', '.join(header)}.", file=table.filename, code="no_such_column",
                         params={"names": ", ".join(missing), "columns": ", ".join(header)})
    clash = [c for c in attr_columns if c in KEPT_COLUMNS]
    if clash:
        raise InputError(f"attribute column {clash[0]!r} has the name of a built-in answer field; "
                         "rename it in the file.", file=table.filename, column=clash[0],
                         code="attribute_name_clash")

    rows = pd.Series(range(table.first_row, table.first_row + len(frame)), index=frame.index)
    blank_row = frame.isna().all(axis=1)
    # A blank line in the middle of a file is not a repeat of another blank line.
    duplicate = frame.duplicated(keep="first") & ~blank_row
    respondent, answer_key = _respondent_ids(table, id_column, rows, duplicate | blank_row)

    attrs = {c: _normalize_attr(frame[c]) for c in dict.fromkeys(attr_columns)}
    questions = sorted(dict.fromkeys(text_columns), key=header.index)
    kept_parts, dropped_parts = [], []
    for question in questions:
        k = header.index(question) + 1
        raw = frame[question]
        text = _normalize_series(raw)
        reason = pd.Series(pd.NA, index=frame.index, dtype="object")
        no_content = pd.Series(_map_distinct(text, is_no_content), index=frame.index)
        reason[no_content.eq(True)] = DROP_NO_CONTENT
        reason[text.str.len().gt(MAX_ANSWER_CHARS).fillna(False)] = DROP_TOO_LONG
        reason[text.isna() | text.eq("")] = DROP_EMPTY
        reason[duplicate] = DROP_DUPLICATE_ROW
        drop = reason.notna()
        dropped_parts.append(pd.DataFrame({
            "row": rows[drop], "respondent_id": respondent[drop], "question": question,
            "reason": reason[drop], "text": _cut(raw[drop]), "_k": k,
        }))
        keep = ~drop
        kept_parts.append(pd.DataFrame({
            "answer_id": answer_key[keep] + f":{k}", "respondent_id": respondent[keep],
            "question": question, "source": "survey", "row": rows[keep], "text": text[keep],
            "_k": k, **{c: v[keep] for c, v in attrs.items()},
        }))
    kept = _finish(pd.concat(kept_parts, ignore_index=True), KEPT_COLUMNS[:-1])
    kept.insert(len(KEPT_COLUMNS) - 1, "language", _languages(kept["text"], lang))
    kept = kept[[*KEPT_COLUMNS, *attrs]]
    dropped = _finish(pd.concat(dropped_parts, ignore_index=True), DROPPED_COLUMNS)
    return Answers(kept=kept, dropped=dropped, n_in=len(frame) * len(questions),
                   attributes=tuple(attrs), questions=tuple(questions))


def _respondent_ids(table: RawTable, id_column: str | None, rows: pd.Series,
                    skip: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(respondent id of each row, the key its answer ids start with).

    An ID may repeat on rows that follow each other: one person's several opinions (a public
    comment kept one opinion per row). Those rows keep the person's ID as respondent and number
    their answers ``ID-1``, ``ID-2``... Repeats far apart are refused: such a column is not an ID.
    """
    fallback = f"{table.input_hash[:6]}-" + rows.astype(str)
    if id_column is None:
        return fallback, fallback
    ids = _normalize_attr(table.frame[id_column])
    check = ids[~skip]
    empty = check.isna()
    if empty.any():
        listed = ", ".join(str(r) for r in rows[check.index[empty]][:10])
        raise InputError(f"the ID column has empty cells (rows {listed}). Fill them in or choose "
                         "no ID column.", file=table.filename, column=id_column,
                         row=int(rows[check.index[empty][0]]), code="empty_id",
                         params={"rows": listed})
    block = check.ne(check.shift()).cumsum()
    scattered = block.groupby(check).nunique() > 1
    if scattered.any():
        first = scattered[scattered].index[0]
        at = rows[check.index[check.eq(first)]].tolist()
        raise InputError(f"the ID '{first}' appears on rows {', '.join(map(str, at[:10]))}; IDs "
                         "must be unique (or one person's rows must follow each other). Choose another "
                         "ID column or none.",
                         file=table.filename, column=id_column, row=int(at[1]), code="duplicate_id",
                         params={"id": first, "rows": ", ".join(map(str, at[:10]))})
    # Repeated rows keep their own ID in the dropped list; blank rows have none.
    respondent = ids.where(ids.notna(), fallback).astype(str)
    repeated = check.duplicated(keep=False).reindex(ids.index, fill_value=False)
    occurrence = check.groupby(check).cumcount().add(1).reindex(ids.index)
    key = respondent.where(~repeated, respondent + "-" + occurrence.astype("Int64").astype(str))
    return respondent, key


def _select_hearing(table: RawTable, attr_columns: Sequence[str], lang: str,
                    min_unit_chars: int) -> Answers:
    frame = table.frame
    fields = [c for c in frame.columns if c not in ("note_id", "line", "body")]
    fields += [c for c in attr_columns if c in frame.columns and c not in fields]
    names = {c: (f"{c} (note)" if c in KEPT_COLUMNS else c) for c in fields}
    kept_rows, dropped_rows = [], []
    n_in = 0
    for note in frame.itertuples(index=False):
        rec = dict(zip(frame.columns, note))
        attrs = {names[c]: _clean_attr(rec[c]) for c in fields}
        body = rec["body"] if isinstance(rec["body"], str) else ""
        for k, unit in enumerate(split_units(body), start=1):
            n_in += 1
            text = normalize_text(unit)
            reason = (DROP_EMPTY if not text else DROP_TOO_LONG if len(text) > MAX_ANSWER_CHARS
                      else DROP_NO_CONTENT if is_no_content(text)
                      else DROP_TOO_SHORT if len(text) < min_unit_chars else None)
            if reason:
                dropped_rows.append({"row": rec["line"], "respondent_id": rec["note_id"],
                                     "question": "hearing", "reason": reason,
                                     "text": unit[:MAX_ANSWER_CHARS]})
            else:
                kept_rows.append({"answer_id": f"{rec['note_id']}-u{k}",
                                  "respondent_id": rec["note_id"], "question": "hearing",
                                  "source": "hearing", "row": rec["line"], "text": text, **attrs})
    kept = _finish(pd.DataFrame(kept_rows, columns=[*KEPT_COLUMNS[:-1], *names.values()]),
                   KEPT_COLUMNS[:-1])
    kept.insert(len(KEPT_COLUMNS) - 1, "language", _languages(kept["text"], lang))
    dropped = _finish(pd.DataFrame(dropped_rows, columns=list(DROPPED_COLUMNS)), DROPPED_COLUMNS)
    return Answers(kept=kept, dropped=dropped, n_in=n_in, attributes=tuple(names.values()),
                   questions=("hearing",))


def combine_answers(parts: Sequence[Answers]) -> Answers:
    """Concatenate answers from several files (a survey and its hearing notes) into one set.

    Attribute columns are the union (missing values NA); ``answer_id`` must stay unique,
    which fails when the same file is added twice.
    """
    if not parts:
        raise InputError("no answers to combine.", code="nothing_to_combine")
    attributes = tuple(dict.fromkeys(a for p in parts for a in p.attributes))
    questions = tuple(dict.fromkeys(q for p in parts for q in p.questions))
    kept = pd.concat([p.kept for p in parts], ignore_index=True)
    kept = kept.reindex(columns=[*KEPT_COLUMNS, *attributes])
    repeated = kept["answer_id"][kept["answer_id"].duplicated()]
    if not repeated.empty:
        raise InputError(f"answer ID '{repeated.iloc[0]}' occurs in two inputs: was the same file "
                         "added twice?", code="same_file_twice",
                         params={"answer_id": repeated.iloc[0]})
    dropped = pd.concat([p.dropped for p in parts], ignore_index=True)
    return Answers(kept=kept, dropped=dropped[list(DROPPED_COLUMNS)],
                   n_in=sum(p.n_in for p in parts), attributes=attributes, questions=questions)


def _cut(raw: pd.Series) -> pd.Series:
    """Raw texts for the dropped list, a too-long one cut to its first MAX_ANSWER_CHARS."""
    return raw.where(~raw.str.len().gt(MAX_ANSWER_CHARS).fillna(False), raw.str.slice(0, MAX_ANSWER_CHARS))


def _map_distinct(values: pd.Series, fn) -> list:
    """``fn`` over a column's cells, computed once per distinct value; NA stays None."""
    cells = values.tolist()  # plain lists: iterating Arrow-backed strings is slow
    done = {v: fn(v) for v in set(cells) if isinstance(v, str)}
    return [done.get(v) if isinstance(v, str) else None for v in cells]


def _normalize_series(values: pd.Series) -> pd.Series:
    return pd.Series(_map_distinct(values, normalize_text), index=values.index, dtype="str")


def _normalize_attr(values: pd.Series) -> pd.Series:
    return pd.Series(_map_distinct(values, _clean_attr), index=values.index, dtype="str")


def _clean_attr(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = unicodedata.normalize("NFKC", value).strip()
    return value or None


def _languages(texts: pd.Series, lang: str) -> list[str]:
    if lang in ("ja", "ko"):
        return [lang] * len(texts)
    return detect_languages(texts.tolist())


def _finish(frame: pd.DataFrame, first: Sequence[str]) -> pd.DataFrame:
    """Order answers by file row then question position; fix dtypes."""
    if "_k" in frame.columns:
        frame = frame.sort_values(["row", "_k"], kind="stable").drop(columns="_k")
    frame = frame.reset_index(drop=True)
    frame["row"] = frame["row"].astype("int64")
    for c in first:
        if c != "row":
            frame[c] = frame[c].astype("str")
    return frame
