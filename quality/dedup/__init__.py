"""Deduplication: exact, near-duplicate (MinHash LSH, verified) and across submissions.

Public API: `DedupParams`, `find_duplicates` -> `DedupResult`, `add_prior_matches`,
`summarize_dedup`, and `DedupBackend` / `LocalBackend` (where sketching and LSH run). The
registry that stores signatures across submissions is I/O and lives in `pipelines.registry`.
"""

from __future__ import annotations

from quality.dedup.backend import DedupBackend, LocalBackend
from quality.dedup.find import DedupResult, find_duplicates
from quality.dedup.params import DedupParams
from quality.dedup.summary import MATCH_SCHEMA, add_prior_matches, summarize_dedup

__all__ = [
    "MATCH_SCHEMA",
    "DedupBackend",
    "DedupParams",
    "DedupResult",
    "LocalBackend",
    "add_prior_matches",
    "find_duplicates",
    "summarize_dedup",
]
