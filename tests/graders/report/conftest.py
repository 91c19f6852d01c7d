"""Fixtures for the report tests: the hostile-text sample report."""

from __future__ import annotations

from typing import Any

import pytest
from sample_report import sample_report


@pytest.fixture
def report() -> dict[str, Any]:
    """A complete, validated report dict with hostile corpus text in it."""
    return sample_report()
