"""The declared languages as a prior over lid.176's ranking (short or uncertain texts only).

A submission's manifest declares its languages. lid.176 is reliable on a sentence and unreliable
on one to three words ("Salamat po" is given Italian, Finnish or Spanish), and it confuses close
pairs (Indonesian/Malay, Tagalog/Cebuano, Chinese varieties). The rule, in order:

1. nothing declared: lid.176's answer stands;
2. a text lid.176 is unsure of (top probability under ``keep_above``), or a short text (under
   ``long_text`` letters) whose top label is not declared, holding more common words
   (stopwordsiso's lists) or language-only letters of one declared language than of any other
   declared language and of lid.176's top label: that language. lid.176 often has no features
   at all for one or two words and answers with its label frequencies ("Kami", "Siapa" and
   "Salamat po" all get the same ``en`` 0.12);
3. lid.176 found no feature of the text at all (its answer is then its label frequencies, the
   same as for an empty line): the declared language it ranks highest, scored 1 / number of
   declared languages; else lid.176's top label, if declared, stands;
4. the top label belongs to a confusable group with exactly one declared member (e.g. ``ms``
   when ``id`` is declared and ``ms`` is not): that member, scored with the group's mass;
5. lid.176 is confident (top probability >= ``keep_above``) on a text of ``long_text`` letters
   or more: its answer stands, so a French text in a ``vi`` submission stays ``fr``;
6. otherwise the posterior under a prior that makes each declared language ``short_odds`` times
   (short texts) or ``long_odds`` times (longer texts) as likely as an undeclared one.

Scripts decided by a script rule (Thai, Lao, Khmer, Burmese, Han, Hangul) never reach this: a
Thai text in a submission declaring only ``vi`` is still ``th``. The settings live in
``quality/packs/candidates.yaml`` (``declared_prior``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any

from quality.langid_lingua import lingua_vote

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


@dataclass(frozen=True)
class DeclaredPrior:
    """Settings of the declared-language prior (see the module docstring)."""

    keep_above: float = 0.9
    long_text: int = 40
    short_odds: float = 20.0
    long_odds: float = 3.0
    top_k: int = 60
    second_opinion: bool = False
    groups: tuple[frozenset[str], ...] = ()
    lexicon_langs: frozenset[str] = field(default_factory=frozenset)
    orthography: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> DeclaredPrior:
        """Build from the ``declared_prior`` mapping of the candidates file (None: defaults)."""
        if not data:
            return cls()
        return cls(
            keep_above=float(data.get("keep_above", cls.keep_above)),
            long_text=int(data.get("long_text", cls.long_text)),
            short_odds=float(data.get("short_odds", cls.short_odds)),
            long_odds=float(data.get("long_odds", cls.long_odds)),
            top_k=int(data.get("top_k", cls.top_k)),
            second_opinion=bool(data.get("second_opinion", cls.second_opinion)),
            groups=tuple(frozenset(str(x) for x in g) for g in data.get("confusable", [])),
            lexicon_langs=frozenset(str(x) for x in data.get("lexicon_languages", [])),
            orthography={str(k): str(v) for k, v in (data.get("orthography") or {}).items()},
        )

    def group_member(self, lang: str, declared: frozenset[str]) -> str | None:
        """The one declared language confusable with `lang`, if exactly one is declared."""
        for group in self.groups:
            if lang in group:
                members = sorted(group & declared)
                return members[0] if len(members) == 1 else None
        return None


@dataclass(frozen=True)
class PriorChoice:
    """The language chosen under the prior, its score, and whether the prior changed it."""

    lang: str
    score: float
    changed: bool


def choose(
    ranked: Sequence[tuple[str, float]],
    *,
    declared: frozenset[str],
    prior: DeclaredPrior,
    letters: int,
    text: str = "",
    informative: bool = True,
) -> PriorChoice | None:
    """Apply the declared prior to lid.176's ranking; None means "keep lid.176's answer".

    >>> p = DeclaredPrior(groups=(frozenset({"id", "ms"}),))
    >>> choose([("ms", 0.7), ("id", 0.2)], declared=frozenset({"id"}), prior=p, letters=80)
    PriorChoice(lang='id', score=0.9, changed=True)
    >>> choose([("fr", 0.99)], declared=frozenset({"vi"}), prior=p, letters=80) is None
    True
    """
    if not declared or not ranked:
        return None
    top_lang, top_p = ranked[0]
    probs = dict(ranked)
    short = letters < prior.long_text
    # Common words settle a short text unless lid.176 is sure of a declared language, and a text
    # of any length lid.176 is unsure of (a news sentence full of English names gets "en" 0.24).
    if top_p < prior.keep_above or (short and top_lang not in declared):
        rivals = (declared | {top_lang}) & prior.lexicon_langs
        voted = lexicon_vote(text, rivals, prior.orthography)
        if voted is not None and voted in declared:
            score = round(max(probs.get(voted, 0.0), 0.5), 6)
            return PriorChoice(lang=voted, score=score, changed=voted != top_lang)
        if prior.second_opinion:
            second = lingua_vote(text, declared)
            if second is not None:
                return PriorChoice(
                    lang=second[0], score=round(second[1], 6), changed=second[0] != top_lang
                )
    if not informative:
        best = max(sorted(declared), key=lambda lang: probs.get(lang, 0.0))
        return PriorChoice(lang=best, score=round(1.0 / len(declared), 6), changed=True)
    if top_lang in declared:
        return None
    member = prior.group_member(top_lang, declared)
    if member is not None:
        score = round(top_p + probs.get(member, 0.0), 6)
        return PriorChoice(lang=member, score=score, changed=True)
    if top_p >= prior.keep_above and not short:
        return None
    odds = prior.short_odds if short else prior.long_odds
    return _posterior(ranked, declared, odds)


def _posterior(
    ranked: Sequence[tuple[str, float]], declared: frozenset[str], odds: float
) -> PriorChoice | None:
    """Argmax of lid.176's probability times the prior odds; None when it is lid.176's answer."""
    weighted = [(lang, p * (odds if lang in declared else 1.0)) for lang, p in ranked]
    total = sum(w for _, w in weighted)
    lang, best = max(weighted, key=lambda item: item[1])
    if lang == ranked[0][0] or total <= 0.0:
        return None
    return PriorChoice(lang=lang, score=round(best / total, 6), changed=True)


@cache
def lexicon(lang: str) -> frozenset[str]:
    """Common words of `lang` from ``stopwordsiso`` (empty for a language it lacks)."""
    import stopwordsiso

    if not stopwordsiso.has_lang(lang):
        return frozenset()
    return frozenset(w.lower() for w in stopwordsiso.stopwords(lang))


@cache
def distinctive(lang: str, rivals: frozenset[str]) -> frozenset[str]:
    """Common words of `lang` that no other language of `rivals` lists (shared ones prove nothing:
    English's list holds "at", "na" and "sa", which are Tagalog function words)."""
    others: set[str] = set()
    for other in rivals - {lang}:
        others |= lexicon(other)
    return lexicon(lang) - others


def lexicon_vote(
    text: str, langs: frozenset[str], orthography: Mapping[str, str] | None = None
) -> str | None:
    """The one language of `langs` whose distinctive common words (and word pairs) the text holds
    most of; each letter matching a language's `orthography` pattern (letters only it writes)
    counts as one word too. None on a tie or no evidence.

    >>> lexicon_vote("Hindi ko alam", frozenset({"tl", "id", "en"}))
    'tl'
    """
    if len(langs) < 2:
        return None
    words = [w.lower() for w in _WORD.findall(text)]
    grams = words + [f"{a} {b}" for a, b in pairwise(words)]
    marks = orthography or {}
    lowered = text.lower()
    hits = sorted(
        (
            sum(map(distinctive(lang, langs).__contains__, grams))
            + (len(re.findall(marks[lang], lowered)) if lang in marks else 0),
            lang,
        )
        for lang in langs
    )[::-1]
    if hits[0][0] == 0 or hits[0][0] == hits[1][0]:
        return None
    return hits[0][1]
