"""Validators for identity and card numbers: checksums, dates and region codes.

Each function takes the digits of one candidate (separators already removed) and says whether
it is a well-formed number of that kind; the PII detector calls them only on regex candidates.
"""

from __future__ import annotations

import datetime as dt

from stdnum.id import nik as stdnum_nik

_CN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_CHECK = "10X98765432"

# Malaysian MyKad place-of-birth codes that are not assigned (JPN code table).
_MY_UNUSED_PB = frozenset({0, 17, 18, 19, 20, 69, 70, 73, 80, 81, 94, 95, 96, 97})

# Indonesian province codes (Kemendagri), including the new Papua provinces.
_ID_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64}
    | {65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97}
)

# Vietnamese citizen-ID province codes (Circular 07/2016/TT-BCA, 63 provinces).
_VN_PROVINCES = frozenset(
    {1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35}
    | {36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68}
    | {70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96}
)

# Card brands: (IIN prefix range low, high, prefix length, allowed lengths).
_CARD_BRANDS: tuple[tuple[int, int, int, frozenset[int]], ...] = (
    (4, 4, 1, frozenset({16, 19})),  # Visa (13-digit numbers are no longer issued)
    (51, 55, 2, frozenset({16})),  # Mastercard
    (2221, 2720, 4, frozenset({16})),  # Mastercard 2-series
    (34, 34, 2, frozenset({15})),  # American Express
    (37, 37, 2, frozenset({15})),
    (3528, 3589, 4, frozenset({16, 17, 18, 19})),  # JCB
    (300, 305, 3, frozenset({14, 16, 19})),  # Diners Club
    (36, 36, 2, frozenset({14, 16, 19})),
    (38, 39, 2, frozenset({14, 16, 19})),
    (6011, 6011, 4, frozenset({16, 19})),  # Discover
    (644, 649, 3, frozenset({16, 19})),
    (65, 65, 2, frozenset({16, 19})),
    (62, 62, 2, frozenset({16, 17, 18, 19})),  # UnionPay
    (60, 60, 2, frozenset({16, 19})),  # RuPay / other 60-prefixed debit cards
)


def valid_date(year: int, month: int, day: int) -> bool:
    """Whether the calendar date exists."""
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def cn_resident_id(value: str) -> bool:
    """Chinese resident ID: 18 characters, region, birth date, ISO 7064 mod 11-2 check."""
    if len(value) != 18 or not value[:17].isdigit() or value[0] not in "12345678":
        return False
    if not 1900 <= int(value[6:10]) <= 2099:
        return False
    if not valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14])):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _CN_WEIGHTS, strict=True))
    return _CN_CHECK[total % 11] == value[17].upper()


def th_national_id(value: str) -> bool:
    """Thai national ID: 13 digits, mod 11 check digit."""
    if len(value) != 13 or not value.isdigit() or value[0] in "09":
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(value[:12]))
    return (11 - total % 11) % 10 == int(value[12])


def luhn(value: str) -> bool:
    """The Luhn (mod 10) check used by payment cards."""
    total = 0
    for i, ch in enumerate(reversed(value)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def bank_card(value: str) -> bool:
    """Payment card: 13-19 digits, a known brand prefix and length, Luhn check."""
    if not 13 <= len(value) <= 19 or not value.isdigit():
        return False
    brand_ok = any(
        low <= int(value[:size]) <= high and len(value) in lengths
        for low, high, size, lengths in _CARD_BRANDS
    )
    return brand_ok and luhn(value)


def my_kad(value: str) -> bool:
    """Malaysian MyKad: YYMMDD birth date, assigned place-of-birth code, 4 digits."""
    if len(value) != 12 or not value.isdigit():
        return False
    if int(value[6:8]) in _MY_UNUSED_PB:
        return False
    month, day = int(value[2:4]), int(value[4:6])
    # Two-digit years: any century works for the calendar check except 29 February.
    return valid_date(2000 + int(value[:2]), month, day) or valid_date(
        1900 + int(value[:2]), month, day
    )


def id_nik(value: str) -> bool:
    """Indonesian NIK: a registered regency (python-stdnum's Kemendagri table), a district,
    DDMMYY birth date (+40 for women), a serial."""
    if len(value) != 16 or not value.isdigit():
        return False
    regency = int(value[2:4])
    # Regencies (kabupaten) are numbered 01-40 within a province, cities (kota) 71-79.
    if int(value[:2]) not in _ID_PROVINCES or not (1 <= regency <= 40 or 71 <= regency <= 79):
        return False
    if value[4:6] == "00":
        return False
    day = int(value[6:8])
    if day > 71:
        return False
    day = day - 40 if day > 40 else day
    month, year = int(value[8:10]), int(value[10:12])
    dated = valid_date(2000 + year, month, day) or valid_date(1900 + year, month, day)
    return dated and value[12:] != "0000" and stdnum_nik.is_valid(value)


def vn_citizen_id(value: str) -> bool:
    """Vietnamese citizen ID (CCCD): province code, century/sex digit 0-3, year, 6 digits."""
    if len(value) != 12 or not value.isdigit():
        return False
    return int(value[:3]) in _VN_PROVINCES and value[3] in "0123"
