"""A keyboard-driven list that renders only the rows on screen.

The paper list must stay fast at 100,000 rows: a DataTable builds every row up
front (seconds before the first frame), while this Line-API widget renders the
dozen-odd visible rows on demand, so moving, paging and re-filtering cost the
same at any size. Subclasses say how a row and the optional header look.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip


def fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` cells."""
    if width <= 0:
        return ""
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - size)
    return pad + text if right else text + pad


def fit_marked(text: str, width: int, spans: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` fitted to ``width`` cells (as :func:`fit`) in pieces, each saying
    whether it is one of ``spans`` (character offsets into ``text``): the words a
    search matched, say. Spans cut off by the ellipsis end there."""
    shown = fit(text, width)
    if not spans:
        return [(shown, False)]
    # what is left of the text once fitted (a cut one ends in "…")
    end = len(text) if shown.startswith(text) else len(shown) - 1
    pieces = []
    at = 0
    for start, stop in spans:
        stop = min(stop, end)
        if start >= stop:
            break
        if start > at:
            pieces.append((shown[at:start], False))
        pieces.append((shown[start:stop], True))
        at = stop
    pieces.append((shown[at:], False))
    return pieces


class VirtualList(ScrollView, can_focus=True):
    """Rows ``0..count-1`` with a cursor; only visible rows are ever rendered."""

    HEADER_ROWS: ClassVar[int] = 0
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First row", show=False),
        Binding("end,G", "last", "Last row", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--cursor",
        "virtual-list--header",
        "virtual-list--dim",
    }

    def __init__(
        self, *, empty_text: str = "", id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.empty_text = empty_text
        self.count = 0
        self.cursor = 0
        # While a frame is drawn (None between frames): the styles looked up so far and
        # the rows' width; see render_lines.
        self._frame: tuple[dict[tuple[str, ...], Style], int] | None = None

    # -- what subclasses provide --------------------------------------------------

    def render_row(self, index: int, width: int, base: Style) -> list[Segment]:
        """Segments for row ``index``, exactly ``width`` cells wide."""
        raise NotImplementedError

    def render_header(self, width: int, base: Style) -> list[Segment]:
        return [Segment(" " * width, base)]

    def cursor_moved(self, index: int) -> None:
        """The cursor is on a new row (or the rows changed under it)."""

    def row_chosen(self, index: int) -> None:
        """Enter or a double click on a row."""

    def header_clicked(self, x: int) -> None:
        """A click on the header at column ``x``."""

    # -- state --------------------------------------------------------------------

    @property
    def page_rows(self) -> int:
        """How many data rows fit on screen."""
        return max(1, self.scrollable_content_region.height - self.HEADER_ROWS)

    def set_count(self, count: int, cursor: int = 0) -> None:
        """New rows: reset the scroll range and put the cursor on ``cursor``."""
        self.count = count
        self.virtual_size = Size(0, count + self.HEADER_ROWS)
        self.cursor = max(0, min(cursor, count - 1))
        self._scroll_to_cursor(center=True)
        self.refresh()
        self.cursor_moved(self.cursor)

    def move_cursor(self, index: int) -> None:
        if not self.count:
            return
        index = max(0, min(index, self.count - 1))
        if index == self.cursor:
            return
        old, self.cursor = self.cursor, index
        # Only the rows that changed are drawn again (a scroll redraws every row by
        # itself): a whole refresh would also redraw the border with its labels.
        self._scroll_to_cursor()
        self._refresh_rows(old, index)
        self.cursor_moved(index)

    def _refresh_rows(self, *indexes: int) -> None:
        """Draw rows ``indexes`` again where they are on screen."""
        top = round(self.scroll_y)
        width, height = self.scrollable_content_region.size
        for index in indexes:
            y = index - top + self.HEADER_ROWS
            if self.HEADER_ROWS <= y < height:
                self.refresh(Region(0, y, width, 1))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # As ScrollView's, but the header stays where it is (only the rows under it
        # are drawn again) and so does the scrollbar while its thumb does not move.
        if self.show_vertical_scrollbar:
            self._move_scrollbar(new_value)
        if round(old_value) != round(new_value):
            width, height = self.scrollable_content_region.size
            self.refresh(Region(0, self.HEADER_ROWS, width, height - self.HEADER_ROWS))

    def _move_scrollbar(self, position: float) -> None:
        """Set the scrollbar's position; draw it again only if its thumb moves.

        The thumb moves in eighths of a cell: at 10,000 rows most page-downs do not
        move it at all, and drawing the bar costs a fifth of a page-down's frame.
        Whether it moves is asked of the bar's own renderer, so this holds however
        the bar is drawn.
        """
        bar = self.vertical_scrollbar
        position = bar.validate_position(position)
        if position == bar.position:
            return
        if self._thumb(bar, position) == self._thumb(bar, bar.position):
            bar.set_reactive(ScrollBar.position, position)  # the same picture: no repaint
        else:
            bar.position = position

    @staticmethod
    def _thumb(bar: ScrollBar, position: float) -> list[tuple[str, Style | None]]:
        """What ``bar`` draws at ``position`` (its colours aside)."""
        virtual_size = bar.window_virtual_size
        window_size = bar.window_size if bar.window_size < virtual_size else 0
        drawn = bar.renderer.render_bar(
            size=bar.size.height,
            virtual_size=ceil(virtual_size),
            window_size=ceil(window_size),
            position=position,
            thickness=bar.thickness,
            vertical=True,
        )
        return [(segment.text, segment.style) for segment in drawn.segments]

    def _scroll_to_cursor(self, center: bool = False) -> None:
        rows = self.page_rows
        top = round(self.scroll_y)
        if center and not (top <= self.cursor < top + rows):
            top = self.cursor - rows // 2
        elif self.cursor < top:
            top = self.cursor
        elif self.cursor >= top + rows:
            top = self.cursor - rows + 1
        top = max(0, min(top, self.count - rows))
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, immediate=True)

    # -- actions ------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_page_up(self) -> None:
        rows = self.page_rows
        self.scroll_to(y=max(0, round(self.scroll_y) - rows), animate=False, immediate=True)
        self.move_cursor(self.cursor - rows)

    def action_page_down(self) -> None:
        rows = self.page_rows
        top = max(0, min(round(self.scroll_y) + rows, self.count - rows))
        self.scroll_to(y=top, animate=False, immediate=True)
        self.move_cursor(self.cursor + rows)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.count - 1)

    def action_choose(self) -> None:
        if self.count:
            self.row_chosen(self.cursor)

    # -- rendering ------------------------------------------------------------------

    def row_style(self, *components: str) -> Style:
        """The widget's style with ``components``' styles added, in that order.

        While a frame is drawn each combination is looked up once, not once a row:
        the widget's own style walks the styles of every ancestor, which cost more
        than drawing the row itself.
        """
        cache = self._frame[0] if self._frame else None
        if cache is not None and (style := cache.get(components)) is not None:
            return style
        style = self.rich_style
        for name in components:
            style += self.get_component_rich_style(name)
        if cache is not None:
            cache[components] = style
        return style

    def overlay(self, name: str) -> Style:
        """Component ``name``'s colour and text style without its background, to add
        to a row's own style (the cursor's background must show through a coloured
        mark or a matched word)."""
        key = ("overlay:" + name,)
        cache = self._frame[0] if self._frame else None
        if cache is not None and (style := cache.get(key)) is not None:
            return style
        full = self.get_component_rich_style(name)
        style = Style(
            color=full.color,
            bold=full.bold,
            dim=full.dim,
            italic=full.italic,
            underline=full.underline,
            strike=full.strike,
            reverse=full.reverse,
        )
        if cache is not None:
            cache[key] = style
        return style

    def render_lines(self, crop: Region) -> list[Strip]:
        # Styles and size may change between frames (focus, theme, resize), never
        # within one.
        self._frame = ({}, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        width = self._frame[1] if self._frame else self.scrollable_content_region.width
        if y < self.HEADER_ROWS:
            return Strip(self.render_header(width, self.row_style("virtual-list--header")), width)
        index = round(self.scroll_y) + y - self.HEADER_ROWS
        if index >= self.count:
            if index == 0 and self.empty_text:
                dim = self.row_style("virtual-list--dim")
                return Strip([Segment(fit(" " + self.empty_text, width), dim)], width)
            return Strip.blank(width, self.row_style())
        if index == self.cursor:
            base = self.row_style("virtual-list--cursor")
        else:
            base = self.row_style()
        return Strip(self.render_row(index, width, base), width)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self._scroll_to_cursor()

    # -- mouse ----------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < self.HEADER_ROWS:
            self.header_clicked(offset.x)
            return
        index = round(self.scroll_y) + offset.y - self.HEADER_ROWS
        if 0 <= index < self.count:
            self.move_cursor(index)
            if event.chain >= 2:
                self.row_chosen(index)
