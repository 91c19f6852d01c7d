"""The dedup registry: matches across submissions, re-runs, resubmissions, overlap shares."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from pipelines.registry import Registry
from quality.dedup import DedupParams, find_duplicates

PARAMS = DedupParams()


def doc(seed: int) -> str:
    """Return a seeded 200-word latin document."""
    rng = random.Random(seed)
    return " ".join("".join(rng.choices("abcdefghij", k=5)) for _ in range(200))


def signatures(texts: list[str], prefix: str, params: DedupParams = PARAMS) -> pl.DataFrame:
    """Return the signature table of a text_corpus submission."""
    df = pl.DataFrame(
        {
            "record_id": [f"{prefix}{i}" for i in range(len(texts))],
            "content_norm": texts,
            "drop_reason": [None] * len(texts),
        },
        schema_overrides={"drop_reason": pl.Utf8},
    )
    return find_duplicates(df, dataset_type="text_corpus", params=params).signatures


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[Registry]:
    """An open registry in a temporary DuckDB file (closed after the test)."""
    with Registry(tmp_path / "registry.duckdb") as reg:
        yield reg


def test_rerunning_a_submission_never_matches_itself(registry: Registry) -> None:
    sigs = signatures([doc(1), doc(2)], "a")
    registry.store("s1", sigs, content_fingerprint="f1")
    registry.store("s1", sigs, content_fingerprint="f1")
    assert registry.match("s1", sigs).is_empty()
    count = registry.con.execute("SELECT count(*) FROM dedup_records").fetchone()
    assert count == (2,)


def test_a_resubmission_under_a_new_id_matches_everything(registry: Registry) -> None:
    texts = [doc(i) for i in range(5)] + [""]
    registry.store("s1", signatures(texts, "a"), content_fingerprint="f1")
    matches = registry.match("s2", signatures(texts, "b"))
    assert matches["record_id"].to_list() == [f"b{i}" for i in range(6)]
    assert matches["prior_record_id"].to_list() == [f"a{i}" for i in range(6)]
    assert matches["jaccard"].to_list() == [1.0] * 6
    registry.store("s2", signatures(texts, "b"), content_fingerprint="f1")
    overlaps = registry.overlaps("s2", matches)
    assert overlaps.to_dicts() == [
        {
            "prior_submission": "s1",
            "matched_records": 6,
            "share_of_submission": 1.0,
            "share_of_prior": 1.0,
        }
    ]


def test_near_duplicates_match_across_submissions(registry: Registry) -> None:
    registry.store("s1", signatures([doc(1), doc(2)], "a"), content_fingerprint="f1")
    edited = doc(1) + " extra words at the end"
    matches = registry.match("s2", signatures([edited, doc(3)], "b"))
    assert matches.select("record_id", "prior_record_id").rows() == [("b0", "a0")]
    assert 0.8 <= matches["jaccard"][0] < 1.0


def test_only_earlier_submissions_count_and_near_needs_same_parameters(registry: Registry) -> None:
    registry.store("s1", signatures([doc(1)], "a"), content_fingerprint="f1")
    registry.store("s2", signatures([doc(1)], "b"), content_fingerprint="f2")
    assert registry.match("s1", signatures([doc(1)], "a")).is_empty()  # s2 is later
    assert registry.match("s2", signatures([doc(1)], "b"))["prior_submission"].to_list() == ["s1"]
    other = DedupParams(seed=99)
    edited = doc(1) + " extra words at the end"
    matches = registry.match("s3", signatures([doc(1), edited], "c", other))
    assert matches["record_id"].to_list() == ["c0"]  # exact only: the sketches differ


def test_registry_outside_a_with_block_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="not open"):
        Registry(tmp_path / "r.duckdb").match("s", signatures([doc(1)], "a"))
