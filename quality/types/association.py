"""Translation-association score learned from the submission itself (no dictionary, no model).

Why: shuffled or shifted pairs often have plausible lengths. Like hunalign without a dictionary,
we count how often a source token and a target token occur in the same pair across the whole
submission; a true pair shares tokens that co-occur elsewhere too. Each pair's own co-occurrence
is left out, so a pair cannot vouch for itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import regex
import scipy.sparse as sp

_WORD = regex.compile(r"[\p{Latin}\p{N}]+")
_UNSPACED = regex.compile(r"[\p{Han}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Hiragana}\p{Katakana}]+")


def tokens(text: str) -> set[str]:
    """Lower-cased Latin words and digits, plus character unigrams and bigrams of unspaced runs."""
    lowered = text.lower()
    found = set(_WORD.findall(lowered))
    for run in _UNSPACED.findall(lowered):
        found.update(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found


def _incidence(docs: Sequence[set[str]]) -> sp.csr_matrix:
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, doc in enumerate(docs):
        for token in sorted(doc):  # set order varies per process; sums must not
            rows.append(row)
            cols.append(vocab.setdefault(token, len(vocab)))
    data = np.ones(len(rows), dtype=np.float64)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(docs), max(len(vocab), 1)))


def association_scores(sources: Sequence[str], targets: Sequence[str]) -> np.ndarray:
    """Mean best leave-one-out Dice association per pair; NaN where no token repeats."""
    x = _incidence([tokens(s) for s in sources])
    y = _incidence([tokens(t) for t in targets])
    co = (x.T @ y).tocsr()
    src_df = np.asarray(x.sum(axis=0)).ravel()
    tgt_df = np.asarray(y.sum(axis=0)).ravel()
    scores = np.full(x.shape[0], np.nan)
    for row in range(x.shape[0]):
        scores[row] = _pair_score(co, x[row].indices, y[row].indices, src_df, tgt_df)
    return scores


def _pair_score(
    co: sp.csr_matrix, src: np.ndarray, tgt: np.ndarray, src_df: np.ndarray, tgt_df: np.ndarray
) -> float:
    src = src[src_df[src] >= 2]
    tgt = tgt[tgt_df[tgt] >= 2]
    if src.size == 0 or tgt.size == 0:
        return float("nan")
    shared = co[src][:, tgt].toarray() - 1.0
    dice = 2.0 * shared / ((src_df[src] - 1.0)[:, None] + (tgt_df[tgt] - 1.0)[None, :])
    return float(np.mean(dice.max(axis=1)))
