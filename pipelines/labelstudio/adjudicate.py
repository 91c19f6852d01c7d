"""The SIMULATED reviewer of the demo: settles the items truth inference left uncertain.

Items still uncertain after `quality.audit.settle` go to a reviewer. With real annotators that is
a person answering the review project in Label Studio (`pipelines.labelstudio.review`; items
nobody reviewed yet stay `needs_review` in the report); in the simulated demo a simulated
reviewer answers from the same stand-in truth the simulated annotators used (gold answers, else
the config's first choice). Both give rows with role `reviewer`.
"""

from __future__ import annotations

import polars as pl

from pipelines.home import record_id_key
from pipelines.labelstudio.loop import simulated_truth
from quality.audit.simulate import simulate_adjudication
from quality.audit.summary import review_queue
from quality.pii import public_record_ids

__all__ = ["with_simulated_reviews"]


def _truth(sample: pl.DataFrame, queue: pl.DataFrame, *, key: bytes) -> pl.DataFrame:
    """(item, control, truth) of every queued item, from the simulated annotators' truth."""
    parts = []
    for (task, control), group in queue.group_by("audit_task", "control", maintain_order=True):
        part = sample.filter(pl.col("task_id").is_in(group["item"].implode()))
        truth = simulated_truth(part, task=str(task), control=str(control), key=key)
        # simulated_truth keys by PUBLIC record id (a keyed surrogate where the id holds PII)
        public = part.select(public_record_ids(key=key).alias("record_id"), item="task_id")
        parts.append(
            truth.join(public, on="record_id").select(
                "item", control=pl.lit(str(control)), truth="truth"
            )
        )
    empty = pl.DataFrame(schema={"item": pl.Utf8, "control": pl.Utf8, "truth": pl.Utf8})
    return pl.concat(parts) if parts else empty


def with_simulated_reviews(
    annotations: pl.DataFrame, sample: pl.DataFrame, *, key: bytes | None = None
) -> pl.DataFrame:
    """The annotations plus a simulated reviewer's answer (role `reviewer`) for every item
    still uncertain; keyed by `item` (the sample's task_id). `key`: the workspace's record-id
    key (default: the one under `CORPUSGRADE_HOME`)."""
    keyed = annotations
    if "item" not in keyed.columns:
        keyed = keyed.with_columns(item=pl.col("task") + ":" + pl.col("record_id"))
    queue = review_queue(keyed, sample)
    reviews = simulate_adjudication(
        queue, _truth(sample, queue, key=record_id_key() if key is None else key)
    )
    optional = [name for name in ("lead_time", "role") if name in keyed.columns]
    base = keyed.select("item", "annotator", "control", "value", *optional)
    if "role" not in base.columns:  # a real reviewer's answers (role `reviewer`) stay as they are
        base = base.with_columns(role=pl.lit(None, dtype=pl.Utf8))
    return pl.concat([base, reviews], how="diagonal")
