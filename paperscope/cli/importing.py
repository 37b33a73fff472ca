"""``paperscope import`` and ``paperscope parse``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import parsers

from ..authors import display_name
from ..imports import expand_paths
from ..safe_text import printable
from ..store import FileReport, LibraryError
from .common import (
    EXIT_INPUT,
    EXIT_OK,
    CLIError,
    open_library,
    os_error_line,
    print_json,
    stderr_console,
    stdout_console,
)


def format_report(r: FileReport) -> str:
    declared = f" (page declares {r.declared})" if r.declared is not None else ""
    return (
        f"{printable(r.file)}: {r.format} · {r.found} papers{declared} · "
        f"{r.new} new, {r.merged} merged, {r.updated} updated, {r.unchanged} unchanged"
    )


def cmd_import(args) -> int:
    files, skipped = expand_paths(args.files)
    lib = open_library(args, create=True)
    err = stderr_console()
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
        print_json(
            {"files": [r.to_dict() for r in reports], "skipped": skipped, "library": len(lib)}
        )
    else:
        out = stdout_console()
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
            error = r.error or ""
            reason = "skipped, " + error if Path(r.file) not in named else error
            err.print(f"{printable(r.file)}: {printable(reason)}")
            failed += Path(r.file) in named
    if not args.json:
        total_new = sum(r.new for r in reports)
        stdout_console().print(
            f"library: {len(lib)} papers ({total_new} new) in {printable(str(lib.path))}"
        )
    # The imports are safe on disk (journal) and reported; now, when the journal has
    # grown past half the library, fold it into the main file.
    sys.stdout.flush()
    try:
        lib.compact_after()
    except (LibraryError, OSError) as exc:  # the import itself is saved: say so, exit 0
        cause = exc.__cause__ or exc  # CompactionFailed wraps the reason
        why = os_error_line(cause) if isinstance(cause, OSError) else str(cause)
        err.print(f"warning: the import is saved; folding its journal failed: {printable(why)}")
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
        stderr_console().print(f"{printable(args.file)}: {printable(result.error)}")
        return EXIT_INPUT
    if args.json:
        print_json(result.to_dict())
        return EXIT_OK
    out = stdout_console()
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
