"""Instruction checks on literal records: one per issue code."""

from __future__ import annotations

import polars as pl

from quality.types import check_types


def _records(rows: list[tuple[str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(len(rows))],
            "instruction": [r[0] for r in rows],
            "input": [""] * len(rows),
            "output": [r[1] for r in rows],
        }
    )


def test_each_problem_gets_its_issue_code() -> None:
    rows = [
        ("Explain why the sky is blue in two sentences.", "Sunlight scatters off air molecules."),
        ("Write a poem about rain.", ""),
        ("请介绍一下北京的历史。", "抱歉，我无法回答这个问题。"),
        (
            "Summarise the news article below for me please.",
            "Summarise the news article below for me please.",
        ),
        ("List three fruits.", "Apple, banana,"),
        ("Name the capital of France.", "Paris is the capital."),
        ("Name the capital of France.", "Lyon is the capital."),
        (
            "Jelaskan cara membuat nasi goreng yang enak.",
            "Fry the rice with garlic, egg and sweet soy sauce.",
        ),
        ("ช่วยแนะนำสถานที่ท่องเที่ยวในเชียงใหม่", "ขออภัย ฉันไม่สามารถช่วยเรื่องนี้ได้"),
    ]
    out = check_types(_records(rows), dataset_type="instruction")
    assert out["t_issue"].to_list() == [
        None,
        "instruction_output_empty",
        "instruction_refusal",
        "instruction_output_copies_prompt",
        "instruction_truncated",
        "instruction_conflicting_duplicate",
        "instruction_conflicting_duplicate",
        "instruction_lang_mismatch",
        "instruction_refusal",
    ]


def test_refusals_in_vietnamese_and_indonesian_are_found() -> None:
    rows = [
        ("Viết một bài thơ.", "Xin lỗi, tôi không thể làm điều đó."),
        ("Tulis puisi.", "Maaf, saya tidak dapat membantu permintaan ini."),
    ]
    out = check_types(_records(rows), dataset_type="instruction")
    assert out["t_refusal"].to_list() == [True, True]
