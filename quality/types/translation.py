"""Translation instructions: which language the answer should be in.

"Translate into Thai: …", "翻译成越南语：…", "Dịch sang tiếng Anh: …", "Terjemahkan ke bahasa
Inggris: …", "แปลเป็นภาษาอังกฤษ", "Isalin sa Ingles": the output is expected in the named target
language, not in the instruction's language, so the language-mismatch check must compare with the
target. Names are those of the base's languages in English, Chinese and each ASEAN language.
"""

from __future__ import annotations

import polars as pl

# Language names (lower case) to ISO codes, per language the instruction may be written in.
LANGUAGE_NAMES: dict[str, str] = {
    # English
    "english": "en", "chinese": "zh", "mandarin": "zh", "vietnamese": "vi", "thai": "th",
    "indonesian": "id", "malay": "ms", "tagalog": "tl", "filipino": "tl", "khmer": "km",
    "lao": "lo", "laotian": "lo", "burmese": "my", "myanmar": "my", "japanese": "ja",
    "korean": "ko",
    # Chinese
    "英语": "en", "英文": "en", "中文": "zh", "汉语": "zh", "越南语": "vi", "越南文": "vi",
    "泰语": "th", "泰文": "th", "印尼语": "id", "印度尼西亚语": "id", "马来语": "ms",
    "菲律宾语": "tl", "他加禄语": "tl", "高棉语": "km", "柬埔寨语": "km", "老挝语": "lo",
    "缅甸语": "my", "日语": "ja", "日文": "ja", "韩语": "ko",
    # Vietnamese (after "tiếng")
    "anh": "en", "trung": "zh", "việt": "vi", "thái": "th", "indonesia": "id", "mã lai": "ms",
    "khơ me": "km", "lào": "lo", "miến điện": "my", "nhật": "ja", "hàn": "ko",
    # Indonesian / Malay (after "bahasa")
    "inggris": "en", "inggeris": "en", "cina": "zh", "tionghoa": "zh",
    "vietnam": "vi", "melayu": "ms",
    # Thai (after "ภาษา")
    "อังกฤษ": "en", "จีน": "zh", "เวียดนาม": "vi", "ไทย": "th", "อินโดนีเซีย": "id",
    "มลายู": "ms", "ลาว": "lo", "เขมร": "km", "พม่า": "my", "ญี่ปุ่น": "ja",
    # Tagalog
    "ingles": "en", "tsino": "zh",
}  # fmt: skip

_NAMES = "|".join(sorted((name.strip() for name in LANGUAGE_NAMES), key=len, reverse=True))
TRANSLATE_PATTERN = (
    r"(?i)(?:translat\w*(?:\s+\S+){0,4}?\s+(?:in)?to\s+"
    r"|(?:翻译|翻譯|译|譯)(?:成|为|為|到)\s*"
    r"|dịch(?:\s+\S+){0,3}?\s+sang\s+(?:tiếng\s+)?"
    r"|terjemahkan(?:\s+\S+){0,3}?\s+ke\s*(?:dalam\s+)?(?:bahasa\s+)?"
    r"|แปล(?:\S{0,20})?เป็น\s*(?:ภาษา)?"
    r"|isalin(?:\s+\S+){0,3}?\s+sa\s+(?:wikang\s+)?)"
    rf"({_NAMES})"
)


RESPOND_PATTERN = (
    r"(?i)(?:(?:answer|respond|reply|write|explain)(?:\s+\S+){0,4}?\s+in\s+"
    r"|(?:用|以)\s*"
    r"|(?:trả lời|viết)(?:\s+\S+){0,3}?\s+bằng\s+(?:tiếng\s+)?"
    r"|(?:jawab|tulis)(?:lah)?(?:\s+\S+){0,3}?\s+dalam\s+(?:bahasa\s+)?"
    r"|ตอบ(?:\S{0,20})?เป็น\s*(?:ภาษา)?"
    r"|sumagot\s+sa\s+(?:wikang\s+)?)"
    rf"({_NAMES})"
)


def _named_language(instruction: pl.Expr, pattern: str) -> pl.Expr:
    """ISO code of the language name the pattern captures (null when it does not match)."""
    name = instruction.str.extract(pattern, 1).str.to_lowercase().str.strip_chars()
    mapping = {key.strip(): code for key, code in LANGUAGE_NAMES.items()}
    return name.replace_strict(mapping, default=None, return_dtype=pl.String)


def requested_language_expr(instruction: pl.Expr) -> pl.Expr:
    """ISO code of the language an instruction asks the answer to be in: a translation's target,
    else "Answer in English", "用英文回答", "Trả lời bằng tiếng Anh", "Jawab dalam bahasa
    Inggris" (null when it names none).

    >>> texts = ["Answer in English: 北京在哪里？", "请用泰语回答", "Summarise this"]
    >>> pl.select(requested_language_expr(pl.Series(texts))).to_series().to_list()
    ['en', 'th', None]
    """
    return pl.coalesce(
        translation_target_expr(instruction), _named_language(instruction, RESPOND_PATTERN)
    )


def translation_target_expr(instruction: pl.Expr) -> pl.Expr:
    """ISO code of the language an instruction asks to translate into (null when it does not).

    >>> texts = ["Translate into Thai: good morning", "请翻译成越南语：你好", "Summarise this"]
    >>> pl.select(translation_target_expr(pl.Series(texts))).to_series().to_list()
    ['th', 'vi', None]
    """
    return _named_language(instruction, TRANSLATE_PATTERN)
