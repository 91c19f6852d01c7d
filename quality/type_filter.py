"""The type filter: records whose dataset-type check found them unusable get a `drop_reason`.

The type checks (`quality.types`) only tag records (`t_issue`). This step decides which issues
make a record unfit for the curated dataset: a pair that is misaligned or untranslated, an
instruction without a usable answer, a label outside the declared set, an NER span outside its
text. Issues that only measure the dataset (conflicting duplicates, suspected mislabels, class
balance) stay tags: the grader counts them, the owner sees them, the records stay.
"""

from __future__ import annotations

import polars as pl

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
    issue = pl.col("t_issue")
    from_type = pl.when(issue.is_in(sorted(DROPPING_TYPE_ISSUES))).then(issue)
    current = pl.col("drop_reason") if "drop_reason" in df.columns else pl.lit(None, pl.String)
    return df.with_columns(pl.coalesce(current, from_type).cast(pl.String).alias("drop_reason"))
