"""One line that says which folder ``./`` is, cut from the left to fit."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widget import Widget

from paperscope.safe_text import printable


def cut_left(text: str, width: int) -> str:
    """``text`` in ``width`` characters, its start replaced by ``…`` when too long: the
    end of a path is the part that tells folders apart."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    return "…" + text[len(text) - width + 1 :] if width > 1 else "…"


class FolderLabel(Widget):
    """``./ is /home/me/papers/thesis``: where a relative path typed beside it lands."""

    def __init__(self, folder: Path | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.folder = folder

    def render(self) -> Text:
        prefix = "./ is "
        folder = printable(str(self.folder or Path.cwd()))
        return Text(prefix + cut_left(folder, self.size.width - len(prefix)), no_wrap=True)
