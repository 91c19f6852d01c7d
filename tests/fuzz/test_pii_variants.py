"""No unmasked form of a personal identifier leaves the owner's data (issue 16, item 2).

Per id type (Chinese resident id, MyKad, Thai id, bank card, mobile phone, e-mail), hypothesis
writes valid values (python-stdnum and phonenumbers check them) glued to letters, in full-width
digits, in spaced or dashed groups, inside text and as record ids, and follows them through
everything that leaves: the masked text (`add_pii_columns`), the Label Studio tasks
(`build_tasks`), the report's examples (`example_records`) and the record-id surrogate.
`tests/pipelines/test_pii_end_to_end.py` runs a handful of them through `corpusgrade run`.
"""

from __future__ import annotations

import json
import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graders.report.assemble import example_records
from pipelines.labelstudio.configs import load_config
from pipelines.labelstudio.tasks import build_tasks, restore_record_ids
from quality.pii import add_pii_columns, public_record_id
from tests.fuzz.pii_values import GLUE, MAKERS, leaks, written

KEY = b"k" * 32
VARIANT = {
    "seed": st.integers(0, 2**32),
    "glue": st.sampled_from(GLUE),
    "group": st.sampled_from([0, 3, 4]),
    "sep": st.sampled_from([" ", "-", "　", "－"]),
    "full_width": st.booleans(),
}
QUARANTINE = pl.DataFrame(
    schema={
        "source_file": pl.String,
        "source_line": pl.Int64,
        "field": pl.String,
        "reason": pl.String,
        "detail": pl.String,
        "raw": pl.String,
    }
)


def _variant(kind: str, seed: int, **how: object) -> tuple[str, str]:
    value = MAKERS[kind](random.Random(seed))
    return value, written(value, **how)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_no_unmasked_form_reaches_tasks_reports_or_ids(kind: str) -> None:
    config = load_config("text_quality")

    @settings(max_examples=40, deadline=None, database=None, derandomize=True)
    @given(**VARIANT)
    def probe(seed: int, glue: str, group: int, sep: str, full_width: bool) -> None:
        value, form = _variant(kind, seed, glue=glue, group=group, sep=sep, full_width=full_width)
        text = f"资料 {form} 结束"
        frame = add_pii_columns(
            pl.DataFrame({"record_id": [form], "text": [text]}), columns=["text"]
        )
        assert not leaks(value, frame["text_masked"][0]), (text, frame["text_masked"][0])
        public = public_record_id(form, key=KEY)
        assert not leaks(value, public), (form, public)
        sample = frame.with_columns(audit_task=pl.lit("text_quality"))
        tasks = json.dumps(build_tasks(sample, config, submission="s", key=KEY), ensure_ascii=False)
        assert not leaks(value, tasks), tasks
        pulled = pl.DataFrame({"record_id": [public]})
        assert restore_record_ids(pulled, sample, key=KEY)["record_id"].to_list() == [form]
        records = frame.with_columns(
            drop_reason=pl.lit("too_short"),
            source_file=pl.lit("a.jsonl"),
            source_line=pl.lit(1),
            content_masked=pl.col("text_masked"),
        )
        examples = example_records(records, QUARANTINE, record_id_key=KEY)
        assert not leaks(value, json.dumps(examples, ensure_ascii=False)), examples

    probe()


def test_the_leak_check_itself_sees_an_unmasked_value() -> None:
    """The property above would pass on any output if `leaks` never said yes."""
    for kind, make in MAKERS.items():
        value = make(random.Random(1))
        form = written(value, glue="No.", group=4, sep=" ", full_width=True)
        assert leaks(value, f"资料 {form}"), kind
        assert not leaks(value, "资料 [ID_CN]")


def test_a_surrogate_cannot_be_found_by_hashing_guesses_without_the_key() -> None:
    """Keyed: the same id under another workspace's key gives another surrogate, and the
    unkeyed salted hash the surrogate used to be is not what it is now."""
    phone = "user-13800138000"
    mine, theirs = public_record_id(phone, key=KEY), public_record_id(phone, key=b"x" * 32)
    assert mine.startswith("user-[PHONE]~") and theirs.startswith("user-[PHONE]~")
    assert mine != theirs
    assert mine == public_record_id(phone, key=KEY)
