"""The paper list: mark, year, venue or category, title, first author, sources."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.message import Message

from paperscope.authors import display_name
from paperscope.records import LibraryPaper
from paperscope.safe_text import printable
from paperscope.search import Highlight, WordMatch

from .virtual_list import VirtualList, fit, fit_marked

MARK = "●"
# Before the title: reading status, tags, note, new since the last visit, a title/
# author split in doubt (is:unsure). Nothing at all for a paper with none of them.
STATUS_MARKS = {"to-read": "○", "reading": "◐", "read": "✓"}


def living_marks(paper: LibraryPaper, new_since: str = "") -> str:
    layer = paper.layer
    marks = STATUS_MARKS.get(layer.status or "", "")
    if layer.tags:
        marks += "#"
    if layer.note:
        marks += "✎"
    if new_since and paper.added_at > new_since:
        marks += "✱"
    if any(src.record.get("split_uncertain") for src in paper.sources):
        marks += "?"
    return marks + " " if marks else ""


# Column, header label, label when narrow, and the sort a click on it asks for.
COLUMNS = (
    ("mark", MARK, MARK, None),
    ("year", "Year", "Year", "year"),
    ("score", "Score", "Scr", "score"),  # only while the list is sorted by score
    ("venue", "Venue/cat", "Venue", "venue"),
    ("title", "Title", "Title", "title"),
    ("author", "First author", "Author", "author"),
    ("sources", "Src", "Src", "sources"),
)
RIGHT = {"score", "sources"}  # numbers: right-aligned


# Newest, best, most and A first: the arrow says which way a column is sorted.
SORT_ARROWS = {"year": "▼", "score": "▼", "sources": "▼", "title": "▲", "venue": "▲", "author": "▲"}
FLIPPED = {"▼": "▲", "▲": "▼"}


def sort_arrow(sort: str, reverse: bool) -> str:
    arrow = SORT_ARROWS.get(sort, "")
    return FLIPPED.get(arrow, arrow) if reverse else arrow


def column_widths(width: int, score: bool = False) -> dict[str, int]:
    """Cells per shown column for a list ``width`` cells wide (one space between
    columns); ``score``: with the score column."""
    wide = width >= 70
    widths = {
        "pad": 1 if wide else 0,
        "mark": 1,
        "year": 5 if wide else 4,
        "venue": 10 if wide else 6,
        "title": 0,
        "author": max(10, min(22, width // 5)),
        "sources": 3,
    }
    if score:
        widths["score"] = 6 if wide else 4
    columns = len(widths) - 1  # a space after each column (not after the padding)
    widths["title"] = max(8, width - sum(widths.values()) - columns)
    return widths


class PaperList(VirtualList):
    """Papers as rows; only the visible ones are rendered (see ``VirtualList``)."""

    HEADER_ROWS = 1
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Open", tooltip="Open the paper in the reader"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--mark",
        "paper-list--muted",
        "paper-list--sorted",
        "paper-list--match",
    }

    @dataclass
    class PaperHighlighted(Message):
        """The cursor moved to ``paper`` (None: the list is empty)."""

        paper_list: PaperList
        paper: LibraryPaper | None

    @dataclass
    class PaperChosen(Message):
        """Enter or a double click on ``paper``."""

        paper_list: PaperList
        paper: LibraryPaper

    @dataclass
    class SortClicked(Message):
        """A click on a sortable column header."""

        paper_list: PaperList
        sort: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(empty_text="No papers to show.", id=id, classes=classes)
        self.papers: list[LibraryPaper] = []
        self.marked: set[str] = set()  # ids shown as marked; the screen owns this set
        self.sort = "year"
        self.reverse = False
        self.highlight: Highlight | None = None  # the words the search matched
        self.new_since = ""  # papers added after this stamp are marked new (the screen sets it)
        self._spans: list[tuple[int, int, str | None]] = []
        self._widths_cache: tuple[int, bool, dict[str, int]] | None = None

    @property
    def current(self) -> LibraryPaper | None:
        return self.papers[self.cursor] if self.papers else None

    def show(self, papers: list[LibraryPaper], keep: str | None = None) -> None:
        """Show ``papers``, keeping the cursor on paper id ``keep`` when it is still there."""
        self.papers = papers
        cursor = 0
        if keep is not None:
            cursor = next((i for i, p in enumerate(papers) if p.id == keep), 0)
        self.set_count(len(papers), cursor)

    def select_paper(self, paper_id: str) -> bool:
        for i, p in enumerate(self.papers):
            if p.id == paper_id:
                self.move_cursor(i)
                return True
        return False

    # -- VirtualList hooks ------------------------------------------------------------

    def cursor_moved(self, index: int) -> None:
        self.post_message(self.PaperHighlighted(self, self.current))

    def row_chosen(self, index: int) -> None:
        self.post_message(self.PaperChosen(self, self.papers[index]))

    def header_clicked(self, x: int) -> None:
        for start, end, sort in self._spans:
            if start <= x < end and sort:
                self.post_message(self.SortClicked(self, sort))
                return

    def render_header(self, width: int, base: Style) -> list[Segment]:
        widths = self._widths(width)
        sorted_style = base + self.overlay("paper-list--sorted")
        segments = [Segment(" " * widths["pad"], base)]
        spans = []
        x = widths["pad"]
        for name, label, short, sort in COLUMNS:
            if name not in widths:
                continue
            w = widths[name]
            is_sorted = sort is not None and sort == self.sort
            text = label if len(label) <= w else short
            arrow = sort_arrow(self.sort, self.reverse) if is_sorted else ""
            if len(text) + len(arrow) <= w:  # the arrow where it fits; the colour always
                text += arrow
            segments.append(
                Segment(fit(text, w, right=name in RIGHT), sorted_style if is_sorted else base)
            )
            segments.append(Segment(" ", base))
            spans.append((x, x + w, sort))
            x += w + 1
        self._spans = spans
        return _pad(segments, width, base)

    def render_row(self, index: int, width: int, base: Style) -> list[Segment]:
        paper = self.papers[index]
        widths = self._widths(width)
        muted = base
        if index != self.cursor:  # the cursor's colours stay readable
            muted = base + self.get_component_rich_style("paper-list--muted")
        marked = paper.id in self.marked
        year = str(paper.year) if paper.year else ""
        author = printable(display_name(paper.first_author or ""))
        title = living_marks(paper, self.new_since) + printable(paper.title)
        marks = self.highlight
        match = base + self.overlay("paper-list--match") if marks else base
        parts: list[tuple[str, Style]] = [
            (" " * widths["pad"], base),
            (MARK if marked else " ", base + self.overlay("paper-list--mark")),
            (" ", base),
            (fit(year, widths["year"]), muted if paper.year_inferred else base),
            (" ", base),
        ]
        if "score" in widths:
            score = f"{paper.score:g}" if paper.score is not None else ""
            parts += [(fit(score, widths["score"], right=True), base), (" ", base)]
        parts += [
            (fit(printable(paper.venue_or_category), widths["venue"]), muted),
            (" ", base),
            *_marked(title, widths["title"], marks.title if marks else None, base, match),
            (" ", base),
            *_marked(author, widths["author"], marks.authors if marks else None, muted, match),
            (" ", base),
            (fit(str(len(paper.sources)), 3, right=True), muted),
            (" " * widths["tail"], base),
        ]
        return _runs(tuple(parts))

    def _widths(self, width: int) -> dict[str, int]:
        """:func:`column_widths` for this width, worked out once (rows ask for it each)."""
        score = self.sort == "score"
        cached = self._widths_cache
        if cached is None or cached[0] != width or cached[1] != score:
            widths = column_widths(width, score)
            used = sum(widths.values()) + len(widths) - 2  # a space between columns
            widths["tail"] = max(0, width - used)
            self._widths_cache = cached = (width, score, widths)
        return cached[2]


def _marked(
    text: str, width: int, words: WordMatch | None, style: Style, match: Style
) -> list[tuple[str, Style]]:
    """``text`` fitted to ``width`` cells: the words a search matched in ``match``."""
    spans = words.spans(text) if words else ()
    return [(piece, match if hit else style) for piece, hit in fit_marked(text, width, spans)]


@lru_cache(maxsize=256)
def _blank_look(style: Style) -> tuple[object, ...]:
    """What a space shows in ``style`` (its background and the lines drawn through it)
    and what a click on it does."""
    background = style.color if style.reverse else style.bgcolor
    return (
        background,
        style.underline,
        style.underline2,
        style.overline,
        style.strike,
        style.frame,
        style.encircle,
        style.link,
        style.meta,
    )


def _runs(parts: tuple[tuple[str, Style], ...]) -> list[Segment]:
    """Segments for ``(text, style)`` parts, fewest that look the same on screen.

    Each segment costs again in every line filter and in the compositor, for every
    row of every frame. Neighbours of one style are joined, and so are spaces (the
    gaps between columns) with a neighbour in whose style a space looks the same.
    """
    segments = []
    text = ""
    style = None
    for part_text, part_style in parts:
        if not part_text:
            continue
        if style is None:
            text, style = part_text, part_style
        elif (
            part_style is style
            or part_style == style
            or (part_text.isspace() and _blank_look(part_style) == _blank_look(style))
        ):
            text += part_text
        elif text.isspace() and _blank_look(style) == _blank_look(part_style):
            text += part_text
            style = part_style
        else:
            segments.append(Segment(text, style))
            text, style = part_text, part_style
    if style is not None:
        segments.append(Segment(text, style))
    return segments


def _pad(segments: list[Segment], width: int, style: Style) -> list[Segment]:
    used = sum(s.cell_length for s in segments)
    if used < width:
        segments.append(Segment(" " * (width - used), style))
    return segments
