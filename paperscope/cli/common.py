"""What every command shares: exit codes, one-line errors, output that never
interprets page text, and opening the library named by ``--db``."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

import orjson
from rich.console import Console

from ..paths import resolve_db
from ..safe_text import json_safe, printable
from ..store import Library

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class CLIError(Exception):
    """A reason the command cannot run, for one line on stderr."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, like every other error
        self.exit(EXIT_USAGE, f"{self.prog}: error: {printable(message)}\n")


def stdout_console() -> Console:
    return Console(highlight=False, markup=False, emoji=False, soft_wrap=True)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)


def print_json(data: Any) -> None:
    """Page text stays exact, but escapes and bidi controls are spelled as ``\\u`` escapes."""
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    sys.stdout.buffer.write(json_safe(text).encode() + b"\n")
    sys.stdout.flush()


def open_library(args: argparse.Namespace) -> Library:
    return Library.open(resolve_db(args.db))
