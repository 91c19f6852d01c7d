"""The award ledger's rows and hash chain as pure functions (DuckDB I/O: `pipelines.ledger`).

Every row carries a SHA-256 over its fields chained to the row before it, so an edited or
inserted row breaks the chain (`verify_chain`). A chain cannot show on its own that its tail was
cut or that it was rewritten from some row on with fresh hashes; the *chain head* (entry count and
last hash) kept elsewhere — in every report, in `envelope.json`, in the head file beside the
ledger, in the committee's minutes — catches both (`check_head`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from graders.explain import fmt
from schemas.errors import CorpusgradeError
from schemas.grade import Bilingual

__all__ = [
    "COLUMNS",
    "GENESIS",
    "ChainHead",
    "LedgerEntry",
    "LedgerError",
    "LedgerTamperedError",
    "chain_head",
    "check_head",
    "entry_hash",
    "explain_entry",
    "next_entry",
    "parse_head",
    "verify_chain",
]

GENESIS = "0" * 64
COLUMNS: dict[str, str] = {
    "entry_no": "BIGINT PRIMARY KEY",
    "recorded_at": "VARCHAR NOT NULL",
    "kind": "VARCHAR NOT NULL",
    "submission_id": "VARCHAR NOT NULL",
    "owner": "VARCHAR NOT NULL",
    "owner_id": "VARCHAR NOT NULL",
    "decision_key": "VARCHAR NOT NULL",
    "content_fingerprint": "VARCHAR NOT NULL",
    "rubric_version": "VARCHAR NOT NULL",
    "rubric_sha256": "VARCHAR NOT NULL",
    "eligible": "BOOLEAN NOT NULL",
    "total": "DOUBLE NOT NULL",
    "tier": "VARCHAR",
    "survivors": "BIGINT NOT NULL",
    "novel_records": "BIGINT NOT NULL",
    "matched": "VARCHAR NOT NULL",
    "entitled_yuan": "DOUBLE NOT NULL",
    "previous_paid_yuan": "DOUBLE NOT NULL",
    "award_yuan": "DOUBLE NOT NULL",
    "decision": "VARCHAR NOT NULL",
    "reason": "VARCHAR NOT NULL",
    "reason_zh": "VARCHAR NOT NULL",
    "corrects_entry": "BIGINT",
    "prev_hash": "VARCHAR NOT NULL",
    "entry_hash": "VARCHAR NOT NULL",
}
"""The ledger table's columns in order (DuckDB types); `LedgerEntry` has the same fields."""

_HEAD = re.compile(r"^(\d+):([0-9a-f]{64})$")


class LedgerError(CorpusgradeError, ValueError):
    """A ledger that cannot be read as asked: a missing file, an unknown entry, a bad head."""


class LedgerTamperedError(CorpusgradeError, RuntimeError):
    """The hash chain or the chain head does not hold: rows edited, removed or rewritten."""


class LedgerEntry(BaseModel):
    """One row of the award ledger (a grading decision, or a correction of an earlier entry).

    `matched` is canonical JSON: per rewarded submission the survivors matched, the owner and
    the ledger entries that paid for it. `owner` is the display name; `owner_id` the identity.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    entry_no: int
    recorded_at: str
    kind: str
    submission_id: str
    owner: str
    owner_id: str
    decision_key: str
    content_fingerprint: str
    rubric_version: str
    rubric_sha256: str
    eligible: bool
    total: float
    tier: str | None
    survivors: int
    novel_records: int
    matched: str
    entitled_yuan: float
    previous_paid_yuan: float
    award_yuan: float
    decision: str
    reason: str
    reason_zh: str
    corrects_entry: int | None
    prev_hash: str
    entry_hash: str


class ChainHead(BaseModel):
    """The ledger's head: how many entries and the last one's hash (`N:HASH`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entries: int
    hash: str

    def __str__(self) -> str:
        """`N:HASH`, the form `ledger verify --head` takes."""
        return f"{self.entries}:{self.hash}"


UNHASHED = ("entry_hash", "recorded_at")
"""Fields the chain does not cover: the hash itself, and the clock — so the same decisions give
the same chain and the reports that quote its head stay byte-identical across workspaces."""


def entry_hash(fields: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of every field except `UNHASHED`."""
    body = {key: value for key, value in fields.items() if key not in UNHASHED}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain_head(entries: Sequence[LedgerEntry]) -> ChainHead:
    """The head of a chain (0 entries and GENESIS when empty)."""
    return ChainHead(entries=len(entries), hash=entries[-1].entry_hash if entries else GENESIS)


def verify_chain(entries: Sequence[LedgerEntry]) -> ChainHead:
    """Check numbering and hashes; return the head or raise LedgerTamperedError."""
    previous = GENESIS
    for number, entry in enumerate(entries, start=1):
        if entry.entry_no != number or entry.prev_hash != previous:
            raise LedgerTamperedError(
                f"ledger entry {entry.entry_no}: chain broken (expected entry {number} "
                f"after {previous[:12]}…); a row was removed, inserted or renumbered"
            )
        if entry_hash(entry.model_dump()) != entry.entry_hash:
            raise LedgerTamperedError(f"ledger entry {entry.entry_no}: contents were edited")
        previous = entry.entry_hash
    return chain_head(entries)


def parse_head(text: str, *, where: str = "--head") -> ChainHead:
    """Read `N:HASH` (as printed by `ledger verify`); raise LedgerError naming `where`."""
    match = _HEAD.match(text.strip())
    if match is None:
        raise LedgerError(f"{where}: expected N:HASH (entry count, 64 hex digits); got {text!r}")
    return ChainHead(entries=int(match.group(1)), hash=match.group(2))


def check_head(entries: Sequence[LedgerEntry], head: ChainHead, *, where: str) -> None:
    """The chain must still hold entry `head.entries` with `head.hash` (else cut or rewritten)."""
    if head.entries == 0:
        return
    if len(entries) < head.entries:
        raise LedgerTamperedError(
            f"ledger has {len(entries)} entries but {where} records {head.entries}: "
            "entries were removed from the tail"
        )
    found = entries[head.entries - 1].entry_hash
    if found != head.hash:
        raise LedgerTamperedError(
            f"ledger entry {head.entries} hashes to {found[:12]}… but {where} records "
            f"{head.hash[:12]}…: the ledger was rewritten from that entry or earlier"
        )


def next_entry(entries: Sequence[LedgerEntry], fields: dict[str, Any]) -> LedgerEntry:
    """The entry that follows `entries` (numbered and chained) with these fields."""
    row = dict(fields)
    row["entry_no"] = len(entries) + 1
    row["prev_hash"] = entries[-1].entry_hash if entries else GENESIS
    row["entry_hash"] = entry_hash({**row, "entry_hash": ""})
    return LedgerEntry(**row)


def explain_entry(entry: LedgerEntry) -> Bilingual:
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
        zh=f"第 {entry.entry_no} 条：{entry.owner}（{entry.owner_id}）的提交 {entry.submission_id}"
        f"（评分细则 {entry.rubric_version}）总分 {fmt(entry.total)}，等次 {tier}，新颖记录 "
        f"{entry.novel_records}/{entry.survivors}，应得 {fmt(entry.entitled_yuan)} 元，此前已付 "
        f"{fmt(entry.previous_paid_yuan)} 元，支付 {fmt(entry.award_yuan)} 元（{entry.decision}）。"
        f"{entry.reason_zh}",
        en=f"Entry {entry.entry_no}: submission {entry.submission_id} by {entry.owner} "
        f"({entry.owner_id}, rubric {entry.rubric_version}) scored {fmt(entry.total)}, tier "
        f"{tier}, novel records {entry.novel_records}/{entry.survivors}, entitled "
        f"{fmt(entry.entitled_yuan)} yuan, paid earlier {fmt(entry.previous_paid_yuan)} yuan, "
        f"paid {fmt(entry.award_yuan)} yuan ({entry.decision}). {entry.reason}",
    )
