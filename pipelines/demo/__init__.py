"""Seeded, realistic demo submissions the project generates itself (no third-party corpora).

`generate_demo(out)` writes three submission folders, each a `manifest.yaml` plus data files:
a mixed-language text corpus with injected duplicates, personal information, HTML noise and broken
lines; a Chinese↔Vietnamese parallel corpus with some misaligned pairs; and an Indonesian
classification set with some wrong labels. Same seed, same bytes.
"""

from __future__ import annotations

from pathlib import Path

from pipelines.demo.classification import write_classification_submission
from pipelines.demo.parallel import write_parallel_submission
from pipelines.demo.text_corpus import write_text_submission

DEMO_SEED = 20261123

__all__ = ["DEMO_SEED", "generate_demo"]


def generate_demo(out: Path, *, seed: int = DEMO_SEED, scale: int = 1) -> list[Path]:
    """Write the demo submissions below `out` and return their folders (sorted by id)."""
    out.mkdir(parents=True, exist_ok=True)
    return [
        write_text_submission(out / "demo-multilingual-news", seed=seed, scale=scale),
        write_parallel_submission(out / "demo-zh-vi-parallel", seed=seed + 1, scale=scale),
        write_classification_submission(out / "demo-id-topics", seed=seed + 2, scale=scale),
    ]
