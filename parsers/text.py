"""Bytes to clean lines, and repair of text damaged by PDF extraction.

Everything here is format-independent: decoding (UTF-8 with or without BOM,
UTF-16 with BOM, Windows-1252/Latin-1 fallback), refusing binary input, and the
abstract fixes (``e. g. ,`` -> ``e.g.,``, ``5. 18`` -> ``5.18``, broken URLs).
"""

from __future__ import annotations

import re
import unicodedata

# C0/C1 control characters other than tab/newline: never data on a listing page,
# and dangerous on a terminal, so they are removed at decode time.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Zero-width and bidi formatting characters: invisible, and they can reorder
# what a terminal shows. Removed too (ZWJ inside emoji is irrelevant here).
_INVISIBLE_RE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_WS_RE = re.compile(r"[ \t\u00a0\u2000-\u200a\u3000]+")


class DecodeError(ValueError):
    """The bytes are not a text page (binary, or not decodable)."""


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode page bytes to text; returns the text and warnings about the decoding."""
    warnings: list[str] = []
    if not data.strip():
        raise DecodeError("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ["decoded as UTF-16"]
        except UnicodeDecodeError as exc:
            raise DecodeError("the file claims UTF-16 but does not decode as it") from exc
    if b"\x00" in data[:65536]:
        raise DecodeError("the file is binary, not a text page")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_single_byte(data)
        warnings.append("not UTF-8: decoded as Windows-1252/Latin-1")
    sample = text[:65536]
    controls = len(_CONTROL_RE.findall(sample))
    if controls > max(8, len(sample) // 50):
        raise DecodeError("the file is binary, not a text page")
    return text, warnings


def _decode_single_byte(data: bytes) -> str:
    """Windows-1252 where it defines a byte, Latin-1 for the five bytes it leaves out."""
    return data.decode("latin-1").translate(_CP1252_MAP)


# 0x80-0x9F are C1 controls in Latin-1 but printable in Windows-1252 (which is
# what "Latin-1" files from browsers on Windows really are).
_CP1252_MAP = {
    b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def clean_line(line: str) -> str:
    """NFC, no control or invisible characters, single spaces, no trailing blanks."""
    line = unicodedata.normalize("NFC", line)
    line = _CONTROL_RE.sub("", line)
    line = _INVISIBLE_RE.sub("", line)
    line = _WS_RE.sub(" ", line)
    return line.strip()


def split_lines(text: str) -> list[str]:
    """Cleaned lines; CRLF, CR and LF all end a line. Blank lines are kept as ``""``."""
    return [clean_line(line) for line in re.split(r"\r\n|\r|\n|\u2028|\u2029", text)]


# ---------------------------------------------------------------------------
# Abstract repair

_TLDS = (
    "com|org|net|io|edu|ai|cn|gov|uk|de|fr|jp|kr|info|dev|app|me|co|html|htm|pdf|php"
    "|github|githubusercontent|google|ly|tv|us|ca|au|ch|nl|eu|xyz|site|page|md|git|cc"
)
_URL_SCHEME_RE = re.compile(r"\b(https?|ftp)\s*:\s*/\s*/\s*", re.IGNORECASE)
_WWW_RE = re.compile(r"\bwww\. (?=[a-z0-9])", re.IGNORECASE)
# Inside a URL, ". com/..." or "/ path" was split by extraction: glue it back.
_URL_DOT_RE = re.compile(
    rf"((?:https?|ftp)://[^\s]*?[A-Za-z0-9])\. ((?:{_TLDS})(?=[/:#?.,;)\]\s]|$)[^\s]*)"
)
_URL_SLASH_RE = re.compile(r"((?:https?|ftp)://[^\s]*?)/ ([A-Za-z0-9][^\s]*)")
_ABBREV_RE = re.compile(r"\b([a-zA-Z])\. ([a-zA-Z])\.(?=[\s,;:)]|$)")
_ABBREV_COMMA_RE = re.compile(r"\b([a-zA-Z]\.[a-zA-Z]\.|et al\.)\s+,")
# "5. 18" -> "5.18"; but "in 2023. 5 models" is a sentence end followed by a number.
_DECIMAL_RE = re.compile(r"(?<![\d.])(?!(?:19|20)\d\d\. \d+ )(\d+)\. (\d+)(?!\.\d)")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"(\S) +([,;])")
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}'\""


def repair_abstract(text: str) -> str:
    """Undo the usual PDF-extraction damage without touching correct text."""
    text = _URL_SCHEME_RE.sub(lambda m: m.group(1).lower() + "://", text)
    text = _WWW_RE.sub("www.", text)
    for _ in range(8):  # a URL can be broken in several places
        fixed = _URL_DOT_RE.sub(r"\1.\2", text)
        fixed = _URL_SLASH_RE.sub(r"\1/\2", fixed)
        if fixed == text:
            break
        text = fixed
    text = _ABBREV_RE.sub(r"\1.\2.", text)
    text = _ABBREV_COMMA_RE.sub(r"\1,", text)
    text = _DECIMAL_RE.sub(r"\1.\2", text)
    return text


def extract_links(text: str) -> list[str]:
    """URLs in order of appearance, without sentence punctuation, each once."""
    seen: dict[str, None] = {}
    for match in _URL_RE.finditer(text):
        url = match.group(0)
        while url and url[-1] in _URL_TRAILING:
            # keep a closing bracket that belongs to the URL, e.g. wiki/Foo_(bar)
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if len(url) > len("https://x"):
            seen.setdefault(url, None)
    return list(seen)


_SENTENCE_END = (".", "!", "?", ")", "]", '"', "'", "\u201d", "\u2019", "\u2026")


def looks_complete(text: str) -> bool:
    """Whether a paragraph ends like finished prose (used to spot cut-off pages)."""
    text = text.rstrip()
    if not text:
        return False
    return text.endswith(_SENTENCE_END) or bool(_URL_RE.fullmatch(text.split()[-1]))
