"""Personal information: each type with its checksum, look-alikes, masking, and the summaries."""

from __future__ import annotations

import polars as pl
import pytest

from quality import checksums
from quality.pii import (
    PII_TYPES,
    add_pii_columns,
    detect_pii,
    mask_pii,
    residual_pii,
    summarize_pii,
)
from tests.pii_samples import evaluate_pii, generate_pii_samples


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("邮箱：zhang.wei@example.com。", "EMAIL"),
        ("电话13800138000", "PHONE"),
        ("Call +86 138 0013 8000", "PHONE"),
        ("Gọi 0912 345 678 nhé", "PHONE"),
        ("Liên hệ +84 91 234 5678", "PHONE"),
        ("โทร 081-234-5678", "PHONE"),
        ("Hubungi 0812-3456-7890", "PHONE"),
        ("Hubungi +62 21 5555 1234", "PHONE"),
        ("Call 012-345 6789", "PHONE"),
        ("Tawag sa 0917-123-4567", "PHONE"),
        ("Tawag sa +63 917 123 4567", "PHONE"),
        ("身份证号11010519491231002X", "ID_CN"),
        ("เลขบัตร 3-4208-70704-23-1", "ID_TH"),
        ("MyKad 850101-14-5123", "ID_MY"),
        ("NIK 3171234501900001", "ID_ID"),
        ("CCCD 001095012345", "ID_VN"),
        ("Card 4111 1111 1111 1111", "BANK_CARD"),
        ("银联卡 6222-0212-3456-7894", "BANK_CARD"),
        ("server 192.168.1.20 down", "IP"),
        ("addr fe80::1ff:fe23:4567:890a", "IP"),
        ("https://alice:s3cret@db.example.com/x", "URL_SECRET"),
        ("https://api.example.com/v1?access_token=abcdef123456", "URL_SECRET"),
    ],
)
def test_each_type_is_detected(text: str, kind: str) -> None:
    assert [m.type for m in detect_pii(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "身份证号110105194912310021",  # wrong mod 11-2 check character
        "เลขบัตร 3-4208-70704-23-2",  # wrong Thai check digit
        "Card 4111 1111 1111 1112",  # fails Luhn
        "MyKad 851301-14-5123",  # month 13
        "MyKad 850101-18-5123",  # unassigned place-of-birth code
        "NIK 3171234513900001",  # month 13
        "订单号 2024011500012345",  # order number built from a date
        "Ngày 15/01/2024 lúc 12:30:45",
        "Harga Rp 1.299.000",
        "ISBN 0-306-40615-2",
        "version 3.11.4",
        "https://example.com/page?id=12&lang=en",
        "follow @someone on social media",
    ],
)
def test_look_alikes_are_not_detected(text: str) -> None:
    assert detect_pii(text) == []


def test_checksums_known_values() -> None:
    assert checksums.cn_resident_id("11010519491231002X")
    assert checksums.th_national_id("3420870704231")
    assert checksums.luhn("79927398713") and not checksums.luhn("79927398710")
    assert checksums.bank_card("6222021234567894")
    assert not checksums.bank_card("1234567812345670")  # Luhn-valid, no card brand


def test_side_by_side_numbers_are_split() -> None:
    masked, types = mask_pii("110101199003074514 13800138000")
    assert masked == "[ID_CN] [PHONE]"
    assert types == ["ID_CN", "PHONE"]


def test_add_pii_columns_masks_every_column_and_counts() -> None:
    frame = pl.DataFrame(
        {
            "instruction": ["Email x@y.com please", "nothing here", None],
            "output": ["Tel 13800138000 and 13900139000", "", "ok"],
        }
    )
    out = add_pii_columns(frame, columns=["instruction", "output"])
    assert out["instruction_masked"].to_list() == ["Email [EMAIL] please", "nothing here", None]
    assert out["output_masked"][0] == "Tel [PHONE] and [PHONE]"
    assert out["pii_count"].to_list() == [3, 0, 0]
    assert out["pii_types"].to_list() == [["EMAIL", "PHONE"], [], []]
    assert out.schema["pii_count"] == pl.Int64
    assert out.schema["pii_types"] == pl.List(pl.String)
    assert residual_pii(out, columns=["instruction", "output"]) == 0
    summary = summarize_pii(out)
    assert summary["records_with_pii"] == 1
    assert summary["matches"] == 3
    assert summary["records_by_type"] == {"EMAIL": 1, "PHONE": 1}


def test_residual_pii_counts_unmasked_records() -> None:
    frame = pl.DataFrame({"text_masked": ["still x@y.com", "[EMAIL]", None]})
    assert residual_pii(frame, columns=["text"]) == 1


def test_combining_marks_and_cjk_text_survive_masking() -> None:
    text = "ติดต่อคุณสมชาย 081-234-5678 ค่ะ，Tiếng Việt，请联系我。"
    masked, _ = mask_pii(text)
    assert masked == "ติดต่อคุณ[PERSON] [PHONE] ค่ะ，Tiếng Việt，请联系我。"


def test_deterministic() -> None:
    first = generate_pii_samples(seed=7, per_type=20)
    assert first == generate_pii_samples(seed=7, per_type=20)


def test_precision_and_recall_per_type_on_generated_samples() -> None:
    rates = evaluate_pii(generate_pii_samples(seed=0, per_type=150))
    assert set(rates) == set(PII_TYPES)
    for kind, rate in rates.items():
        assert rate["precision"] >= 0.95, (kind, rate)
        assert rate["recall"] >= 0.95, (kind, rate)


@pytest.mark.parametrize(
    "text",
    ["1234567890" * 100_000, "12 " * 100_000, "a" * 500_000 + "@" + "b" * 500_000, "1." * 500_000],
)
def test_huge_pathological_records_do_not_crash(text: str) -> None:
    out = add_pii_columns(pl.DataFrame({"text": [text]}), columns=["text"])
    assert out["text_masked"].str.len_chars()[0] > 0
    assert out["pii_count"][0] <= 1


def test_empty_and_all_null_columns() -> None:
    empty = add_pii_columns(
        pl.DataFrame({"text": []}, schema={"text": pl.String}), columns=["text"]
    )
    assert empty.height == 0 and empty.schema["pii_count"] == pl.Int64
    nulls = add_pii_columns(pl.DataFrame({"text": [None, None]}), columns=["text"])
    assert nulls["text_masked"].to_list() == [None, None]
    assert nulls["pii_count"].to_list() == [0, 0]
    assert summarize_pii(empty)["records"] == 0


def test_match_fields() -> None:
    (match,) = detect_pii("mail me: a.b@example.com")
    assert (match.type, match.start, match.end) == ("EMAIL", 9, 24)
