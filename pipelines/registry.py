"""The dedup registry: signatures and band keys of every processed submission, in DuckDB.

One DuckDB file under `CORPUSGRADE_HOME` (shared with the award ledger, whose tables are not
ours; every table here starts with `dedup_`). One writer at a time: open it as a context manager.
A submission's rows are replaced when it is stored again, and matching only looks at submissions
stored *before* it (by first-store order; near matches also need the same sketch parameters,
exact matches do not), so re-running a
submission never matches itself and gives the same answer as its first run, while the same data
under a new submission id matches everything.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from types import TracebackType

import duckdb
import polars as pl

from quality.dedup import MATCH_SCHEMA

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dedup_submissions (
    submission_id VARCHAR PRIMARY KEY, seq BIGINT NOT NULL, content_fingerprint VARCHAR,
    sketch_params VARCHAR, n_records BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS dedup_records (
    submission_id VARCHAR NOT NULL, record_id VARCHAR NOT NULL, exact_hash VARCHAR NOT NULL,
    minhash UINTEGER[]);
CREATE TABLE IF NOT EXISTS dedup_bands (
    submission_id VARCHAR NOT NULL, record_id VARCHAR NOT NULL, band USMALLINT NOT NULL,
    band_key UBIGINT NOT NULL);
ALTER TABLE dedup_records ADD COLUMN IF NOT EXISTS credited BOOLEAN DEFAULT TRUE;
"""

_PRIORS = """
SELECT submission_id, seq, coalesce(sketch_params, '') = $params AS same_params
FROM dedup_submissions
WHERE submission_id <> $sid
  AND seq < coalesce((SELECT seq FROM dedup_submissions WHERE submission_id = $sid), 9e18)
"""


class Registry:
    """DuckDB-backed store of per-submission dedup signatures (one writer; a context manager).

    Example:
        >>> with Registry(tmp_path / "registry.duckdb") as registry:  # doctest: +SKIP
        ...     matches = registry.match("sub-2", result.signatures)
        ...     registry.store("sub-2", result.signatures, content_fingerprint="ab12")
    """

    def __init__(self, path: Path) -> None:
        """Remember the file; the connection opens in `__enter__`."""
        self.path = Path(path)
        self._con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> Registry:
        """Open (creating if needed) the DuckDB file and the `dedup_` tables."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(str(self.path))
        self._con.execute(_SCHEMA)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the connection."""
        if self._con is not None:
            self._con.close()
            self._con = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection (raises when used outside `with`)."""
        if self._con is None:
            msg = "Registry is not open: use it as `with Registry(path) as registry:`"
            raise RuntimeError(msg)
        return self._con

    def store(
        self,
        submission_id: str,
        signatures: pl.DataFrame,
        *,
        content_fingerprint: str,
        uncredited: Collection[str] = (),
    ) -> None:
        """Replace this submission's entries with `signatures` (a `DedupResult.signatures`).

        `uncredited` names the records that matched another owner's rewarded records: if this
        submission is rewarded, they were not paid for, so later matches against them do not
        count as matching rewarded data (`match_rewarded`).
        """
        params = _params_of(signatures)
        bands = _exploded_bands(signatures)
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            seq_row = con.execute(
                "SELECT coalesce((SELECT seq FROM dedup_submissions WHERE submission_id = ?),"
                " (SELECT coalesce(max(seq), 0) + 1 FROM dedup_submissions))",
                [submission_id],
            ).fetchone()
            seq = int(seq_row[0]) if seq_row else 1
            for table in ("dedup_submissions", "dedup_records", "dedup_bands"):
                con.execute(f"DELETE FROM {table} WHERE submission_id = ?", [submission_id])
            con.execute(
                "INSERT INTO dedup_submissions VALUES (?, ?, ?, ?, ?)",
                [submission_id, seq, content_fingerprint, params, signatures.height],
            )
            records = signatures.select(
                "record_id",
                "exact_hash",
                "minhash",
                credited=~pl.col("record_id").is_in(sorted(uncredited)),
            ).to_arrow()
            con.register("_new_records", records)
            con.execute(
                "INSERT INTO dedup_records (submission_id, record_id, exact_hash, minhash, "
                "credited) SELECT ?, record_id, exact_hash, minhash, credited FROM _new_records",
                [submission_id],
            )
            con.register("_new_bands", bands.to_arrow())
            con.execute(
                "INSERT INTO dedup_bands SELECT ?, record_id, band, band_key FROM _new_bands",
                [submission_id],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        finally:
            con.unregister("_new_records")
            con.unregister("_new_bands")

    def match(
        self, submission_id: str, signatures: pl.DataFrame, *, threshold: float = 0.8
    ) -> pl.DataFrame:
        """Return the best earlier match per record: record_id, prior_submission,
        prior_record_id, jaccard (1.0 for an exact match, else the MinHash estimate).

        Only records with a match of estimated Jaccard >= `threshold` appear. Ties go to the
        earliest submission, then the smallest prior record_id.
        """
        priors = _frame(self.con, _PRIORS, {"sid": submission_id, "params": _params_of(signatures)})
        return self._match_priors(priors, signatures, threshold=threshold, credited_only=False)

    def match_rewarded(
        self,
        submission_id: str,
        signatures: pl.DataFrame,
        *,
        rewarded: Collection[str],
        threshold: float = 0.8,
    ) -> pl.DataFrame:
        """Like `match`, against the credited records of `rewarded` submissions only, whenever
        they were registered (before or after this one); this submission never matches itself.
        """
        priors = _frame(
            self.con,
            "SELECT submission_id, seq, coalesce(sketch_params, '') = $params AS same_params "
            "FROM dedup_submissions WHERE submission_id <> $sid "
            "AND list_contains($rewarded, submission_id)",
            {
                "sid": submission_id,
                "params": _params_of(signatures),
                "rewarded": sorted(rewarded) or [""],
            },
        )
        return self._match_priors(priors, signatures, threshold=threshold, credited_only=True)

    def _match_priors(
        self,
        priors: pl.DataFrame,
        signatures: pl.DataFrame,
        *,
        threshold: float,
        credited_only: bool,
    ) -> pl.DataFrame:
        """The best match per record among the `priors` submissions' records."""
        if priors.is_empty() or signatures.is_empty():
            return pl.DataFrame(schema=MATCH_SCHEMA)
        self.con.register("_priors", priors.to_arrow())
        credited = " AND r.credited" if credited_only else ""
        try:
            exact = self._exact_matches(signatures, credited)
            rest = signatures.join(exact.select("record_id"), on="record_id", how="anti")
            near = self._near_matches(rest, threshold=threshold, credited=credited)
        finally:
            self.con.unregister("_priors")
        both = pl.concat([exact, near], how="vertical")
        best = both.sort(
            ["record_id", "jaccard", "seq", "prior_record_id"],
            descending=[False, True, False, False],
        ).unique("record_id", keep="first", maintain_order=True)
        return best.select(list(MATCH_SCHEMA)).cast(dict(MATCH_SCHEMA.items()))

    def _exact_matches(self, signatures: pl.DataFrame, credited: str = "") -> pl.DataFrame:
        """Return exact-hash matches (jaccard 1.0) with the prior's seq."""
        self.con.register("_sig", signatures.select("record_id", "exact_hash").to_arrow())
        try:
            return _frame(
                self.con,
                "SELECT s.record_id, r.submission_id AS prior_submission, "
                "r.record_id AS prior_record_id, 1.0::DOUBLE AS jaccard, p.seq "
                "FROM _sig s JOIN dedup_records r USING (exact_hash) "
                "JOIN _priors p ON p.submission_id = r.submission_id"
                + (" WHERE r.credited" if credited else ""),
            )
        finally:
            self.con.unregister("_sig")

    def _near_matches(
        self, signatures: pl.DataFrame, *, threshold: float, credited: str = ""
    ) -> pl.DataFrame:
        """Return band-key candidates with their MinHash-estimated Jaccard >= threshold."""
        bands = _exploded_bands(signatures)
        self.con.register("_bands", bands.to_arrow())
        try:
            pairs = _frame(
                self.con,
                "SELECT DISTINCT b.record_id, d.submission_id AS prior_submission, "
                "d.record_id AS prior_record_id, p.seq FROM _bands b "
                "JOIN dedup_bands d ON d.band = b.band AND d.band_key = b.band_key "
                "JOIN _priors p ON p.submission_id = d.submission_id AND p.same_params",
            )
            prior_mh = _frame(
                self.con,
                "SELECT r.submission_id AS prior_submission, r.record_id AS prior_record_id, "
                "r.minhash AS prior_minhash FROM dedup_records r "
                "JOIN _priors p ON p.submission_id = r.submission_id AND p.same_params "
                "WHERE r.minhash IS NOT NULL" + credited + " AND r.record_id IN "
                "(SELECT DISTINCT d.record_id FROM _bands b JOIN dedup_bands d "
                "ON d.band = b.band AND d.band_key = b.band_key)",
            )
        finally:
            self.con.unregister("_bands")
        joined = pairs.join(signatures.select("record_id", "minhash"), on="record_id").join(
            prior_mh, on=["prior_submission", "prior_record_id"]
        )
        return (
            joined.with_columns(jaccard=_estimate(joined))
            .filter(pl.col("jaccard") >= threshold)
            .select("record_id", "prior_submission", "prior_record_id", "jaccard", "seq")
        )

    def overlaps(
        self, submission_id: str, matches: pl.DataFrame, *, n_records: int | None = None
    ) -> pl.DataFrame:
        """Return per earlier submission: matched_records, share_of_submission, share_of_prior.

        `n_records` defaults to the count stored for `submission_id`. Sorted by prior
        submission order.
        """
        info = _frame(
            self.con,
            "SELECT submission_id AS prior_submission, seq, n_records AS prior_records "
            "FROM dedup_submissions",
        )
        total = n_records if n_records is not None else self._stored_count(submission_id)
        per_prior = matches.group_by("prior_submission").agg(
            matched_records=pl.col("record_id").n_unique(),
            prior_records_matched=pl.col("prior_record_id").n_unique(),
        )
        out = per_prior.join(info, on="prior_submission", how="left").sort(
            "seq", "prior_submission"
        )
        return out.select(
            "prior_submission",
            "matched_records",
            share_of_submission=pl.col("matched_records") / max(total, 1),
            share_of_prior=pl.col("prior_records_matched") / pl.col("prior_records").clip(1),
        )

    def _stored_count(self, submission_id: str) -> int:
        """Return the number of records stored for a submission (0 when absent)."""
        row = self.con.execute(
            "SELECT n_records FROM dedup_submissions WHERE submission_id = ?", [submission_id]
        ).fetchone()
        return int(row[0]) if row else 0


def _frame(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None
) -> pl.DataFrame:
    """Run a query and return its rows as a Polars DataFrame (via Arrow, no extra copy)."""
    frame = pl.from_arrow(con.sql(sql, params=params).to_arrow_table())
    assert isinstance(frame, pl.DataFrame)
    return frame


def _params_of(signatures: pl.DataFrame) -> str:
    """Return the sketch-parameter fingerprint of a signature table ('' when absent)."""
    if "sketch_params" not in signatures.columns or signatures.is_empty():
        return ""
    return str(signatures["sketch_params"][0])


def _exploded_bands(signatures: pl.DataFrame) -> pl.DataFrame:
    """Return one row per (record_id, band, band_key) for records that have band keys."""
    with_bands = signatures.filter(pl.col("band_keys").is_not_null()).select(
        "record_id", "band_keys"
    )
    indexed = with_bands.with_columns(
        band=pl.int_ranges(0, pl.col("band_keys").list.len(), dtype=pl.UInt16)
    )
    return indexed.explode(["band_keys", "band"]).rename({"band_keys": "band_key"})


def _estimate(pairs: pl.DataFrame) -> pl.Series:
    """Return the MinHash Jaccard estimate (share of equal positions) for each pair row."""
    if pairs.is_empty():
        return pl.Series("jaccard", [], dtype=pl.Float64)
    width = len(pairs["minhash"][0])
    mine = pairs["minhash"].explode().to_numpy().reshape(-1, width)
    prior = pairs["prior_minhash"].explode().to_numpy().reshape(-1, width)
    return pl.Series("jaccard", (mine == prior).mean(axis=1), dtype=pl.Float64)
