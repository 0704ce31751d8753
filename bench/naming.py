"""Do opinion-group names say what a group is about, and what do names, sentences and briefings cost?

Quality, on KLUE-YNAT dev (9,107 Korean headlines, 7 sections) and the Fukui survey
(Japanese, an answer's section is its question; 7 questions): the answers are clustered
exactly as ``analyze`` does (themes and topics, seed 0 unless --seeds), then each group's
text is embedded with the bundled USE model beside each section's name, and the answers
in groups whose text lies nearest the group's majority section are counted. The group's
text is, in turn: its keyword label (what the app showed before), its name in words,
and its own centroid (what the group itself "means", a reference, not a text).
Also printed: groups sharing a name (must be 0) and names holding a word that occurs in
more than half of the groups (must be 0), by the library's rule on phrase words and,
independently, by the keyword tokenizer.

Cost, on a synthetic Japanese survey of --n answers (bench/speed.py's builder): an
analysis in this process with its per-step timings (``name`` runs in the foreground,
``phrases`` on a background thread beside the embedding), a re-clustering with cached
vectors, and the briefing (build + HTML) of the curated analysis, cold and warm.

    python bench/naming.py                    # both datasets, cost at 10,000 answers
    python bench/naming.py --skip-cost        # quality only
    python bench/naming.py --dataset ynat --seeds 0 1 2
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from common import DATA, FUKUI_QUESTIONS, format_table, require, thread_settings

YNAT_SECTIONS = ("정치", "경제", "사회", "생활문화", "세계", "IT과학", "스포츠")
NAME_TARGET_S = 2.0
BRIEFING_TARGET_S = 2.0


def _load(key: str):
    from cluster_quality import load_fukui, load_ynat

    data = load_ynat() if key == "ynat" else load_fukui()
    if key == "ynat":
        import pandas as pd

        names = sorted(pd.read_csv(require(DATA / "klue_ynat_dev.csv"))["label"].astype(str).unique())
        assert set(names) == set(YNAT_SECTIONS), names
    else:
        names = sorted(FUKUI_QUESTIONS)
    return data, names  # truth ids index the sorted names (np.unique order)


def _cluster(vectors, tokens, seed: int):
    from threadpoolctl import threadpool_limits

    from listening.analysis import cluster_answers, clustering_space

    with threadpool_limits(limits=1):
        points, joint, _, _ = clustering_space(vectors, tokens, seed)
        n = len(vectors)
        sample = np.sort(np.random.default_rng(seed).choice(n, size=min(2000, n), replace=False))
        return cluster_answers(points, (sample, joint[sample]), None, None, seed)


def _nearest_right(texts_or_vectors, labels, truth, section_vectors, embed) -> float:
    """Share of answers in groups whose text (or vector) is nearest their majority section."""
    groups = sorted(set(labels.tolist()))
    vectors = texts_or_vectors if isinstance(texts_or_vectors, np.ndarray) else embed(list(texts_or_vectors))
    nearest = (vectors @ section_vectors.T).argmax(axis=1)
    right = 0
    for g, near in zip(groups, nearest):
        members = labels == g
        right += int(members.sum()) if near == np.bincount(truth[members]).argmax() else 0
    return right / len(labels)


def _common_by_tokens(tokens, labels) -> set[str]:
    """Keyword tokens in more than half of the groups (in 5% of a group's answers, and 2)."""
    from collections import Counter

    groups = sorted(set(labels.tolist()))
    present: Counter = Counter()
    for g in groups:
        rows = np.flatnonzero(labels == g)
        counts = Counter(w for i in rows for w in set(tokens[i]))
        need = max(2, 0.05 * len(rows))
        present.update(w for w, c in counts.items() if c >= need)
    return {w for w, c in present.items() if c > len(groups) / 2} if len(groups) >= 3 else set()


def quality(key: str, seeds: list[int], embedder) -> list[list]:
    from cluster_quality import use_vectors

    from listening.analysis import (
        choose_phrases,
        class_tfidf,
        common_words,
        display_name,
        label_from_keywords,
        name_groups,
    )
    from listening.text import extract_phrases, route_language, tokenize_texts

    data, sections = _load(key)
    vectors, _ = use_vectors(data, 1)
    tokens = tokenize_texts(data.texts, data.languages)
    start = time.perf_counter()
    phrases = extract_phrases(data.texts, data.languages)
    phrase_s = time.perf_counter() - start
    routed = [route_language(t, lang) for t, lang in zip(data.texts, data.languages)]
    section_vectors = embedder.embed(sections)
    print(f"\n== {data.name}: {data.note}; phrases of every answer in {phrase_s:.1f} s "
          f"({len(phrases.phrases)} distinct)")
    rows = []
    for seed in seeds:
        result = _cluster(vectors, tokens, seed)
        for level in ("theme", "topic"):
            labels = getattr(result, level)
            groups = sorted(set(labels.tolist()))
            keywords = class_tfidf(tokens, labels)
            label_texts = [label_from_keywords([w for w, _ in keywords[g]]) for g in groups]
            start = time.perf_counter()
            names = name_groups(phrases, labels, routed, vectors, embedder.embed)
            name_s = time.perf_counter() - start
            name_texts = [display_name(names[g]) or label_texts[i] for i, g in enumerate(groups)]
            centroids = np.stack([vectors[labels == g].mean(axis=0) for g in groups])
            centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
            scores = [_nearest_right(x, labels, data.truth, section_vectors, embedder.embed)
                      for x in (label_texts, name_texts, centroids)]
            chosen = choose_phrases(phrases, labels, routed)
            blocked = common_words(phrases, labels)
            by_words = sum(1 for by_lang in chosen.values() if any(
                blocked.intersection(phrases.phrases[p][2]) for pids in by_lang.values() for p in pids))
            common_tokens = _common_by_tokens(tokens, labels)
            name_tokens = tokenize_texts(name_texts, [routed[int(np.flatnonzero(labels == g)[0])] for g in groups])
            by_tokens = sum(1 for t in name_tokens if common_tokens.intersection(t))
            unnamed = sum(1 for g in groups if not display_name(names[g]))
            rows.append([f"{level} (seed {seed})", len(groups), *scores, len(name_texts) - len(set(name_texts)),
                         by_words, by_tokens, unnamed, round(name_s, 2)])
            if seed == seeds[0]:
                for i in np.argsort([-int((labels == g).sum()) for g in groups])[:8]:
                    print(f"  {level} {groups[i]:>3}: {name_texts[i]}    [keywords: {label_texts[i]}]")
    return rows


def cost(n: int, seed: int) -> None:
    from speed import write_survey

    from listening.analysis import ColumnChoice, analyze, import_file
    from listening.briefing import BriefingOptions, build_briefing, render_briefing
    from listening.curation import curated_analysis
    from listening.embed import get_embedder
    from listening.store import Store
    from listening.types import AnalysisSettings

    with tempfile.TemporaryDirectory() as tmp:
        survey = Path(tmp) / "survey.csv"
        facts = write_survey(survey, n, seed)
        print(f"\n== cost: synthetic survey of {n} answers ({facts['mean_chars']:.0f} characters on average)")
        with Store(Path(tmp) / "bench.db") as store:
            columns = ColumnChoice(text=("回答",), attributes=("年代", "性別", "校区"))
            dataset_id = import_file(store, "bench", survey.read_bytes(), survey.name, columns).dataset_id
            embedder = get_embedder("use-multilingual-v3", threads=1)
            start = time.perf_counter()
            first = analyze(store, dataset_id, AnalysisSettings(random_state=seed), embedder=embedder)
            wall = time.perf_counter() - start
            again = analyze(store, dataset_id, AnalysisSettings(random_state=seed, n_topics=25), embedder=embedder)
            t1, t2 = first.info.timings, again.info.timings
            print(format_table(["run", "wall s", "name (foreground) s", "phrases (background) s", "embed s"], [
                ["first analysis", round(wall, 1), t1.get("name", 0.0), t1.get("phrases", 0.0), t1.get("embed", 0.0)],
                ["re-cluster, 25 topics", round(sum(t2.values()), 1), t2.get("name", 0.0),
                 t2.get("phrases", 0.0), t2.get("embed", 0.0)],
            ]))
            print(f"names and sentences add {t1.get('name', 0.0):.2f} s to the analysis in the foreground "
                  f"(target < {NAME_TARGET_S:.0f} s: {'met' if t1.get('name', 0.0) < NAME_TARGET_S else 'NOT met'}); "
                  f"phrases took {t1.get('phrases', 0.0):.1f} s on the background thread while embedding took "
                  f"{t1.get('embed', 0.0):.1f} s")
            analysis = curated_analysis(store, first.run_id)
            batches = store.list_batches(dataset_id)
            times = []
            for audience in ("internal", "internal", "public"):
                start = time.perf_counter()
                html = render_briefing(build_briefing(analysis, BriefingOptions(audience=audience, by=("年代", "校区")),
                                                      batches=batches))
                times.append((audience, time.perf_counter() - start, len(html)))
            for (audience, seconds, size), label in zip(times, ("cold", "warm", "warm")):
                print(f"briefing ({audience}, {label}): {seconds:.2f} s, {size / 1024:.0f} KiB of HTML")
            warm = times[1][1]
            print(f"briefing for {n} answers, warm: {warm:.2f} s (target < {BRIEFING_TARGET_S:.0f} s: "
                  f"{'met' if warm < BRIEFING_TARGET_S else 'NOT met'})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", action="append", choices=("ynat", "fukui"), help="repeatable; default both")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--n", type=int, default=10_000, help="answers for the cost figures (default 10,000)")
    parser.add_argument("--skip-cost", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} CPUs, load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}; {thread_settings()}")
    if not args.skip_quality:
        from listening.embed import get_embedder

        embedder = get_embedder("use-multilingual-v3", threads=1)
        for key in args.dataset or ("ynat", "fukui"):
            rows = quality(key, args.seeds, embedder)
            print(format_table(["level", "groups", "keyword labels", "names", "centroid", "shared names",
                                "common word (phrases)", "common word (tokens)", "unnamed", "naming s"], rows))
        print("\nkeyword labels / names / centroid: share of answers in groups whose text (or centroid) is "
              "nearest the group's majority section; shared names and names holding a word that occurs in "
              "more than half of the groups must be 0; unnamed: groups shown with their keyword label.")
    if not args.skip_cost:
        cost(args.n, args.seeds[0])
    print(f"\nload average at the end {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
