"""One scalar text value per control from an annotation's result list (pure).

Choices become the picked value (several picks joined with `|`, sorted), ratings and numbers their
number as text, text areas their text, and span labels a JSON list of {start, end, label} sorted
by position: the shape the agreement metrics in `quality/audit` read.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any


def control_values(
    result: list[dict[str, Any]], controls: dict[str, str]
) -> dict[str, tuple[str, str]]:
    """Control name -> (kind, value) for every control of the config answered in `result`."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for region in result:
        name = str(region.get("from_name"))
        if name in controls:
            grouped[name].append(region.get("value") or {})
    return {
        name: (controls[name], _value(controls[name], regions))
        for name, regions in sorted(grouped.items())
    }


def _value(kind: str, regions: list[dict[str, Any]]) -> str:
    """The text form of one control's answer."""
    if kind == "labels":
        spans = sorted(
            (int(r["start"]), int(r["end"]), str(label))
            for r in regions
            for label in r.get("labels") or []
        )
        return json.dumps([{"start": s, "end": e, "label": lab} for s, e, lab in spans])
    if kind == "choices":
        picks = sorted({str(c) for r in regions for c in r.get("choices") or []})
        return "|".join(picks)
    if kind == "rating":
        return str(regions[0].get("rating"))
    if kind == "number":
        return str(regions[0].get("number"))
    if kind == "textarea":
        return "\n".join(str(t) for r in regions for t in r.get("text") or [])
    return json.dumps(regions, sort_keys=True)
