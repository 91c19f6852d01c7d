"""Human names, in Chinese and English, for every reason a record is dropped or quarantined.

Reports show these instead of internal ids (`fineweb_line_punct`). One table for all sources of
reasons: language-pack filter rules, dataset-type issues, dedup, the safety screen and ingest's
quarantine reasons (shown as `quarantine:<reason>`). A test enumerates the ids the code can emit
and fails when one is missing here.
"""

from __future__ import annotations

from typing import Literal

from graders.report.i18n import Lang
from quality.type_filter import DROPPING_TYPE_ISSUES

__all__ = ["QUARANTINE_PREFIX", "REASON_NAMES", "ReasonGroup", "reason_group", "reason_name"]

ReasonGroup = Literal["quarantine", "duplicate", "type", "safety", "filter"]

QUARANTINE_PREFIX = "quarantine:"

REASON_NAMES: dict[str, dict[str, str]] = {
    # Language-pack filter rules (quality/packs/default.yaml).
    "empty_text": {"zh": "空文本", "en": "Empty text"},
    "markup": {"zh": "残留网页标记（HTML 等）", "en": "Leftover markup (HTML and the like)"},
    "c4_boilerplate": {
        "zh": "网页模板文字（版权、导航、分享等）",
        "en": "Web boilerplate (copyright, navigation, share lines)",
    },
    "c4_lorem_ipsum": {"zh": "占位文字（lorem ipsum）", "en": "Placeholder text (lorem ipsum)"},
    "gopher_min_units": {"zh": "文本过短", "en": "Too short"},
    "gopher_max_units": {"zh": "文本过长", "en": "Too long"},
    "gopher_mean_unit_len": {
        "zh": "平均词长异常",
        "en": "Unusual average word length",
    },
    "gopher_symbol_ratio": {"zh": "符号比例过高", "en": "Too many symbols"},
    "gopher_bullet_lines": {"zh": "项目符号行过多", "en": "Too many bullet lines"},
    "gopher_ellipsis_lines": {"zh": "省略号结尾的行过多", "en": "Too many lines ending in “…”"},
    "gopher_alpha_units": {"zh": "含字母的词比例过低", "en": "Too few words with letters"},
    "gopher_stopwords": {
        "zh": "常用虚词过少（不像自然语言）",
        "en": "Too few stop words (not prose)",
    },
    "gopher_dup_line_frac": {"zh": "重复行过多", "en": "Too many repeated lines"},
    "gopher_dup_para_frac": {"zh": "重复段落过多", "en": "Too many repeated paragraphs"},
    "gopher_dup_line_char_frac": {
        "zh": "重复行所占字符过多",
        "en": "Too many characters in repeated lines",
    },
    "gopher_dup_para_char_frac": {
        "zh": "重复段落所占字符过多",
        "en": "Too many characters in repeated paragraphs",
    },
    "gopher_top_2gram": {"zh": "高频二元词组过多", "en": "One 2-word phrase dominates"},
    "gopher_top_3gram": {"zh": "高频三元词组过多", "en": "One 3-word phrase dominates"},
    "gopher_top_4gram": {"zh": "高频四元词组过多", "en": "One 4-word phrase dominates"},
    "gopher_dup_5gram": {"zh": "重复的五词片段过多", "en": "Too many repeated 5-word runs"},
    "gopher_dup_6gram": {"zh": "重复的六词片段过多", "en": "Too many repeated 6-word runs"},
    "gopher_dup_7gram": {"zh": "重复的七词片段过多", "en": "Too many repeated 7-word runs"},
    "gopher_dup_8gram": {"zh": "重复的八词片段过多", "en": "Too many repeated 8-word runs"},
    "gopher_dup_9gram": {"zh": "重复的九词片段过多", "en": "Too many repeated 9-word runs"},
    "gopher_dup_10gram": {"zh": "重复的十词片段过多", "en": "Too many repeated 10-word runs"},
    "fineweb_line_punct": {
        "zh": "以标点结尾的行过少（像碎片或列表）",
        "en": "Too few lines end in punctuation (fragments or lists)",
    },
    "fineweb_short_lines": {"zh": "短行过多", "en": "Too many short lines"},
    "fineweb_char_dup": {
        "zh": "重复行字符比例过高",
        "en": "Too many characters in duplicated lines",
    },
    "fineweb_newline_ratio": {"zh": "换行过多", "en": "Too many line breaks"},
    "lang_score": {
        "zh": "语种识别置信度过低",
        "en": "Language identification not confident",
    },
    # Dedup (quality/dedup/find.py).
    "duplicate_exact": {"zh": "完全重复", "en": "Exact duplicate"},
    "duplicate_near": {"zh": "近似重复", "en": "Near duplicate"},
    # The safety screen (quality/safety.py).
    "safety_keyword": {"zh": "命中安全关键词", "en": "Matched a safety keyword"},
    # Dataset-type issues that drop a record (quality/type_filter.py).
    "parallel_side_missing": {"zh": "译文对缺少一侧", "en": "Pair is missing one side"},
    "parallel_untranslated": {"zh": "未翻译（两侧相同）", "en": "Not translated (sides equal)"},
    "parallel_misaligned": {"zh": "译文对未对齐", "en": "Pair is misaligned"},
    "parallel_source_lang_mismatch": {
        "zh": "源语言与申报不符",
        "en": "Source side is not the declared language",
    },
    "parallel_target_lang_mismatch": {
        "zh": "目标语言与申报不符",
        "en": "Target side is not the declared language",
    },
    "instruction_output_empty": {"zh": "回答为空", "en": "Empty answer"},
    "instruction_output_copies_prompt": {
        "zh": "回答照抄指令",
        "en": "Answer copies the instruction",
    },
    "instruction_output_copies_input": {"zh": "回答照抄输入", "en": "Answer copies the input"},
    "instruction_refusal": {"zh": "回答为拒答", "en": "Answer is a refusal"},
    "instruction_truncated": {"zh": "回答被截断", "en": "Answer is cut off"},
    "class_label_missing": {"zh": "缺少标签", "en": "Label missing"},
    "class_label_unknown": {"zh": "标签不在申报的标签集中", "en": "Label not in the declared set"},
    "ner_span_out_of_range": {"zh": "实体跨度超出文本", "en": "Entity span outside the text"},
    "ner_span_boundary": {"zh": "实体跨度边界错误", "en": "Entity span boundary is wrong"},
    "ner_tag_sequence": {"zh": "实体标签序列错误", "en": "Invalid entity tag sequence"},
    "ner_token_offsets": {"zh": "词元偏移错误", "en": "Token offsets are wrong"},
    "ner_label_unknown": {
        "zh": "实体类型不在申报的标签集中",
        "en": "Entity type not in the declared set",
    },
    # Ingest quarantine (schemas/records.py QUARANTINE_REASONS), shown as `quarantine:<id>`.
    "invalid_utf8": {"zh": "不是有效的 UTF-8 编码", "en": "Not valid UTF-8"},
    "malformed_json": {"zh": "JSON 格式错误", "en": "Malformed JSON"},
    "malformed_line": {"zh": "行格式错误", "en": "Malformed line"},
    "missing_field": {"zh": "缺少必填字段", "en": "Required field missing"},
    "wrong_type": {"zh": "字段类型错误", "en": "Field has the wrong type"},
    "too_long": {"zh": "超出长度上限", "en": "Over the length limit"},
    "truncated_archive": {"zh": "压缩包不完整", "en": "Archive is truncated"},
    "unreadable_file": {"zh": "文件无法读取", "en": "File cannot be read"},
    "bad_tmx_unit": {"zh": "TMX 翻译单元不完整", "en": "Incomplete TMX unit"},
    "bad_conll_sentence": {"zh": "CoNLL 句子格式错误", "en": "Malformed CoNLL sentence"},
    "empty_record": {"zh": "空记录", "en": "Empty record"},
    "duplicate_id": {"zh": "记录编号重复", "en": "Duplicate record id"},
    "too_deep": {"zh": "JSON 嵌套过深", "en": "JSON nested too deeply"},
    "lone_surrogate": {"zh": "含孤立代理字符", "en": "Contains a lone surrogate character"},
}
"""Reason id -> its name in each language."""

_QUARANTINED = {"zh": "隔离", "en": "quarantined"}


def reason_name(reason: str, lang: Lang) -> str:
    """The human name of a drop or quarantine reason; an unknown id shows as itself, readably.

    >>> reason_name("quarantine:malformed_json", "en")
    'Malformed JSON (quarantined)'
    >>> reason_name("some_new_rule", "en")
    'some new rule'
    """
    quarantined = reason.startswith(QUARANTINE_PREFIX)
    key = reason.removeprefix(QUARANTINE_PREFIX)
    names = REASON_NAMES.get(key)
    name = names[lang] if names else key.replace("_", " ")
    if not quarantined:
        return name
    return f"{name}（{_QUARANTINED['zh']}）" if lang == "zh" else f"{name} ({_QUARANTINED['en']})"


def reason_group(reason: str) -> ReasonGroup:
    """Which step gave the reason: ingest quarantine, dedup, a type check, safety, a filter rule."""
    if reason.startswith(QUARANTINE_PREFIX):
        return "quarantine"
    if reason.startswith("duplicate_"):
        return "duplicate"
    if reason in DROPPING_TYPE_ISSUES:
        return "type"
    return "safety" if reason == "safety_keyword" else "filter"
