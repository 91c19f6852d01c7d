"""The signals speed-ups changed no output (issue 18, item 5: signals CPU time).

`bench/profile_digests.py` runs the whole chain over a 2,000-document sample of the seeded bench
corpus and over the shared real text (langid_dev as a text corpus, PUD English-to-X pairs as
parallel corpora) and digests every output column. `bench/results/chain_digests_2000.json` holds
the digests taken on main before any speed-up; every column must still match.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.profile_digests import chain_digests, column_digests, differences  # noqa: E402

EXPECTED = ROOT / "bench" / "results" / "chain_digests_2000.json"


def test_chain_output_is_byte_identical_to_main(tmp_path: Path) -> None:
    expected = json.loads(EXPECTED.read_text())
    actual = chain_digests(2000, tmp_path)
    assert sorted(actual) == sorted(expected)
    assert all(len(columns) > 40 for columns in actual.values())  # the signal columns are there
    assert differences(expected, actual) == []


def test_a_changed_value_is_reported_by_set_and_column() -> None:
    frame = pl.DataFrame({"a": [1, 2], "q_x": [0.5, 0.25]})
    expected = {"set": column_digests(frame)}
    changed = frame.with_columns(pl.Series("q_x", [0.5, 0.2500001]))
    assert differences(expected, {"set": column_digests(changed)}) == ["set:q_x"]
    assert differences(expected, {"set": column_digests(frame.drop("a"))}) == ["set:a"]
    cast = frame.with_columns(pl.col("a").cast(pl.Int32))
    assert differences(expected, {"set": column_digests(cast)}) == ["set:a"]
