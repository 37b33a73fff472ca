"""The ``paperscope`` command line. With no subcommand it opens the app.

Errors are one line on stderr and a non-zero exit, never a traceback:
0 all good, 1 some input was refused (the rest still landed), 2 the command
could not run (bad usage, library problem), 3 an internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import parsers

from ..safe_text import printable
from ..selection import QueryError
from ..store import LibraryError
from . import browsing, export, importing, living, maintenance
from .app import cmd_app
from .common import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    CLIError,
    Parser,
    os_error_line,
    prepare_streams,
    stderr_console,
)


def _add_output_flags(p: argparse.ArgumentParser) -> None:
    how = p.add_mutually_exclusive_group()
    how.add_argument("--json", action="store_true", help="every field, as JSON")
    how.add_argument("--tsv", action="store_true", help="tab-separated columns, nothing cut")


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="library file (default: $PAPERSCOPE_DB or the user data dir)",
    )
    parser = Parser(
        prog="paperscope",
        description="Turn saved paper-listing pages into a local library and browse it.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version="paperscope 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    p = sub.add_parser("import", parents=[common], help="import page files or directories")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=parsers.FORMAT_NAMES, help="skip format detection")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=importing.cmd_import)

    p = sub.add_parser("parse", parents=[common], help="show what a parser reads (no import)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the parser's record as JSON")
    p.add_argument("--format", choices=parsers.FORMAT_NAMES, help="skip format detection")
    p.add_argument(
        "--saved",
        metavar="YYYY-MM-DD",
        help="the day the page was saved (default: the file's modification date)",
    )
    p.set_defaults(func=importing.cmd_parse)

    p = sub.add_parser("list", parents=[common], help="list the papers in the library")
    p.add_argument("--query", "-q", metavar="Q", help="only papers matching this search")
    p.add_argument("--marked", action="store_true", help="only marked papers")
    living.new_flag(p)
    _add_output_flags(p)
    p.set_defaults(func=browsing.cmd_list)

    p = sub.add_parser("search", parents=[common], help="fuzzy search with field filters")
    p.add_argument("query", metavar="Q")
    p.add_argument("--limit", type=int, default=0)
    _add_output_flags(p)
    p.set_defaults(func=browsing.cmd_search)

    p = sub.add_parser("check", parents=[common], help="verify every file of the library")
    p.add_argument(
        "--repair", action="store_true", help="rebuild from what is readable; damaged files kept"
    )
    p.set_defaults(func=maintenance.cmd_check)

    p = sub.add_parser("backup", parents=[common], help="the library as one consistent file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(func=maintenance.cmd_backup)

    p = sub.add_parser(
        "restore", parents=[common], help="make a backup the library (the current one is kept)"
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=maintenance.cmd_restore)

    p = sub.add_parser(
        "compact",
        parents=[common],
        help="fold the journal into the library file (one file to back up)",
    )
    p.set_defaults(func=maintenance.cmd_compact)

    p = sub.add_parser("authors", parents=[common], help="author clusters with counts")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=browsing.cmd_authors)

    export.add_parser(sub, common)
    living.add_parsers(sub, common)
    return parser


def _quiet_stdout() -> None:
    """The reader went away (`paperscope list | head`): not an error. What is still
    buffered goes to the null device so the interpreter's last flush cannot fail."""
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    prepare_streams()
    parser = build_parser()
    # ``tag ID -NAME``: a -NAME is a tag to remove, not an option
    args, extra = parser.parse_known_args(argv)
    if extra:
        if not getattr(args, "takes_minus", False):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.extra = extra
    if not hasattr(args, "db"):
        args.db = None
    func = getattr(args, "func", cmd_app)
    try:
        return func(args)
    except (LibraryError, CLIError, QueryError) as exc:
        stderr_console().print(f"paperscope: error: {printable(str(exc))}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except OSError as exc:  # a full disk, a permission, a missing folder: say which file
        stderr_console().print(f"paperscope: error: {printable(os_error_line(exc))}")
        return EXIT_USAGE
    except Exception as exc:  # the promise: never a traceback
        if os.environ.get("PAPERSCOPE_DEBUG"):
            raise
        stderr_console().print(
            f"paperscope: internal error: {type(exc).__name__}: {printable(str(exc))} "
            "(set PAPERSCOPE_DEBUG=1 to see where)"
        )
        return EXIT_INTERNAL
