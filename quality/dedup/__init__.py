"""Deduplication: exact, near-duplicate (MinHash LSH, verified) and across submissions.

Public API: `DedupParams`, `find_duplicates` -> `DedupResult`, `add_prior_matches`,
`summarize_dedup`. The registry that stores signatures across submissions is I/O and lives in
`pipelines.registry`.
"""

from __future__ import annotations

from quality.dedup.find import DedupResult, find_duplicates
from quality.dedup.params import DedupParams

__all__ = ["DedupParams", "DedupResult", "find_duplicates"]
