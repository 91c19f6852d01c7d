"""Valid personal identifiers per type, made with python-stdnum and phonenumbers (their own
validators confirm each value), and the ways real files write them: glued to letters, full-width
digits, spaced or dashed groups. Shared by the PII property tests and the end-to-end run."""

from __future__ import annotations

import random
from collections.abc import Callable

import phonenumbers
from stdnum import luhn
from stdnum.cn import ric
from stdnum.my import nric
from stdnum.th import pin

from quality.pii_patterns import fold_text

FULL_WIDTH = str.maketrans({str(d): chr(0xFF10 + d) for d in range(10)})
GLUE = ["", "No.", "ID", "abc", "NIK", "编号", "Tel", "x", "身份证号："]
PHONE_REGIONS = ("CN", "VN", "TH", "MY", "ID", "PH", "SG")


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"


def cn_resident_id(rng: random.Random) -> str:
    """A Chinese resident id (居民身份证号) that python-stdnum accepts (region, date, check)."""
    while True:
        body = f"{rng.choice([110101, 310104, 440305, 510107])}{_date(rng)}"
        body += f"{rng.randint(0, 999):03d}"
        value = body + ric.calc_check_digit(body + "0")  # stdnum takes the number with a slot
        if ric.is_valid(value):
            return value


def mykad(rng: random.Random) -> str:
    """A Malaysian MyKad number (12 digits: birth date, place of birth, serial)."""
    while True:
        value = f"{_date(rng)[2:]}{rng.choice([1, 5, 8, 10, 14]):02d}{rng.randint(0, 9999):04d}"
        if nric.is_valid(value):
            return value


def thai_id(rng: random.Random) -> str:
    """A Thai personal id (13 digits, mod-11 check)."""
    body = f"{rng.randint(1, 8)}{rng.randint(10, 96):02d}{rng.randint(1, 20):02d}"
    body += f"{rng.randint(1, 99999):05d}{rng.randint(1, 99):02d}"
    value = body + pin.calc_check_digit(body)
    assert pin.is_valid(value), value
    return value


def bank_card(rng: random.Random) -> str:
    """A Luhn-valid card number (UnionPay 62, Visa 4, Mastercard 51-55)."""
    prefix, length = rng.choice([("62", 16), ("62", 19), ("4", 16), (str(rng.randint(51, 55)), 16)])
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    value = body + luhn.calc_check_digit(body)
    assert luhn.is_valid(value), value
    return value


def mobile(rng: random.Random) -> str:
    """A valid mobile number of a China/ASEAN region, in E.164 (+CC…)."""
    while True:
        region = rng.choice(PHONE_REGIONS)
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        national = str(example.national_number)
        keep = max(3, len(national) - 6)
        digits = national[:keep] + "".join(str(rng.randint(0, 9)) for _ in national[keep:])
        number = phonenumbers.parse(f"+{example.country_code}{digits}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email(rng: random.Random) -> str:
    """An e-mail address."""
    local = rng.choice(["li.wei", "nguyen_an", "somchai88", "a.b", "siti+audit"])
    return f"{local}{rng.randint(1, 999)}@{rng.choice(['example.com', 'mail.co.th', 'uni.edu.vn'])}"


MAKERS: dict[str, Callable[[random.Random], str]] = {
    "ID_CN": cn_resident_id,
    "ID_MY": mykad,
    "ID_TH": thai_id,
    "BANK_CARD": bank_card,
    "PHONE": mobile,
    "EMAIL": email,
}


def grouped(value: str, size: int, sep: str) -> str:
    """`value` cut into groups of `size` characters joined by `sep` (a leading + kept whole)."""
    head, rest = ("+", value[1:]) if value.startswith("+") else ("", value)
    return head + sep.join(rest[i : i + size] for i in range(0, len(rest), size))


def written(value: str, *, glue: str, group: int, sep: str, full_width: bool) -> str:
    """One way a file writes `value`: maybe grouped, full-width, glued after some letters."""
    text = grouped(value, group, sep) if group and "@" not in value else value
    if full_width:
        text = text.translate(FULL_WIDTH)
    return glue + text


def leaks(value: str, text: str) -> bool:
    """Whether `text` still shows `value`: its last 8 digits in a row (after folding full-width
    digits and dropping separators), or the whole e-mail address."""
    folded = fold_text(text)
    if "@" in value:
        return value.lower() in folded.lower()
    digits = "".join(ch for ch in folded if ch.isdigit())
    return value.lstrip("+")[-8:] in digits
