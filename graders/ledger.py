"""The award ledger: an append-only DuckDB table of every grading and every correction.

DuckDB has no triggers or grants, so append-only is enforced two ways: this class is the only
writer and offers no update or delete, and every row carries a SHA-256 hash chained to the row
before it, so an edit or deletion made around this class is detected (`verify`) and the ledger
then refuses to record anything more. The clock appears only in `recorded_at`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from graders.award import LedgerEntry, LedgerHistory, LedgerQuery, related_history
from graders.explain import fmt
from schemas.errors import CorpusgradeError
from schemas.grade import Bilingual, Grade

__all__ = ["GENESIS", "Ledger", "LedgerTamperedError"]

GENESIS = "0" * 64
TABLE = "award_ledger"
COLUMNS: dict[str, str] = {
    "entry_no": "BIGINT PRIMARY KEY",
    "recorded_at": "VARCHAR NOT NULL",
    "kind": "VARCHAR NOT NULL",
    "submission_id": "VARCHAR NOT NULL",
    "owner": "VARCHAR NOT NULL",
    "content_fingerprint": "VARCHAR NOT NULL",
    "rubric_version": "VARCHAR NOT NULL",
    "rubric_sha256": "VARCHAR NOT NULL",
    "eligible": "BOOLEAN NOT NULL",
    "total": "DOUBLE NOT NULL",
    "tier": "VARCHAR",
    "entitled_yuan": "DOUBLE NOT NULL",
    "award_yuan": "DOUBLE NOT NULL",
    "decision": "VARCHAR NOT NULL",
    "reason": "VARCHAR NOT NULL",
    "reason_zh": "VARCHAR NOT NULL",
    "corrects_entry": "BIGINT",
    "prev_hash": "VARCHAR NOT NULL",
    "entry_hash": "VARCHAR NOT NULL",
}


class LedgerTamperedError(CorpusgradeError, RuntimeError):
    """The hash chain does not hold: a row was edited, removed or inserted outside the Ledger."""


def _entry_hash(fields: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of every field except the hash itself."""
    body = {key: value for key, value in fields.items() if key != "entry_hash"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """The award ledger in a DuckDB file (may be the registry file; it uses its own table).

    Example::

        ledger = Ledger(registry_path())
        grade = grade_submission(measurements, rubric=load_rubric(), ledger=ledger)
        entry = ledger.record(grade)
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
        with self._connect() as con:
            con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({columns})")

    @contextmanager
    def _connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection, so the registry's writer is not locked out for long."""
        con = duckdb.connect(str(self.path))
        try:
            yield con
        finally:
            con.close()

    def _rows(self) -> list[LedgerEntry]:
        with self._connect() as con:
            cursor = con.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY entry_no")
            rows = cursor.fetchall()
        return [LedgerEntry(**dict(zip(COLUMNS, row, strict=True))) for row in rows]

    def verify(self) -> list[LedgerEntry]:
        """Check numbering and the hash chain; raise LedgerTamperedError if either breaks."""
        entries = self._rows()
        previous = GENESIS
        for number, entry in enumerate(entries, start=1):
            fields = entry.model_dump()
            if entry.entry_no != number or entry.prev_hash != previous:
                raise LedgerTamperedError(f"ledger entry {entry.entry_no}: chain broken")
            if _entry_hash(fields) != entry.entry_hash:
                raise LedgerTamperedError(f"ledger entry {entry.entry_no}: contents were edited")
            previous = entry.entry_hash
        return entries

    def entries(self) -> list[LedgerEntry]:
        """Every entry in order, after verifying the chain."""
        return self.verify()

    def head(self) -> str:
        """The last entry's hash (GENESIS when empty): anchor it elsewhere to detect truncation."""
        entries = self.verify()
        return entries[-1].entry_hash if entries else GENESIS

    def rewarded_submissions(self) -> set[str]:
        """Submission ids with a positive net payment (what Scale must not credit again)."""
        paid: dict[str, float] = {}
        for entry in self.verify():
            paid[entry.submission_id] = paid.get(entry.submission_id, 0.0) + entry.award_yuan
        return {submission for submission, amount in paid.items() if amount > 0}

    def history(self, query: LedgerQuery) -> LedgerHistory:
        """What earlier entries mean for this submission (see `graders.award.related_history`)."""
        return related_history(self.verify(), query)

    def _append(self, entries: list[LedgerEntry], fields: dict[str, Any]) -> LedgerEntry:
        """Write one entry after `entries` (the verified ledger as just read)."""
        fields["entry_no"] = len(entries) + 1
        fields["prev_hash"] = entries[-1].entry_hash if entries else GENESIS
        fields["entry_hash"] = _entry_hash({**fields, "entry_hash": ""})
        entry = LedgerEntry(**fields)
        row = entry.model_dump()
        with self._connect() as con:
            marks = ", ".join("?" for _ in COLUMNS)
            con.execute(f"INSERT INTO {TABLE} VALUES ({marks})", [row[c] for c in COLUMNS])
        return entry

    def record(self, grade: Grade, *, recorded_at: str | None = None) -> LedgerEntry:
        """Append this grading (once: recording the same grading again returns its entry)."""
        block = grade.ledger
        entries = self.verify()
        for entry in reversed(entries):
            if (
                entry.kind,
                entry.submission_id,
                entry.content_fingerprint,
                entry.rubric_sha256,
            ) == ("grading", grade.submission_id, block.content_fingerprint, grade.rubric.sha256):
                return entry
        reason = block.refusal_reason or block.explanation
        return self._append(
            entries,
            {
                "recorded_at": recorded_at or _now(),
                "kind": "grading",
                "submission_id": grade.submission_id,
                "owner": block.owner,
                "content_fingerprint": block.content_fingerprint,
                "rubric_version": grade.rubric.version,
                "rubric_sha256": grade.rubric.sha256,
                "eligible": grade.eligible,
                "total": grade.total,
                "tier": grade.tier,
                "entitled_yuan": block.entitled_yuan,
                "award_yuan": grade.award_yuan,
                "decision": block.decision,
                "reason": reason.en,
                "reason_zh": reason.zh,
                "corrects_entry": None,
            },
        )

    def correct(
        self, entry_no: int, *, award_yuan: float, reason: str, recorded_at: str | None = None
    ) -> LedgerEntry:
        """Append a correction of an earlier entry: `award_yuan` is the adjustment (may be < 0)."""
        entries = self.verify()
        by_number = {entry.entry_no: entry for entry in entries}
        if entry_no not in by_number:
            raise KeyError(f"no ledger entry {entry_no}")
        fields = by_number[entry_no].model_dump()
        fields.update(
            recorded_at=recorded_at or _now(),
            kind="correction",
            entitled_yuan=0.0,
            award_yuan=award_yuan,
            decision="correction",
            reason=reason,
            reason_zh=reason,
            corrects_entry=entry_no,
        )
        return self._append(entries, fields)

    def explain(self, entry: LedgerEntry) -> Bilingual:
        """Say in plain words what an entry records and why."""
        if entry.kind == "correction":
            return Bilingual(
                zh=f"第 {entry.entry_no} 条：更正第 {entry.corrects_entry} 条，调整 "
                f"{fmt(entry.award_yuan)} 元。原因：{entry.reason_zh}",
                en=f"Entry {entry.entry_no}: corrects entry {entry.corrects_entry} by "
                f"{fmt(entry.award_yuan)} yuan. Reason: {entry.reason}",
            )
        tier = entry.tier or "none"
        return Bilingual(
            zh=f"第 {entry.entry_no} 条：{entry.owner} 的提交 {entry.submission_id}（评分细则 "
            f"{entry.rubric_version}）总分 {fmt(entry.total)}，等次 {tier}，应得 "
            f"{fmt(entry.entitled_yuan)} 元，支付 {fmt(entry.award_yuan)} 元（{entry.decision}）。"
            f"{entry.reason_zh}",
            en=f"Entry {entry.entry_no}: submission {entry.submission_id} by {entry.owner} "
            f"(rubric {entry.rubric_version}) scored {fmt(entry.total)}, tier {tier}, entitled "
            f"{fmt(entry.entitled_yuan)} yuan, paid {fmt(entry.award_yuan)} yuan "
            f"({entry.decision}). {entry.reason}",
        )
