"""Candidate patterns for personal information and the rules that classify number candidates.

One combined regex finds candidates (URLs with secrets, emails, IP addresses, and runs of digits
with the separators people write: spaces, dashes, dots, parentheses, a leading ``+``); number
candidates are then classified by validators (checksums, dates, region codes, phone plans).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

import phonenumbers
import regex

from quality import checksums

# Cheap Rust-regex prefilter for Polars: a record without any of these has no PII candidate.
# `\d` is Unicode here (full-width, Thai, Khmer, Lao, Burmese digits); the separators include
# the full-width and typographic forms that `fold_text` maps to ASCII.
PREFILTER = (
    r"@|＠|://|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|[0-9A-Fa-f]{0,4}::?[0-9A-Fa-f]{1,4}:"
    r"|\d(?:[ ().+\-\x{3000}\x{00A0}\x{2000}-\x{200A}\x{2010}-\x{2015}\x{FF08}\x{FF09}"
    r"\x{FF0B}\x{FF0D}\x{FF0E}]{0,2}\d){6,}"
)


def _fold_table() -> dict[int, str]:
    """Every Unicode decimal digit to its ASCII digit, full-width letters and number punctuation
    to ASCII, the many spaces and dashes to " " and "-"."""
    import sys
    import unicodedata

    table: dict[int, str] = {}
    for code in range(0x80, 0x30000 if sys.maxunicode > 0xFFFF else 0x10000):
        char = chr(code)
        if unicodedata.category(char) == "Nd":
            table[code] = str(unicodedata.digit(char))
    # Full-width letters and the punctuation numbers are written with; not the full-width colon
    # or comma, which end a Chinese label ("电话：") rather than belong to the number.
    forms = [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF08, 0xFF09, 0xFF0B, 0xFF0D]
    table.update({code: chr(code - 0xFEE0) for code in [*forms, 0xFF0E, 0xFF20]})
    table.update({code: " " for code in (0x00A0, 0x3000, *range(0x2000, 0x200B))})
    table.update({code: "-" for code in range(0x2010, 0x2016)})
    table[0x2212] = "-"
    return table


_FOLD = _fold_table()
_FOLD_BY_CHAR = {chr(code): value for code, value in _FOLD.items()}
# Every character `_FOLD` maps, and some it does not (left as they are): replacing only these,
# one distinct character at a time, is `str.translate` without its per-character dictionary
# misses (2x faster on Thai text; each replacement is ASCII, so none is replaced twice).
_FOLD_CHARS = regex.compile(
    r"[[\d\uFF08-\uFF5A\u00A0\u2000-\u200A\u2010-\u2015\u2212\u3000]--[0-9]]", regex.V1
)
# Where folding matters (a fast scan: most text needs none): a non-ASCII digit, a full-width
# letter or number sign, or an odd space or dash between digits.
_FOLDABLE = regex.compile(
    r"[[\d]--[0-9]]|[\uFF08-\uFF0E\uFF20-\uFF3A\uFF41-\uFF5A]"
    r"|[0-9][\u00A0\u2000-\u200A\u2010-\u2015\u2212\u3000]+[0-9]",
    regex.V1,
)


def fold_text(text: str) -> str:
    """The text with digits, full-width letters and number punctuation, spaces and dashes in
    ASCII, one character for one (so spans found in it hold in the original).

    >>> fold_text("１３８－００１３　８０００")
    '138-0013 8000'
    """
    if text.isascii() or _FOLDABLE.search(text) is None:
        return text
    for char in set(_FOLD_CHARS.findall(text)):
        text = text.replace(char, _FOLD_BY_CHAR.get(char, char))
    return text


_SECRET_KEYS = (
    r"access[_-]?token|refresh[_-]?token|id[_-]?token|auth[_-]?token|token|api[_-]?key|apikey"
    r"|key|secret|client[_-]?secret|password|passwd|pwd|pass|auth|sig|signature|session(?:id)?"
    r"|sid|x-amz-signature|x-amz-credential|credential"
)

# Quantifiers are bounded (RFC 5321 lengths for e-mail, 12 digit groups for numbers) so a
# 10 MB record of digits or letters is scanned in linear time and bounded memory.
# One pattern per candidate kind, in priority order (a match overlapping an earlier kind's match
# is dropped), each with a substring that must occur for the scan to be worth running. Separate
# scans are ~20x faster than one alternation, which defeats the engine's literal prefilters.
CANDIDATES: tuple[tuple[str, str, regex.Pattern[str]], ...] = (
    (
        "URL_SECRET",
        "://",
        regex.compile(
            r"\b(?:https?|ftps?|wss?|s3|git|ssh|postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqp)"
            r"://(?:[^\s/@:]+:[^\s/@]+@[^\s]+|[^\s?#]+\?(?:[^\s#]*?[&;])?"
            rf"(?i:{_SECRET_KEYS})=[^\s&#]+[^\s]*)"
        ),
    ),
    (
        "EMAIL",
        "@",
        regex.compile(
            r"(?<![A-Za-z0-9_.+%-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_])?@"
            r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?){0,8}"
            r"\.[A-Za-z]{2,24}(?![A-Za-z0-9_-])"
        ),
    ),
    (
        "IP6",
        ":",
        regex.compile(
            r"(?<![A-Za-z0-9_:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|:"
            r"|(?:\d{1,3}\.){3}\d{1,3})(?![A-Za-z0-9_:])"
        ),
    ),
    (
        "IP4",
        ".",
        regex.compile(
            r"(?<![A-Za-z0-9_.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}"
            r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![A-Za-z0-9_]|\.\d)"
        ),
    ),
    (
        # PhilSys card numbers (PCN/PSN, 16 digits) have no public check digit, so they are
        # only taken after a label naming them; unlabelled 16-digit runs stay with the
        # checksummed types (cards) below.
        "ID_PH",
        "PH_LABEL",
        regex.compile(
            r"(?<=(?i:philsys|phil\s?id|psn|pcn|national\s+id|pambansang\s+id)"
            r"(?i:\s*(?:card\s*)?(?:no\.?|number|num|#))?\s*[:：#.\-]?\s*)"
            r"\d{4}([ \-]?)\d{4}\1\d{4}\1\d{4}(?![0-9])"
        ),
    ),
    (
        "NUMBER",
        "",
        regex.compile(
            # A number may be glued to a label ("No.110101…", "ID440306…", "NIK-3171…") but
            # never starts inside another number, a decimal or a signed/dashed number.
            # After a letter only a run of 7+ digits may start (an id or phone, not "COVID19"),
            # maybe after a "+" ("Tel+6581234567").
            r"(?<![0-9_,+])(?<![0-9][.\-])(?<!^[.\-])(?<![\s(][.\-])"
            r"(?:(?<![A-Za-z])|(?=\+?\d(?:[ .\-]?\d){6}))"
            r"\+?\(?\d{1,32}\)?(?:(?:[ .\-]|\)\s?)\(?\d{1,32}\)?){0,11}"
            r"(?:[Xx](?![A-Za-z0-9_]))?(?![0-9_])"
        ),
    ),
)

# Whitespace-separated pieces of a number candidate: two numbers written side by side are
# split only where a space is, never inside a dashed or dotted number.
NUMBER_GROUP = regex.compile(r"\S+")

PHONE_REGIONS = ("CN", "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN")
"""China and the ten ASEAN countries: international numbers are validated by `phonenumbers`."""

_PHONE_CODES = frozenset(
    str(phonenumbers.country_code_for_region(region)) for region in PHONE_REGIONS
)


# National plans without a trunk "0", by number length, and the grouped shapes they are
# written in (Singapore 4+4 digits, Brunei 3+4).
_NO_TRUNK_REGIONS = {8: "SG", 7: "BN"}
_BRACKETED_CODE = regex.compile(r"\((\d{2,3})(?:[ \-]\d{1,3})?\)")
"""A country code in brackets at the start of a number, maybe followed by an area code."""

# Plans (of `PHONE_REGIONS`) with valid 8-digit national numbers, trunk "0" included.
_SHORT_NATIONAL_REGIONS = ("MM", "KH", "LA")
_NO_TRUNK_SHAPE = regex.compile(r"\d{4}[ \-]\d{4}|\d{3}[ \-]\d{4}")
_CURRENCY_BEFORE = regex.compile(
    r"(?:\b(?i:php|rp|rm|sgd|bnd|usd|idr|myr|thb|vnd|cny|rmb|khr|lak|mmk|ks)\.?"
    r"|[$¥€£₱฿₫៛₭])\s?$"
)
_CLOCK = regex.compile(r"\d{1,2}(?::\d{1,2}){1,2}")
_CHECK_DIGIT_TAIL = regex.compile(r"[ .\-]\d$")
_DASHED_MYKAD = regex.compile(r"\d{6}-\d{2}-\d{4}")
PH_LABEL = regex.compile(r"(?i)philsys|phil\s?id|psn|pcn|national\s+id|pambansang")
"""A cheap scan for the labels a PhilSys number is taken after (its pattern is costly)."""


def polars_gate(needle: str) -> str:
    r"""A pattern for Polars' Rust regex that matches wherever ``needle`` matches in Python's
    ``regex`` (the needle has no look-around): without word boundaries (Rust's Unicode ``\b``
    has no fast engine, 100x slower), and with ``\d`` and ``\p{Lu}`` widened to characters
    Rust's older Unicode tables leave unassigned (``regex`` knows newer digits and capitals,
    e.g. U+11DE0 or U+A7CE); a case-insensitive needle also lets any "İ" through, which
    ``regex`` folds to "i" and Rust does not. tests/quality/test_pii_speed.py checks every
    code point."""
    gate = (
        needle.replace(r"\b", "")
        .replace(r"\d", r"[\d\p{Cn}]")
        .replace(r"\p{Lu}", r"[\p{Lu}\p{Cn}]")
    )
    return f"{gate}|\\x{{130}}" if "(?i" in needle else gate


# The folding and PhilSys-label scans in Polars: a text neither matches is neither folded nor
# scanned for a PhilSys label, without a Python call.
FOLDABLE_GATE = (
    r"[[\d\p{Cn}]&&[^0-9]]|[\x{FF08}-\x{FF0E}\x{FF20}-\x{FF3A}\x{FF41}-\x{FF5A}]"
    r"|[0-9][\x{00A0}\x{2000}-\x{200A}\x{2010}-\x{2015}\x{2212}\x{3000}]+[0-9]"
)
PH_LABEL_GATE = polars_gate(PH_LABEL.pattern)


def valid_ipv6(text: str) -> bool:
    """Whether a candidate is an IPv6 address with at least two hex groups (not a clock time)."""
    if text.count(":") < 2 or _CLOCK.fullmatch(text):
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def phone(raw: str, digits: str) -> bool:
    """Phone number: international ones of China and ASEAN by `phonenumbers`, national ones by
    their shape (a trunk "0" and 9-12 digits, or a mainland mobile)."""
    if raw.startswith("+") or (digits.startswith("00") and not raw.startswith("(")):
        return _international_phone(digits[2:] if digits.startswith("00") else digits)
    if _bracketed_country_code(raw):
        return _international_phone(digits)
    if digits.startswith("0"):
        # A final one-digit group is a check digit (ISBN-10 "0-306-40615-2"), never in a phone.
        check_digit_tail = _CHECK_DIGIT_TAIL.search(raw) is not None
        if check_digit_tail or digits[1:2] in ("", "0"):
            return False
        return 9 <= len(digits) <= 12 or _short_national(digits)
    if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":
        return True
    return _national_without_trunk(raw, digits)


def _bracketed_country_code(raw: str) -> bool:
    """A number opening with its country code in brackets, maybe with the area code
    ("(855-23) 883 750", "(84-28) 3829 5555", "(65) 6123 4567"): written without the "+"."""
    found = _BRACKETED_CODE.match(raw)
    if found is None or found.group(1) not in _PHONE_CODES:
        return False
    national = sum(ch.isdigit() for ch in raw) - len(found.group(1))
    return national >= 7  # "(63) 12-15" is a page range, not a phone


def _short_national(digits: str) -> bool:
    """An 8-digit national number with its trunk "0" (Yangon's "01 234 567"): shorter than most
    plans allow, so only numbers `phonenumbers` finds valid in one of `PHONE_REGIONS` count."""
    if len(digits) != 8:
        return False
    return any(
        phonenumbers.is_valid_number(phonenumbers.parse(digits, region))
        for region in _SHORT_NATIONAL_REGIONS
    )


def _national_without_trunk(raw: str, digits: str) -> bool:
    """A Singapore ("9123 4567") or Brunei ("712 3456") national number: those plans have no
    trunk "0". Only the grouped shape people write is taken (a bare 7- or 8-digit run is more
    often a reference number), and `phonenumbers` must find it valid (an allocated range)."""
    region = _NO_TRUNK_REGIONS.get(len(digits))
    if region is None or _NO_TRUNK_SHAPE.fullmatch(raw) is None:
        return False
    return phonenumbers.is_valid_number(phonenumbers.parse(digits, region))


# A phone cue just before a number: the label people write before a phone number.
_PHONE_CUE = regex.compile(
    r"(?i:(?<![\p{L}])(?:tel|telp|telefon|telepon|phone|ph|hp|h/p|mobile|mob|cell|call|whatsapp"
    r"|wa|hubungi|contact|no\.?\s*tel|no\.?\s*hp|no\.?\s*telefon)\.?"
    r"(?:\s*(?:no\.?|number|num))?\s*[:：.\-]?\s*)$"
)
_BARE_NATIONAL = regex.compile(r"\d{7,8}")


def cued_bare_phone(text: str, start: int, raw: str) -> bool:
    """A bare Singapore (8 digits) or Brunei (7 digits) national number right after a phone
    cue ("Tel: 91234567", "hubungi 7123456"), valid by `phonenumbers`. Without the cue an
    unbroken 7- or 8-digit run is more often a reference or order number, and is left alone."""
    region = _NO_TRUNK_REGIONS.get(len(raw))
    if region is None or _BARE_NATIONAL.fullmatch(raw) is None:
        return False
    if _PHONE_CUE.search(text[max(0, start - 24) : start]) is None:
        return False
    return phonenumbers.is_valid_number(phonenumbers.parse(raw, region))


def amount_before(text: str, start: int) -> bool:
    """Whether a currency sign or code ends just before `start`: the number is an amount
    ("PHP 8123 4567", "Rp 3171…"), not a phone, id or card."""
    return _CURRENCY_BEFORE.search(text[max(0, start - 8) : start]) is not None


def _international_phone(digits: str) -> bool:
    """A number after "+" or "00": a country code of `PHONE_REGIONS` and a length its plan
    allows by `phonenumbers`; a habitual trunk "0" after the
    country code ("+62 (0)21 …") is left out first."""
    code = next((digits[:n] for n in (2, 3) if digits[:n] in _PHONE_CODES), None)
    if code is None:
        return False
    national = digits[len(code) :]
    national = national[1:] if national.startswith("0") else national
    try:
        number = phonenumbers.parse(f"+{code}{national}")
    except phonenumbers.NumberParseException:
        return False
    # "Possible" (a length the country's plan allows), not "valid" (an allocated prefix):
    # masking errs towards recall, and allocations change faster than this library's metadata.
    return phonenumbers.is_possible_number(number)


def _dashed_mykad(raw: str, digits: str) -> bool:
    return _DASHED_MYKAD.fullmatch(raw) is not None and checksums.my_kad(digits)


# Number classifiers in priority order: the first that accepts a candidate names its type.
NUMBER_RULES: tuple[tuple[str, Callable[[str, str], bool]], ...] = (
    ("ID_CN", lambda raw, digits: checksums.cn_resident_id(digits)),
    ("ID_MY", _dashed_mykad),
    ("ID_TH", lambda raw, digits: checksums.th_national_id(digits)),
    # 16 digits can pass both a card's Luhn check and NIK's region + birth-date checks. A NIK
    # is written as one unbroken run (as on the KTP card), a card in groups of four.
    ("ID_ID", lambda raw, digits: raw.isdigit() and checksums.id_nik(digits)),
    ("BANK_CARD", lambda raw, digits: checksums.bank_card(digits)),
    ("ID_ID", lambda raw, digits: checksums.id_nik(digits)),
    ("ID_VN", lambda raw, digits: checksums.vn_citizen_id(digits)),
    ("ID_MY", lambda raw, digits: checksums.my_kad(digits)),
    ("PHONE", phone),
)


def classify_number(raw: str) -> str | None:
    """The PII type of one number candidate, or None when no validator accepts it."""
    digits = "".join(ch for ch in raw if ch.isdigit() or ch in "Xx")
    if digits[-1:] in ("X", "x"):
        return "ID_CN" if checksums.cn_resident_id(digits) else None
    if raw.startswith("+"):
        # Identity and card numbers are never written with a leading "+"; phones are.
        return "PHONE" if phone(raw, digits) else None
    for kind, rule in NUMBER_RULES:
        if rule(raw, digits):
            return kind
    return None
