"""Record granularity: declared or inferred `unit`, and thresholds per unit."""

from __future__ import annotations

import polars as pl
import pytest

from quality.filters import apply_filters, summarize_filters
from quality.language_packs import default_packs
from quality.record_unit import decide_unit, infer_unit


def test_unit_is_inferred_from_length_statistics() -> None:
    sentences = pl.Series(["Kucing itu tidur di atas meja."] * 9)
    paragraph = " ".join(["Pemerintah kota akan membangun sekolah baru tahun depan."] * 8)
    document = "\n".join([paragraph] * 4)
    assert decide_unit(sentences, declared=None).unit == "sentence"
    assert decide_unit(pl.Series([paragraph] * 3), declared=None).unit == "paragraph"
    assert decide_unit(pl.Series([document] * 3), declared=None).unit == "document"
    assert infer_unit(0.0, 0.0) == "sentence"


def test_declared_unit_wins_and_is_reported_as_declared() -> None:
    decision = decide_unit(pl.Series(["short"] * 3), declared="document")
    assert (decision.unit, decision.source) == ("document", "declared")
    assert decision.to_report()["median_chars"] == 5.0
    with pytest.raises(ValueError, match="not one of"):
        decide_unit(pl.Series(["x"]), declared="word")


def _sentence_signals() -> pl.DataFrame:
    """Signals of two clean sentences and one of noise, as the signals stage writes them."""
    return pl.DataFrame(
        {
            "record_id": ["a", "b", "noise"],
            "lang": ["id", "id", "id"],
            "lang_score": [0.42, 0.9, 0.9],
            "n_units": [8, 6, 6],
            "q_mean_unit_len": [5.1, 4.8, 4.0],
            "q_alpha_units_frac": [0.75, 1.0, 0.2],
            "q_symbol_ratio": [0.0, 0.16, 0.0],
            "q_stopwords": [1, 0, 0],
            "q_line_punct_frac": [1.0, 1.0, 0.0],
        }
    )


def test_sentence_records_are_not_judged_by_document_rules() -> None:
    documents = apply_filters(_sentence_signals(), dataset_type="text_corpus")
    assert documents["drop_reason"].to_list() == [
        "gopher_min_units",
        "gopher_min_units",
        "gopher_min_units",
    ]
    sentences = apply_filters(_sentence_signals(), dataset_type="text_corpus", unit="sentence")
    assert sentences["drop_reason"].to_list() == [None, None, "gopher_alpha_units"]


def test_paragraph_bounds_come_from_the_pack() -> None:
    rule = next(r for r in default_packs().default.rules if r.id == "gopher_min_units")
    assert rule.applies_to("paragraph") and not rule.applies_to("sentence")
    assert rule.bound("min", "paragraph") == (True, 20)
    frame = _sentence_signals().with_columns(n_units=pl.Series([25, 10, 25]))
    out = apply_filters(frame, dataset_type="text_corpus", unit="paragraph")
    assert out["drop_reason"].to_list()[1] == "gopher_min_units"


def test_filters_section_reports_the_unit() -> None:
    tagged = apply_filters(_sentence_signals(), dataset_type="text_corpus", unit="sentence")
    decision = decide_unit(pl.Series(["Kucing itu tidur."] * 3), declared=None)
    section = summarize_filters(tagged, dataset_type="text_corpus", unit=decision)
    assert section["unit"]["unit"] == "sentence" and section["unit"]["source"] == "inferred"
    assert "gopher_min_units" not in section["rules"]
