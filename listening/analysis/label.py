"""Cluster keywords by class-based TF-IDF, and short labels made from them.

All answers of a cluster are treated as one document; a word scores high when it
is frequent in that cluster and rare across clusters (the c-TF-IDF of BERTopic).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer


def _identity(tokens: Sequence[str]) -> Sequence[str]:
    # Documents arrive already tokenised (listening.text.tokens); a named function, not a
    # lambda, keeps the vectorizer picklable.
    return tokens


def _class_word_counts(
    tokens: Sequence[Sequence[str]], labels: np.ndarray
) -> tuple[np.ndarray, sp.csr_matrix, np.ndarray, np.ndarray]:
    """Classes, class x word counts, vocabulary (sorted) and document frequency per word."""
    classes, class_index = np.unique(labels, return_inverse=True)
    vectorizer = CountVectorizer(analyzer=_identity)
    try:
        doc_word = vectorizer.fit_transform(tokens).tocsr()
    except ValueError:  # every document is empty: no vocabulary at all
        empty = sp.csr_matrix((len(classes), 0), dtype=np.float64)
        return classes, empty, np.array([], dtype=object), np.array([], dtype=np.int64)
    n_docs = doc_word.shape[0]
    indicator = sp.csr_matrix(
        (np.ones(n_docs), (class_index, np.arange(n_docs))), shape=(len(classes), n_docs)
    )
    counts = (indicator @ doc_word).tocsr().astype(np.float64)
    doc_freq = np.asarray((doc_word > 0).sum(axis=0)).ravel()
    return classes, counts, vectorizer.get_feature_names_out(), doc_freq


def ctfidf(counts: sp.csr_matrix) -> sp.csr_matrix:
    """Class-based TF-IDF of a class x term count matrix: tf(w, c) * log(1 + A / f_w), A the mean
    number of words per class (phrases are scored with it too: listening.analysis.names)."""
    words_per_class = np.asarray(counts.sum(axis=1)).ravel()
    word_freq = np.asarray(counts.sum(axis=0)).ravel()
    average = words_per_class.mean() if len(words_per_class) else 0.0
    with np.errstate(divide="ignore"):
        idf = np.log1p(np.where(word_freq > 0, average / np.maximum(word_freq, 1e-300), 0.0))
        inv_size = np.where(words_per_class > 0, 1.0 / np.maximum(words_per_class, 1e-300), 0.0)
    return (sp.diags(inv_size) @ counts @ sp.diags(idf)).tocsr()


def _top_words(
    scores: sp.csr_matrix, row: int, vocab: np.ndarray, n_keywords: int
) -> list[tuple[str, float]]:
    start, end = scores.indptr[row], scores.indptr[row + 1]
    cols, vals = scores.indices[start:end], scores.data[start:end]
    positive = vals > 0
    cols, vals = cols[positive], vals[positive]
    # Vocabulary is sorted, so column index order is word order: ties go alphabetically.
    order = np.lexsort((cols, -vals))[:n_keywords]
    return [(str(vocab[cols[i]]), float(vals[i])) for i in order]


def class_tfidf(
    tokens: Sequence[Sequence[str]],
    labels: np.ndarray,
    n_keywords: int = 10,
    min_df: int = 2,
) -> dict[int, list[tuple[str, float]]]:
    """Top keywords of each cluster, scored by class-based TF-IDF.

    ``tokens`` holds one token list per document and ``labels`` one cluster id per
    document (any integers, noise -1 included). Words found in fewer than
    ``min_df`` documents are ignored, except for a cluster that would be left
    without words, which then uses all its words. Returns, for every label
    present, up to ``n_keywords`` ``(word, score)`` pairs, best first, ties by word.
    """
    labels = np.asarray(labels)
    if len(tokens) != len(labels):
        raise ValueError(f"{len(tokens)} token lists but {len(labels)} labels")
    if len(labels) == 0:
        return {}
    classes, counts, vocab, doc_freq = _class_word_counts(tokens, labels)
    kept = sp.diags((doc_freq >= min_df).astype(np.float64)) if len(vocab) else None
    filtered = (counts @ kept).tocsr() if kept is not None else counts
    filtered.eliminate_zeros()
    scores = ctfidf(filtered)
    fallback = None  # scored on all words, only if some cluster needs it
    result: dict[int, list[tuple[str, float]]] = {}
    for row, label in enumerate(classes):
        emptied = filtered.indptr[row + 1] == filtered.indptr[row]
        if emptied and counts.indptr[row + 1] > counts.indptr[row]:
            if fallback is None:
                fallback = ctfidf(counts)
            result[int(label)] = _top_words(fallback, row, vocab, n_keywords)
        else:
            result[int(label)] = _top_words(scores, row, vocab, n_keywords)
    return result


def label_from_keywords(keywords: Sequence[str], n: int = 3, sep: str = " / ") -> str:
    """A short label from the best ``n`` keywords, e.g. "公園 / 遊具 / 子供".

    A keyword that contains, or is contained in, one already chosen is skipped
    (子育て after 子育て支援), so the label spends its words on different ideas.
    """
    chosen: list[str] = []
    for word in keywords:
        word = str(word)
        if not word or any(word in c or c in word for c in chosen):
            continue
        chosen.append(word)
        if len(chosen) == n:
            break
    return sep.join(chosen)
