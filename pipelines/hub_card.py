"""The Hugging Face dataset card of a curated export, and its offline validation.

`huggingface_hub`'s `DatasetCard.validate()` posts the card to the Hub (`/api/validate-yaml`),
which this machine cannot reach. `validate_card` checks the same YAML header offline: it parses
the card with `huggingface_hub.DatasetCard` (duplicate keys, YAML syntax), round-trips the header
through `DatasetCardData`, reads the `dataset_info` block back with `DatasetInfosDict`,
and checks the tag values against the Hub's vocabularies: languages and size categories from the
`datasets` package's own resource files, licence ids and task categories from the Hub's lists
below (https://huggingface.co/docs/hub/repositories-licenses, /tasks).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import datasets
from datasets.info import DatasetInfosDict
from huggingface_hub import DatasetCard, DatasetCardData

from schemas.errors import CorpusgradeError

__all__ = [
    "HUB_LICENSES",
    "TASK_CATEGORIES",
    "CardError",
    "card_text",
    "hub_license",
    "validate_card",
]

HUB_LICENSES: frozenset[str] = frozenset(
    {
        "apache-2.0", "mit", "openrail", "bigscience-openrail-m", "creativeml-openrail-m",
        "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "afl-3.0", "artistic-2.0",
        "bsl-1.0", "bsd", "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear",
        "c-uda", "cc", "cc0-1.0", "cc-by-2.0", "cc-by-2.5", "cc-by-3.0", "cc-by-4.0",
        "cc-by-sa-3.0", "cc-by-sa-4.0", "cc-by-nc-2.0", "cc-by-nc-3.0", "cc-by-nc-4.0",
        "cc-by-nd-4.0", "cc-by-nc-nd-3.0", "cc-by-nc-nd-4.0", "cc-by-nc-sa-2.0",
        "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0", "cdla-sharing-1.0", "cdla-permissive-1.0",
        "cdla-permissive-2.0", "wtfpl", "ecl-2.0", "epl-1.0", "epl-2.0", "etalab-2.0",
        "eupl-1.1", "eupl-1.2", "agpl-3.0", "gfdl", "gpl", "gpl-2.0", "gpl-3.0", "lgpl",
        "lgpl-2.1", "lgpl-3.0", "isc", "lppl-1.3c", "ms-pl", "mpl-2.0", "odc-by", "odbl",
        "openrail++", "osl-3.0", "postgresql", "ofl-1.1", "ncsa", "unlicense", "zlib",
        "pddl", "lgpl-lr", "deepfloyd-if-license", "llama2", "llama3", "unknown", "other",
    }
)  # fmt: skip
"""The Hub's licence identifiers (lower-case, SPDX-like); anything else must be `other`."""

TASK_CATEGORIES: dict[str, tuple[str, ...]] = {
    "text_corpus": ("text-generation",),
    "classification": ("text-classification",),
    "ner": ("token-classification",),
    "instruction": ("text-generation", "question-answering"),
    "parallel_corpus": ("translation",),
}
"""Hub task categories per dataset type (all are ids of https://huggingface.co/tasks)."""


class CardError(CorpusgradeError, ValueError):
    """A dataset card's YAML header would be rejected by the Hub."""


@cache
def _resource(name: str) -> frozenset[str]:
    """The keys (or items) of one of the `datasets` package's tag vocabularies."""
    path = Path(datasets.__file__).parent / "utils" / "resources" / name
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(data)


def hub_license(license_id: str) -> str:
    """The Hub's id for an SPDX licence (`CC-BY-4.0` → `cc-by-4.0`); `other` when it has none."""
    lowered = license_id.strip().lower()
    return lowered if lowered in HUB_LICENSES else "other"


def card_text(
    *,
    info: datasets.DatasetInfo,
    pretty_name: str,
    license_id: str,
    languages: Sequence[str],
    task_categories: Sequence[str],
    size_category: str,
    body: str,
) -> str:
    """The README.md text: a YAML header the Hub accepts, then the markdown `body`."""
    hub_id = hub_license(license_id)
    data = DatasetCardData(
        language=list(languages),
        license=hub_id,
        license_name=None if hub_id != "other" else license_id,
        multilinguality="multilingual" if len(languages) > 1 else "monolingual",
        size_categories=[size_category],
        task_categories=list(task_categories),
        pretty_name=pretty_name,
    )
    DatasetInfosDict({"default": info}).to_dataset_card_data(data)
    return f"---\n{data.to_yaml()}\n---\n\n{body}"


def validate_card(text: str) -> list[str]:
    """The problems the Hub would report with the card's header (empty when it passes)."""
    try:
        card = DatasetCard(text, ignore_metadata_errors=False)
    except Exception as error:  # DatasetCard raises ValueError/YAMLError for a bad header
        return [f"header does not parse: {error}"]
    meta: Mapping[str, Any] = card.data.to_dict()
    problems: list[str] = []
    languages = meta.get("language") or []
    if not languages:
        problems.append("language: missing")
    problems += [
        f"language: {code!r} is not a Hub language code"
        for code in languages
        if code not in _resource("languages.json")
    ]
    license_id = meta.get("license")
    if license_id not in HUB_LICENSES:
        problems.append(f"license: {license_id!r} is not a Hub licence id")
    if license_id == "other" and not meta.get("license_name"):
        problems.append("license: 'other' needs license_name")
    sizes = meta.get("size_categories") or []
    allowed = _resource("size_categories.json")
    problems += [f"size_categories: {s!r} is not a Hub size" for s in sizes if s not in allowed]
    known_tasks = {t for tasks in TASK_CATEGORIES.values() for t in tasks}
    tasks = meta.get("task_categories") or []
    if not tasks:
        problems.append("task_categories: missing")
    problems += [f"task_categories: {t!r} is unknown" for t in tasks if t not in known_tasks]
    try:
        DatasetInfosDict.from_dataset_card_data(card.data)
    except Exception as error:  # the datasets library's own reading of dataset_info
        problems.append(f"dataset_info: {error}")
    return problems


def check_card(text: str, *, path: Path) -> None:
    """Raise `CardError` naming the card file and every problem, if there are any."""
    problems = validate_card(text)
    if problems:
        message = f"{path}: dataset card header would be rejected by the Hub: " + "; ".join(
            problems
        )
        raise CardError(message)
