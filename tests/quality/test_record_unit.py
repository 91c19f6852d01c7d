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


SENTENCES = [
    "Pemerintah kota akan membangun sekolah baru di dekat pasar tahun depan.",
    "Harga beras di pasar tradisional naik sedikit menjelang hari raya.",
    "Para petani di lereng gunung mulai menanam kopi jenis arabika.",
    "Kereta cepat itu mengangkut ribuan penumpang setiap akhir pekan.",
    "Banjir kemarin merendam puluhan rumah warga di tepi sungai.",
    "Mahasiswa itu meneliti cara mengurangi sampah plastik di pantai.",
    "Perpustakaan daerah kini buka sampai malam pada hari Jumat.",
    "Nelayan tidak melaut karena gelombang tinggi sejak dua hari lalu.",
    "Rumah sakit menambah ruang perawatan untuk anak-anak.",
    "Festival musik tahunan itu menarik wisatawan dari banyak negara.",
    "Dinas kesehatan membagikan vitamin gratis kepada ibu hamil.",
    "Jalan tol baru memangkas waktu tempuh antara dua kota besar.",
    "Anak-anak belajar menari tarian tradisional setiap sore.",
    "Pabrik tekstil itu membuka lowongan untuk tiga ratus pekerja.",
    "Bandara internasional akan menambah rute penerbangan ke Asia Timur.",
    "Warga desa bergotong royong memperbaiki jembatan yang rusak.",
    "Koperasi susu membeli hasil peternak dengan harga yang adil.",
    "Gempa kecil terasa di beberapa kecamatan tadi pagi.",
    "Sekolah dasar itu memenangkan lomba sains tingkat provinsi.",
    "Penjualan mobil listrik meningkat tajam pada kuartal ketiga.",
    "Museum kota memamerkan kain tenun dari berbagai pulau.",
    "Pemadam kebakaran berhasil menjinakkan api di gudang kayu.",
    "Klub sepak bola lokal merekrut pelatih baru dari luar negeri.",
    "Harga cabai turun setelah panen raya di beberapa daerah.",
]


def test_a_sentence_corpus_through_filters_dedup_and_the_audit_sample() -> None:
    """Sentence records downstream of the unit decision: filters keep clean sentences, dedup
    merges copies (also with changed case and punctuation) but not two sentences that differ
    by a word, and the audit sample draws the kept sentences and shows the near-duplicate pair."""
    from quality.audit.sample import draw_audit_sample
    from quality.dedup import DedupParams, find_duplicates
    from quality.signals import add_signals

    base = SENTENCES[0]
    variants = [
        base,  # an exact copy
        base.upper().replace(".", "!"),  # the same sentence, shouted
        base.replace("sekolah", "puskesmas"),  # one word differs: another sentence
    ]
    texts = SENTENCES + variants
    records = pl.DataFrame(
        {
            "record_id": [f"s{i:04d}" for i in range(len(texts))],
            "text": texts,
            "source_file": ["data/sentences.txt"] * len(texts),
        }
    )
    unit = decide_unit(records["text"], declared=None)
    assert unit.unit == "sentence"
    tagged = add_signals(records, dataset_type="text_corpus", declared_languages=["id"])
    filtered = apply_filters(tagged, dataset_type="text_corpus", unit=unit.unit)
    assert filtered["drop_reason"].null_count() == filtered.height
    deduped = find_duplicates(filtered, dataset_type="text_corpus", params=DedupParams()).records
    n = len(SENTENCES)
    assert deduped["dup_of"].to_list()[n:] == ["s0000", "s0000", None]
    assert deduped["drop_reason"].to_list()[n:] == ["duplicate_exact", "duplicate_near", None]
    assert deduped["drop_reason"].null_count() == n + 1
    sample = draw_audit_sample(deduped, dataset_type="text_corpus", seed=7)
    drawn = sample.filter((pl.col("audit_task") == "text_quality") & ~pl.col("is_gold"))
    # Every kept sentence is drawn (fewer than 400 in the stratum).
    assert drawn.filter(pl.col("in_quality"))["record_id"].n_unique() == n + 1
    # Near duplicates go to annotators as pairs to confirm; exact copies need no judgement.
    pairs = sample.filter(pl.col("audit_task") == "duplicate_pair")
    assert pairs.select("record_id", "pair_record_id").rows() == [(f"s{n + 1:04d}", "s0000")]
