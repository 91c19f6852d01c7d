"""Seeded synthetic PII for tests and benchmarks: planted positives and look-alike negatives.

Positives come from Faker (zh_CN, vi_VN, th_TH, id_ID, en_US, seeded) where Faker has a
provider, and from documented number formats otherwise (MyKad, NIK, Vietnamese citizen ID,
Philippine and Malaysian phones). Negatives are the numbers that trip naive detectors: IDs and
cards with a wrong check digit, dates, times, prices, order numbers, ISBNs, versions.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

from quality import checksums

_TEMPLATES = (
    "请联系 {v} 获取详情。",
    "Liên hệ {v} để biết thêm chi tiết.",
    "ติดต่อ {v} ได้ตลอดเวลา",
    "Hubungi {v} untuk informasi lebih lanjut.",
    "Makipag-ugnayan sa {v} para sa detalye.",
    "Please contact {v} for details.",
    "资料：{v}",
)

_MY_PB = [
    pb for pb in range(1, 100) if pb not in {0, 17, 18, 19, 20, 69, 70, 73, 80, 81, 94, 95, 96, 97}
]
_ID_PROVINCES = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61]
_VN_PROVINCES = [1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 79, 89]


@dataclass(frozen=True)
class PiiSample:
    """One sentence with at most one planted value: its span and type (None for negatives)."""

    text: str
    type: str | None
    start: int
    end: int


def _plant(rng: random.Random, value: str, kind: str | None) -> PiiSample:
    template = rng.choice(_TEMPLATES)
    start = template.index("{v}")
    return PiiSample(template.replace("{v}", value), kind, start, start + len(value))


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1950, 2009), rng.randint(1, 12), rng.randint(1, 28)


def _mykad(rng: random.Random) -> str:
    y, m, d = _date(rng)
    body = (
        f"{y % 100:02d}{m:02d}{d:02d}",
        f"{rng.choice(_MY_PB):02d}",
        f"{rng.randint(0, 9999):04d}",
    )
    return "-".join(body) if rng.random() < 0.7 else "".join(body)


def _nik(rng: random.Random) -> str:
    y, m, d = _date(rng)
    d += 40 if rng.random() < 0.5 else 0
    regency = rng.choice([rng.randint(1, 29), rng.randint(71, 79)])
    region = f"{rng.choice(_ID_PROVINCES)}{regency:02d}{rng.randint(1, 40):02d}"
    return f"{region}{d:02d}{m:02d}{y % 100:02d}{rng.randint(1, 9999):04d}"


def _vn_id(rng: random.Random) -> str:
    y = rng.randint(1950, 2009)
    century = (0 if y < 2000 else 2) + rng.randint(0, 1)
    return f"{rng.choice(_VN_PROVINCES):03d}{century}{y % 100:02d}{rng.randint(0, 999999):06d}"


def _thai_id(rng: random.Random) -> str:
    """Thai ID: category 1-8, province, district, book, sheet, mod 11 check (as Faker's th_TH,
    whose generator ignores the seed)."""
    body = f"{rng.randint(1, 8)}{rng.randint(10, 96):02d}{rng.randint(1, 20):02d}"
    body += f"{rng.randint(1, 99999):05d}{rng.randint(1, 99):02d}"
    value = next(body + c for c in "0123456789" if checksums.th_national_id(body + c))
    if rng.random() < 0.5:
        return value
    return f"{value[0]}-{value[1:5]}-{value[5:10]}-{value[10:12]}-{value[12]}"


def _with_check(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    return next(body + c for c in "0123456789" if checksums.luhn(body + c))


def _card(rng: random.Random, fakers: dict[str, Faker]) -> str:
    pick = rng.random()
    if pick < 0.15:
        number = _with_check(rng, "62" + str(rng.randint(0, 9)), rng.choice([16, 19]))
    elif pick < 0.25:
        # Faker's JCB uses any "35" prefix; issued JCB cards are 3528-3589.
        number = _with_check(rng, str(rng.randint(3528, 3589)), 16)
    else:
        kind = rng.choice(["visa16", "visa19", "mastercard", "amex", "discover", "diners"])
        number = fakers["en_US"].credit_card_number(card_type=kind)
    style = rng.random()
    if style < 0.4:
        return number
    sep = " " if style < 0.8 else "-"
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


def _ph_phone(rng: random.Random) -> str:
    mobile = f"9{rng.randint(10, 99)}{rng.randint(0, 9999999):07d}"
    return rng.choice(
        [
            f"+63 {mobile[:3]} {mobile[3:6]} {mobile[6:]}",
            f"0{mobile[:3]}-{mobile[3:6]}-{mobile[6:]}",
            f"(02) 8{rng.randint(0, 999):03d} {rng.randint(0, 9999):04d}",
        ]
    )


def _my_phone(rng: random.Random) -> str:
    return rng.choice(
        [
            f"+60 1{rng.randint(0, 9)}-{rng.randint(100, 999)} {rng.randint(0, 9999):04d}",
            f"01{rng.randint(0, 9)}-{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            f"03-{rng.randint(2000, 9999)} {rng.randint(0, 9999):04d}",
        ]
    )


def _phone(rng: random.Random, fakers: dict[str, Faker]) -> str:
    from quality.pii_patterns import PHONE_REGIONS

    pick = rng.randint(0, 7)
    if pick == 7:
        return region_phone(rng, rng.choice(PHONE_REGIONS))
    if pick == 5:
        return _ph_phone(rng)
    if pick == 6:
        return _my_phone(rng)
    locale = ["zh_CN", "vi_VN", "th_TH", "id_ID", "zh_CN"][pick]
    number = str(fakers[locale].phone_number())
    while _impossible_area_code(number):
        number = str(fakers[locale].phone_number())
    return f"+86 {number[:3]} {number[3:7]} {number[7:]}" if pick == 4 else number


def _impossible_area_code(number: str) -> bool:
    """Faker's vi_VN/id_ID formats sometimes emit area code 00x, which no numbering plan has."""
    digits = "".join(ch for ch in number if ch.isdigit())
    national = digits[2:] if number.startswith("+") else digits
    return national.startswith("00")


def _philsys(rng: random.Random) -> str:
    """A PhilSys card number (16 digits, no public check digit) after the label people write."""
    number = f"{rng.randint(1000, 9999)}" + "".join(f"{rng.randint(0, 9999):04d}" for _ in range(3))
    sep = rng.choice(["-", " ", ""])
    grouped = sep.join(number[i : i + 4] for i in range(0, 16, 4))
    label = rng.choice(["PhilSys No.", "PSN:", "PCN", "PhilID number", "National ID #"])
    return f"{label} {grouped}"


def region_phone(rng: random.Random, region: str, *, national: bool = False) -> str:
    """A mobile number of `region` in its international (or national) format: the
    `phonenumbers` example number with its last four digits drawn, kept only when valid."""
    import phonenumbers

    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    digits = str(example.national_number)
    while True:
        drawn = digits[:-4] + f"{rng.randint(0, 9999):04d}"
        number = phonenumbers.parse(f"+{example.country_code}{drawn}")
        if phonenumbers.is_valid_number(number):
            style = (
                phonenumbers.PhoneNumberFormat.NATIONAL
                if national
                else (phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            )
            return phonenumbers.format_number(number, style)


def _url_secret(rng: random.Random, fakers: dict[str, Faker]) -> str:
    fake = fakers["en_US"]
    token = fake.sha1()[: rng.randint(16, 40)]
    host = fake.domain_name()
    return rng.choice(
        [
            f"https://{fake.user_name()}:{fake.password(special_chars=False)}@{host}/data",
            f"https://{host}/api/v1/items?access_token={token}",
            f"https://{host}/download?file=a.zip&api_key={token}",
            f"postgresql://{fake.user_name()}:{token}@{host}:5432/db",
        ]
    )


def _positive_makers(fakers: dict[str, Faker]) -> dict[str, Callable[[random.Random], str]]:
    return {
        "EMAIL": lambda r: fakers[r.choice(list(fakers))].email(),
        "PHONE": lambda r: _phone(r, fakers),
        "ID_CN": lambda r: fakers["zh_CN"].ssn(),
        "ID_TH": _thai_id,
        "ID_MY": _mykad,
        "ID_ID": _nik,
        "ID_VN": _vn_id,
        "ID_PH": _philsys,
        "BANK_CARD": lambda r: _card(r, fakers),
        "IP": lambda r: fakers["en_US"].ipv6() if r.random() < 0.3 else fakers["en_US"].ipv4(),
        "URL_SECRET": lambda r: _url_secret(r, fakers),
    }


def _break_check(value: str) -> str:
    last = value[-1]
    return value[:-1] + ("1" if last in "0Xx" else str((int(last) + 1) % 10))


def _negative(rng: random.Random, fakers: dict[str, Faker]) -> str:
    fake = fakers["en_US"]
    y, m, d = _date(rng)
    makers: list[Callable[[], str]] = [
        lambda: _break_check(fakers["zh_CN"].ssn()),
        lambda: _break_check(_thai_id(rng).replace("-", "")),
        lambda: _break_check(fake.credit_card_number(card_type="visa16")),
        lambda: f"{y}-{m:02d}-{d:02d}",
        lambda: f"{d:02d}/{m:02d}/{y} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00",
        lambda: f"{y}年{m}月{d}日",
        lambda: f"{y}{m:02d}{d:02d}{rng.randint(0, 999999):06d}",
        lambda: f"ORD-{y}-{rng.randint(0, 999999):06d}",
        lambda: f"Rp {rng.randint(1, 999)}.{rng.randint(0, 999):03d}.000",
        lambda: f"¥{rng.randint(1, 99)},{rng.randint(0, 999):03d}.00",
        lambda: f"{rng.randint(1, 99)}.{rng.randint(0, 999):03d}.000 đồng",
        lambda: f"978-{rng.randint(0, 9)}-{rng.randint(10, 99)}-{rng.randint(10**5, 10**6 - 1)}-1",
        lambda: f"0-{rng.randint(100, 999)}-{rng.randint(10000, 99999)}-{rng.randint(0, 9)}",
        lambda: f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}",
        lambda: f"https://{fake.domain_name()}/page?id={rng.randint(1, 9999)}&lang=en",
        lambda: f"@{fake.user_name()}",
        lambda: f"{rng.randint(1, 9)},{rng.randint(100, 999)},{rng.randint(100, 999)} people",
        lambda: f"{rng.randint(10000, 99999)}",
        lambda: (
            f"Order {rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}-{rng.randint(0, 9999):04d}"
        ),
        lambda: f"PHP {rng.randint(1000, 9999)} {rng.randint(0, 9999):04d}",
    ]
    return rng.choice(makers)()


def generate_pii_samples(*, seed: int = 0, per_type: int = 200) -> list[PiiSample]:
    """``per_type`` planted positives of every PII type, then as many look-alike negatives."""
    rng = random.Random(seed)
    fakers = {}
    for i, locale in enumerate(["zh_CN", "vi_VN", "th_TH", "id_ID", "en_US"]):
        fakers[locale] = Faker(locale)
        fakers[locale].seed_instance(seed + i)
    samples = []
    for kind, make in _positive_makers(fakers).items():
        samples += [_plant(rng, make(rng), kind) for _ in range(per_type)]
    samples += [_plant(rng, _negative(rng, fakers), None) for _ in range(per_type * 10)]
    return samples


def evaluate_pii(samples: list[PiiSample]) -> dict[str, dict[str, float]]:
    """Precision and recall per type: a hit is a match of the planted type overlapping its span.

    Further matches of the planted type inside the span (an address found in two pieces, both
    masked) are neither hits nor false positives; any other match is a false positive."""
    from quality.pii import PII_TYPES, detect_pii

    tally = {kind: {"tp": 0, "fp": 0, "fn": 0} for kind in PII_TYPES}
    for sample in samples:
        found = False
        for match in detect_pii(sample.text):
            overlap = match.start < sample.end and sample.start < match.end
            if sample.type == match.type and overlap and not found:
                tally[match.type]["tp"] += 1
                found = True
            elif (
                sample.type == match.type and sample.start <= match.start < match.end <= sample.end
            ):
                continue
            else:
                tally[match.type]["fp"] += 1
        if sample.type is not None and not found:
            tally[sample.type]["fn"] += 1
    return {kind: _rates(**counts) for kind, counts in tally.items()}


def _rates(*, tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall}


# Person names and street addresses: values from Faker's lists (which the detectors do not use),
# in sentences of the country's language, with a cue written before them (a title or a form
# label: what the detector keys on) and without one (recall there measures what is found from
# the value alone). Keys: country, then "cue" / "bare".
NAME_LOCALES = {"VN": "vi_VN", "TH": "th_TH", "ID": "id_ID", "CN": "zh_CN", "PH": "fil_PH"}
NAME_LOCALES |= {"US": "en_US"}

_NAME_TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "VN": (
        (
            "Ông {n} phát biểu tại hội nghị.",
            "Theo bà {n}, giá nhà sẽ tăng.",
            "Chị {n} cho biết sẽ nộp hồ sơ.",
            "Họ tên: {n}",
            "Anh {n} đang làm việc tại công ty.",
        ),
        (
            "{n} phát biểu tại hội nghị.",
            "Theo {n}, giá nhà sẽ tăng.",
            "Hồ sơ của {n} đã được duyệt.",
            "Người nhận {n} chưa ký.",
        ),
    ),
    "TH": (
        ("นาย{n} กล่าวว่าจะมาพรุ่งนี้", "นางสาว{n} เป็นผู้สมัคร", "คุณ{n} โทรมาเมื่อวาน", "ชื่อ: {n}"),
        ("{n} กล่าวว่าจะมาพรุ่งนี้", "ผู้สมัครคือ {n} จากเชียงใหม่", "ส่งเอกสารให้ {n} แล้ว"),
    ),
    "ID": (
        (
            "Bapak {n} menghadiri rapat kemarin.",
            "Menurut Ibu {n}, harga beras naik.",
            "Nama: {n}",
            "Surat untuk Sdr. {n} sudah dikirim.",
        ),
        ("{n} menghadiri rapat kemarin.", "Menurut {n}, harga beras naik.", "Surat untuk {n}."),
    ),
    "CN": (
        ("{n}先生表示同意。", "请联系{n}女士。", "联系人：{n}", "姓名：{n}"),
        ("{n}表示同意。", "请联系{n}。", "这份报告由{n}撰写。"),
    ),
    "PH": (
        ("Ayon kay G. {n}, tataas ang presyo.", "Sinabi ni {n} na darating siya.", "Pangalan: {n}"),
        ("Tataas ang presyo, ayon sa pahayag ng {n} kahapon.", "{n} will attend the meeting."),
    ),
    "US": (
        ("Mr. {n} will attend the meeting.", "We spoke to Dr. {n} yesterday.", "Name: {n}"),
        ("{n} will attend the meeting.", "We spoke to {n} yesterday.", "Signed, {n}"),
    ),
}

_ADDRESS_TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "VN": (("Địa chỉ: {a}",), ("Nhà tôi ở {a}.", "Gửi hàng đến {a} giúp tôi.")),
    "TH": (("ที่อยู่: {a}",), ("ส่งของไปที่ {a} ด้วยนะ", "บ้านอยู่ {a}")),
    "ID": (("Alamat: {a}",), ("Kirim paketnya ke {a} besok.", "Rumahnya di {a}.")),
    "CN": (("地址：{a}",), ("请寄到{a}。", "他住在{a}。")),
    "PH": (("Address: {a}",), ("Ipadala sa {a} bukas.", "Nakatira siya sa {a}.")),
    "US": (("Address: {a}",), ("Send it to {a} today.", "She lives at {a}.")),
}


def _faker_name(country: str, fake: Faker) -> str:
    """A full name in the country's own order (Vietnamese and Chinese surname first)."""
    if country == "VN":
        first = fake.first_name_male() if fake.random.random() < 0.5 else fake.first_name_female()
        return f"{fake.last_name()} {fake.middle_name()} {first}"
    if country == "CN":
        return f"{fake.last_name()}{fake.first_name()}"
    return f"{fake.first_name()} {fake.last_name()}"


def _faker_address(fake: Faker, rng: random.Random) -> str:
    """Faker's address, its line break written as a comma or kept (as in a form)."""
    address = str(fake.address())
    return address.replace("\n", ", ") if rng.random() < 0.7 else address


def name_address_samples(
    *, seed: int, per_group: int
) -> dict[tuple[str, str, str], list[PiiSample]]:
    """``per_group`` planted names and addresses per (type, country, "cue" | "bare")."""
    rng = random.Random(f"names-{seed}")
    groups: dict[tuple[str, str, str], list[PiiSample]] = {}
    for i, (country, locale) in enumerate(NAME_LOCALES.items()):
        fake = Faker(locale)
        fake.seed_instance(seed * 100 + i)
        for kind in ("PERSON", "ADDRESS"):
            templates = (_NAME_TEMPLATES if kind == "PERSON" else _ADDRESS_TEMPLATES)[country]
            for cue, chosen in zip(("cue", "bare"), templates, strict=True):
                groups[(kind, country, cue)] = [
                    _plant_in(rng.choice(chosen), _faker_value(kind, country, fake, rng), kind)
                    for _ in range(per_group)
                ]
    return groups


def _faker_value(kind: str, country: str, fake: Faker, rng: random.Random) -> str:
    return _faker_name(country, fake) if kind == "PERSON" else _faker_address(fake, rng)


def _plant_in(template: str, value: str, kind: str) -> PiiSample:
    key = "{n}" if "{n}" in template else "{a}"
    start = template.index(key)
    return PiiSample(template.replace(key, value), kind, start, start + len(value))


# Sentences with place, organisation and street names, honorific-like words, years and page
# ranges, which hold no person name and no address of a person.
NAME_ADDRESS_NEGATIVES = (
    "Jalan Sudirman macet sekali pagi ini.",
    "Kami berjalan ke Jalan Thamrin untuk melihat parade.",
    "Ibu Kota Nusantara akan dibangun di Kalimantan Timur.",
    "Tuan rumah Piala Dunia 2022 adalah Qatar.",
    "Tỉnh Bà Rịa - Vũng Tàu có nhiều bãi biển đẹp.",
    "Thành phố Hồ Chí Minh là trung tâm kinh tế lớn nhất.",
    "Đường Nguyễn Huệ đông người vào dịp Tết.",
    "Học sinh học tiếng Anh từ lớp 3.",
    "Năm 2019, Việt Nam đón 18 triệu lượt khách quốc tế.",
    "Xem trang 12-15 và chương 3 của Bộ luật Dân sự.",
    "The Bank of America reported earnings on page 12-15 in 2021.",
    "Microsoft and Google opened offices in Jakarta and Manila.",
    "นายกรัฐมนตรีเดินทางไปเชียงใหม่",
    "ขอบคุณมากครับ คุณภาพของสินค้าดีมาก",
    "นางแบบเดินบนเวทีในกรุงเทพฯ",
    "ถนนสุขุมวิทรถติดมากในวันจันทร์",
    "北京大学和清华大学都在海淀区。",
    "他在中山路上散步。",
    "Nagtipon ang mga tao sa Quezon City noong 2020.",
    "Barangay Ginebra won the game 98-87.",
    "Singapore Airlines added 12 flights in 2023.",
    "The Lord of the Rings was published in 1954.",
)


def negative_samples() -> list[PiiSample]:
    """``NAME_ADDRESS_NEGATIVES`` as samples without a planted value."""
    return [PiiSample(text, None, 0, 0) for text in NAME_ADDRESS_NEGATIVES]
