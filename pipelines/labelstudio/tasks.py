"""Turn an audit sample into Label Studio task dicts (pure: no server, no I/O).

Each sampled record becomes one task per copy (double-annotated records get two copies, each
answered by a different annotator). Task data hold only masked text: a config variable `v` is
filled from the sample's `v_masked` column; only the plain fields in `PLAIN_FIELDS` (labels, not
text) are taken as they are. Gold flags go into the task's `meta`, which annotators do not see.
Record ids are text too: tasks carry `quality.pii.public_record_id` (a masked surrogate, keyed
with the workspace's secret `pipelines.home.record_id_key`, for an id holding PII), and
`restore_record_ids` maps pulled rows back to the sample's ids with the same key.



Two exceptions to the naming rule. Label Studio's labeling view resolves `$source` to the whole
task (id, data, meta with the gold flag) instead of the data field, so the translation config
reads `$source_text`, filled from `source_masked` (`VARIABLE_COLUMNS`). And `$label_options`
(the label-correction choices of the classification config) is built from the sample's
`label_set` column (the manifest's label set) plus every label seen in the sample.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from pipelines.home import record_id_key
from pipelines.labelstudio.configs import LabelConfig
from quality.pii import public_record_id, public_record_ids
from schemas.errors import CorpusgradeError

EXTERNAL_ID = "corpusgrade_id"
PLAIN_FIELDS = frozenset({"label", "source_lang", "target_lang"})
VARIABLE_COLUMNS = {"source_text": "source_masked"}
"""Config variables named apart from their column (`$source` shows the whole task in LS)."""
LABEL_OPTIONS = "label_options"
MODEL_VERSION = "corpusgrade-submission"
REVIEW_SUFFIX = ".review"
"""Ends the audit task part of a review project's title (`pipelines.labelstudio.review`)."""


class SampleError(CorpusgradeError, ValueError):
    """The audit sample lacks a column its label config needs."""


def project_title(submission: str, task: str) -> str:
    """One project per submission and audit task."""
    return f"corpusgrade:{submission}:{task}"


def data_columns(config: LabelConfig, columns: list[str]) -> dict[str, str]:
    """Map each config variable to the sample column that fills it (masked text only)."""
    mapping: dict[str, str] = {}
    for variable in config.variables:
        if variable == LABEL_OPTIONS:
            continue
        if VARIABLE_COLUMNS.get(variable) in columns:
            mapping[variable] = VARIABLE_COLUMNS[variable]
        elif f"{variable}_masked" in columns:
            mapping[variable] = f"{variable}_masked"
        elif variable in PLAIN_FIELDS and variable in columns:
            mapping[variable] = variable
        else:
            message = (
                f"audit task {config.task!r} needs column {variable}_masked in the audit sample "
                "(only masked text is sent to Label Studio)"
            )
            raise SampleError(message)
    return mapping


def with_copies(sample: pl.DataFrame) -> pl.DataFrame:
    """One row per (record, copy): two copies where `double` is true, else one."""
    double = pl.col("double").fill_null(False) if "double" in sample.columns else pl.lit(False)
    return (
        sample.with_columns(copy=pl.when(double).then(pl.lit([0, 1])).otherwise(pl.lit([0])))
        .explode("copy")
        .with_columns(pl.col("copy").cast(pl.Int64))
    )


def external_ids(
    frame: pl.DataFrame, *, submission: str, task: str, key: bytes | None = None
) -> pl.Expr:
    """`<submission>:<task>:<record_id>:<copy>`: stable across runs, so imports are idempotent."""
    prefix = f"{submission}:{task}:"
    public = public_record_ids(key=record_id_key() if key is None else key)
    return pl.concat_str([pl.lit(prefix), public, pl.lit(":"), pl.col("copy").cast(pl.Utf8)])


def restore_record_ids(
    frame: pl.DataFrame, sample: pl.DataFrame, *, key: bytes | None = None
) -> pl.DataFrame:
    """`frame` (pulled rows with a `record_id` as tasks carried it) with the sample's own ids.

    `key` defaults to the workspace's record-id key: the one the tasks were built with.
    """
    key = record_id_key() if key is None else key
    ids = sample["record_id"].cast(pl.Utf8).unique().to_list()
    lookup = {public: rid for rid in ids if (public := public_record_id(rid, key=key)) != rid}
    if not lookup or "record_id" not in frame.columns:
        return frame
    return frame.with_columns(pl.col("record_id").replace(lookup))


def build_tasks(
    sample: pl.DataFrame, config: LabelConfig, *, submission: str, key: bytes | None = None
) -> list[dict[str, Any]]:
    """The task dicts to import, in sample order, each with data, meta and pre-annotations.

    `key` (default: the workspace's record-id key) keys the surrogates of ids holding PII.
    """
    key = record_id_key() if key is None else key
    mapping = data_columns(config, sample.columns)
    rows = with_copies(sample)
    gold = pl.col("is_gold").fill_null(False) if "is_gold" in rows.columns else pl.lit(False)
    frame = rows.select(
        data=pl.struct(
            *[pl.col(column).fill_null("").alias(name) for name, column in mapping.items()],
            public_record_ids(key=key).alias("record_id"),
            external_ids(rows, submission=submission, task=config.task, key=key).alias(EXTERNAL_ID),
        ),
        meta=pl.struct(
            public_record_ids(key=key).alias("record_id"), pl.col("copy"), gold.alias("is_gold")
        ),
    )
    tasks = frame.to_dicts()
    if LABEL_OPTIONS in config.variables:
        options = [{"value": label} for label in label_options(sample)]
        for task in tasks:
            task["data"][LABEL_OPTIONS] = options
    if config.task == "ner" and "entities" in rows.columns:
        _add_span_predictions(tasks, rows, config)
    return tasks


def label_options(sample: pl.DataFrame) -> list[str]:
    """The labels an annotator may correct to: the declared label set, then any other seen."""
    declared: list[str] = []
    if "label_set" in sample.columns:
        declared = [str(v) for v in sample["label_set"].explode().drop_nulls().to_list()]
    seen = sample["label"].drop_nulls().cast(pl.Utf8).to_list() if "label" in sample.columns else []
    extra = sorted(set(seen) - set(declared))
    options = list(dict.fromkeys([*declared, *extra]))
    if not options:
        message = (
            f"audit sample has neither a label_set nor a label column: the {LABEL_OPTIONS} "
            "choices of the classification config would be empty"
        )
        raise SampleError(message)
    return options


def _add_span_predictions(
    tasks: list[dict[str, Any]], rows: pl.DataFrame, config: LabelConfig
) -> None:
    """Pre-annotate NER tasks with the submission's own spans, so reviewers only fix errors.

    Spans are taken from `entities_masked` when the sample has it (offsets in masked text),
    else from `entities`; spans outside the text or with a label the config lacks are left out.
    """
    column = "entities_masked" if "entities_masked" in rows.columns else "entities"
    allowed = set(config.choices("entities"))
    for task, spans in zip(tasks, rows[column].to_list(), strict=True):
        text = task["data"]["text"]
        result = [
            {
                "from_name": "entities",
                "to_name": "text",
                "type": "labels",
                "value": {
                    "start": span["start"],
                    "end": span["end"],
                    "text": text[span["start"] : span["end"]],
                    "labels": [span["label"]],
                },
            }
            for span in spans or []
            if span["label"] in allowed and 0 <= span["start"] < span["end"] <= len(text)
        ]
        if result:
            task["predictions"] = [{"model_version": MODEL_VERSION, "result": result}]
