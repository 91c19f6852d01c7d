"""The IO manager: each asset's value for a submission as one Parquet or JSON file.

Written on plain Polars and `json` rather than dagster-polars, which fails on polars 2.x (see
ARCHITECTURE.md). A Polars DataFrame goes to `<asset>/<submission>.parquet`, anything else
JSON-able to `<asset>/<submission>.json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl

from pipelines.storage import TABLE_SUFFIX, VALUE_SUFFIX, asset_stem, assets_root


class SubmissionIOManager(dg.ConfigurableIOManager):
    """Stores one file per asset and submission under `<CORPUSGRADE_HOME>/assets`."""

    base_dir: str = ""

    def _root(self) -> Path:
        return Path(self.base_dir) if self.base_dir else assets_root()

    def _stem(self, key: dg.AssetKey, partition: str | None) -> Path:
        stem = asset_stem(tuple(key.path), partition or "__all__", root=self._root())
        stem.parent.mkdir(parents=True, exist_ok=True)
        return stem

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        """Write a DataFrame as Parquet, anything else as canonical JSON."""
        partition = context.partition_key if context.has_partition_key else None
        stem = self._stem(context.asset_key, partition)
        if isinstance(obj, pl.DataFrame):
            stem.with_suffix(VALUE_SUFFIX).unlink(missing_ok=True)
            obj.write_parquet(stem.with_suffix(TABLE_SUFFIX), compression="zstd", statistics=False)
            context.add_output_metadata({"rows": obj.height})
        else:
            stem.with_suffix(TABLE_SUFFIX).unlink(missing_ok=True)
            text = json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=1)
            stem.with_suffix(VALUE_SUFFIX).write_text(text, encoding="utf-8")

    def load_input(self, context: dg.InputContext) -> Any:
        """Read back what `handle_output` wrote for the same asset and submission."""
        upstream = context.upstream_output
        key = context.asset_key
        partition = context.asset_partition_key if context.has_asset_partitions else None
        if partition is None and upstream is not None and upstream.has_partition_key:
            partition = upstream.partition_key
        stem = self._stem(key, partition)
        if stem.with_suffix(TABLE_SUFFIX).exists():
            return pl.read_parquet(stem.with_suffix(TABLE_SUFFIX))
        if stem.with_suffix(VALUE_SUFFIX).exists():
            return json.loads(stem.with_suffix(VALUE_SUFFIX).read_text(encoding="utf-8"))
        msg = f"asset {key.to_user_string()} has no stored value for submission {partition!r}"
        raise FileNotFoundError(msg)
