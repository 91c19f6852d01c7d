"""Confident-learning mislabel flags (cleanlab) on TF-IDF char n-grams + logistic regression.

Why char n-grams: they work for Chinese, Thai and spaced scripts without a tokenizer. Probabilities
are out-of-fold (seeded stratified folds), as confident learning requires.

cleanlab and scikit-learn are imported when a classification set is judged, not with the module:
importing them (with pandas, scipy and datasets) took 4-8 CPU-seconds, paid by every worker
process of every chain run although only classification submissions use them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

MIN_RECORDS = 50
MIN_PER_CLASS = 5
_FOLDS = 5
_SEED = 0


def mislabel_flags(texts: Sequence[str], labels: Sequence[str | None]) -> np.ndarray | None:
    """Boolean flags per record (False where not judged); None when there is too little data."""
    label_array = np.array([label if label is not None else "" for label in labels], dtype=object)
    classes, counts = np.unique(label_array[label_array != ""], return_counts=True)
    usable = set(classes[counts >= MIN_PER_CLASS].tolist())
    mask = np.array([label in usable for label in label_array])
    if mask.sum() < MIN_RECORDS or len(usable) < 2:
        return None
    flags = np.zeros(len(label_array), dtype=bool)
    flags[mask] = _flags_for(np.asarray(texts, dtype=object)[mask], label_array[mask])
    return flags


def _flags_for(texts: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Out-of-fold probabilities of a char n-gram classifier, then cleanlab's label issues."""
    from cleanlab.filter import find_label_issues
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    classes = sorted(set(labels.tolist()))
    encoded = np.array([classes.index(label) for label in labels])
    features = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=2).fit_transform(
        texts.tolist()
    )
    model = LogisticRegression(max_iter=1000, random_state=_SEED)
    folds = StratifiedKFold(n_splits=_FOLDS, shuffle=True, random_state=_SEED)
    probabilities = cross_val_predict(model, features, encoded, cv=folds, method="predict_proba")
    # n_jobs=1: cleanlab otherwise forks a multiprocessing pool, which deadlocks in a process
    # that already runs threads (Polars, Dagster, Ray); one process is fast enough here.
    issues = find_label_issues(labels=encoded, pred_probs=probabilities, n_jobs=1)
    return np.asarray(issues, dtype=bool)
