"""The demo's failed-gate submission: a news corpus from two declared sources, one of which
carries planted harmful records above GB/T 45654's 5% per source.

Its documents come from their own seed and `gate-` ids in Chinese, Vietnamese and Thai (Faker
sentences), so they share nothing with the story's award corpus. Each planted record carries an
honest marker (`pipelines.labelstudio.planted.harm_marker`) that annotators, simulated or real,
see in Label Studio; the simulated ones answer `risk` from it.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from faker import Faker

from pipelines.demo.common import demo_documentation, write_jsonl, write_manifest
from pipelines.demo.upgrade import FAKER_LOCALES, faker_document
from pipelines.labelstudio.planted import harm_marker

__all__ = ["GATE_LANGUAGES", "HARMFUL_SHARE", "write_gate_submission"]

GATE_LANGUAGES = ("zh", "vi", "th")
HARMFUL_SHARE = 0.08
"""Share of the forum source's records planted as harmful (G2's limit is 5% per source)."""
HARM_KINDS = ("violence", "hate", "illegal")
NEWSROOM = {"type": "自采", "details": "corpusgrade demo newsroom"}
FORUM = {"type": "互联网", "details": "https://forum.example.org/news"}
OWNER = {
    "owner": "corpusgrade demo media lab",
    "owner_id": {"country": "CN", "number": "91440300MA5F3PXK0W"},
}


def _documents(
    rng: random.Random, fakers: dict[str, Faker], *, prefix: str, count: int
) -> list[dict[str, str]]:
    docs = []
    for k in range(count):
        lang = GATE_LANGUAGES[k % len(GATE_LANGUAGES)]
        text = faker_document(fakers[lang], rng, lang, sentences=rng.randint(4, 8))
        docs.append({"id": f"gate-{prefix}-{k:06d}", "lang": lang, "text": text})
    return docs


def _plant(rng: random.Random, docs: list[dict[str, str]], share: float) -> list[dict[str, str]]:
    """Mark round(share x len(docs)) documents, chosen by the seed, as planted harm."""
    chosen = set(rng.sample(range(len(docs)), round(share * len(docs))))
    return [
        {**doc, "text": f"{harm_marker(HARM_KINDS[i % len(HARM_KINDS)])} {doc['text']}"}
        if i in chosen
        else doc
        for i, doc in enumerate(docs)
    ]


def _manifest() -> dict[str, Any]:
    fields = {"id": "id", "text": "text"}
    return {
        "id": "demo-forum-news",
        "title": "News sentences from a newsroom and a public forum (demo)",
        **OWNER,
        "dataset_type": "text_corpus",
        "category": "general",
        "domain": "news",
        "languages": list(GATE_LANGUAGES),
        "license": "CC-BY-4.0",
        "openness": "public",
        "sources": [NEWSROOM, FORUM],
        "documentation": demo_documentation(
            name="News from a newsroom and a forum", languages="zh, vi, th", data_type="text"
        ),
        "construction_cost_yuan": 200000,
        "files": [
            {"path": f"data/{name}.jsonl", "format": "jsonl", "fields": fields, "source": source}
            for name, source in (("newsroom", NEWSROOM), ("forum", FORUM))
        ],
    }


def write_gate_submission(
    folder: Path, *, seed: int, newsroom: int, forum: int, harmful_share: float = HARMFUL_SHARE
) -> Path:
    """Write the two-source submission into `folder`: `newsroom` clean documents and `forum`
    documents of which `harmful_share` are planted harm; return the folder."""
    rng = random.Random(seed)
    fakers = {lang: Faker(FAKER_LOCALES[lang]) for lang in GATE_LANGUAGES}
    for fake in fakers.values():
        fake.seed_instance(seed)
    write_jsonl(
        folder / "data" / "newsroom.jsonl",
        _documents(rng, fakers, prefix="newsroom", count=newsroom),
    )
    forum_docs = _documents(rng, fakers, prefix="forum", count=forum)
    write_jsonl(folder / "data" / "forum.jsonl", _plant(rng, forum_docs, harmful_share))
    write_manifest(folder, _manifest())
    return folder
