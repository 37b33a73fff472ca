"""A path field that completes file and folder names like a shell (tab or →)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Static

from paperscope.safe_text import printable


def path_candidates(value: str, cwd: Path | None = None) -> list[str]:
    """The names in ``value``'s folder that start with its last part, sorted; folders
    end in a slash. Hidden entries only when their dot was typed."""
    if not value:
        return []
    expanded = os.path.expanduser(value)
    folder, prefix = os.path.split(expanded)
    base = Path(folder) if folder else (cwd or Path.cwd())
    if not base.is_absolute() and cwd is not None:
        base = cwd / base
    try:
        entries = [e for e in os.scandir(base) if e.name.startswith(prefix)]
    except OSError:
        return []
    if not prefix.startswith("."):
        entries = [e for e in entries if not e.name.startswith(".")]

    def shown(entry: os.DirEntry[str]) -> str:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        return entry.name + ("/" if is_dir else "")

    return sorted(shown(e) for e in entries)


def complete_path(value: str, cwd: Path | None = None) -> str | None:
    """``value`` extended by the longest unambiguous completion, or None.

    Folders get a trailing slash so the next tab goes inside them; hidden
    entries only complete when their dot was typed.
    """
    names = path_candidates(value, cwd)
    if not names:
        return None
    prefix = os.path.split(os.path.expanduser(value))[1]
    # One candidate keeps its slash; several share a prefix of bare names.
    common = names[0] if len(names) == 1 else os.path.commonprefix([n.rstrip("/") for n in names])
    if len(common) <= len(prefix):
        return None
    return value + common[len(prefix) :]


MAX_CANDIDATES = 24  # names listed under the field; the rest are counted


def show_candidates(where: Static, candidates: list[str]) -> None:
    """List ``candidates`` in ``where`` in columns, as a shell does on a second tab
    (hidden when there are none)."""
    where.display = bool(candidates)
    if not candidates:
        where.update("")
        return
    names = [Text(printable(c), no_wrap=True, overflow="ellipsis") for c in candidates]
    shown: list[RenderableType] = [Columns(names[:MAX_CANDIDATES], padding=(0, 2))]
    if len(names) > MAX_CANDIDATES:
        shown.append(Text(f"… and {len(names) - MAX_CANDIDATES} more", style="italic"))
    where.update(Group(*shown))


class PathSuggester(Suggester):
    """Suggests :func:`complete_path`; no cache, the file system changes."""

    def __init__(self, cwd: Path | None = None) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.cwd = cwd

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value, self.cwd)


class PathInput(Input):
    """An ``Input`` whose suggestion tab accepts (→ at the end of the text does too).

    Like a shell, tab on a name several entries start with completes what they share
    and lists them (:class:`CandidatesListed`, for the dialog to show); tab with
    nothing to complete moves on to the next field.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "complete", "Complete the path", show=False),
    ]
    # Set before __init__ runs: Input's constructor sets the value, which is watched.
    _listed = False

    @dataclass
    class CandidatesListed(Message):
        """Tab found several names (empty: nothing to list any more)."""

        path_input: PathInput
        candidates: list[str]

        @property
        def control(self) -> PathInput:
            return self.path_input

    def __init__(self, value: str = "", *, cwd: Path | None = None, **kwargs) -> None:
        super().__init__(value, suggester=PathSuggester(cwd), **kwargs)
        self.cwd = cwd

    def action_complete(self) -> None:
        candidates = path_candidates(self.value, self.cwd)
        completed = complete_path(self.value, self.cwd)
        if completed:
            self.value = completed
            self.cursor_position = len(completed)
        if len(candidates) > 1:
            self._listed = True
            self.post_message(self.CandidatesListed(self, candidates))
        elif not completed:
            self.screen.focus_next()

    def watch_value(self, value: str) -> None:
        # Typing on after a listing: the list no longer matches what is typed.
        if self._listed:
            self._listed = False
            self.post_message(self.CandidatesListed(self, []))
