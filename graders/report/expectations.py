"""The report's failed Great Expectations results, observed value and threshold in one unit.

GX reports a rate expectation's observed value as a percentage while its threshold is a share;
the report section (`quality.expectations`) now stores both as shares (`observed_share`,
`max_share`). Reports written before that carry only the percentage, which is converted here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graders.report.i18n import Lang

__all__ = ["EXPECTATION_NAMES", "expectation_name", "failed_expectations"]

EXPECTATION_NAMES: dict[str, dict[str, str]] = {
    "columns_present": {"zh": "必需的列齐全", "en": "Required columns present"},
    "record_id_unique": {"zh": "记录编号唯一", "en": "Record ids unique"},
    "record_id_not_null": {"zh": "记录编号非空", "en": "Record ids present"},
    "t_label_unknown": {"zh": "标签不在申报的标签集中", "en": "Label not in the declared set"},
    "t_label_missing": {"zh": "缺少标签", "en": "Label missing"},
    "t_label_mixed_type": {"zh": "标签类型混杂", "en": "Labels of mixed types"},
    "t_conflicting_duplicate": {
        "zh": "相同文本标签冲突",
        "en": "Same text with conflicting labels",
    },
    "t_near_conflict": {"zh": "近似文本标签冲突", "en": "Near-same text, conflicting labels"},
    "t_mislabel_suspect": {"zh": "疑似标注错误", "en": "Suspected wrong label"},
    "t_misaligned": {"zh": "译文对未对齐", "en": "Misaligned pair"},
    "t_untranslated": {"zh": "未翻译", "en": "Not translated"},
    "t_src_lang_mismatch": {"zh": "源语言不符", "en": "Source language mismatch"},
    "t_tgt_lang_mismatch": {"zh": "目标语言不符", "en": "Target language mismatch"},
    "t_side_missing": {"zh": "译文对缺少一侧", "en": "Pair side missing"},
    "t_lang_code_unknown": {"zh": "语种代码未知", "en": "Unknown language code"},
    "t_output_empty": {"zh": "回答为空", "en": "Empty answer"},
    "t_output_short": {"zh": "回答过短", "en": "Answer too short"},
    "t_output_copies_prompt": {"zh": "回答照抄指令", "en": "Answer copies the instruction"},
    "t_output_copies_input": {"zh": "回答照抄输入", "en": "Answer copies the input"},
    "t_truncated": {"zh": "回答被截断", "en": "Answer cut off"},
    "t_refusal": {"zh": "拒答", "en": "Refusal"},
    "t_lang_mismatch": {"zh": "语种不符", "en": "Language mismatch"},
    "t_boundary_errors": {"zh": "实体边界错误", "en": "Entity boundary errors"},
    "t_span_overlaps": {"zh": "实体跨度重叠", "en": "Overlapping entity spans"},
    "t_tag_errors": {"zh": "实体标签错误", "en": "Entity tag errors"},
    "t_span_errors": {"zh": "实体跨度错误", "en": "Entity span errors"},
    "t_token_offsets": {"zh": "词元偏移错误", "en": "Token offset errors"},
}
"""Expectation (or the flag it checks) -> its name in each language."""

_SUFFIXES = ("_rate", "_none", "_not_null")


def expectation_name(name: str, lang: Lang) -> str:
    """The readable name of an expectation (`t_label_unknown_rate` -> its flag's name)."""
    if name in EXPECTATION_NAMES:
        return EXPECTATION_NAMES[name][lang]
    for suffix in _SUFFIXES:
        flag = name.removesuffix(suffix)
        if flag != name and flag in EXPECTATION_NAMES:
            return EXPECTATION_NAMES[flag][lang]
        if flag != name and suffix == "_not_null":
            return f"{flag} 非空" if lang == "zh" else f"{flag} present"
    return name.replace("_", " ")


def _observed_share(result: Mapping[str, Any]) -> float | None:
    """The failing share: stored, or GX's percentage divided by 100 (older reports)."""
    if result.get("observed_share") is not None:
        return float(result["observed_share"])
    observed = result.get("observed_value")
    if isinstance(observed, int | float) and not isinstance(observed, bool):
        return float(observed) / 100.0
    return None


def failed_expectations(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every failed expectation: name, gate or rate, observed and allowed share, record ids."""
    section = report.get("expectations") or {}
    rows = []
    for result in section.get("results") or []:
        if result.get("success", True):
            continue
        rows.append(
            {
                "name": str(result["name"]),
                "gate": bool(result.get("gate")),
                "observed_share": _observed_share(result),
                "max_share": result.get("max_share"),
                "unexpected_count": result.get("unexpected_count"),
                "records": list(result.get("unexpected_record_ids") or []),
            }
        )
    known = {row["name"] for row in rows}
    rows += [
        {"name": name, "gate": False, "observed_share": None, "max_share": None,
         "unexpected_count": None, "records": []}
        for name in section.get("failed") or [] if name not in known
    ]  # fmt: skip
    return rows
