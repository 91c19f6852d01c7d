"""One row per graded submission, read back from its output folder (never recomputed).

`corpusgrade run` prints it for one submission and `corpusgrade demo` prints a table of them and
writes the same table to `demo-out/summary.md`; every figure comes from `report.json` and the
ledger entry number recorded beside it (`verify-state/state.json`), so the summary shows exactly
what the graders and the ledger decided.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["COLUMNS", "SummaryRow", "markdown_table", "read_summary"]

COLUMNS = (
    "submission",
    "owner",
    "records kept/read",
    "score",
    "tier",
    "award (yuan)",
    "ledger entry",
    "failed gates",
    "report",
)


@dataclass(frozen=True)
class SummaryRow:
    """The outcome of one graded submission, as its report states it."""

    submission: str
    owner: str
    kept: int
    read: int
    score: float
    tier: str | None
    award_yuan: float
    decision: str
    ledger_entry: int | None
    failed_gates: tuple[str, ...]
    reason: str
    fixes: tuple[str, ...]
    report: Path

    def explanation(self) -> str:
        """Why no award and what to fix, as the report states them ('' when paid in full)."""
        fixes = "; ".join(self.fixes)
        return f"{self.reason} Fix: {fixes}" if fixes else self.reason

    def cells(self) -> tuple[str, ...]:
        """The row as text, in `COLUMNS` order."""
        award = f"{self.award_yuan:,.0f} ({self.decision})"
        return (
            self.submission,
            self.owner,
            f"{self.kept:,}/{self.read:,}",
            f"{self.score:.1f}",
            self.tier or "no tier",
            award,
            "-" if self.ledger_entry is None else f"#{self.ledger_entry}",
            ", ".join(self.failed_gates) or "none",
            str(self.report),
        )


def read_summary(out: Path) -> SummaryRow:
    """Read the summary row of one output folder (`corpusgrade run --out OUT`)."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    grade: dict[str, Any] = report["grade"]
    ledger: dict[str, Any] = grade["ledger"]
    state_file = out / "verify-state" / "state.json"
    state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.exists() else {}
    refusal = ledger.get("refusal_reason") or {}
    return SummaryRow(
        submission=grade["submission_id"],
        owner=report["submission"]["manifest"]["owner"],
        kept=int(report["filters"]["kept"]),
        read=sum(int(f["read"]) for f in report["ingest"]["files"]),
        score=float(grade["total"]),
        tier=grade["tier"],
        award_yuan=float(grade["award_yuan"]),
        decision=str(ledger["decision"]),
        ledger_entry=state.get("ledger_entry_no"),
        failed_gates=tuple(g["id"] for g in grade["gates"] if not g["passed"]),
        reason=str(refusal.get("en", "")),
        fixes=tuple(
            f"{g['id']}: {g['fix']['en']}" for g in grade["gates"] if not g["passed"] and g["fix"]
        ),
        report=out / "report.html",
    )


def markdown_table(rows: list[SummaryRow], *, notes: list[str] | None = None) -> str:
    """The rows as a Markdown table, then one line per refusal reason and per note."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r.cells()) + " |" for r in rows]
    reasons = [f"- {r.submission}: {r.explanation()}" for r in rows if r.explanation()]
    if reasons:
        lines += ["", "Why no award, and the fix:", *reasons]
    if notes:
        lines += ["", *notes]
    return "\n".join(lines) + "\n"
