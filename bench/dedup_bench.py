"""Dedup benchmark: quality per script family, datasketch comparison, speed, memory, determinism.

Usage:
    uv run python bench/dedup_bench.py --docs 20000 --scale-docs 100000

`--sentences tuned|held_out` instead measures the per-unit rule on a sentence corpus (true copies
and templated sentences, `bench/sentence_dups.py`) built from that part of langid_dev.

Builds corpora with ../shared/tools/make_bench_corpus.py (injected exact and near duplicates with
a truth file) in a temporary folder, runs `find_duplicates`, and prints one JSON line per figure.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from quality.dedup import DedupParams, find_duplicates  # noqa: E402
from quality.dedup.minhash import signatures  # noqa: E402
from quality.dedup.near import pair_jaccard  # noqa: E402
from quality.dedup.shingles import shingle_batch  # noqa: E402

TOOLS = (ROOT.parent / "shared" / "tools", ROOT.parents[1] / "shared" / "tools")
TOOL = next((t for t in TOOLS if t.exists()), TOOLS[0]) / "make_bench_corpus.py"
STATED_N = 5
"""The stated measure: Jaccard of character 5-gram sets (see `reference_jaccard`)."""
FAMILY_OF_LANG = {
    "en": "latin", "id": "latin", "tl": "latin", "vi": "latin", "zh": "cjk",
    "th": "thai_lao", "lo": "thai_lao", "km": "khmer", "my": "burmese",
}  # fmt: skip


def emit(name: str, **values: Any) -> None:
    """Print one figure as a JSON line."""
    print(json.dumps({"figure": name, **values}, ensure_ascii=False, sort_keys=True), flush=True)


def build_corpus(
    folder: Path, docs: int, *, seed: int = 7, sentences: Path | None = None
) -> tuple[Path, Path]:
    """Run the shared corpus generator and return (corpus, truth) paths."""
    tag = f"{docs}_s{seed}_{sentences.stem if sentences else 'dev'}"
    corpus, truth = folder / f"corpus_{tag}.jsonl", folder / f"truth_{tag}.jsonl"
    if corpus.exists() and truth.exists():
        return corpus, truth
    cmd = [sys.executable, str(TOOL), "--out", str(corpus), "--truth", str(truth)]
    cmd += ["--docs", str(docs), "--seed", str(seed)]
    if sentences is not None:
        cmd += ["--sentences", str(sentences)]
    subprocess.run(cmd, check=True, capture_output=True)
    return corpus, truth


def split_sentences(source: Path, folder: Path) -> tuple[Path, Path]:
    """Split the sentence pool per language, alternating lines, into a tuning and a held-out
    half, so dedup parameters are tuned on corpora built from one half and reported on both."""
    halves = (folder / "sentences_tune.jsonl", folder / "sentences_held.jsonl")
    seen: dict[str, int] = {}
    lines: tuple[list[str], list[str]] = ([], [])
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip():
            lang = json.loads(line)["lang"]
            lines[seen.get(lang, 0) % 2].append(line)
            seen[lang] = seen.get(lang, 0) + 1
    for path, part in zip(halves, lines, strict=True):
        path.write_text("\n".join(part) + "\n", encoding="utf-8")
    return halves


def reference_units(text: str) -> list[str]:
    """Characters of the stated measure: case-folded, separators (Unicode Z, P, S, C) left out."""
    return [c for c in text.lower() if unicodedata.category(c)[0] not in "ZPSC"]


def reference_jaccard(a: str, b: str, *, n: int = STATED_N, raw: bool = False) -> float:
    """Plain-Python oracle of the stated measure: Jaccard of the character n-gram sets (a text
    shorter than n gives one gram of all its characters); `raw` uses the text as written."""
    sets = []
    for text in (a, b):
        units = list(text) if raw else reference_units(text)
        grams = {"".join(units[i : i + n]) for i in range(max(1, len(units) - n + 1))}
        sets.append(grams - {""})
    union = len(sets[0] | sets[1])
    return len(sets[0] & sets[1]) / union if union else 0.0


def load(corpus: Path) -> pl.DataFrame:
    """Read the corpus as a record table with the columns dedup needs."""
    raw = pl.read_ndjson(corpus)
    return raw.select(
        record_id=pl.col("id"),
        content_norm=pl.col("text"),
        lang=pl.col("lang_declared"),
        drop_reason=pl.lit(None, dtype=pl.Utf8),
    )


def truth_pairs(truth: Path, df: pl.DataFrame, params: DedupParams) -> pl.DataFrame:
    """Return injected duplicate pairs with family and true Jaccard by our shingles."""
    pairs = pl.read_ndjson(truth).filter(pl.col("kind").is_in(["exact", "near"]))
    index = df.select("record_id").with_row_index("i")
    pairs = pairs.join(index, left_on="id", right_on="record_id").join(
        index.rename({"i": "j"}), left_on="source", right_on="record_id"
    )
    texts = df["content_norm"]
    sims = pair_jaccard(
        texts,
        pairs["i"].to_numpy().astype(np.int64),
        pairs["j"].to_numpy().astype(np.int64),
        params=params,
    )
    family = pl.col("lang").replace_strict(FAMILY_OF_LANG, default="latin")
    text_of = dict(zip(df["record_id"], texts, strict=True))
    stated = [
        reference_jaccard(text_of[a], text_of[b])
        for a, b in zip(pairs["id"], pairs["source"], strict=True)
    ]
    raw = [
        reference_jaccard(text_of[a], text_of[b], raw=True)
        for a, b in zip(pairs["id"], pairs["source"], strict=True)
    ]
    return pairs.with_columns(
        true_jaccard=pl.Series(sims),
        char5_jaccard=pl.Series(stated),
        raw_char5_jaccard=pl.Series(raw),
        family=family,
    )


def evaluate(clusters: pl.DataFrame, pairs: pl.DataFrame, df: pl.DataFrame) -> list[dict[str, Any]]:
    """Return recall (exact; near with J >= 0.8) and precision per family."""
    cluster_of = dict(zip(clusters["record_id"], clusters["cluster"], strict=True))
    same = [
        cluster_of.get(a) is not None and cluster_of.get(a) == cluster_of.get(b)
        for a, b in zip(pairs["id"], pairs["source"], strict=True)
    ]
    scored = pairs.with_columns(found=pl.Series(same))
    group = dict(zip(pairs["id"], pairs["source"], strict=True))
    flagged = clusters.filter(pl.col("dup_of").is_not_null()).join(
        df.select("record_id", "lang"), on="record_id"
    )
    correct = [
        group.get(a, a) == group.get(b, b)
        for a, b in zip(flagged["record_id"], flagged["dup_of"], strict=True)
    ]
    flagged = flagged.with_columns(
        correct=pl.Series(correct),
        family=pl.col("lang").replace_strict(FAMILY_OF_LANG, default="latin"),
    )
    rows = [_stated(scored, flagged, "all")]
    rows += [_stated(scored, flagged, lang) for lang in sorted(FAMILY_OF_LANG)]
    for fam in sorted(set(FAMILY_OF_LANG.values())):
        s = scored.filter(pl.col("family") == fam)
        f = flagged.filter(pl.col("family") == fam)
        exact = s.filter(pl.col("kind") == "exact")
        near = s.filter((pl.col("kind") == "near") & (pl.col("true_jaccard") >= 0.8))
        near_all = s.filter(pl.col("kind") == "near")
        rows.append({
            "family": fam,
            "exact_recall": _share(exact["found"], 0), "exact_n": exact.height,
            "near_recall_j08": _share(near["found"], 0),
            "near_n_j08": near.height,
            "near_recall_all": _share(near_all["found"], 0),
            "near_n_all": near_all.height,
            "precision": _share(f["correct"], 1), "flagged": f.height,
        })  # fmt: skip
    return rows


def _stated(scored: pl.DataFrame, flagged: pl.DataFrame, lang: str) -> dict[str, Any]:
    """Recall on injected copies whose stated measure (char-5 Jaccard) is >= 0.8, precision of
    the records flagged, for one language or `all`."""
    if lang != "all":
        scored = scored.filter(pl.col("lang") == lang)
        flagged = flagged.filter(pl.col("lang") == lang)
    near = pl.col("kind") == "near"
    stated = scored.filter(near & (pl.col("char5_jaccard") >= 0.8))
    raw = scored.filter(near & (pl.col("raw_char5_jaccard") >= 0.8))
    return {
        "lang": lang,
        "recall_char5_j08": _share(stated["found"], 0), "n_char5_j08": stated.height,
        "recall_raw_char5_j08": _share(raw["found"], 0), "n_raw_char5_j08": raw.height,
        "precision": _share(flagged["correct"], 1), "flagged": flagged.height,
    }  # fmt: skip


def _share(flags: pl.Series, empty: float) -> float:
    """Return the share of True values rounded to 4 places (`empty` for no values)."""
    return round(float(np.mean(flags.to_numpy())), 4) if len(flags) else empty


def ours(df: pl.DataFrame, params: DedupParams) -> tuple[pl.DataFrame, float, pl.DataFrame]:
    """Run find_duplicates; return (record_id, cluster, dup_of), seconds, full records."""
    start = time.perf_counter()
    result = find_duplicates(df.drop("lang"), dataset_type="text_corpus", params=params)
    seconds = time.perf_counter() - start
    clusters = result.records.select("record_id", cluster="dup_cluster", dup_of="dup_of")
    return clusters, seconds, result.records


def datasketch_run(df: pl.DataFrame, params: DedupParams) -> tuple[pl.DataFrame, float]:
    """Datasketch MinHashLSH (threshold 0.8, 128 perm, no verification) on our shingles."""
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    batch = shingle_batch(df["content_norm"], sizes=params.sizes(), words=params.words())
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    ids = df["record_id"].to_list()
    hashes = []
    for i, rid in enumerate(ids):
        m = MinHash(num_perm=128, seed=1)
        m.update_batch([int(h).to_bytes(4, "little") for h in batch.of(i)])
        hashes.append(m)
        if len(batch.of(i)):
            lsh.insert(rid, m)
    parent = {rid: rid for rid in ids}
    for rid, m in zip(ids, hashes, strict=True):
        for other in lsh.query(m):
            a, b = sorted((rid, other))
            if a != b:
                parent[b] = min(parent[b], a)
    for rid in ids:  # resolve chains (ids sorted lexically = corpus order)
        parent[rid] = parent[parent[rid]]
    seconds = time.perf_counter() - start
    cluster = [parent[r] for r in ids]
    out = pl.DataFrame({"record_id": ids, "cluster": cluster})
    sizes = out.group_by("cluster").len()
    out = out.join(sizes, on="cluster").with_columns(
        cluster=pl.when(pl.col("len") > 1).then(pl.col("cluster")),
        dup_of=pl.when((pl.col("len") > 1) & (pl.col("cluster") != pl.col("record_id"))).then(
            pl.col("cluster")
        ),
    )
    return out.select("record_id", "cluster", "dup_of"), seconds


def speed(df: pl.DataFrame, params: DedupParams) -> dict[str, float]:
    """Return shingling and MinHash docs/s on ~1 KB documents, per CPU second of this process
    (one thread, so per core; robust when other jobs share the machine) and per wall second."""
    one_kb = df["content_norm"].str.head(1000).filter(df["content_norm"].str.len_bytes() > 0)
    texts = pl.Series([t.encode()[:1000].decode(errors="ignore") for t in one_kb.to_list()])
    w0, c0 = time.perf_counter(), time.process_time()
    batch = shingle_batch(texts, sizes=params.sizes(), words=params.words())
    c1 = time.process_time()
    signatures(batch, num_perm=params.num_perm, seed=params.seed)
    w2, c2 = time.perf_counter(), time.process_time()
    n = len(texts)
    return {
        "docs": n,
        "mean_bytes": round(float(np.mean(texts.str.len_bytes().to_numpy())), 1),
        "shingle_docs_per_cpu_s": round(n / (c1 - c0)),
        "minhash_docs_per_cpu_s": round(n / (c2 - c1)),
        "shingle_plus_minhash_docs_per_cpu_s": round(n / (c2 - c0)),
        "shingle_plus_minhash_docs_per_wall_s": round(n / (w2 - w0)),
    }


def determinism(df: pl.DataFrame, params: DedupParams, records: pl.DataFrame) -> bool:
    """Return True when a second run gives byte-identical dedup columns."""
    again = find_duplicates(df.drop("lang"), dataset_type="text_corpus", params=params).records
    cols = ["record_id", "dup_cluster", "dup_of", "dup_kind", "dup_jaccard", "drop_reason"]
    first = records.select(cols).write_ipc(None).getvalue()
    second = again.select(cols).write_ipc(None).getvalue()
    return first == second


def quality_run(
    folder: Path,
    docs: int,
    params: DedupParams,
    *,
    compare: bool,
    seed: int = 7,
    sentences: Path | None = None,
) -> None:
    """Measure quality, datasketch comparison, speed and determinism on one corpus."""
    corpus, truth = build_corpus(folder, docs, seed=seed, sentences=sentences)
    df = load(corpus)
    pairs = truth_pairs(truth, df, params)
    clusters, seconds, records = ours(df, params)
    emit(
        "ours_quality",
        docs=docs,
        seed=seed,
        sentences=sentences.name if sentences else "dev",
        seconds=round(seconds, 2),
        per_family=evaluate(clusters, pairs, df),
    )
    emit("speed_1kb", **speed(df, params))
    emit("determinism", identical=determinism(df, params, records))
    if compare:
        ds, ds_seconds = datasketch_run(df, params)
        emit("datasketch_quality", docs=docs, seconds=round(ds_seconds, 2),
             per_family=evaluate(ds, pairs, df))  # fmt: skip


def scale_run(folder: Path, docs: int, params: DedupParams, *, workers: int) -> None:
    """Time find_duplicates on a large corpus and report peak memory of this process."""
    corpus, _ = build_corpus(folder, docs)
    df = load(corpus)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    loaded = _reset_peak()
    start = time.perf_counter()
    result = find_duplicates(
        df.drop("lang"), dataset_type="text_corpus", params=params, workers=workers
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    dedup_peak = _status_mib("VmHWM")
    kinds = result.records["dup_kind"].value_counts().sort("dup_kind").to_dicts()
    emit("scale", docs=docs, mb=round(corpus.stat().st_size / 2**20), seconds=round(seconds, 1),
         workers=workers, peak_rss_mib=round(peak), load_peak_rss_mib=round(before),
         rss_after_load_mib=loaded, dedup_peak_rss_mib=dedup_peak, kinds=kinds,
         stats=result.stats)  # fmt: skip


def _status_mib(field: str) -> int:
    """Return a /proc/self/status memory field in MiB (-1 where unavailable)."""
    status = Path("/proc/self/status")
    if not status.exists():
        return -1
    for line in status.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return -1


def _reset_peak() -> int:
    """Reset the kernel's peak-RSS mark (Linux) and return the current RSS in MiB."""
    clear = Path("/proc/self/clear_refs")
    if clear.exists():
        clear.write_text("5")
    return _status_mib("VmRSS")


def sentence_run(part: str) -> None:
    """Document rule vs sentence rule on the sentence corpus of one langid_dev part."""
    from bench.langid_bench import load as load_gold
    from bench.langid_bench import split
    from bench.sentence_dups import measure

    gold = split(load_gold(TOOL.parents[1] / "data" / "langid_dev.jsonl"))[part]
    start = time.perf_counter()
    figures = measure(gold)
    emit("sentence_dedup", part=part, seconds=round(time.perf_counter() - start, 2), **figures)


def main() -> None:
    """Parse arguments and run the requested parts."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=20000, help="quality corpus size (0 = skip)")
    ap.add_argument("--scale-docs", type=int, default=0, help="scale corpus size (0 = skip)")
    ap.add_argument("--no-datasketch", action="store_true")
    ap.add_argument("--workers", type=int, default=2, help="threads for the scale run")
    ap.add_argument("--keep", type=Path, default=None, help="folder for corpora (reused)")
    ap.add_argument("--seed", type=int, default=7, help="corpus generator seed")
    ap.add_argument(
        "--half",
        choices=["dev", "tune", "held"],
        default="dev",
        help="sentence pool: the whole dev file, or its tuning / held-out half",
    )
    ap.add_argument(
        "--sentences",
        choices=["tuned", "held_out"],
        default=None,
        help="measure the sentence rule on a sentence corpus from this part of langid_dev",
    )
    args = ap.parse_args()
    if args.sentences:
        sentence_run(args.sentences)
        return
    params = DedupParams()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        sentences = None
        if args.half != "dev":
            tune, held = split_sentences(TOOL.parents[1] / "data" / "langid_dev.jsonl", folder)
            sentences = tune if args.half == "tune" else held
        if args.docs:
            quality_run(
                folder, args.docs, params, compare=not args.no_datasketch, seed=args.seed,
                sentences=sentences,
            )  # fmt: skip
        if args.scale_docs:
            scale_run(folder, args.scale_docs, params, workers=args.workers)


if __name__ == "__main__":
    main()
