"""Where each asset value of a submission lives: `<home>/assets/<asset>/<submission>.<ext>`.

The one owner of that layout: the IO manager writes there, and the runner's export, the audit
CLI and `corpusgrade verify` find values through these functions. A DataFrame is stored as
`.parquet`, anything else as `.json` (`pipelines.defs.io`). Light on imports: the CLI uses it.

A table asset may also be written part by part: the asset writes Parquet parts into
`parts_folder(...)` (under `<home>/assets/.parts`) and returns `TableParts`; the IO manager then
stores them as the asset's one Parquet file and removes the folder.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pipelines.home import corpusgrade_home

ASSETS_FOLDER = "assets"
TABLE_SUFFIX = ".parquet"
VALUE_SUFFIX = ".json"
PARTS_FOLDER = ".parts"
PART_GLOB = "part-*.parquet"


def assets_root(home: Path | None = None) -> Path:
    """The folder holding every asset value (under `home`, default the workspace)."""
    return (home if home is not None else corpusgrade_home()) / ASSETS_FOLDER


def asset_stem(asset: str | tuple[str, ...], submission: str, *, root: Path | None = None) -> Path:
    """The asset value's path without suffix (`asset` may be a multi-part asset key)."""
    parts = (asset,) if isinstance(asset, str) else asset
    return (root if root is not None else assets_root()).joinpath(*parts) / submission


def asset_table(asset: str, submission: str, *, home: Path | None = None) -> Path:
    """The Parquet file of a table asset (whether or not it exists yet)."""
    return asset_stem(asset, submission, root=assets_root(home)).with_suffix(TABLE_SUFFIX)


def asset_file(asset: str, submission: str) -> Path:
    """The stored file of an asset value: its Parquet if there is one, else its JSON."""
    parquet = asset_table(asset, submission)
    return parquet if parquet.exists() else parquet.with_suffix(VALUE_SUFFIX)


@dataclass(frozen=True)
class TableParts:
    """A table asset's value written part by part: `folder`'s `part-NNNNN.parquet`, in order.

    Returned by an asset instead of a DataFrame so that the table is never whole in memory; the
    IO manager concatenates the parts (streaming) into the asset's Parquet file.
    """

    folder: Path

    def paths(self) -> list[Path]:
        """The parts, in table order: by number (past 99,999 the name has more digits, so a
        sort by name would misplace it)."""
        return sorted(self.folder.glob(PART_GLOB), key=lambda p: int(p.stem.removeprefix("part-")))

    def next_path(self) -> Path:
        """The path of the part after the last one written."""
        return self.folder / f"part-{len(self.paths()):05d}.parquet"


def parts_folder(asset: str, submission: str, *, root: Path | None = None) -> TableParts:
    """An empty folder for the parts of `asset`'s table for `submission` (cleared if present)."""
    folder = (root if root is not None else assets_root()) / PARTS_FOLDER / asset / submission
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return TableParts(folder)
