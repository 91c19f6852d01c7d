"""Instruction-data checks: empty/short/copied/truncated outputs, refusals, language, conflicts.

The output's language is compared with the language the task expects: the target of a
translation instruction ("Translate into Thai: …") or the language it asks the answer in ("Answer
in English: …"), else the manifest's declared `target_lang`, else the language of the instruction
and input. Each side (prompt = instruction + input, and output) gets its own language and script,
checked against the manifest's `source_lang` / `target_lang` where they are declared.
"""

from __future__ import annotations

import polars as pl

from quality.langid import LanguageIdentifier
from quality.scripts import script_expr
from quality.types import text_features as tf
from quality.types.issues import first_issue
from quality.types.lid import language_labels
from quality.types.translation import requested_language_expr, translation_target_expr

_MIN_OUTPUT_UNITS = 3
_MIN_LID_UNITS = 10
# Boilerplate refusals near the start of an answer, in en / zh / vi / th / id.
REFUSAL_PATTERN = (
    "(?i)^.{0,40}(?:"
    + "|".join(
        [
            r"i'?m sorry,? (?:but )?i (?:can(?:no|')t|am unable)",
            r"i (?:cannot|can't|am unable to|won't) (?:help|assist|provide|comply|answer)",
            r"as an ai(?: language model)?",
            r"(?:抱歉|对不起|對不起)[，,]?\s*(?:我)?(?:无法|無法|不能)",
            r"作为(?:一个)?(?:人工智能|ai|语言模型)|作為(?:一個)?(?:人工智慧|ai|語言模型)",
            r"我(?:无法|無法|不能)(?:提供|回答|协助|協助|帮助|幫助)",
            r"xin lỗi,? (?:nhưng )?tôi không thể",
            r"là một (?:mô hình ngôn ngữ|ai|trí tuệ nhân tạo)",
            r"tôi không thể (?:giúp|cung cấp|trả lời|hỗ trợ)",
            r"ขออภัย.{0,20}(?:ไม่สามารถ)",
            r"(?:ฉัน|ผม)ไม่สามารถ(?:ช่วย|ให้|ตอบ)",
            r"ในฐานะ(?:ที่เป็น)?\s*(?:ai|โมเดลภาษา|ปัญญาประดิษฐ์)",
            r"maaf,? (?:tetapi |tapi )?saya tidak (?:dapat|bisa)",
            r"sebagai (?:sebuah )?(?:ai|model bahasa)",
            r"saya tidak (?:dapat|bisa) (?:membantu|memberikan|menjawab)",
        ]
    )
    + ")"
)
_OPEN_ENDING = r"[,:;(\-–—]$"
_CLOSED_ENDING = r"[.!?。！？…\"'」』)\]}>*`~\p{Thai}\p{N}]$"


def check_instruction(
    df: pl.DataFrame,
    *,
    identifier: LanguageIdentifier | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> pl.DataFrame:
    """Add `t_` signals for instruction records and `t_issue` (first issue code, null = none).

    `source_lang` / `target_lang` are the manifest's declared prompt and output languages, if
    any; `t_{prompt,output}_lang_matches_declared` are null where a side has no declaration.
    """
    input_col = pl.col("input") if "input" in df.columns else pl.lit("")
    work = df.with_columns(
        _ni=pl.concat_str(
            [tf.normalized("instruction"), input_col.fill_null("")], separator=" "
        ).str.strip_chars(),
        _no=tf.normalized("output"),
        _nin=tf.normalized("input") if "input" in df.columns else pl.lit(""),
        _nins=tf.normalized("instruction"),
        t_translation_target=translation_target_expr(pl.col("instruction").fill_null("")),
        _requested=requested_language_expr(pl.col("instruction").fill_null("")),
    )
    work = work.with_columns(
        t_prompt_lang=pl.Series(
            language_labels(work["_ni"].to_list(), identifier=identifier), dtype=pl.Utf8
        ),
        t_output_lang=pl.Series(
            language_labels(work["_no"].to_list(), identifier=identifier), dtype=pl.Utf8
        ),
    )
    declared = pl.lit(target_lang, dtype=pl.Utf8)
    work = work.with_columns(
        _side_signals(source_lang=source_lang, target_lang=target_lang),
        t_expected_lang=pl.coalesce("_requested", declared, "t_prompt_lang"),
    )
    work = work.with_columns(_signals()).with_columns(t_issue=_issue_expr())
    return work.drop([c for c in work.columns if c.startswith("_")])


def _side_signals(*, source_lang: str | None, target_lang: str | None) -> list[pl.Expr]:
    """Script of each side, and whether each side's language is the declared one."""

    def matches(column: str, declared: str | None) -> pl.Expr:
        if declared is None:
            return pl.lit(None, dtype=pl.Boolean)
        return pl.col(column) == declared

    return [
        script_expr("_ni").alias("t_prompt_script"),
        script_expr("_no").alias("t_output_script"),
        matches("t_prompt_lang", source_lang).alias("t_prompt_lang_matches_declared"),
        matches("t_output_lang", target_lang).alias("t_output_lang_matches_declared"),
    ]


def _signals() -> list[pl.Expr]:
    prompt, output = pl.col("_ni"), pl.col("_no")
    units = tf.letter_units(output)
    long_prompt = prompt.str.len_chars() >= 20
    return [
        (output.str.len_chars() == 0).alias("t_output_empty"),
        ((units < _MIN_OUTPUT_UNITS) & (output.str.len_chars() > 0)).alias("t_output_short"),
        (
            (output.str.len_chars() > 0)
            & ((output == prompt) | (long_prompt & output.str.contains(prompt, literal=True)))
        ).alias("t_output_copies_prompt"),
        _copies_input().alias("t_output_copies_input"),
        _truncated(output).alias("t_truncated"),
        output.str.contains(REFUSAL_PATTERN).alias("t_refusal"),
        (
            (tf.letter_units(prompt) >= _MIN_LID_UNITS)
            & (units >= _MIN_LID_UNITS)
            & (pl.col("t_expected_lang") != pl.col("t_output_lang"))
        )
        .fill_null(False)
        .alias("t_lang_mismatch"),
        (output.n_unique().over(prompt) > 1).alias("t_conflicting_duplicate"),
    ]


def _copies_input() -> pl.Expr:
    """The output repeats the input or the instruction (after normalisation), e.g. an
    "answer" that echoes the text it was asked to translate or summarise."""
    output, given, instruction = pl.col("_no"), pl.col("_nin"), pl.col("_nins")
    echoes_input = (given.str.len_chars() > 0) & (output == given)
    echoes_instruction = (instruction.str.len_chars() > 0) & (output == instruction)
    return (output.str.len_chars() > 0) & (echoes_input | echoes_instruction)


def _truncated(output: pl.Expr) -> pl.Expr:
    """Open code fence, a dangling connector, or a long answer ending mid-sentence."""
    odd_fence = (output.str.count_matches("```") % 2) == 1
    dangling = output.str.contains(_OPEN_ENDING)
    mid_sentence = (output.str.len_chars() >= 200) & ~output.str.contains(_CLOSED_ENDING)
    return (odd_fence | dangling | mid_sentence) & (output.str.len_chars() > 0)


def _issue_expr() -> pl.Expr:
    return first_issue(
        [
            (pl.col("t_output_empty"), "instruction_output_empty"),
            (pl.col("t_refusal"), "instruction_refusal"),
            (pl.col("t_output_copies_prompt"), "instruction_output_copies_prompt"),
            (pl.col("t_output_copies_input"), "instruction_output_copies_input"),
            (pl.col("t_output_short"), "instruction_output_short"),
            (pl.col("t_truncated"), "instruction_truncated"),
            (pl.col("t_conflicting_duplicate"), "instruction_conflicting_duplicate"),
            (pl.col("t_lang_mismatch"), "instruction_lang_mismatch"),
        ]
    )
