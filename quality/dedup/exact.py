"""Exact-duplicate keys per dataset type, hashed with xxh3-128 on lightly normalised fields.

A record's *key* is what must not repeat (the normalised text `content_norm`; the instruction
and its input; the source and target of a pair) and its *payload* is what a repeat may
legitimately disagree on (an instruction's output, a classification label). Records with equal
key and payload are exact duplicates; equal key but different payload is a conflict (flagged,
not dropped: which answer is right is a label-quality question for the audit).
"""

from __future__ import annotations

import polars as pl
import xxhash

_SEP = "\x1f"
_SLICE = 20_000

KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "text_corpus": ("content_norm",),
    "ner": ("content_norm",),
    "classification": ("content_norm",),
    "instruction": ("instruction", "input"),
    "parallel_corpus": ("source", "target"),
}
"""Columns that form the exact-duplicate key, per dataset type."""

PAYLOAD_COLUMNS: dict[str, tuple[str, ...]] = {
    "classification": ("label",),
    "instruction": ("output",),
}
"""Columns whose disagreement under an equal key is flagged as a conflict, per dataset type."""

CONFLICT_FLAG: dict[str, str] = {
    "classification": "conflicting_label",
    "instruction": "conflicting_output",
}
"""Name of the conflict flag column, per dataset type."""


def _normalised(column: str) -> pl.Expr:
    """Return the column as NFKC text with collapsed whitespace, so trivial variants match.

    `content_norm` is already normalised by the signals stage and is used as it is.
    """
    if column == "content_norm":
        return pl.col(column).cast(pl.Utf8).fill_null("")
    text = pl.col(column).cast(pl.Utf8).fill_null("").str.normalize("NFKC")
    return text.str.replace_all(r"\s+", " ").str.strip_chars()


def _hash_values(values: pl.Series) -> pl.Series:
    """Return xxh3-128 hex digests (stable across versions, unlike Polars' own hash).

    xxhash has no batch API, so this is one native call per record, done slice by slice so
    that only one slice of Python strings exists at a time.
    """
    parts = [
        pl.Series(values.name, [_digest(v) for v in values.slice(lo, _SLICE).to_list()], pl.Utf8)
        for lo in range(0, len(values), _SLICE)
    ]
    return pl.concat(parts) if parts else pl.Series(values.name, [], dtype=pl.Utf8)


def _digest(value: str) -> str:
    """Return the xxh3-128 hex digest of a text's UTF-8 bytes."""
    return xxhash.xxh3_128_hexdigest(value.encode("utf-8"))


def key_hash(columns: tuple[str, ...]) -> pl.Expr:
    """Return an expression hashing the normalised columns joined by a unit separator."""
    joined = pl.concat_str([_normalised(c) for c in columns], separator=_SEP)
    return joined.map_batches(_hash_values, return_dtype=pl.Utf8)


def exact_columns(df: pl.DataFrame, *, dataset_type: str) -> pl.DataFrame:
    """Return `exact_hash` (key + payload) and `key_hash` (key only) for each row of `df`."""
    if dataset_type not in KEY_COLUMNS:
        msg = f"unknown dataset_type {dataset_type!r}; expected one of {sorted(KEY_COLUMNS)}"
        raise ValueError(msg)
    key = KEY_COLUMNS[dataset_type]
    payload = PAYLOAD_COLUMNS.get(dataset_type, ())
    if not payload:
        return df.select(exact_hash=key_hash(key)).with_columns(key_hash=pl.col("exact_hash"))
    return df.select(exact_hash=key_hash(key + payload), key_hash=key_hash(key))


def conflict_flags(keys: pl.DataFrame) -> pl.Series:
    """Return True where a record's key is shared by a record with a different payload.

    `keys` has `key_hash` and `exact_hash`, null for rows that do not take part.
    """
    distinct = pl.col("exact_hash").n_unique().over("key_hash")
    flag = pl.when(pl.col("key_hash").is_null()).then(None).otherwise(distinct > 1)
    return keys.select(flag.alias("conflict")).to_series()
