"""Batch sizes from a memory budget, so a large submission never holds all its signals at once.

The signals stage holds several derived copies of each text (normalised, masked per column, the
language-ID and heuristic intermediates); `EXPANSION` is that measured multiple of the raw text
size, with headroom. A batch is as many records as fit the budget at that multiple.
"""

from __future__ import annotations

import polars as pl

EXPANSION = 12
"""Peak bytes the signals stage needs per byte of record text (measured ~8x, rounded up)."""
MIN_ROWS = 1_000
MAX_ROWS = 200_000
DEFAULT_BUDGET = 2 * 1024**3
"""Bytes one batch may use (2 GiB): with the dedup tables this keeps a 1M run under 6 GiB."""


def text_bytes(records: pl.DataFrame) -> int:
    """Return the UTF-8 bytes of all string columns of `records`."""
    columns = [name for name, dtype in records.schema.items() if dtype == pl.String]
    if not columns or records.height == 0:
        return 0
    sizes = records.select(pl.sum_horizontal(pl.col(c).str.len_bytes().sum() for c in columns))
    return int(sizes.item() or 0)


def batch_rows_for(records: pl.DataFrame, *, memory_budget: int = DEFAULT_BUDGET) -> int:
    """Return the rows per batch so one batch's stages fit `memory_budget` bytes.

    >>> batch_rows_for(pl.DataFrame({"text": ["x" * 1000] * 10}), memory_budget=12_000_000)
    1000
    """
    per_row = max(1, text_bytes(records) // max(1, records.height))
    rows = memory_budget // (per_row * EXPANSION)
    return int(min(MAX_ROWS, max(MIN_ROWS, rows)))
