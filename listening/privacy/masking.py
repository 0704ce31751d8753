"""Personal data in the data flow: masked at import, masked again when the rules change.

Answers are masked when they are imported, before anything is embedded, tokenised
or shown: the store keeps the masked ``text`` (what the analysis, the pages and the
exports use) beside ``raw_text`` (the original, for staff review only) and one
finding per masked item. Attribute values are masked the same way (hearing-note
titles and header lines become attributes, and a heading such as 「田中花子 090-…」 is
personal data); a field that names a person (代表者, 담당자 ...) is masked whole.

Staff decisions (``MaskRules``: terms and findings that are not personal data, local
proper nouns) apply the next time a dataset is masked: ``remask`` masks every stored
answer again from its original, and ``mask_stored`` does so before an analysis
whenever the detector or the rules changed since the last masking.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from listening.store import Store

from .detect import DETECT_VERSION, mask_texts, normalise_term, render_masked
from .textmap import Finding

FINDING_COLUMNS = ("answer_id", "kind", "start", "end", "original", "field")
# Attribute names whose value is a person (代表者: 田中花子): masked whole, not only what the finders see.
_PERSON_FIELD_RE = re.compile(r"(?:代表者?|氏名|名前|者名|担当者?|記録者?|発言者|話者|回答者|聞き手|参加者|이름|성명|대표자?|담당자?"
                              r"|작성자|기록자|발언자|참석자|name|representative|speaker|recorder|interviewer"
                              r"|contact person)\s*(?:\(note\))?$", re.IGNORECASE)
_SEGMENT_RE = re.compile(r"[^、,，/／・;；\s()（）]+")
_COUNT_RE = re.compile(r"\d+\s*(?:名|人|명|people|persons)?|[\d\-/.:年月日 ]+")


@dataclass(frozen=True)
class MaskRules:
    """What staff decided: ``allow`` terms are not personal data anywhere in the dataset,
    ``allow_findings`` (answer_id, kind, original) are not personal data in that answer,
    ``nouns`` are local proper nouns (places, facilities, mascots) that never name a person."""

    allow: tuple[str, ...] = ()
    allow_findings: tuple[tuple[str, str, str], ...] = ()
    nouns: tuple[str, ...] = ()

    def fingerprint(self) -> str:
        data = json.dumps([sorted(self.allow), sorted(self.allow_findings), sorted(self.nouns)], ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def masking_rules(store: Store, dataset_id: int) -> MaskRules:
    """The dataset's active allow-list and local proper nouns."""
    rules = store.list_privacy_rules(dataset_id)
    allow = rules[(rules["list"] == "allow") & rules["answer_id"].isna()]["term"]
    found = rules[(rules["list"] == "allow") & rules["answer_id"].notna()]
    nouns = rules[rules["list"] == "noun"]["term"]
    return MaskRules(
        allow=tuple(sorted({normalise_term(t) for t in allow})),
        allow_findings=tuple(sorted({(str(r.answer_id), str(r.kind or ""), str(r.term)) for r in found.itertuples()})),
        nouns=tuple(sorted({normalise_term(t) for t in nouns})),
    )


def _allowed(answer_ids: Sequence[str], f: Finding, allowed: set[tuple[str, str, str]]) -> bool:
    return any((aid, f.kind, f.original) in allowed or (aid, "", f.original) in allowed for aid in answer_ids)


def _person_field(value: str, found: list[Finding], rules: MaskRules) -> list[Finding]:
    """Every word of a person field's value that no finder took, as a name (unless staff said
    the word is not personal data or a local proper noun)."""
    allowed = {t.casefold() for t in rules.allow}
    extra = []
    for m in _SEGMENT_RE.finditer(value):
        word = normalise_term(m.group()).casefold()
        if (_COUNT_RE.fullmatch(m.group()) or word in allowed or any(n.casefold() in word for n in rules.nouns)
                or any(f.start < m.end() and m.start() < f.end for f in found)):
            continue
        extra.append(Finding("name", m.start(), m.end(), m.group()))
    return sorted(found + extra, key=lambda f: f.start)


def _mask_rows(answer_ids: list[str], texts: list[str], languages: list[str], raw_attrs: list[dict],
               rules: MaskRules) -> tuple[list[str], list[dict], list[tuple]]:
    """Masked texts, masked attribute dicts and finding rows (row index, kind, start, end, original, field)."""
    masked, found = mask_texts(texts, languages, allow=rules.allow, nouns=rules.nouns)
    allowed = set(rules.allow_findings)
    rows: list[tuple] = []
    for i, items in enumerate(found):
        kept = [f for f in items if not (allowed and _allowed([answer_ids[i]], f, allowed))]
        if len(kept) != len(items):
            masked[i] = render_masked(texts[i], kept, languages[i])
        rows += [(i, f.kind, f.start, f.end, f.original, None) for f in kept]
    # Each distinct (attribute, value) is masked once; its findings are recorded on the first answer holding it.
    carriers: dict[tuple[str, str], list[int]] = {}
    for i, attrs in enumerate(raw_attrs):
        for name, value in attrs.items():
            if isinstance(value, str) and value:
                carriers.setdefault((name, value), []).append(i)
    keys = list(carriers)
    values_masked, values_found = mask_texts([v for _, v in keys], ["auto"] * len(keys),
                                             allow=rules.allow, nouns=rules.nouns)
    replaced: dict[tuple[str, str], str] = {}
    for (name, value), shown, items in zip(keys, values_masked, values_found):
        if _PERSON_FIELD_RE.search(name):
            items = _person_field(value, items, rules)
        held_by = carriers[(name, value)]
        items = [f for f in items if not (allowed and _allowed([answer_ids[i] for i in held_by], f, allowed))]
        if items:
            replaced[(name, value)] = render_masked(value, items, "auto")
            rows += [(held_by[0], f.kind, f.start, f.end, f.original, name) for f in items]
    attrs_out = [{k: replaced.get((k, v), v) for k, v in attrs.items()} for attrs in raw_attrs]
    return masked, attrs_out, rows


def mask_answers(kept: pd.DataFrame, attributes: Sequence[str] = (),
                 rules: MaskRules = MaskRules()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``kept`` with ``text`` and the ``attributes`` columns masked, the originals in ``raw_text``
    and ``raw_attrs`` (JSON), and the findings (answer_id, kind, start, end, original, field;
    start/end index the original text, or the attribute value named by ``field``)."""
    out = kept.copy()
    texts = kept["text"].astype(str).tolist()
    ids = kept["answer_id"].astype(str).tolist()
    names = [a for a in attributes if a in kept.columns]
    frame = kept[names].astype(object).where(kept[names].notna(), None) if names else None
    raw_attrs = ([{k: v for k, v in zip(names, row) if v is not None} for row in frame.itertuples(index=False)]
                 if frame is not None else [{} for _ in ids])
    masked, attrs, rows = _mask_rows(ids, texts, kept["language"].astype(str).tolist(), raw_attrs, rules)
    out["raw_text"] = texts
    out["text"] = masked
    for name in names:
        out[name] = pd.Series([a.get(name) for a in attrs], index=out.index, dtype=kept[name].dtype)
    out["raw_attrs"] = [json.dumps(a, ensure_ascii=False) for a in raw_attrs]
    findings = pd.DataFrame([(ids[i], *rest) for i, *rest in rows], columns=list(FINDING_COLUMNS))
    return out, findings


def remask(store: Store, dataset_id: int, rules: MaskRules | None = None) -> dict[str, int]:
    """Mask every stored answer of a dataset again from its original, with the current
    detector and the staff's rules; returns how many answers were read and changed and
    how many items are masked now. Answers stored before masking existed keep their
    stored text as the original."""
    rules = masking_rules(store, dataset_id) if rules is None else rules
    src = store.masking_sources(dataset_id)
    if src.empty:
        store.set_masking_state(dataset_id, DETECT_VERSION, rules.fingerprint())
        return {"answers": 0, "changed": 0, "findings": 0}
    raw_text = [r if isinstance(r, str) else t for r, t in zip(src["raw_text"], src["text"])]
    raw_attrs = [json.loads(r if isinstance(r, str) else a) for r, a in zip(src["raw_attrs"], src["attrs"])]
    masked, attrs, rows = _mask_rows(src["answer_id"].astype(str).tolist(), raw_text,
                                     src["language"].astype(str).tolist(), raw_attrs, rules)
    attrs_json = [json.dumps(a, ensure_ascii=False) for a in attrs]
    is_changed = [m != t or a != s for m, t, a, s in zip(masked, src["text"], attrs_json, src["attrs"])]
    changed = pd.DataFrame({"pk": src["pk"], "text": masked, "attrs": attrs_json})[is_changed]
    missing = src["raw_text"].isna() | src["raw_attrs"].isna()
    raw = pd.DataFrame({"pk": src["pk"], "raw_text": raw_text,
                        "raw_attrs": [json.dumps(a, ensure_ascii=False) for a in raw_attrs]})[missing.tolist()]
    pks = src["pk"].tolist()
    findings = pd.DataFrame([(pks[i], *rest) for i, *rest in rows],
                            columns=["answer_pk", "kind", "start", "end", "original", "field"])
    store.save_remasking(dataset_id, changed, raw, findings)
    store.set_masking_state(dataset_id, DETECT_VERSION, rules.fingerprint())
    return {"answers": len(src), "changed": int(sum(is_changed)), "findings": len(findings)}


def masking_is_current(store: Store, dataset_id: int) -> bool:
    """True when the dataset was last masked with this detector and the staff's current rules."""
    return store.masking_state(dataset_id) == (DETECT_VERSION, masking_rules(store, dataset_id).fingerprint())


def mask_stored(store: Store, dataset_id: int) -> int:
    """Mask a dataset again when the detector or the rules changed since its last masking
    (or it was stored before masking existed); returns how many answers were read."""
    if masking_is_current(store, dataset_id):
        return 0
    return remask(store, dataset_id)["answers"]


def record_import(store: Store, dataset_id: int, rules: MaskRules) -> None:
    """After an import masked with ``rules``: a dataset whose only batch this is is current."""
    if store.masking_state(dataset_id) is None and len(store.list_batches(dataset_id)) == 1:
        store.set_masking_state(dataset_id, DETECT_VERSION, rules.fingerprint())


def masking_counts(store: Store, dataset_id: int) -> dict[str, int]:
    """Items masked per kind, plus ``manual``: the active manual redaction terms."""
    findings = store.list_findings(dataset_id)
    counts = {str(k): int(v) for k, v in findings["kind"].value_counts().sort_index().items()}
    counts["manual"] = len(store.list_redactions(dataset_id))
    return counts
