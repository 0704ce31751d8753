"""Words a committee reading cluster keywords would find meaningless.

Each set holds tokens in the form the tokenizers emit: UniDic lemmas for
Japanese (so 為る, not する), noun forms and stem + "다" for Korean, lowercase
words for everything else. Words that carry an opinion or a place (人, 多い,
少ない, 不便, 많다, 불편하다) are deliberately NOT listed: "too few buses" is a
finding.
"""
from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Verbs and adjectives that UniDic tags "non-independent possible" (する, ある, いる,
# 来る, 良い, 無い, 欲しい ...) are dropped by part of speech in tokenize.py, so they
# need no entry here; those listed are the ones tagged independent.
JAPANESE_STOPWORDS: frozenset[str] = frozenset(
    """
    こと 事 もの 物 よう 様 ため 為 ところ 所 方 時 とき 訳 筈 積り 積もり 通り 辺
    感じ 気 点 部分 場合 程度 以上 以下 以外 自分 皆 皆さん 全部 全て 全体 一番 色々
    今 今回 前回 次回 今後 以前 以降 前 後 中 上 下 他 外 際 間 内 先 後 頃 度 件 回
    周辺 周り 近く 付近 辺り 自体
    何 何か 誰 其れ 此れ 本当 本当に 普通 別 特 特に 一つ 一部 大体 殆ど
    なし 無し 特になし 同じ 様子 場所 機会 感想 意見 理由 内容 状況 必要
    思う 言う 感ずる 感じる 考える 分かる 致す 御座る 存ずる 頂ける 下さる
    凄い 凄く
    """.split()
)

KOREAN_STOPWORDS: frozenset[str] = frozenset(
    """
    것 수 등 때 곳 점 중 및 정도 경우 부분 이번 이후 이전 관련 대한 대해 위해 통해
    때문 가지 이상 이하 전 후 내 외 간 측 쪽 번 명 개 년 월 일 시 분 거 게 건 바
    우리 저희 자신 모두 모든 여러 다른 각 여기 거기 저기 이것 그것 무엇 누구 생각
    하다 있다 되다 없다 같다 이다 않다 아니다 보다 주다 받다 가다 오다 싶다 말다
    이렇다 그렇다 저렇다 어떻다 알다 모르다 나다 놓다 두다 드리다 지다 대하다 위하다
    통하다 관하다 의하다 말하다 생각하다 좋다 씨 님
    """.split()
)

# Kept alongside scikit-learn's list so survey filler in English is dropped too.
OTHER_STOPWORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    {"nothing", "particular", "think", "really", "just", "like", "don", "didn"}
)
