"""The demo story: an award, an upgrade paid the tier difference, a refused copy, a failed G2.

The full story (`make demo`) grades about 5,000 documents; here the same story runs smaller
(`StorySizes`) through the real CLI code path, real Dagster runs, one DuckDB ledger and the real
Label Studio server with simulated annotators erring 5% and 10%, under a rubric derived from
default-v1 whose only change is the text-corpus scale band (so 400 documents earn what 4,150
earn under the default). The pure tests tie the default sizes to the default rubric.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import polars as pl
import pytest
import yaml
from rich.console import Console

from graders.rubric import load_rubric
from graders.scoring import scale_points
from pipelines.cli.demo import run_story
from pipelines.demo import DEMO_SEED
from pipelines.demo.story import StorySizes, write_story
from pipelines.labelstudio.loop import simulated_truth
from pipelines.labelstudio.planted import harm_marker, planted_answers
from pipelines.summary import COLUMNS, SummaryRow, read_summary
from schemas.manifest import load_manifest
from tests.ls_server import LiveServer

SMALL = StorySizes(award=100, novel=300, newsroom=100, forum=100)
STEPS = ("1-award", "2-upgrade", "3-copy", "4-gate")


def _jsonl(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _tier_amounts() -> dict[str, float]:
    return {tier.id: tier.amount_yuan for tier in load_rubric().rubric.tiers}


# --- the planted-harm oracle of the simulated annotators -------------------------------------


def test_planted_marker_gives_harm_and_not_usable_and_nothing_else_does() -> None:
    part = pl.DataFrame(
        {"text_masked": [f"{harm_marker('hate')} Tin tức hôm nay.", "Tin tức hôm nay.", None]}
    )
    assert planted_answers(part) == [{"risk": "hate", "verdict": "fail"}, {}, {}]
    assert planted_answers(pl.DataFrame({"label": ["x"]})) == [{}]
    with pytest.raises(ValueError, match="unknown harm category"):
        harm_marker("boring")


def test_simulated_truth_reads_the_marker_after_gold_answers() -> None:
    part = pl.DataFrame(
        {
            "record_id": ["a", "b", "c"],
            "gold_answer": [None, None, json.dumps({"risk": "none"})],
            "text_masked": [f"{harm_marker('violence')} x", "y", f"{harm_marker('hate')} z"],
        }
    )
    risk = simulated_truth(part, task="text_quality", control="risk")["truth"].to_list()
    verdict = simulated_truth(part, task="text_quality", control="verdict")["truth"].to_list()
    correctness = simulated_truth(part, task="text_quality", control="correctness")
    assert risk == ["violence", "none", "none"]
    assert verdict == ["fail", "pass", "pass"]
    assert correctness["truth"].to_list() == ["correct"] * 3


# --- the story's data -------------------------------------------------------------------------


def test_gate_step_plants_eight_percent_in_the_forum_only_and_shares_nothing(
    tmp_path: Path,
) -> None:
    steps = write_story(tmp_path, seed=DEMO_SEED, sizes=SMALL)
    gate = steps[3].folder / "data"
    forum, newsroom = _jsonl(gate / "forum.jsonl"), _jsonl(gate / "newsroom.jsonl")
    planted = [d for d in forum if "[planted-harm:" in d["text"]]
    assert len(planted) == round(0.08 * SMALL.forum)
    assert not any("[planted-harm:" in d["text"] for d in newsroom)
    story = _jsonl(steps[1].folder / "data" / "part-0001.jsonl")
    assert {d["id"] for d in story}.isdisjoint(d["id"] for d in forum + newsroom)
    assert {d["text"] for d in story}.isdisjoint(d["text"] for d in forum + newsroom)
    manifests = [load_manifest(step.folder / "manifest.yaml") for step in steps]
    assert [str(f.source.type) for f in manifests[3].files if f.source] == ["自采", "互联网"]


def test_default_sizes_put_the_upgrade_and_only_the_upgrade_above_third_tier_scale(
    tmp_path: Path,
) -> None:
    """Under default-v1 a low-resource text corpus needs 3,982 credited records for the third
    tier's 3 Scale points: the upgrade has them (with room for near duplicates), the award not."""
    rubric = load_rubric().rubric
    scale = next(d for d in rubric.dimensions if d.kind == "scale")
    band = scale.scale_bands["text_corpus"]
    third = next(t for t in rubric.tiers if t.id == "third").min_dimension["scale"]

    def points(records: int) -> float:
        return scale_points(
            records,
            minimum=band.low_resource_minimum,
            full_marks=band.low_resource_full_marks,
            maximum=scale.max,
        )

    sizes = StorySizes()
    assert points(math.floor(0.97 * (sizes.award + sizes.novel))) >= third
    assert points(sizes.award) < third
    steps = write_story(tmp_path, seed=DEMO_SEED)
    upgrade = _jsonl(steps[1].folder / "data" / "part-0001.jsonl")
    langs = {
        lang: sum(d["lang"] == lang for d in upgrade) / len(upgrade) for lang in ["lo", "km", "my"]
    }
    assert min(langs.values()) >= 2 * rubric.languages.coverage_min_share, langs


# --- the story's outcome, end to end ----------------------------------------------------------


def _small_rubric(path: Path) -> Path:
    """default-v1 with the text-corpus scale band 50 -> 50,000 records (else unchanged)."""
    rubric = yaml.safe_load(Path("graders/rubrics/default-v1.yaml").read_text(encoding="utf-8"))
    rubric["version"] = "demo-story-small-v1"
    scale = next(d for d in rubric["dimensions"] if d["id"] == "scale")
    scale["scale_bands"]["text_corpus"] = {
        "minimum": 50,
        "full_marks": 50_000,
        "low_resource_minimum": 50,
        "low_resource_full_marks": 50_000,
    }
    path.write_text(yaml.safe_dump(rubric, allow_unicode=True), encoding="utf-8")
    return path


def _gates(out: Path) -> dict[str, dict[str, object]]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {gate["id"]: gate for gate in report["grade"]["gates"]}


def test_story_pays_award_top_up_nothing_for_a_copy_and_fails_g2(
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    live_server: LiveServer,
) -> None:
    monkeypatch.setenv("CORPUSGRADE_LS_URL", live_server.connection.url)
    monkeypatch.setenv("CORPUSGRADE_LS_TOKEN", live_server.connection.token)
    out = tmp_path / "demo-out"
    failed = run_story(
        Console(width=200, record=True),
        out,
        audit="simulated",
        generate_only=False,
        keep_labelstudio=False,
        sizes=SMALL,
        rubric=_small_rubric(tmp_path / "rubric.yaml"),
    )
    assert failed == []
    results = [out / "results" / step for step in STEPS]
    award, upgrade, copy, gate = rows = [read_summary(r) for r in results]
    amounts = _tier_amounts()

    assert award.award_yuan > 0 and award.tier == "shortlisted"
    assert upgrade.tier == "third" and upgrade.decision != "copy_of_rewarded"
    assert upgrade.award_yuan == amounts["third"] - amounts["shortlisted"] > 0
    assert copy.award_yuan == 0 and copy.decision == "copy_of_rewarded"
    assert "G2" in gate.failed_gates and gate.award_yuan == 0
    assert any(fix.startswith("G2: ") for fix in gate.fixes)

    # The clean steps pass G2 with annotators erring 5% and 10%; the gate step fails on its forum.
    for result in results[:3]:
        assert _gates(result)["G2"]["passed"], result
    evidence = _gates(results[3])["G2"]["evidence"]
    assert isinstance(evidence, dict) and float(evidence["worst_harmful_share"]) > 0.05
    over = str(evidence["sources_over_harm_limit"]).split(",")
    assert len(over) == 1 and over[0], evidence  # the forum, not the newsroom
    assert [r.ledger_entry for r in rows] == [1, 2, 3, 4]
    _assert_summary_complete(out / "summary.md", rows)


def _assert_summary_complete(path: Path, rows: list[SummaryRow]) -> None:
    """summary.md has every column and one filled row per step, in story order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(column in lines[0] for column in COLUMNS)
    for row, line in zip(rows, lines[2 : 2 + len(rows)], strict=True):
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        assert len(cells) == len(COLUMNS) and all(cells), line
        assert cells[0] == row.submission and cells[1] == row.owner, line
        assert cells[-1] == str(row.report), line
