"""Render the report dict as Markdown for pasting into review documents (zh or en).

Corpus text (file names, masked examples, reasons) is escaped so it can neither break a table
nor inject HTML when the Markdown is rendered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graders.report.evidence import evidence_rows, gate_status, percent
from graders.report.expectations import expectation_name, failed_expectations
from graders.report.fixes import build_fixes
from graders.report.i18n import Lang, label
from graders.report.reasons import reason_name

__all__ = ["md_escape", "render_markdown"]

_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
        "\n": " ",
        "\r": " ",
    }
)


def md_escape(text: object) -> str:
    """Text safe inside a Markdown table cell: specials backslash-escaped, HTML as entities."""
    return str(text).translate(_SPECIAL)


def _n(value: object) -> str:
    """A score for people: at most two decimals, no trailing zeros."""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return md_escape(value)


def _bi(obj: Mapping[str, str] | None, lang: Lang) -> str:
    """One language of a bilingual grade text, escaped."""
    return md_escape(obj[lang]) if obj else ""


def _verdict(g: Mapping[str, Any], lang: Lang) -> list[str]:
    """The verdict lines: tier, award, total, eligibility, summary, gates table."""
    tier = _bi(g.get("tier_name"), lang) or label("no_tier", lang)
    lines = [
        f"## {label('verdict', lang)}",
        "",
        f"- **{label('tier', lang)}**: {tier}",
        f"- **{label('award', lang)}**: {g['award_yuan']:,.0f} {label('yuan', lang)}",
        f"- **{label('total', lang)}**: {_n(g['total'])}",
        f"- **{label('eligible', lang)}**: {label('yes' if g['eligible'] else 'no', lang)}",
        "",
        _bi(g["summary"], lang),
        "",
        *_findings(g, lang),
        f"### {label('gates', lang)}",
        "",
        f"| {label('gate', lang)} | {label('result', lang)} | {label('evidence', lang)} |",
        "|---|---|---|",
    ]
    for gate in g["gates"]:
        result = label(gate_status(gate), lang)
        name = f"{md_escape(gate['id'])} {_bi(gate['name'], lang)}"
        lines.append(f"| {name} | {result} | {_evidence(gate['evidence'], lang)} |")
    return lines


def _findings(g: Mapping[str, Any], lang: Lang) -> list[str]:
    """The grade's findings (declarations or settings found wanting) and its tier cap, if any."""
    if not g.get("findings") and not g.get("tier_cap"):
        return []
    lines = [f"### {label('findings', lang)}", ""]
    if g.get("tier_cap"):
        lines.append(f"- **{label('tier_cap', lang)}**: `{md_escape(g['tier_cap'])}`")
    lines += [f"- `{md_escape(f['ref'])}` {_bi(f['text'], lang)}" for f in g.get("findings", [])]
    return [*lines, ""]


def _evidence(evidence: Mapping[str, Any], lang: Lang) -> str:
    """Labelled evidence on one line: `label: value; ...`."""
    return "; ".join(f"{md_escape(k)}: {md_escape(v)}" for k, v in evidence_rows(evidence, lang))


def _codes(values: list[str]) -> str:
    return ", ".join(f"`{md_escape(v)}`" for v in values)


def _fix_line(number: int, fix: Mapping[str, Any], lang: Lang) -> str:
    """One numbered fix: cause, stake, what to do, what it concerns."""
    stake = [label("blocks_award", lang)] if fix["blocks"] else []
    if fix["points"]:
        stake.append(f"{_n(float(fix['points']))} {label('points_at_stake', lang)}")
    parts = [f"{number}. **{md_escape(fix['cause'][lang])}**"]
    parts += [f"({'; '.join(stake)})"] if stake else []
    parts += [f"— {md_escape(fix['text'][lang])}"]
    if len(fix["ids"]) > 1:
        parts.append(f"{label('concerns', lang)}: {_codes(fix['ids'])}.")
    if fix["fields"]:
        parts.append(f"{label('fields', lang)}: {_codes(fix['fields'])}.")
    if fix["records"]:
        parts.append(f"{label('records_concerned', lang)}: {_codes(fix['records'])}.")
    return " ".join(parts)


def _fixes(report: Mapping[str, Any], lang: Lang) -> list[str]:
    """What to fix (caused), general advice (apart), failed expectations (same unit)."""
    built = build_fixes(report)
    fixes = [_fix_line(i, f, lang) for i, f in enumerate(built["fixes"], 1)]
    lines = [f"### {label('what_to_fix', lang)}", "", *(fixes or [label("nothing_to_fix", lang)])]
    if built["advice"]:
        lines += ["", f"### {label('general_advice', lang)}", ""]
        lines += [label("general_advice_note", lang), ""]
        lines += [f"- {md_escape(a['text'][lang])}" for a in built["advice"]]
    lines += ["", f"### {label('failed_expectations', lang)}", ""]
    failed = failed_expectations(report)
    if not failed:
        return [*lines, label("no_failed_expectations", lang)]
    lines += [
        f"| {label('expectation', lang)} | {label('observed', lang)} | {label('threshold', lang)} "
        f"| {label('records_concerned', lang)} |",
        "|---|---|---|---|",
    ]
    for row in failed:
        observed = "—" if row["observed_share"] is None else percent(row["observed_share"])
        limit = "—" if row["max_share"] is None else f"≤ {percent(row['max_share'])}"
        name = f"`{md_escape(row['name'])}` {md_escape(expectation_name(row['name'], lang))}"
        lines.append(f"| {name} | {observed} | {limit} | {_codes(row['records'])} |")
    return lines


def _dimensions(g: Mapping[str, Any], lang: Lang) -> list[str]:
    """One table per dimension: indicator, value, score, explanation."""
    lines = [f"## {label('dimensions', lang)}"]
    for d in g["dimensions"]:
        lines += [
            "",
            f"### {_bi(d['name'], lang)} — {_n(d['score'])} / {_n(d['max'])} "
            f"({md_escape(d['standard'])})",
            "",
            f"| {label('indicator', lang)} | {label('value', lang)} | {label('score', lang)} "
            f"| {label('explanation', lang)} |",
            "|---|---|---|---|",
        ]
        for i in d["indicators"]:
            value = (
                _n(i.get("value")) if i.get("applicable", True) else label("not_applicable", lang)
            )
            evidence = _evidence(i.get("evidence") or {}, lang)
            lines.append(
                f"| {md_escape(i['id'])} {_bi(i['name'], lang)} | {value} "
                f"| {_n(i['score'])} / {_n(i['max'])} | {_bi(i['explanation'], lang)}"
                + (f" ({evidence})" if evidence else "")
                + " |"
            )
    return lines


def _examples(report: Mapping[str, Any], lang: Lang) -> list[str]:
    """Masked example records per failure reason."""
    lines = [f"## {label('examples', lang)}"]
    if not report["examples"]:
        return [*lines, "", label("no_examples", lang)]
    for reason, rows in sorted(report["examples"].items()):
        name = md_escape(reason_name(reason, lang))
        lines += ["", f"### {label('reason', lang)}: {name} (`{md_escape(reason)}`)", ""]
        lines += [f"| {label('file_line', lang)} | {label('text', lang)} |", "|---|---|"]
        lines += [
            f"| {md_escape(e['source_file'])}:{e['source_line']} | {md_escape(e['text'])} |"
            for e in rows
        ]
    return lines


def _provenance(report: Mapping[str, Any], digest: str, lang: Lang) -> list[str]:
    """Rubric, model, seed, software and the report digest."""
    p = report["provenance"]
    return [
        f"## {label('provenance', lang)}",
        "",
        f"- {label('rubric', lang)}: {md_escape(p['rubric_version'])} `{p['rubric_sha256']}`",
        f"- {label('langid_model', lang)}: {md_escape(p['langid_model']['file'])} "
        f"`{p['langid_model']['sha256']}`",
        f"- {label('seed', lang)}: `{p['seed']}`",
        f"- {label('software', lang)}: corpusgrade {md_escape(p['corpusgrade']['version'])} "
        f"`{p['corpusgrade']['git_commit']}`",
        f"- {label('audit_source', lang)}: {label('audit_' + p['audit_source'], lang)}",
        f"- report.json SHA-256: `{digest}`",
    ]


def render_markdown(report: Mapping[str, Any], *, digest: str, lang: Lang = "zh") -> str:
    """The Markdown report in one language, verdict first."""
    g = report["grade"]
    head = [f"# {label('title', lang)}: {md_escape(g['submission_id'])}", ""]
    body = [
        *_verdict(g, lang),
        "",
        *_fixes(report, lang),
        "",
        *_dimensions(g, lang),
        "",
        *_examples(report, lang),
        "",
        *_provenance(report, digest, lang),
    ]
    return "\n".join(head + body) + "\n"
