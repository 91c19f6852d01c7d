"""Plain-words explanations in Chinese and English: why a gate or indicator came out as it did.

Every sentence the grade block carries is built here, so wording stays consistent and the numbers
in the text are the numbers in the evidence.
"""

from __future__ import annotations

from collections.abc import Mapping

from schemas.grade import Bilingual, EvidenceValue

__all__ = [
    "fmt",
    "gate_text",
    "lookup_text",
    "not_applicable_text",
    "not_measured_text",
    "openness_finding_text",
    "ratio_text",
    "scale_text",
    "summary_text",
]

DECLARED = Bilingual(zh="（申报值，待评审专家确认）", en=" (declared, reviewer to confirm)")


def fmt(value: EvidenceValue) -> str:
    """A number as a person reads it: whole numbers plain, amounts to 2 places, ratios to 4 digits.

    >>> fmt(1000000.0), fmt(333333.3333), fmt(0.999324)
    ('1000000', '333333.33', '0.9993')
    """
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}" if abs(value) >= 1000 else f"{value:.4g}"
    return str(value)


def _pairs(evidence: Mapping[str, EvidenceValue]) -> str:
    """`key=value, ...` for the evidence, in key order."""
    return ", ".join(f"{key}={fmt(evidence[key])}" for key in sorted(evidence))


def gate_text(name: Bilingual, *, passed: bool, evidence: Mapping[str, EvidenceValue]) -> Bilingual:
    """Why a gate passed or failed, citing its evidence."""
    numbers = _pairs(evidence)
    if passed:
        return Bilingual(zh=f"{name.zh}：通过（{numbers}）。", en=f"{name.en}: passed ({numbers}).")
    return Bilingual(zh=f"{name.zh}：未通过（{numbers}）。", en=f"{name.en}: failed ({numbers}).")


def ratio_text(
    name: Bilingual,
    *,
    numerator: float | None,
    denominator: float | None,
    scored: float,
    statistic: str,
    score: float,
    maximum: float,
    declared: bool,
) -> Bilingual:
    """An indicator measured as A/B: the ratio, the statistic used, the points."""
    ratio = f"{fmt(numerator)}/{fmt(denominator)}" if denominator is not None else fmt(numerator)
    bound_zh = "单侧 95% Wilson 下界" if statistic == "wilson_lower" else "取值"
    bound_en = "one-sided 95% Wilson lower bound" if statistic == "wilson_lower" else "value"
    tail = DECLARED if declared else Bilingual(zh="", en="")
    return Bilingual(
        zh=f"{name.zh}：{ratio}，{bound_zh} {fmt(scored)}，"
        f"得 {fmt(score)}/{fmt(maximum)} 分{tail.zh}。",
        en=f"{name.en}: {ratio}, {bound_en} {fmt(scored)}, {fmt(score)}/{fmt(maximum)} points"
        f"{tail.en}.",
    )


def lookup_text(name: Bilingual, *, key: str, score: float, maximum: float) -> Bilingual:
    """An indicator read from a declared value through the rubric's table."""
    return Bilingual(
        zh=f"{name.zh}：申报为 {key}，得 {fmt(score)}/{fmt(maximum)} 分。",
        en=f"{name.en}: declared {key}, {fmt(score)}/{fmt(maximum)} points.",
    )


def openness_finding_text(text: Bilingual, *, licence: str, key: str) -> Bilingual:
    """The access sentence with the finding that `public` is not backed by an open licence."""
    return Bilingual(
        zh=f"{text.zh}发现：申报为公开，但许可证 {licence} 不是开放许可证，按 {key} 计分。",
        en=f"{text.en} Finding: declared public, but licence {licence} is not an open "
        f"licence; scored as {key}.",
    )


def not_measured_text(name: Bilingual, *, maximum: float) -> Bilingual:
    """An indicator the pipeline did not measure scores nothing, and says so."""
    return Bilingual(
        zh=f"{name.zh}：未测量，得 0/{fmt(maximum)} 分。",
        en=f"{name.en}: not measured, 0/{fmt(maximum)} points.",
    )


def not_applicable_text(name: Bilingual) -> Bilingual:
    """A labelled-only indicator on unlabelled data: its points went elsewhere."""
    return Bilingual(
        zh=f"{name.zh}：无标注数据，不适用；分值按细则重新分配。",
        en=f"{name.en}: not applicable to unlabelled data; its points are redistributed.",
    )


def scale_text(
    *, credited: int, minimum: int, full_marks: int, score: float, maximum: float
) -> Bilingual:
    """Scale: how many records earned credit against the band."""
    return Bilingual(
        zh=f"计入规模的记录 {credited} 条（最低 {minimum}，满分 {full_marks}，对数刻度），"
        f"得 {fmt(score)}/{fmt(maximum)} 分。",
        en=f"{credited} records earn scale credit (minimum {minimum}, full marks {full_marks}, "
        f"log scale), {fmt(score)}/{fmt(maximum)} points.",
    )


def summary_text(
    *, eligible: bool, total: float, tier: Bilingual | None, award_yuan: float, failed: list[str]
) -> Bilingual:
    """One-line verdict for the top of the report."""
    if not eligible:
        gates = ", ".join(failed)
        return Bilingual(
            zh=f"不符合评定条件：未通过 {gates}；总分 {fmt(total)}，奖励 0 元。",
            en=f"Not eligible: failed {gates}; total {fmt(total)}, award 0 yuan.",
        )
    if tier is None:
        return Bilingual(
            zh=f"总分 {fmt(total)}，未达到任何等次，奖励 0 元。",
            en=f"Total {fmt(total)} reaches no tier; award 0 yuan.",
        )
    return Bilingual(
        zh=f"总分 {fmt(total)}，等次 {tier.zh}，本次奖励 {fmt(award_yuan)} 元。",
        en=f"Total {fmt(total)}, tier {tier.en}, award now {fmt(award_yuan)} yuan.",
    )
