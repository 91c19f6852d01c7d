"""The committee board: every graded submission, its tier and award, totals against the budget.

Pure: takes the ledger entries (`graders.ledger.Ledger.entries`) and the report dicts found for
them, and returns the rows, per-owner and per-year totals, the HTML page and the CSV. The page is
static and self-contained (no JavaScript: filters by type, language and tier are radio inputs and
CSS `:has`). Money is summed as `Decimal` from the ledger's values, so totals are exact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

import jinja2

from graders.award import DECISION_NAMES, LedgerEntry
from graders.report.i18n import LABELS

__all__ = ["CSV_COLUMNS", "board_csv", "board_html", "board_rows", "board_totals"]

CSV_COLUMNS = (
    "submission_id", "owner", "dataset_type", "languages", "records", "total", "tier",
    "award_yuan", "entry_no", "decision", "recorded_at", "report", "changed",
)  # fmt: skip


FACET_LABELS = {
    "dataset_type": "board_dataset_type",
    "languages": "board_languages",
    "tier": "board_tier",
}
"""The i18n label of each filter."""


def _yuan(value: float) -> Decimal:
    """A ledger amount as an exact decimal (its shortest repr, never binary noise)."""
    return Decimal(repr(float(value))).quantize(Decimal("0.01"))


def _tier_name(report: Mapping[str, Any], tier: str | None) -> dict[str, str]:
    """The tier's name in both languages, from the report's grade (the rubric that graded it)."""
    if not tier:
        return {"zh": LABELS["no_tier"]["zh"], "en": LABELS["no_tier"]["en"]}
    name = (report.get("grade") or {}).get("tier_name")
    return dict(name) if name else {"zh": tier, "en": tier}


def _decision_name(decision: str) -> dict[str, str]:
    """The ledger decision's name in both languages (its id when the table lacks it)."""
    name = DECISION_NAMES.get(decision)
    return name.model_dump() if name else {"zh": decision, "en": decision}


def board_rows(
    entries: Sequence[LedgerEntry],
    reports: Mapping[str, Mapping[str, Any]],
    *,
    since: str | None = None,
) -> list[dict[str, Any]]:
    """One row per submission: its latest grading joined with its report (if found).

    The award is the sum of every entry of the submission (a grading, top-ups, corrections
    that adjust by their signed amount). `since` (ISO date) marks rows with an entry recorded
    after it as changed.
    """
    latest: dict[str, LedgerEntry] = {}
    awarded: dict[str, Decimal] = {}
    last_seen: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: e.entry_no):
        sid = entry.submission_id
        if entry.kind != "correction" or sid not in latest:
            latest[sid] = entry
        awarded[sid] = awarded.get(sid, Decimal(0)) + _yuan(entry.award_yuan)
        last_seen[sid] = entry.recorded_at
    rows = []
    for sid, entry in sorted(latest.items()):
        report = reports.get(sid) or {}
        manifest = (report.get("submission") or {}).get("manifest") or {}
        kept = ((report.get("ingest") or {}).get("totals") or {}).get("kept")
        rows.append(
            {
                "submission_id": sid,
                "owner": entry.owner,
                "dataset_type": manifest.get("dataset_type", "unknown"),
                "languages": "-".join(manifest.get("languages") or []),
                "records": kept,
                "total": entry.total,
                "tier": entry.tier or "none",
                "tier_name": _tier_name(report, entry.tier),
                "decision_name": _decision_name(entry.decision),
                "award_yuan": awarded[sid],
                "entry_no": entry.entry_no,
                "decision": entry.decision,
                "recorded_at": last_seen[sid],
                "report": f"{sid}/report.html" if report else "",
                "changed": bool(since) and last_seen[sid][:10] > str(since),
            }
        )
    return rows


def board_totals(
    rows: Sequence[Mapping[str, Any]], *, budgets: Mapping[str, Decimal]
) -> dict[str, Any]:
    """Awards per owner and per year (year of the ledger entry), each year against its budget."""
    owners: dict[str, Decimal] = {}
    years: dict[str, Decimal] = {}
    for row in rows:
        owners[row["owner"]] = owners.get(row["owner"], Decimal(0)) + row["award_yuan"]
        year = str(row["recorded_at"])[:4]
        years[year] = years.get(year, Decimal(0)) + row["award_yuan"]
    per_year = [
        {
            "year": year,
            "awarded": amount,
            "budget": budgets.get(year),
            "left": budgets[year] - amount if year in budgets else None,
        }
        for year, amount in sorted(years.items())
    ]
    return {"owners": sorted(owners.items()), "years": per_year, "all": sum(years.values())}


def board_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """The rows as CSV (header first, `CSV_COLUMNS` order, amounts as exact decimals)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row[c] for c in CSV_COLUMNS})
    return out.getvalue()


@cache
def _template() -> jinja2.Template:
    """The board template, autoescaped (owner names and titles are user text)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("graders.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("board.html.j2")


def board_html(
    rows: Sequence[Mapping[str, Any]], totals: Mapping[str, Any], *, since: str | None
) -> str:
    """The committee page: filters, the submission table, totals per owner and per year."""
    facets = {
        key: sorted({str(row[key]) for row in rows})
        for key in ("dataset_type", "languages", "tier")
    }
    return _template().render(
        rows=rows,
        totals=totals,
        facets=facets,
        facet_labels=FACET_LABELS,
        since=since,
        labels=LABELS,
    )
