"""find_duplicates: exact and near duplicates per script, verification, survivors, bad input."""

from __future__ import annotations

import polars as pl
import pytest
from conftest import document, records

from quality.dedup import DedupParams, find_duplicates

PARAMS = DedupParams()


def run(df: pl.DataFrame, **kwargs: object) -> pl.DataFrame:
    """Return the records of a text_corpus dedup run."""
    return find_duplicates(df, dataset_type="text_corpus", params=PARAMS, **kwargs).records  # type: ignore[arg-type]


def test_exact_duplicates_keep_the_smallest_record_id() -> None:
    out = run(
        records(["same text here", "other text entirely", "same text here"], ids=["b", "c", "a"])
    )
    rows = {r["record_id"]: r for r in out.to_dicts()}
    assert rows["a"]["drop_reason"] is None and rows["a"]["dup_cluster"] == "a"
    assert rows["b"]["drop_reason"] == "duplicate_exact"
    assert (rows["b"]["dup_of"], rows["b"]["dup_kind"], rows["b"]["dup_jaccard"]) == (
        "a",
        "exact",
        1.0,
    )
    assert rows["c"]["dup_cluster"] is None and rows["c"]["drop_reason"] is None


@pytest.mark.parametrize("family", ["latin", "cjk", "thai_lao", "khmer", "burmese"])
def test_near_duplicates_found_in_every_script(family: str) -> None:
    original = document(1, family)
    edited = original[:7] + original[8:]  # one sentence of 20 dropped
    other = document(2, family)
    out = run(records(["\n".join(original), "\n".join(edited), "\n".join(other)]))
    assert out["drop_reason"].to_list() == [None, "duplicate_near", None]
    assert out["dup_of"].to_list() == [None, "r000", None]
    assert out["dup_jaccard"][1] >= 0.8


def test_the_longest_record_survives() -> None:
    base = document(3, "latin")
    longer = "\n".join([*base, "one more sentence at the end of it."])
    out = run(records(["\n".join(base), longer]))
    assert out["drop_reason"].to_list() == ["duplicate_near", None]
    assert out["dup_cluster"].to_list() == ["r001", "r001"]


def test_candidates_below_the_threshold_are_not_merged() -> None:
    base = document(4, "latin")
    edited = base[:15]  # Jaccard about 0.73 by word 3-grams
    loose = DedupParams(jaccard_threshold=0.95)
    result = find_duplicates(
        records(["\n".join(base), "\n".join(edited)]), dataset_type="text_corpus", params=loose
    )
    assert result.records["dup_cluster"].null_count() == 2
    assert result.stats["candidate_pairs"] >= result.stats["verified_pairs"]


def test_rows_already_dropped_do_not_take_part() -> None:
    df = records(["same words here", "same words here"]).with_columns(
        drop_reason=pl.Series(["lang_mismatch", None])
    )
    out = run(df)
    assert out["drop_reason"].to_list() == ["lang_mismatch", None]
    assert out["dup_cluster"].null_count() == 2


def test_a_submission_of_only_duplicates_keeps_one_record() -> None:
    out = run(records(["\n".join(document(5, "khmer"))] * 50))
    assert out["drop_reason"].null_count() == 1
    assert (out["drop_reason"] == "duplicate_exact").sum() == 49


def test_empty_short_and_huge_records_are_handled() -> None:
    huge = " ".join(f"w{i % 5000}" for i in range(1_600_000))  # about 10 MB
    texts = ["", "", "a", "b", "\n".join(document(6, "cjk")), huge]
    result = find_duplicates(records(texts), dataset_type="text_corpus", params=PARAMS)
    out = result.records
    assert out["drop_reason"].to_list() == [None, "duplicate_exact", None, None, None, None]
    assert result.stats["without_shingles"] == 1  # the empty text (one exact group)
    assert result.signatures.filter(pl.col("minhash").is_null()).height == 2


def test_two_runs_are_byte_identical_whatever_the_workers() -> None:
    texts = ["\n".join(document(i % 7, fam)) for i in range(20) for fam in ("latin", "thai_lao")]
    texts += [t + " x" for t in texts[:5]]
    first = run(records(texts)).write_ipc(None).getvalue()
    second = run(records(texts), workers=2).write_ipc(None).getvalue()
    assert first == second


def test_instruction_conflicting_outputs_are_flagged_not_dropped() -> None:
    df = pl.DataFrame(
        {
            "record_id": ["a", "b", "c", "d"],
            "instruction": ["Translate", "Translate ", "Translate", "Summarise"],
            "input": ["hello", "hello", "hello", "text"],
            "output": ["你好", "您好", "你好", "short"],
            "content_norm": [
                "Translate\nhello\n你好",
                "Translate\nhello\n您好",
                "Translate\nhello\n你好",
                "x",
            ],
            "drop_reason": [None, None, None, None],
        },
        schema_overrides={"drop_reason": pl.Utf8},
    )
    out = find_duplicates(df, dataset_type="instruction", params=PARAMS).records
    assert out["conflicting_output"].to_list() == [True, True, True, False]
    assert out["drop_reason"].to_list() == [None, None, "duplicate_exact", None]


def test_classification_conflicting_labels_are_flagged() -> None:
    df = records(["good film", "good film", "bad film"]).with_columns(
        text=pl.col("content_norm"), label=pl.Series(["pos", "neg", "neg"])
    )
    out = find_duplicates(df, dataset_type="classification", params=PARAMS).records
    assert out["conflicting_label"].to_list() == [True, True, False]
    assert out["drop_reason"].null_count() == 3


def test_parallel_pairs_are_keyed_on_source_and_target() -> None:
    df = records(["hello\n你好", "hello\n您好", "hello\n你好"]).with_columns(
        source=pl.Series(["hello", "hello", "hello"]),
        target=pl.Series(["你好", "您好", "你好"]),
        source_lang=pl.lit("en"),
        target_lang=pl.lit("zh"),
    )
    out = find_duplicates(df, dataset_type="parallel_corpus", params=PARAMS).records
    assert out["dup_kind"].to_list() == [None, None, "exact"]


def test_unknown_dataset_type_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown dataset_type"):
        find_duplicates(records(["x"]), dataset_type="audio", params=PARAMS)


def test_an_empty_submission_gives_empty_columns_and_signatures() -> None:
    empty = records([]).cast({"content_norm": pl.Utf8, "record_id": pl.Utf8})
    result = find_duplicates(empty, dataset_type="text_corpus", params=PARAMS)
    assert result.records.height == 0 and "dup_cluster" in result.records.columns
    assert result.signatures.height == 0
