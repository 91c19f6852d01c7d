"""The demo's story: an award, an upgrade paid the difference, a refused copy, a failed gate.

`write_story(out)` writes four submission folders that `corpusgrade demo` runs in order, each
against the same ledger:

1. `award`   — a clean multilingual corpus (on application) that should pass every gate;
2. `upgrade` — the same submission id and owner, made public with more novel documents: the
   ledger should pay only the difference to what step 1 was paid;
3. `copy`    — another owner submitting step 1's records: the ledger should pay nothing;
4. `gate`    — the noisy corpus (duplicates, markup, personal information, broken lines) that
   fails a gate; its report says what to fix.

What each step is paid is decided by the graders and the ledger; the demo only reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.demo.common import write_jsonl, write_manifest
from pipelines.demo.text_corpus import clean_documents, text_manifest, write_text_submission

__all__ = ["STORY_ID", "StoryStep", "write_story"]

STORY_ID = "demo-news"
CLEAN_DOCUMENTS = 600
UPGRADE_DOCUMENTS = 300
OWNER = {"owner": "corpusgrade demo university", "country": "CN", "number": "91110000600037341L"}
COPIER = {"owner": "corpusgrade demo reseller", "country": "CN", "number": "91310000MA1FL8TQ36"}


@dataclass(frozen=True)
class StoryStep:
    """One submission of the story: its folder and what it is meant to show."""

    name: str
    folder: Path
    expect: str


def write_story(out: Path, *, seed: int) -> list[StoryStep]:
    """Write the four story submissions below `out`, in the order they must run."""
    out.mkdir(parents=True, exist_ok=True)
    base = clean_documents(seed=seed, count=CLEAN_DOCUMENTS)
    novel = clean_documents(seed=seed, count=UPGRADE_DOCUMENTS, start=CLEAN_DOCUMENTS)
    return [
        StoryStep(
            "award",
            _clean(out / "1-award", base, STORY_ID, OWNER, openness="on_application"),
            "a clean corpus passes every gate and earns a tier and an award",
        ),
        StoryStep(
            "upgrade",
            _clean(out / "2-upgrade", base + novel, STORY_ID, OWNER, openness="public"),
            "the same submission, public and with novel data, is paid only the difference",
        ),
        StoryStep(
            "copy",
            _clean(out / "3-copy", base, f"{STORY_ID}-copy", COPIER, openness="public"),
            "another owner's copy of the same records is paid nothing",
        ),
        StoryStep(
            "gate",
            write_text_submission(out / "4-gate", seed=seed),
            "a noisy corpus fails a gate; its report says what to fix",
        ),
    ]


def _clean(
    folder: Path,
    docs: list[dict[str, str]],
    submission_id: str,
    owner: dict[str, str],
    *,
    openness: str,
) -> Path:
    """Write one clean submission: the documents in one JSONL file and its manifest."""
    write_jsonl(folder / "data" / "part-0001.jsonl", docs)
    manifest: dict[str, Any] = {
        **text_manifest(),
        "id": submission_id,
        "title": "Multilingual news sentences, cleaned (demo)",
        "owner": owner["owner"],
        "openness": openness,
    }
    if _manifest_has_owner_id():
        manifest["owner_id"] = {"country": owner["country"], "number": owner["number"]}
    write_manifest(folder, manifest)
    return folder


def _manifest_has_owner_id() -> bool:
    """True once the manifest schema has `owner_id` (issue 12 adds it; older schemas forbid it)."""
    from schemas.manifest import Manifest

    return "owner_id" in Manifest.model_fields
