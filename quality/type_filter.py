"""The type filter: records whose dataset-type check found them unusable get a `drop_reason`.

The type checks (`quality.types`) only tag records (`t_issue`). This step decides which issues
make a record unfit for the curated dataset: a pair that is misaligned or untranslated, an
instruction without a usable answer, a label outside the declared set, an NER span outside its
text. Issues that only measure the dataset (conflicting duplicates, suspected mislabels, class
balance) stay tags: the grader counts them, the owner sees them, the records stay.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from quality.drop import mark_dropped

DROPPING_TYPE_ISSUES: frozenset[str] = frozenset(
    {
        "parallel_side_missing",
        "parallel_untranslated",
        "parallel_misaligned",
        "parallel_source_lang_mismatch",
        "parallel_target_lang_mismatch",
        "instruction_output_empty",
        "instruction_output_copies_prompt",
        "instruction_output_copies_input",
        "instruction_refusal",
        "instruction_truncated",
        "class_label_missing",
        "class_label_unknown",
        "ner_span_out_of_range",
        "ner_span_boundary",
        "ner_tag_sequence",
        "ner_token_offsets",
        "ner_label_unknown",
    }
)


def type_reason_expr(columns: Sequence[str]) -> pl.Expr:
    """The record's `t_issue` where that issue is a dropping one (null without `t_issue`)."""
    if "t_issue" not in columns:
        return pl.lit(None, pl.String)
    issue = pl.col("t_issue")
    return pl.when(issue.is_in(sorted(DROPPING_TYPE_ISSUES))).then(issue)


def apply_type_filter(df: pl.DataFrame) -> pl.DataFrame:
    """Set `drop_reason` to the record's `t_issue` where that issue is a dropping one.

    A reason already present (from the language-pack filters) stays: it is the first rule the
    record failed. Rows and order are kept.

    >>> df = pl.DataFrame({"t_issue": ["parallel_misaligned", "class_balance", None],
    ...                    "drop_reason": [None, None, "gopher_min_units"]})
    >>> apply_type_filter(df)["drop_reason"].to_list()
    ['parallel_misaligned', None, 'gopher_min_units']
    """
    if "t_issue" not in df.columns:
        return df
    return mark_dropped(df, type_reason_expr(df.columns))
