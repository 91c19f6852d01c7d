"""Agreement and accuracy metrics for the human audit: the one import the pipeline needs.

Every metric takes plain Polars tables in long form (item, annotator, value); the pieces live in
``quality.audit`` (one concern per module) and are gathered here.
"""

from __future__ import annotations

from quality.audit.accuracy import per_annotator_gold_accuracy
from quality.audit.adjudicate import adjudicate
from quality.audit.edits import normalized_edit_distance
from quality.audit.krippendorff import krippendorff_alpha
from quality.audit.nominal import cohen_kappa, fleiss_kappa, percent_agreement
from quality.audit.spans import span_f1
from quality.audit.summary import gold_answers, summarize_audit

__all__ = [
    "adjudicate",
    "cohen_kappa",
    "fleiss_kappa",
    "gold_answers",
    "krippendorff_alpha",
    "normalized_edit_distance",
    "per_annotator_gold_accuracy",
    "percent_agreement",
    "span_f1",
    "summarize_audit",
]
