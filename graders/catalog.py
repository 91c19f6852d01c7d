"""The names a rubric file may use: measures behind indicators and the parameters of each gate.

Kept as plain data so the rubric loader can reject an unknown name before any grading runs, and
the indicator and gate modules can check at import that they implement exactly these names.
"""

from __future__ import annotations

__all__ = ["GATE_PARAMS", "LOOKUP_MEASURES", "RATIO_MEASURES"]

RATIO_MEASURES: frozenset[str] = frozenset(
    {
        "parse_rate",
        "expectations_pass",
        "completeness",
        "filter_drop_rate",
        "duplicate_rate",
        "audit_correctness",
        "label_accuracy",
        "agreement",
        "type_consistency",
        "language_consistency",
        "language_coverage",
        "doc_0101",
        "doc_0102",
        "doc_0103",
        "doc_0104",
        "maintenance_docs",
        "model_uplift",
    }
)
"""Measures that give a numerator over a denominator (or a declared value)."""

LOOKUP_MEASURES: frozenset[str] = frozenset(
    {"category", "language_scarcity", "priority_domain", "access_level", "licence_kind"}
)
"""Measures that give a key; the rubric's table turns the key into points."""

GATE_PARAMS: dict[str, frozenset[str]] = {
    "G1": frozenset({"max_missing_share"}),
    "G2": frozenset({"max_harmful_share", "min_items_per_source"}),
    "G3": frozenset(
        {
            "manual_min_items",
            "manual_min_pass",
            "auto_min_share",
            "auto_min_pass",
            "min_library_terms",
            "fail_below_library_terms",
        }
    ),
    "G4": frozenset({"max_residual_share", "max_in_sample"}),
    "G5": frozenset({"min_parse_share"}),
    "G6": frozenset({"min_items_per_section"}),
    "G7": frozenset(
        {
            "min_reviewed",
            "min_accuracy_lower",
            "min_agreement",
            "min_double_items",
            "min_double_share",
        }
    ),
    "G8": frozenset({"max_unflagged_generated"}),
}
"""Gate id -> the parameters its rule reads from the rubric."""
