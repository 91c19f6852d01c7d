"""Every drop and quarantine reason the code can emit has a name in Chinese and English."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from graders.report.i18n import LANGS
from graders.report.reasons import REASON_NAMES, reason_group, reason_name
from quality.language_packs import default_packs
from quality.type_filter import DROPPING_TYPE_ISSUES
from schemas.records import QUARANTINE_REASONS

ROOT = Path(__file__).resolve().parents[3]
SNAKE = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+$")


def _literal_reasons(path: str, pattern: str) -> set[str]:
    """String literals the code writes as a reason, found by `pattern` in a file or folder."""
    found: set[str] = set()
    where = ROOT / path
    for source in sorted(where.glob("*.py")) if where.is_dir() else [where]:
        found |= set(re.findall(pattern, source.read_text(encoding="utf-8")))
    return found


def _ingest_reasons() -> set[str]:
    """Reason literals ingest passes to `bad_row`/`error_frame` or returns in problem tuples."""
    found: set[str] = set()
    for source in sorted((ROOT / "pipelines" / "ingest").glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in REASON_CALLS:
                values = node.args
            else:
                values = node.elts if isinstance(node, ast.Tuple) else []
            found |= {
                v.value
                for v in values
                if isinstance(v, ast.Constant) and isinstance(v.value, str) and SNAKE.match(v.value)
            }
    return found


REASON_CALLS = ("bad_row", "error_frame")


def emitted_reasons() -> set[str]:
    """Drop reasons (filters, type filter, dedup, safety) and quarantine reasons (ingest)."""
    packs = default_packs()
    rules = {rule.id for pack in [packs.default, *packs.languages.values()] for rule in pack.rules}
    dedup_kinds = _literal_reasons("quality/dedup", r'pl\.lit\("(exact|near)"\)')
    dedup = {f"duplicate_{kind}" for kind in dedup_kinds}
    safety = _literal_reasons("quality/safety.py", r'then\(pl\.lit\("([a-z_]+)"\)\)')
    ingest = _ingest_reasons()
    assert dedup == {"duplicate_exact", "duplicate_near"} and "safety_keyword" in safety
    assert {"malformed_json", "invalid_utf8", "wrong_type"} <= ingest
    return rules | set(DROPPING_TYPE_ISSUES) | dedup | safety | set(QUARANTINE_REASONS) | ingest


def test_every_reason_the_code_emits_has_both_names() -> None:
    missing = sorted(emitted_reasons() - set(REASON_NAMES))
    assert missing == [], f"add these to graders/report/reasons.py: {missing}"
    for reason, names in REASON_NAMES.items():
        assert set(names) == set(LANGS), reason
        assert all(names[lang].strip() and names[lang] != reason for lang in LANGS), reason


def test_names_are_human_and_quarantine_is_said() -> None:
    assert reason_name("fineweb_line_punct", "en").startswith("Too few lines end in punct")
    assert reason_name("fineweb_line_punct", "zh") != reason_name("fineweb_line_punct", "en")
    assert reason_name("quarantine:malformed_json", "zh") == "JSON 格式错误（隔离）"
    assert reason_name("a_reason_added_later", "en") == "a reason added later"
    assert reason_group("quarantine:too_long") == "quarantine"
    assert reason_group("parallel_misaligned") == "type"
