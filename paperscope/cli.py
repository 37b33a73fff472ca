"""The ``paperscope`` command line. With no subcommand it opens the app.

Errors are one line on stderr and a non-zero exit, never a traceback:
0 all good, 1 some input was refused (the rest still landed), 2 the command
could not run (bad usage, library problem), 3 an internal error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import orjson
from rich.cells import cell_len, set_cell_size
from rich.console import Console

import parsers

from .authors import build_clusters, display_name, ranked
from .imports import expand_paths
from .paths import resolve_db, seed_files
from .records import LibraryPaper
from .safe_text import json_safe, printable
from .search import SearchIndex, parse_query
from .store import FileReport, Library, LibraryError

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class CLIError(Exception):
    """A reason the command cannot run, for one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other error
        self.exit(EXIT_USAGE, f"{self.prog}: error: {printable(message)}\n")


def _out() -> Console:
    return Console(highlight=False, markup=False, emoji=False, soft_wrap=True)


def _err() -> Console:
    return Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)


def _json(data) -> None:
    """Page text stays exact, but escapes and bidi controls are spelled as ``\\u`` escapes."""
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    sys.stdout.buffer.write(json_safe(text).encode() + b"\n")
    sys.stdout.flush()


def _open(args) -> Library:
    return Library.open(resolve_db(args.db))


# -- import -----------------------------------------------------------------------


def format_report(r: FileReport) -> str:
    declared = f" (page declares {r.declared})" if r.declared is not None else ""
    return (
        f"{printable(r.file)}: {r.format} · {r.found} papers{declared} · "
        f"{r.new} new, {r.merged} merged, {r.updated} updated, {r.unchanged} unchanged"
    )


def cmd_import(args) -> int:
    files, skipped = expand_paths(args.files)
    lib = _open(args)
    err = _err()
    named = {Path(f).expanduser() for f in args.files}
    if sys.stderr.isatty() and len(files) > 1 and not args.json:
        from rich.progress import Progress

        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("importing", total=len(files))

            def progress(done: int, total: int, name: str) -> None:
                label = printable(Path(name).name) or "writing"
                bar.update(task, completed=done, description=label)

            reports = lib.import_files(files, progress=progress, fmt=args.format)
    else:
        reports = lib.import_files(files, fmt=args.format)
    if args.json:
        _json({"files": [r.to_dict() for r in reports], "skipped": skipped, "library": len(lib)})
    else:
        out = _out()
        for r in reports:
            if r.ok:
                out.print(format_report(r))
                for w in r.warnings:
                    out.print(f"  warning: {printable(w)}")
        for note in skipped:
            err.print(printable(note))
    failed = 0
    for r in reports:
        if not r.ok:
            reason = "skipped, " + r.error if Path(r.file) not in named else r.error
            err.print(f"{printable(r.file)}: {printable(reason)}")
            failed += Path(r.file) in named
    if not args.json:
        total_new = sum(r.new for r in reports)
        _out().print(f"library: {len(lib)} papers ({total_new} new) in {printable(str(lib.path))}")
    # The imports are safe on disk (journal) and reported; now, when the journal has
    # grown past half the library, fold it into the main file.
    sys.stdout.flush()
    try:
        lib.compact(only_if_due=True)
    except LibraryError as exc:  # the import itself is saved: say so, do not fail it
        err.print(f"note: {printable(str(exc))}")
    return EXIT_INPUT if failed else EXIT_OK


# -- parse ------------------------------------------------------------------------


def cmd_parse(args) -> int:
    kwargs = {"fmt": args.format}
    if args.saved:
        try:
            kwargs["saved"] = dt.date.fromisoformat(args.saved)
        except ValueError as exc:
            raise CLIError(f"--saved {args.saved!r} is not a date (YYYY-MM-DD)") from exc
    result = parsers.parse_file(args.file, **kwargs)
    if not result.ok:
        _err().print(f"{printable(args.file)}: {printable(result.error)}")
        return EXIT_INPUT
    if args.json:
        _json(result.to_dict())
        return EXIT_OK
    out = _out()
    declared = result.header.get("declared_papers")
    out.print(
        f"{printable(args.file)}: {result.format} · {len(result.papers)} papers"
        + (f" (page declares {declared})" if declared is not None else "")
    )
    for n, p in enumerate(result.papers, start=1):
        first = display_name(p.authors[0]) if p.authors else "-"
        out.print(f"{n:4} {p.year or '':4} {printable(p.title)} — {printable(first)}")
    for w in result.warnings:
        out.print(f"  warning: {printable(w)}")
    return EXIT_OK


# -- list / search ----------------------------------------------------------------


def paper_json(p: LibraryPaper) -> dict:
    data = {"id": p.id, **p.view(), "marked": p.marked}
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


def _show(papers: list[LibraryPaper], as_json: bool, what: str) -> None:
    if as_json:
        _json([paper_json(p) for p in papers])
        return
    if not papers:
        print(f"no {what}")
        return
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
    sys.stdout.write("\n".join(paper_lines(papers, width)) + f"\n{len(papers)} {what}\n")
    sys.stdout.flush()


def _query(lib: Library, text: str) -> list[LibraryPaper]:
    q = parse_query(text)
    if q.errors:
        raise CLIError(q.errors[0])
    return [h.paper for h in SearchIndex(lib.papers()).search(q)]


def cmd_list(args) -> int:
    lib = _open(args)
    papers = _query(lib, args.query) if args.query else lib.papers()
    if args.marked:
        papers = [p for p in papers if p.marked]
    _show(papers, args.json, "papers")
    return EXIT_OK


def cmd_search(args) -> int:
    lib = _open(args)
    papers = _query(lib, args.query)
    if args.limit:
        papers = papers[: args.limit]
    _show(papers, args.json, "matches")
    return EXIT_OK


# -- authors ----------------------------------------------------------------------


def cmd_authors(args) -> int:
    lib = _open(args)
    clusters = build_clusters(lib.papers(), lib.subjects())
    ordered = ranked(clusters)
    if args.limit:
        ordered = ordered[: args.limit]
    names = {k: c.name for k, c in clusters.items()}
    if args.json:
        _json([c.to_dict(names) for c in ordered])
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
    out = _out()
    out.print(f"{len(ordered)} authors (* = page subject)")
    return EXIT_OK


# -- compact ----------------------------------------------------------------------


def cmd_compact(args) -> int:
    path = resolve_db(args.db)
    if not path.exists():
        raise CLIError(f"no library at {path}")
    lib = Library.open(path)
    lib.compact()
    _out().print(f"library: {len(lib)} papers in one file, {printable(str(lib.path))}")
    return EXIT_OK


# -- the app ----------------------------------------------------------------------


def cmd_app(args) -> int:
    path = resolve_db(args.db)
    preview = None
    if not path.exists():  # the first run: the bundled pages, to have something to see
        lib = Library.open(path)
        seeds = seed_files()
        if seeds:
            lib.import_files(seeds)
    else:
        # Draw the first screenful from the head of the file and read the rest in the
        # app's background worker; without a head, read it all now (errors: one line).
        lib, preview = Library.deferred(path)
        if preview is None:
            lib.ensure_loaded()
    from tui.app import run  # Textual only when the app is wanted

    return run(lib, preview)


# -- wiring -----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="library file (default: $PAPERSCOPE_DB or the user data dir)",
    )
    parser = _Parser(
        prog="paperscope",
        description="Turn saved paper-listing pages into a local library and browse it.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version="paperscope 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("import", parents=[common], help="import page files or directories")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=parsers.FORMAT_NAMES, help="skip format detection")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("parse", parents=[common], help="show what a parser reads (no import)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the parser's record as JSON")
    p.add_argument("--format", choices=parsers.FORMAT_NAMES, help="skip format detection")
    p.add_argument(
        "--saved",
        metavar="YYYY-MM-DD",
        help="the day the page was saved (default: the file's modification date)",
    )
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("list", parents=[common], help="list the papers in the library")
    p.add_argument("--query", "-q", metavar="Q", help="only papers matching this search")
    p.add_argument("--marked", action="store_true", help="only marked papers")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("search", parents=[common], help="fuzzy search with field filters")
    p.add_argument("query", metavar="Q")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser(
        "compact",
        parents=[common],
        help="fold the journal into the library file (one file to back up)",
    )
    p.set_defaults(func=cmd_compact)

    p = sub.add_parser("authors", parents=[common], help="author clusters with counts")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_authors)

    _add_export(sub, common)
    return parser


def _add_export(sub, common) -> None:
    """The export subcommand, when the export package is present."""
    try:
        from .export.cli import add_parser
    except ImportError:
        return
    add_parser(sub, common)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "db"):
        args.db = None
    func = getattr(args, "func", cmd_app)
    try:
        return func(args)
    except (LibraryError, CLIError) as exc:
        _err().print(f"paperscope: error: {printable(str(exc))}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # e.g. `paperscope list | head`: not an error worth a traceback
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # the promise: never a traceback
        if os.environ.get("PAPERSCOPE_DEBUG"):
            raise
        _err().print(
            f"paperscope: internal error: {type(exc).__name__}: {printable(str(exc))} "
            "(set PAPERSCOPE_DEBUG=1 to see where)"
        )
        return EXIT_INTERNAL
