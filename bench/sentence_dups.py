"""Near duplicates in a sentence corpus: true copies must go, templated sentences must stay.

Built from one part of the shared langid_dev sentences (the split of `bench/langid_bench.py`:
tune on ``tuned``, report on ``held_out``), one record per sentence, plus

- **copies** (true near duplicates, must be removed): an original with its case, punctuation and
  spacing changed and one typo (delete, substitute or swap two neighbouring letters, never a
  digit) in a word of at least four characters (spaced scripts) or anywhere (unspaced);
- **templates** (distinct records, must be kept): an original with one number replaced by
  another, or, when it holds no number, one word replaced by a word of another sentence of the
  same language (two word units in unspaced scripts, where a unit is a syllable or character)
  at least two character edits away from it (a word one letter away reads as a typo: no rule
  on the text alone can tell "Rina" / "Rini" from a misspelling).

Run: ``uv run python bench/dedup_bench.py --sentences tuned|held_out`` (prints JSON lines).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from typing import Any

import polars as pl
import regex
from rapidfuzz.distance import OSA

from bench.langid_bench import SPACED
from quality.dedup import DedupParams, find_duplicates
from quality.language_packs import default_packs
from quality.units import word_units

COPY_SHARE = 0.5
"""Each original gets a copy with this probability, and independently a templated sentence."""
TEMPLATE_SHARE = 0.5
_NUMBER = regex.compile(r"\d+")


@dataclass(frozen=True)
class SentenceCorpus:
    """Records (record_id, content_norm, lang, drop_reason) and who should cluster with whom.

    `group` maps every record to its truth group: a copy shares its original's group, originals
    share one only when the source file repeats a sentence, templates are alone. `kind`:
    original | copy | template.
    """

    records: pl.DataFrame
    group: dict[str, str]
    kind: dict[str, str]
    source: dict[str, str]


def typo(text: str, rng: random.Random, *, spaced: bool) -> str:
    """One typo on a letter (delete, substitute with a letter of the text, or swap neighbours)."""
    if spaced:
        spans = [m.span() for m in regex.finditer(r"\p{L}{4,}", text)]
        places = [i for a, b in spans for i in range(a + 1, b - 1)]
    else:
        places = [i for i, c in enumerate(text) if unicodedata.category(c)[0] in "LM"]
    if not places:
        return text
    i = rng.choice(places)
    op = rng.choice(("delete", "substitute", "swap"))
    if op == "delete":
        return text[:i] + text[i + 1 :]
    if op == "swap" and i + 1 < len(text) and unicodedata.category(text[i + 1])[0] in "LM":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    letters = sorted({c for c in text if unicodedata.category(c)[0] == "L" and c != text[i]})
    return text[:i] + (rng.choice(letters) if letters else "") + text[i + 1 :]


def surface(text: str, rng: random.Random) -> str:
    """Change case, punctuation and spacing the way a re-posted copy does."""
    out = text.lower() if rng.random() < 0.5 else text.upper()
    out = out.rstrip(".!?。။។") + rng.choice(("", "!", " .", "..."))
    out = out.replace(" ", "  ", 1) if rng.random() < 0.5 else " " + out
    return out.replace(",", "", 1)


def copy_of(text: str, rng: random.Random, *, spaced: bool) -> str:
    """A true near duplicate: surface changes and one typo."""
    return surface(typo(text, rng, spaced=spaced), rng)


def template_of(text: str, donor: str, rng: random.Random, *, spaced: bool) -> str | None:
    """A distinct sentence of the same template: another number, else another word."""
    numbers = list(_NUMBER.finditer(text))
    if numbers:
        m = rng.choice(numbers)
        new = str(int(m.group()) + rng.randint(1, 9))
        return text[: m.start()] + new + text[m.end() :]
    if spaced:
        words = [m for m in regex.finditer(r"\p{L}{3,}", text) if m.start() > 0]
        if not words:
            return None
        m = rng.choice(words)
        others = [
            w
            for w in regex.findall(r"\p{L}{3,}", donor)
            if OSA.distance(w.lower(), m.group().lower()) >= 2
        ]
        if not others:
            return None
        return text[: m.start()] + rng.choice(others) + text[m.end() :]
    mine, theirs = word_units(text), word_units(donor)
    if len(mine) < 3 or len(theirs) < 2:
        return None
    k = rng.randrange(1, len(mine) - 1)
    j = rng.randrange(0, len(theirs) - 1)
    old, new = "".join(mine[k : k + 2]), "".join(theirs[j : j + 2])
    at = text.find(old)
    if at < 0 or OSA.distance(old, new) < 2:
        return None
    return text[:at] + new + text[at + len(old) :]


def build(part: pl.DataFrame, *, seed: int = 11) -> SentenceCorpus:
    """The corpus of one part: originals, copies and templates (see the module docstring)."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    group: dict[str, str] = {}
    kind: dict[str, str] = {}
    source: dict[str, str] = {}
    by_lang: dict[str, list[str]] = {}
    for lang, text in part.select("lang", "text").iter_rows():
        by_lang.setdefault(lang, []).append(text)
    first: dict[str, str] = {}
    for i, (lang, text) in enumerate(part.select("lang", "text").iter_rows()):
        rid = f"o{i:05d}"
        rows.append({"record_id": rid, "content_norm": text, "lang": lang})
        group[rid], kind[rid] = first.setdefault(_key(text), rid), "original"
        spaced = lang in SPACED
        if rng.random() < COPY_SHARE:
            cid = f"c{i:05d}"
            rows.append({"record_id": cid, "content_norm": copy_of(text, rng, spaced=spaced),
                         "lang": lang})  # fmt: skip
            group[cid], kind[cid], source[cid] = group[rid], "copy", rid
        if rng.random() < TEMPLATE_SHARE:
            made = template_of(text, rng.choice(by_lang[lang]), rng, spaced=spaced)
            if made is not None and made != text:
                tid = f"t{i:05d}"
                rows.append({"record_id": tid, "content_norm": made, "lang": lang})
                group[tid], kind[tid], source[tid] = tid, "template", rid
    records = pl.DataFrame(rows).with_columns(drop_reason=pl.lit(None, dtype=pl.Utf8))
    return SentenceCorpus(records=records, group=group, kind=kind, source=source)


def _key(text: str) -> str:
    """Case-folded text without separators: originals equal under it are real duplicates of the
    source file (the dev file repeats a few sentences), so they share a truth group."""
    return "".join(c for c in text.casefold() if unicodedata.category(c)[0] not in "ZPSC")


def evaluate(corpus: SentenceCorpus, params: DedupParams) -> dict[str, Any]:
    """Recall on copies, templates kept, precision of removed records; overall and per language."""
    result = find_duplicates(
        corpus.records.drop("lang"), dataset_type="text_corpus", params=params
    ).records
    cluster = dict(zip(result["record_id"], result["dup_cluster"], strict=True))
    dup_of = dict(zip(result["record_id"], result["dup_of"], strict=True))
    lang = dict(zip(corpus.records["record_id"], corpus.records["lang"], strict=True))
    rows: list[dict[str, Any]] = []
    for rid, k in corpus.kind.items():
        src = corpus.source.get(rid)
        together = src is not None and cluster[rid] is not None and cluster[rid] == cluster[src]
        removed = dup_of[rid] is not None
        correct = removed and corpus.group[rid] == corpus.group.get(dup_of[rid] or "", "")
        rows.append({"lang": lang[rid], "kind": k, "together": together, "removed": removed,
                     "correct": correct})  # fmt: skip
    frame = pl.DataFrame(rows)
    overall = _figures(frame)
    per_lang = {
        str(key[0]): _figures(part) for key, part in frame.group_by("lang", maintain_order=True)
    }
    return {**overall, "per_lang": dict(sorted(per_lang.items()))}


def _figures(frame: pl.DataFrame) -> dict[str, Any]:
    """Recall (copies with their original), templates kept, precision (removed correctly)."""
    copies = frame.filter(pl.col("kind") == "copy")
    templates = frame.filter(pl.col("kind") == "template")
    removed = frame.filter(pl.col("removed"))
    return {
        "copies": copies.height,
        "recall": _share(copies["together"]),
        "templates": templates.height,
        "templates_kept": _share(~templates["together"]),
        "removed": removed.height,
        "precision": _share(removed["correct"]),
    }


def _share(flags: pl.Series) -> float | None:
    """Share of True values, 4 places (None when there are none)."""
    return round(float(flags.mean()), 4) if len(flags) else None  # type: ignore[arg-type]


def measure(part: pl.DataFrame, *, seed: int = 11) -> dict[str, Any]:
    """The document rule and the sentence rule (from the packs) on one part's corpus."""
    corpus = build(part, seed=seed)
    packs = default_packs()
    out: dict[str, Any] = {"records": corpus.records.height}
    for unit in ("document", "sentence"):
        params = packs.dedup_params(DedupParams(), unit)
        out[f"{unit}_rule"] = {
            "rule": params.rule.describe(params.jaccard_threshold),
            **evaluate(corpus, params),
        }
    return out
