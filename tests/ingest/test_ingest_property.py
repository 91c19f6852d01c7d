"""Nothing vanishes: for any byte soup mixed with good lines, read = kept + quarantined."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.ingest import ingest_submission
from schemas.manifest import Manifest

GOOD_LINE = st.text(min_size=1, max_size=30).map(lambda t: json.dumps({"text": t}).encode())
SOUP = st.binary(max_size=60)
LINES = st.lists(st.one_of(GOOD_LINE, SOUP), max_size=25)

MANIFEST = Manifest.model_validate(
    {
        "id": "p",
        "title": "p",
        "owner": "p",
        "owner_id": {"country": "CN", "number": "91110000600037341L"},
        "dataset_type": "text_corpus",
        "category": "general",
        "domain": "d",
        "languages": ["en"],
        "license": "MIT",
        "openness": "public",
        "files": [
            {"path": "*.jsonl*", "format": "jsonl", "fields": {"text": "text"}},
            {"path": "*.txt", "format": "text"},
        ],
    }
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=LINES, cut=st.integers(min_value=0, max_value=400))
def test_kept_plus_quarantined_equals_read(tmp_path: Path, lines: list[bytes], cut: int) -> None:
    body = b"\n".join(lines)
    folder = tmp_path / "s"
    folder.mkdir(exist_ok=True)
    (folder / "a.jsonl").write_bytes(body)
    (folder / "b.txt").write_bytes(body)
    (folder / "c.jsonl.gz").write_bytes(gzip.compress(body)[:cut] if cut else gzip.compress(body))
    result = ingest_submission(folder, MANIFEST)
    for stats in result.files:
        assert stats.read == stats.kept + stats.quarantined
    assert sum(s.kept for s in result.files) == result.records.height
    assert sum(s.quarantined for s in result.files) == result.quarantine.height
    good = sum(1 for line in lines if line.strip() and _is_good(line))
    assert result.files[0].kept >= good  # every good line survives (hash ids never clash)


def _is_good(line: bytes) -> bool:
    """A line any reader must keep: a JSON object whose text is a non-blank string."""
    try:
        value = json.loads(line.decode("utf-8"))
    except ValueError:
        return False
    text = value.get("text") if isinstance(value, dict) else None
    return isinstance(text, str) and bool(text.strip())
