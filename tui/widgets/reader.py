"""The abstract reader: every field of one paper, its sources, and the abstract."""

from __future__ import annotations

import re
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.constrain import Constrain
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from paperscope.annotate import source_values
from paperscope.authors import display_name
from paperscope.display import readable
from paperscope.records import LibraryPaper
from paperscope.safe_text import printable, printable_block
from paperscope.search import Highlight, WordMatch

MEASURE = 100  # columns the reader's text is at most wide
EMPTY = "No paper selected. Move through the list with j/k or the arrows."
_LINK_RE = re.compile(r"(\[\d+\]) (.*)", re.DOTALL)


def _join(*parts: object) -> str:
    return " · ".join(str(p) for p in parts if p not in (None, ""))


EDITED = "✎"  # after a field's label: the user corrected it


def _label(paper: LibraryPaper, label: str, field: str) -> str:
    return f"{label}{EDITED}" if field in paper.corrected else label


def living_fields(
    paper: LibraryPaper, key: str | None, sources_shown: bool = False
) -> list[tuple[str, str]]:
    """The user's layer: key, status, tags, what was corrected (and what the pages say)."""
    layer = paper.layer
    rows = []
    if key:
        pinned = (
            "pinned: it stays" if layer.key else "follows the data until copied (c) or exported"
        )
        rows.append(("Key", f"{printable(key)} ({pinned})"))
    rows.append(("Status", layer.status or "none (t sets it)"))
    if layer.tags:
        rows.append(("Tags", printable(" ".join(f"#{t}" for t in layer.tags))))
    if paper.corrected:
        rows.append(("Edited", f"{', '.join(paper.corrected)} (v: what the pages say)"))
        if sources_shown:
            for name, value in source_values(paper).items():
                if isinstance(value, list):
                    value = "; ".join(str(v) for v in value)
                rows.append((f"Pages' {name}"[:8], printable(str(value or "—"))))
    if layer.note:
        rows.append(("Note", printable_block(layer.note)))
    return rows


def paper_fields(
    paper: LibraryPaper, marked: bool, key: str | None = None, sources_shown: bool = False
) -> list[tuple[str, str]]:
    """(label, value) rows for the reader, already made printable."""
    authors = ", ".join(printable(display_name(a)) for a in paper.authors)
    if paper.authors_truncated:
        authors = f"{authors} et al." if authors else "et al."
    rows = [(_label(paper, "Authors", "authors"), authors or "— (the page lists none)")]
    if paper.affiliations:
        rows.append(("Affil.", printable(", ".join(paper.affiliations))))
    venue = _join(
        printable(paper.venue or ""),
        printable(paper.venue_type or ""),
        printable(paper.pub_type or ""),
    )
    if venue:
        rows.append((_label(paper, "Venue", "venue"), venue))
    when = printable(paper.date) or (str(paper.year) if paper.year else "")
    if when:
        rows.append(
            (
                _label(paper, "Date", "year"),
                when + (" (year from the page's save date)" if paper.year_inferred else ""),
            )
        )
    rows += living_fields(paper, key, sources_shown)
    facts = _join(
        f"category {printable(paper.category)}" if paper.category else "",
        f"score {paper.score:g}" if paper.score is not None else "",
        {True: "code available", False: "no code", None: ""}[paper.has_code],
    )
    if facts:
        rows.append(("Facts", facts))
    for n, link in enumerate(paper.links, start=1):
        rows.append(("Links" if n == 1 else "", f"[{n}] {printable(link)}"))
    for n, src in enumerate(paper.sources):
        where = _join(
            printable(src.name),
            printable(src.format),
            f"{printable(src.subject)}'s page" if src.subject else "",
            f"#{src.position}",
        )
        rows.append(("Sources" if n == 0 else "", where))
    rows.append(("Mark", "● marked for export" if marked else "not marked (space marks)"))
    return rows


def marked_text(
    text: str, words: WordMatch | None, match_style: Style | str, style: str = ""
) -> Text:
    """``text`` as plain ``Text`` with the words a search matched in ``match_style``."""
    shown = Text(text, style=style)
    if words:
        for start, end in words.spans(text):
            shown.stylize(match_style, start, end)
    return shown


def paper_renderable(
    paper: LibraryPaper,
    marked: bool,
    key: str | None = None,
    sources_shown: bool = False,
    highlight: Highlight | None = None,
    match_style: Style | str = "bold underline",
) -> RenderableType:
    """The reader's content; every page string goes in as plain ``Text`` (never markup).
    ``highlight``: the words a search matched, shown in ``match_style``."""
    marks = highlight or Highlight()
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True, width=8)
    grid.add_column(ratio=1)
    for label, value in paper_fields(paper, marked, key, sources_shown):
        if (link := _LINK_RE.match(value)) and label in ("Links", ""):
            # the number beside its link, a long link folded under itself
            number = Table.grid(padding=(0, 1))
            number.add_column(no_wrap=True)
            number.add_column(ratio=1, overflow="fold")
            number.add_row(Text(link[1]), Text(link[2]))
            grid.add_row(Text(label), number)
            continue
        words = marks.authors if label == "Authors" else None
        grid.add_row(Text(label), marked_text(value, words, match_style))
    # LaTeX shown as Unicode for reading; the library and exports keep the page's text.
    abstract = printable_block(readable(paper.abstract))
    title = marked_text(printable(readable(paper.title)), marks.title, match_style, style="bold")
    if "title" in paper.corrected:
        title.append(f"  {EDITED} corrected", style="italic")
    # A readable measure: at 200 columns a line of abstract would be 190 characters long.
    return Constrain(
        Group(
            title,
            Text(""),
            grid,
            Text(""),
            Text("Abstract", style="bold underline"),
            marked_text(abstract, marks.abstract, match_style)
            if abstract
            else Text("(no abstract on the page)"),
        ),
        width=MEASURE,
    )


class PaperReader(VerticalScroll):
    """Scrollable view of one paper; the screen sets it with :meth:`show`."""

    ALLOW_MAXIMIZE = True  # enter "opens" a paper: the reader fills the screen

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Scroll up", show=False),
        Binding("down,j", "scroll_down", "Scroll down", show=False),
        Binding("home,g", "scroll_home", "Top", show=False),
        Binding("end,G", "scroll_end", "Bottom", show=False),
        # The screen says when it applies (a paper open full-screen); else q quits.
        Binding(
            "q", "screen.close_reader", "Close", show=False, tooltip="Close the paper (as esc)"
        ),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"reader--match"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.paper: LibraryPaper | None = None
        self.highlight: Highlight | None = None  # the words the search matched
        self.marked = False
        self.keys: dict[str, str] = {}  # paper id -> citation key (the screen sets it)
        self.sources_shown = False  # the pages' own values of corrected fields

    def compose(self) -> ComposeResult:
        yield Static(Text(EMPTY), id="reader-body")

    def show(self, paper: LibraryPaper | None, marked: bool = False) -> None:
        changed = paper is not self.paper
        self.paper, self.marked = paper, marked
        self.redraw()
        if changed:
            self.scroll_home(animate=False)

    def redraw(self) -> None:
        paper = self.paper
        body = self.query_one("#reader-body", Static)
        if paper is None:
            body.update(Text(EMPTY))
            return
        key = self.keys.get(paper.id) or paper.layer.key
        style = self.get_component_rich_style("reader--match", partial=True)
        body.update(
            paper_renderable(paper, self.marked, key, self.sources_shown, self.highlight, style)
        )
