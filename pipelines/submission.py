"""A submission's identity: its content fingerprint and the seed derived from it.

Random choices (audit samples, MinHash permutations) take their seed from the fingerprint, never
from the clock, so the same submission gives the same report (see ARCHITECTURE.md,
Reproducibility).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def content_fingerprint(file_sha256s: Iterable[str]) -> str:
    """SHA-256 over the sorted SHA-256s of the data files: the data, whatever its name or owner."""
    digest = hashlib.sha256()
    for value in sorted(file_sha256s):
        digest.update(value.encode("ascii"))
    return digest.hexdigest()


def submission_hash(manifest_sha256: str, file_sha256s: Iterable[str]) -> str:
    """SHA-256 over the manifest's and the data files' hashes: this exact submission."""
    digest = hashlib.sha256(manifest_sha256.encode("ascii"))
    digest.update(content_fingerprint(file_sha256s).encode("ascii"))
    return digest.hexdigest()


def derive_seed(submission_sha256: str, *, salt: str = "") -> int:
    """A 63-bit seed from the submission hash (and a salt such as the rubric hash)."""
    digest = hashlib.sha256(f"{submission_sha256}:{salt}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1
