"""SIMULATED annotators answering several controls of one task in one annotation.

`pipelines.labelstudio.simulate` posts one control per task; the safety review needs both the
usability verdict and the GB/T 45654 `risk` question, from the same simulated annotator in the
same annotation, or the settled harm rate would have nothing to read. This module reuses that
module's users and task listing and leaves its posting logic alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import polars as pl
from label_studio_sdk.client import LabelStudio

from pipelines.labelstudio.client import NO_SDK_RETRY
from pipelines.labelstudio.configs import LabelConfig
from pipelines.labelstudio.simulate import (
    POST_WORKERS,
    assign_answers,
    ensure_simulated_users,
    project_tasks,
    unanswered,
)
from quality.audit.simulate import simulate_annotations

__all__ = ["simulate_project_controls"]


def _answers(
    tasks: pl.DataFrame,
    *,
    config: LabelConfig,
    truths: Mapping[str, pl.DataFrame],
    error_rates: Sequence[float],
    seed: int,
) -> pl.DataFrame:
    """(task_id, annotator, lead_time, control, value): same annotators, independent errors."""
    records = tasks.group_by("record_id").agg(double=pl.len() > 1)
    parts = []
    for offset, control in enumerate(sorted(truths)):
        sample = records.join(truths[control], on="record_id", how="inner").sort("record_id")
        answers = simulate_annotations(
            sample,
            annotators=len(error_rates),
            error_rates=error_rates,
            seed=seed,
            truth_column="truth",
            choices=config.choices(control),
            answer_seed=seed + 7919 * (offset + 1),
        )
        posted = unanswered(assign_answers(tasks, answers))  # answered tasks are never redone
        parts.append(posted.with_columns(control=pl.lit(control)))
    return pl.concat(parts).select("task_id", "annotator", "lead_time", "control", "value")


def _results(config: LabelConfig, answers: pl.DataFrame) -> pl.DataFrame:
    """One row per task: its annotator, lead time and the result list of every control."""
    return (
        answers.sort("task_id", "control")
        .group_by("task_id", maintain_order=True)
        .agg(
            annotator=pl.col("annotator").first(),
            lead_time=pl.col("lead_time").first(),
            controls=pl.col("control"),
            values=pl.col("value"),
            annotators=pl.col("annotator").n_unique(),
        )
    )


def simulate_project_controls(
    client: LabelStudio,
    *,
    project_id: int,
    config: LabelConfig,
    truths: Mapping[str, pl.DataFrame],
    error_rates: Sequence[float],
    seed: int,
) -> pl.DataFrame:
    """Post one simulated annotation per task answering every control in ``truths``.

    ``truths`` maps a Choices control to (record_id, truth). Returns the posted answers in long
    form (task_id, annotator, lead_time, control, value).
    """
    answers = _answers(
        project_tasks(client, project_id=project_id),
        config=config,
        truths=truths,
        error_rates=error_rates,
        seed=seed,
    )
    if answers.is_empty():
        return answers
    rows = _results(config, answers)
    if rows.filter(pl.col("annotators") > 1).height:
        raise RuntimeError("simulated controls of one task went to different annotators")
    users = ensure_simulated_users(client, annotators=len(error_rates))
    with ThreadPoolExecutor(max_workers=POST_WORKERS) as pool:
        list(pool.map(lambda row: _post(client, config, row, users), rows.iter_rows(named=True)))
    return answers


def _post(
    client: LabelStudio, config: LabelConfig, row: dict[str, Any], users: dict[str, int]
) -> None:
    """One annotation with every control's choice (never retried: it could post twice)."""
    result = [
        {
            "from_name": control,
            "to_name": config.interface.get_control(control).to_name[0],
            "type": "choices",
            "value": {"choices": [value]},
        }
        for control, value in zip(row["controls"], row["values"], strict=True)
    ]
    client.annotations.create(
        id=row["task_id"],
        completed_by=users[row["annotator"]],
        result=result,
        lead_time=row["lead_time"],
        request_options=NO_SDK_RETRY,
    )
