"""The run record and the declared steps: stored runs read back unchanged, keys that only change with what
a result is built from, and settings that are part of them."""
from __future__ import annotations

import copy
import json
import os
from dataclasses import fields

import pandas as pd
import pytest

from listening.analysis import STEPS, AnswerCounts, Runner, RunInfo, Step, cache_keys, pipeline
from listening.analysis.cluster import EXACT_NEIGHBOURS
from listening.types import AnalysisSettings, ClusteringSettings

# The info JSON of runs as the store held them before RunInfo existed (written by that code, shortened to
# one batch and three package versions): a first analysis, and a curated run that placed a second batch.
STORED_RUN = {
    "schema": 1, "dataset": "old", "input_hash": "299e332f3b418ea1129185bb",
    "inputs": [{"batch": 1, "file": "a.csv", "kind": "survey", "encoding": "cp932", "input_hash": "670feae609fd",
                "answers_in": 120, "kept": 108, "dropped": 12, "dropped_by_reason": {"empty": 6, "no_content": 6},
                "imported_at": "2026-12-04T14:53:38+00:00"}],
    "answers": {"in": 120, "kept": 108, "dropped": 12, "dropped_by_reason": {"empty": 6, "no_content": 6},
                "analysed": 108, "low_confidence": 2},
    "model": "use-multilingual-v3",
    "settings": {"n_themes": None, "n_topics": None, "random_state": 0, "model": "use-multilingual-v3",
                 "lang": "auto", "n_keywords": 10, "n_representatives": 5},
    "clusters": {"n_themes": 3, "n_topics": 7, "chosen": {"theme_silhouette": {"3": 0.0814},
                                                          "themes_chosen_by": "silhouette",
                                                          "topics_chosen_by": "size", "n_themes": 3, "n_topics": 7}},
    "embedded_now": 106, "versions": {"listening": "0.1.0", "numpy": "2.4.6", "pandas": "3.1.1"},
    "step_versions": {"cluster": "1", "map": "3", "tokenizer": "1"}, "fingerprint": "1f0c1e1bb4d3bc0e5e4b40f4",
    "timings": {"mask": 0.002, "load": 0.026, "embed": 18.558, "wait_background": 0.0, "tokenize": 0.925,
                "neighbours": 0.488, "space": 0.18, "cluster": 0.638, "label": 0.285, "map": 12.593},
    "created_at": "2026-12-04T14:58:29+00:00",
    "artefacts": {"tokens": "tokens:71c1ba566c4b4ec0e03ca07e", "space": "space:71c1ba566c4b4ec0e03ca07e",
                  "map": "map:6734d5b5b4ab17b8a1cf8529"},
}
PLACED_AND_CURATED = copy.deepcopy(STORED_RUN) | {
    "fingerprint": "b9b3be80c46bde0a1ba4b38b",
    "artefacts": {"tokens": "tokens:update:b9b3be80c46bde0a1ba4b38b", "space": "space:update:b9b3be80c46bde0a1ba4b38b",
                  "map": "map:update:b9b3be80c46bde0a1ba4b38b"},
    "parent_run": 1,
    "update": {"added": 161, "batches": [2], "new_voices": ["b.csv:3:自由回答"],
               "thresholds": {"distance": 0.28571954369544983, "similarity": 0.27261051535606384}, "version": 1},
    "curation": {"edits": 0, "skipped": []},
}
PLACED_AND_CURATED["answers"] = PLACED_AND_CURATED["answers"] | {"shown": 269, "excluded": 0}


@pytest.mark.parametrize("stored", [STORED_RUN, PLACED_AND_CURATED], ids=["analysis", "placed and curated"])
def test_a_run_stored_before_run_info_reads_back_to_the_same_json(stored):
    info = RunInfo.from_dict(json.loads(json.dumps(stored)))
    assert json.dumps(info.to_dict(), ensure_ascii=False) == json.dumps(stored, ensure_ascii=False)
    assert info.answers.n_in == 120 and info.inputs[0].kept == 108 and info.clusters.n_topics == 7
    assert info.settings == AnalysisSettings() and info.artefacts.space == stored["artefacts"]["space"]


def test_keys_a_later_version_does_not_know_are_kept_and_missing_ones_take_defaults():
    info = RunInfo.from_dict({"dataset": "d", "matched_to": 4, "reviewed_by": "tanaka"})
    assert (info.matched_to, info.extra, info.settings) == (4, {"reviewed_by": "tanaka"}, AnalysisSettings())
    assert info.to_dict()["reviewed_by"] == "tanaka" and info.to_dict()["matched_to"] == 4
    assert AnswerCounts.from_dict({"in": 3, "kept": 2}).to_dict() == {
        "in": 3, "kept": 2, "dropped": 0, "dropped_by_reason": {}, "analysed": 0}


def test_settings_at_their_defaults_are_recorded_as_before_and_changed_ones_are_recorded():
    assert AnalysisSettings().as_record() == STORED_RUN["settings"]
    tuned = AnalysisSettings(n_topics=12, clustering=ClusteringSettings(lexical_weight=0.3, topic_range=(8, 30)))
    record = tuned.as_record()
    assert record["clustering"] == {"lexical_weight": 0.3, "topic_range": [8, 30]}
    assert AnalysisSettings.from_record(json.loads(json.dumps(record))) == tuned


def test_impossible_clustering_settings_are_refused():
    for bad in ({"theme_range": (10, 4)}, {"topic_range": (0, 5)}, {"n_neighbors": 0}, {"lexical_weight": -1},
                {"smooth_steps": -1}):
        with pytest.raises(ValueError):
            ClusteringSettings(**bad)


ANSWERS = pd.DataFrame({"text_hash": ["a1", "b2", "c3"], "language": ["ja", "ko", "ja"]})


def test_keys_at_the_defaults_are_those_runs_were_stored_under_before_clustering_settings():
    # Computed by main's code before clustering constants were settings (tokenizer version 2): an
    # existing store is not analysed again. Only the names' phrases are found again: phrase version 2
    # keeps the Japanese particles (バスの本数が少ない), so the key's last part changed on purpose.
    keys = cache_keys(ANSWERS, "use-multilingual-v3", AnalysisSettings())
    assert (keys.run, keys.tokens, keys.space, keys.map, keys.phrases) == (
        "9c3b8720396cd50da264328e", "tokens:152e94b484f6e4a2c8e545af", "space:152e94b484f6e4a2c8e545af",
        "map:5ce02ac736721af4fdc576f2", "phrases:152e94b484f6e4a2c8e545af:2")
    keys = cache_keys(ANSWERS, "use-multilingual-v3", AnalysisSettings(n_topics=12, random_state=3))
    assert (keys.run, keys.space, keys.map) == (
        "bd672bdcce83a7b3b91dd688", "space:4a6fd98990bda83d0c90527d", "map:f2d51b627756bf6030c6a940")


@pytest.mark.parametrize("name, value, rebuilt", [
    ("lexical_weight", 0.3, {"space", "map"}),
    ("n_neighbors", 10, {"space", "map"}),
    ("smooth_steps", 2, {"space"}),
    ("theme_range", (3, 8), set()),
    ("topic_range", (8, 30), set()),
    ("low_confidence_margin", 0.1, set()),
])
def test_each_clustering_setting_changes_the_run_and_only_the_artefacts_built_from_it(name, value, rebuilt):
    default = cache_keys(ANSWERS, "m", AnalysisSettings())
    changed = cache_keys(ANSWERS, "m", AnalysisSettings(clustering=ClusteringSettings(**{name: value})))
    assert changed.run != default.run
    assert {k for k in ("tokens", "space", "map") if getattr(changed, k) != getattr(default, k)} == rebuilt


def test_every_setting_is_read_by_a_declared_step_and_steps_read_only_earlier_ones():
    read = {name for step in STEPS for name in step.settings}
    assert {f.name for f in fields(ClusteringSettings)} <= read
    assert {f.name for f in fields(AnalysisSettings)} - {"clustering"} <= read
    names = [step.name for step in STEPS]
    assert len(set(names)) == len(names)
    for i, step in enumerate(STEPS):
        assert all(source not in names or names.index(source) < i for source in step.inputs), step.name


def test_above_the_exact_limit_the_keys_name_the_approximate_neighbour_search(monkeypatch):
    many = pd.DataFrame({"text_hash": [f"h{i}" for i in range(EXACT_NEIGHBOURS + 1)], "language": "ja"})
    few = many.head(EXACT_NEIGHBOURS)
    before = cache_keys(many, "m", AnalysisSettings()), cache_keys(few, "m", AnalysisSettings())
    monkeypatch.setattr(pipeline, "APPROXIMATE_VERSION", "another search")
    after = cache_keys(many, "m", AnalysisSettings()), cache_keys(few, "m", AnalysisSettings())
    assert before[1] == after[1], "an exact search does not depend on the approximate one"
    assert (before[0].run, before[0].space, before[0].map) != (after[0].run, after[0].space, after[0].map)
    assert before[0].run != after[0].run and before[0].tokens == after[0].tokens


def _exit_in_a_worker(parent: int) -> int:
    if os.getpid() != parent:
        os._exit(3)  # the worker process dies, as when it is killed or runs out of memory
    return 42


def test_the_runner_reports_and_times_each_step_and_redoes_what_a_dead_worker_dropped():
    events = []
    with Runner(lambda step, done: events.append((step, done))) as run:
        tokens = run.in_thread(Step("tokenize", "1"), sum, [1, 2, 3])
        assert run.run(Step("embed", "1"), len, "abc") == 3
        assert tokens.result() == 6
        assert run.in_worker(Step("map", "1"), _exit_in_a_worker, os.getpid()).result() == 42
    assert events == [("embed", 0.0), ("embed", 1.0), ("wait_background", 0.0), ("wait_background", 1.0),
                      ("map", 0.0), ("map", 1.0)]
    assert list(run.timings) == ["embed", "wait_background", "tokenize", "map"]
    assert all(seconds >= 0 for seconds in run.timings.values())
