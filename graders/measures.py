"""Measures: read one number (A/B) or one declared key from the pipeline's measurements.

Each rubric indicator names a measure; a measure returns None when the pipeline did not measure
it, so the indicator scores nothing and says "not measured" instead of guessing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from graders.catalog import LOOKUP_MEASURES, RATIO_MEASURES
from graders.rubric import Rubric
from schemas.grade import Basis
from schemas.measurements import Measurements, SampleCount

__all__ = [
    "LOOKUPS",
    "RATIOS",
    "Observation",
    "access_finding",
    "declared_languages",
    "language_shares",
    "supported_languages",
]


@dataclass(frozen=True)
class Observation:
    """A measured ratio: numerator over denominator, with the sample behind it if sampled."""

    numerator: float
    denominator: float | None
    value: float
    sample_ids: tuple[str, ...] = field(default_factory=tuple)
    counts: tuple[int, int] | None = None
    """(passes, sample size) when the ratio is a sample rate (Wilson interval applies)."""
    basis: Basis = "census"
    """census: over every record (no interval); sample: audited items; declared: the manifest."""


def _rate(k: int, n: int) -> Observation | None:
    """k/n over every record (a census: no interval), or None for an empty denominator."""
    return Observation(k, n, k / n) if n > 0 else None


def _sample(sample: SampleCount | None) -> Observation | None:
    """An audit sample's pass rate with its record ids."""
    if sample is None or sample.sampled == 0:
        return None
    return Observation(
        sample.passed,
        sample.sampled,
        sample.passed / sample.sampled,
        tuple(sample.sample_ids),
        (sample.passed, sample.sampled),
        "sample",
    )


CORRECTNESS_AUDIT = {"parallel_corpus": "alignment", "classification": "labels", "ner": "labels"}
"""Where a type's correctness comes from when its audit asks no correctness question:
translation adequacy/alignment for parallel corpora, label and span accuracy for labelled data."""


def _correctness(m: Measurements, _: Rubric) -> Observation | None:
    """The audited correctness rate of the dataset's own type (every type can be scored)."""
    if m.audit.correctness is not None:
        return _sample(m.audit.correctness)
    fallback = CORRECTNESS_AUDIT.get(m.manifest.dataset_type)
    return _sample(getattr(m.audit, fallback)) if fallback else None


def declared_languages(m: Measurements) -> list[str]:
    """Declared languages of the submission, including a parallel corpus's pair, sorted."""
    manifest = m.manifest
    extra = [lang for lang in (manifest.source_lang, manifest.target_lang) if lang]
    return sorted({*manifest.languages, *extra})


def language_shares(m: Measurements) -> dict[str, float]:
    """Measured share of kept records per declared language (empty when not measured)."""
    counts = m.signals.language_counts
    total = sum(counts.values())
    if total == 0:
        return {}
    return {lang: counts.get(lang, 0) / total for lang in declared_languages(m)}


def supported_languages(m: Measurements, rubric: Rubric) -> list[str]:
    """Declared languages that language ID measures on at least the rubric's share of records.

    A declaration is checked, not trusted: declaring ``lo`` for an Indonesian corpus with 1% Lao
    earns neither scarcity points nor the low-resource scale band. Without any language
    measurement every declared language stands (the report then shows no measured shares).
    """
    shares = language_shares(m)
    if not shares:
        return declared_languages(m)
    floor = rubric.languages.coverage_min_share
    return [lang for lang, share in sorted(shares.items()) if share >= floor and share > 0]


def _doc(code: str) -> Callable[[Measurements, Rubric], Observation | None]:
    """Items covered out of five in one documentation section."""

    def measure(m: Measurements, _: Rubric) -> Observation:
        docs = m.manifest.documentation
        covered = docs.items_covered()[code] if docs else 0
        return Observation(covered, 5, covered / 5, basis="declared")

    return measure


def _parse_rate(m: Measurements, _: Rubric) -> Observation | None:
    return _rate(m.ingest.records_kept, m.ingest.rows_read)


def _expectations(m: Measurements, _: Rubric) -> Observation | None:
    gx = m.expectations
    return None if gx is None else _rate(gx.successful, gx.evaluated)


def _completeness(m: Measurements, _: Rubric) -> Observation | None:
    """Records whose required fields of the type are all non-empty (None: not measured)."""
    complete = m.ingest.records_complete
    return None if complete is None else _rate(complete, m.ingest.records_kept)


def _filter_drop_rate(m: Measurements, _: Rubric) -> Observation | None:
    signals = m.signals
    return _rate(signals.records_in - signals.records_passing_filters, signals.records_in)


def _duplicate_rate(m: Measurements, _: Rubric) -> Observation | None:
    dedup = m.dedup
    return _rate(dedup.exact_duplicates + dedup.near_duplicates, dedup.records_in)


def _agreement(m: Measurements, _: Rubric) -> Observation | None:
    agreement = m.audit.agreement
    if agreement is None:
        return None
    value = agreement.alpha if agreement.alpha is not None else agreement.kappa
    if value is None:
        return None
    # a statistic over the double-annotated items, not a ratio: denominator 1 (docs/rubric.md)
    return Observation(value, 1.0, value, tuple(agreement.sample_ids), basis="sample")


def _type_consistency(m: Measurements, _: Rubric) -> Observation | None:
    return None if m.types is None else _rate(m.types.consistent, m.types.checked)


def _language_consistency(m: Measurements, _: Rubric) -> Observation | None:
    matches = m.signals.lang_matches_declared
    return None if matches is None else _rate(matches, m.signals.records_in)


def _language_coverage(m: Measurements, rubric: Rubric) -> Observation | None:
    counts = m.signals.language_counts
    total = sum(counts.values())
    if total == 0:
        return None
    declared = declared_languages(m)
    floor = rubric.languages.coverage_min_share * total
    covered = sum(1 for lang in declared if counts.get(lang, 0) >= max(floor, 1))
    return Observation(covered, len(declared), covered / len(declared))


def _maintenance_docs(m: Measurements, _: Rubric) -> Observation:
    docs = m.manifest.documentation
    notes = docs.application_notes if docs else None
    items = (notes.access, notes.license_terms, notes.maintenance) if notes else ()
    present = sum(1 for item in items if item and item.strip())
    return Observation(present, 3, present / 3, basis="declared")


def _model_uplift(m: Measurements, _: Rubric) -> Observation | None:
    """A − B from a declaration whose evaluation file was found and checked (else unmeasured)."""
    declared = m.model_application
    if declared is None or not declared.reproducible:
        return None
    uplift = declared.with_dataset - declared.baseline
    # a difference of two declared metrics, not a ratio: denominator 1 (docs/rubric.md)
    return Observation(uplift, 1.0, uplift, basis="declared")


RATIOS: dict[str, Callable[[Measurements, Rubric], Observation | None]] = {
    "parse_rate": _parse_rate,
    "expectations_pass": _expectations,
    "completeness": _completeness,
    "filter_drop_rate": _filter_drop_rate,
    "duplicate_rate": _duplicate_rate,
    "audit_correctness": _correctness,
    "label_accuracy": lambda m, _: _sample(m.audit.labels),
    "agreement": _agreement,
    "type_consistency": _type_consistency,
    "language_consistency": _language_consistency,
    "language_coverage": _language_coverage,
    "doc_0101": _doc("0101"),
    "doc_0102": _doc("0102"),
    "doc_0103": _doc("0103"),
    "doc_0104": _doc("0104"),
    "maintenance_docs": _maintenance_docs,
    "model_uplift": _model_uplift,
}


def _language_scarcity(m: Measurements, rubric: Rubric) -> str:
    langs = set(supported_languages(m, rubric))
    groups = rubric.languages
    for key, members in (
        ("low_resource", groups.low_resource),
        ("asean", groups.asean),
        ("chinese", groups.chinese),
    ):
        if langs & set(members):
            return key
    return "other"


def _priority_domain(m: Measurements, rubric: Rubric) -> str:
    domain = m.manifest.domain.strip().lower()
    hit = any(name.lower() in domain for name in rubric.priority_domains)
    return "priority" if hit else "other"


def _commercial(m: Measurements, rubric: Rubric) -> bool:
    return m.manifest.license.strip() in rubric.commercial_licences


def _access_level(m: Measurements, rubric: Rubric) -> str:
    """The access level the licence supports: public without an open licence is, in law, use
    on application (all rights reserved), so it earns that level's points and a finding."""
    level = m.manifest.openness
    if level != "public":
        return level
    kind = _licence_kind(m, rubric)
    if kind == "open_commercial":
        return "public_commercial"
    return "public" if kind == "open_noncommercial" else "on_application"


def access_finding(m: Measurements, rubric: Rubric) -> bool:
    """True when the manifest declares `public` but the licence is not an open licence."""
    return m.manifest.openness == "public" and _licence_kind(m, rubric) == "other"


def _licence_kind(m: Measurements, rubric: Rubric) -> str:
    if _commercial(m, rubric):
        return "open_commercial"
    licence = m.manifest.license.strip().upper()
    return "open_noncommercial" if licence.startswith("CC-BY") and "-NC" in licence else "other"


LOOKUPS: dict[str, Callable[[Measurements, Rubric], str]] = {
    "category": lambda m, _: m.manifest.category,
    "language_scarcity": _language_scarcity,
    "priority_domain": _priority_domain,
    "access_level": _access_level,
    "licence_kind": _licence_kind,
}

if set(RATIOS) != RATIO_MEASURES or set(LOOKUPS) != LOOKUP_MEASURES:
    raise ImportError("graders.measures does not implement exactly the catalog's measures")
