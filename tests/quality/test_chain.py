"""The chain: one step order, every asset's steps from it, and the first failure wins."""

from __future__ import annotations

import polars as pl
import pytest

from quality.chain import (
    CHAIN,
    COMPARABLE,
    ChainConfig,
    Dedup,
    Drop,
    chain_for,
    run_chain,
    steps_of,
)
from quality.drop import mark_dropped
from quality.types import DATASET_TYPES

ASSETS = ("signals", "typed_records", "filtered_records", "deduped_records")

EN = (
    "The council met on Tuesday to discuss the new budget for the city's public libraries.\n"
    "Members agreed that opening hours should be extended during the school holidays.\n"
    "A final vote on the proposal is expected at the next meeting in the spring.\n"
    "Residents can send their comments to the council office before the end of the month."
)


@pytest.mark.parametrize("dataset_type", DATASET_TYPES)
def test_the_assets_run_every_step_of_the_chain_once_in_order(dataset_type: str) -> None:
    by_asset = [step for asset in ASSETS for step in steps_of(asset, dataset_type)]
    assert by_asset == list(chain_for(dataset_type))
    assert [s.name for s in chain_for(dataset_type)] == [s.name for s in CHAIN]


def test_drop_steps_come_before_dedup_and_the_comparable_subset_is_in_the_chain() -> None:
    kinds = [type(step) for step in CHAIN]
    assert kinds.index(Dedup) > max(i for i, kind in enumerate(kinds) if kind is Drop)
    names = [step.name for step in chain_for("text_corpus", only=COMPARABLE)]
    assert names == list(COMPARABLE)


def test_an_unknown_dataset_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown dataset_type"):
        chain_for("spreadsheet")


def test_mark_dropped_keeps_the_first_reason() -> None:
    df = pl.DataFrame({"record_id": ["a", "b", "c"]})
    first = mark_dropped(df, pl.Series(["short", None, None]))
    second = mark_dropped(first, pl.Series(["unsafe", "unsafe", None]))
    assert second["drop_reason"].to_list() == ["short", "unsafe", None]
    assert second.columns == ["record_id", "drop_reason"]


def _records(texts: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(len(texts))],
            "source_file": "data/a.jsonl",
            "source_line": list(range(1, len(texts) + 1)),
            "text": texts,
        }
    )


def test_the_chain_drops_by_the_first_failing_step_and_dedup_only_kept_records() -> None:
    """Short + keyword: the language filter wins; a keyword alone: safety; a copy: dedup."""
    texts = [EN, "casino", EN.replace("council", "casino"), EN]
    config = ChainConfig(
        dataset_type="text_corpus", declared_languages=("en",), keywords=("casino",)
    )
    out = run_chain(_records(texts), config).records
    reasons = out["drop_reason"].to_list()
    assert reasons[0] is None
    assert reasons[1] not in (None, "safety_keyword")
    assert reasons[2] == "safety_keyword"
    assert reasons[3] == "duplicate_exact"
    assert out["safety_flagged"].to_list() == [False, True, True, False]
    assert out["t_issue"].null_count() == out.height


def test_the_unit_is_decided_before_the_drop_steps() -> None:
    config = ChainConfig(dataset_type="text_corpus", declared_languages=("en",))
    result = run_chain(_records([EN, EN]), config, steps=chain_for("text_corpus")[:3])
    assert result.config.unit is None
    assert run_chain(_records([EN, EN]), config).config.unit == "document"
