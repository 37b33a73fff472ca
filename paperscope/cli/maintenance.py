"""Commands for the day something goes wrong: ``check`` (and ``--repair``),
``backup``, ``restore`` and ``compact``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..library import care
from ..paths import resolve_db
from ..safe_text import printable
from ..store import Library
from .common import EXIT_OK, EXIT_USAGE, CLIError, stderr_console, stdout_console


def _existing(args: argparse.Namespace) -> Path:
    path = resolve_db(args.db)
    if not path.exists():
        raise CLIError(f"no library at {path}")
    return path


def cmd_compact(args: argparse.Namespace) -> int:
    lib = Library.open(_existing(args))
    lib.compact()
    stdout_console().print(f"library: {len(lib)} papers in one file, {printable(str(lib.path))}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    path = _existing(args)
    out = stdout_console()
    if args.repair:
        kept, aside = care.repair(path)
        out.print(f"repaired: {kept} papers kept in {printable(str(path))}")
        out.print(f"the damaged files are in {printable(str(aside))}")
    problems = care.check(path)
    for problem in problems:
        out.print(printable(str(problem)))
    if problems:
        return EXIT_USAGE
    lib = Library.open(path)
    out.print(f"ok: {len(lib)} papers, every file of the library checked ({printable(str(path))})")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    path = _existing(args)
    dest = Path(args.file).expanduser()
    if dest.exists() and not args.force:
        raise CLIError(f"{dest} already exists (use --force to replace it)")
    n = care.backup(path, dest)
    stderr_console().print(f"backed up {n} papers to {printable(str(dest))} (one file)")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    path = resolve_db(args.db)
    kept = care.restore(path, Path(args.file).expanduser())
    err = stderr_console()
    err.print(f"restored {printable(str(path))} from {printable(args.file)}")
    if kept is not None:
        err.print(f"the library it replaced is kept as {printable(str(kept))}")
    return EXIT_OK
