"""Real text: the shared PUD parallel sample ingests whole as a zh->th parallel corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines.ingest import ingest_submission
from schemas.manifest import Manifest

PUD = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "pud_parallel_dev.jsonl"


@pytest.mark.skipif(not PUD.exists(), reason="shared data not present")
def test_pud_sample_ingests_as_parallel_corpus(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(PUD, tmp_path / "data" / "pud.jsonl")
    manifest = Manifest.model_validate(
        {
            "id": "pud",
            "title": "PUD",
            "owner": "UD",
            "owner_id": {"country": "CN", "number": "91110000600037341L"},
            "dataset_type": "parallel_corpus",
            "category": "general",
            "domain": "news",
            "languages": ["zh", "th"],
            "license": "CC-BY-SA-4.0",
            "openness": "public",
            "source_lang": "zh",
            "target_lang": "th",
            "files": [
                {
                    "path": "data/*.jsonl",
                    "format": "jsonl",
                    "fields": {"id": "sent_id", "source": "zh", "target": "th"},
                }
            ],
        }
    )
    result = ingest_submission(tmp_path, manifest)
    assert result.records.height + result.quarantine.height == 500
    assert result.quarantine.height == 0
    assert result.records["record_id"].n_unique() == 500
    assert set(result.records["source_lang"]) == {"zh"}
    assert result.records["content"][0] == "\n".join(
        result.records.row(0, named=True)[c] for c in ("source", "target")
    )
