"""Language-ID benchmark: accuracy, confusion pairs and speed on ``langid_dev.jsonl``.

Run: ``uv run python bench/langid_bench.py [path] [--part tuned|held_out|short|all]``.

The shared dev file is split before any tuning, by a hash of each sentence's text: a third is
``held_out`` (never looked at while tuning), the rest is ``tuned``. ``short`` is an unseen stress
set built from the held-out sentences of space-separated languages: their first one to three
words, the shape of answers and short questions. Each part is judged twice: with nothing
declared, and with the submission declaring all the languages of the file (the issue's setting).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from quality.langid import LanguageIdentifier, add_language_columns

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "langid_dev.jsonl"
HELD_OUT_MODULUS = 3
SPACED = ("en", "id", "tl", "vi")


def load(path: Path) -> pl.DataFrame:
    """The gold file as a frame with ``lang`` and ``text``."""
    return pl.read_ndjson(path).select("lang", "text")


def is_held_out(text: str) -> bool:
    """True for the seeded third set aside before tuning (SHA-256 of the text, mod 3 == 0)."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % HELD_OUT_MODULUS == 0


def split(data: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """``tuned`` (+ ``tuned_short``), ``held_out`` and the unseen ``short`` cut from it."""
    held = data.with_columns(
        pl.col("text").map_elements(is_held_out, return_dtype=pl.Boolean).alias("_held")
    )
    held_out = held.filter(pl.col("_held")).drop("_held")
    tuned = held.filter(~pl.col("_held")).drop("_held")
    return {
        "tuned": tuned,
        "tuned_short": short_utterances(tuned),
        "held_out": held_out,
        "short": short_utterances(held_out),
    }


def short_utterances(data: pl.DataFrame) -> pl.DataFrame:
    """The first 1, 2 or 3 words (cycling by row) of each spaced-language sentence."""
    rows = []
    for i, (lang, text) in enumerate(data.filter(pl.col("lang").is_in(SPACED)).iter_rows()):
        words = text.split()
        rows.append({"lang": lang, "text": " ".join(words[: 1 + i % 3])})
    return pl.DataFrame(rows, schema={"lang": pl.String, "text": pl.String})


def confusion_pairs(gold: pl.Series, pred: pl.Series) -> list[tuple[str, str, int]]:
    """(gold, predicted, count) for every wrong prediction, most frequent first."""
    frame = pl.DataFrame({"gold": gold, "pred": pred}).filter(pl.col("gold") != pl.col("pred"))
    counts = frame.group_by("gold", "pred").len().sort(["len", "gold", "pred"], descending=True)
    return [(str(g), str(p), int(n)) for g, p, n in counts.iter_rows()]


def per_language_accuracy(gold: pl.Series, pred: pl.Series) -> dict[str, float]:
    """Accuracy per gold language."""
    frame = pl.DataFrame({"gold": gold, "ok": gold == pred})
    stats = frame.group_by("gold").agg(pl.col("ok").mean()).sort("gold")
    return {str(g): float(a) for g, a in stats.iter_rows()}


def report(name: str, gold: pl.Series, pred: pl.Series) -> None:
    """Print macro accuracy, per-language accuracy and the confusion pairs."""
    acc = per_language_accuracy(gold, pred)
    print(f"== {name} ({gold.len()} sentences)")
    print(f"  macro accuracy = {sum(acc.values()) / len(acc):.4f}")
    print("  " + "  ".join(f"{k}={v:.3f}" for k, v in acc.items()))
    pairs = confusion_pairs(gold, pred)[:12]
    print("  confusions: " + (", ".join(f"{g}->{p}:{n}" for g, p, n in pairs) or "none"))


def own_language_declared(part: pl.DataFrame, ident: LanguageIdentifier) -> pl.Series:
    """Predictions when each language's records form a submission declaring that language only."""
    out = part.with_row_index("_row").with_columns(pl.lit(None, dtype=pl.String).alias("_pred"))
    pieces = []
    for (lang,), group in out.group_by("lang", maintain_order=True):
        pred = add_language_columns(group, column="text", declared=[str(lang)], identifier=ident)
        pieces.append(pred.select("_row", pl.col("lang").alias("_pred")))
    joined = out.drop("_pred").join(pl.concat(pieces), on="_row", how="left")
    return joined.sort("_row")["_pred"]


def speed(ident: LanguageIdentifier, texts: Sequence[str]) -> float:
    """Documents per second of ``add_language_columns`` on ~1 KB multi-line documents."""
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
    """Run the benchmark on the file and parts given (default: shared dev file, tuned part)."""
    args = [a for a in argv[1:] if not a.startswith("--")]
    parts_arg = next((a.split("=", 1)[1] for a in argv if a.startswith("--part=")), "tuned")
    data = load(Path(args[0]) if args else DEFAULT_DATA)
    ident = LanguageIdentifier.default()
    parts = split(data)
    chosen = list(parts) if parts_arg == "all" else parts_arg.split(",")
    declared = sorted(data["lang"].unique().to_list())
    for name in chosen:
        part = parts[name]
        for label, langs in (("nothing declared", []), ("all declared", declared)):
            start = time.perf_counter()
            pred = add_language_columns(part, column="text", declared=langs, identifier=ident)
            elapsed = time.perf_counter() - start
            report(f"{name}, {label}, {part.height / elapsed:,.0f}/s", part["lang"], pred["lang"])
        own = own_language_declared(part, ident)
        report(f"{name}, each language declared alone", part["lang"], own)
    if "--speed" in argv:
        print(f"~1 KB documents/s (one core) = {speed(ident, data['text'].to_list()):,.0f}")


if __name__ == "__main__":
    main(sys.argv)
