"""CoNLL-U and CoNLL-2003 readers (NER): tokens joined with the language's spacing become `text`,
BIO/BIOES tags become character-offset entities; a malformed sentence is quarantined whole.

Thai, Lao, Khmer, Burmese, Chinese and Japanese do not put spaces between words, so two tokens
whose touching characters are both of those scripts are joined without a space ("ภาษา" + "ไทย"
gives "ภาษาไทย", not "ภาษา ไทย"); every other boundary gets one space.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
import regex

from pipelines.ingest.compression import Payload
from pipelines.ingest.frame import bad_row, error_frame, frame_from_rows
from schemas.records import TYPE_COLUMNS

__all__ = ["read_conll_payload", "tags_to_entities"]

_PREFIXES = frozenset("BIESLU")
_UNSPACED = regex.compile(
    r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff00-\uffef]"
)


def _separator(previous: str, token: str) -> str:
    """ "" between two tokens of scripts written without spaces, else one space."""
    if previous and token and _UNSPACED.match(previous[-1]) and _UNSPACED.match(token[0]):
        return ""
    return " "


def token_starts(tokens: list[str]) -> list[int]:
    """Character offset of each token in `join_tokens(tokens)`."""
    starts: list[int] = []
    offset = 0
    for index, token in enumerate(tokens):
        if index:
            offset += len(_separator(tokens[index - 1], token))
        starts.append(offset)
        offset += len(token)
    return starts


def join_tokens(tokens: list[str]) -> str:
    """The sentence text: tokens joined with the spacing of their scripts.

    >>> join_tokens(["ภาษา", "ไทย", "iPhone", "15"]), join_tokens(["EU", "rejects"])
    ('ภาษาไทย iPhone 15', 'EU rejects')
    """
    parts = [
        (_separator(tokens[i - 1], token) if i else "") + token for i, token in enumerate(tokens)
    ]
    return "".join(parts)


class _BadSentence(ValueError):
    """A sentence that cannot be turned into a record."""


def _sentences(text: str) -> Iterator[list[str]]:
    """Blocks of non-blank lines, without comments and -DOCSTART- markers."""
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        stripped = line.strip()
        if not stripped:
            if block:
                yield block
            block = []
        elif not stripped.startswith("#") and not stripped.startswith("-DOCSTART-"):
            block.append(line.rstrip("\r"))


def _conllu_token(line: str) -> tuple[str, str] | None:
    """(form, tag) of a CoNLL-U word line; None for multiword ranges and empty nodes."""
    cols = line.split("\t")
    if len(cols) != 10:
        raise _BadSentence(f"expected 10 tab-separated columns, found {len(cols)}: {line!r}")
    if "-" in cols[0] or "." in cols[0]:
        return None
    misc = dict(item.split("=", 1) for item in cols[9].split("|") if "=" in item)
    return cols[1], misc.get("NE", misc.get("NER", "O"))


def _conll2003_token(line: str) -> tuple[str, str]:
    """(token, tag) of a CoNLL-2003 line: the token first, the NER tag last."""
    cols = line.split()
    if len(cols) < 2:
        raise _BadSentence(f"expected a token and a tag, found {len(cols)} column(s): {line!r}")
    return cols[0], cols[-1]


def _split_tag(tag: str, position: int) -> tuple[str, str]:
    """('B', 'PER') from 'B-PER'; ('O', '') for O; raise for anything else."""
    if tag == "O":
        return "O", ""
    prefix, _dash, label = tag.partition("-")
    if prefix not in _PREFIXES or not label:
        raise _BadSentence(f"tag {tag!r} at token {position} is not O or B-/I-/E-/S-<label>")
    return prefix, label


def tags_to_entities(tokens: list[str], tags: list[str]) -> list[dict[str, Any]]:
    """Character spans (over `join_tokens(tokens)`) from BIO/BIOES tags."""
    entities: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    starts = token_starts(tokens)
    for position, (token, tag) in enumerate(zip(tokens, tags, strict=True), start=1):
        prefix, label = _split_tag(tag, position)
        start = starts[position - 1]
        end = start + len(token)
        continues = current is not None and prefix in "IEL" and current["label"] == label
        if continues and current is not None:
            current["end"] = end
        elif prefix != "O":
            current = {"start": start, "end": end, "label": label}
            entities.append(current)
        if prefix in "OESLU":
            current = None
    return entities


def _sentence_row(number: int, lines: list[str], *, conllu: bool) -> dict[str, Any]:
    """One sentence as a reader row, or a quarantine row naming what is wrong."""
    raw = "\n".join(lines)
    if any("\udc80" <= ch <= "\udcff" for ch in raw):
        return bad_row(number, raw, "invalid_utf8", "sentence is not valid UTF-8")
    try:
        pairs = [_conllu_token(line) if conllu else _conll2003_token(line) for line in lines]
        words = [pair for pair in pairs if pair is not None]
        tokens, tags = [w[0] for w in words], [w[1] for w in words]
        entities = tags_to_entities(tokens, tags)
    except _BadSentence as exc:
        return bad_row(number, raw, "bad_conll_sentence", str(exc))
    text = join_tokens(tokens)
    return {
        "source_line": number,
        "raw": raw,
        "text": text,
        "entities": entities,
        "tokens": tokens,
        "tags": tags,
    }


def read_conll_payload(payload: Payload, *, conllu: bool) -> pl.DataFrame:
    """Every sentence of a CoNLL-U / CoNLL-2003 file as a reader frame."""
    text = payload.data.decode("utf-8", "surrogateescape")
    rows = [
        _sentence_row(number, lines, conllu=conllu)
        for number, lines in enumerate(_sentences(text), start=1)
    ]
    frame = frame_from_rows(rows, TYPE_COLUMNS["ner"])
    if payload.truncated:
        tail = error_frame(len(rows) + 1, payload.data[-200:], "truncated_archive", payload.problem)
        frame = pl.concat([frame, tail], how="diagonal_relaxed")
    return frame
