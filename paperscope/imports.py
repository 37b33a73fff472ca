"""Use case: importing pages. What both front ends (the CLI and the app) call to
turn the paths a user typed into files to read, and what reads and parses each
file (the parser registry is called here, not in the library, which only merges
records). ``Library.import_files`` runs ``read_page`` under its writer lock."""

from __future__ import annotations

import glob
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import parsers
from parsers.names import name_key
from parsers.record import ParseResult

from .gc_pause import gc_paused

# Files in an imported directory that are certainly not pages; reported, not read.
_NOT_PAGES = {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".zip", ".gz", ".json", ".py"}
_GLOB_RE = re.compile(r"[*?[]")  # what makes a path a glob pattern (fnmatch's syntax)


def expand_paths(paths: Sequence[str]) -> tuple[list[Path], list[str]]:
    """Files to import, and notes about what inside given directories was skipped.

    A path with ``* ? [`` that names no file is a glob (``pages/*.txt``,
    ``~/Downloads/**/*.txt``), expanded here so a quoted pattern on the command line
    and one typed in the app find the same files. Its matches are read like a
    folder's contents: hidden names are not matched, non-pages are skipped with a
    note. A pattern that matches nothing is kept as it is, so its report says
    "no such file", as a shell without nullglob would.
    """
    files: list[Path] = []
    skipped: list[str] = []

    def add_dir(path: Path) -> None:
        for child in sorted(path.rglob("*")):
            if not child.is_file():
                continue
            hidden = child.relative_to(path).parts
            if any(part.startswith(".") for part in hidden):
                continue
            add_found(child)

    def add_found(child: Path) -> None:
        if child.suffix.lower() in _NOT_PAGES:
            skipped.append(f"{child}: skipped, not a text page")
        else:
            files.append(child)

    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            add_dir(path)
        elif not path.exists() and _GLOB_RE.search(raw):
            matches = sorted(glob.glob(str(path), recursive=True))
            if not matches:
                files.append(path)
            for match in map(Path, matches):
                if match.is_dir():
                    add_dir(match)
                elif match.is_file():
                    add_found(match)
        else:
            files.append(path)
    return files, skipped


# -- reading a page ---------------------------------------------------------------


@dataclass(slots=True)
class FileReport:
    """What importing one file did."""

    file: str
    format: str | None = None
    found: int = 0
    declared: int | None = None
    new: int = 0
    merged: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    new_titles: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "found": self.found,
            "declared": self.declared,
            "new": self.new,
            "merged": self.merged,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "warnings": self.warnings,
            "error": self.error,
        }


def page_key(result: ParseResult, file: str) -> str:
    """A page's identity across re-saves: its person for author pages, else its file name."""
    subject = result.header.get("subject")
    if subject:
        return f"{result.format}:{name_key(subject)}"
    return f"{result.format}:file:{Path(file).name}"


@dataclass(slots=True)
class PageRead:
    """A file read and parsed for the library to merge: ``result`` is None when the
    report says why there is nothing to merge (an error, or a page already there)."""

    report: FileReport
    result: ParseResult | None = None
    file: str = ""  # the resolved path the sources record
    sha256: str = ""
    page: str = ""  # see page_key
    saved: str | None = None  # the day the file was saved (ISO)


def file_error(exc: OSError) -> str:
    """The one wording of why a file could not be read, for a report."""
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    return exc.strerror or str(exc)


def read_page(
    path: Path,
    known: Callable[[str], bool],
    has_page: Callable[[str], bool],
    fmt: str | None = None,
) -> PageRead:
    """Read and parse one file. ``known`` tells the parsers which names the library
    already has; ``has_page`` whether a file with these bytes was imported already."""
    report = FileReport(file=str(path))
    try:
        data = path.read_bytes()
        saved = parsers.saved_date(path)
    except OSError as exc:
        report.error = file_error(exc)
        return PageRead(report)
    sha = hashlib.sha256(data).hexdigest()
    with gc_paused():  # a page's papers are many new objects, none of them cyclic
        result = parsers.parse_bytes(data, saved=saved, known=known, fmt=fmt)
    report.format = result.format
    report.warnings = list(result.warnings)
    if not result.ok:
        report.error = result.error
        return PageRead(report)
    report.found = len(result.papers)
    report.declared = result.header.get("declared_papers")
    if has_page(sha):
        report.unchanged = report.found
        return PageRead(report)
    file = str(path.resolve())
    return PageRead(report, result, file, sha, page_key(result, file), saved.isoformat())
