"""The streamed chain: bounded batches, Parquet parts and dedup from the parts give the table
the in-memory chain gives, byte for byte."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines.engines import EngineOptions, run_on_engine
from pipelines.engines.stream import plan_stream, rebatch, stream_chain
from quality.chain import ChainConfig, chain_for, unit_lengths
from quality.dedup import DedupParams, find_duplicates
from quality.dedup.params import NearRule
from quality.dedup.stream import find_duplicates_in_parts
from tests.engines.test_engines import CONFIG, corpus, stored_parquet


def _batches(records: pl.DataFrame, size: int) -> list[pl.DataFrame]:
    """`records` in slices of `size` rows (as an ingest stream would give them)."""
    return [records.slice(start, size) for start in range(0, records.height, size)]


@pytest.mark.parametrize(("batch_rows", "workers"), [(5, 1), (7, 2), (1000, 1)])
def test_streamed_chain_writes_the_in_memory_table(
    tmp_path: Path, batch_rows: int, workers: int
) -> None:
    records = corpus()
    expected = run_on_engine(
        records, engine="local", config=CONFIG, options=EngineOptions(workers=1)
    ).records
    assert expected["dup_kind"].drop_nulls().unique().sort().to_list() == ["exact", "near"]
    result = stream_chain(
        _batches(records, 3),
        CONFIG,
        out=tmp_path / "records.parquet",
        spill=tmp_path / "spill",
        batch_rows=batch_rows,
        workers=workers,
    )
    streamed = pl.read_parquet(result.path)
    assert result.rows == records.height
    assert stored_parquet(streamed) == stored_parquet(expected)
    assert len(list((tmp_path / "spill").glob("part-*.parquet"))) == -(-36 // batch_rows)


def test_streamed_subset_of_steps_matches(tmp_path: Path) -> None:
    records = corpus().with_columns(content=pl.col("text"))  # as ingest gives it
    steps = chain_for("text_corpus", only=("signals", "language_filters", "dedup"))
    expected = run_on_engine(
        records, engine="local", config=CONFIG, steps=steps, options=EngineOptions(workers=1)
    ).records
    result = stream_chain(
        [records],
        CONFIG,
        out=tmp_path / "o.parquet",
        spill=tmp_path / "s",
        steps=steps,
        batch_rows=10,
    )
    assert stored_parquet(pl.read_parquet(result.path)) == stored_parquet(expected)


def test_dedup_from_parts_equals_dedup_of_the_whole_table() -> None:
    texts = [f"tài liệu số {n} " + "nội dung khá dài " * (n % 5 + 3) for n in range(40)]
    texts += texts[:5] + [t.replace("dài", "dai", 1) for t in texts[10:14]]
    df = pl.DataFrame(
        {
            "record_id": [f"r{i:03d}" for i in range(len(texts))],
            "content_norm": texts,
            "drop_reason": [None if i % 9 else "markup" for i in range(len(texts))],
        }
    )
    params = DedupParams()
    whole = find_duplicates(df, dataset_type="text_corpus", params=params)
    parts = [(lambda columns, part=part: part.select(columns)) for part in _batches(df, 6)]
    streamed = find_duplicates_in_parts(parts, dataset_type="text_corpus", params=params)
    attached = pl.concat(
        streamed.attach(part, offset=6 * n) for n, part in enumerate(_batches(df, 6))
    )
    assert attached.equals(whole.records)
    assert whole.records["dup_kind"].drop_nulls().n_unique() == 2
    assert streamed.signatures.equals(whole.signatures)
    assert streamed.stats == whole.stats


def test_the_unit_is_decided_from_all_batches_lengths() -> None:
    short = pl.DataFrame({"content": ["Một câu ngắn."] * 30 + ["x" * 2000] * 10})
    config = ChainConfig(dataset_type="text_corpus", declared_languages=("vi",))
    lengths = pl.concat(unit_lengths(b) for b in _batches(short, 7))
    assert config.with_unit_from(lengths).unit == config.with_unit(short).unit == "sentence"
    longer = pl.concat([short, pl.DataFrame({"content": ["y" * 2000] * 40})])
    lengths = pl.concat(unit_lengths(b) for b in _batches(longer, 7))
    assert config.with_unit_from(lengths).unit == config.with_unit(longer).unit == "document"


def test_a_chain_with_a_whole_table_step_is_refused(tmp_path: Path) -> None:
    parallel = ChainConfig(dataset_type="parallel_corpus", declared_languages=("en", "vi"))
    assert plan_stream(chain_for("parallel_corpus"), dataset_type="parallel_corpus") is None
    assert plan_stream(chain_for("text_corpus"), dataset_type="text_corpus") is not None
    with pytest.raises(ValueError, match="whole-table step"):
        stream_chain([], parallel, out=tmp_path / "o.parquet", spill=tmp_path / "s")


def test_rebatch_cuts_exact_sizes_in_order() -> None:
    frames = [pl.DataFrame({"n": list(range(a, b))}) for a, b in ((0, 3), (3, 4), (4, 11))]
    out = list(rebatch(frames, 4))
    assert [f.height for f in out] == [4, 4, 3]
    assert pl.concat(out)["n"].to_list() == list(range(11))


def test_dedup_from_parts_applies_the_units_rule_as_the_whole_table_does() -> None:
    """Streamed dedup verifies pairs with the same function: the sentence rule holds there too."""
    texts = [f"Harga beras naik {n} persen di pasar Jakarta minggu ini." for n in range(12)]
    texts += ["harga beras naik 3 persen di pasar Jakrta minggu ini"]
    df = pl.DataFrame(
        {
            "record_id": [f"r{i:03d}" for i in range(len(texts))],
            "content_norm": texts,
            "drop_reason": [None] * len(texts),
        }
    )
    rule = NearRule(unit="sentence", same_numbers=True, max_word_edits=1, max_edits=2)
    params = DedupParams().for_unit(rule, jaccard=0.5)
    whole = find_duplicates(df, dataset_type="text_corpus", params=params)
    parts = [(lambda columns, part=part: part.select(columns)) for part in _batches(df, 5)]
    streamed = find_duplicates_in_parts(parts, dataset_type="text_corpus", params=params)
    attached = pl.concat(
        streamed.attach(part, offset=5 * n) for n, part in enumerate(_batches(df, 5))
    )
    assert attached.equals(whole.records)
    assert attached["dup_kind"].drop_nulls().to_list() == ["near"]


def test_frame_batches_refuses_an_empty_batch_size() -> None:
    """`RunSettings.batch_rows` 0 is a clear error, not a silent empty table."""
    from pipelines.engines.stream import frame_batches

    table = pl.DataFrame({"a": [1, 2, 3]}).lazy()
    assert [b.height for b in frame_batches(table, 2)] == [2, 1]
    with pytest.raises(ValueError, match="at least one row"):
        list(frame_batches(table, 0))
