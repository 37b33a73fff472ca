"""Every key binding, read from the bindings the widgets use so the list cannot go stale."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType

from ..keys import APP_BINDINGS, MAIN_BINDINGS, key_label
from ..widgets.author_list import AuthorList
from ..widgets.coauthor_list import CoauthorList
from ..widgets.paper_list import PaperList
from ..widgets.reader import PaperReader
from ..widgets.virtual_list import VirtualList
from .scrolling import SCROLL_KEYS, ScrollingDialog

SEARCH_SYNTAX = [
    ("words", "typo-tolerant: titles first, then authors, then abstracts"),
    ("au:yuan", "a word of an author's name starts so (case, accents folded)"),
    ("ti:sparse", "a word of the title starts so"),
    ("year:2023", "one year; year:2021-2023 a range, year:2021- from then on"),
    ("venue:neurips", "venue, venue type or publication type"),
    ("cat:cv", "arXiv category"),
    ("has:code", "has code; also has:abstract, has:link"),
    ("src:feed", "seen on a page format or file (src:002_)"),
    ("is:marked", "only marked papers"),
    ('au:"van der"', "quotes keep spaces in a value"),
]


def help_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, what)]) for the help screen and the README."""

    def rows(bindings: list[Binding]) -> list[tuple[str, str]]:
        return [(key_label(b), b.tooltip or b.description) for b in bindings]

    def listed(bindings: list[BindingType]) -> list[Binding]:
        return [b for b in bindings if isinstance(b, Binding)]

    def own(cls: type) -> list[Binding]:
        return listed(cls.__dict__.get("BINDINGS", []))

    # The main screen's and the app's bindings are read from the data they are made
    # of: importing the app here would close an import circle (the app shows this).
    everywhere = rows(listed(MAIN_BINDINGS) + listed(APP_BINDINGS))
    everywhere.append(("Ctrl+P", "Command palette: every action, and go to any author"))
    return [
        ("Everywhere", everywhere),
        ("Lists (papers, authors, co-authors)", rows(own(VirtualList))),
        (
            "Paper list",
            rows(own(PaperList))
            + [("click header", "Sort by that column; click again: the other way round")],
        ),
        ("Authors", rows(own(AuthorList))),
        ("Co-authors", rows(own(CoauthorList))),
        ("Reader", rows(own(PaperReader))),
        (
            "Search field",
            [
                ("Enter", "Back to the list, keeping the results"),
                ("↑ ↓", "Earlier and later searches (kept between runs); ↓ at the end: the list"),
                ("← →", "Edit the last query (/ selects it: typing replaces it)"),
                ("Esc", "Leave the field; Esc again clears the search"),
            ],
        ),
    ]


def _table(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=14)
    table.add_column(ratio=1)
    for keys, what in rows:
        table.add_row(Text(keys), Text(what))
    return table


class HelpScreen(ScrollingDialog):
    """Keys by pane, then the search syntax. Escape, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help"),
        *SCROLL_KEYS,
    ]
    NAME = "help"
    HEADING = "PaperScope keys"
    HINT = "Esc, ? or q closes · j/k, PgUp/PgDn scroll"

    def body(self) -> RenderableType:
        parts: list = []
        for title, rows in help_sections():
            parts += [Text(title, style="bold underline"), _table(rows), Text("")]
        parts += [
            Text("Search syntax (combine freely)", style="bold underline"),
            _table(SEARCH_SYNTAX),
        ]
        return Group(*parts)
