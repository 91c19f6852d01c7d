"""The chain: every step a submission's records go through, in order, declared once.

`CHAIN` is the only definition of the step order. The Dagster assets run the steps that belong
to them (`steps_of`), the local and Ray engines and the benchmarks run all of them
(`run_chain`); nothing else orders steps.

Three kinds of step:

- `Tag` adds columns (signals, the safety screen, the dataset type's checks). A row-wise tag
  depends on each record alone, so a table can be cut into batches and run anywhere.
- `Drop` returns a reason expression; `quality.drop.mark_dropped` applies it, so the first
  failure wins (language-pack rules, then the type filter, then the safety filter).
- `Dedup` compares records with each other (exact and near duplicates), over the whole table.

The record unit (document, paragraph, sentence) is decided on the whole table, once, before the
first drop or dedup step: declared in the manifest, else inferred from the `content` column. It
picks the filter bounds and what a near duplicate is (`ChainConfig.dedup_params`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

import polars as pl

from quality.dedup import DedupBackend, DedupParams, DedupResult, find_duplicates
from quality.drop import mark_dropped
from quality.filters import drop_reason_expr
from quality.language_packs import default_packs
from quality.record_unit import UnitDecision, decide_unit, infer_unit
from quality.safety import add_safety_screen, safety_reason_expr
from quality.signals import add_content, add_signals
from quality.type_filter import type_reason_expr
from quality.types import DATASET_TYPES, check_types
from schemas.manifest import Manifest

BatchWork = Callable[[pl.DataFrame], pl.DataFrame]
"""Row-wise work over one batch; must be picklable (a module function or a `partial`)."""

RowMap = Callable[[pl.DataFrame, BatchWork], pl.DataFrame]
"""How a row-wise function runs over a table: at once, or in batches on an engine."""


@dataclass(frozen=True)
class ChainConfig:
    """What the steps need to know about a submission; picklable, so Ray workers receive it."""

    dataset_type: str
    declared_languages: tuple[str, ...]
    declared_unit: str | None = None
    unit: str | None = None
    """The decided record unit; None until `with_unit` decided it on the whole table."""
    source_lang: str | None = None
    target_lang: str | None = None
    label_set: tuple[str, ...] | None = None
    ner_scheme: str | None = None
    keywords: tuple[str, ...] = ()
    """The safety keyword library (empty: nothing is flagged)."""
    dedup: DedupParams = field(default_factory=DedupParams)

    @classmethod
    def for_manifest(cls, manifest: Manifest, *, keywords: Sequence[str] = ()) -> ChainConfig:
        """The configuration of a submission from its validated manifest."""
        labels = manifest.label_set
        return cls(
            dataset_type=manifest.dataset_type,
            declared_languages=tuple(manifest.languages),
            declared_unit=manifest.unit,
            source_lang=manifest.source_lang,
            target_lang=manifest.target_lang,
            label_set=tuple(labels) if labels is not None else None,
            ner_scheme=manifest.ner_scheme,
            keywords=tuple(keywords),
        )

    def unit_decision(self, records: pl.DataFrame) -> UnitDecision:
        """The record unit of `records` (which carry `content`): declared, else inferred."""
        return decide_unit(records.get_column("content"), declared=self.declared_unit)

    def dedup_params(self) -> DedupParams:
        """`dedup` with the near-duplicate rule of the decided unit (packs; document if none)."""
        return default_packs().dedup_params(self.dedup, self.unit or "document")

    def with_unit(self, records: pl.DataFrame) -> ChainConfig:
        """This configuration with the unit decided on all of `records` (never per batch)."""
        if self.unit is not None:
            return self
        return replace(self, unit=self.unit_decision(records).unit)

    def with_unit_from(self, lengths: pl.DataFrame) -> ChainConfig:
        """This configuration with the unit decided from all records' `unit_lengths`."""
        if self.unit is not None:
            return self
        median = float(lengths["n_chars"].median() or 0.0) if lengths.height else 0.0  # type: ignore[arg-type]
        multiline = float(lengths["multiline"].mean() or 0.0) if lengths.height else 0.0  # type: ignore[arg-type]
        if self.declared_unit is not None:
            decision = decide_unit(pl.Series([], dtype=pl.String), declared=self.declared_unit)
            return replace(self, unit=decision.unit)
        return replace(self, unit=infer_unit(median, multiline))


@dataclass(frozen=True)
class Tag:
    """A step that adds columns. `batched`: heavy row-wise work the engines spread out."""

    name: str
    asset: str
    add: Callable[[pl.DataFrame, ChainConfig], pl.DataFrame]
    rowwise: bool = True
    batched: bool = False
    rowwise_types: tuple[str, ...] = ()
    """Dataset types for which a step that is not `rowwise` in general still is (streaming)."""


@dataclass(frozen=True)
class Drop:
    """A row-wise step that returns, per record, the reason to drop it (null: keep)."""

    name: str
    asset: str
    reason: Callable[[pl.DataFrame, ChainConfig], pl.Expr]
    rowwise: bool = True
    batched: bool = False


@dataclass(frozen=True)
class Dedup:
    """Exact and near duplicates among the records no earlier step dropped (whole table)."""

    name: str
    asset: str
    rowwise: bool = False
    batched: bool = False


Step = Tag | Drop | Dedup


def _signals(df: pl.DataFrame, config: ChainConfig) -> pl.DataFrame:
    """`content` and the signal columns (normalised and masked text, language, PII, `q_*`)."""
    records = add_content(df, dataset_type=config.dataset_type)
    return add_signals(
        records,
        dataset_type=config.dataset_type,
        declared_languages=list(config.declared_languages),
    )


def _safety_screen(df: pl.DataFrame, config: ChainConfig) -> pl.DataFrame:
    """`safety_flagged`: the masked content holds a term of the keyword library."""
    return add_safety_screen(df, keywords=config.keywords)


def _type_checks(df: pl.DataFrame, config: ChainConfig) -> pl.DataFrame:
    """The dataset type's `t_*` columns and `t_issue` (some compare records with each other)."""
    return check_types(
        df,
        dataset_type=config.dataset_type,
        source_lang=config.source_lang,
        target_lang=config.target_lang,
        label_set=list(config.label_set) if config.label_set is not None else None,
        ner_scheme=config.ner_scheme,
    )


def _language_filters(df: pl.DataFrame, config: ChainConfig) -> pl.Expr:
    """The first language-pack rule the record fails, at the decided unit."""
    unit = config.unit or "document"
    return drop_reason_expr(
        df.columns, default_packs(), dataset_type=config.dataset_type, unit=unit
    )


def _type_filter(df: pl.DataFrame, config: ChainConfig) -> pl.Expr:
    """The record's type issue where it makes the record unusable."""
    return type_reason_expr(df.columns)


def _safety_filter(df: pl.DataFrame, config: ChainConfig) -> pl.Expr:
    """`safety_keyword` where the safety screen flagged the record."""
    return safety_reason_expr(df.columns)


CHAIN: tuple[Step, ...] = (
    Tag("signals", "signals", _signals, batched=True),
    Tag("safety_screen", "signals", _safety_screen, batched=True),
    Tag(
        "type_checks", "typed_records", _type_checks, rowwise=False, rowwise_types=("text_corpus",)
    ),
    Drop("language_filters", "filtered_records", _language_filters),
    Drop("type_filter", "filtered_records", _type_filter),
    Drop("safety_filter", "filtered_records", _safety_filter),
    Dedup("dedup", "deduped_records"),
)
"""The step order, for every dataset type; type-specific behaviour lives inside the steps."""

COMPARABLE = ("signals", "language_filters", "dedup")
"""The steps a filters+dedup pipeline such as datatrove's also runs (the benchmarks' subset)."""


def chain_for(dataset_type: str, *, only: Sequence[str] | None = None) -> tuple[Step, ...]:
    """The steps for `dataset_type`, in chain order; `only` keeps the steps of those names."""
    if dataset_type not in DATASET_TYPES:
        raise ValueError(f"unknown dataset_type {dataset_type!r}")
    return tuple(step for step in CHAIN if only is None or step.name in only)


def steps_of(asset: str, dataset_type: str) -> tuple[Step, ...]:
    """The steps the Dagster asset `asset` runs, in chain order."""
    return tuple(step for step in chain_for(dataset_type) if step.asset == asset)


def is_rowwise(step: Step, dataset_type: str) -> bool:
    """Whether `step` depends on each record alone for `dataset_type` (it can run per batch)."""
    return step.rowwise or dataset_type in getattr(step, "rowwise_types", ())


def unit_lengths(records: pl.DataFrame) -> pl.DataFrame:
    """Per non-empty `content`: its characters and whether it holds a line break.

    The inputs of `quality.record_unit.length_statistics`, per batch: a streamed run decides the
    unit from these small columns of all batches, as `with_unit` does from the whole table.
    """
    filled = pl.col("content").cast(pl.String).fill_null("").str.strip_chars()
    kept = records.select(filled.alias("text")).filter(pl.col("text").str.len_chars() > 0)
    return kept.select(
        n_chars=pl.col("text").str.len_chars(), multiline=pl.col("text").str.contains("\n")
    )


def run_step(df: pl.DataFrame, step: Tag | Drop, config: ChainConfig) -> pl.DataFrame:
    """Apply one tag or drop step to `df`."""
    if isinstance(step, Tag):
        return step.add(df, config)
    return mark_dropped(df, step.reason(df, config))


def run_row_steps(
    batch: pl.DataFrame, *, steps: tuple[Tag | Drop, ...], config: ChainConfig
) -> pl.DataFrame:
    """Apply row-wise `steps` in order to one batch (the body an engine runs per batch)."""
    for step in steps:
        batch = run_step(batch, step, config)
    return batch


@dataclass(frozen=True)
class ChainResult:
    """The record table after the steps, the decided configuration, and dedup's result."""

    records: pl.DataFrame
    config: ChainConfig
    dedup: DedupResult | None = None


def _direct(df: pl.DataFrame, work: BatchWork) -> pl.DataFrame:
    """Run `work` on the whole table in this process."""
    return work(df)


def _groups(steps: Sequence[Step]) -> list[tuple[Step, ...]]:
    """Consecutive row-wise steps grouped (one pass over the batches each); others alone."""
    groups: list[tuple[Step, ...]] = []
    for step in steps:
        if groups and step.rowwise and all(s.rowwise for s in groups[-1]):
            groups[-1] = (*groups[-1], step)
        else:
            groups.append((step,))
    return groups


def run_chain(
    records: pl.DataFrame,
    config: ChainConfig,
    *,
    steps: Sequence[Step] | None = None,
    rows: RowMap = _direct,
    backend: DedupBackend | None = None,
) -> ChainResult:
    """Run `steps` (default: the whole chain for the dataset type) over `records`, in order.

    Row-wise groups holding a batched step go through `rows` (an engine's batches); the others
    run on the whole table. The unit is decided before the first drop step.
    """
    chosen = chain_for(config.dataset_type) if steps is None else tuple(steps)
    df, dedup = records, None
    for group in _groups(chosen):
        if any(isinstance(s, Drop | Dedup) for s in group) and "content" in df.columns:
            config = config.with_unit(df)
        head = group[0]
        if isinstance(head, Dedup):
            dedup = find_duplicates(
                df, dataset_type=config.dataset_type, params=config.dedup_params(), backend=backend
            )
            df = dedup.records
            continue
        row_steps = tuple(s for s in group if isinstance(s, Tag | Drop))
        work = partial(run_row_steps, steps=row_steps, config=config)
        df = rows(df, work) if any(s.batched for s in row_steps) else work(df)
    return ChainResult(records=df, config=config, dedup=dedup)
