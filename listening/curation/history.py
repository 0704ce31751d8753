"""The curation log in words: one readable line per edit, in Japanese, Korean or English."""
from __future__ import annotations

import numpy as np
import pandas as pd

from listening.store import Store

_WORDS = {
    "ja": {"theme": "テーマ", "topic": "トピック", "sep": "、", "few": "回答 {ids} ", "many": "回答 {n} 件"},
    "ko": {"theme": "테마", "topic": "토픽", "sep": ", ", "few": "응답 {ids}", "many": "응답 {n}건"},
    "en": {"theme": "theme", "topic": "topic", "sep": ", ", "few": "answers {ids}", "many": "{n} answers"},
}
_TEMPLATES = {
    "ja": {
        "rename": "{lv} {cluster_id} の名前を『{label}』に変更",
        "merge": "{lv} {source}（{source_label}）を{lv} {target}（{target_label}）に統合",
        "split": "{lv} {cluster_id}（{label}）を {n_parts} つに分割（新しい{lv}: {new}）",
        "move_answers": "{answers}をトピック {topic}（{topic_label}）に移動",
        "move_topic": "トピック {topic}（{topic_label}）をテーマ {theme}（{theme_label}）に移動",
        "exclude": "{answers}を除外（理由: {reason}）",
        "restore": "{answers}の除外を取り消し",
        "new_topic": "{answers}で新しいトピック {topic}『{label}』を作成（テーマ {theme}（{theme_label}））",
    },
    "ko": {
        "rename": "{lv} {cluster_id} 이름 변경: '{label}'",
        "merge": "병합: {lv} {source} ({source_label}) → {lv} {target} ({target_label})",
        "split": "분할: {lv} {cluster_id} ({label}) → {n_parts}개 (새 {lv}: {new})",
        "move_answers": "이동: {answers} → 토픽 {topic} ({topic_label})",
        "move_topic": "이동: 토픽 {topic} ({topic_label}) → 테마 {theme} ({theme_label})",
        "exclude": "제외: {answers} (사유: {reason})",
        "restore": "제외 취소: {answers}",
        "new_topic": "새 토픽 {topic} '{label}' 만들기: {answers} (테마 {theme} ({theme_label}))",
    },
    "en": {
        "rename": "Renamed {lv} {cluster_id} to \"{label}\"",
        "merge": "Merged {lv} {source} ({source_label}) into {lv} {target} ({target_label})",
        "split": "Split {lv} {cluster_id} ({label}) into {n_parts} (new {lv}s: {new})",
        "move_answers": "Moved {answers} to topic {topic} ({topic_label})",
        "move_topic": "Moved topic {topic} ({topic_label}) to theme {theme} ({theme_label})",
        "exclude": "Excluded {answers} (reason: {reason})",
        "restore": "Restored {answers}",
        "new_topic": "Made new topic {topic} \"{label}\" of {answers} (theme {theme} ({theme_label}))",
    },
}


def describe_edit(op: str, payload: dict, lang: str = "ja") -> str:
    """One line saying what an edit did, in ja, ko or en."""
    if lang not in _TEMPLATES:
        raise ValueError(f"lang must be one of {', '.join(_TEMPLATES)}, not {lang!r}")
    words, template = _WORDS[lang], _TEMPLATES[lang].get(op)
    if template is None:
        return op
    ids = payload.get("answer_ids", [])
    shown = (words["few"].format(ids=words["sep"].join(ids)) if len(ids) <= 3
             else words["many"].format(n=len(ids)))
    values = {**payload, "lv": words.get(payload.get("level", ""), ""), "answers": shown,
              "new": words["sep"].join(sorted(payload.get("new", {}), key=int))}
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return op


def edit_history(store: Store, run_id: int, lang: str = "ja") -> pd.DataFrame:
    """Every edit of a run, oldest first: id, when, user, op, description, undone, undone_at, undone_by."""
    edits = store.list_edits(run_id)
    return pd.DataFrame({
        "id": edits["id"].astype(np.int64),
        "when": edits["created_at"],
        "user": edits["user"],
        "op": edits["op"],
        "description": [describe_edit(op, p, lang) for op, p in zip(edits["op"], edits["payload"])],
        "undone": edits["undone_at"].notna().astype(bool),
        "undone_at": edits["undone_at"],
        "undone_by": edits["undone_by"],
    })
