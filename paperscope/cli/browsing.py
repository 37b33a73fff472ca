"""``paperscope list``, ``search`` and ``authors``: the library as text or JSON."""

from __future__ import annotations

import argparse
import shutil
import sys

from rich.cells import cell_len, set_cell_size

from ..annotate import new_papers
from ..authors import build_clusters, display_name, ranked
from ..records import LibraryPaper
from ..safe_text import printable
from ..selection import query_papers
from .common import EXIT_OK, open_library, print_json, stderr_console


def paper_json(p: LibraryPaper) -> dict:
    layer = p.layer
    data = {"id": p.id, **p.view(), "marked": p.marked}
    data.update(status=layer.status, tags=list(layer.tags), note=layer.note)
    data["corrected"] = list(p.corrected)
    data["sources"] = [
        {
            "file": s.file,
            "format": s.format,
            "subject": s.subject,
            "position": s.position,
            "sha256": s.sha256,
            "imported_at": s.imported_at,
        }
        for s in p.sources
    ]
    return data


def _fit(text: str, width: int, cut: bool) -> str:
    """``text`` padded to ``width`` terminal cells; cut (with …) only if ``cut``."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    return set_cell_size(text, width - 1) + "\u2026" if cut else text


def paper_lines(papers: list[LibraryPaper], width: int | None) -> list[str]:
    """One line per paper: id, year, venue/category, sources, first author, title.

    Plain formatting instead of a Rich table: 100,000 rows print in well under a
    second. The title comes last so it can be long. On a terminal (``width`` given)
    columns and lines are cut to fit; into a pipe every value is printed whole.
    """
    cut = width is not None
    head = f"{'id':<13} {'year':>4}  {'venue/cat':<10}  {'src':>3}  {'first author':<20}  title"
    lines = [head]
    for p in papers:
        author = printable(display_name(p.first_author or ""))
        line = (
            f"{p.id:<13} {p.year or '':>4}  {_fit(printable(p.venue_or_category), 10, cut)}  "
            f"{len(p.sources):>3}  {_fit(author, 20, cut)}  {printable(p.title)}"
        )
        if width and cell_len(line) > width:
            line = set_cell_size(line, width - 1) + "\u2026"
        lines.append(line)
    return lines


TSV_COLUMNS = ("id", "year", "venue_or_category", "sources", "first_author", "title")


def tsv_lines(papers: list[LibraryPaper]) -> list[str]:
    """One header and one row per paper, tab-separated, nothing cut: for scripts."""

    def cell(value: object) -> str:
        # a tab or newline inside a value would shift columns: spaces instead
        return " ".join(printable(str(value)).split())

    rows = ["\t".join(TSV_COLUMNS)]
    for p in papers:
        author = display_name(p.first_author or "")
        values = (p.id, p.year or "", p.venue_or_category, len(p.sources), author, p.title)
        rows.append("\t".join(map(cell, values)))
    return rows


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _show(papers: list[LibraryPaper], args: argparse.Namespace, one: str, many: str) -> None:
    if args.json:
        print_json([paper_json(p) for p in papers])
        return
    if getattr(args, "tsv", False):
        lines = tsv_lines(papers)
    else:
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        lines = paper_lines(papers, width) if papers else []
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
    # The count is for the person: on stderr, so a pipe gets only the rows.
    count = plural(len(papers), one, many) if papers else f"no {many}"
    stderr_console().print(count)


def cmd_list(args) -> int:
    lib = open_library(args)
    papers = query_papers(lib, args.query) if args.query else lib.papers()
    if args.marked:
        papers = [p for p in papers if p.marked]
    if getattr(args, "new", False):
        new = {p.id for p in new_papers(lib)}
        papers = [p for p in papers if p.id in new]
    _show(papers, args, "paper", "papers")
    return EXIT_OK


def cmd_search(args) -> int:
    lib = open_library(args)
    papers = query_papers(lib, args.query)
    if args.limit:
        papers = papers[: args.limit]
    _show(papers, args, "match", "matches")
    return EXIT_OK


# -- authors ----------------------------------------------------------------------


def cmd_authors(args) -> int:
    lib = open_library(args)
    clusters = build_clusters(lib.papers(), lib.subjects())
    ordered = ranked(clusters)
    if args.limit:
        ordered = ordered[: args.limit]
    names = {k: c.name for k, c in clusters.items()}
    if args.json:
        print_json([c.to_dict(names) for c in ordered])
        return EXIT_OK
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    cut = width is not None
    lines = [f"{'author':<28}  {'papers':>6}  {'people':>6}  top co-authors"]
    for c in ordered:
        co = ", ".join(f"{names[k]} ({n})" for k, n in c.coauthors.most_common(3))
        label = printable(c.name + (" *" if c.is_subject else ""))
        line = f"{_fit(label, 28, cut)}  {c.count:>6}  {len(c.persons):>6}  {printable(co)}"
        if width and cell_len(line) > width:
            line = set_cell_size(line, width - 1) + "\u2026"
        lines.append(line)
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    stderr_console().print(f"{plural(len(ordered), 'author')} (* = page subject)")
    return EXIT_OK
