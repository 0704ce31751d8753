"""The curation log in words: one line per staff edit (rename, merge, split, move, exclude ...).

Templates are ``edit.<op>``; in them ``{lv}`` is the level's word (``edit_words.theme``/``topic``)
and ``{answers}`` the answers (``edit_words.answers_few`` for up to three ids joined by
``edit_words.sep``, else ``edit_words.answers_many``).
"""
from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "edit_words.theme": {"ja": "テーマ", "ko": "테마", "en": "theme"},
    "edit_words.topic": {"ja": "トピック", "ko": "토픽", "en": "topic"},
    "edit_words.sep": {"ja": "、", "ko": ", ", "en": ", "},
    "edit_words.answers_few": {"ja": "回答 {ids} ", "ko": "응답 {ids}", "en": "answers {ids}"},
    "edit_words.answers_many": {"ja": "回答 {n} 件", "ko": "응답 {n}건", "en": "{n} answers"},
    "edit.rename": {
        "ja": "{lv} {cluster_id} の名前を『{label}』に変更",
        "ko": "{lv} {cluster_id} 이름 변경: '{label}'",
        "en": "Renamed {lv} {cluster_id} to \"{label}\"",
    },
    "edit.merge": {
        "ja": "{lv} {source}（{source_label}）を{lv} {target}（{target_label}）に統合",
        "ko": "병합: {lv} {source} ({source_label}) → {lv} {target} ({target_label})",
        "en": "Merged {lv} {source} ({source_label}) into {lv} {target} ({target_label})",
    },
    "edit.split": {
        "ja": "{lv} {cluster_id}（{label}）を {n_parts} つに分割（新しい{lv}: {new}）",
        "ko": "분할: {lv} {cluster_id} ({label}) → {n_parts}개 (새 {lv}: {new})",
        "en": "Split {lv} {cluster_id} ({label}) into {n_parts} (new {lv}s: {new})",
    },
    "edit.move_answers": {
        "ja": "{answers}をトピック {topic}（{topic_label}）に移動",
        "ko": "이동: {answers} → 토픽 {topic} ({topic_label})",
        "en": "Moved {answers} to topic {topic} ({topic_label})",
    },
    "edit.move_topic": {
        "ja": "トピック {topic}（{topic_label}）をテーマ {theme}（{theme_label}）に移動",
        "ko": "이동: 토픽 {topic} ({topic_label}) → 테마 {theme} ({theme_label})",
        "en": "Moved topic {topic} ({topic_label}) to theme {theme} ({theme_label})",
    },
    "edit.exclude": {
        "ja": "{answers}を除外（理由: {reason}）",
        "ko": "제외: {answers} (사유: {reason})",
        "en": "Excluded {answers} (reason: {reason})",
    },
    "edit.restore": {
        "ja": "{answers}の除外を取り消し",
        "ko": "제외 취소: {answers}",
        "en": "Restored {answers}",
    },
    "edit.new_topic": {
        "ja": "{answers}で新しいトピック {topic}『{label}』を作成（テーマ {theme}（{theme_label}））",
        "ko": "새 토픽 {topic} '{label}' 만들기: {answers} (테마 {theme} ({theme_label}))",
        "en": "Made new topic {topic} \"{label}\" of {answers} (theme {theme} ({theme_label}))",
    },
}
