"""Commands for the day something goes wrong: ``compact`` (and the checks beside it)."""

from __future__ import annotations

from ..paths import resolve_db
from ..safe_text import printable
from ..store import Library
from .common import EXIT_OK, CLIError, stdout_console


def cmd_compact(args) -> int:
    path = resolve_db(args.db)
    if not path.exists():
        raise CLIError(f"no library at {path}")
    lib = Library.open(path)
    lib.compact()
    stdout_console().print(f"library: {len(lib)} papers in one file, {printable(str(lib.path))}")
    return EXIT_OK
