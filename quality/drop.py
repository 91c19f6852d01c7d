"""`drop_reason` and the one merge into it: the first failure wins.

Every drop step of the chain (`quality.chain`) and dedup return a reason expression; only
`mark_dropped` writes the column. A record that already has a reason keeps it, so the reason is
always the first step (and within a step the first rule) the record failed. Rows and their
order are kept: a dropped record stays in the table with its reason.
"""

from __future__ import annotations

import polars as pl

DROP_REASON = "drop_reason"


def mark_dropped(df: pl.DataFrame, reason: pl.Expr | pl.Series) -> pl.DataFrame:
    """Set `drop_reason` to `reason` where the record has none yet (null `reason` keeps it).

    >>> df = pl.DataFrame({"drop_reason": ["gopher_min_units", None, None]})
    >>> new = pl.Series(["safety_keyword", "safety_keyword", None])
    >>> mark_dropped(df, new)["drop_reason"].to_list()
    ['gopher_min_units', 'safety_keyword', None]
    """
    current = pl.col(DROP_REASON) if DROP_REASON in df.columns else pl.lit(None, pl.String)
    merged = pl.coalesce(current, reason).cast(pl.String)
    return df.with_columns(merged.alias(DROP_REASON))
