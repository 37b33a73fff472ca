"""What every command shares: exit codes, one-line errors, output that never
interprets page text, and opening the library named by ``--db``."""

from __future__ import annotations

import argparse
import os
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


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # Rich exits with status 1 here; a reader that went away (`| head`) is not an
        # error: let main() end quietly with 0, like every other path out.
        raise BrokenPipeError


def stdout_console() -> Console:
    return _Console(highlight=False, markup=False, emoji=False, soft_wrap=True)


def stderr_console() -> Console:
    return _Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)


def prepare_streams() -> None:
    """Make the standard streams safe to write before anything else opens a file.

    A descriptor the shell closed (`>&-`, `2>&-`) is reopened on the null device,
    so it is not handed to the next file we open (the library!) where a message
    would land; text a terminal's encoding cannot show is written as escapes
    (`\\u00e9`) instead of failing the command.
    """
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            mode = "r" if fd == 0 else "w"
            setattr(sys, name, open(fd, mode, encoding="utf-8", closefd=False))
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def os_error_line(exc: OSError) -> str:
    """``cannot write /x/lib.json: No space left on device`` — the file and the cause."""
    cause = exc.strerror or str(exc)
    return f"{exc.filename}: {cause}" if exc.filename else cause


def print_json(data: Any) -> None:
    """Page text stays exact, but escapes and bidi controls are spelled as ``\\u`` escapes."""
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    sys.stdout.buffer.write(json_safe(text).encode() + b"\n")
    sys.stdout.flush()


def open_library(args: argparse.Namespace, *, create: bool = False) -> Library:
    """The library ``--db`` names; only a command that adds to it (``create``) makes one."""
    path = resolve_db(args.db)
    if not create and not os.path.lexists(path):
        raise CLIError(f"no library at {path} (import pages first: paperscope import FILE…)")
    return Library.open(path)
