"""Where each asset value of a submission lives: `<home>/assets/<asset>/<submission>.<ext>`.

The one owner of that layout: the IO manager writes there, and the runner's export, the audit
CLI and `corpusgrade verify` find values through these functions. A DataFrame is stored as
`.parquet`, anything else as `.json` (`pipelines.defs.io`). Light on imports: the CLI uses it.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.home import corpusgrade_home

ASSETS_FOLDER = "assets"
TABLE_SUFFIX = ".parquet"
VALUE_SUFFIX = ".json"


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
