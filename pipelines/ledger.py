"""The award ledger's DuckDB table: the only code that reads or appends ledger rows.

It lives in the workspace registry file (`pipelines.home.registry_path()`, table `award_ledger`;
the dedup registry's tables start with `dedup_`). DuckDB has no triggers or grants, so
append-only is kept three ways: this class offers no update or delete; every row is hash-chained
(`graders.ledger.verify_chain`); and after each append the chain head `N:HASH` is written to a
head file beside the DuckDB file (`registry.duckdb.head`), so a tail cut off, the table dropped
or the chain rewritten is caught on the next read. Operators keep further copies of the head
(`ledger verify --head`, reports, `envelope.json`). Grading itself never opens this file: the
pipeline passes `entries()` to `graders.grade.grade_submission`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from graders.award import matched_json, net_paid
from graders.ledger import (
    COLUMNS,
    ChainHead,
    LedgerEntry,
    LedgerError,
    check_head,
    next_entry,
    parse_head,
    verify_chain,
)
from schemas.grade import Grade

__all__ = ["TABLE", "Ledger", "RecordedEntry", "head_file"]

TABLE = "award_ledger"


def head_file(path: Path) -> Path:
    """The head file kept beside a ledger's DuckDB file."""
    return path.with_name(path.name + ".head")


class RecordedEntry(LedgerEntry):
    """A ledger entry as the `ledger_entry` asset holds it: the entry and the chain head after
    it (`N:HASH`), which the report and envelope.json carry."""

    chain_head: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """The award ledger in a DuckDB file.

    Example::

        ledger = Ledger(registry_path())
        grade = grade_submission(measurements, rubric=load_rubric(), ledger=ledger.entries())
        entry = ledger.record(grade)
    """

    def __init__(self, path: Path, *, create: bool = True) -> None:
        """Open the ledger at `path`; with `create=False` a missing file is a LedgerError."""
        self.path = Path(path)
        if not self.path.is_file():
            if not create:
                raise LedgerError(
                    f"{self.path}: no ledger file here (check --path; nothing was created)"
                )
            self.path.parent.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def _connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection, so the registry's writer is not locked out for long.

        Read-write even for reads: DuckDB refuses a second connection with another
        configuration to a file this process already has open.
        """
        con = duckdb.connect(str(self.path))
        try:
            yield con
        finally:
            con.close()

    def _has_table(self, con: duckdb.DuckDBPyConnection) -> bool:
        found = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [TABLE]
        ).fetchone()
        return bool(found and found[0])

    def _check_layout(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position",
            [TABLE],
        ).fetchall()
        if [row[0] for row in rows] != list(COLUMNS):
            raise LedgerError(
                f"{self.path}: table {TABLE} has an older column layout; export it with the "
                "version that wrote it and start a new workspace"
            )

    def _rows(self) -> list[LedgerEntry]:
        if not self.path.is_file():
            return []
        with self._connect() as con:
            if not self._has_table(con):
                return []
            self._check_layout(con)
            cursor = con.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY entry_no")
            rows = cursor.fetchall()
        return [LedgerEntry(**dict(zip(COLUMNS, row, strict=True))) for row in rows]

    def kept_head(self) -> ChainHead | None:
        """The head recorded in the head file beside the ledger (None when there is none)."""
        path = head_file(self.path)
        if not path.is_file():
            return None
        return parse_head(path.read_text(encoding="utf-8"), where=str(path))

    def entries(self, *, head: ChainHead | None = None) -> list[LedgerEntry]:
        """Every entry in order, after checking the chain, the head file and `head` if given."""
        entries = self._rows()
        verify_chain(entries)
        kept = self.kept_head()
        if kept is not None:
            check_head(entries, kept, where=f"head file {head_file(self.path)}")
        if head is not None:
            check_head(entries, head, where="the head given")
        return entries

    def verify(self, *, head: ChainHead | None = None) -> ChainHead:
        """Check the ledger; return its head or raise LedgerTamperedError."""
        return verify_chain(self.entries(head=head))

    def head(self) -> ChainHead:
        """The current head (entry count and last hash)."""
        return self.verify()

    def rewarded_owners(self) -> dict[str, str]:
        """Submission id → owner id, for submissions with a positive net payment."""
        entries = self.entries()
        owners = {e.submission_id: e.owner_id for e in entries if e.kind == "grading"}
        return {sid: owners[sid] for sid, paid in net_paid(entries).items() if paid > 0}

    def _append(self, entries: list[LedgerEntry], fields: dict[str, Any]) -> LedgerEntry:
        """Write one entry after `entries` (the verified ledger as just read), then the head."""
        entry = next_entry(entries, fields)
        row = entry.model_dump()
        columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())
        with self._connect() as con:
            con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({columns})")
            self._check_layout(con)
            marks = ", ".join("?" for _ in COLUMNS)
            con.execute(f"INSERT INTO {TABLE} VALUES ({marks})", [row[c] for c in COLUMNS])
        head = ChainHead(entries=entry.entry_no, hash=entry.entry_hash)
        head_file(self.path).write_text(f"{head}\n", encoding="utf-8")
        return entry

    def record(self, grade: Grade, *, recorded_at: str | None = None) -> LedgerEntry:
        """Append this grading decision, or return the entry a re-run repeats.

        A re-run is a grading whose submission's latest entry has the same decision key. A new
        decision must have been judged on the ledger as it is now (else LedgerError: another
        grading was recorded in between; run again).
        """
        block = grade.ledger
        entries = self.entries()
        own = [e for e in entries if e.kind == "grading" and e.submission_id == grade.submission_id]
        if own and own[-1].decision_key == block.decision_key:
            return own[-1]
        if block.history_entries != len(entries):
            raise LedgerError(
                f"{self.path}: the ledger has {len(entries)} entries but {grade.submission_id} "
                f"was graded on {block.history_entries}; another grading was recorded in "
                "between: run the submission again"
            )
        reason = block.refusal_reason or block.explanation
        return self._append(
            entries,
            {
                "recorded_at": recorded_at or _now(),
                "kind": "grading",
                "submission_id": grade.submission_id,
                "owner": block.owner,
                "owner_id": block.owner_id,
                "decision_key": block.decision_key,
                "content_fingerprint": block.content_fingerprint,
                "rubric_version": grade.rubric.version,
                "rubric_sha256": grade.rubric.sha256,
                "eligible": grade.eligible,
                "total": grade.total,
                "tier": grade.tier,
                "survivors": block.survivors,
                "novel_records": block.novel_records,
                "matched": matched_json(block),
                "entitled_yuan": block.entitled_yuan,
                "previous_paid_yuan": block.previous_paid_yuan,
                "award_yuan": grade.award_yuan,
                "decision": block.decision,
                "reason": reason.en,
                "reason_zh": reason.zh,
                "corrects_entry": None,
            },
        )

    def record_with_head(self, grade: Grade) -> RecordedEntry:
        """`record(grade)`, with the chain head as it stands after the entry."""
        entry = self.record(grade)
        return RecordedEntry(**entry.model_dump(), chain_head=str(self.head()))

    def entry(self, entry_no: int) -> LedgerEntry:
        """One entry by number; LedgerError (one line) when there is no such entry."""
        entries = self.entries()
        if not 1 <= entry_no <= len(entries):
            raise LedgerError(
                f"{self.path}: no ledger entry {entry_no} (the ledger has {len(entries)} entries)"
            )
        return entries[entry_no - 1]

    def correct(
        self, entry_no: int, *, award_yuan: float, reason: str, recorded_at: str | None = None
    ) -> LedgerEntry:
        """Append a correction of an earlier entry: `award_yuan` is the adjustment (may be < 0)."""
        fields = self.entry(entry_no).model_dump()
        fields.update(
            recorded_at=recorded_at or _now(),
            kind="correction",
            entitled_yuan=0.0,
            previous_paid_yuan=0.0,
            award_yuan=award_yuan,
            decision="correction",
            reason=reason,
            reason_zh=reason,
            corrects_entry=entry_no,
        )
        return self._append(self.entries(), fields)

    def export(self, out: Path, *, head: ChainHead | None = None) -> str:
        """Write the verified ledger to `out` (.csv or .json) for the minutes; return its SHA-256.

        Both forms carry the chain head; the JSON adds the totals paid per owner and blank
        sign-off lines. A `.sha256` file beside it holds the digest and the head.
        """
        entries = self.entries(head=head)
        current = verify_chain(entries)
        rows = [entry.model_dump() for entry in entries]
        if out.suffix == ".csv":
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            body = buffer.getvalue().encode("utf-8")
        elif out.suffix == ".json":
            body = _export_json(entries, rows, current)
        else:
            raise LedgerError(
                f"{out}: export writes .csv or .json; got {out.suffix or 'no suffix'}"
            )
        out.write_bytes(body)
        digest = hashlib.sha256(body).hexdigest()
        out.with_name(out.name + ".sha256").write_text(
            f"{digest}  {out.name}\nledger head {current}\n", encoding="utf-8"
        )
        return digest


def _export_json(entries: list[LedgerEntry], rows: list[dict[str, Any]], head: ChainHead) -> bytes:
    """The ledger as JSON for the committee: head, entries, net paid per owner, sign-off."""
    per_owner: dict[str, Decimal] = {}
    for entry in entries:
        per_owner[entry.owner_id] = per_owner.get(entry.owner_id, Decimal(0)) + Decimal(
            str(entry.award_yuan)
        )
    body = {
        "chain_head": str(head),
        "entries": rows,
        "entry_count": head.entries,
        "paid_per_owner_yuan": {k: float(v) for k, v in sorted(per_owner.items())},
        "sign_off": {"prepared_by": "", "checked_by": "", "approved_by": "", "date": ""},
        "verified": True,
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")
