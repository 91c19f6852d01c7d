"""TMX reader (parallel corpora): each <tu> is a record; tuv languages are matched to the
manifest's source_lang/target_lang by their primary subtag (zh-CN matches zh)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.ingest.frame import bad_row, frame_from_rows

__all__ = ["read_tmx_file"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_COLUMNS: dict[str, pl.DataType] = {
    "source": pl.String(),
    "target": pl.String(),
    "source_lang": pl.String(),
    "target_lang": pl.String(),
}


def _local(tag: str) -> str:
    """Tag name without a namespace."""
    return tag.rsplit("}", 1)[-1]


def _primary(lang: str) -> str:
    """'zh-Hans-CN' -> 'zh'."""
    return lang.replace("_", "-").split("-")[0].strip().lower()


def _variants(unit: ET.Element) -> list[tuple[str, str]]:
    """(primary language, segment text) of each <tuv> in a unit."""
    found: list[tuple[str, str]] = []
    for tuv in unit:
        if _local(tuv.tag) != "tuv":
            continue
        lang = tuv.get(_XML_LANG) or tuv.get("lang") or ""
        seg = next((child for child in tuv if _local(child.tag) == "seg"), None)
        found.append((_primary(lang), "" if seg is None else "".join(seg.itertext())))
    return found


def _pick(variants: list[tuple[str, str]], lang: str | None, skip: int) -> int | None:
    """Index of the variant in `lang` (or the first one other than `skip` when not declared)."""
    for index, (code, _text) in enumerate(variants):
        if (code == lang) if lang else index != skip:
            return index
    return None


def _unit_row(
    number: int, unit: ET.Element, source_lang: str | None, target_lang: str | None
) -> dict[str, Any]:
    """One translation unit as a reader row, or a `bad_tmx_unit` row."""
    raw = ET.tostring(unit, encoding="unicode")
    variants = _variants(unit)
    src = _pick(variants, source_lang, -1)
    tgt = None if src is None else _pick(variants, target_lang, src)
    if src is None or tgt is None:
        langs = ", ".join(code or "?" for code, _text in variants) or "none"
        wanted = f"{source_lang or 'any'} and {target_lang or 'another language'}"
        return bad_row(number, raw, "bad_tmx_unit", f"unit needs {wanted}; has {langs}")
    return {
        "source_line": number,
        "raw": raw,
        "source": variants[src][1],
        "target": variants[tgt][1],
        "source_lang": source_lang or variants[src][0],
        "target_lang": target_lang or variants[tgt][0],
    }


def read_tmx_file(path: Path, *, source_lang: str | None, target_lang: str | None) -> pl.DataFrame:
    """All units of a TMX file; XML that breaks off leaves one `unreadable_file` row."""
    rows: list[dict[str, Any]] = []
    try:
        for _event, element in ET.iterparse(path, events=("end",)):
            if _local(element.tag) == "tu":
                rows.append(_unit_row(len(rows) + 1, element, source_lang, target_lang))
                element.clear()
    except ET.ParseError as exc:
        rows.append(
            bad_row(len(rows) + 1, b"", "unreadable_file", f"TMX is not well-formed XML: {exc}")
        )
    return frame_from_rows(rows, _COLUMNS)
