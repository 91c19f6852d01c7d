"""The one partitions definition: one dynamic partition per submission id."""

from __future__ import annotations

import dagster as dg

SUBMISSIONS_PARTITIONS_NAME = "submissions"

submission_partitions = dg.DynamicPartitionsDefinition(name=SUBMISSIONS_PARTITIONS_NAME)
