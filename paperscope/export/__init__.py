"""Export library papers to BibTeX, CSL-JSON, RIS or a Markdown reading list.

Non-UI: the TUI's ``e`` and ``y`` keys and the ``export`` command both call
``render``/``write_export`` so every path out of PaperScope gives the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..records import LibraryPaper

FORMATS = ("bibtex", "csljson", "ris", "markdown")


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
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    from . import bibtex, csljson, markdown, ris
    from .entries import make_entries

    module = {"bibtex": bibtex, "csljson": csljson, "ris": ris, "markdown": markdown}[fmt]
    return module.render(make_entries(papers, abstract=abstract, key_scope=key_scope))


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
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a directory, not a file to export to")
    if target.exists() and not force:
        raise FileExistsError(f"{target} already exists (use --force to overwrite it)")
    data = render(papers, fmt, abstract=abstract, key_scope=key_scope).encode("utf-8")
    atomic_write_bytes(target, data, backup=False)
    return target
