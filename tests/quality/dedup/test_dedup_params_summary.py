"""DedupParams (banding, S-curve) and the report summary / prior-match columns."""

from __future__ import annotations

import json

import polars as pl
import pytest
from conftest import document, records

from quality.dedup import DedupParams, add_prior_matches, find_duplicates, summarize_dedup


def test_banding_must_match_num_perm() -> None:
    with pytest.raises(ValueError, match="bands x rows"):
        DedupParams(num_perm=100, bands=10, rows=5)


def test_default_s_curve_detects_jaccard_08_and_rejects_low_similarity() -> None:
    params = DedupParams()
    assert params.p_detect(0.8) > 0.999
    assert params.p_detect(0.2) < 0.01
    curve = params.s_curve()
    assert curve[0] == (0.0, 0.0) and curve[-1] == (1.0, 1.0)
    assert [p for _, p in curve] == sorted(p for _, p in curve)


def test_fingerprint_changes_with_signature_parameters_only() -> None:
    base = DedupParams()
    assert base.fingerprint() == DedupParams(jaccard_threshold=0.9).fingerprint()
    assert base.fingerprint() != DedupParams(seed=1).fingerprint()


def test_summary_counts_clusters_and_explains_parameters() -> None:
    doc = "\n".join(document(1, "latin"))
    longer = doc + " extra words here"
    df = records([longer, longer, doc, "\n".join(document(2, "cjk"))])
    params = DedupParams()
    result = find_duplicates(df, dataset_type="text_corpus", params=params)
    matches = pl.DataFrame(
        {
            "record_id": ["r003"],
            "prior_submission": ["s0"],
            "prior_record_id": ["x"],
            "jaccard": [1.0],
        }
    )
    out = add_prior_matches(result.records, matches)
    overlaps = pl.DataFrame(
        {"prior_submission": ["s0"], "matched_records": [1], "share_of_submission": [0.25]}
    )
    summary = summarize_dedup(out, params=params, overlaps=overlaps, stats=result.stats)
    assert summary["duplicates"] == {"exact": 1, "near": 1}
    assert summary["clusters"] == 1 and summary["largest_cluster"] == 3
    assert summary["records_matching_prior"] == 1
    assert summary["prior_overlap"][0]["share_of_submission"] == 0.25
    assert "Jaccard" in summary["explained"]["verification"]
    assert json.loads(json.dumps(summary)) == summary
    assert out["prior_record_id"].to_list() == [None, None, None, "x"]
