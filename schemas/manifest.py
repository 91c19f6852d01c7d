"""The submission manifest: what a dataset owner declares about a submission and its files.

`load_manifest` reads `manifest.yaml` and raises `ManifestError` listing every problem as
`manifest.yaml: <field path>: <what is expected>`, so an owner can fix them all in one go.
"""

from __future__ import annotations

import codecs
import importlib
import json
import re
import reprlib
from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Literal, cast

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from stdnum.exceptions import ValidationError as StdnumError

from schemas.documentation import Documentation
from schemas.errors import CorpusgradeError
from schemas.manifest_yaml import ManifestYamlError, read_manifest_yaml
from schemas.records import FIELD_RULES, FORMAT_TYPES, DatasetType

__all__ = [
    "MANIFEST_NAMES",
    "Category",
    "DatasetType",
    "FileFormat",
    "FileSpec",
    "Manifest",
    "ManifestError",
    "ModelApplicationSpec",
    "Openness",
    "OwnerId",
    "PriorAward",
    "SourceSpec",
    "load_manifest",
    "manifest_file",
    "manifest_json_schema",
]

Category = Literal["general", "industry_general", "industry_specialized"]
Openness = Literal["internal", "exchange_listed", "on_application", "public"]
SourceType = Literal["互联网", "自采", "公开数据集", "组织机构"]
FileFormat = Literal[
    "jsonl", "parquet", "csv", "tsv", "text", "hf_dataset", "tmx", "conllu", "conll2003"
]
LangCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$", description="ISO 639-1 or 639-3 code")]

SOURCE_TYPE_ALIASES: dict[str, str] = {
    "internet": "互联网",
    "self_collected": "自采",
    "public_dataset": "公开数据集",
    "organization": "组织机构",
}
MANIFEST_NAMES = ("manifest.yaml", "manifest.yml")


class _Strict(BaseModel):
    """Base for manifest parts: unknown keys are errors so typos are caught."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SourceSpec(_Strict):
    """Where (part of) the data came from, in the TC609-02 source categories."""

    type: SourceType = Field(description="互联网 | 自采 | 公开数据集 | 组织机构 (or English alias)")
    details: str = Field("", description="e.g. the site or URL for 互联网, the organisation name")

    @field_validator("type", mode="before")
    @classmethod
    def _english_alias(cls, value: Any) -> Any:
        """Accept internet/self_collected/public_dataset/organization for the Chinese names."""
        if isinstance(value, str):
            return SOURCE_TYPE_ALIASES.get(value.strip().lower(), value)
        return value


class PriorAward(_Strict):
    """An award this dataset already received (no stacking; upgrades pay the difference)."""

    programme: str = Field(min_length=1)
    tier: str = Field(min_length=1)
    amount_yuan: float = Field(ge=0)
    year: int = Field(ge=1990, le=2100)


ASEAN_COUNTRIES = ("BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN")
"""ISO 3166-1 alpha-2 codes of the ten ASEAN member states."""

_REGISTRATION_VALIDATORS: dict[str, tuple[str, str]] = {
    "CN": ("stdnum.cn.uscc", "an 18-character 统一社会信用代码 with a valid check character"),
    "SG": ("stdnum.sg.uen", "a Singapore UEN (Unique Entity Number)"),
    "TH": ("stdnum.th.moa", "a 13-digit Thai company registration number"),
    "VN": ("stdnum.vn.mst", "a Vietnamese enterprise code (mã số doanh nghiệp)"),
    "ID": ("stdnum.id.npwp", "an Indonesian NPWP"),
}
"""Countries whose registration numbers python-stdnum can check, with what is expected."""

_OTHER_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9/-]{3,39}$")


class OwnerId(_Strict):
    """The owner as a legal entity: country and registration number (the name is display only).

    China: the 统一社会信用代码 (unified social credit code), checked with `stdnum.cn.uscc`. ASEAN
    countries: the national registration number, checked with python-stdnum where it has a
    validator (SG, TH, VN, ID), else 4-40 letters, digits, '/' or '-'. The ledger groups
    payments by `key` (`CN:91110000600037341L`).
    """

    country: str = Field(description="ISO 3166-1 alpha-2: CN or an ASEAN member state")
    number: str = Field(min_length=1, description="统一社会信用代码 (CN) or registration number")

    @field_validator("country", mode="before")
    @classmethod
    def _known_country(cls, value: Any) -> Any:
        """CN or an ASEAN member state, upper-cased."""
        if not isinstance(value, str):
            return value
        code = value.strip().upper()
        if code != "CN" and code not in ASEAN_COUNTRIES:
            allowed = ", ".join(("CN", *ASEAN_COUNTRIES))
            raise ValueError(f"expected one of {allowed} (ISO 3166-1 alpha-2)")
        return code

    @field_validator("number", mode="after")
    @classmethod
    def _valid_number(cls, value: str, info: ValidationInfo) -> str:
        """Check the number with the country's validator; return its compact form."""
        country = info.data.get("country")
        if country is None:
            return value
        number = value.strip().upper()
        spec = _REGISTRATION_VALIDATORS.get(country)
        if spec is None:
            compact = number.replace(" ", "")
            if not _OTHER_NUMBER.match(compact):
                raise ValueError(
                    f"expected a {country} registration number (4-40 letters, digits, '/' or '-')"
                )
            return compact
        module_name, expected = spec
        try:
            return str(importlib.import_module(module_name).validate(number))
        except StdnumError as exc:
            raise ValueError(f"expected {expected} ({exc})") from exc

    @property
    def key(self) -> str:
        """`COUNTRY:NUMBER`, the identity the ledger groups by."""
        return f"{self.country}:{self.number}"


class FileSpec(_Strict):
    """One group of data files: a glob relative to the submission folder and how to read it."""

    path: str = Field(min_length=1, description="glob relative to the submission folder")
    format: FileFormat
    fields: dict[str, str] = Field(
        default_factory=dict, description="canonical field -> field name in the source file"
    )
    text_mode: Literal["line", "file"] = Field(
        "line", description="format text: one record per line or per file"
    )
    encoding: str = Field("utf-8", description="text encoding of the files")
    delimiter: str | None = Field(
        None, min_length=1, max_length=1, description="csv/tsv separator override"
    )
    split: str | None = Field(None, description="hf_dataset: split of a DatasetDict to read")
    source: SourceSpec | None = Field(
        None, description="the declared source (来源) of these files; G2 is judged per source"
    )

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        """Catch a misspelt encoding here rather than halfway through ingest."""
        try:
            codecs.lookup(value)
        except LookupError as exc:
            raise ValueError("expected a Python codec name such as 'utf-8' or 'gb18030'") from exc
        return value

    @field_validator("path")
    @classmethod
    def _relative_inside(cls, value: str) -> str:
        """Reject absolute paths and `..` so files are read only inside the submission."""
        posix = PurePosixPath(value.replace("\\", "/"))
        if posix.is_absolute() or (len(value) > 1 and value[1] == ":"):
            raise ValueError("expected a path relative to the submission folder")
        if ".." in posix.parts:
            raise ValueError("expected a path inside the submission folder (no '..')")
        return value


class ModelApplicationSpec(_Strict):
    """Declared model uplift (TC609-04 0305, A − B) and the evaluation file that backs it.

    `evidence` is a JSON file inside the submission folder (see docs/rubric.md, "Model
    application"); its SHA-256 goes into the grade and its numbers must match these.
    """

    metric: str = Field(min_length=1, description="e.g. macro-F1, BLEU, accuracy")
    baseline: float = Field(description="B: the metric without this dataset")
    with_dataset: float = Field(description="A: the metric with this dataset")
    evidence: str = Field(min_length=1, description="path of the evaluation JSON file")

    @field_validator("evidence")
    @classmethod
    def _inside(cls, value: str) -> str:
        """The evidence file is read only inside the submission folder."""
        return FileSpec._relative_inside(value)


class Manifest(_Strict):
    """The submission manifest (`manifest.yaml`)."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", description="submission id")
    title: str = Field(min_length=1)
    owner: str = Field(min_length=1, description="the owner's name (display only)")
    owner_id: OwnerId = Field(description="the owner as a legal entity (what the ledger groups by)")
    dataset_type: DatasetType
    category: Category = Field(description="通识 general / 行业通识 / 行业专识")
    domain: str = Field(min_length=1)
    languages: list[LangCode] = Field(min_length=1, description="declared languages")
    license: str = Field(min_length=1, description="SPDX id or licence text")
    openness: Openness
    sources: list[SourceSpec] = Field(default_factory=list)
    documentation: Documentation | None = None
    construction_cost_yuan: float | None = Field(None, ge=0)
    prior_awards: list[PriorAward] = Field(default_factory=list)
    source_lang: LangCode | None = None
    target_lang: LangCode | None = None
    label_set: list[str] | None = None
    ner_scheme: Literal["BIO", "BIOES", "spans"] | None = None
    unit: Literal["document", "paragraph", "sentence"] | None = Field(
        None,
        description="what one record is; inferred from record lengths (and reported) if absent",
    )
    files: list[FileSpec] = Field(min_length=1)
    model_application: ModelApplicationSpec | None = Field(
        None, description="declared model uplift with its evaluation file (M.uplift)"
    )

    @model_validator(mode="after")
    def _type_rules(self) -> Manifest:
        """Check each file's format and field mapping against the dataset type."""
        problems: list[str] = []
        for index, spec in enumerate(self.files):
            problems.extend(_file_problems(self.dataset_type, spec, f"files[{index}]"))
        needs_langs = self.dataset_type == "parallel_corpus" and any(
            spec.format != "tmx" for spec in self.files
        )
        for name in ("source_lang", "target_lang"):
            if needs_langs and getattr(self, name) is None:
                problems.append(f"{name}: required for a parallel_corpus (e.g. 'zh')")
        if problems:
            raise ValueError("\n".join(problems))
        return self


def _file_problems(dataset_type: DatasetType, spec: FileSpec, where: str) -> list[str]:
    """List what is wrong with one FileSpec for this dataset type."""
    allowed_types = FORMAT_TYPES[spec.format]
    if dataset_type not in allowed_types:
        return [
            f"{where}.format: format {spec.format!r} cannot hold a {dataset_type}; "
            f"it is for {', '.join(sorted(allowed_types))}"
        ]
    rules = FIELD_RULES[dataset_type]
    problems = [
        f"{where}.fields.{key}: unknown canonical field for {dataset_type}; "
        f"expected one of {', '.join(sorted(rules.allowed))}"
        for key in sorted(spec.fields)
        if key not in rules.allowed
    ]
    if spec.format not in rules.implicit_formats:
        problems.extend(
            f"{where}.fields.{key}: required for {dataset_type} "
            f"(map it to the field name in your files)"
            for key in rules.required
            if key not in spec.fields
        )
    return problems


class ManifestError(CorpusgradeError, ValueError):
    """A manifest that cannot be loaded; str() lists every problem, one per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _loc_text(loc: tuple[int | str, ...]) -> str:
    """('files', 0, 'format') -> 'files[0].format'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxlevel, _SHORT_REPR.maxstring, _SHORT_REPR.maxother = 3, 80, 80


def _expectation(error: Any) -> str:
    """Say what was expected and what was given, for one pydantic error."""
    kind, given = error["type"], error.get("input")
    shown = _SHORT_REPR.repr(given)  # bounded: never builds the whole repr of a large value
    got = shown if len(shown) <= 80 else shown[:77] + "..."
    if kind == "literal_error":
        return f"expected one of {error['ctx']['expected']}; got {got}"
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling)"
    if kind == "string_pattern_mismatch":
        return f"expected text matching {error['ctx']['pattern']}; got {got}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{message[0].lower()}{message[1:]}; got {got}" if message else f"invalid; got {got}"


def _format_errors(name: str, exc: ValidationError) -> list[str]:
    """Turn a pydantic ValidationError into `name: path: message` lines."""
    lines: list[str] = []
    for error in exc.errors():
        loc = _loc_text(tuple(error["loc"]))
        if error["type"] == "value_error" and not loc:
            message = str(error["msg"]).removeprefix("Value error, ")
            lines.extend(f"{name}: {line}" for line in message.splitlines())
        else:
            lines.append(f"{name}: {loc or '(top level)'}: {_expectation(error)}")
    return lines


def manifest_file(path: Path) -> Path:
    """The manifest file: `path` itself, or the first of `MANIFEST_NAMES` in the folder `path`."""
    if path.is_dir():
        for candidate in MANIFEST_NAMES:
            if (path / candidate).is_file():
                return path / candidate
        raise ManifestError([f"{path}: no manifest.yaml in this folder"])
    if not path.is_file():
        raise ManifestError([f"{path}: manifest file not found"])
    return path


def load_manifest(path: Path) -> Manifest:
    """Read and validate a manifest (file or submission folder); raise ManifestError if bad.

    Example::

        manifest = load_manifest(Path("inbox/demo-vi-news/manifest.yaml"))
    """
    file = manifest_file(Path(path))
    try:
        data = read_manifest_yaml(file)
    except ManifestYamlError as exc:
        raise ManifestError([exc.problem]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ManifestError([f"{file.name}: not valid UTF-8 YAML: {exc}"]) from exc
    if not isinstance(data, dict):
        raise ManifestError([f"{file.name}: expected a mapping of manifest fields at top level"])
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        problems = _format_errors(file.name, exc)
        if all(error["loc"] for error in exc.errors()):
            problems.extend(f"{file.name}: {p}" for p in _rules_of_valid_parts(data))
        raise ManifestError(problems) from exc


def _rules_of_valid_parts(data: dict[str, Any]) -> list[str]:
    """Type rules for the file entries that are valid on their own.

    Pydantic runs the whole-manifest rules only when every field is valid; checking the
    valid entries here lets one run of `validate` list all the problems at once.
    """
    dataset_type = data.get("dataset_type")
    files = data.get("files")
    if not isinstance(dataset_type, str) or dataset_type not in FIELD_RULES:
        return []  # a list or mapping here is not hashable; the type error is reported already
    if not isinstance(files, list):
        return []
    problems: list[str] = []
    for index, raw in enumerate(files):
        try:
            spec = FileSpec.model_validate(raw)
        except ValidationError:
            continue
        problems.extend(_file_problems(cast(DatasetType, dataset_type), spec, f"files[{index}]"))
    return problems


def manifest_json_schema() -> dict[str, Any]:
    """The manifest's JSON Schema (for `corpusgrade schema manifest`), keys sorted."""
    schema = Manifest.model_json_schema(by_alias=True)
    result: dict[str, Any] = json.loads(json.dumps(schema, sort_keys=True, ensure_ascii=False))
    return result
