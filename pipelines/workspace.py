"""The workspace: one owner of a CORPUSGRADE_HOME's paths, its registry and its award ledger.

The assets reach the home folder only through a `Workspace` (the Dagster resource
`pipelines.defs.resources.WorkspaceResource` makes one per step), so a test or `corpusgrade
verify` can point a whole run at another home. The registry and the ledger share one DuckDB
file; `Registry` and `Ledger` are the only code that runs SQL on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipelines import home as paths
from pipelines.ledger import Ledger
from pipelines.registry import Registry
from pipelines.storage import assets_root

__all__ = ["Workspace"]


@dataclass(frozen=True)
class Workspace:
    """A workspace folder and what lives in it.

    Example::

        workspace = Workspace.current()
        with workspace.registry() as registry:
            matches = registry.match("sub-2", signatures)
        entries = workspace.ledger().entries()
    """

    home: Path

    @classmethod
    def current(cls) -> Workspace:
        """The workspace of `CORPUSGRADE_HOME` (default `./.corpusgrade`)."""
        return cls(paths.corpusgrade_home())

    @classmethod
    def at(cls, home: str | Path | None) -> Workspace:
        """The workspace at `home`, made if absent; the current one when `home` is empty."""
        if not home:
            return cls.current()
        folder = Path(home).expanduser().resolve()
        folder.mkdir(parents=True, exist_ok=True)
        return cls(folder)

    @property
    def registry_file(self) -> Path:
        """The DuckDB file of the dedup registry and the award ledger."""
        return paths.registry_path(self.home)

    @property
    def assets_root(self) -> Path:
        """The folder of the stored asset values."""
        return assets_root(self.home)

    def registry(self) -> Registry:
        """The dedup registry (open it with `with`: one writer at a time)."""
        return Registry(self.registry_file)

    def ledger(self) -> Ledger:
        """The append-only award ledger."""
        return Ledger(self.registry_file)

    def outputs_dir(self, submission_id: str) -> Path:
        """The folder of a submission's reports and curated export (made if absent)."""
        return paths.outputs_dir(submission_id, self.home)

    def submission_folder(self, submission_id: str) -> Path:
        """The folder a submission was registered from (or `inbox/<id>`)."""
        return paths.submission_folder(submission_id, self.home)

    def record_id_key(self) -> bytes:
        """The secret of the record-id surrogates (`CORPUSGRADE_RECORD_ID_KEY` wins)."""
        return paths.record_id_key(self.home)

    def record_id_key_fingerprint(self) -> str:
        """A short public hash of the record-id key, for `envelope.json`."""
        return paths.record_id_key_fingerprint(self.record_id_key())

    def keyword_library_path(self) -> Path | None:
        """The operator's safety keyword library (`CORPUSGRADE_SAFETY_KEYWORDS`), if set."""
        return paths.keyword_library_path()
