"""Page parsers: one module per format, each with ``detect()`` and ``parse()``.

``parse_bytes``/``parse_file`` decode a page, let every format rate how much the
page looks like it, and run the best one. Nothing here raises on bad input: a
refused page is a ``ParseResult`` with ``error`` set.

A format's module is imported when it is first needed (start-up pays only for
what it uses): importing ``parsers``, a record type or one format does not
load the other formats.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from .base import Page, dedupe, title_key
from .record import Paper, ParseResult
from .text import DecodeError, decode, split_lines

# Format name -> its module in this package. Tried in this order; the highest
# confidence wins, earlier ones on ties. Each module's NAME is its key here.
_REGISTRY = {
    "author-cluster": "cluster",
    "profile": "profile",
    "trending": "trending",
    "feed": "feed",
    "bibtex": "bibtex",
}
FORMAT_NAMES = tuple(_REGISTRY)
_MIN_CONFIDENCE = 0.5

__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "format_module",
    "Paper",
    "ParseResult",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "prepare",
    "title_key",
]


def format_module(name: str) -> ModuleType:
    """The parser module of format ``name`` (imported on first use); ``KeyError`` if unknown."""
    return importlib.import_module(f".{_REGISTRY[name]}", __name__)


def prepare() -> None:
    """Load now what the first parse of a page would: every format (each one reads
    the page to say whether it is its own) and the feed split's lexicons. The app
    calls it while the user picks a file, with the merge indexes."""
    _all_formats()
    from .name_lexicon import load_lexicons

    # A lexicon the package cannot read fails the feed parse, which reports it for that
    # page; here (in the app's background worker) it must not take the app down.
    with contextlib.suppress(OSError):
        load_lexicons()


def _all_formats() -> tuple[ModuleType, ...]:
    return tuple(format_module(n) for n in FORMAT_NAMES)


def __getattr__(name: str) -> Any:
    # ``parsers.FORMATS`` (every format module, in the order they are tried)
    # loads them all, so it is built only when someone asks for it.
    if name == "FORMATS":
        return _all_formats()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_text(
    text: str,
    *,
    saved: dt.date | None = None,
    known: Callable[[str], bool] | None = None,
    fmt: str | None = None,
) -> ParseResult:
    """Parse decoded page text. ``saved`` dates year-less dates; ``known`` names help splits."""
    return _parse_lines(*_page_lines(text), saved, known, fmt)


def _page_lines(text: str) -> tuple[list[str], bool]:
    """The page's cleaned lines, and whether its text ends with a line break."""
    return split_lines(text), text.endswith(("\n", "\r"))


def _parse_lines(
    lines: list[str],
    ends_with_newline: bool,
    saved: dt.date | None,
    known: Callable[[str], bool] | None,
    fmt: str | None,
) -> ParseResult:
    page = Page(
        lines=lines,
        saved=saved or dt.date.today(),
        ends_with_newline=ends_with_newline,
        known=known,
    )
    if not any(page.lines):
        return ParseResult(format=None, error="the page has no text")
    if fmt is None and (kind := _other_kind(page.lines)) is not None:
        return ParseResult(format=None, error=f"this is {kind}, not a paper-listing page")
    if fmt is not None:
        if fmt not in _REGISTRY:
            return ParseResult(format=None, error=f"unknown format {fmt!r}")
        chosen = format_module(fmt)
    else:
        formats = [format_module(n) for n in FORMAT_NAMES]
        scored = [(f.detect(page), -i, f) for i, f in enumerate(formats)]
        confidence, _, chosen = max(scored, key=lambda s: (s[0], s[1]))
        if confidence < _MIN_CONFIDENCE:
            return ParseResult(
                format=None,
                error="not a paper-listing page this version can read "
                f"(looked for: {', '.join(FORMAT_NAMES)})",
            )
    try:
        result = chosen.parse(page)
    except Exception as exc:  # a parser bug must not take the import down
        return ParseResult(format=chosen.NAME, error=f"parser failed: {exc!r}")
    if chosen.NAME != "bibtex":
        # A .bib lists each version of a work (CoRR, conference, journal) as its own
        # entry with its own key and ids: the library merges them, keeping every one.
        dedupe(result)
    if not result.papers:
        result.error = f"looks like a {chosen.NAME} page but no paper could be read"
    return result


_HTML_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|\?xml)\b", re.IGNORECASE)


def _other_kind(lines: list[str]) -> str | None:
    """Name a kind of file that is clearly not a listing page, to refuse it plainly.

    Markup, data and bibliography files can hold paper titles and names, so
    they are refused before any format gets a chance to find "papers" in them.
    """
    first = next(line for line in lines if line)
    if _HTML_RE.match(first) or (first.startswith("<") and any("</" in x for x in lines[:50])):
        return "HTML or XML (save the page as plain text instead)"
    if first.startswith(("{", "[")):
        try:
            json.loads("\n".join(lines))
        except ValueError:
            pass
        else:
            return "JSON data"
    return None


def parse_bytes(
    data: bytes,
    *,
    saved: dt.date | None = None,
    known: Callable[[str], bool] | None = None,
    fmt: str | None = None,
) -> ParseResult:
    try:
        text, warnings = decode(data)
    except DecodeError as exc:
        return ParseResult(format=None, error=str(exc))
    lines, ends_with_newline = _page_lines(text)
    del text  # (the page's text, as big as its lines again: not kept while they are read)
    result = _parse_lines(lines, ends_with_newline, saved, known, fmt)
    result.warnings[:0] = warnings
    return result


def saved_date(path: Path) -> dt.date:
    """The day the page was saved, as the file's modification time tells it."""
    return dt.date.fromtimestamp(os.stat(path).st_mtime)


def parse_file(path: str | os.PathLike, **kwargs) -> ParseResult:
    path = Path(path)
    try:
        data = path.read_bytes()
        kwargs.setdefault("saved", saved_date(path))
    except IsADirectoryError:
        return ParseResult(format=None, error="is a directory")
    except FileNotFoundError:
        return ParseResult(format=None, error="no such file")
    except PermissionError:
        return ParseResult(format=None, error="permission denied")
    except OSError as exc:
        return ParseResult(format=None, error=exc.strerror or str(exc))
    return parse_bytes(data, **kwargs)
