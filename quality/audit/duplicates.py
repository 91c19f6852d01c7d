"""Duplicate-pair audit tasks: a sample of near-duplicate removals shown beside their survivor.

These records were dropped by dedup (drop_reason duplicate_near), so they are the one exception
to "only kept records are sampled": the audit checks that the removal was right.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from quality.audit.strata import DUPLICATE_TASK

NEEDED = ("dup_kind", "dup_of", "content_masked", "source_file")


def duplicate_pair_tasks(records: pl.DataFrame, *, seed: int, count: int) -> pl.DataFrame:
    """Up to ``count`` near-duplicate removals (text_a_masked) beside survivors (text_b_masked).

    Returns no rows when the records carry no dedup or masked columns.
    """
    if any(name not in records.columns for name in NEEDED):
        return pl.DataFrame()
    removed = records.filter((pl.col("dup_kind") == "near") & pl.col("dup_of").is_not_null())
    removed = removed.sort("record_id")
    keys = np.random.default_rng([seed, 3]).random(removed.height)
    picked = removed.with_columns(_key=pl.Series(keys, dtype=pl.Float64)).sort("_key").head(count)
    survivors = records.select(pair_record_id="record_id", text_b_masked="content_masked")
    return picked.join(survivors, left_on="dup_of", right_on="pair_record_id", how="inner").select(
        "record_id",
        "source_file",
        pair_record_id=pl.col("dup_of"),
        text_a_masked="content_masked",
        text_b_masked="text_b_masked",
        audit_task=pl.lit(DUPLICATE_TASK),
        stratum=pl.lit("duplicate_near"),
        purpose=pl.lit("quality"),
        in_quality=pl.lit(True),
        in_safety=pl.lit(False),
        in_source_safety=pl.lit(False),
        is_gold=pl.lit(False),
        gold_answer=pl.lit(None, dtype=pl.Utf8),
    )
