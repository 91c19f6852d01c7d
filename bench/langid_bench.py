"""Language-ID benchmark: accuracy, confusion matrix and speed on ``langid_dev.jsonl``.

Run: ``uv run python bench/langid_bench.py [path]``. Compares corpusgrade's identifier with
lid.176 alone (top-1 label) and times ``add_language_columns`` on ~1 KB documents.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from quality.langid import LanguageIdentifier, add_language_columns

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "langid_dev.jsonl"


def load(path: Path) -> pl.DataFrame:
    """The gold file as a frame with ``lang`` and ``text``."""
    return pl.read_ndjson(path).select("lang", "text")


def confusion(gold: pl.Series, pred: pl.Series) -> pl.DataFrame:
    """Gold languages as rows, predicted languages as columns, counts in cells."""
    frame = pl.DataFrame({"gold": gold, "pred": pred})
    table = frame.group_by("gold", "pred").len().pivot(on="pred", index="gold", values="len")
    cols = sorted(c for c in table.columns if c != "gold")
    return table.fill_null(0).select("gold", *cols).sort("gold")


def per_language_accuracy(gold: pl.Series, pred: pl.Series) -> dict[str, float]:
    """Accuracy per gold language."""
    frame = pl.DataFrame({"gold": gold, "ok": gold == pred})
    stats = frame.group_by("gold").agg(pl.col("ok").mean()).sort("gold")
    return {str(g): float(a) for g, a in stats.iter_rows()}


def report(name: str, gold: pl.Series, pred: pl.Series) -> None:
    """Print the confusion matrix, per-language and macro accuracy."""
    acc = per_language_accuracy(gold, pred)
    print(f"\n== {name}")
    with pl.Config(tbl_rows=50, tbl_cols=50, tbl_hide_dataframe_shape=True):
        print(confusion(gold, pred))
    print("  ".join(f"{k}={v:.4f}" for k, v in acc.items()))
    print(f"macro accuracy = {sum(acc.values()) / len(acc):.4f}")


def lid_alone(ident: LanguageIdentifier, texts: Sequence[str]) -> pl.Series:
    """lid.176's raw top-1 label per text (the baseline)."""
    return pl.Series([ident.rank(t, k=1)[0][0] for t in texts])


def speed(ident: LanguageIdentifier, texts: Sequence[str]) -> float:
    """Documents per second of ``add_language_columns`` on ~1 KB multi-line documents.

    One sentence of ``texts`` a line, so uncertain records pay for their per-line votes.
    """
    docs, current = [], ""
    for t in texts:
        current = f"{current}\n{t}" if current else t
        if len(current.encode()) >= 1000:
            docs.append(current)
            current = ""
    frame = pl.DataFrame({"text": docs * 3})
    start = time.perf_counter()
    add_language_columns(frame, column="text", declared=["en"], identifier=ident)
    return frame.height / (time.perf_counter() - start)


def main(argv: Sequence[str]) -> None:
    """Run the benchmark on the file given (default: the shared dev file)."""
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_DATA
    data = load(path)
    ident = LanguageIdentifier.default()
    texts = data["text"].to_list()
    report("lid.176 alone", data["lang"], lid_alone(ident, texts))
    start = time.perf_counter()
    pred = add_language_columns(data, column="text", declared=[], identifier=ident)["lang"]
    elapsed = time.perf_counter() - start
    report("corpusgrade", data["lang"], pred)
    print(f"\nsentences/s = {data.height / elapsed:,.0f} ({data.height} sentences)")
    print(f"~1 KB documents/s (one core) = {speed(ident, texts):,.0f}")


if __name__ == "__main__":
    main(sys.argv)
