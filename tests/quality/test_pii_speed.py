"""The fast paths of PII masking change no result (issue 18: masking speed).

``add_pii_columns`` lets Polars decide per row which address/name rules, folding and PhilSys
scans are worth running (``quality.pii._Plan``), skips number candidates too short to be PII and
folds text by replacing its distinct foldable characters. Each shortcut is checked here against
the plain path it replaces.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import polars as pl
import pytest
import regex

from quality.pii import (
    _FULL_PLAN,
    _GATES,
    SCAN_PREFILTER,
    _mask,
    _Plan,
    _too_short,
    add_pii_columns,
    mask_pii,
)
from quality.pii_patterns import (
    _FOLD,
    _FOLDABLE,
    FOLDABLE_GATE,
    classify_number,
    fold_text,
    polars_gate,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.pii_samples import (
    generate_pii_samples,
    name_address_samples,
    negative_samples,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def _sample_texts() -> list[str]:
    texts = [s.text for s in generate_pii_samples(seed=3, per_type=60)]
    texts += [s.text for g in name_address_samples(seed=5, per_group=15).values() for s in g]
    texts += [s.text for s in negative_samples()]
    for name in ("langid_dev.jsonl", "pud_parallel_dev.jsonl"):
        frame = pl.read_ndjson(SHARED / name)
        texts += [t for c in frame.columns if c not in ("sent_id", "lang") for t in frame[c]]
    return texts


def _full_scan(texts: list[str]) -> list[tuple[str, list[str]]]:
    """What masking did before the plans: every flagged row scanned by every rule."""
    flagged = pl.Series(texts).str.contains(SCAN_PREFILTER).to_list()
    return [mask_pii(t) if hit else (t, []) for t, hit in zip(texts, flagged, strict=True)]


def test_planned_masking_equals_the_full_scan_on_samples_and_shared_data() -> None:
    texts = _sample_texts()
    out = add_pii_columns(pl.DataFrame({"text": texts}), columns=["text"])
    expected = _full_scan(texts)
    assert out["text_masked"].to_list() == [m for m, _ in expected]
    assert out["pii_count"].to_list() == [len(f) for _, f in expected]
    assert out["pii_types"].to_list() == [sorted(set(f)) for _, f in expected]
    assert sum(out["pii_count"]) > 1000  # the comparison covers many matches of every kind


def test_a_plan_that_leaves_out_a_needed_rule_is_seen() -> None:
    text = "Ông Nguyễn Văn An sống tại số 12 đường Lê Lợi, phường 3."
    without_names = _Plan(persons=())
    assert _mask(text, _FULL_PLAN) != _mask(text, without_names)
    assert _mask(text, _FULL_PLAN) == mask_pii(text)


def test_two_columns_add_their_counts_and_types() -> None:
    frame = pl.DataFrame(
        {"a": ["mail a.b@example.com", None, "nothing"], "b": ["Mr John Smith", "x", None]}
    )
    out = add_pii_columns(frame, columns=["a", "b"])
    assert out["pii_count"].to_list() == [2, 0, 0]
    assert out["pii_types"].to_list() == [["EMAIL", "PERSON"], [], []]
    assert out["a_masked"].to_list() == ["mail [EMAIL]", None, "nothing"]


def _all_chars() -> list[str]:
    return [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


@pytest.mark.parametrize(
    ("python", "rust"),
    [
        (r"\d", polars_gate(r"\d")),
        (r"[[\d]--[0-9]]", FOLDABLE_GATE.split("|")[0]),
        (r"\s", polars_gate(r"\s")),
        (r"\p{Lu}", polars_gate(r"\p{Lu}")),
    ],
)
def test_the_polars_gates_classes_cover_the_python_ones(python: str, rust: str) -> None:
    """A gate must match wherever its Python scan does: the Unicode classes both are built of
    must agree, character by character (different Unicode versions would show here)."""
    in_python = pl.Series(sorted(set(regex.findall(python, "".join(_all_chars()), regex.V1))))
    assert in_python.len() > 0
    missed = in_python.filter(~in_python.str.contains(f"^(?:{rust})$")).to_list()
    assert missed == []


def test_the_plain_rust_classes_miss_newer_characters() -> None:
    """Why ``polars_gate`` widens classes: Rust's tables lack digits and capitals ``regex``
    knows (when both libraries catch up, this fails and the widening can go)."""
    in_python = pl.Series(sorted(set(regex.findall(r"\d", "".join(_all_chars())))))
    assert not in_python.str.contains(r"^\d$").all()


def test_case_insensitive_gates_cover_the_python_ones() -> None:
    """Every character the Python needles' ``(?i)`` lets stand for a letter of a gate's word
    also matches that letter in Polars."""
    text = "".join(_all_chars())
    for letter in sorted(set("philsysnationalpambansangnamapangalantêncontactpersonerima")):
        in_python = pl.Series(sorted(set(regex.findall(f"(?i){letter}", text))))
        gate = polars_gate(f"(?i){letter}")
        assert in_python.filter(~in_python.str.contains(f"^(?:{gate})$")).to_list() == []


def test_every_gate_matches_where_its_python_needle_does_on_samples() -> None:
    from quality.pii_address import _NEEDLES as address_needles
    from quality.pii_names import _NEEDLES as person_needles
    from quality.pii_patterns import PH_LABEL

    texts = _sample_texts()
    series = pl.Series(texts)
    python = {
        **{f"a:{k}": v for k, v in address_needles.items()},
        **{f"p:{k}": v for k, v in person_needles.items()},
        "fold": _FOLDABLE,
        "philsys": PH_LABEL,
    }
    assert set(python) == set(_GATES)
    for key, needle in python.items():
        gate = series.str.contains(_GATES[key]).to_list()
        found = [needle.search(t) is not None for t in texts]
        assert not any(f and not g for f, g in zip(found, gate, strict=True)), key


def test_numbers_too_short_to_be_pii_never_classify() -> None:
    rng = random.Random(7)
    checked = 0
    for _ in range(20000):
        pieces = [str(rng.randint(0, 10 ** rng.randint(1, 4))) for _ in range(rng.randint(1, 3))]
        raw = rng.choice(["(", ""]) + rng.choice([" ", "-", ".", ") "]).join(pieces)
        if not _too_short(raw):
            continue
        checked += 1
        assert classify_number(raw) is None, raw
        assert all(classify_number(p) is None for p in raw.split()), raw
    assert checked > 10000
    assert not _too_short("+84 123")
    assert not _too_short("0084 12")
    assert not _too_short("9123 4567")


def test_fold_text_equals_translate() -> None:
    keys = "".join(chr(c) for c in _FOLD)
    texts = [*_sample_texts(), keys, "１３８－００１３　８０００", "๑๒๓ ៤៥៦ 12\u2212 34"]
    for text in texts:
        expected = text.translate(_FOLD) if _FOLDABLE.search(text) else text
        assert fold_text(text) == expected
