"""The last line of defence: no widget can send the terminal a character it would obey.

Everything the app shows from the library goes through ``printable`` (escapes made
visible). Text that does not come from the library — what the user types or pastes
into a field, a file name completed from disk — is shown by Textual's own widgets;
this filter, run on every line of every widget, drops from it what a terminal would
obey or hide (ESC, BEL, bidi controls, zero-width characters). Those take no cell,
so the layout is unchanged.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from paperscope.safe_text import is_safe, terminal_safe


class TerminalGuard(LineFilter):
    """Drops terminal-active and invisible characters from every segment of a line."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if is_safe("".join(segment.text for segment in segments)):
            return segments
        out = []
        for segment in segments:
            text = segment.text
            if segment.control or is_safe(text):
                out.append(segment)
                continue
            safe = terminal_safe(text)
            width = cell_len(text)
            if cell_len(safe) != width:  # never expected; the strip's width must hold
                safe = set_cell_size(safe, width)
            if safe:
                out.append(Segment(safe, segment.style))
        return out
