"""G4's independent PII check: a second detector on the unmasked text of the audited records.

The masker (`quality.pii`) finds candidates with its own regular expressions and validates them.
Re-running it on its own output cannot find what it misses, so this check uses a different
configuration: `phonenumbers`' own text matcher (every China/ASEAN region, VALID leniency),
python-stdnum checksums on every run of digits (Chinese resident ID, Indonesian NIK, Thai PIN,
Luhn bank cards) and a separate e-mail pattern. A record has residual PII when a value this
detector found in the unmasked text is still present, verbatim, in the masked text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import phonenumbers
import polars as pl
import stdnum
from stdnum import luhn
from stdnum.cn import ric
from stdnum.id import nik
from stdnum.th import pin

__all__ = ["DETECTOR", "PiiCheckResult", "find_pii", "independent_pii_check"]

REGIONS = ("CN", "VN", "TH", "ID", "MY", "PH", "SG", "LA", "KH", "MM", "BN")
DETECTOR = (
    f"phonenumbers {phonenumbers.__version__} PhoneNumberMatcher(VALID, {'/'.join(REGIONS)}); "
    f"python-stdnum {stdnum.__version__} cn.ric/id.nik/th.pin/luhn; e-mail pattern"
)
EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+", re.UNICODE)
DIGIT_RUN = re.compile(r"(?<![\dA-Za-z])\d(?:[\d -]{10,24})[\dXx](?![\dA-Za-z])")
MAX_IDS = 20


@dataclass(frozen=True)
class PiiCheckResult:
    """Records checked, records with PII found, and the ids whose masked text still holds it."""

    checked: int
    found: int
    residual_ids: tuple[str, ...]


def _valid_number(compact: str) -> bool:
    """A Chinese resident ID, Indonesian NIK, Thai PIN or a Luhn-valid bank card number."""
    if len(compact) == 18 and ric.is_valid(compact):
        return True
    if not compact.isdigit():
        return False
    return (
        (len(compact) == 16 and nik.is_valid(compact))
        or (len(compact) == 13 and pin.is_valid(compact))
        or (13 <= len(compact) <= 19 and luhn.is_valid(compact))
    )


def _numbers(text: str) -> Iterator[str]:
    """Digit runs (separators allowed) that pass an ID or bank-card checksum, as written."""
    for match in DIGIT_RUN.finditer(text):
        raw = match.group(0).strip(" -")
        if _valid_number(re.sub(r"[ -]", "", raw)):
            yield raw


def _phones(text: str) -> Iterator[str]:
    """Phone numbers `phonenumbers` itself finds and validates for any listed region."""
    for region in REGIONS:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        )
        for match in matcher:
            yield match.raw_string


def find_pii(text: str) -> list[str]:
    """PII values found in `text`, as written there, sorted and unique.

    >>> find_pii("call 13812345678, mail a.b@example.com")
    ['13812345678', 'a.b@example.com']
    """
    found = {*EMAIL.findall(text), *_numbers(text), *_phones(text)}
    return sorted(found)


def _residual(raw: str, masked: str) -> tuple[bool, bool]:
    """(PII found in the raw text, some of it left in the masked text)."""
    values = find_pii(raw)
    return bool(values), any(value in masked for value in values)


def independent_pii_check(
    records: pl.DataFrame,
    *,
    record_ids: Sequence[str],
    columns: Sequence[tuple[str, str]],
) -> PiiCheckResult:
    """Run the second detector on the (unmasked, masked) column pairs of the listed records.

    Example::

        pairs = [("content", "content_masked")]
        independent_pii_check(records, record_ids=sample_ids, columns=pairs)
    """
    wanted = records.filter(pl.col("record_id").is_in(list(record_ids)))
    found, residual = 0, []
    for row in wanted.sort("record_id").iter_rows(named=True):
        hits = [_residual(row[raw] or "", row[masked] or "") for raw, masked in columns]
        found += any(hit for hit, _ in hits)
        if any(left for _, left in hits):
            residual.append(str(row["record_id"]))
    return PiiCheckResult(checked=wanted.height, found=found, residual_ids=tuple(residual))
