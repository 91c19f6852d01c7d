"""Hostile submissions for the fuzz tests and `bench/fuzz_bench.py`: hypothesis strategies that
build one small submission folder per case (manifest + files in one format), and the checks every
ingest must pass on it whatever the bytes are.

A case ends in one of two ways: ingest returns, and then read = kept + quarantined for every file
(and, for line formats, read = the lines that hold anything), every quarantine row names its file
and line, and every kept text is valid UTF-8; or ingest refuses the whole submission with a
`CorpusgradeError` (a limit, a path escape, a bad manifest). Anything else is a crash.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import regex
import yaml
from hypothesis import strategies as st

from pipelines.ingest import IngestLimits, ingest_submission
from schemas.errors import CorpusgradeError
from schemas.manifest import load_manifest
from schemas.records import TEXT_COLUMNS
from tests.ingest.conftest import manifest_data

FUZZ_LIMITS = IngestLimits(
    max_file_bytes=4 * 1024**2,
    max_decompressed_file_bytes=1024**2,
    max_decompressed_submission_bytes=2 * 1024**2,
    max_record_chars=20_000,
    max_json_depth=64,
    max_files=50,
)
"""Small limits, so a bomb or a huge line is cheap to try and the limit paths are exercised."""

BOM = b"\xef\xbb\xbf"
_HAS_CONTENT = regex.compile(r"[^\p{White_Space}]")


@dataclass(frozen=True)
class Case:
    """One hostile submission: the format tried, its manifest dict and its files.

    `links` names files to create as symlinks to a file outside the submission; `manifest_bytes`,
    when set, is written as `manifest.yaml` instead of the dumped `manifest`.
    """

    kind: str
    manifest: dict[str, Any]
    files: dict[str, bytes]
    links: tuple[str, ...] = ()
    manifest_bytes: bytes | None = None
    line_oracle: bool = field(default=False)


@dataclass
class Outcome:
    """What one case did: `refused` (a CorpusgradeError), `ingested`, or `crash`."""

    kind: str
    status: str
    problems: list[str]
    read: int = 0
    kept: int = 0
    quarantined: int = 0
    message: str = ""


# ---------------------------------------------------------------------------------------------
# building blocks


def manifest_dict(dataset_type: str, spec: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A valid manifest with one file entry (the ingest tests' manifest, named `fuzz`)."""
    named = {"id": "fuzz", "title": "fuzz", "owner": "fuzz"}
    return {**manifest_data(dataset_type, [spec]), **named, **extra}


TEXTS = st.text(max_size=40)
NASTY_BYTES = st.sampled_from(
    [
        b"\x00",
        b"\xff\xfe",
        b"\xc3",  # a cut multi-byte sequence
        b"\xed\xa0\x80",  # a surrogate encoded as UTF-8 (invalid)
        BOM,
        b"\r",
        b"\x1b[31m",
        b"\xe2\x80\xa8",  # LINE SEPARATOR
        b"\xc2\x85",  # NEL
        "\u3000".encode(),
    ]
)


def _deep(depth: int, leaf: str = '"x"') -> str:
    return "[" * depth + leaf + "]" * depth


@st.composite
def jsonl_line(draw: st.DrawFn) -> bytes:
    """One JSONL line: good, or broken in one of the ways real exports break."""
    text = draw(TEXTS)
    choice = draw(st.integers(0, 15))
    value: Any
    if choice == 0:
        return json.dumps({"text": text}).encode()
    if choice == 1:
        return json.dumps({"text": text}, ensure_ascii=False).encode()
    if choice == 2:  # deep nesting, in the mapped field or beside it
        depth = draw(st.sampled_from([63, 64, 65, 200, 1000, 3000]))
        where = draw(st.booleans())
        body = f'{{"text": {_deep(depth)}}}' if where else f'{{"text": "t", "x": {_deep(depth)}}}'
        return body.encode()
    if choice == 3:  # lone surrogate escapes
        escape = draw(st.sampled_from(["\\ud800", "\\udfff", "\\uDBFF", "\\ud83d", "\\ude00x"]))
        return f'{{"text": "a{escape}b"}}'.encode()
    if choice == 4:  # NULs, raw and escaped
        return draw(st.sampled_from([b'{"text": "a\x00b"}', b'{"text": "a\\u0000b"}', b"\x00"]))
    if choice == 5:  # wrong types
        value = draw(st.sampled_from([1, 1.5, True, None, [], ["a"], {"a": 1}, 10**30]))
        return json.dumps({"text": value}).encode()
    if choice == 6:  # not an object
        return draw(st.sampled_from([b"[1,2]", b'"text"', b"42", b"null", b"{", b"}", b"{}"]))
    if choice == 7:  # broken JSON
        good = json.dumps({"text": text}).encode()
        cut = draw(st.integers(0, max(0, len(good) - 1)))
        return good[:cut]
    if choice == 8:  # invalid UTF-8 or odd bytes inside a good line
        good = json.dumps({"text": text}, ensure_ascii=False).encode()
        at = draw(st.integers(0, len(good)))
        return good[:at] + draw(NASTY_BYTES) + good[at:]
    if choice == 9:  # huge line (over max_record_chars)
        size = draw(st.sampled_from([19_999, 20_001, 100_000]))
        return json.dumps({"text": "x" * size}).encode()
    if choice == 10:  # duplicate keys, id field of odd types
        ident = draw(st.sampled_from(['"1"', "1", "null", '""', "[1]", '"a\\u0000"', "true"]))
        return f'{{"id": {ident}, "text": "{text.encode().hex()}", "text": "dup"}}'.encode()
    if choice == 11:  # whitespace-only or CR-only
        return draw(st.sampled_from([b"", b"   ", b"\r", b"\t\r", "\u3000".encode()]))
    if choice == 12:  # a BOM inside the file
        return BOM + json.dumps({"text": text}).encode()
    if choice == 13:  # random bytes
        return draw(st.binary(max_size=60)).replace(b"\n", b" ")
    if choice == 14:  # the text field missing or empty
        return draw(st.sampled_from([b'{"other": "x"}', b'{"text": ""}', b'{"text": "  "}']))
    return json.dumps({"text": text, "meta": {"n": [1, {"a": None}]}}).encode()


def _join(lines: list[bytes], *, bom: bool, crlf: bool, final_newline: bool) -> bytes:
    body = (b"\r\n" if crlf else b"\n").join(lines)
    if final_newline and lines:
        body += b"\r\n" if crlf else b"\n"
    return (BOM if bom else b"") + body


@st.composite
def _framing(draw: st.DrawFn) -> dict[str, bool]:
    return {
        "bom": draw(st.booleans()),
        "crlf": draw(st.booleans()),
        "final_newline": draw(st.booleans()),
    }


@st.composite
def _compressed(draw: st.DrawFn, name: str, body: bytes) -> tuple[str, bytes]:
    """The file as is, gzipped, gzipped and cut short, or zstd-compressed."""
    how = draw(st.sampled_from(["plain", "plain", "gz", "gz-cut", "zst"]))
    if how == "gz":
        return f"{name}.gz", gzip.compress(body, mtime=0)
    if how == "gz-cut":
        packed = gzip.compress(body, mtime=0)
        return f"{name}.gz", packed[: draw(st.integers(0, len(packed)))]
    if how == "zst":
        import zstandard

        return f"{name}.zst", zstandard.ZstdCompressor().compress(body)
    return name, body


@st.composite
def jsonl_cases(draw: st.DrawFn) -> Case:
    """A JSONL file of hostile lines, maybe compressed, maybe with a BOM or CRLF."""
    lines = draw(st.lists(jsonl_line(), max_size=20))
    body = _join(lines, **draw(_framing()))
    name, data = draw(_compressed("data.jsonl", body))
    spec = {"path": "data.jsonl*", "format": "jsonl", "fields": {"id": "id", "text": "text"}}
    if draw(st.booleans()):
        spec["fields"] = {"text": "text"}
    return Case("jsonl", manifest_dict("text_corpus", spec), {name: data}, line_oracle=True)


@st.composite
def csv_cases(draw: st.DrawFn) -> Case:
    """CSV or TSV with broken quotes, ragged rows, NULs, BOMs and invalid UTF-8."""
    sep = draw(st.sampled_from([b",", b"\t"]))
    cell = st.one_of(
        st.text(max_size=12).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from([b'"', b'"open', b'a"b', b'"a""b"', b'"multi\nline"', b"\x00", b"\xff"]),
        NASTY_BYTES,
    )
    header = draw(st.sampled_from([b"id" + sep + b"text", b"text", b"id" + sep + b"other", b""]))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=4), max_size=15))
    lines = [header, *(sep.join(row) for row in rows)]
    body = _join(lines, **draw(_framing()))
    fmt = "csv" if sep == b"," else "tsv"
    name, data = draw(_compressed(f"data.{fmt}", body))
    spec = {"path": f"data.{fmt}*", "format": fmt, "fields": {"id": "id", "text": "text"}}
    return Case(fmt, manifest_dict("text_corpus", spec), {name: data})


@st.composite
def text_cases(draw: st.DrawFn) -> Case:
    """Plain text, one record per line or per file, with any bytes at all."""
    lines = draw(st.lists(st.one_of(st.binary(max_size=40), NASTY_BYTES), max_size=20))
    lines = [line.replace(b"\n", b" ") for line in lines]
    body = _join(lines, **draw(_framing()))
    per_file = draw(st.booleans())
    name, data = draw(_compressed("data.txt", body))
    spec: dict[str, Any] = {"path": "data.txt*", "format": "text"}
    if per_file:
        spec["text_mode"] = "file"
    case_kind = "text-file" if per_file else "text"
    return Case(case_kind, manifest_dict("text_corpus", spec), {name: data}, line_oracle=True)


def _parquet_bytes(table: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.write_parquet(buffer)
    return buffer.getvalue()


@st.composite
def parquet_cases(draw: st.DrawFn) -> Case:
    """Parquet with wrong column types, nulls, nested values, or bytes damaged on disk."""
    n = draw(st.integers(0, 8))
    text_column = draw(
        st.sampled_from(
            [
                pl.Series("text", [f"t{i}" for i in range(n)]),
                pl.Series("text", [i for i in range(n)]),
                pl.Series("text", [None] * n, dtype=pl.String),
                pl.Series("text", [[f"t{i}"] for i in range(n)]),
                pl.Series("text", [{"a": i} for i in range(n)]),
                pl.Series("text", [b"\xff" * i for i in range(n)], dtype=pl.Binary),
                pl.Series("text", ["\x00" * i for i in range(n)]),
            ]
        )
    )
    ids = draw(
        st.sampled_from(
            [
                pl.Series("id", [str(i % 3) for i in range(n)]),
                pl.Series("id", list(range(n))),
                pl.Series("id", [[i] for i in range(n)]),
            ]
        )
    )
    data = _parquet_bytes(pl.DataFrame([ids, text_column]))
    damage = draw(st.sampled_from(["none", "none", "flip", "cut", "garbage"]))
    if damage == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    elif damage == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "garbage":
        data = draw(st.binary(max_size=200))
    spec = {"path": "data.parquet", "format": "parquet", "fields": {"id": "id", "text": "text"}}
    return Case("parquet", manifest_dict("text_corpus", spec), {"data.parquet": data})


_TMX_UNITS = [
    '<tu><tuv xml:lang="zh"><seg>你好</seg></tuv><tuv xml:lang="vi"><seg>xin chào</seg></tuv></tu>',
    '<tu><tuv xml:lang="zh"><seg>只有一边</seg></tuv></tu>',
    '<tu><tuv lang="zh-CN"><seg>a</seg></tuv><tuv lang="vi_VN"><seg><b>b</b></seg></tuv></tu>',
    "<tu></tu>",
    '<tu><tuv xml:lang="zh"><seg>&lol9;</seg></tuv><tuv xml:lang="vi"><seg>x</seg></tuv></tu>',
    '<tu><tuv xml:lang="zh"><seg>&xxe;</seg></tuv><tuv xml:lang="vi"><seg>x</seg></tuv></tu>',
    '<tu><tuv xml:lang="zh"><seg>&#0;</seg></tuv><tuv xml:lang="vi"><seg>x</seg></tuv></tu>',
    '<tu><tuv xml:lang="zh"><seg>&#xD800;</seg></tuv><tuv xml:lang="vi"><seg>x</seg></tuv></tu>',
    "<tu><tuv",
    '<tu><tuv xml:lang="zh"><seg></seg></tuv><tuv xml:lang="vi"><seg> </seg></tuv></tu>',
]
_DOCTYPES = [
    "",
    # a billion laughs: expat refuses the amplification
    '<!DOCTYPE tmx [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>",
    # an external entity naming a file outside the submission: must not be read
    '<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
]


@st.composite
def tmx_cases(draw: st.DrawFn) -> Case:
    """TMX with entity bombs, external entities, broken XML and one-sided units."""
    units = draw(st.lists(st.sampled_from(_TMX_UNITS), max_size=8))
    doctype = draw(st.sampled_from(_DOCTYPES))
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<tmx version="1.4"><header/><body>'
        + "".join(units)
        + "</body></tmx>"
    ).encode()
    if draw(st.booleans()):
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(NASTY_BYTES) + body[at:]
    extra = {"source_lang": "zh", "target_lang": "vi", "languages": ["zh", "vi"]}
    spec = {"path": "data.tmx", "format": "tmx"}
    manifest = manifest_dict("parallel_corpus", spec, **extra)
    return Case("tmx", manifest, {"data.tmx": body})


_CONLL_LINES = [
    b"Hanoi\tB-LOC",
    b"is\tO",
    b"Vietnam\tI-LOC",
    b"x\tI-PER",
    b"x\tB-",
    b"x\tZ-LOC",
    b"x",
    b"x\tO\textra\tcols",
    b"\tO",
    b"# comment",
    b"",
    b"-DOCSTART- O",
    b"1\tHanoi\t_\t_\t_\t_\t_\t_\t_\tB-LOC",
    b"1-2\tzur\t_\t_\t_\t_\t_\t_\t_\t_",
    b"x\x00\tO",
    b"\xff\tO",
]


@st.composite
def conll_cases(draw: st.DrawFn) -> Case:
    """CoNLL-2003 / CoNLL-U with bad tags, wrong column counts, NULs and invalid UTF-8."""
    lines = draw(st.lists(st.sampled_from(_CONLL_LINES), max_size=30))
    body = _join(lines, **draw(_framing()))
    fmt = draw(st.sampled_from(["conll2003", "conllu"]))
    name, data = draw(_compressed(f"data.{fmt}", body))
    spec = {"path": f"data.{fmt}*", "format": fmt}
    return Case(fmt, manifest_dict("ner", spec, ner_scheme="BIO"), {name: data})


def _alias_bomb(levels: int) -> bytes:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{','.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, levels)]
    return ("\n".join(lines) + "\nid: *a" + str(levels - 1) + "\n").encode()


@st.composite
def manifest_cases(draw: st.DrawFn) -> Case:
    """A hostile manifest.yaml: alias bombs, deep nesting, wrong types, tags, bad bytes."""
    spec = {"path": "data.jsonl", "format": "jsonl", "fields": {"text": "text"}}
    good = manifest_dict("text_corpus", spec)
    choice = draw(st.integers(0, 8))
    if choice == 0:
        raw = _alias_bomb(draw(st.integers(2, 9)))
    elif choice == 1:
        raw = ("id: " + "[" * draw(st.sampled_from([50, 500, 5000])) + "\n").encode()
    elif choice == 2:
        key = draw(st.sampled_from(sorted(good)))
        wrong = draw(st.sampled_from([None, 1, [], {}, "x" * 10_000, True, [[[]]]]))
        raw = yaml.safe_dump({**good, key: wrong}).encode()
    elif choice == 3:
        raw = b"!!python/object/apply:os.system ['true']\n"
    elif choice == 4:
        raw = yaml.safe_dump(good, allow_unicode=True).encode()
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(NASTY_BYTES) + raw[at:]
    elif choice == 5:
        raw = BOM + yaml.safe_dump(good, allow_unicode=True).encode()
    elif choice == 6:
        raw = draw(st.binary(max_size=200))
    elif choice == 7:
        path = draw(st.sampled_from(["../*", "/etc/passwd", "data/../../x", "**/*", "", "\x00"]))
        raw = yaml.safe_dump({**good, "files": [{**spec, "path": path}]}).encode()
    else:
        raw = yaml.safe_dump({**good, "id": "a" * 300}).encode()
    files = {"data.jsonl": b'{"text": "hello"}\n'}
    return Case("manifest", good, files, manifest_bytes=raw)


@st.composite
def symlink_cases(draw: st.DrawFn) -> Case:
    """A data file, a folder or the manifest itself symlinked to a file outside."""
    target = draw(st.sampled_from(["data.jsonl", "manifest.yaml", "sub/data.jsonl"]))
    path = "sub/*.jsonl" if target.startswith("sub/") else "data.jsonl"
    spec = {"path": path, "format": "jsonl", "fields": {"text": "text"}}
    files = {} if target != "data.jsonl" else {"other.jsonl": b'{"text": "x"}\n'}
    if target == "manifest.yaml":
        files = {"data.jsonl": b'{"text": "x"}\n'}
    return Case("symlink", manifest_dict("text_corpus", spec), files, links=(target,))


@st.composite
def bomb_cases(draw: st.DrawFn) -> Case:
    """A small gzip bomb: a few KiB that expand past the (small) decompressed-size limit."""
    size = draw(st.sampled_from([512 * 1024, 2 * 1024**2, 8 * 1024**2]))
    line = b'{"text": "' + b"a" * 1000 + b'"}\n'
    body = line * (size // len(line))
    spec = {"path": "data.jsonl.gz", "format": "jsonl", "fields": {"text": "text"}}
    manifest = manifest_dict("text_corpus", spec)
    return Case("gzip-bomb", manifest, {"data.jsonl.gz": gzip.compress(body, mtime=0)})


STRATEGIES: dict[str, Callable[[], st.SearchStrategy[Case]]] = {
    "jsonl": jsonl_cases,
    "csv": csv_cases,
    "text": text_cases,
    "parquet": parquet_cases,
    "tmx": tmx_cases,
    "conll": conll_cases,
    "manifest": manifest_cases,
    "symlink": symlink_cases,
    "gzip-bomb": bomb_cases,
}


def any_case() -> st.SearchStrategy[Case]:
    """A case of any kind."""
    return st.one_of(*(make() for make in STRATEGIES.values()))


# ---------------------------------------------------------------------------------------------
# writing and checking a case


def write_case(case: Case, root: Path, outside: Path) -> Path:
    """Write the submission into `root` (fresh) and the symlink target into `outside`."""
    root.mkdir(parents=True, exist_ok=True)
    for name, data in case.files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    outside.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.jsonl"
    secret.write_bytes(b'{"text": "outside the submission"}\n')
    outside_manifest = outside / "manifest.yaml"
    outside_manifest.write_text(yaml.safe_dump(case.manifest), encoding="utf-8")
    for link in case.links:
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(outside_manifest if link == "manifest.yaml" else secret, root / link)
    if "manifest.yaml" not in case.links:
        manifest = case.manifest_bytes
        if manifest is None:
            manifest = yaml.safe_dump(case.manifest, allow_unicode=True).encode()
        (root / "manifest.yaml").write_bytes(manifest)
    return root


def _payload(data: bytes, name: str) -> bytes | None:
    """The decompressed bytes of a line file, or None when it cannot be known (cut archive)."""
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return None
    elif name.endswith(".zst"):
        import zstandard

        try:
            data = zstandard.ZstdDecompressor().decompress(data)
        except zstandard.ZstdError:
            return None
    return data.removeprefix(BOM)


def expected_lines(data: bytes) -> int:
    """Lines of a payload that are records: invalid UTF-8, or holding a non-space character."""
    count = 0
    for line in data.split(b"\n"):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            count += 1
            continue
        count += _HAS_CONTENT.search(text.removesuffix("\r")) is not None
    return count


def _check_counts(case: Case, result: Any) -> list[str]:
    problems = []
    for stats in result.files:
        if stats.read != stats.kept + stats.quarantined:
            problems.append(f"{stats.path}: read {stats.read} != kept + quarantined")
        if case.line_oracle and case.kind != "text-file":
            payload = _payload(case.files.get(stats.path, b""), stats.path)
            if payload is not None and stats.read != expected_lines(payload):
                problems.append(
                    f"{stats.path}: read {stats.read}, but {expected_lines(payload)} lines hold "
                    "something"
                )
    if sum(s.kept for s in result.files) != result.records.height:
        problems.append("kept per file does not add up to the record table")
    if sum(s.quarantined for s in result.files) != result.quarantine.height:
        problems.append("quarantined per file does not add up to the quarantine table")
    return problems


def _check_quarantine(result: Any) -> list[str]:
    names = {s.path for s in result.files}
    problems = []
    for row in result.quarantine.iter_rows(named=True):
        if row["source_file"] not in names:
            problems.append(f"quarantine row names no file of the submission: {row}")
        if row["source_line"] is None or row["source_line"] < 1:
            problems.append(f"quarantine row names no line: {row['source_file']} {row}")
        if not row["reason"]:
            problems.append(f"quarantine row has no reason: {row}")
    return problems


def _check_records(result: Any, dataset_type: str) -> list[str]:
    problems = []
    records = result.records
    if records["record_id"].null_count() or records["record_id"].n_unique() != records.height:
        problems.append("record ids are missing or not unique")
    for column in TEXT_COLUMNS[dataset_type]:
        for value in records[column].drop_nulls().to_list():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(f"kept {column} is not valid UTF-8: {value!r}")
                break
    return problems


def check_case(case: Case, root: Path, outside: Path) -> Outcome:
    """Write a case, load its manifest and ingest it; the outcome and any broken invariant."""
    write_case(case, root, outside)
    try:
        manifest = load_manifest(root)
        result = ingest_submission(root, manifest, limits=FUZZ_LIMITS)
    except CorpusgradeError as error:
        message = str(error)
        problems = [] if message.strip() else ["a refusal with an empty message"]
        if case.links and "secret" in message:
            problems.append("the refusal quotes the file outside the submission")
        return Outcome(case.kind, "refused", problems, message=message[:300])
    except (Exception, pl.exceptions.PanicException):  # a crash: what the fuzz looks for
        return Outcome(case.kind, "crash", [traceback.format_exc()])
    problems = _check_counts(case, result) + _check_quarantine(result)
    problems += _check_records(result, manifest.dataset_type)
    if case.links and "outside the submission" in result.records["content"].to_list():
        problems.append("a file outside the submission was read")
    return Outcome(
        case.kind,
        "ingested",
        problems,
        read=sum(s.read for s in result.files),
        kept=result.records.height,
        quarantined=result.quarantine.height,
    )
