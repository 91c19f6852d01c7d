"""Language ID and sentence keep rates through `corpusgrade run`, on a part of langid_dev.

Run: ``uv run python bench/heldout_run.py PATH PART OUT [UNIT]`` (PART: tuned | held_out | short,
the split of ``bench/langid_bench.py``; UNIT: declared in the manifest, else left to inference).
Builds one text_corpus submission of the part's sentences (one record each, all nine languages
declared), runs the whole pipeline with no audit, and prints per language: language-ID accuracy,
the share of records no filter rule dropped (`kept`, duplicates not counted as drops) and the
share left after dedup too (`kept_after_dedup`), plus the confusion pairs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl
import yaml

from bench.langid_bench import confusion_pairs, load, split
from pipelines.runner import run_submission


def build(part: pl.DataFrame, folder: Path, unit: str | None = None) -> None:
    """Write the submission: data/sentences.jsonl and a manifest declaring every language."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    rows = [{"id": f"s{i}", "text": t} for i, t in enumerate(part["text"].to_list())]
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    (folder / "data" / "sentences.jsonl").write_text(body, encoding="utf-8")
    manifest = {
        "id": f"langid-{folder.name}",
        "title": "language ID sentences",
        "owner": "bench",
        # A syntactically valid unified social credit code (the manifest requires an owner id).
        "owner_id": {"country": "CN", "number": "91110000600037341L"},
        "dataset_type": "text_corpus",
        "category": "general",
        "domain": "news",
        "languages": sorted(part["lang"].unique().to_list()),
        "license": "CC-BY-SA-4.0",
        "openness": "internal",
        "files": [
            {"path": "data/*.jsonl", "format": "jsonl", "fields": {"id": "id", "text": "text"}}
        ],
    }
    if unit is not None:
        manifest["unit"] = unit
    (folder / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True))


def main(argv: list[str]) -> None:
    """Build, run and print the figures."""
    path, name, out = Path(argv[1]), argv[2], Path(argv[3])
    part = split(load(path))[name].with_row_index("_i")
    build(part, out / "submission", argv[4] if len(argv) > 4 else None)
    outcome = run_submission(out / "submission", out=out / "result")
    print("run success:", outcome.success, outcome.failures)
    records = pl.read_parquet(out / "result" / "records.parquet")
    report = json.loads((out / "result" / "report.json").read_text(encoding="utf-8"))
    print("unit:", report["filters"]["unit"])
    joined = records.with_columns(
        pl.col("record_id").str.slice(1).cast(pl.UInt32).alias("_i")
    ).join(part, on="_i", suffix="_gold")
    reason = pl.col("drop_reason")
    dropped = reason.is_not_null() & ~reason.is_in(["duplicate_exact", "duplicate_near"])
    stats = (
        joined.group_by("lang_gold")
        .agg(
            pl.len().alias("n"),
            (pl.col("lang") == pl.col("lang_gold")).mean().alias("langid_acc"),
            (~dropped).mean().alias("kept"),
            reason.is_null().mean().alias("kept_after_dedup"),
        )
        .sort("lang_gold")
    )
    with pl.Config(tbl_rows=20):
        print(stats)
    print("macro langid accuracy:", round(stats["langid_acc"].mean(), 4))
    print("confusions:", confusion_pairs(joined["lang_gold"], joined["lang"])[:10])
    drops = joined.filter(dropped).group_by("lang_gold", "drop_reason").len().sort("len")
    print("drops:", drops.rows()[-10:])


if __name__ == "__main__":
    main(sys.argv)
