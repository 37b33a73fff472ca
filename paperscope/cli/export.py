"""``paperscope export``: a selection of the library to a file or stdout."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..annotate import pin_exported
from ..export import FORMATS, ExportTargetError, check_target, chunks, utf8_chunks, write_export
from ..export.gaps import export_gaps
from ..export.into import IntoError, add_into
from ..export.keys import citation_keys
from ..records import LibraryPaper
from ..safe_text import printable
from ..selection import select_papers
from ..store import Library
from .common import CLIError, open_library

HELP = """\
Export papers as BibTeX (default), CSL-JSON, RIS or a Markdown reading list.
Choose what to export with exactly one of --query, --marked or --all; without
one the command refuses (so a forgotten flag never dumps the whole library).
Citation keys are unique within the library and stay the same between
exports. Text is written as UTF-8. An existing file is only replaced with
--force; -o - writes to stdout."""


def add_parser(sub, common) -> None:
    p = sub.add_parser(
        "export",
        parents=[common],
        help="export papers (BibTeX, CSL-JSON, RIS, Markdown)",
        description=HELP,
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument("--query", "-q", metavar="Q", help="papers matching this search")
    which.add_argument("--marked", action="store_true", help="the marked papers")
    which.add_argument("--all", action="store_true", help="every paper in the library")
    p.add_argument(
        "--format", "-f", choices=FORMATS, default="bibtex", help="output format (default: bibtex)"
    )
    p.add_argument(
        "--no-abstract", dest="abstract", action="store_false", help="leave abstracts out"
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", metavar="FILE", help="file to write, or - for stdout")
    where.add_argument(
        "--into",
        metavar="BIB",
        help="add the papers not already in this .bib (a manuscript's): what is there stays "
        "byte for byte; papers already there (same key, DOI, arXiv id or title) are left out",
    )
    p.set_defaults(func=cmd_export)


def cmd_export(args) -> int:
    if not (args.query or args.marked or args.all):
        raise CLIError("export: say what to export: --query Q, --marked or --all")
    lib = open_library(args)
    library = lib.papers()
    papers, what = select_papers(lib, query=args.query, marked=args.marked, everything=args.all)
    if not papers:
        raise CLIError(f"export: nothing to export, {what}")
    if args.into is not None:
        code = _into(args, lib, papers, library)
        _report_gaps(papers)
        return code
    if args.output == "-":
        pieces = chunks(papers, args.format, abstract=args.abstract, key_scope=library)
        for data in utf8_chunks(pieces):  # UTF-8 whatever the locale says
            sys.stdout.buffer.write(data)
        sys.stdout.flush()
        _pin(lib, papers, library)
        _report_gaps(papers)
        return 0
    try:
        path = write_export(
            papers,
            args.output,
            args.format,
            abstract=args.abstract,
            force=args.force,
            key_scope=library,
        )
    except (FileExistsError, IsADirectoryError, ExportTargetError) as exc:
        raise CLIError(f"export: {exc}") from None
    except OSError as exc:
        raise CLIError(f"export: cannot write {args.output}: {exc.strerror or exc}") from None
    _pin(lib, papers, library)
    n = len({p.id for p in papers})
    print(
        f"exported {n} paper{'s' if n != 1 else ''} ({args.format}) to {printable(str(path))}",
        file=sys.stderr,
    )
    _report_gaps(papers)
    return 0


def _report_gaps(papers: list[LibraryPaper]) -> None:
    """Papers the export could not give authors or a year, named on stderr."""
    for line in export_gaps(papers).lines():
        print(line, file=sys.stderr)


def _into(
    args: argparse.Namespace, lib: Library, papers: list[LibraryPaper], library: list[LibraryPaper]
) -> int:
    if args.format != "bibtex":
        raise CLIError("export: --into adds to a .bib file: it writes BibTeX only")
    try:
        check_target(Path(os.path.realpath(Path(args.into).expanduser())))
        report = add_into(args.into, papers, key_scope=library, abstract=args.abstract)
    except (IntoError, ExportTargetError) as exc:
        raise CLIError(f"export: {exc}") from None
    print(f"{printable(str(report.path))}: {report.summary()}", file=sys.stderr)
    added = {pid: key for pid, key in report.keys.items() if pid not in report.reasons}
    if added:
        pin_exported(lib, added)
    return 0


def _pin(lib: Library, papers: list[LibraryPaper], library: list[LibraryPaper]) -> None:
    """The keys just written have left the app: pin them (one write, after the file)."""
    keys = citation_keys(library)
    pin_exported(lib, {p.id: keys[p.id] for p in papers if p.id in keys})
