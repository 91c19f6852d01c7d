"""The SIMULATED reviewer of the demo: settles the items truth inference left uncertain.

Items still uncertain after `quality.audit.settle` go to a reviewer. With real annotators that is
a person in Label Studio (not automated yet: the report lists them as `needs_review`); in the
simulated demo a simulated reviewer answers from the same stand-in truth the simulated
annotators used (gold answers, else the config's first choice).
"""

from __future__ import annotations

import polars as pl

from pipelines.labelstudio.loop import simulated_truth
from quality.audit.simulate import simulate_adjudication
from quality.audit.summary import review_queue

__all__ = ["with_simulated_reviews"]


def _truth(sample: pl.DataFrame, queue: pl.DataFrame) -> pl.DataFrame:
    """(item, control, truth) of every queued item, from the simulated annotators' truth."""
    parts = []
    for (task, control), group in queue.group_by("audit_task", "control", maintain_order=True):
        part = sample.filter(pl.col("task_id").is_in(group["item"].implode()))
        truth = simulated_truth(part, task=str(task), control=str(control))
        parts.append(
            truth.join(part.select("record_id", item="task_id"), on="record_id").select(
                "item", control=pl.lit(str(control)), truth="truth"
            )
        )
    empty = pl.DataFrame(schema={"item": pl.Utf8, "control": pl.Utf8, "truth": pl.Utf8})
    return pl.concat(parts) if parts else empty


def with_simulated_reviews(annotations: pl.DataFrame, sample: pl.DataFrame) -> pl.DataFrame:
    """The annotations plus a simulated reviewer's answer (role `reviewer`) for every item
    still uncertain; keyed by `item` (the sample's task_id)."""
    keyed = annotations
    if "item" not in keyed.columns:
        keyed = keyed.with_columns(item=pl.col("task") + ":" + pl.col("record_id"))
    queue = review_queue(keyed, sample)
    reviews = simulate_adjudication(queue, _truth(sample, queue))
    base = keyed.select("item", "annotator", "control", "value", *(
        ["lead_time"] if "lead_time" in keyed.columns else []
    )).with_columns(role=pl.lit(None, dtype=pl.Utf8))  # fmt: skip
    return pl.concat([base, reviews], how="diagonal")
