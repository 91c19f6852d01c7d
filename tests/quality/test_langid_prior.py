"""The declared languages as a prior: short and uncertain texts, confusable pairs, honesty."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from quality.langid import LanguageIdentifier, add_language_columns
from quality.langid_lingua import lingua_vote
from quality.langid_prior import DeclaredPrior, choose, lexicon_vote


def _lang(text: str, declared: list[str]) -> str:
    frame = pl.DataFrame({"t": [text]})
    result: str = add_language_columns(frame, column="t", declared=declared)["lang"][0]
    return result


@pytest.mark.parametrize(
    ("text", "declared", "lang"),
    [
        # lid.176 has no feature of these words and answers "en" 0.12 (its label frequencies).
        ("Siapa", ["id"], "id"),
        ("Kami", ["id"], "id"),
        ("Salamat po", ["tl"], "tl"),
        ("Siapa", ["id", "en", "tl", "vi"], "id"),
    ],
)
def test_short_utterances_take_the_declared_language(
    text: str, declared: list[str], lang: str
) -> None:
    assert _lang(text, declared) == lang


def test_without_a_declaration_short_texts_keep_the_model_answer() -> None:
    assert _lang("Siapa", []) == "en"


@pytest.mark.parametrize(
    ("text", "declared", "lang"),
    [
        ("รัฐบาลจะสร้างโรงเรียนใหม่ในปีหน้า", ["vi"], "th"),
        (
            "Le gouvernement de la ville va construire une nouvelle école l’année prochaine.",
            ["vi"],
            "fr",
        ),
        # Malay cue words (kerajaan, baharu) still win over a declaration of Indonesian only.
        ("Kerajaan negeri akan membina sekolah baharu pada tahun hadapan.", ["id"], "ms"),
    ],
)
def test_a_confident_or_script_decided_answer_is_kept(
    text: str, declared: list[str], lang: str
) -> None:
    assert _lang(text, declared) == lang


def test_an_undeclared_confusable_label_becomes_the_declared_member() -> None:
    prior = DeclaredPrior(groups=(frozenset({"id", "ms"}),))
    choice = choose(
        [("ms", 0.95), ("id", 0.04)], declared=frozenset({"id"}), prior=prior, letters=80
    )
    assert choice is not None and (choice.lang, choice.score) == ("id", 0.99)
    both = choose(
        [("ms", 0.95), ("id", 0.04)], declared=frozenset({"id", "ms"}), prior=prior, letters=80
    )
    assert both is None


def test_posterior_needs_the_declared_language_to_be_plausible() -> None:
    prior = DeclaredPrior(short_odds=20.0, long_odds=3.0, keep_above=0.9, long_text=40)
    ranked = [("it", 0.5), ("tl", 0.05), ("es", 0.4)]
    short = choose(ranked, declared=frozenset({"tl"}), prior=prior, letters=10)
    assert short is not None and short.lang == "tl"
    long = choose(ranked, declared=frozenset({"tl"}), prior=prior, letters=120)
    assert long is None


def test_lexicon_vote_counts_only_words_one_language_lists() -> None:
    langs = frozenset({"tl", "en"})
    assert lexicon_vote("Ano ang pangalan mo?", langs) == "tl"
    assert lexicon_vote("what is your name", langs) == "en"
    assert lexicon_vote("Pagod", langs) is None
    assert lexicon_vote("Cửu", frozenset({"vi", "en"}), {"vi": "[ửơư]"}) == "vi"


def test_an_uncertain_sentence_is_settled_by_common_words_at_any_length() -> None:
    # lid.176 ranks "en" first at 0.24 on this Indonesian sentence full of English names; with
    # English declared too, only the common words (sementara, itu, tampak, di) tell.
    text = "Sementara itu, Manchester United tampak menghadapi Liverpool di Old Trafford."
    assert _lang(text, ["en", "id", "tl", "vi", "zh"]) == "id"
    # A sentence lid.176 is sure of keeps its answer even when it holds a few declared words.
    english = "The minister said the new bridge over the river will open next year."
    assert _lang(english, ["en", "id", "tl", "vi", "zh"]) == "en"


DECLARED = ["en", "id", "tl", "vi", "zh", "th"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # lid.176 says en or id for these; no common word settles them.
        ("Kumakain", "tl"),
        ("Naglalaro", "tl"),
        ("Tumatakbo", "tl"),
        ("Pupunta kami", "tl"),
        ("Makan siang", "id"),
        ("Xin chào", "vi"),
        ("Good morning", "en"),
    ],
)
def test_short_texts_get_lingua_second_opinion_among_declared_languages(
    text: str, lang: str
) -> None:
    assert _lang(text, DECLARED) == lang


def test_without_the_second_opinion_short_tagalog_falls_back_to_lid176() -> None:
    # The same words with the second opinion switched off: the fallback this replaces.
    ident = LanguageIdentifier()
    ident.rules = replace(ident.rules, prior=replace(ident.rules.prior, second_opinion=False))
    frame = pl.DataFrame({"t": ["Naglalaro", "Tumatakbo"]})
    out = add_language_columns(frame, column="t", declared=DECLARED, identifier=ident)
    assert out["lang"].to_list() == ["en", "en"]


def test_lingua_needs_two_declared_languages_it_knows() -> None:
    assert lingua_vote("Naglalaro", ["tl"]) is None
    assert lingua_vote("Naglalaro", ["tl", "th", "zh"]) is None
    vote = lingua_vote("Naglalaro", ["tl", "en"])
    assert vote is not None and vote[0] == "tl" and 0.5 < vote[1] <= 1.0
