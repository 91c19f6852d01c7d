"""Person names and street addresses (PERSON, ADDRESS) and bare SG/BN phones after a cue.

Every positive names the rule that must find it, and no other rule does: without that rule the
example is not masked.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import polars as pl
import pytest
import regex

from quality.audit.pii_check import independent_pii_check
from quality.pii import add_pii_columns, detect_pii, mask_pii, summarize_pii
from quality.pii_address import ADDRESS_RULES, find_addresses
from quality.pii_names import PERSON_RULES, find_persons
from tests.pii_samples import evaluate_pii, name_address_samples, negative_samples


def _rules(
    find: Callable[..., Iterator[tuple[int, int]]],
    rules: tuple[tuple[str, regex.Pattern[str]], ...],
    text: str,
    value: str,
) -> set[str]:
    """Names of the rules that, alone, find a span covering ``value`` in ``text``."""
    start = text.index(value)
    end = start + len(value)
    return {
        name
        for name, pattern in rules
        if any(s <= start and end <= e for s, e in find(text, rules=[(name, pattern)]))
    }


@pytest.mark.parametrize(
    ("text", "value", "rule"),
    [
        ("Mr. John Smith will attend the meeting.", "John Smith", "en"),
        ("We spoke to Dr Lee yesterday.", "Lee", "en"),
        ("Ông Donald Trump phát biểu tại hội nghị.", "Donald Trump", "vi"),
        ("mấy hôm sau gặp bà Loan thưa chuyện.", "Loan", "vi"),
        ("Chị Hoa cho biết sẽ nộp hồ sơ.", "Hoa", "vi"),
        ("Theo Trần Thị Bích Ngọc, giá nhà sẽ tăng.", "Trần Thị Bích Ngọc", "vi_surname"),
        ("Bapak Joko Widodo menghadiri rapat.", "Joko Widodo", "id_ms"),
        ("Surat untuk Encik Ahmad bin Ismail sudah dihantar.", "Ahmad bin Ismail", "id_ms"),
        ("Ayon kay G. Santos, tataas ang presyo.", "Santos", "fil"),
        ("Malapit kay Maria si Juan.", "Juan", "fil_article"),
        ("นายสมชาย ใจดี กล่าวว่าจะมาพรุ่งนี้", "สมชาย ใจดี", "th"),
        ("นางสาวสุดา แก้วมณี เป็นผู้สมัคร", "สุดา แก้วมณี", "th"),
        ("王建国先生表示同意。", "王建国", "zh"),
        ("请联系張小姐。", "張", "zh"),
        ("Họ tên: Minh Chính", "Minh Chính", "label"),
        ("Nama: Siti Nurhaliza", "Siti Nurhaliza", "label"),
        ("ชื่อ: สมศรี มีสุข", "สมศรี มีสุข", "label"),
        ("姓名：李娜", "李娜", "label"),
    ],
)
def test_each_person_rule_finds_its_names(text: str, value: str, rule: str) -> None:
    assert _rules(find_persons, PERSON_RULES, text, value) == {rule}  # no other rule would mask it
    masked, types = mask_pii(text)
    assert "PERSON" in types and value not in masked


@pytest.mark.parametrize(
    ("text", "value", "rule"),
    [
        ("Địa chỉ: Số 30 đường Lê Lai, phường Bến Thành, quận 1", "Số 30 đường Lê Lai", "vi"),
        ("Nhà tôi ở 12/3 Ngõ 47 phố Huế, Hà Nội.", "12/3 Ngõ 47 phố Huế", "vi"),
        (
            "Alamat: Jl. Merdeka No. 5, RT 01/RW 02, Kec. Sukajadi, Bandung 40115",
            "Jl. Merdeka",
            "id_ms",
        ),
        ("No. 12, Jalan Bunga 3, Taman Melati, 53100 Kuala Lumpur", "Jalan Bunga 3", "id_ms"),
        ("ที่อยู่ 123/45 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพมหานคร 10110", "ถนนสุขุมวิท", "th"),
        ("35/8 ต.บ่อปากแจ่ม อ.บำเหน็จณรงค์ นครสวรรค์ 84200", "ต.บ่อปากแจ่ม", "th"),
        ("Blk 123 Ang Mo Kio Ave 3, #01-23, Singapore 560123", "Ang Mo Kio Ave 3", "sg"),
        ("Send it to 7298 Garnet Road, Bobon, 8700 Agusan del Norte.", "Garnet Road", "en_ph"),
        ("Lives at 12 Rizal St., Brgy. San Isidro, Quezon City", "Rizal St.", "en_ph"),
        ("She lives at 1876 Amber Lights, North Shaun, DC 11461.", "Amber Lights", "us"),
        ("北京市朝阳区建国路88号", "建国路88号", "zh"),
        ("地址：广东省深圳市南山区科技园路1号A座", "科技园路1号", "zh"),
    ],
)
def test_each_address_rule_finds_its_addresses(text: str, value: str, rule: str) -> None:
    assert _rules(find_addresses, ADDRESS_RULES, text, value) == {
        rule
    }  # no other rule would mask it
    masked, types = mask_pii(text)
    assert "ADDRESS" in types and value not in masked


@pytest.mark.parametrize(
    "text",
    [
        "Jalan Sudirman macet sekali pagi ini.",  # a street named in prose, no number
        "Kami berjalan ke Jalan Thamrin untuk melihat parade.",
        "Ibu Kota Nusantara akan dibangun di Kalimantan Timur.",  # "Ibu Kota": capital city
        "Tỉnh Bà Rịa - Vũng Tàu có nhiều bãi biển đẹp.",  # a province, not "Mrs Rịa"
        "Thành phố Hồ Chí Minh là trung tâm kinh tế lớn nhất.",
        "Đường Nguyễn Huệ đông người vào dịp Tết.",  # a street named after a person
        "Học sinh học tiếng Anh từ lớp 3.",  # "Anh": English
        "Năm 2019, Việt Nam đón 18 triệu lượt khách quốc tế.",
        "Xem trang 12-15 và chương 3 của Bộ luật Dân sự.",  # page range
        "The Bank of America reported earnings on page 12-15 in 2021.",
        "Microsoft and Google opened offices in Jakarta and Manila.",
        "นายกรัฐมนตรีเดินทางไปเชียงใหม่",  # นายก-: prime minister
        "ขอบคุณมากครับ คุณภาพของสินค้าดีมาก",  # thanks; quality
        "มีลูกเรือกว่า 330 นายบนเรือ",  # นาย as a classifier for crew
        "ในเดือนมิถุนายนถึงสิงหาคม 2010",  # มิถุนายน: June
        "ถนนสุขุมวิทรถติดมากในวันจันทร์",  # a road in prose
        "北京大学和清华大学都在海淀区。",
        "他在中山路上散步。",  # a road, no house number
        "Barangay Ginebra won the game 98-87.",
        "The Miss Grand International pageant was held in 2023.",
        "Singapore Airlines added 12 flights in 2023.",
    ],
)
def test_place_and_organisation_names_are_not_masked(text: str) -> None:
    assert [m for m in detect_pii(text) if m.type in ("PERSON", "ADDRESS")] == []


def test_the_cue_stays_and_the_name_goes() -> None:
    assert mask_pii("Ông Nguyễn Văn An đã đến.") == ("Ông [PERSON] đã đến.", ["PERSON"])
    assert mask_pii("Mr. John Smith called.")[0] == "Mr. [PERSON] called."


def test_a_street_named_after_a_person_is_an_address_not_a_name() -> None:
    text = "Số 849 Ngõ 47 Trần Quang Khải, phường Đông Hải"
    assert [m.type for m in detect_pii(text)] == ["ADDRESS"]
    assert list(find_persons(text))  # the name rule alone would take it


def test_an_address_without_a_number_is_no_address() -> None:
    assert list(find_addresses("Kantor di Jalan Merdeka, Bandung.")) == []
    assert list(find_addresses("Kantor: Jl. Merdeka No. 5, Bandung 40115.")) == [(8, 40)]


@pytest.mark.parametrize(
    "text",
    ["Tel: 91234567", "WhatsApp 81234567 ya", "hubungi 7123456", "HP: 8123 4567", "Call 61234567"],
)
def test_bare_sg_and_bn_numbers_after_a_phone_cue(text: str) -> None:
    assert [m.type for m in detect_pii(text)] == ["PHONE"]


@pytest.mark.parametrize(
    "text",
    ["Order 91234567 shipped.", "Ref 7123456", "Tel: 12345678", "Invoice no. 81234567"],
)
def test_bare_numbers_without_a_cue_or_invalid_stay(text: str) -> None:
    assert detect_pii(text) == []


@pytest.mark.parametrize("seed", [5, 6])
def test_cued_names_and_addresses_reach_095_per_country_on_unseen_seeds(seed: int) -> None:
    """The patterns were tuned on seeds 0 and 1; seeds 5 and 6 were not looked at. Names with
    a cue and every address reach 0.95; names without a cue only in Vietnamese (below)."""
    for (kind, country, cue), samples in name_address_samples(seed=seed, per_group=100).items():
        rate = evaluate_pii(samples)[kind]
        assert rate["precision"] >= 0.95, (kind, country, cue, rate)
        if cue == "cue" or kind == "ADDRESS":
            assert rate["recall"] >= 0.95, (kind, country, cue, rate)


def test_vietnamese_names_are_found_without_a_cue() -> None:
    samples = name_address_samples(seed=3, per_group=100)[("PERSON", "VN", "bare")]
    assert evaluate_pii(samples)["PERSON"]["recall"] >= 0.95


def test_no_name_or_address_in_the_negatives() -> None:
    rates = evaluate_pii(negative_samples())
    assert rates["PERSON"]["fp"] == 0 and rates["ADDRESS"]["fp"] == 0


def test_person_and_address_are_counted_in_the_report() -> None:
    frame = pl.DataFrame({"text": ["Bapak Joko Widodo di Jl. Merdeka No. 5", "tidak ada", None]})
    out = add_pii_columns(frame, columns=["text"])
    assert out["pii_types"].to_list() == [["ADDRESS", "PERSON"], [], []]
    assert out["text_masked"][0] == "Bapak [PERSON] di [ADDRESS]"
    assert summarize_pii(out)["records_by_type"] == {"ADDRESS": 1, "PERSON": 1}


def test_the_independent_check_does_not_count_name_and_address_placeholders() -> None:
    raw = [
        "Ông Nguyễn Văn An, số 12 đường Lê Lợi, quận 1, gọi 0912 345 678",
        "Tel: 91234567, Mr. John Smith, 7298 Garnet Road",
    ]
    frame = add_pii_columns(pl.DataFrame({"record_id": ["a", "b"], "text": raw}), columns=["text"])
    assert all("[PERSON]" in t and "[ADDRESS]" in t for t in frame["text_masked"])
    result = independent_pii_check(frame, record_ids=["a", "b"], columns=[("text", "text_masked")])
    assert (result.checked, result.found, result.residual_ids) == (2, 2, ())
    # and it still fails when a phone is left: the check is live
    left = frame.with_columns(pl.col("text").alias("text_masked"))
    assert independent_pii_check(
        left, record_ids=["a", "b"], columns=[("text", "text_masked")]
    ).residual_ids == ("a", "b")


@pytest.mark.parametrize(
    "text",
    [
        "Ông " * 200_000,
        "Nguyễn Văn " * 100_000,
        "นาย" * 300_000,
        "路" * 300_000 + "1号",
        "12 Main " * 100_000,
        "Jl. A " * 100_000,
    ],
)
def test_huge_cue_records_are_scanned_in_bounded_time(text: str) -> None:
    start = time.perf_counter()
    detect_pii(text)
    assert time.perf_counter() - start < 30


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Ms Pugh's right lung", "Ms [PERSON]'s right lung"),
        ("Mr Smith’s car", "Mr [PERSON]’s car"),
        ("Dr Lee-Anne's clinic", "Dr [PERSON]'s clinic"),
    ],
)
def test_a_possessive_after_a_name_stays_text(text: str, masked: str) -> None:
    """The English possessive 's is no part of the name: masking it loses the sentence's
    grammar (seen on langid_dev: "Ms Pugh's right lung" became "Ms [PERSON] right lung")."""
    assert mask_pii(text)[0] == masked
