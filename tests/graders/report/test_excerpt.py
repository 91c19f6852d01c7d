"""Example excerpts show the evidence for the drop, not the first 280 characters."""

from __future__ import annotations

import polars as pl

from graders.report.assemble import example_records
from graders.report.excerpt import EXAMPLE_CHARS, excerpt, focus_span, split_focus

BODY = "Tin tức hôm nay về thời tiết và giao thông trong thành phố. " * 12


def test_an_appended_phone_number_shows_in_the_example() -> None:
    """The demo's noisy record: a masked phone appended after 700 characters of news."""
    text = BODY + "电话 [PHONE]"
    shown = excerpt("gopher_symbol_ratio", text)
    assert "[PHONE]" in shown and shown.startswith("…")
    assert len(shown) <= EXAMPLE_CHARS + 2
    assert "[PHONE]" not in text[:EXAMPLE_CHARS]  # the old cut at 280 characters lost it


def test_the_excerpt_is_centred_on_the_boilerplate_line() -> None:
    text = BODY + "\nCopyright © 2026 All rights reserved. | Share: Facebook\n" + BODY
    start, end = focus_span("c4_boilerplate", text) or (0, 0)
    assert text[start:end].lower() == "copyright"
    shown = excerpt("c4_boilerplate", text)
    assert shown.startswith("…") and shown.endswith("…")
    middle = shown.index("Copyright")
    assert abs(middle - len(shown) / 2) < 40


def test_without_located_evidence_head_and_tail_are_kept() -> None:
    text = "a" * 500 + "END"
    shown = excerpt("duplicate_exact", text)
    assert shown.startswith("a") and shown.endswith("END") and " … " in shown
    assert excerpt("duplicate_exact", "short") == "short"


def test_split_focus_marks_the_evidence_or_nothing() -> None:
    assert split_focus("c4_lorem_ipsum", "ok. Lorem ipsum x") == ("ok. ", "Lorem ipsum", " x")
    assert split_focus("duplicate_near", "no [PHONE] here") == ("no [PHONE] here", "", "")


def test_dropped_record_examples_carry_the_excerpt() -> None:
    frame = pl.DataFrame(
        {
            "record_id": ["r1"],
            "source_file": ["data.jsonl"],
            "source_line": [1],
            "content_masked": [BODY + "电话 [PHONE]"],
            "drop_reason": ["gopher_symbol_ratio"],
        }
    )
    quarantine = pl.DataFrame(
        schema={"source_file": pl.Utf8, "source_line": pl.Int64, "field": pl.Utf8,
                "reason": pl.Utf8, "detail": pl.Utf8, "raw": pl.Utf8}
    )  # fmt: skip
    shown = example_records(frame, quarantine, record_id_key=b"test-key")["gopher_symbol_ratio"][0][
        "text"
    ]
    assert shown.endswith("[PHONE]")
