"""Personal information (个人信息): detection, typed masking, and per-submission counts.

Polars finds the records that could hold PII with one cheap regex; only those records are
scanned with the full candidate pattern, and only candidates are checked with checksums, dates
and region codes (``quality.checksums``). Masked text replaces each match with a typed
placeholder such as ``[ID_CN]`` or ``[PHONE]``. Street addresses (``quality.pii_address``) and
person names (``quality.pii_names``) are found after the numbers, by cue words and keywords.
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import polars as pl

from quality.pii_address import ADDRESS_GATES, ADDRESS_PREFILTER, ADDRESS_RULES, find_addresses
from quality.pii_names import NAME_PREFILTER, PERSON_GATES, PERSON_RULES, find_persons
from quality.pii_patterns import (
    CANDIDATES,
    FOLDABLE_GATE,
    NUMBER_GROUP,
    PH_LABEL,
    PH_LABEL_GATE,
    PREFILTER,
    amount_before,
    classify_number,
    cued_bare_phone,
    fold_text,
    valid_ipv6,
)

PII_TYPES = (
    "EMAIL",
    "PHONE",
    "ID_CN",
    "ID_TH",
    "ID_MY",
    "ID_ID",
    "ID_VN",
    "ID_PH",
    "BANK_CARD",
    "IP",
    "URL_SECRET",
    "ADDRESS",
    "PERSON",
)

# Records matching none of these hold no candidate of any type (Polars' Rust regex).
SCAN_PREFILTER = f"{PREFILTER}|{ADDRESS_PREFILTER}|{NAME_PREFILTER}"

MAX_PIECES = 6
# Longer than any written phone, ID or card number ("+86 (0) 138-0013-8000" has 21 characters).
MAX_NUMBER_CHARS = 40


@dataclass(frozen=True)
class PiiMatch:
    """One piece of personal information: its type and character span (end exclusive)."""

    type: str
    start: int
    end: int


def detect_pii(text: str) -> list[PiiMatch]:
    """All verified PII matches in ``text``, in order of position, never overlapping.

    The text is scanned in its folded form (``fold_text``: full-width and other-script digits,
    full-width punctuation, odd spaces and dashes as ASCII, one character for one), so numbers
    written as "１３８００１３８０００" or "138－0013－8000" are found; spans hold in ``text``.

    >>> detect_pii("mail me: a.b@example.com")
    [PiiMatch(type='EMAIL', start=9, end=24)]
    """
    return sorted(_matches(fold_text(text)), key=lambda m: (m.start, m.end))


class _Plan(NamedTuple):
    """What is worth doing to one text, decided for many texts at once by Polars (``_plans``):
    the address and name rules whose needle may occur, whether the text may need folding and
    may hold a PhilSys label. Leaving out the rest changes no result."""

    addresses: Sequence[tuple[str, Any]] = ADDRESS_RULES
    persons: Sequence[tuple[str, Any]] = PERSON_RULES
    fold: bool = True
    philsys: bool = True


_FULL_PLAN = _Plan()


def _matches(text: str, plan: _Plan = _FULL_PLAN) -> list[PiiMatch]:
    """Verified matches of every kind; a match overlapping a higher-priority one is dropped."""
    taken: list[PiiMatch] = []
    for kind, needle, pattern in CANDIDATES:
        if needle == "PH_LABEL" and (not plan.philsys or PH_LABEL.search(text) is None):
            continue
        if needle != "PH_LABEL" and needle not in text:
            continue
        for m in pattern.finditer(text):
            if kind == "NUMBER" and _too_short(m.group()):
                continue
            if kind == "NUMBER" and amount_before(text, m.start()):
                continue
            if kind == "NUMBER" and cued_bare_phone(text, m.start(), m.group()):
                _keep(taken, PiiMatch("PHONE", m.start(), m.end()))
                continue
            for found in _verify(kind, m.group(), m.start()):
                _keep(taken, found)
    # Addresses, then names: a street named after a person ("Ngõ 47 Trần Quang Khải") is
    # an address; a phone, id or e-mail inside either keeps its own type.
    for start, end in find_addresses(text, plan.addresses):
        _keep(taken, PiiMatch("ADDRESS", start, end))
    for start, end in find_persons(text, plan.persons):
        _keep(taken, PiiMatch("PERSON", start, end))
    return taken


def _too_short(raw: str) -> bool:
    """Whether a number candidate can be no PII at all, whole or split (a year, a page, a
    price): fewer than 7 digits, and no "+" or "00" that would make it an international phone.

    Every id and card has 12+ digits; a national phone, bracketed or not, has 7+
    (``quality.pii_patterns.phone``); a bare cued phone has 7-8. Skipping these saves the
    validators' work on the many short numbers of ordinary text, and changes no result."""
    if "+" in raw or (len(raw) >= 7 and sum(map(str.isdigit, raw)) >= 7):
        return False
    return "00" not in "".join(filter(str.isdigit, raw))


def _keep(taken: list[PiiMatch], found: PiiMatch) -> None:
    """Insert ``found`` unless it overlaps a match already taken (earlier kinds win).

    ``taken`` is kept sorted and non-overlapping, so only the neighbours of the insertion
    point are compared: a record with 100,000 matches stays linear-logarithmic."""
    at = bisect.bisect_left(taken, (found.start, found.end), key=lambda t: (t.start, t.end))
    before = taken[at - 1] if at > 0 else None
    after = taken[at] if at < len(taken) else None
    if (before is None or before.end <= found.start) and (
        after is None or found.end <= after.start
    ):
        taken.insert(at, found)


def _verify(kind: str, raw: str, offset: int) -> Iterator[PiiMatch]:
    if kind == "NUMBER":
        yield from _number_matches(raw, offset)
    elif kind == "IP4" or (kind == "IP6" and valid_ipv6(raw)):
        yield PiiMatch("IP", offset, offset + len(raw))
    elif kind not in ("IP4", "IP6"):
        yield PiiMatch(kind, offset, offset + len(raw))


def _number_matches(raw: str, offset: int) -> Iterator[PiiMatch]:
    """Classify a number candidate; if it fails whole, try runs of its space-separated pieces.

    Two numbers written side by side ("110101199003074514 13800138000") form one candidate.
    They are split only at a boundary next to a piece that stands as a number on its own (7+
    digits, or a leading "+" or "("), so a grouped card "4111 1111 1111 1112" that fails its
    check is never cut into smaller "valid" numbers. Longest valid run first, left to right.
    """
    kind = classify_number(raw) if len(raw) <= MAX_NUMBER_CHARS else None
    if kind is not None:
        yield PiiMatch(kind, offset, offset + len(raw))
        return
    pieces = [(g.start(), g.end()) for g in NUMBER_GROUP.finditer(raw)]
    cuts = _allowed_cuts(raw, pieces)
    i = 0
    while i < len(pieces):
        found = _longest_run(raw, pieces, cuts, i) if i in cuts else None
        if found is None:
            i += 1
            continue
        j, kind = found
        yield PiiMatch(kind, offset + pieces[i][0], offset + pieces[j][1])
        i = j + 1


def _allowed_cuts(raw: str, pieces: list[tuple[int, int]]) -> set[int]:
    """Indices b where a number may start (a cut between piece b-1 and piece b), plus the ends."""

    def standalone(k: int) -> bool:
        text = raw[pieces[k][0] : pieces[k][1]]
        return text[0] in "+(" or sum(ch.isdigit() for ch in text) >= 7

    inner = {b for b in range(1, len(pieces)) if standalone(b) or standalone(b - 1)}
    return inner | {0, len(pieces)}


def _longest_run(
    raw: str, pieces: list[tuple[int, int]], cuts: set[int], i: int
) -> tuple[int, str] | None:
    # No valid number has more than MAX_PIECES space-separated pieces ("+63 917 123 4567" has 4).
    for j in range(min(len(pieces), i + MAX_PIECES) - 1, i - 1, -1):
        if (i == 0 and j == len(pieces) - 1) or j + 1 not in cuts:
            continue
        kind = classify_number(raw[pieces[i][0] : pieces[j][1]])
        if kind is not None:
            return j, kind
    return None


def mask_pii(text: str) -> tuple[str, list[str]]:
    """The text with every match replaced by ``[TYPE]``, and the types found (one per match)."""
    return _mask(text, _FULL_PLAN)


def _mask(text: str, plan: _Plan) -> tuple[str, list[str]]:
    """``mask_pii`` doing only what ``plan`` says is worth doing."""
    folded = fold_text(text) if plan.fold else text
    matches = sorted(_matches(folded, plan), key=lambda m: (m.start, m.end))
    parts, last = [], 0
    for m in matches:
        parts += [text[last : m.start], f"[{m.type}]"]
        last = m.end
    parts.append(text[last:])
    return "".join(parts), [m.type for m in matches]


def public_record_id(record_id: str, *, key: bytes) -> str:
    """The record id as it may leave the owner's ``records.parquet`` (tasks, reports, examples).

    An id that carries no PII is returned unchanged (so readers can still find the record). An id
    that does ("13800138000", "a.b@example.com", "NIK3171…") is masked like text, with a 12-hex
    suffix of HMAC-SHA256(``key``, id), so distinct ids stay distinct. ``key`` is the workspace's
    secret (``pipelines.home.record_id_key``): without it, nobody can test guesses (every phone
    number) against a surrogate; with the same key, the same id gives the same surrogate, so
    reports stay reproducible and pulled annotations map back to the owner's ids.

    >>> public_record_id("d0000017", key=b"k")
    'd0000017'
    >>> public_record_id("user-13800138000", key=b"k").startswith("user-[PHONE]~")
    True
    """
    masked, types = mask_pii(record_id)
    if not types:
        return record_id
    digest = hmac.new(key, record_id.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return f"{masked}~{digest.hexdigest()[:12]}"


def public_record_ids(column: str = "record_id", *, key: bytes) -> pl.Expr:
    """``public_record_id`` over a column (Python per value: meant for examples and samples)."""
    return pl.col(column).map_elements(
        lambda value: public_record_id(value, key=key), return_dtype=pl.String
    )


def add_pii_columns(df: pl.DataFrame, *, columns: Sequence[str]) -> pl.DataFrame:
    """Add ``<col>_masked`` per column, ``pii_count`` (Int64) and ``pii_types`` (sorted unique).

    Null text stays null in its masked column and counts nothing.
    """
    masked: list[pl.Series] = []
    found_per_row: dict[int, list[str]] = {}
    for column in columns:
        series, per_row = _mask_column(df[column])
        masked.append(series.alias(f"{column}_masked"))
        for row, found in per_row.items():
            found_per_row.setdefault(row, []).extend(found)
    rows = pl.Series(list(found_per_row), dtype=pl.Int64)
    counts = pl.zeros(df.height, dtype=pl.Int64, eager=True).scatter(
        rows, [len(found) for found in found_per_row.values()]
    )
    return df.with_columns(
        *masked,
        counts.alias("pii_count"),
        _type_lists(df.height, rows, [sorted(set(f)) for f in found_per_row.values()]),
    )


def _type_lists(height: int, rows: pl.Series, types: list[list[str]]) -> pl.Series:
    """``pii_types``: each row's types (``types`` for ``rows``, none elsewhere). Built from one
    joined string per row with PII (a type name has no comma), which Polars splits: much faster
    than a Series of ``height`` Python lists."""
    joined = pl.repeat("", height, dtype=pl.String, eager=True).scatter(
        rows, [",".join(t) for t in types]
    )
    empty = pl.lit([], dtype=pl.List(pl.String))
    return pl.select(
        pl.when(joined == "").then(empty).otherwise(joined.str.split(",")).alias("pii_types")
    ).to_series()


def _mask_column(column: pl.Series) -> tuple[pl.Series, dict[int, list[str]]]:
    """Mask one text column; only rows the prefilter flags are scanned in Python, and only
    rows with PII are written back."""
    texts = column.cast(pl.String)
    flagged = texts.str.contains(SCAN_PREFILTER).fill_null(False)
    rows = flagged.arg_true()
    if rows.len() == 0:
        return texts, {}
    scanned = texts.gather(rows)
    results = [
        _mask(text, plan) for text, plan in zip(scanned.to_list(), _plans(scanned), strict=True)
    ]
    per_row = {int(row): r for row, r in zip(rows.to_list(), results, strict=True) if r[1]}
    masked = texts.clone()
    if per_row:
        masked.scatter(list(per_row), [r[0] for r in per_row.values()])
    return masked, {row: r[1] for row, r in per_row.items()}


# Polars patterns that match wherever a Python scan may find something (see ``_Plan``).
_GATES = {
    **{f"a:{name}": pattern for name, pattern in ADDRESS_GATES.items()},
    **{f"p:{name}": pattern for name, pattern in PERSON_GATES.items()},
    "fold": FOLDABLE_GATE,
    "philsys": PH_LABEL_GATE,
}


def _plans(texts: pl.Series) -> list[_Plan]:
    """Per text, its ``_Plan``: one vectorised Polars pass per gate instead of every needle of
    every rule in Python on every text (rules are then run only where their needle may be)."""
    flags = pl.DataFrame({"text": texts}).select(
        pl.col("text").str.contains(pattern).fill_null(False).alias(key)
        for key, pattern in _GATES.items()
    )
    plans: dict[tuple[bool, ...], _Plan] = {}
    out = []
    for row in flags.iter_rows():
        if row not in plans:
            on = {key for key, flag in zip(_GATES, row, strict=True) if flag}
            plans[row] = _Plan(
                addresses=tuple(r for r in ADDRESS_RULES if f"a:{r[0]}" in on),
                persons=tuple(r for r in PERSON_RULES if f"p:{r[0]}" in on),
                fold="fold" in on,
                philsys="philsys" in on,
            )
        out.append(plans[row])
    return out


def residual_pii(df: pl.DataFrame, *, columns: Sequence[str]) -> int:
    """Records whose masked columns (``<col>_masked``) still contain detectable PII."""
    dirty = pl.Series([False] * df.height, dtype=pl.Boolean)
    for column in columns:
        texts = df[f"{column}_masked"].cast(pl.String)
        flagged = texts.str.contains(SCAN_PREFILTER).fill_null(False)
        rows = flagged.arg_true()
        hits = [bool(detect_pii(t)) for t in texts.gather(rows).to_list()]
        if hits:
            dirty = dirty.scatter(rows.filter(pl.Series(hits)), True)
    return int(dirty.sum())


def summarize_pii(df: pl.DataFrame) -> dict[str, Any]:
    """Report section: records with PII, matches in total, and records per PII type."""
    per_type = (
        df.select(pl.col("pii_types").explode().drop_nulls().alias("type"))
        .group_by("type")
        .len()
        .sort("type")
    )
    n = df.height
    with_pii = int((df["pii_count"] > 0).sum())
    return {
        "records": n,
        "records_with_pii": with_pii,
        "share_with_pii": round(with_pii / n, 6) if n else 0.0,
        "matches": int(df["pii_count"].sum()),
        "records_by_type": {str(k): int(v) for k, v in per_type.iter_rows()},
    }
