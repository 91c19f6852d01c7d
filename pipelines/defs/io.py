"""The IO manager: each asset's value for a submission as one Parquet or JSON file.

Written on plain Polars and pydantic rather than dagster-polars, which fails on polars 2.x (see
ARCHITECTURE.md). A Polars DataFrame goes to `<asset>/<submission>.parquet`; a pydantic model
(`schemas.assets`, `Grade`, `Report` ...) to `<asset>/<submission>.json`, its
`model_dump(mode="json")` with sorted keys, so the file is the report section it becomes.

Which model to load is taken from the consumer's type annotation (`context.dagster_type
.typing_type`, which Dagster resolves from the asset's or check's parameter hints): the JSON
carries no class path, so a model can move module without rewriting stored values, and a
parameter annotated with anything that is not a model (e.g. `Any`) gets the plain JSON object.

Tables never need to be whole in the asset's process: a producer may return `TableParts` (Parquet
parts it wrote batch by batch), which are concatenated into the stored file by Polars' streaming
engine, and a consumer annotated `pl.LazyFrame` gets a `pl.scan_parquet` of the stored file, so it
reads only the columns and rows it asks for. Stored bytes do not depend on how the table came:
a DataFrame and the same rows in parts are written with the same options (`store_parts`).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl
from pydantic import BaseModel

from pipelines.storage import TABLE_SUFFIX, VALUE_SUFFIX, TableParts, asset_stem, assets_root

ROW_GROUP_ROWS = 5_000
"""Rows per row group of a stored table (the assets' batch size): a reader of a slice decodes
the row groups it touches (Polars' own default, 512², would hold 262,144 documents)."""


def store_frame(frame: pl.DataFrame, path: Path) -> None:
    """Write a whole table as the stored Parquet file (zstd, no statistics)."""
    frame.write_parquet(path, compression="zstd", statistics=False, row_group_size=ROW_GROUP_ROWS)


def scan_parts(parts: TableParts) -> pl.LazyFrame:
    """The table `parts` hold, as one scan (a column's type may differ between parts where a
    batch had only nulls: `vertical_relaxed`)."""
    return pl.concat([pl.scan_parquet(p) for p in parts.paths()], how="vertical_relaxed")


def store_parts(parts: TableParts, path: Path) -> int:
    """Concatenate `parts` into the stored Parquet file, streaming; remove them; return rows."""
    if not parts.paths():
        raise ValueError(f"no table parts in {parts.folder}: a producer writes at least one")
    table = scan_parts(parts)
    staged = path.with_suffix(".parquet.partial")
    table.sink_parquet(staged, compression="zstd", statistics=False, row_group_size=ROW_GROUP_ROWS)
    os.replace(staged, path)
    shutil.rmtree(parts.folder, ignore_errors=True)
    rows: int = pl.scan_parquet(path).select(pl.len()).collect().item()
    return rows


def value_json(obj: BaseModel) -> str:
    """The stored text of a model value: its JSON dump, keys sorted, one-space indent."""
    return json.dumps(obj.model_dump(mode="json"), ensure_ascii=False, sort_keys=True, indent=1)


def model_of(context: dg.InputContext) -> type[BaseModel] | None:
    """The pydantic model the consuming parameter is annotated with (None for anything else)."""
    wanted = context.dagster_type.typing_type
    return wanted if isinstance(wanted, type) and issubclass(wanted, BaseModel) else None


class SubmissionIOManager(dg.ConfigurableIOManager):
    """Stores one file per asset and submission under `<CORPUSGRADE_HOME>/assets`."""

    base_dir: str = ""

    def _root(self) -> Path:
        return Path(self.base_dir) if self.base_dir else assets_root()

    def _stem(self, key: dg.AssetKey, partition: str | None) -> Path:
        stem = asset_stem(tuple(key.path), partition or "__all__", root=self._root())
        stem.parent.mkdir(parents=True, exist_ok=True)
        return stem

    def handle_output(
        self, context: dg.OutputContext, obj: pl.DataFrame | TableParts | BaseModel
    ) -> None:
        """Write a DataFrame or table parts as Parquet, a pydantic model as canonical JSON."""
        partition = context.partition_key if context.has_partition_key else None
        stem = self._stem(context.asset_key, partition)
        if isinstance(obj, pl.DataFrame):
            stem.with_suffix(VALUE_SUFFIX).unlink(missing_ok=True)
            store_frame(obj, stem.with_suffix(TABLE_SUFFIX))
            context.add_output_metadata({"rows": obj.height})
        elif isinstance(obj, TableParts):
            stem.with_suffix(VALUE_SUFFIX).unlink(missing_ok=True)
            context.add_output_metadata({"rows": store_parts(obj, stem.with_suffix(TABLE_SUFFIX))})
        elif isinstance(obj, BaseModel):
            stem.with_suffix(TABLE_SUFFIX).unlink(missing_ok=True)
            stem.with_suffix(VALUE_SUFFIX).write_text(value_json(obj), encoding="utf-8")
        else:
            msg = (
                f"asset {context.asset_key.to_user_string()} returned a {type(obj).__name__}: "
                "assets return a Polars DataFrame, TableParts or a pydantic model"
            )
            raise TypeError(msg)

    def load_input(self, context: dg.InputContext) -> Any:
        """Read back what `handle_output` wrote, as the type the consumer is annotated with.

        A table goes to a `pl.LazyFrame` parameter as a scan (nothing read yet), else whole.
        """
        upstream = context.upstream_output
        key = context.asset_key
        partition = context.asset_partition_key if context.has_asset_partitions else None
        if partition is None and upstream is not None and upstream.has_partition_key:
            partition = upstream.partition_key
        stem = self._stem(key, partition)
        if stem.with_suffix(TABLE_SUFFIX).exists():
            if context.dagster_type.typing_type is pl.LazyFrame:
                return pl.scan_parquet(stem.with_suffix(TABLE_SUFFIX))
            return pl.read_parquet(stem.with_suffix(TABLE_SUFFIX))
        if stem.with_suffix(VALUE_SUFFIX).exists():
            value = json.loads(stem.with_suffix(VALUE_SUFFIX).read_text(encoding="utf-8"))
            model = model_of(context)
            return model.model_validate(value) if model is not None else value
        msg = f"asset {key.to_user_string()} has no stored value for submission {partition!r}"
        raise FileNotFoundError(msg)
