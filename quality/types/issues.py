"""The first-issue rule shared by every type check: `t_issue` names the first failed rule."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl


def first_issue(rules: Sequence[tuple[pl.Expr, str]]) -> pl.Expr:
    """A Utf8 expression: the code of the first rule whose condition is true, else null."""
    if not rules:
        return pl.lit(None, dtype=pl.Utf8)
    (condition, code), *rest = rules
    chained: Any = pl.when(condition.fill_null(False)).then(pl.lit(code))
    for condition, code in rest:
        chained = chained.when(condition.fill_null(False)).then(pl.lit(code))
    return chained.otherwise(pl.lit(None, dtype=pl.Utf8)).alias("t_issue")
