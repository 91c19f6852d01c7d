"""PII benchmark: precision/recall per type on generated samples, and masking speed.

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

from tests.pii_samples import PiiSample, evaluate_pii, generate_pii_samples  # noqa: E402

SHARED = (
    next(
        (p for p in (_ROOT.parent / "shared", _ROOT.parents[1] / "shared") if p.exists()),
        _ROOT.parent / "shared",
    )
    / "data"
    / "langid_dev.jsonl"
)


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
    """Print the precision/recall tables (per type, phones per country) for three seeds, then
    the speed."""
    for seed in (0, 1, 2):
        print(f"\n== seed {seed}: 500 positives per type, 5,000 look-alike negatives")
        print_table(generate_pii_samples(seed=seed, per_type=500))
        print(f"-- phones per country, seed {seed}: 200 national + 200 international numbers")
        print_phone_table(seed=seed)
    docs = documents(generate_pii_samples(seed=9, per_type=50))
    mean_bytes = sum(len(d.encode()) for d in docs) / len(docs)
    print(f"\nadd_pii_columns: {speed(docs):,.0f} docs/s ({len(docs)} docs, {mean_bytes:.0f} B)")


if __name__ == "__main__":
    main()
