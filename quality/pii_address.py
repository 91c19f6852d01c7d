"""Street addresses (``ADDRESS``) by per-country patterns built on address keywords.

A street address is a house number with the street, or the keywords each country writes an
address with (vi số/đường/phường/quận, id Jl./No./RT/RW/Kel./Kec., ms No./Jalan/Taman + 5-digit
postcode, th เลขที่/ถนน/ซอย/แขวง/เขต/ตำบล/อำเภอ + postcode, PH St./Brgy., SG Blk/#01-23/Singapore
123456, zh 省/市/区/路/街 + 号/座, en-US number + street + state and ZIP). A street named
without a house number ("Jalan Sudirman", "đường Lê Lợi", "ถนนสุขุมวิท") is a place, not an
address of a person, and is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import regex

from quality.pii_patterns import polars_gate

# A capitalised word, or initials and short upper-case abbreviations ("K.H.", "HOS.", "M.T").
_WORD = r"\p{Lu}(?:[\p{Ll}\p{M}]+|[\p{Lu}.]{0,5})\.?"
_PART = rf"(?:{_WORD}|\d{{1,4}}(?:st|nd|rd|th)?|[A-Z]{{1,3}}|del|de|la|ng|dan)"
_PLACE = rf"{_WORD}(?:\s+{_PART}){{0,5}}"
_HOUSE = r"\d{1,5}[A-Za-z]?(?:[/\-]\d{1,5}[A-Za-z]?){0,3}"

_VI_LOCAL = r"(?:[Nn]gõ|[Kk]hóm|[Nn]gách|[Hh]ẻm|[Kk]iệt|[Kk]hu|[Tt]ổ|[Ấấ]p|[Tt]hôn|[Xx]óm|[Ll]ô)"
_VI_STREET = r"(?:[Đđ]ường|[Pp]hố|[Đđ]ại\s+lộ)"
_VI_ADMIN = (
    r"(?:[Pp]hường|[Xx]ã|[Qq]uận|[Hh]uyện|[Tt]hị\s+xã|[Tt]hị\s+trấn|[Tt]hành\s+phố|TP\.?|[Tt]ỉnh"
    r"|P\.|Q\.)"
)
_VI_ADMIN_WORD = (
    r"(?:Thành\s+phố|Thị\s+xã|Thị\s+trấn|Phường|Xã|Quận|Huyện|Tỉnh|TP|Đường|Phố|Ngõ|Hẻm)\b"
)
_VI_NAME_PART = rf"(?!{_VI_ADMIN_WORD})(?:\p{{Lu}}[\p{{Ll}}\p{{M}}]*|\d{{1,3}})"
_VI_NAME = rf"{_VI_NAME_PART}(?:\s+{_VI_NAME_PART}){{0,5}}"
_VI = (
    rf"(?:(?:[Ss]ố|[Nn]hà)\s+)?{_HOUSE}(?:,?\s+{_VI_LOCAL}\s+[\dA-Za-z/]+)*"
    rf"(?:,?\s+(?:{_VI_STREET}\s+)?(?:số\s+\d{{1,3}}|{_VI_NAME}))?"
    rf"(?:,?\s+{_VI_ADMIN}\s*{_VI_NAME})*(?:,?\s+\d{{5,6}}(?!\d))?"
)
_VI_KEYWORDS = regex.compile(
    rf"(?<![\p{{L}}])(?:{_VI_LOCAL}|{_VI_STREET}|{_VI_ADMIN})(?![\p{{L}}])"
)

_TH_RUN = r"[\u0E01-\u0E4E][\u0E01-\u0E4E.]{1,40}"
_TH_KEYWORD = r"(?:ถนน|ถ\.|ซอย|ซ\.|ตรอก|หมู่บ้าน|หมู่ที่|หมู่|ม\.|ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.)"
_TH = (
    rf"(?:เลขที่\s*)?{_HOUSE}(?:\s*{_TH_KEYWORD}\s*(?:{_TH_RUN}(?:\s\d{{1,3}}(?!\d))?|\d{{1,3}}))+"
    rf"(?:(?:\s+{_TH_RUN}){{0,3}}\s+\d{{5}}(?!\d)|\s+{_TH_RUN}(?=\s*$))?"
)

_ID_STREET = (
    r"(?:Jl\.|Jln\.|Jalan|Gg\.|Gang|Lorong|Lrg\.|Persiaran|Lebuh(?:raya)?|Jalan\s+Raya|Komplek"
    r"|Perumahan|Perum\.)"
)
_ID_AREA = (
    r"(?:RT\.?\s*\d{1,3}\s*/\s*RW\.?\s*\d{1,3}|RT\.?\s*\d{1,3}|RW\.?\s*\d{1,3}|Blok\s+[\dA-Z]+"
    rf"|(?:Kel\.|Kelurahan|Kec\.|Kecamatan|Desa|Kab\.|Kabupaten|Kota|Taman|Kampung|Kg\.|Bandar"
    rf"|Mukim|Daerah|Prov\.|Provinsi)\s+{_PLACE})"
)
_ID_NUMBER = r"(?:No\.?|Nomor|Nombor)\s*\d{1,5}[A-Za-z]?(?:[/\-]\d{1,5}[A-Za-z]?)?"
_ID = (
    rf"(?:{_ID_NUMBER},?\s+)?{_ID_STREET}\s+{_PLACE}(?:,?\s+{_ID_NUMBER})?"
    rf"(?:,?\s+{_ID_AREA})*"
    rf"(?:,?\s+(?:{_PLACE},\s+)?(?:[A-Z]{{2}}\s+|{_PLACE}\s+)?\d{{5}}(?!\d)(?:\s+{_PLACE})?)?"
)

_EN_SUFFIX = (
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Court|Ct\."
    r"|Way|Place|Pl\.|Highway|Hwy\.?|Extension|Ext\.|Circle|Cir\.|Terrace|Parkway|Pkwy\.?|Square"
    r"|Sq\.|Trail|Alley|Crescent|Close|Loop|Plaza|Heights|Expressway|Subdivision|Subd\.)"
)
_EN_UNIT = r"(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Room|Rm\.?|Floor|Fl\.|#)\s*[\dA-Z][\w\-]*"
_EN_AREA = rf"(?:Brgy\.?|Barangay|Purok|Sitio|Phase|Village|Zone)\s+{_PLACE}"
_EN_TAIL = (
    rf"(?:,?\s+{_EN_UNIT})?(?:,\s+{_EN_AREA})*"
    rf"(?:,\s+{_PLACE}){{0,3}}(?:,?\s+[A-Z]{{2}}\s+\d{{5}}(?:-\d{{4}})?(?!\d)"
    rf"|,?\s+\d{{4}}\s+{_PLACE}|,?\s+\d{{4}}(?!\d))?"
)
_EN = (
    # A Philippine block and lot ("B02 L97", "Blk 5 Lot 12") starts an address on its own.
    rf"(?<![\p{{L}}\d])(?:Blk\.?|Block|B)\s*\d{{1,4}}[A-Z]?\s+(?:Lot|L)\s*\d{{1,4}}[A-Z]?\s+{_PLACE}"
    rf"{_EN_TAIL}"
    rf"|(?:{_EN_UNIT},?\s+)?(?<![\d.,])\d{{1,5}}(?:-?[A-Z])?\s+(?:[A-Z]\s+)?(?:{_PART}\s+){{0,3}}"
    rf"(?:{_WORD}|\d{{1,4}}(?:st|nd|rd|th))\s*{_EN_SUFFIX}(?!\p{{L}}){_EN_TAIL}"
)
# A US-style address without a known street suffix, anchored by its state code and ZIP, and
# the military post (APO/FPO/DPO) form.
_US_ZIP = (
    rf"(?<![\d.,])\d{{1,5}}\s+{_WORD}(?:\s+{_WORD}){{0,3}}(?:\s+{_EN_UNIT})?\s*[\n,]\s*"
    rf"{_PLACE},\s+[A-Z]{{2}}\s+\d{{5}}(?:-\d{{4}})?(?!\d)"
    rf"|\b(?:(?:PSC|Unit)\s+\d{{1,5}},?\s+Box\s+\d{{1,5}}|(?:USNS|USS|USNV|USCGC)\s+{_WORD})"
    r",?\s+(?:APO|FPO|DPO)\s+A[AEP]\s+\d{5}(?!\d)"
)
_SG = (
    rf"(?:Blk\.?|Block)\s*\d{{1,4}}[A-Z]?\s+{_PLACE}(?:,?\s+#\d{{2}}-\d{{2,5}})?"
    rf"(?:,?\s+Singapore\s+\d{{6}}(?!\d))?"
    rf"|#\d{{2}}-\d{{2,5}}[A-Z]?(?:,?\s+{_PLACE})?(?:,?\s+Singapore\s+\d{{6}}(?!\d))?"
    rf"|Singapore\s+\d{{6}}(?!\d)"
)
_ZH = (
    r"(?:\p{Han}{1,6}?(?:省|自治区|自治區|特别行政区|特別行政區))?(?:\p{Han}{1,6}?[市州盟])?"
    r"(?:\p{Han}{1,6}?(?:区|區|县|縣|旗|镇|鎮|乡|鄉))?[\p{Han}\dA-Za-z]{1,10}?"
    r"(?:路|街|大道|巷|弄|胡同)(?:[\dA-Za-z一二三四五六七八九十\-]{1,6}(?:号|號|座|栋|棟|幢)){1,3}"
    r"(?:[\dA-Za-z\-]{1,6}(?:室|楼|樓|层|層|单元|單元))*(?:\s*\d{6}(?!\d))?"
)

ADDRESS_RULES: tuple[tuple[str, regex.Pattern[str]], ...] = (
    ("zh", regex.compile(_ZH)),
    ("th", regex.compile(_TH)),
    ("id_ms", regex.compile(rf"(?<![\p{{L}}\d]){_ID}")),
    ("sg", regex.compile(rf"(?<![\p{{L}}\d]){_SG}")),
    ("us", regex.compile(_US_ZIP)),
    ("en_ph", regex.compile(_EN)),
    ("vi", regex.compile(rf"(?<![\p{{L}}\d.,/]){_VI}")),
)

# What each rule needs somewhere in the text before it is worth running (no look-around: the
# union is also the Polars prefilter, so a record matching none is not scanned for addresses).
ADDRESS_NEEDLES: dict[str, str] = {
    "zh": r"(?:路|街|大道|巷|弄|胡同)[\dA-Za-z一二三四五六七八九十\-]{1,6}(?:号|號|座|栋|棟|幢)",
    "th": rf"\d\s*{_TH_KEYWORD}",
    "id_ms": (
        r"\b(?:Jl|Jln|Gg|Lrg|Perum)\.|\b(?:Jalan|Gang|Lorong|Persiaran|Lebuh|Lebuhraya|Komplek"
        r"|Perumahan)\b"
    ),
    "sg": r"\b(?:Blk|Block)\b|#\d{2}-\d|Singapore\s+\d{6}",
    "us": r"\b[A-Z]{2}\s+\d{5}\b",
    "en_ph": rf"\b{_EN_SUFFIX}\b|\b(?:B|Blk|Block)\s*\d{{1,4}}[A-Z]?\s+(?:L|Lot)\s*\d",
    "vi": (
        r"\b(?:[Nn]gõ|[Kk]hóm|[Nn]gách|[Hh]ẻm|[Kk]iệt|[Kk]hu|[Tt]ổ|[Ấấ]p|[Tt]hôn|[Xx]óm"
        r"|[Ll]ô|[Đđ]ường|[Pp]hố|[Đđ]ại lộ|[Pp]hường|[Xx]ã|[Qq]uận|[Hh]uyện|[Tt]hị|[Tt]hành phố|TP"
        r"|[Tt]ỉnh|P\.|Q\.)"
    ),
}
_NEEDLES = {name: regex.compile(needle) for name, needle in ADDRESS_NEEDLES.items()}
# Without word boundaries: Rust's Unicode `\b` has no fast engine (90x slower on 1 KB texts).
# A gate matches wherever its needle does, so Polars can pick the rows each rule may run on
# (``quality.pii_patterns.polars_gate``).
ADDRESS_GATES: dict[str, str] = {
    name: polars_gate(needle) for name, needle in ADDRESS_NEEDLES.items()
}
# The records scanned at all (kept as before the gates, so the same records are scanned).
ADDRESS_PREFILTER = "|".join(ADDRESS_NEEDLES.values()).replace(r"\b", "")


def _vi_keyed(text: str) -> bool:
    """A Vietnamese candidate is an address only with an address word (ngõ, đường, phường ...)
    after the house number: "số 3 Việt Nam" is a rank, not an address."""
    return _VI_KEYWORDS.search(text) is not None


def _th_keyed(text: str) -> bool:
    """A Thai candidate needs a street-level keyword (road, soi, village) or เลขที่, or two
    levels (ต. and อ.), or a postcode: "5 อำเภอ" alone counts districts."""
    if regex.search(r"เลขที่|ถนน|ถ\.|ซอย|ซ\.|ตรอก|หมู่|ม\.\s*\d", text) is not None:
        return True
    return len(regex.findall(_TH_KEYWORD, text)) >= 2 or regex.search(r"\d{5}$", text) is not None


def _zh_keyed(text: str) -> bool:
    """A Chinese candidate needs a place level (省/市/区/县) or a 号 house number."""
    return regex.search(r"[省市区區县縣镇鎮乡鄉]|号|號", text) is not None


def _has_number(text: str) -> bool:
    """An Indonesian/Malaysian street is an address only with a number (house, RT/RW or
    postcode): "Jalan Sudirman" alone names a street."""
    return any(ch.isdigit() for ch in text)


_CHECKS = {"vi": _vi_keyed, "th": _th_keyed, "zh": _zh_keyed, "id_ms": _has_number}


def find_addresses(
    text: str, rules: Sequence[tuple[str, regex.Pattern[str]]] = ADDRESS_RULES
) -> Iterator[tuple[int, int]]:
    """Spans (start, end exclusive) of street addresses in ``text``, rule by rule; spans of
    different rules may overlap (the caller keeps the first).

    >>> list(find_addresses("Kantor: Jl. Merdeka No. 5, Bandung 40115."))
    [(8, 40)]
    """
    for name, pattern in rules:
        if _NEEDLES[name].search(text) is None:
            continue
        check = _CHECKS.get(name)
        for match in pattern.finditer(text):
            value = match.group().rstrip(" ,")
            if value and (check is None or check(value)):
                yield match.start(), match.start() + len(value)
