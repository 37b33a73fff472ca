"""Use case: importing pages. What both front ends (the CLI and the app) call to
turn the paths a user typed into files to read, before the library merges them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

# Files in an imported directory that are certainly not pages; reported, not read.
_NOT_PAGES = {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".zip", ".gz", ".bib", ".json", ".py"}


def expand_paths(paths: Sequence[str]) -> tuple[list[Path], list[str]]:
    """Files to import, and notes about what inside given directories was skipped."""
    files: list[Path] = []
    skipped: list[str] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if not child.is_file():
                    continue
                hidden = child.relative_to(path).parts
                if any(part.startswith(".") for part in hidden):
                    continue
                if child.suffix.lower() in _NOT_PAGES:
                    skipped.append(f"{child}: skipped, not a text page")
                    continue
                files.append(child)
        else:
            files.append(path)
    return files, skipped
