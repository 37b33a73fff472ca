"""``paperscope`` with no command: the app. The only place that starts the TUI."""

from __future__ import annotations

import argparse
import sys

from ..annotate import SAMPLES_LINE
from ..paths import resolve_db, seed_files
from ..store import Library


def cmd_app(args: argparse.Namespace) -> int:
    path = resolve_db(args.db)
    preview = None
    first_run = not path.exists()
    if first_run:  # the first run: the bundled pages, to have something to see
        lib = Library.open(path)
        seeds = seed_files()
        if seeds:
            lib.import_files(seeds)
            print(f"paperscope: {SAMPLES_LINE}", file=sys.stderr)
    else:
        # Draw the first screenful from the head of the file and read the rest in the
        # app's background worker; without a head, read it all now (errors: one line).
        lib, preview = Library.deferred(path)
        if preview is None:
            lib.ensure_loaded()
    from tui.app import run  # Textual only when the app is wanted

    return run(lib, preview, first_run=first_run)
