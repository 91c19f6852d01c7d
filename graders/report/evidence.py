"""Evidence of gates and indicators as labelled, translated fields instead of `key=value` text.

Graders add evidence keys over time, so every key goes through one table (`EVIDENCE_LABELS`)
and a readable fallback ("records_missing_provenance" -> "Records missing provenance") for keys
not in it yet. Shares print as percentages so they read in the same unit as the thresholds
beside them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from graders.report.i18n import Lang, label

__all__ = [
    "EVIDENCE_LABELS",
    "evidence_label",
    "evidence_rows",
    "evidence_value",
    "gate_status",
    "percent",
]

EVIDENCE_LABELS: dict[str, dict[str, str]] = {
    "records": {"zh": "记录数", "en": "Records"},
    "declared_openness": {"zh": "申报的开放程度", "en": "Declared openness"},
    "finding": {"zh": "发现", "en": "Finding"},
    "licence": {"zh": "许可证", "en": "Licence"},
    "independent_checked": {
        "zh": "独立检测的抽样记录",
        "en": "Sampled records checked independently",
    },
    "independent_detector": {"zh": "独立检测器", "en": "Independent detector"},
    "independent_found": {
        "zh": "独立检测发现个人信息的记录",
        "en": "Records with PII found independently",
    },
    "independent_residual": {
        "zh": "遮蔽后仍残留个人信息的记录",
        "en": "Records with PII left after masking",
    },
    "independent_residual_ids": {
        "zh": "残留个人信息的记录编号",
        "en": "Ids of records with PII left",
    },
    "library_below_standard": {
        "zh": "关键词库低于标准规模",
        "en": "Keyword library below the standard",
    },
    "masker_recheck_records": {"zh": "遮蔽器复查的记录", "en": "Records re-checked by the masker"},
    "min_library_terms": {"zh": "标准要求的关键词数", "en": "Keyword terms the standard requires"},
    "pii_reported_by_annotators": {
        "zh": "标注员报告的个人信息",
        "en": "PII reported by annotators",
    },
    "records_missing_provenance": {"zh": "缺少来源信息的记录", "en": "Records missing provenance"},
    "internet_records_without_url": {
        "zh": "来源为互联网但无网址的记录",
        "en": "Internet records without a URL",
    },
    "manifest_sources": {"zh": "申报的来源数", "en": "Sources declared in the manifest"},
    "missing_share": {"zh": "缺失比例", "en": "Share missing"},
    "audit_source": {"zh": "审核来源", "en": "Audit source"},
    "sources_audited": {"zh": "已审核的来源数", "en": "Sources audited"},
    "sources_under_min_items": {
        "zh": "抽检条数不足的来源",
        "en": "Sources with too few audited items",
    },
    "worst_harmful_share": {"zh": "最高有害内容比例", "en": "Worst harmful share of a source"},
    "sources_over_harm_limit": {
        "zh": "有害内容超限的来源",
        "en": "Sources over the harmful-content limit",
    },
    "manual_needed": {"zh": "需人工抽检条数", "en": "Manual audit items needed"},
    "manual_sampled": {"zh": "已人工抽检条数", "en": "Manual audit items done"},
    "manual_pass_share": {"zh": "人工抽检合格率", "en": "Manual audit pass share"},
    "auto_screened_share": {"zh": "自动筛查覆盖率", "en": "Share screened automatically"},
    "auto_pass_share": {"zh": "自动筛查合格率", "en": "Automatic screen pass share"},
    "keyword_library_size": {"zh": "关键词库规模", "en": "Keyword library size"},
    "residual_pii_records": {"zh": "脱敏后仍含个人信息的记录", "en": "Records with PII left"},
    "residual_share": {"zh": "残留个人信息比例", "en": "Share with PII left"},
    "pii_in_audit_sample": {
        "zh": "抽检样本中的个人信息",
        "en": "PII found in the audit sample",
    },
    "rows_read": {"zh": "读取行数", "en": "Rows read"},
    "rows_quarantined": {"zh": "隔离行数", "en": "Rows quarantined"},
    "parse_share": {"zh": "可解析比例", "en": "Share that parses"},
    "applicable": {"zh": "是否适用", "en": "Applicable"},
    "reviewed": {"zh": "已复核标注数", "en": "Labels reviewed"},
    "accuracy_lower_bound": {"zh": "准确率下界", "en": "Accuracy lower bound"},
    "agreement": {"zh": "标注一致性", "en": "Agreement"},
    "double_annotated": {"zh": "双人标注条数", "en": "Items annotated twice"},
    "double_needed": {"zh": "需双人标注条数", "en": "Items to annotate twice"},
    "generated_flagged": {"zh": "已标记的生成数据", "en": "Generated records flagged"},
    "generated_flag_missing": {"zh": "未填写生成标记", "en": "Records without a generated flag"},
    "generated_unflagged_suspected": {
        "zh": "疑似生成但未标记",
        "en": "Suspected generated, not flagged",
    },
    "floor": {"zh": "零分线", "en": "Zero-point floor"},
    "target": {"zh": "满分线", "en": "Full-point target"},
    "survivors": {"zh": "去重后保留的记录", "en": "Records kept after dedup"},
    "survivors_duplicating_rewarded": {
        "zh": "与已获奖数据重复的记录",
        "en": "Kept records repeating rewarded data",
    },
    "minimum": {"zh": "起算规模", "en": "Minimum size"},
    "full_marks": {"zh": "满分规模", "en": "Full-marks size"},
    "low_resource": {"zh": "小语种", "en": "Low-resource language"},
    "languages_unsupported": {"zh": "未达最低占比的申报语种", "en": "Declared languages not found"},
    "numerator": {"zh": "分子", "en": "Numerator"},
    "denominator": {"zh": "分母", "en": "Denominator"},
    "census": {"zh": "全量统计", "en": "Census (every record)"},
    "sample": {"zh": "抽样统计", "en": "Sample"},
    "sampled": {"zh": "抽样条数", "en": "Items sampled"},
    "sample_ids": {"zh": "样本记录", "en": "Sample records"},
    "method": {"zh": "方法", "en": "Method"},
    "statistic": {"zh": "统计量", "en": "Statistic"},
}
"""Evidence key -> its label in each language (patterned keys are in `_PATTERNS`)."""

_PATTERNS: tuple[tuple[re.Pattern[str], dict[str, str]], ...] = (
    (re.compile(r"^items_(\d{4})$"), {"zh": "{0} 已覆盖条目", "en": "{0} items covered"}),
    (re.compile(r"^language_share_(.+)$"), {"zh": "语种占比 {0}", "en": "Share in language {0}"}),
)
_SHARE = re.compile(r"(^|_)(share|rate)(_|$)")


def evidence_label(key: str, lang: Lang) -> str:
    """The label of an evidence key; unknown keys read as words ("new_key" -> "New key")."""
    if key in EVIDENCE_LABELS:
        return EVIDENCE_LABELS[key][lang]
    for pattern, texts in _PATTERNS:
        found = pattern.match(key)
        if found:
            return texts[lang].format(*found.groups())
    return key.replace("_", " ").strip().capitalize()


def percent(share: float) -> str:
    """A share as a percentage, at most two decimals (0.0576 -> '5.76%')."""
    text = f"{share * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _plain(value: float) -> str:
    """Integers with separators, other numbers to 4 significant digits."""
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.4g}"


def evidence_value(key: str, value: Any, lang: Lang) -> str:
    """A value for people: shares as percentages, yes/no translated, empty as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return label("yes" if value else "no", lang)
    if isinstance(value, int | float):
        if _SHARE.search(key) and 0.0 <= float(value) <= 1.0:
            return percent(float(value))
        return _plain(float(value))
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    if key == "audit_source":
        return label(f"audit_{value}", lang) if f"audit_{value}" in _AUDIT else str(value)
    return str(value)


_AUDIT = frozenset({"audit_none", "audit_simulated", "audit_labelstudio"})


def evidence_rows(evidence: Mapping[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """(label, value) pairs in key order; the `applicable` flag is the status, not a row."""
    return [
        (evidence_label(key, lang), evidence_value(key, evidence[key], lang))
        for key in sorted(evidence)
        if key != "applicable"
    ]


def gate_status(gate: Mapping[str, Any]) -> str:
    """`passed`, `failed` or `not_applicable` (a gate whose evidence says it does not apply)."""
    if gate.get("evidence", {}).get("applicable") is False:
        return "not_applicable"
    return "passed" if gate["passed"] else "failed"
