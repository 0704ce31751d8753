"""Exact and near-duplicate answers, bursts of them in one batch, and counting each once.

Two answers are exact duplicates when their texts agree after normalisation (NFKC,
case folding, with whitespace, punctuation and symbols removed), so "バスを増やして。"
and "バスを増やして!!" are one opinion. They are near duplicates when their sentence
vectors have cosine >= ``threshold`` (0.95 by default: with the bundled USE model,
answers differing by one adverb or particle score 0.96-0.99, while swapping the
subject noun, バス for 電車, drops below 0.7). Groups are the connected components
of both kinds of links, so A~B and B~C put A, B and C in one group even when A and C
are a little further apart; each member's ``similarity`` to the group's first answer
shows how far a chain has drifted.

Not every group is worth a look: ten visitors who each wrote 食べ物が美味しい, or eight who
wrote 駐車場, agree, they did not copy. :func:`suspicious_groups` keeps the groups that are
long enough or worded rarely enough that the same words from several people are unlikely
by chance (the rule is in its docstring).

Nothing is dropped here: ``count_once`` returns a mask that staff choose to apply.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from listening.embed import normalise_rows

GROUP_COLUMNS = ("position", "group", "size", "kind", "representative", "similarity")
BURST_COLUMNS = ("group", "batch", "count", "batch_size", "share", "densest_run", "concentration", "reason")
# Every pair is screened up to here; above, each answer only against its nearest cells.
BRUTE_FORCE_LIMIT = 20_000
PROBES = 4
CELLS_PER_ROOT = 1.0
PROJECTION_DIMS = 64
_BLOCK_CELLS = 16_000_000  # distances per block: 64 MB of float32
_DROPPED_CATEGORIES = ("P", "S", "Z", "C")  # punctuation, symbols, separators, controls
# Identical answers this long (letters and digits after normalisation) are unlikely by chance: on the three
# Fukui monthly exports (6,390 answers) 8 of 189 exact groups reach it, each a copied sentence.
LONG_CHARS = 20
# A character pair is common wording when this many answers outside the group use it too.
COMMON_IN = 3


def duplicate_keys(texts: Sequence[str]) -> list[str]:
    """Each text as compared for exact duplicates: NFKC, casefolded, with only letters,
    marks and digits left ("ー" is a letter, so ラーメン keeps its long vowel)."""
    folded = [unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", str(t)).casefold()) for t in texts]
    # One deletion table for the characters these texts use: str.translate runs in C.
    drop = {ord(ch): None for ch in set("".join(folded))
            if unicodedata.category(ch)[0] in _DROPPED_CATEGORIES}
    return [t.translate(drop) for t in folded]


def duplicate_groups(texts: Sequence[str], vectors: np.ndarray | None, threshold: float = 0.95) -> pd.DataFrame:
    """One row per answer that has at least one duplicate, grouped.

    Columns: ``position`` (row in ``texts``), ``group`` (0, 1, ... in order of each
    group's first answer), ``size``, ``kind`` ("exact" when every member has the same
    normalised text, else "near"), ``representative`` (position of the group's first
    answer, the one kept by :func:`count_once`) and ``similarity`` (cosine to the
    representative; 1.0 for exact groups without vectors). ``vectors`` = one row per
    text (any scale); ``None`` finds exact duplicates only. Answers whose text is
    empty after normalisation are never grouped by text.
    """
    n = len(texts)
    if vectors is not None and len(vectors) != n:
        raise ValueError(f"{len(vectors)} vectors for {n} texts")
    keys = duplicate_keys(texts)
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object))
    rows, cols = _same_key_pairs(codes, np.array([k == "" for k in uniques], dtype=bool))
    units = None
    if vectors is not None and n > 1:
        units = normalise_rows(vectors)
        near_rows, near_cols = near_pairs(units, threshold)
        rows, cols = np.concatenate([rows, near_rows]), np.concatenate([cols, near_cols])
    if len(rows) == 0:
        return _empty_groups()
    graph = sp.coo_matrix((np.ones(len(rows), np.int8), (rows, cols)), shape=(n, n)).tocsr()
    _, component = connected_components(graph, directed=False)
    sizes = np.bincount(component)
    position = np.flatnonzero(sizes[component] > 1)  # ascending, so each group's first row comes first
    comp = component[position]
    first = {}
    for p, c in zip(position.tolist(), comp.tolist()):
        first.setdefault(c, p)
    group_of = {c: g for g, c in enumerate(first)}
    representative = np.array([first[c] for c in comp.tolist()], dtype=np.int64)
    group = np.array([group_of[c] for c in comp.tolist()], dtype=np.int64)
    member_codes = pd.Series(codes[position]).groupby(group).nunique().to_numpy()
    kind = np.where(member_codes[group] == 1, "exact", "near")
    if units is not None:
        similarity = np.einsum("ij,ij->i", units[position], units[representative]).astype(float)
    else:
        similarity = np.ones(len(position))
    return pd.DataFrame({
        "position": position.astype(np.int64), "group": group, "size": sizes[comp].astype(np.int64),
        "kind": kind, "representative": representative, "similarity": np.round(similarity, 4),
    })


def suspicious_groups(groups: pd.DataFrame, texts: Sequence[str], long_chars: int = LONG_CHARS,
                      common_in: int = COMMON_IN) -> pd.DataFrame:
    """The rows of ``groups`` (from :func:`duplicate_groups` on ``texts``) whose group is worth a
    look: long, or worded rarely.

    The rule: a group is suspicious when its answers are at least ``long_chars`` (20)
    letters and digits long after normalisation (the median member), or when its wording
    is rare: fewer than half of the character pairs of its representative's normalised text
    (the character itself for a one-character answer) occur in ``common_in`` (3) or more
    answers outside the group. Everyday short answers are made of everyday pairs
    (食べ物が美味しい, 駐車場, トイレが綺麗: every pair common); a slogan several people pasted
    is not (市長リコール反対: 長リ, リコ, ル反 appear nowhere else). On the three Fukui monthly
    exports (6,390 answers) 10 of 189 exact groups stay: 8 long ones, 上記同様 and まぁ満足.
    Group ids stay as they were.
    """
    if groups.empty:
        return groups
    keys = duplicate_keys(texts)
    # Pairs of characters, and single characters for the answers of one character (蟹 is in 蟹が美味しい).
    units = [set(k) if len(k) == 1 else _pairs(k) for k in keys]
    use = Counter(u for k in keys for u in _pairs(k) | set(k))
    keep = []
    for _, part in groups.groupby("group", sort=False):
        positions = part["position"].tolist()
        length = float(np.median([len(keys[p]) for p in positions]))
        inside = Counter(u for p in positions for u in _pairs(keys[p]) | set(keys[p]))
        pairs = units[int(part["representative"].iloc[0])]
        common = sum(use[u] - inside[u] >= common_in for u in pairs)
        if length >= long_chars or common * 2 < len(pairs):
            keep.append(int(part["group"].iloc[0]))
    return groups[groups["group"].isin(keep)].reset_index(drop=True)


def _pairs(key: str) -> set[str]:
    return {key[i:i + 2] for i in range(len(key) - 1)}


def near_pairs(units: np.ndarray, threshold: float = 0.95, random_state: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) with rows < cols of pairs of unit rows with cosine >= ``threshold``.

    Cosine >= t means distance <= sqrt(2 - 2t), and a projection onto orthonormal
    axes never lengthens a distance, so pairs are first screened on a 64-d PCA
    projection (8x less arithmetic than 512-d) and only survivors are checked on the
    full vectors. Up to ``BRUTE_FORCE_LIMIT`` rows every pair is screened: exact.
    Above, a row is screened only against the rows of the ``PROBES`` cells (seeded
    k-means on the projection, sqrt(n) cells) nearest to it, which keeps 100k answers
    to seconds; pairs this close nearly always share one of those cells (every pair
    found by the exact search at 20k was found; see tests).
    """
    units = np.ascontiguousarray(units, dtype=np.float32)
    n = len(units)
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    proj = _projection(units, random_state)
    sq = np.einsum("ij,ij->i", proj, proj)
    limit = max(2.0 - 2.0 * threshold, 0.0) + 1e-4  # squared distance; slack for float32 rounding
    if n <= BRUTE_FORCE_LIMIT:
        rows, cols = _screen_all(proj, sq, limit)
    else:
        rows, cols = _screen_in_cells(proj, sq, limit, random_state)
    keep = np.zeros(len(rows), dtype=bool)
    for s in range(0, len(rows), 65_536):  # in chunks: gathering 250k pairs of rows at once takes 1 GB
        r, c = rows[s : s + 65_536], cols[s : s + 65_536]
        keep[s : s + 65_536] = np.einsum("ij,ij->i", units[r], units[c]) >= threshold
    return rows[keep], cols[keep]


def _projection(units: np.ndarray, random_state: int) -> np.ndarray:
    if units.shape[1] <= PROJECTION_DIMS or len(units) <= PROJECTION_DIMS:
        return units
    from sklearn.decomposition import PCA

    rng = np.random.default_rng(random_state)
    fit = units[rng.choice(len(units), size=min(len(units), 5000), replace=False)]
    pca = PCA(PROJECTION_DIMS, svd_solver="covariance_eigh").fit(fit)  # 512x512 eigh: ~50 ms
    return np.ascontiguousarray(pca.transform(units), dtype=np.float32)


def _screen_all(proj: np.ndarray, sq: np.ndarray, limit: float) -> tuple[np.ndarray, np.ndarray]:
    n = len(proj)
    chunk = max(256, _BLOCK_CELLS // n)
    found_r, found_c = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for start in range(0, n, chunk):
        # Only columns from ``start`` on: pairs left of it were screened by earlier blocks.
        d2 = sq[start : start + chunk, None] + sq[None, start:] - 2.0 * (proj[start : start + chunk] @ proj[start:].T)
        r, c = np.nonzero(d2 <= limit)
        keep = c > r  # drops each row's pair with itself and the mirrored half of the block
        found_r.append(r[keep] + start)
        found_c.append(c[keep] + start)
    return np.concatenate(found_r).astype(np.int64), np.concatenate(found_c).astype(np.int64)


def _screen_in_cells(proj: np.ndarray, sq: np.ndarray, limit: float, random_state: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(proj)
    n_cells = int(CELLS_PER_ROOT * np.sqrt(n))
    rng = np.random.default_rng(random_state)
    sample = proj[rng.choice(n, size=min(n, 20 * n_cells), replace=False)]
    centres = sample[:n_cells].copy()
    for _ in range(3):  # a few Lloyd steps on a sample: cells only need to be compact, not optimal
        label = np.argmin(_sq_distances(sample, centres), axis=1)
        counts = np.bincount(label, minlength=n_cells)
        sums = np.zeros_like(centres)
        np.add.at(sums, label, sample)
        centres = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centres).astype(np.float32)
    probes = min(PROBES, n_cells)
    near = np.empty((n, probes), dtype=np.int64)
    for s in range(0, n, 8192):  # in chunks: the full n x cells distance matrix is not needed
        dist = _sq_distances(proj[s : s + 8192], centres)
        part = np.argpartition(dist, probes - 1, axis=1)[:, :probes]
        # Nearest first, so column 0 is the row's own cell.
        near[s : s + 8192] = np.take_along_axis(part, np.argsort(np.take_along_axis(dist, part, 1), axis=1), 1)
    label = near[:, 0]
    by_cell = np.argsort(label, kind="stable")
    cell_start = np.searchsorted(label[by_cell], np.arange(n_cells + 1))
    flat = near.ravel()
    by_probe = np.argsort(flat, kind="stable")
    probe_start = np.searchsorted(flat[by_probe], np.arange(n_cells + 1))
    found_r, found_c = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for cell in range(n_cells):
        members = by_cell[cell_start[cell] : cell_start[cell + 1]]
        visitors = by_probe[probe_start[cell] : probe_start[cell + 1]] // probes  # rows probing this cell
        if len(members) == 0 or len(visitors) == 0:
            continue
        d2 = sq[visitors, None] + sq[None, members] - 2.0 * (proj[visitors] @ proj[members].T)
        r, c = np.nonzero(d2 <= limit)
        a, b = visitors[r], members[c]
        keep = a != b
        found_r.append(np.minimum(a[keep], b[keep]))
        found_c.append(np.maximum(a[keep], b[keep]))
    pairs = np.unique(np.stack([np.concatenate(found_r), np.concatenate(found_c)]), axis=1)
    return pairs[0].astype(np.int64), pairs[1].astype(np.int64)


def _sq_distances(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    return (x**2).sum(axis=1)[:, None] - 2.0 * (x @ centres.T) + (centres**2).sum(axis=1)[None, :]


def coordinated_bursts(
    groups: pd.DataFrame,
    batch_ids: Sequence,
    order: Sequence | None = None,
    min_size: int = 5,
    share_of_batch: float = 0.01,
    window: int = 50,
) -> pd.DataFrame:
    """Duplicate groups that look like coordinated submissions within one batch.

    The rule, per group and batch: the batch holds at least ``min_size`` of the
    group's answers, and either they make up at least ``share_of_batch`` of the batch
    (reason "share": one wording is a visible part of that month), or ``min_size`` of
    them arrived within ``window`` consecutive answers of the batch in ``order``
    (submission time or row number; default the position) (reason "consecutive":
    a form filled in again and again). Both reasons read "share+consecutive".
    ``concentration`` is the part of the whole group that falls in this batch: a
    wording repeated every month is less suspicious than one that appears only once.
    A flag is a prompt for staff to look, not proof.
    """
    batch = pd.Series(list(batch_ids), dtype=object)
    n = len(batch)
    order_key = np.arange(n) if order is None else np.asarray(pd.Series(list(order)).rank(method="first"))
    if len(order_key) != n:
        raise ValueError(f"{len(order_key)} order keys for {n} answers")
    batch_size = batch.value_counts()
    # Rank of each answer inside its own batch, so "consecutive" means within the batch.
    frame = pd.DataFrame({"batch": batch, "key": order_key})
    rank_in_batch = frame.groupby("batch", sort=False)["key"].rank(method="first").to_numpy()
    rows = []
    members = groups[["group", "position"]].copy()
    members["batch"] = batch.to_numpy()[members["position"].to_numpy()]
    group_size = members.groupby("group").size()
    for (g, b), part in members.groupby(["group", "batch"], sort=True):
        count = len(part)
        if count < min_size:
            continue
        ranks = np.sort(rank_in_batch[part["position"].to_numpy()])
        # Most members inside any run of ``window`` consecutive answers of the batch.
        densest = int((np.searchsorted(ranks, ranks + window, side="left") - np.arange(count)).max())
        share = count / int(batch_size[b])
        hits = {"share": share >= share_of_batch, "consecutive": densest >= min_size}
        reasons = [name for name, hit in hits.items() if hit]
        if reasons:
            rows.append({"group": int(g), "batch": b, "count": count, "batch_size": int(batch_size[b]),
                         "share": share, "densest_run": densest,
                         "concentration": count / int(group_size[g]), "reason": "+".join(reasons)})
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in BURST_COLUMNS})
    return pd.DataFrame(rows, columns=list(BURST_COLUMNS)).sort_values(
        ["count", "group"], ascending=[False, True], kind="stable").reset_index(drop=True)


def count_once(answers: pd.DataFrame, groups: pd.DataFrame, only: Iterable[int] | None = None) -> pd.Series:
    """Which answers to keep when duplicate groups count once: every answer outside a
    group, and each group's representative. ``only`` = the group ids staff chose to
    count once (the others keep all their answers); ``None`` means every group.
    Positions in ``groups`` are rows of ``answers`` in order. Returns a bool Series
    on ``answers.index``."""
    keep = np.ones(len(answers), dtype=bool)
    chosen = groups if only is None else groups[groups["group"].isin(list(only))]
    if len(chosen) and int(chosen["position"].max()) >= len(answers):
        raise ValueError("the duplicate groups refer to rows these answers do not have")
    extra = chosen["position"].to_numpy() != chosen["representative"].to_numpy()
    keep[chosen["position"].to_numpy()[extra]] = False
    return pd.Series(keep, index=answers.index, dtype=bool)


def _same_key_pairs(codes: np.ndarray, empty_code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Links from each answer to the first answer with the same non-empty key (a star per key)."""
    valid = ~empty_code[codes]
    positions = np.arange(len(codes))
    first = np.full(len(empty_code), len(codes), dtype=np.int64)
    np.minimum.at(first, codes, positions)
    rows = positions[valid & (first[codes] != positions)]
    return first[codes[rows]], rows


def _empty_groups() -> pd.DataFrame:
    return pd.DataFrame({
        "position": pd.Series(dtype=np.int64), "group": pd.Series(dtype=np.int64),
        "size": pd.Series(dtype=np.int64), "kind": pd.Series(dtype=object),
        "representative": pd.Series(dtype=np.int64), "similarity": pd.Series(dtype=float),
    })
