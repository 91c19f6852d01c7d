"""The content fingerprint that identifies a dataset in the award ledger, whatever its name.

It hashes the set of the survivors' stable per-record hashes (for example the exact-duplicate
keys of `quality.dedup.exact`), so renaming, reordering or re-filing the same data gives the same
fingerprint while any added or changed record changes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

__all__ = ["content_fingerprint"]


def content_fingerprint(record_hashes: Iterable[str]) -> str:
    """SHA-256 over the sorted distinct per-record hashes, as hex.

    >>> content_fingerprint(["b", "a", "a"]) == content_fingerprint(["a", "b"])
    True
    """
    digest = hashlib.sha256()
    for value in sorted(set(record_hashes)):
        digest.update(value.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()
