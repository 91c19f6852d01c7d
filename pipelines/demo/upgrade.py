"""The documents the demo's upgrade adds: short news in eight languages, Lao, Khmer and Burmese
among them (the rubric's low-resource languages, which earn the low-resource scale band).

Documents are numbered from `start`, so they never share an id with the corpus they extend, and
have 3-6 sentences, which keeps a four-thousand-document upgrade quick to grade.
"""

from __future__ import annotations

import random

from faker import Faker

from pipelines.demo.indonesian import indonesian_document
from pipelines.demo.mekong import MEKONG_LANGUAGES, mekong_document
from pipelines.demo.tagalog import tagalog_document

__all__ = ["UPGRADE_LANGUAGES", "faker_document", "novel_documents"]

FAKER_LOCALES = {"zh": "zh_CN", "vi": "vi_VN", "th": "th_TH"}
UPGRADE_LANGUAGES = (*MEKONG_LANGUAGES, "zh", "vi", "th", "id", "tl")


def faker_document(fake: Faker, rng: random.Random, lang: str, *, sentences: int) -> str:
    """Faker sentences in `lang` (zh, vi or th), joined as that script writes them."""
    sep = "" if lang in ("zh", "th") else " "
    return sep.join(fake.sentence(nb_words=rng.randint(8, 16)) for _ in range(sentences))


def _text(rng: random.Random, fakers: dict[str, Faker], lang: str) -> str:
    sentences = rng.randint(3, 6)
    if lang in MEKONG_LANGUAGES:
        return mekong_document(rng, lang, sentences=sentences)
    if lang == "id":
        return indonesian_document(rng, None, sentences=sentences)
    if lang == "tl":
        return tagalog_document(rng, sentences=sentences)
    return faker_document(fakers[lang], rng, lang, sentences=sentences)


def novel_documents(*, seed: int, count: int, start: int) -> list[dict[str, str]]:
    """`count` documents with ids `news-<start>` onwards, languages in turn (same seed, same
    documents)."""
    rng = random.Random(seed)
    fakers = {lang: Faker(locale) for lang, locale in FAKER_LOCALES.items()}
    for fake in fakers.values():
        fake.seed_instance(seed)
    docs = []
    for k in range(count):
        lang = UPGRADE_LANGUAGES[k % len(UPGRADE_LANGUAGES)]
        docs.append({"id": f"news-{start + k:06d}", "lang": lang, "text": _text(rng, fakers, lang)})
    return docs
