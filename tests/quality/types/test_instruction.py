"""Instruction checks on literal records: one per issue code."""

from __future__ import annotations

import polars as pl

from quality.types import check_types, summarize_types


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


def _with_input(rows: list[tuple[str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(len(rows))],
            "instruction": [r[0] for r in rows],
            "input": [r[1] for r in rows],
            "output": [r[2] for r in rows],
        }
    )


def test_translation_instructions_expect_the_target_language() -> None:
    rows = [
        (
            "Translate into Thai:",
            "The city will build a new school next year for the children.",
            "เมืองจะสร้างโรงเรียนแห่งใหม่ในปีหน้าสำหรับเด็ก ๆ ที่อาศัยอยู่ในพื้นที่นี้",
        ),
        (
            "请翻译成越南语：",
            "这座城市明年将为孩子们建造一所新学校，学校将有一个很大的图书馆。",
            "Thành phố sẽ xây dựng một trường học mới cho trẻ em vào năm tới, với thư viện lớn.",
        ),
        (
            "Translate into Thai:",
            "The city will build a new school next year for the children.",
            "Thành phố sẽ xây dựng một trường học mới cho trẻ em vào năm tới, với thư viện lớn.",
        ),
    ]
    out = check_types(_with_input(rows), dataset_type="instruction")
    assert out["t_translation_target"].to_list() == ["th", "vi", "th"]
    assert out["t_lang_mismatch"].to_list() == [False, False, True]


def test_declared_target_language_is_expected_when_the_instruction_names_none() -> None:
    rows = [
        (
            "Rewrite the following paragraph in plain words for school children please.",
            "",
            "Thành phố sẽ xây dựng một trường học mới cho trẻ em vào năm tới, với thư viện lớn.",
        )
    ]
    plain = check_types(_with_input(rows), dataset_type="instruction")
    declared = check_types(_with_input(rows), dataset_type="instruction", target_lang="vi")
    assert plain["t_lang_mismatch"].to_list() == [True]
    assert declared["t_lang_mismatch"].to_list() == [False]


def test_output_that_copies_its_input_is_flagged() -> None:
    rows = [
        (
            "Summarise the text.",
            "Harga beras naik lima persen bulan ini.",
            "Harga beras naik lima persen bulan ini.",
        ),
        ("Correct the grammar.", "She go to school.", "She goes to school."),
        ("Name three rivers in Asia.", "", "Name three rivers in Asia."),
    ]
    out = check_types(_with_input(rows), dataset_type="instruction")
    assert out["t_output_copies_input"].to_list() == [True, False, True]
    assert out["t_issue"].to_list()[0] == "instruction_output_copies_input"


def test_an_instruction_naming_the_answer_language_expects_it() -> None:
    # The prompt is mostly Chinese, but it asks for an English answer: not a mismatch.
    rows = [
        (
            "Answer in English: 北京是哪个国家的首都？请详细说明它的历史。",
            "Beijing is the capital of China and has been its capital for centuries.",
        ),
        (
            "请用泰语回答：曼谷是哪个国家的首都？",
            "กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทยมาตั้งแต่สมัยรัชกาลที่หนึ่ง",
        ),
        (
            "Answer in English: 北京是哪个国家的首都？请详细说明它的历史。",
            "北京是中华人民共和国的首都，有三千多年的建城史和八百多年的建都史。",
        ),
    ]
    out = check_types(_records(rows), dataset_type="instruction")
    assert out["t_expected_lang"].to_list() == ["en", "th", "en"]
    assert out["t_lang_mismatch"].to_list() == [False, False, True]


def test_each_side_has_its_language_script_and_declaration_check() -> None:
    rows = [
        ("Translate into Vietnamese: The meeting is at nine.", "Cuộc họp bắt đầu lúc chín giờ."),
        ("Translate into Vietnamese: Where is the station?", "Nhà ga ở đâu vậy bạn ơi?"),
        ("Translate into Vietnamese: I like green tea.", "我喜欢喝绿茶。"),
    ]
    records = _records(rows)
    out = check_types(records, dataset_type="instruction", source_lang="en", target_lang="vi")
    assert out["t_prompt_lang"].to_list() == ["en", "en", "en"]
    assert out["t_output_script"].to_list() == ["Latin", "Latin", "Han"]
    assert out["t_output_lang_matches_declared"].to_list() == [True, True, False]
    assert out["t_prompt_lang_matches_declared"].to_list() == [True, True, True]
    sides = summarize_types(out, dataset_type="instruction")["sides"]
    assert sides["output"]["languages"] == {"vi": 2, "zh": 1}
    assert sides["output"]["scripts"] == {"Latin": 2, "Han": 1}
    assert sides["output"]["declared_match_share"] == round(2 / 3, 6)
    undeclared = check_types(records, dataset_type="instruction")
    assert undeclared["t_output_lang_matches_declared"].null_count() == 3
    wrong = check_types(records, dataset_type="instruction", source_lang="th")
    assert wrong["t_prompt_lang_matches_declared"].to_list() == [False, False, False]
