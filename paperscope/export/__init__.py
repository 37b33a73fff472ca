"""Export library papers to BibTeX, CSL-JSON, RIS or a Markdown reading list.

Non-UI: the TUI's ``e`` and ``y`` keys and the ``export`` command both call
``render``/``write_export`` so every path out of PaperScope gives the same bytes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import LibraryPaper

FORMATS = ("bibtex", "csljson", "ris", "markdown")


def chunks(
    papers: list[LibraryPaper],
    fmt: str = "bibtex",
    *,
    abstract: bool = True,
    key_scope: list[LibraryPaper] | None = None,
) -> Iterator[str]:
    """:func:`render`'s text in pieces, made as they are read.

    The format is checked and the keys decided here, before the first piece.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    from . import bibtex, csljson, markdown, ris
    from .entries import entry_stream

    module = {"bibtex": bibtex, "csljson": csljson, "ris": ris, "markdown": markdown}[fmt]
    return module.chunks(entry_stream(papers, abstract=abstract, key_scope=key_scope))


def render(
    papers: list[LibraryPaper],
    fmt: str = "bibtex",
    *,
    abstract: bool = True,
    key_scope: list[LibraryPaper] | None = None,
) -> str:
    """The export text for ``papers``; the same selection always gives the same text.

    ``key_scope`` (e.g. the whole library) is the set citation keys are made
    unique in, so a paper keeps its key whatever else is selected with it.
    """
    return "".join(chunks(papers, fmt, abstract=abstract, key_scope=key_scope))


def utf8_chunks(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[bytes]:
    """Text pieces as UTF-8 blocks of about ``size`` characters: a large export is
    never one string (up to 4 bytes a character) plus its bytes in memory."""
    batch: list[str] = []
    n = 0
    for piece in pieces:
        batch.append(piece)
        n += len(piece)
        if n >= size:
            yield "".join(batch).encode("utf-8")
            batch, n = [], 0
    if batch:
        yield "".join(batch).encode("utf-8")


class ExportTargetError(ValueError):
    """The path names something an export must not replace (one line, why)."""


def check_target(target: Path) -> None:
    """Refuse anything but a regular file or a new name: an atomic write replaces the
    path, which would turn a symlink, a device or a FIFO into a regular file."""
    if target.is_symlink():
        real = target.resolve()
        raise ExportTargetError(f"{target} is a symlink to {real}: name {real} to export there")
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(f"{target} is a directory, not a file to export to")
    if not stat.S_ISREG(mode):
        raise ExportTargetError(
            f"{target} is not a regular file (a device or a pipe): use -o - for stdout"
        )


def write_export(
    papers: list[LibraryPaper],
    path: str | os.PathLike,
    fmt: str = "bibtex",
    *,
    abstract: bool = True,
    force: bool = False,
    key_scope: list[LibraryPaper] | None = None,
) -> Path:
    """Write the export atomically; an existing file is only replaced when ``force``."""
    from ..store import atomic_write_bytes

    target = Path(path).expanduser()
    check_target(target)
    if target.exists() and not force:
        raise FileExistsError(f"{target} already exists (use --force to overwrite it)")
    pieces = chunks(papers, fmt, abstract=abstract, key_scope=key_scope)
    # Written as it is made; a failure part way removes the temporary file, never the target.
    atomic_write_bytes(target, utf8_chunks(pieces), backup=False)
    return target
