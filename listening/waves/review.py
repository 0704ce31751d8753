"""What staff review after a wave: duplicate groups in an analysis, new voices already made a topic,
and what a matched re-analysis split, merged, added or dropped."""
from __future__ import annotations

import numpy as np
import pandas as pd

from listening.analysis import Analysis
from listening.embed import Embedder, embed_with_cache, get_embedder

from .dedupe import coordinated_bursts, duplicate_groups
from .match import relabel
from .update import Reanalysis, reanalysis_report


def analysis_duplicates(store, analysis: Analysis, embedder: Embedder | None = None
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(members, bursts) of an analysis. ``members``: duplicate_groups plus answer_id, text and
    batch_id of each member; ``bursts``: coordinated_bursts. Vectors come from the store's cache."""
    answers = analysis.answers
    embedder = embedder or get_embedder(analysis.info["model"])
    vectors, _ = embed_with_cache(store, embedder, answers["text"].tolist(), answers["text_hash"].tolist())
    groups = duplicate_groups(answers["text"].tolist(), vectors)
    at = groups["position"].to_numpy()
    members = groups.assign(answer_id=answers["answer_id"].astype(str).to_numpy()[at],
                            text=answers["text"].to_numpy()[at], batch_id=answers["batch_id"].to_numpy()[at])
    # Answers stay in import order, so "consecutive" follows the order rows arrived in.
    bursts = coordinated_bursts(groups, answers["batch_id"].tolist())
    return members, bursts


def accepted_voices(edits: pd.DataFrame) -> set[str]:
    """Answers staff already made into a new topic, from a run's active edits (op, payload)."""
    return {a for op, p in zip(edits["op"], edits["payload"]) if op == "new_topic" for a in p["answer_ids"]}


def new_cluster_ids(result: Reanalysis, before: Analysis, level: str) -> dict[int, int]:
    """The id each cluster of a re-analysis got in the stored run, by its id in
    ``reanalysis_report`` (which lists them before renumbering). Mirrors
    listening.waves.update.reanalyze: matched clusters take the old id, the others follow
    the highest id the previous run had."""
    matching = result.topics if level == "topic" else result.themes
    if matching is None:
        return {}
    old = before.clusters.loc[before.clusters["level"] == level, "cluster_id"]
    first_free = max(int(old.max()) + 1, int(before.info.get("clusters", {}).get(f"n_{level}s", 0)))
    raw = np.asarray(matching.new_ids)
    return dict(zip(raw.tolist(), relabel(raw, matching, first_free=first_free).tolist()))


def change_table(result: Reanalysis, before: Analysis) -> pd.DataFrame:
    """What split, merged, appeared or vanished in a re-analysis: level, kind, before and
    after ("id: label" in each run), similarity and overlap. Matched clusters are left out."""
    report = reanalysis_report(result)
    report = report[report["kind"] != "matched"].reset_index(drop=True)
    old = {(lv, int(c)): f"{int(c)}: {lab}" for lv, c, lab in
           zip(before.clusters["level"], before.clusters["cluster_id"], before.clusters["label"])}
    now = result.analysis.clusters
    new = {(lv, int(c)): f"{int(c)}: {lab}" for lv, c, lab in zip(now["level"], now["cluster_id"], now["label"])}
    ids = {level: new_cluster_ids(result, before, level) for level in ("theme", "topic")}

    def after(level, raw) -> str:
        return "" if pd.isna(raw) else new.get((level, ids[level].get(int(raw), -1)), "")

    return pd.DataFrame({
        "level": report["level"].astype(str),
        "kind": report["kind"].astype(str),
        "before": [("" if pd.isna(o) else old.get((lv, int(o)), str(int(o)))) for lv, o in zip(report["level"],
                                                                                              report["old"])],
        "after": [after(lv, n) for lv, n in zip(report["level"], report["new"])],
        "similarity": report["similarity"].astype(float),
        "overlap": pd.array(report["overlap"], dtype="Int64"),
    })
