"""Every label of the HTML and Markdown reports, in Chinese (zh) and English (en).

Reviewers (评审专家) may read only Chinese; owners may read only English. A label missing in
either language is a bug (a test checks every key used by the templates exists here in both).
"""

from __future__ import annotations

from typing import Literal

__all__ = ["LABELS", "LANGS", "Lang", "label"]

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

LABELS: dict[str, dict[str, str]] = {
    "title": {"zh": "数据集质量评定报告", "en": "Dataset grading report"},
    "language": {"zh": "语言", "en": "Language"},
    "submission": {"zh": "提交", "en": "Submission"},
    "owner": {"zh": "所有者", "en": "Owner"},
    "dataset_type": {"zh": "数据集类型", "en": "Dataset type"},
    "verdict": {"zh": "评定结论", "en": "Verdict"},
    "tier": {"zh": "等级", "en": "Tier"},
    "no_tier": {"zh": "未达等级", "en": "No tier"},
    "ladder": {"zh": "等级阶梯", "en": "Tier ladder"},
    "findings": {"zh": "评定发现", "en": "Findings"},
    "tier_cap": {"zh": "等次上限", "en": "Tier capped at"},
    "board_title": {"zh": "评审委员会总览", "en": "Committee board"},
    "board_since": {"zh": "上次会议", "en": "Last meeting"},
    "board_changed": {"zh": "此后有变化", "en": "changed since"},
    "board_dataset_type": {"zh": "类型", "en": "Type"},
    "board_languages": {"zh": "语言", "en": "Languages"},
    "board_tier": {"zh": "等级", "en": "Tier"},
    "board_all": {"zh": "全部", "en": "all"},
    "board_records": {"zh": "记录数", "en": "Records"},
    "board_date": {"zh": "日期", "en": "Date"},
    "board_per_owner": {"zh": "按所有者合计", "en": "Totals per owner"},
    "board_per_year": {"zh": "按年度合计（对照预算）", "en": "Totals per year against the budget"},
    "board_year": {"zh": "年度", "en": "Year"},
    "board_budget": {"zh": "预算", "en": "Budget"},
    "board_left": {"zh": "余额", "en": "Left"},
    "min_total": {"zh": "最低总分", "en": "Minimum total"},
    "min_dimension": {"zh": "维度最低分", "en": "Minimum per dimension"},
    "distance": {"zh": "差距", "en": "Distance"},
    "reached": {"zh": "已达到", "en": "reached"},
    "you_are_here": {"zh": "当前位置", "en": "you are here"},
    "points_below": {"zh": "分，距离下一等级", "en": "points below the next tier,"},
    "at_top": {"zh": "已是最高等级", "en": "Already at the highest tier"},
    "gates_block": {
        "zh": "未通过的门槛项阻止任何等级：先修复下方失败的门槛项。",
        "en": "Failed gates block every tier: fix the failed gates below first.",
    },
    "ladder_unavailable": {
        "zh": "评分细则与本报告的不一致，无法显示等级阶梯。",
        "en": "The rubric that graded this report is not the shipped one: no ladder shown.",
    },
    "award": {"zh": "奖励金额", "en": "Award"},
    "yuan": {"zh": "元", "en": "yuan"},
    "total": {"zh": "总分", "en": "Total score"},
    "eligible": {"zh": "是否具备评定资格", "en": "Eligible"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    "gates": {"zh": "硬性门槛", "en": "Gates"},
    "gate": {"zh": "门槛", "en": "Gate"},
    "passed": {"zh": "通过", "en": "passed"},
    "failed": {"zh": "未通过", "en": "failed"},
    "result": {"zh": "结果", "en": "Result"},
    "evidence": {"zh": "证据", "en": "Evidence"},
    "explanation": {"zh": "说明", "en": "Explanation"},
    "fix": {"zh": "改进建议", "en": "What to fix"},
    "what_to_fix": {"zh": "需要改进的地方", "en": "What to fix"},
    "blocks_award": {"zh": "阻止任何等级与奖励", "en": "blocks every tier and the award"},
    "points_at_stake": {"zh": "分可争取", "en": "points at stake"},
    "concerns": {"zh": "涉及", "en": "Concerns"},
    "fields": {"zh": "相关字段", "en": "Fields"},
    "records_concerned": {"zh": "相关记录", "en": "Records concerned"},
    "nothing_to_fix": {"zh": "没有需要修复的问题。", "en": "Nothing failed: nothing to fix."},
    "general_advice": {"zh": "一般性建议", "en": "General advice"},
    "general_advice_note": {
        "zh": "以下是评分细则的通用建议，不是由某项未通过的检查引起的。",
        "en": "The rubric's general tips, not caused by a failed check.",
    },
    "failed_expectations": {"zh": "未通过的数据期望", "en": "Failed expectations"},
    "no_failed_expectations": {"zh": "所有数据期望均已通过。", "en": "Every expectation passed."},
    "expectation": {"zh": "数据期望", "en": "Expectation"},
    "observed": {"zh": "实测（不合格记录占比）", "en": "Observed (share of records failing)"},
    "threshold": {"zh": "阈值（允许的最大占比）", "en": "Threshold (largest share allowed)"},
    "ledger": {"zh": "奖励台账", "en": "Award ledger"},
    "dimensions": {"zh": "评分维度", "en": "Dimensions"},
    "indicator": {"zh": "指标", "en": "Indicator"},
    "standard": {"zh": "标准条款", "en": "Standard"},
    "value": {"zh": "数值", "en": "Value"},
    "interval": {"zh": "95% 区间", "en": "95% interval"},
    "score": {"zh": "得分", "en": "Score"},
    "not_applicable": {"zh": "不适用", "en": "not applicable"},
    "charts": {"zh": "数据概览", "en": "The data at a glance"},
    "chart_languages": {"zh": "语言分布（记录数）", "en": "Language distribution (records)"},
    "chart_lengths": {"zh": "长度分布（字符数）", "en": "Length histogram (characters)"},
    "kept": {"zh": "保留", "en": "kept"},
    "dropped": {"zh": "剔除", "en": "dropped"},
    "chart_funnel": {"zh": "清洗漏斗", "en": "Cleaning funnel"},
    "read": {"zh": "读取", "en": "read"},
    "quarantined": {"zh": "隔离", "en": "quarantined"},
    "duplicates": {"zh": "重复", "en": "duplicates"},
    "chart_dedup": {"zh": "去重：簇与重复", "en": "Dedup: clusters and duplicates"},
    "exact_duplicates": {"zh": "完全重复", "en": "exact duplicates"},
    "near_duplicates": {"zh": "近似重复", "en": "near duplicates"},
    "clusters": {"zh": "重复簇", "en": "clusters"},
    "largest_cluster": {"zh": "最大簇", "en": "largest cluster"},
    "chart_prior": {
        "zh": "与既往提交的重合（占本提交比例）",
        "en": "Overlap with earlier submissions (share of this submission)",
    },
    "no_prior": {"zh": "与既往提交无重合", "en": "No overlap with earlier submissions"},
    "chart_audit": {
        "zh": "人工审核通过率（Wilson 95% 区间）",
        "en": "Audit pass rates (Wilson 95% intervals)",
    },
    "chart_agreement": {"zh": "各控件的标注一致性", "en": "Agreement per control"},
    "chart_annotators": {
        "zh": "标注员金标准准确率",
        "en": "Annotator accuracy on gold items",
    },
    "audit_source": {"zh": "审核来源", "en": "Audit source"},
    "audit_none": {"zh": "未进行人工审核", "en": "No human audit"},
    "audit_simulated": {
        "zh": "模拟审核（非真实标注员）",
        "en": "Simulated audit (not real annotators)",
    },
    "audit_labelstudio": {"zh": "Label Studio 真实标注", "en": "Real annotators (Label Studio)"},
    "examples": {"zh": "问题样例（已脱敏）", "en": "Example records per failure reason (masked)"},
    "no_examples": {"zh": "没有被剔除或隔离的记录", "en": "No record was dropped or quarantined"},
    "reason": {"zh": "原因", "en": "Reason"},
    "record": {"zh": "记录", "en": "Record"},
    "file_line": {"zh": "文件:行", "en": "File:line"},
    "text": {"zh": "文本（脱敏）", "en": "Text (masked)"},
    "detail": {"zh": "详情", "en": "Detail"},
    "provenance": {"zh": "可复现性信息", "en": "Provenance"},
    "input_files": {"zh": "输入文件", "en": "Input files"},
    "file": {"zh": "文件", "en": "File"},
    "bytes": {"zh": "字节", "en": "Bytes"},
    "rubric": {"zh": "评分细则", "en": "Rubric"},
    "langid_model": {"zh": "语种识别模型", "en": "Language-ID model"},
    "seed": {"zh": "随机种子", "en": "Seed"},
    "software": {"zh": "软件版本", "en": "Software"},
    "packages": {"zh": "依赖包版本", "en": "Package versions"},
    "digest_note": {
        "zh": "report.json 的 SHA-256 摘要保存在 report.json.sha256；"
        "运行 corpusgrade verify 可复核。",
        "en": "The SHA-256 digest of report.json is in report.json.sha256; "
        "run `corpusgrade verify` to check it.",
    },
}


def label(key: str, lang: Lang) -> str:
    """The label `key` in `lang`; an unknown key raises KeyError naming it."""
    try:
        return LABELS[key][lang]
    except KeyError as error:
        msg = f"no {lang} label for {key!r} (add it to graders/report/i18n.py)"
        raise KeyError(msg) from error
