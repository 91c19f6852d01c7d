"""Both sides of a pair: language, script and size per side of a parallel corpus.

Language ID on a zh–vi pair's joined text says ``zh`` (Han characters outweigh Latin letters), so
a parallel corpus used to be reported as one language. Each side is judged on its own here,
with the same identifier and the submission's declared languages; the report and the diversity
measures count both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from quality.langid import LanguageIdentifier, add_language_columns, summarize_languages
from quality.normalize import normalize_texts
from quality.scripts import dominant_script_expr, script_counts
from quality.units import count_units_expr

SIDES: dict[str, str] = {"src_": "source", "tgt_": "target"}
"""Column prefix of each side -> the type column it is computed from."""


def add_side_signals(
    df: pl.DataFrame,
    *,
    declared: Sequence[str],
    identifier: LanguageIdentifier | None = None,
) -> pl.DataFrame:
    """Add ``{src_,tgt_}lang``, ``lang_score``, ``lang_share``, ``lang_matches_declared``,
    ``script`` and ``n_units`` for the ``source`` and ``target`` columns; rows and order kept."""
    ident = identifier if identifier is not None else LanguageIdentifier.default()
    decisive = [rule.script for rule in ident.rules.scripts]
    for prefix, column in SIDES.items():
        text = normalize_texts(df.get_column(column).cast(pl.String)).alias("_side")
        counts = script_counts(text, scripts=decisive)
        side = add_language_columns(
            pl.DataFrame({"_side": text}),
            column="_side",
            declared=declared,
            identifier=ident,
            prefix=prefix,
            counts=counts,
        )
        df = df.with_columns(
            *side.drop("_side").get_columns(),
            counts.select(dominant_script_expr().alias(f"{prefix}script")).to_series(),
            pl.select(count_units_expr(pl.lit(text))).to_series().alias(f"{prefix}n_units"),
        )
    return df


def both_sides(df: pl.DataFrame) -> pl.DataFrame:
    """The language columns of both sides stacked (two rows per pair), unprefixed."""
    names = ["lang", "lang_score", "lang_share", "lang_matches_declared", "script"]
    return pl.concat(
        [df.select([pl.col(f"{p}{n}").alias(n) for n in names]) for p in SIDES],
        how="vertical",
    )


def summarize_sides(df: pl.DataFrame, *, declared: Sequence[str]) -> dict[str, Any]:
    """Report part ``sides``: the languages and scripts of each side of the pairs."""
    out: dict[str, Any] = {}
    for prefix, column in SIDES.items():
        scripts = df.group_by(f"{prefix}script").len().sort(f"{prefix}script")
        out[column] = {
            "languages": summarize_languages(df, declared=declared, prefix=prefix),
            "scripts": {str(s): int(n) for s, n in scripts.iter_rows()},
            "units": int(df.get_column(f"{prefix}n_units").sum()),
        }
    return out
