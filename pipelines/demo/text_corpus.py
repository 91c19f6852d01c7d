"""The demo text corpus: mixed-language news sentences with the usual problems of real submissions.

Injected on purpose, so the pipeline has something to find: exact and near duplicates, personal
information (emails, phones, Chinese resident IDs), HTML noise and boilerplate, and a few broken
lines (invalid JSON, invalid UTF-8, a missing field, a wrong type).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from faker import Faker

from pipelines.demo.common import (
    chinese_resident_id,
    demo_documentation,
    write_jsonl,
    write_manifest,
)
from pipelines.demo.indonesian import indonesian_document
from pipelines.demo.tagalog import tagalog_document

FAKER_LOCALES = {"zh": "zh_CN", "vi": "vi_VN", "th": "th_TH"}
LANGUAGES = ["zh", "vi", "th", "id", "tl"]
BASE_DOCUMENTS = 600


def write_text_submission(folder: Path, *, seed: int, scale: int = 1) -> Path:
    """Write the mixed-language text corpus submission into `folder` and return it."""
    rng = random.Random(seed)
    fakers = {lang: _faker(locale, seed) for lang, locale in FAKER_LOCALES.items()}
    docs = [_original(rng, fakers, i) for i in range(BASE_DOCUMENTS * scale)]
    docs = _with_duplicates(rng, docs)
    docs = [_with_pii(rng, fakers["zh"], d) if rng.random() < 0.06 else d for d in docs]
    docs = [_with_html(rng, d) if rng.random() < 0.04 else d for d in docs]
    half = len(docs) // 2
    write_jsonl(folder / "data" / "part-0001.jsonl", docs[:half])
    write_jsonl(folder / "data" / "part-0002.jsonl", docs[half:])
    _append_broken_lines(folder / "data" / "part-0002.jsonl")
    write_manifest(folder, _manifest())
    return folder


def clean_documents(*, seed: int, count: int, start: int = 0) -> list[dict[str, str]]:
    """`count` original mixed-language documents (no copies, noise or personal information).

    Documents `start .. start+count` of one seed are the same whatever `count` is, so a larger
    call extends a smaller one with novel documents (the demo's upgrade).
    """
    rng = random.Random(seed)
    fakers = {lang: _faker(locale, seed) for lang, locale in FAKER_LOCALES.items()}
    docs = [_original(rng, fakers, i) for i in range(start + count)]
    return docs[start:]


def text_manifest() -> dict[str, object]:
    """The demo text corpus's manifest (the story edits id, owner and openness)."""
    return _manifest()


def _faker(locale: str, seed: int) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def _original(rng: random.Random, fakers: dict[str, Faker], index: int) -> dict[str, str]:
    lang = LANGUAGES[index % len(LANGUAGES)]
    n = rng.randint(6, 10)
    if lang == "id":
        text = indonesian_document(rng, None, sentences=n)
    elif lang == "tl":
        text = tagalog_document(rng, sentences=n)
    else:
        sep = "" if lang in ("zh", "th") else " "
        text = sep.join(fakers[lang].sentence(nb_words=rng.randint(8, 16)) for _ in range(n))
    return {"id": f"news-{index:06d}", "lang": lang, "text": text}


def _with_duplicates(rng: random.Random, docs: list[dict[str, str]]) -> list[dict[str, str]]:
    """Append 5% exact and 5% near copies of earlier documents, under new ids."""
    out = list(docs)
    for k in range(len(docs) // 20):
        src = rng.choice(docs)
        out.append({"id": f"copy-{k:06d}", "lang": src["lang"], "text": src["text"]})
    for k in range(len(docs) // 20):
        src = rng.choice(docs)
        out.append(
            {"id": f"near-{k:06d}", "lang": src["lang"], "text": _small_edit(rng, src["text"])}
        )
    rng.shuffle(out)
    return out


def _small_edit(rng: random.Random, text: str) -> str:
    """Change about 2% of the characters to other characters of the same text."""
    chars = list(text)
    alphabet = sorted({c for c in chars if not c.isspace()})
    for _ in range(max(1, len(chars) // 50)):
        i = rng.randrange(len(chars))
        if not chars[i].isspace():
            chars[i] = rng.choice(alphabet)
    return "".join(chars)


def _with_pii(rng: random.Random, fake: Faker, doc: dict[str, str]) -> dict[str, str]:
    kind = rng.choice(["email", "phone", "id"])
    if kind == "email":
        extra = (
            f" Liên hệ: {fake.user_name()}@example.com"
            if doc["lang"] == "vi"
            else f" 联系邮箱 {fake.user_name()}@example.com"
        )
    elif kind == "phone":
        extra = f" 电话 1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
    else:
        extra = f" 身份证号 {chinese_resident_id(rng)}"
    return {**doc, "text": doc["text"] + extra}


def _with_html(rng: random.Random, doc: dict[str, str]) -> dict[str, str]:
    nav = '<div class="nav"><a href="/">Home</a> | <a href="/news">News</a></div>'
    body = "".join(f"<p>{part}</p>" for part in doc["text"].split(". "))
    boiler = "Copyright © 2026 All rights reserved. | Share: Facebook Twitter"
    lines = [nav, body] + [boiler] * rng.randint(3, 6) + ["<script>track()</script>"]
    return {**doc, "text": "\n".join(lines)}


def _append_broken_lines(path: Path) -> None:
    """Lines a real submission has: invalid JSON, invalid UTF-8, a missing field, a wrong type."""
    with path.open("ab") as handle:
        handle.write(b'{"id": "broken-json", "text": "unterminated\n')
        handle.write(b'{"id": "broken-utf8", "text": "bad \xff\xfe bytes"}\n')
        handle.write(json.dumps({"id": "missing-text", "lang": "vi"}).encode() + b"\n")
        handle.write(json.dumps({"id": "wrong-type", "text": 12345}).encode() + b"\n")


def _manifest() -> dict[str, object]:
    return {
        "id": "demo-multilingual-news",
        "title": "Multilingual news sentences (demo)",
        "owner": "corpusgrade demo university",
        "owner_id": {"country": "CN", "number": "91110000MA01DEM005"},
        "dataset_type": "text_corpus",
        "category": "general",
        "domain": "news",
        "languages": LANGUAGES,
        "license": "CC-BY-4.0",
        "openness": "public",
        "sources": [{"type": "自采", "details": "generated by corpusgrade demo"}],
        "documentation": demo_documentation(
            name="Multilingual news sentences", languages="zh, vi, th, id, tl", data_type="text"
        ),
        "construction_cost_yuan": 200000,
        "files": [
            {"path": "data/*.jsonl", "format": "jsonl", "fields": {"id": "id", "text": "text"}}
        ],
    }
