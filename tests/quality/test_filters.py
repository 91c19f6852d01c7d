"""Tag, then filter: drop_reason from pack thresholds only, first failed rule, nothing removed."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from quality.filters import apply_filters, summarize_filters
from quality.language_packs import LanguagePacks, default_packs


def _tagged() -> pl.DataFrame:
    """Hand-written signal rows (no signal computation in these tests)."""
    return pl.DataFrame(
        {
            "record_id": ["ok", "short", "th_nopunct", "en_nopunct", "markup", "empty"],
            "lang": ["en", "en", "th", "en", "en", None],
            "n_units": [300, 10, 300, 300, 300, 0],
            "q_markup_frac": [0.0, 0.0, 0.0, 0.0, 0.4, 0.0],
            "q_line_punct_frac": [1.0, 1.0, 0.0, 0.0, 0.0, 0.0],
            "q_mean_unit_len": [4.5, 4.5, 2.0, 4.5, 4.5, 0.0],
        }
    )


def test_first_failed_rule_is_the_reason_and_rows_stay() -> None:
    out = apply_filters(_tagged())
    assert out["record_id"].to_list() == _tagged()["record_id"].to_list()
    assert out["drop_reason"].to_list() == [
        None,
        "gopher_min_units",
        None,
        "fineweb_line_punct",
        "markup",
        "empty_text",
    ]


def test_thai_pack_turns_line_punctuation_off_and_allows_short_units() -> None:
    th = default_packs().for_lang("th")
    rules = {rule.id: rule for rule in th.rules}
    assert rules["fineweb_line_punct"].min is None
    assert rules["gopher_mean_unit_len"].min == 1.0


def test_sentence_level_types_skip_document_rules() -> None:
    out = apply_filters(_tagged(), dataset_type="classification")
    assert out["drop_reason"].to_list() == [None, None, None, None, "markup", "empty_text"]


def test_threshold_change_needs_no_signal_recompute(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    default_yaml = (Path(__file__).resolve().parents[2] / "quality/packs/default.yaml").read_text()
    (folder / "default.yaml").write_text(default_yaml.replace("max: 0.02}", "max: 0.5}"))
    packs = LanguagePacks.load(folder)
    tagged = _tagged()
    out = apply_filters(tagged, packs=packs)
    assert out.row(4, named=True)["drop_reason"] == "fineweb_line_punct"
    assert out.drop("drop_reason").equals(tagged)


def test_existing_reason_is_kept() -> None:
    tagged = _tagged().with_columns(pl.lit("quarantined").alias("drop_reason"))
    assert set(apply_filters(tagged)["drop_reason"].to_list()) == {"quarantined"}


def test_summary_counts_reasons_per_language() -> None:
    summary = summarize_filters(apply_filters(_tagged()))
    assert summary["kept"] == 2
    assert summary["dropped_by_reason"]["markup"] == 1
    assert summary["dropped_by_language"]["en"] == {
        "fineweb_line_punct": 1,
        "gopher_min_units": 1,
        "markup": 1,
    }
    assert summary["thresholds"]["th"]["fineweb_line_punct"]["min"] is None


def test_short_filipino_texts_are_kept_fragments_and_heavy_repetition_are_not() -> None:
    """tl pack: two short sentences are a text, and so is one repeated clause in ~30 units;
    a fragment is not, nor is one line repeated three times."""
    from quality.signals import add_content, add_signals

    texts = [
        "Gumising ang bata nang maaga.\nNagluto ng pagkain ang nanay para sa kanila.",
        "Nagluto ng pagkain ang nanay.\nHindi pa nagluluto ng pagkain ang nanay kahapon.\n"
        "Kumain ang bata sa kusina kasama ang kanyang lolo.\n"
        "Maganda ang panahon ngayon sa aming bayan.\nPumunta kami sa palengke nang maaga.",
        "Kumain ang bata sa kusina.",
        "Bili na ng murang sapatos dito ngayon.\nBili na ng murang sapatos dito ngayon.\n"
        "Bili na ng murang sapatos dito ngayon.",
    ]
    frame = add_content(pl.DataFrame({"text": texts}), dataset_type="text_corpus")
    tagged = add_signals(frame, dataset_type="text_corpus", declared_languages=["tl"])
    out = apply_filters(tagged)
    assert out["lang"].to_list()[:2] == ["tl", "tl"]
    assert out["drop_reason"].to_list()[:3] == [None, None, "gopher_min_units"]
    assert out["drop_reason"][3] is not None
