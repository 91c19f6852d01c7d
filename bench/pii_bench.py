"""PII benchmark: precision/recall per type on generated samples, and masking speed.

Also per country: phones, bare SG/BN numbers after a cue, and person names and street addresses
with and without a cue (tuned seeds 0-1, unseen seeds 2-4); then every PERSON/ADDRESS detection
on the real sentences of ``../shared/data`` against the hand judgements in
``bench/results/pii_names_judged.tsv``.

Run: ``uv run python bench/pii_bench.py``. Speed is measured on ~1 KB multilingual documents
built from ``../shared/data/langid_dev.jsonl`` (if present, else from the generated samples),
with a generated PII sentence planted in one document out of five.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import phonenumbers
import polars as pl

from quality.pii import add_pii_columns
from quality.pii_patterns import PHONE_REGIONS

_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(_ROOT))  # the generated samples are test fixtures (tests/pii_samples.py)

from bench.langid_bench import is_held_out  # noqa: E402
from quality.pii import detect_pii  # noqa: E402
from tests.pii_samples import (  # noqa: E402
    PiiSample,
    evaluate_pii,
    generate_pii_samples,
    name_address_samples,
    negative_samples,
)

SHARED = (
    next(
        (p for p in (_ROOT.parent / "shared", _ROOT.parents[1] / "shared") if p.exists()),
        _ROOT.parent / "shared",
    )
    / "data"
    / "langid_dev.jsonl"
)
PUD = SHARED.with_name("pud_parallel_dev.jsonl")
JUDGED = _ROOT / "bench" / "results" / "pii_names_judged.tsv"
"""Every PERSON/ADDRESS detection on the real text, judged by hand: part, lang, type, value,
verdict (tp: a real person's name or a street address; fp: anything else)."""


def print_table(samples: list[PiiSample]) -> None:
    """Precision, recall and counts per PII type."""
    rates = evaluate_pii(samples)
    print(f"{'type':<11}{'tp':>6}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>9}")
    for kind, r in rates.items():
        print(
            f"{kind:<11}{r['tp']:>6.0f}{r['fp']:>6.0f}{r['fn']:>6.0f}"
            f"{r['precision']:>11.4f}{r['recall']:>9.4f}"
        )


_PHONE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
_TEMPLATES = ("Call {v} now.", "Hubungi {v} ya.", "电话：{v}", "Tawag sa {v}.", "โทร {v} ค่ะ")


def country_phone(rng: random.Random, region: str, *, national: bool) -> str:
    """A valid mobile or fixed-line number of `region`: the `phonenumbers` example number of
    that type with every digit after its first two drawn, in national or international format."""
    example = phonenumbers.example_number_for_type(region, rng.choice(_PHONE_TYPES))
    assert example is not None
    head = str(example.national_number)[:2]
    size = len(str(example.national_number))
    style = phonenumbers.PhoneNumberFormat
    while True:
        drawn = head + "".join(str(rng.randint(0, 9)) for _ in range(size - 2))
        number = phonenumbers.parse(f"+{example.country_code}{drawn}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(
                number, style.NATIONAL if national else style.INTERNATIONAL
            )


def phone_samples(region: str, *, seed: int, per_format: int) -> list[PiiSample]:
    """`per_format` national and as many international phones of `region` in sentences."""
    rng = random.Random(f"{seed}-{region}")
    samples = []
    for national in (True, False):
        for _ in range(per_format):
            value = country_phone(rng, region, national=national)
            template = rng.choice(_TEMPLATES)
            start = template.index("{v}")
            text = template.replace("{v}", value)
            samples.append(PiiSample(text, "PHONE", start, start + len(value)))
    return samples


def print_phone_table(*, seed: int, per_format: int = 200) -> None:
    """Phone precision/recall per country: its national and international numbers plus the
    same number of look-alike negatives (prices, dates, order numbers, broken ids)."""
    negatives = [s for s in generate_pii_samples(seed=seed, per_type=40) if s.type is None]
    print(f"{'country':<9}{'tp':>6}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>9}")
    for region in PHONE_REGIONS:
        mix = phone_samples(region, seed=seed, per_format=per_format) + negatives
        r = evaluate_pii(mix)["PHONE"]
        print(
            f"{region:<9}{r['tp']:>6.0f}{r['fp']:>6.0f}{r['fn']:>6.0f}"
            f"{r['precision']:>11.4f}{r['recall']:>9.4f}"
        )


def print_name_address_table(*, seed: int, per_group: int = 200) -> None:
    """PERSON and ADDRESS precision/recall per country, with a cue before the value and
    without one; false positives also on the look-alike and place/organisation negatives."""
    negatives = [s for s in generate_pii_samples(seed=seed, per_type=20) if s.type is None]
    negatives += negative_samples()
    print(
        f"{'type':<9}{'country':<9}{'cue':<6}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"
    )
    for (kind, country, cue), samples in name_address_samples(
        seed=seed, per_group=per_group
    ).items():
        r = evaluate_pii(samples)[kind]
        print(
            f"{kind:<9}{country:<9}{cue:<6}{r['tp']:>5.0f}{r['fp']:>5.0f}{r['fn']:>5.0f}"
            f"{r['precision']:>11.4f}{r['recall']:>8.4f}"
        )
    rates = evaluate_pii(negatives)
    print(
        f"on {len(negatives)} negatives: PERSON fp {rates['PERSON']['fp']:.0f}, "
        f"ADDRESS fp {rates['ADDRESS']['fp']:.0f}"
    )


_BARE_CUES = ("Tel: {v}", "WhatsApp {v} ya", "hubungi {v}", "Call {v} now.", "HP {v}")
_BARE_NON_CUES = ("Order {v} shipped.", "Ref {v}", "Invoice no. {v}", "Dalam {v} kes.")


def print_bare_phone_table(*, seed: int, per_format: int = 200) -> None:
    """Bare (ungrouped) Singapore and Brunei national numbers: after a phone cue (positives)
    and the same numbers after other words (negatives: reference and order numbers)."""
    rng = random.Random(f"bare-{seed}")
    print(f"{'country':<9}{'tp':>6}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>9}")
    for region in ("SG", "BN"):
        samples = []
        for i in range(per_format * 2):
            digits = "".join(ch for ch in country_phone(rng, region, national=True) if ch.isdigit())
            cued = i % 2 == 0
            template = rng.choice(_BARE_CUES if cued else _BARE_NON_CUES)
            start = template.index("{v}")
            text = template.replace("{v}", digits)
            kind = "PHONE" if cued else None
            samples.append(PiiSample(text, kind, start, start + len(digits)))
        r = evaluate_pii(samples)["PHONE"]
        print(
            f"{region:<9}{r['tp']:>6.0f}{r['fp']:>6.0f}{r['fn']:>6.0f}"
            f"{r['precision']:>11.4f}{r['recall']:>9.4f}"
        )


def real_texts() -> list[tuple[str, str, str]]:
    """(part, lang, text) of the real sentences: the langid dev file split as in
    ``bench/langid_bench.py`` (``tuned`` / ``held_out``), and every side of the PUD pairs."""
    rows: list[tuple[str, str, str]] = []
    if SHARED.is_file():
        for lang, text in pl.read_ndjson(SHARED).select("lang", "text").iter_rows():
            rows.append(("held_out" if is_held_out(text) else "tuned", lang, text))
    if PUD.is_file():
        pud = pl.read_ndjson(PUD)
        for lang in ("en", "zh", "id", "th"):
            rows += [("pud", lang, text) for text in pud[lang].to_list()]
    return rows


def _judged() -> dict[tuple[str, str, str, str], str]:
    if not JUDGED.is_file():
        return {}
    table = pl.read_csv(JUDGED, separator="\t", quote_char=None)
    return {
        (part, lang, kind, value): verdict
        for part, lang, kind, value, verdict in table.select(
            "part", "lang", "type", "value", "verdict"
        ).iter_rows()
    }


def print_real_text_precision() -> None:
    """PERSON/ADDRESS detections on real text per part, type and language: records touched,
    detections, and precision by the hand judgements in ``JUDGED`` (unjudged ones listed)."""
    judged = _judged()
    tally: dict[tuple[str, str, str], list[int]] = {}
    touched: dict[str, set[int]] = {}
    texts: dict[str, int] = {}
    unjudged = []
    for i, (part, lang, text) in enumerate(real_texts()):
        texts[part] = texts.get(part, 0) + 1
        for m in detect_pii(text):
            if m.type not in ("PERSON", "ADDRESS"):
                continue
            value = text[m.start : m.end].replace("\t", " ").replace("\n", " ")
            verdict = judged.get((part, lang, m.type, value))
            if verdict is None:
                unjudged.append(f"{part}\t{lang}\t{m.type}\t{value}\t?")
            row = tally.setdefault((part, m.type, lang), [0, 0])
            row[0] += 1
            row[1] += verdict == "tp"
            touched.setdefault(part, set()).add(i)
    for part, n in texts.items():
        print(f"{part}: {n} texts, {len(touched.get(part, ()))} touched by PERSON/ADDRESS")
    print(f"{'part':<10}{'type':<9}{'lang':<6}{'found':>7}{'true':>6}{'precision':>11}")
    for (part, kind, lang), (found, true) in sorted(tally.items()):
        print(f"{part:<10}{kind:<9}{lang:<6}{found:>7}{true:>6}{true / found:>11.4f}")
    for line in unjudged:
        print(f"unjudged: {line}")


def documents(samples: list[PiiSample], *, size: int = 1000, count: int = 5000) -> list[str]:
    """~``size``-byte documents of real sentences, one in five carrying a planted PII sentence."""
    if SHARED.is_file():
        sentences = pl.read_ndjson(SHARED)["text"].to_list()
    else:
        sentences = [s.text for s in samples if s.type is None]
    rng = random.Random(0)
    positives = [s.text for s in samples if s.type is not None]
    docs = []
    for i in range(count):
        parts = [rng.choice(positives)] if i % 5 == 0 else []
        while sum(len(p.encode()) for p in parts) < size:
            parts.append(rng.choice(sentences))
        docs.append(" ".join(parts))
    return docs


def speed(docs: list[str]) -> float:
    """Documents per second of ``add_pii_columns`` on one text column."""
    frame = pl.DataFrame({"text": docs})
    start = time.perf_counter()
    add_pii_columns(frame, columns=["text"])
    return frame.height / (time.perf_counter() - start)


def main() -> None:
    """Print the precision/recall tables (per type, phones per country, bare SG/BN phones,
    names and addresses per country) for three seeds, the real-text precision, then the speed."""
    for seed in (0, 1, 2):
        print(f"\n== seed {seed}: 500 positives per type, 5,000 look-alike negatives")
        print_table(generate_pii_samples(seed=seed, per_type=500))
        print(f"-- phones per country, seed {seed}: 200 national + 200 international numbers")
        print_phone_table(seed=seed)
        print(f"-- bare SG/BN national numbers, seed {seed}: 200 after a cue, 200 without")
        print_bare_phone_table(seed=seed)
    for seed in (0, 1, 2, 3, 4):
        tuned = "tuned on" if seed < 2 else "unseen"
        print(f"\n== names and addresses per country, seed {seed} ({tuned}): 200 per group")
        print_name_address_table(seed=seed)
    print("\n== PERSON/ADDRESS on real text (hand-judged)")
    print_real_text_precision()
    docs = documents(generate_pii_samples(seed=9, per_type=50))
    mean_bytes = sum(len(d.encode()) for d in docs) / len(docs)
    print(f"\nadd_pii_columns: {speed(docs):,.0f} docs/s ({len(docs)} docs, {mean_bytes:.0f} B)")


if __name__ == "__main__":
    main()
