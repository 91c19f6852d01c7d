"""Render the report dict as Markdown for pasting into review documents (zh or en).

Corpus text (file names, masked examples, reasons) is escaped so it can neither break a table
nor inject HTML when the Markdown is rendered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graders.report.i18n import Lang, label

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
        f"### {label('gates', lang)}",
        "",
        f"| {label('gate', lang)} | {label('result', lang)} | {label('explanation', lang)} |",
        "|---|---|---|",
    ]
    for gate in g["gates"]:
        result = label("passed" if gate["passed"] else "failed", lang)
        name = f"{md_escape(gate['id'])} {_bi(gate['name'], lang)}"
        lines.append(f"| {name} | {result} | {_bi(gate['explanation'], lang)} |")
    fixes = [f"{i}. {_bi(item, lang)}" for i, item in enumerate(g.get("what_to_fix", []), 1)]
    return lines + (["", f"### {label('what_to_fix', lang)}", "", *fixes] if fixes else [])


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
            lines.append(
                f"| {md_escape(i['id'])} {_bi(i['name'], lang)} | {value} "
                f"| {_n(i['score'])} / {_n(i['max'])} | {_bi(i['explanation'], lang)} |"
            )
    return lines


def _examples(report: Mapping[str, Any], lang: Lang) -> list[str]:
    """Masked example records per failure reason."""
    lines = [f"## {label('examples', lang)}"]
    if not report["examples"]:
        return [*lines, "", label("no_examples", lang)]
    for reason, rows in sorted(report["examples"].items()):
        lines += ["", f"### {label('reason', lang)}: {md_escape(reason)}", ""]
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
        *_dimensions(g, lang),
        "",
        *_examples(report, lang),
        "",
        *_provenance(report, digest, lang),
    ]
    return "\n".join(head + body) + "\n"
