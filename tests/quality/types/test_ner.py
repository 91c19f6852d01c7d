"""NER checks: span range, word boundaries, overlaps, token offsets, BIO/BIOES tags, labels."""

from __future__ import annotations

import polars as pl

from quality.types import check_types, summarize_types

ENTITY = pl.List(pl.Struct({"start": pl.Int64, "end": pl.Int64, "label": pl.Utf8}))


def _spans(rows: list[tuple[str, list[tuple[int, int, str]]]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "record_id": [f"r{i}" for i in range(len(rows))],
            "text": [r[0] for r in rows],
            "entities": [
                [{"start": s, "end": e, "label": lab} for s, e, lab in r[1]] for r in rows
            ],
        },
        schema_overrides={"entities": ENTITY},
    )


def test_span_problems_get_issue_codes() -> None:
    text = "Joko Widodo visited Bangkok."
    df = _spans(
        [
            (text, [(0, 11, "PER"), (20, 27, "LOC")]),
            (text, [(20, 40, "LOC")]),
            (text, [(0, 8, "PER")]),
            (text, [(0, 11, "PER"), (5, 11, "PER")]),
            (text, [(20, 27, "CITY")]),
            ("张三在北京工作。", [(0, 2, "PER"), (3, 5, "LOC")]),
            (text, [(0, 2, "PER"), (3, 4, "LOC")]),
        ]
    )
    out = check_types(df, dataset_type="ner", label_set=["PER", "LOC"])
    assert out["t_issue"].to_list() == [
        None,
        "ner_span_out_of_range",
        "ner_span_boundary",
        "ner_span_overlap",
        "ner_label_unknown",
        None,
        "ner_token_offsets",
    ]
    assert out["t_entity_count"].to_list()[0] == 2
    assert summarize_types(out, dataset_type="ner")["entities"] == 11


def test_bio_and_bioes_tag_sequences() -> None:
    df = pl.DataFrame(
        {
            "record_id": ["a", "b", "c"],
            "text": ["Joko Widodo spoke", "Joko Widodo spoke", "in Bangkok"],
            "entities": [[], [], []],
            "tokens": [["Joko", "Widodo", "spoke"], ["Joko", "Widodo", "spoke"], ["in", "Bangkok"]],
            "tags": [["B-PER", "I-PER", "O"], ["O", "I-PER", "O"], ["O", "B-LOC"]],
        },
        schema_overrides={"entities": ENTITY},
    )
    bio = check_types(df, dataset_type="ner", ner_scheme="BIO")
    assert bio["t_issue"].to_list() == [None, "ner_tag_sequence", None]
    bioes = check_types(df, dataset_type="ner", ner_scheme="BIOES")
    assert bioes["t_tag_errors"].to_list() == [1, 1, 1]
