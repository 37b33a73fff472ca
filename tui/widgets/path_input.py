"""A path field that completes file and folder names like a shell (tab or →)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.suggester import Suggester
from textual.widgets import Input


def complete_path(value: str, cwd: Path | None = None) -> str | None:
    """``value`` extended by the longest unambiguous completion, or None.

    Folders get a trailing slash so the next tab goes inside them; hidden
    entries only complete when their dot was typed.
    """
    if not value:
        return None
    expanded = os.path.expanduser(value)
    folder, prefix = os.path.split(expanded)
    base = Path(folder) if folder else (cwd or Path.cwd())
    if not base.is_absolute() and cwd is not None:
        base = cwd / base
    try:
        entries = [e for e in os.scandir(base) if e.name.startswith(prefix)]
    except OSError:
        return None
    if not prefix.startswith("."):
        entries = [e for e in entries if not e.name.startswith(".")]
    if not entries:
        return None
    names = sorted(e.name for e in entries)
    common = os.path.commonprefix(names)
    if len(entries) == 1:
        entry = entries[0]
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        common = entry.name + ("/" if is_dir else "")
    if len(common) <= len(prefix):
        return None
    return value + common[len(prefix) :]


class PathSuggester(Suggester):
    """Suggests :func:`complete_path`; no cache, the file system changes."""

    def __init__(self, cwd: Path | None = None) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.cwd = cwd

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value, self.cwd)


class PathInput(Input):
    """An ``Input`` whose suggestion tab accepts (→ at the end of the text does too)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete the path", show=False),
    ]

    def __init__(self, value: str = "", *, cwd: Path | None = None, **kwargs) -> None:
        super().__init__(value, suggester=PathSuggester(cwd), **kwargs)
        self.cwd = cwd

    def action_complete(self) -> None:
        completed = complete_path(self.value, self.cwd)
        if completed:
            self.value = completed
            self.cursor_position = len(completed)
        else:
            self.screen.focus_next()
