"""The batched ingest gives `ingest_submission`'s tables, a batch at a time."""

from __future__ import annotations

import gzip
import json

import polars as pl
import pytest

from pipelines.ingest import ingest_submission
from pipelines.ingest.batched import IngestStream
from tests.ingest.conftest import Submit

SPEC = {"path": "data/*", "format": "jsonl", "fields": {"text": "text", "id": "id"}}


def _lines(count: int, *, start: int = 0) -> list[str]:
    """JSONL lines with ids, a few of them bad or reusing an earlier id."""
    lines = []
    for number in range(start, start + count):
        if number % 17 == 5:
            lines.append("{not json")
        elif number % 13 == 7:
            lines.append(json.dumps({"id": f"d{number - 3}", "text": f"again {number}"}))
        elif number % 11 == 3:
            lines.append(json.dumps({"id": f"d{number}", "text": ""}))
        else:
            lines.append(json.dumps({"id": f"d{number}", "text": f"Xin chào số {number}."}))
    return lines


@pytest.mark.parametrize("piece_bytes", [1, 300, 10_000_000])
def test_batches_concatenate_to_the_ingest_tables(submit: Submit, piece_bytes: int) -> None:
    body = "\ufeff" + "\n".join(_lines(120)) + "\n"
    gz = gzip.compress(("\n".join(_lines(30, start=200)) + "\n").encode())
    folder, manifest = submit("text_corpus", [SPEC], {"data/a.jsonl": body, "data/b.jsonl.gz": gz})
    whole = ingest_submission(folder, manifest)
    stream = IngestStream(folder, manifest, piece_bytes=piece_bytes)
    batches = list(stream)
    result = stream.result()
    assert pl.concat(batches).equals(whole.records)
    assert result.quarantine.equals(whole.quarantine)
    assert result.files == whole.files
    assert {"duplicate_id", "malformed_json", "empty_record"} <= set(result.quarantine["reason"])
    if piece_bytes < 1000:
        assert len(batches) > 2


def test_a_duplicate_id_in_a_later_batch_is_quarantined(submit: Submit) -> None:
    lines = [json.dumps({"id": "same", "text": f"văn bản {n}"}) for n in range(3)]
    folder, manifest = submit("text_corpus", [SPEC], {"data/a.jsonl": "\n".join(lines)})
    stream = IngestStream(folder, manifest, piece_bytes=1)
    batches = list(stream)
    assert pl.concat(batches)["source_line"].to_list() == [1]
    assert stream.result().quarantine["source_line"].to_list() == [2, 3]


def test_result_before_the_end_is_refused(submit: Submit) -> None:
    folder, manifest = submit("text_corpus", [SPEC], {"data/a.jsonl": "\n".join(_lines(5))})
    with pytest.raises(RuntimeError, match="to its end"):
        IngestStream(folder, manifest).result()
