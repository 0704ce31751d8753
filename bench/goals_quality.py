"""Goals lens quality: how well answers are matched to goals, zero-shot and after confirmations.

Known groups stand in for a committee's goals:
- KLUE-YNAT dev (Korean headlines): the 7 topics are the goals;
- the Fukui visitor survey (Japanese): the 7 free-text questions are the goals and
  each answer's true goal is the question it answers.
Each answer's predicted goal is its best-scoring goal; macro-F1 against the truth:
(a) plain cosine to the label names, (b) to names + five descriptive words, (c) the
goals written below (name, description, examples) as plain cosine to their
prototypes, then ``goal_scores`` without and with the analysis's neighbour graph,
(d) ``goal_scores`` after 10 confirmed answers per goal drawn at random (seeds
0-4, scored on the other answers). Then what ``assign_goals`` makes of the scores:
answers touching no goal, goals per answer, and whether leaving one goal out turns
its answers into "uncovered voices". USE vectors and neighbour graphs are cached in
/tmp between runs.

    python bench/goals_quality.py [--dataset ynat|fukui ...] [--seeds 0 1 2 3 4]
"""
from __future__ import annotations

import argparse
import hashlib
import time

import numpy as np
from cluster_quality import Dataset, load_fukui, load_ynat, mean_sd, use_vectors
from common import CACHE, format_table

from listening.embed import get_embedder, normalise_rows
from listening.goals import MIN_SCORE, assign_goals, goal_prototypes, goal_scores
from listening.types import Goal

TARGET_FEW_SHOT = 0.60  # KLUE-YNAT macro-F1 after 10 confirmed answers per goal
N_CONFIRMED = 10

# Truth ids are np.unique order of the labels: IT과학, 경제, 사회, 생활문화, 세계, 스포츠, 정치.
YNAT_FIVE = ("인터넷 스마트폰 인공지능 연구 기술", "기업 주가 금리 부동산 수출", "사건 경찰 법원 교육 노동",
             "책 공연 전시 여행 날씨", "미국 중국 일본 외교 해외", "축구 야구 농구 골프 선수",
             "대통령 국회 정당 선거 북한")
YNAT_GOALS = [
    Goal("it", "IT과학", "정보기술, 인터넷, 스마트폰, 인공지능, 통신, 게임, 과학 연구와 신기술 개발 소식",
         ("인공지능 신기술 개발 성공", "통신사 5G 서비스 출시", "연구팀 새로운 물질 발견", "스마트폰 신제품 공개",
          "게임 업계 신작 출시"), language="ko"),
    Goal("economy", "경제", "기업 실적, 주가와 증시, 금리, 부동산, 수출입, 산업과 시장 동향 소식",
         ("코스피 상승 마감", "한국은행 기준금리 동결", "아파트 값 상승세", "수출 증가세 지속", "기업 영업이익 감소"),
         language="ko"),
    Goal("society", "사회", "사건과 사고, 경찰 수사, 재판, 교육, 노동, 환경, 지역 사회 소식",
         ("경찰 수사 착수", "법원 징역형 선고", "교육청 학교 방역 강화", "노조 파업 돌입", "화재로 인명 피해"),
         language="ko"),
    Goal("culture", "생활문화", "책과 출판, 공연, 전시, 영화, 여행, 음식, 건강, 종교, 날씨 등 생활과 문화 소식",
         ("신간 출간", "미술 전시회 개막", "오케스트라 공연", "주말 날씨 맑고 포근", "가볼 만한 여행지"), language="ko"),
    Goal("world", "세계", "외국 정부와 지도자, 국제 관계, 해외에서 일어난 사건과 국제 뉴스",
         ("미국 대통령 발언", "중국 외교부 반발", "일본 정부 발표", "유럽연합 정상회의", "중동 분쟁 격화"), language="ko"),
    Goal("sports", "스포츠", "축구, 야구, 농구, 배구, 골프, 올림픽 등 경기 결과와 선수, 감독 소식",
         ("프로야구 역전승", "축구 대표팀 명단 발표", "골프 투어 우승", "감독 선임", "시즌 첫 홈런"), language="ko"),
    Goal("politics", "정치", "대통령과 청와대, 국회와 정당, 선거, 장관, 북한과 외교 안보 정책 소식",
         ("국회 본회의 법안 통과", "여야 원내대표 회동", "더불어민주당 대표 발언", "청와대 대변인 브리핑",
          "북한 비핵화 협상"), language="ko"),
]
# Truth ids: 不便さの内容, 推奨項目, 施設に求めるもの, 満足度(商品・サービス)の理由, 満足度の理由,
# 福井県に求めるもの, 福井県内での交通手段の満足度の理由 (np.unique order).
FUKUI_FIVE = ("不便 困った 駐車場 案内 待ち時間", "おすすめ 魅力 名所 温泉 自然", "施設 飲食 土産 設備 要望",
              "商品 料理 接客 品揃え 価格", "満足 景色 楽しい 雰囲気 混雑", "福井県 観光 PR アクセス イベント",
              "交通 車 電車 バス 道路")
FUKUI_GOALS = [
    Goal("inconvenience", "不便さの内容", "旅行中に不便だったこと、困ったこと。案内表示、駐車場、トイレ、待ち時間、混雑など",
         ("駐車場が狭くて停めにくい", "案内表示がわかりにくい", "トイレが少ない", "待ち時間が長かった")),
    Goal("recommend", "推奨項目", "他の人に勧めたい点、おすすめできる理由。名所、食べ物、温泉、自然の魅力",
         ("食べ物がおいしいので友人に勧めたい", "温泉が良い", "自然が豊かで景色がいい", "恐竜博物館は一度は行くべき")),
    Goal("facility", "施設に求めるもの", "訪れた施設の飲食、土産、設備、サービスへの要望",
         ("飲食店を増やしてほしい", "お土産の種類を増やしてほしい", "休憩スペースがほしい",
          "キャッシュレス決済に対応してほしい")),
    Goal("service", "満足度(商品・サービス)の理由", "購入した商品や受けたサービスに満足した理由。料理の味、土産物の品揃え、接客、価格",
         ("料理がおいしかった", "接客が丁寧だった", "品揃えが豊富", "値段が手頃")),
    Goal("satisfaction", "満足度の理由", "訪れた観光地や施設に満足した理由、不満だった理由。景色、雰囲気、楽しさ、混雑などの感想",
         ("景色がきれいで楽しかった", "人が少なくゆっくりできた", "子供が喜んでいた", "期待したほどではなかった")),
    Goal("prefecture", "福井県に求めるもの", "福井県の観光全体への要望。交通アクセス、情報発信、イベント、観光地づくり",
         ("もっと観光PRをしてほしい", "二次交通を充実させてほしい", "イベントを増やしてほしい",
          "新幹線駅からのアクセスを良くしてほしい")),
    Goal("transport", "福井県内での交通手段の満足度の理由", "福井県内での移動手段(車、電車、バス、タクシー)の満足度の理由。道路、渋滞、本数、乗り換え",
         ("車で移動しやすかった", "バスの本数が少ない", "道路が空いていた", "電車の乗り換えが不便")),
]
SETUPS = {"ynat": (load_ynat, YNAT_GOALS, YNAT_FIVE), "fukui": (load_fukui, FUKUI_GOALS, FUKUI_FIVE)}


def neighbour_graph(data: Dataset, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The kNN graph ``analyze`` builds (USE + LSA of the tokens), from the /tmp cache when there."""
    from listening.analysis import neighbourhoods
    from listening.text import tokenize_texts

    digest = hashlib.sha256("\x00".join(["knn-v1", *data.texts]).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"{data.key}-knn-{digest}.npz"
    if path.exists():
        with np.load(path) as saved:
            return saved["knn_i"], saved["knn_s"]
    tokens = tokenize_texts(data.texts, data.languages)
    _, knn_i, knn_s = neighbourhoods(vectors, tokens, 0)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, knn_i=knn_i, knn_s=knn_s)
    return knn_i, knn_s


def macro_f1(truth: np.ndarray, scores: np.ndarray, keep: np.ndarray | None = None) -> float:
    from sklearn.metrics import f1_score

    keep = np.ones(len(truth), dtype=bool) if keep is None else keep
    return float(f1_score(truth[keep], np.asarray(scores)[keep].argmax(axis=1), average="macro"))


def few_shot(data, vectors, goals, embedder, neighbours, seeds) -> list[float]:
    """Macro-F1 on the unconfirmed answers after N_CONFIRMED random confirmed answers per goal."""
    out = []
    prototypes = goal_prototypes(goals, embedder)
    for seed in seeds:
        rng = np.random.default_rng(seed)
        confirmed = {g.goal_id: sorted(rng.choice(np.flatnonzero(data.truth == j), N_CONFIRMED, replace=False))
                     for j, g in enumerate(goals)}
        keep = np.ones(len(vectors), dtype=bool)
        keep[np.concatenate(list(confirmed.values()))] = False
        scores = goal_scores(vectors, goals, confirmed=confirmed, neighbours=neighbours, prototypes=prototypes)
        out.append(macro_f1(data.truth, scores, keep))
    return out


def held_out(data, vectors, goals, prototypes, neighbours) -> list[list]:
    """Leave each goal out in turn: do its answers become uncovered voices (no goal) at MIN_SCORE?"""
    from sklearn.metrics import roc_auc_score

    rows = []
    for j, goal in enumerate(goals):
        rest = [i for i in range(len(goals)) if i != j]
        scores = goal_scores(vectors, [goals[i] for i in rest], prototypes=prototypes[rest], neighbours=neighbours)
        uncovered = ~assign_goals(scores).any(axis=1)
        mine = data.truth == j
        auc = roc_auc_score(mine, -scores.max(axis=1))
        rows.append([goal.name, float(uncovered[mine].mean()), float(uncovered[~mine].mean()), float(auc)])
    return rows


def run(key: str, seeds: list[int], embedder) -> float:
    loader, goals, five = SETUPS[key]
    data = loader()
    print(f"\n== {data.name}: {data.note}")
    vectors, _ = use_vectors(data, 1)
    vectors = normalise_rows(vectors)
    neighbours = neighbour_graph(data, vectors)
    names = normalise_rows(embedder.embed([g.name for g in goals]))
    fives = normalise_rows(embedder.embed([f"{g.name} {w}" for g, w in zip(goals, five)]))
    prototypes = goal_prototypes(goals, embedder)
    start = time.perf_counter()
    zero = goal_scores(vectors, goals, neighbours=neighbours, prototypes=prototypes)
    seconds = time.perf_counter() - start
    again = goal_scores(vectors, goals, neighbours=neighbours, prototypes=prototypes)
    plain = goal_scores(vectors, goals, prototypes=prototypes)
    rows = [
        ["(a) label names, plain cosine", f"{macro_f1(data.truth, vectors @ names.T):.3f}"],
        ["(b) names + five words, plain cosine", f"{macro_f1(data.truth, vectors @ fives.T):.3f}"],
        ["(c) our goals, plain cosine to prototypes", f"{macro_f1(data.truth, vectors @ prototypes.T):.3f}"],
        ["(c) our goals, goal_scores without neighbours", f"{macro_f1(data.truth, plain):.3f}"],
        ["(c) our goals, goal_scores (zero-shot)", f"{macro_f1(data.truth, zero):.3f}"],
    ]
    shot = few_shot(data, vectors, goals, embedder, neighbours, seeds)
    shot_plain = few_shot(data, vectors, goals, embedder, None, seeds)
    rows.append([f"(d) {N_CONFIRMED} confirmed per goal, without neighbours", mean_sd(shot_plain)])
    rows.append([f"(d) {N_CONFIRMED} confirmed per goal, goal_scores", mean_sd(shot)])
    print(f"{len(vectors)} answers, {len(goals)} goals; seeds {seeds}; goal_scores {seconds:.2f} s; "
          f"deterministic: {'yes' if np.array_equal(zero, again) else 'NO'}")
    print(format_table(["method", "macro-F1"], rows))

    assigned = assign_goals(zero)
    best = zero.max(axis=1)
    print(f"\nassign_goals at min_score {MIN_SCORE}: {np.mean(~assigned.any(axis=1)):.1%} of answers touch no "
          f"goal, {assigned.sum(axis=1).mean():.2f} goals per answer; best score quartiles "
          f"{' / '.join(f'{q:.3f}' for q in np.quantile(best, [0.25, 0.5, 0.75]))}")
    print("Each goal left out in turn (its answers should become 'no goal'):")
    print(format_table(["left-out goal", "its answers: no goal", "others: no goal", "AUC"],
                       held_out(data, vectors, goals, prototypes, neighbours)))
    return float(np.mean(shot))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", action="append", choices=tuple(SETUPS),
                        help="dataset to score (repeatable; default both)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    args = parser.parse_args(argv)
    embedder = get_embedder("use-multilingual-v3")
    results = {key: run(key, args.seeds, embedder) for key in args.dataset or tuple(SETUPS)}
    if "ynat" in results:
        met = "met" if results["ynat"] >= TARGET_FEW_SHOT else "NOT met"
        print(f"\nKLUE-YNAT macro-F1 with {N_CONFIRMED} confirmed per goal: {results['ynat']:.3f} "
              f"(target ≥ {TARGET_FEW_SHOT:.2f}: {met})")
    print("macro-F1: each answer's best goal against its true group. (d) is scored on the answers not "
          "confirmed; 'neighbours' = the analysis's kNN graph (USE + LSA of tokens).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
