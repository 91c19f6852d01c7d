"""The demo's story: an award, an upgrade paid the difference, a refused copy, a failed gate.

`write_story(out)` writes four submission folders that `corpusgrade demo` runs in order, each
against the same ledger:

1. `award`   — a clean corpus in five languages (on application) that passes every gate and is
   shortlisted (入围): too small for Scale points, so no higher tier;
2. `upgrade` — the same submission id and owner, made public, with novel documents in eight
   languages (Lao, Khmer and Burmese among them, which earns the low-resource scale band): enough
   credited records for Scale points and the third tier (三等); the ledger pays only the
   difference to what step 1 was paid (晋升补差);
3. `copy`    — another owner submitting step 1's records: the ledger pays nothing;
4. `gate`    — a third owner's corpus from two declared sources, one with 8% planted harmful
   records: G2 (harm per declared source) fails, and its report says what to fix.

What each step is paid is decided by the graders and the ledger; the demo only reads it back.
`StorySizes` sets the document counts (tests run the same story smaller, with a rubric whose
bands suit the smaller counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipelines.demo.common import demo_documentation, write_jsonl, write_manifest
from pipelines.demo.gate import write_gate_submission
from pipelines.demo.text_corpus import LANGUAGES, clean_documents, text_manifest
from pipelines.demo.upgrade import UPGRADE_LANGUAGES, novel_documents

__all__ = ["STORY_ID", "StorySizes", "StoryStep", "write_story"]

STORY_ID = "demo-news"
OWNER = {"owner": "corpusgrade demo university", "country": "CN", "number": "91110000600037341L"}
COPIER = {"owner": "corpusgrade demo reseller", "country": "CN", "number": "91310000MA1FL8TQ36"}


@dataclass(frozen=True)
class StorySizes:
    """Document counts of the story's submissions.

    The defaults follow the default rubric: text corpora with a low-resource language earn
    Scale points above 1,000 credited records and the 3 points the third tier needs from 3,982
    (1,000 x 1,000^0.2), so the upgrade holds 4,150 documents (a few are near duplicates); the
    award's 400 earn none.
    """

    award: int = 400
    novel: int = 3750
    newsroom: int = 400
    forum: int = 250


@dataclass(frozen=True)
class StoryCosts:
    """Declared construction costs (yuan): the 30% cost cap stays above each tier's amount."""

    award: int = 400_000
    upgrade: int = 1_200_000


@dataclass(frozen=True)
class StoryStep:
    """One submission of the story: its folder and what it is meant to show."""

    name: str
    folder: Path
    expect: str


def write_story(out: Path, *, seed: int, sizes: StorySizes | None = None) -> list[StoryStep]:
    """Write the four story submissions below `out`, in the order they must run."""
    sizes = sizes or StorySizes()
    costs = StoryCosts()
    out.mkdir(parents=True, exist_ok=True)
    base = clean_documents(seed=seed, count=sizes.award)
    novel = novel_documents(seed=seed + 3, count=sizes.novel, start=sizes.award)
    gate = write_gate_submission(
        out / "4-gate", seed=seed + 4, newsroom=sizes.newsroom, forum=sizes.forum
    )
    return [
        StoryStep(
            "award",
            _clean(out / "1-award", base, STORY_ID, OWNER, openness="on_application",
                   languages=LANGUAGES, cost=costs.award),
            "a clean corpus passes every gate and earns a tier and an award",
        ),
        StoryStep(
            "upgrade",
            _clean(out / "2-upgrade", base + novel, STORY_ID, OWNER, openness="public",
                   languages=UPGRADE_LANGUAGES, cost=costs.upgrade),
            "the same submission, public and with novel data (Lao, Khmer, Burmese added), "
            "reaches a higher tier and is paid only the difference",
        ),
        StoryStep(
            "copy",
            _clean(out / "3-copy", base, f"{STORY_ID}-copy", COPIER, openness="public",
                   languages=LANGUAGES, cost=costs.award),
            "another owner's copy of the same records is paid nothing",
        ),
        StoryStep(
            "gate",
            gate,
            "a corpus with 8% planted harmful records in one declared source fails G2; "
            "its report says what to fix",
        ),
    ]  # fmt: skip


def _clean(
    folder: Path,
    docs: list[dict[str, str]],
    submission_id: str,
    owner: dict[str, str],
    *,
    openness: str,
    languages: list[str] | tuple[str, ...],
    cost: int,
) -> Path:
    """Write one clean submission: the documents in one JSONL file and its manifest."""
    write_jsonl(folder / "data" / "part-0001.jsonl", docs)
    manifest: dict[str, Any] = {
        **text_manifest(),
        "id": submission_id,
        "title": "Multilingual news, cleaned (demo)",
        "owner": owner["owner"],
        "owner_id": {"country": owner["country"], "number": owner["number"]},
        "languages": list(languages),
        "openness": openness,
        "construction_cost_yuan": cost,
        "documentation": demo_documentation(
            name="Multilingual news", languages=", ".join(languages), data_type="text"
        ),
    }
    write_manifest(folder, manifest)
    return folder
