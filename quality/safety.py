"""The automated safety screen: a keyword library matched against every record's masked content.

GB/T 45654 asks that at least 10% of records be screened automatically with at least 98% passing,
with a keyword library of at least 10,000 terms. corpusgrade screens every record (Polars'
Aho-Corasick `str.contains_any`, one pass) with the operator's library; the project ships only a
small seed library, and the report states the size of the library used.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import polars as pl

from quality.drop import mark_dropped

SEED_LIBRARY = "safety_keywords.txt"


def parse_keywords(text: str) -> list[str]:
    """Terms of a library file: one per line; `#` comments and blank lines skipped; unique."""
    terms = {line.strip().lower() for line in text.splitlines()}
    return sorted(t for t in terms if t and not t.startswith("#"))


def load_keywords(path: Path | None = None) -> list[str]:
    """The operator's library at `path`, else the seed library shipped in `quality/packs/`."""
    if path is not None:
        return parse_keywords(path.read_text(encoding="utf-8"))
    seed = resources.files("quality.packs").joinpath(SEED_LIBRARY)
    return parse_keywords(seed.read_text(encoding="utf-8"))


def add_safety_screen(
    df: pl.DataFrame, *, keywords: Sequence[str], column: str = "content_masked"
) -> pl.DataFrame:
    """Add `safety_flagged` (Boolean): the record's text contains a library term.

    >>> df = pl.DataFrame({"content_masked": ["Judi online di sini", "Berita cuaca"]})
    >>> add_safety_screen(df, keywords=["judi online"])["safety_flagged"].to_list()
    [True, False]
    """
    if not keywords or df.height == 0:
        return df.with_columns(pl.lit(False).alias("safety_flagged"))
    text = pl.col(column).fill_null("")
    hit = text.str.contains_any(list(keywords), ascii_case_insensitive=True)
    lowered = text.str.to_lowercase().str.contains_any(list(keywords))
    return df.with_columns((hit | lowered).alias("safety_flagged"))


def safety_reason_expr(columns: Sequence[str]) -> pl.Expr:
    """`safety_keyword` where the screen flagged the record (null without the screen)."""
    if "safety_flagged" not in columns:
        return pl.lit(None, pl.String)
    return pl.when(pl.col("safety_flagged")).then(pl.lit("safety_keyword"))


def apply_safety_filter(df: pl.DataFrame) -> pl.DataFrame:
    """Set `drop_reason` to `safety_keyword` for flagged records that have no reason yet.

    >>> df = pl.DataFrame({"safety_flagged": [True, False], "drop_reason": [None, None]})
    >>> apply_safety_filter(df)["drop_reason"].to_list()
    ['safety_keyword', None]
    """
    if "safety_flagged" not in df.columns:
        return df
    return mark_dropped(df, safety_reason_expr(df.columns))
