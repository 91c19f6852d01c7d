"""Great Expectations suites per dataset type, run on a typed record table.

GX 1.x has no Polars source and `dagster-ge` needs GX < 1, so each run builds an ephemeral context
with a pandas data source and validates `df.to_pandas()`. Every expectation is either a gate
(schema, ids, broken records: a rubric gate, blocking) or a quality rate with a threshold.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import polars as pl

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx
from great_expectations.data_context.types.base import ProgressBarsConfig

MAX_IDS = 5

# Default maximum share of records allowed to carry each flag (quality rates, not gates).
DEFAULT_THRESHOLDS: dict[str, float] = {
    "t_misaligned": 0.05,
    "t_untranslated": 0.02,
    "t_src_lang_mismatch": 0.05,
    "t_tgt_lang_mismatch": 0.05,
    "t_output_empty": 0.01,
    "t_output_short": 0.05,
    "t_output_copies_prompt": 0.02,
    "t_output_copies_input": 0.02,
    "t_truncated": 0.05,
    "t_refusal": 0.02,
    "t_lang_mismatch": 0.05,
    "t_conflicting_duplicate": 0.02,
    "t_near_conflict": 0.05,
    "t_mislabel_suspect": 0.10,
    "t_label_unknown": 0.0,
    "t_boundary_errors": 0.02,
    "t_span_overlaps": 0.02,
    "t_tag_errors": 0.02,
}
TYPE_COLUMNS: dict[str, tuple[str, ...]] = {
    "text_corpus": ("text",),
    "classification": ("text", "label"),
    "ner": ("text", "entities"),
    "instruction": ("instruction", "output"),
    "parallel_corpus": ("source", "target"),
}
# Flags whose presence on any record fails a gate (broken records, not quality judgements).
GATE_FLAGS: dict[str, tuple[str, ...]] = {
    "parallel_corpus": ("t_side_missing", "t_lang_code_unknown"),
    "classification": ("t_label_missing", "t_label_mixed_type"),
    "ner": ("t_span_errors", "t_token_offsets"),
    "instruction": (),
    "text_corpus": (),
}
RATE_FLAGS: dict[str, tuple[str, ...]] = {
    "parallel_corpus": (
        "t_misaligned",
        "t_untranslated",
        "t_src_lang_mismatch",
        "t_tgt_lang_mismatch",
    ),
    "instruction": (
        "t_output_empty",
        "t_output_short",
        "t_output_copies_prompt",
        "t_output_copies_input",
        "t_truncated",
        "t_refusal",
        "t_lang_mismatch",
        "t_conflicting_duplicate",
    ),
    "classification": (
        "t_label_unknown",
        "t_conflicting_duplicate",
        "t_near_conflict",
        "t_mislabel_suspect",
    ),
    "ner": ("t_label_unknown", "t_boundary_errors", "t_span_overlaps", "t_tag_errors"),
    "text_corpus": (),
}


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's result, as stored in report.json and shown on the asset check."""

    name: str
    gate: bool
    success: bool
    observed_value: Any
    unexpected_count: int | None
    unexpected_record_ids: tuple[str, ...]
    observed_share: float | None = None
    """Share of records failing (unexpected / checked); `observed_value` is GX's percent."""
    max_share: float | None = None
    """The threshold in the same unit: the largest share of failing records allowed."""


def run_suite(
    df: pl.DataFrame, *, dataset_type: str, thresholds: Mapping[str, float] | None = None
) -> list[ExpectationOutcome]:
    """Validate the typed record table against the dataset type's suite (gates, then rates)."""
    if dataset_type not in TYPE_COLUMNS:
        message = f"unknown dataset_type {dataset_type!r}; expected one of {sorted(TYPE_COLUMNS)}"
        raise ValueError(message)
    limits = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    frame = _flag_frame(df, dataset_type=dataset_type)
    planned = _plan(frame, dataset_type=dataset_type, limits=limits)
    if not planned:
        return []
    results = _validate(frame, [expectation for _, _, expectation in planned])
    return [
        _outcome(name, gate, result)
        for (name, gate, _), result in zip(planned, results, strict=True)
    ]


def summarize_expectations(outcomes: list[ExpectationOutcome]) -> dict[str, Any]:
    """The report's `expectations` section: counts, gate status and every outcome."""
    failed_gates = sorted(o.name for o in outcomes if o.gate and not o.success)
    return {
        "evaluated": len(outcomes),
        "passed": sum(o.success for o in outcomes),
        "failed": sorted(o.name for o in outcomes if not o.success),
        "gates_passed": not failed_gates,
        "failed_gates": failed_gates,
        "results": [_jsonable(asdict(o)) for o in sorted(outcomes, key=lambda o: o.name)],
    }


def suite_columns(columns: Sequence[str], dataset_type: str) -> list[str]:
    """The ones of `columns` the dataset type's suite reads (ids, the type's columns, its flags):
    a caller may load only these; a missing one stays missing (the suite fails its gate)."""
    flags = (*GATE_FLAGS[dataset_type], *RATE_FLAGS[dataset_type], "t_issue")
    wanted = ("record_id", *TYPE_COLUMNS[dataset_type], *flags)
    present = set(columns)
    return [c for c in dict.fromkeys(wanted) if c in present]


def _flag_frame(df: pl.DataFrame, *, dataset_type: str) -> pl.DataFrame:
    """record_id, the type columns as text, and every flag as Boolean (counts > 0)."""
    df = df.select(suite_columns(df.columns, dataset_type))  # what `suite_columns` names, only
    flags = [
        c
        for c in (*GATE_FLAGS[dataset_type], *RATE_FLAGS[dataset_type], "t_issue")
        if c in df.columns
    ]
    text_columns = [c for c in TYPE_COLUMNS[dataset_type] if c in df.columns]
    exprs = [
        pl.col(c).cast(pl.Utf8) if c != "entities" else pl.col(c).is_not_null()
        for c in text_columns
    ]
    flag_exprs = [_as_flag(df, c) for c in flags]
    base = [pl.col("record_id").cast(pl.Utf8)] if "record_id" in df.columns else []
    return df.select(*base, *exprs, *flag_exprs)


def _as_flag(df: pl.DataFrame, column: str) -> pl.Expr:
    dtype = df.schema[column]
    if column == "t_issue":
        return pl.col(column).is_not_null().alias("t_has_issue")
    if dtype == pl.Boolean:
        return pl.col(column).fill_null(False)
    return (pl.col(column).fill_null(0) > 0).alias(column)


def _plan(
    frame: pl.DataFrame, *, dataset_type: str, limits: Mapping[str, float]
) -> list[tuple[str, bool, Any]]:
    """(name, gate, expectation) triples; a missing type column is itself a failed gate."""
    expected = ["record_id", *TYPE_COLUMNS[dataset_type]]
    planned: list[tuple[str, bool, Any]] = [
        (
            "columns_present",
            True,
            gx.expectations.ExpectTableColumnsToMatchSet(column_set=expected, exact_match=False),
        )
    ]
    if "record_id" in frame.columns:
        planned.append(
            (
                "record_id_unique",
                True,
                gx.expectations.ExpectColumnValuesToBeUnique(column="record_id"),
            )
        )
        planned.append(
            (
                "record_id_not_null",
                True,
                gx.expectations.ExpectColumnValuesToNotBeNull(column="record_id"),
            )
        )
    for column in TYPE_COLUMNS[dataset_type]:
        if column in frame.columns:
            planned.append(
                (
                    f"{column}_not_null",
                    True,
                    gx.expectations.ExpectColumnValuesToNotBeNull(column=column),
                )
            )
    for flag in GATE_FLAGS[dataset_type]:
        if flag in frame.columns:
            planned.append((f"{flag}_none", True, _flag_at_most(flag, 0.0)))
    for flag in RATE_FLAGS[dataset_type]:
        if flag in frame.columns:
            planned.append((f"{flag}_rate", False, _flag_at_most(flag, limits[flag])))
    return planned


def _flag_at_most(column: str, share: float) -> Any:
    """Flag False on at least 1 - share of records; failing records name their record_id."""
    mostly = min(max(1.0 - share, 0.0), 1.0)
    return gx.expectations.ExpectColumnValuesToBeInSet(
        column=column, value_set=[False], mostly=mostly
    )


def _validate(frame: pl.DataFrame, expectations: list[Any]) -> list[Any]:
    """Run the expectations through an ephemeral context on a pandas frame."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas("typed_records")
    batch_definition = source.add_dataframe_asset("records").add_batch_definition_whole_dataframe(
        "all"
    )
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame.to_pandas()})
    suite = gx.ExpectationSuite(name="typed_records")
    for expectation in expectations:
        suite.add_expectation(expectation)
    index_columns = ["record_id"] if "record_id" in frame.columns else []
    result = batch.validate(
        suite,
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": index_columns},
    )
    by_key = {_key(r.expectation_config): r for r in result.results}
    return [by_key[_key(e.configuration)] for e in expectations]


def _key(config: Any) -> tuple[str, str | None]:
    """Each planned expectation is unique by its type and column."""
    return (str(config.type), config.kwargs.get("column"))


def _outcome(name: str, gate: bool, result: Any) -> ExpectationOutcome:
    details = result.result or {}
    indices = details.get("unexpected_index_list") or []
    ids = tuple(
        str(i["record_id"]) for i in indices[:MAX_IDS] if isinstance(i, dict) and "record_id" in i
    )
    observed = details.get("observed_value", details.get("unexpected_percent"))
    count = details.get("unexpected_count")
    checked = details.get("element_count")
    mostly = result.expectation_config.kwargs.get("mostly")
    return ExpectationOutcome(
        name=name,
        gate=gate,
        success=bool(result.success),
        observed_value=_jsonable(observed),
        unexpected_count=None if count is None else int(count),
        unexpected_record_ids=ids,
        observed_share=round(count / checked, 6) if count is not None and checked else None,
        max_share=round(1.0 - (1.0 if mostly is None else mostly), 6) if checked else None,
    )


def _jsonable(value: Any) -> Any:
    """Plain JSON types with floats rounded to 6 places (numpy scalars unwrapped)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float):
        return round(value, 6)
    return value
