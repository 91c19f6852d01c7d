"""A handful of written-as-in-real-files identifiers through `corpusgrade run` (issue 16, item 2):
in text and as record ids, none of them reaches report.json/html/md, the curated text or the
audit sample's masked columns; the owner's own `records.parquet` keeps them as submitted; and
`verify` reproduces the report (the same keyed surrogates) in its fresh re-run."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
import yaml

from tests.fuzz.hostile import manifest_dict
from tests.fuzz.pii_values import MAKERS, leaks, written

pytestmark = pytest.mark.slow
CLI = [str(Path(sys.executable).parent / "corpusgrade")]
FORMS = [
    {"glue": "No.", "group": 0, "sep": " ", "full_width": False},
    {"glue": "ID", "group": 4, "sep": "-", "full_width": True},
    {"glue": "编号", "group": 3, "sep": " ", "full_width": False},
]
FILLER = (
    "Bản tin sáng nay nói về thời tiết ở Hà Nội và giá lúa gạo tại đồng bằng sông Cửu Long, "
    "cùng với tin tức giao thông trong thành phố số {n}."
)


def _submission(root: Path) -> list[tuple[str, str]]:
    """A text corpus whose records hold the variants in text and in ids; (value, form) pairs."""
    rng = random.Random(16)
    planted, lines = [], []
    for _kind, make in sorted(MAKERS.items()):
        for how in FORMS:
            value = make(rng)
            form = written(value, **how)  # type: ignore[arg-type]
            planted.append((value, form))
            text = FILLER.format(n=len(lines)) + f" Liên hệ: {form}."
            lines.append({"id": f"{form}", "text": text})
            # an exact copy under another PII id: dropped as a duplicate, so the report's
            # examples show its (surrogate) id
            lines.append({"id": f"{form}-copy", "text": text})
    lines += [{"id": f"plain{n}", "text": FILLER.format(n=100 + n)} for n in range(30)]
    data = root / "data"
    data.mkdir(parents=True)
    body = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    (data / "a.jsonl").write_text(body, encoding="utf-8")
    spec = {"path": "data/*.jsonl", "format": "jsonl", "fields": {"id": "id", "text": "text"}}
    manifest = manifest_dict("text_corpus", spec) | {"id": "pii-e2e"}
    (root / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True))
    return planted


def _texts_of(path: Path, *, skip: tuple[str, ...] = ()) -> str:
    """Every string column of a Parquet file (or folder of .arrow files) as one text."""
    frame = pl.read_parquet(path)
    columns = [c for c, t in frame.schema.items() if t == pl.String and c not in skip]
    return json.dumps(frame.select(columns).to_dicts(), ensure_ascii=False)


def test_no_planted_identifier_reaches_reports_curated_data_or_the_audit_sample(
    home: Path, tmp_path: Path
) -> None:
    planted = _submission(tmp_path / "sub")
    out = tmp_path / "out"
    done = subprocess.run(
        [*CLI, "run", str(tmp_path / "sub"), "--out", str(out), "--audit", "none"],
        capture_output=True,
        text=True,
        check=False,
        timeout=1500,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert any("dup" in reason for reason in report.get("examples", {})), report.get("examples")
    leaving = {
        "report.json": (out / "report.json").read_text(encoding="utf-8"),
        "report.html": (out / "report.html").read_text(encoding="utf-8"),
        "report.md": (out / "report.md").read_text(encoding="utf-8"),
        # the curated record_id stays the owner's own id (see the hand-in): text only here
        "curated text": _texts_of(out / "curated" / "curated.parquet", skip=("record_id",)),
    }
    sample = home / "assets" / "audit_sample" / "pii-e2e.parquet"
    if sample.exists():
        frame = pl.read_parquet(sample)
        masked = [c for c in frame.columns if c.endswith("_masked")]
        leaving["audit sample"] = json.dumps(frame.select(masked).to_dicts(), ensure_ascii=False)
    for value, form in planted:
        for name, text in leaving.items():
            assert not leaks(value, text), f"{form!r} ({value}) is unmasked in {name}"
    owners = _texts_of(out / "records.parquet")
    assert all(form in owners for _value, form in planted)  # the owner's copy is as submitted

    # verify's fresh re-run (in a temporary home) must use the run's record-id key: with a new
    # key the surrogate ids in the report's examples would differ and verify would fail.
    verified = subprocess.run(
        [*CLI, "verify", str(out)], capture_output=True, text=True, check=False, timeout=1500
    )
    assert verified.returncode == 0, verified.stdout[-2000:] + verified.stderr[-2000:]
