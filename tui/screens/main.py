"""The one main screen: search bar, author clusters, paper list and reader.

State flows one way: the screen holds the user's choices in the core's
:class:`~paperscope.browse.BrowseState` and :class:`~paperscope.marks.MarkQueue`
and sets what they decide on the widgets; widgets report what the user did
with messages. Everything slow (loading, clustering, searching, writing marks)
runs in thread workers of :class:`~tui.screens.library_screen.LibraryScreen`
that call the core and report back by message, so the UI never waits.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input

from paperscope.authors import AuthorCluster
from paperscope.browse import LibrarySnapshot, Place, Trail
from paperscope.safe_text import printable
from paperscope.store import Library, Preview

from ..keys import MAIN_BINDINGS
from ..widgets.author_detail import AuthorDetail
from ..widgets.author_list import AuthorList
from ..widgets.coauthor_list import CoauthorList
from ..widgets.paper_list import PaperList
from ..widgets.reader import PaperReader
from ..widgets.search_bar import SearchBar
from ..widgets.status_line import Status, StatusLine
from ..wording import plural
from .confirm import ConfirmScreen
from .library_screen import LibraryScreen
from .living import LivingScreen

SIDEBAR_MIN_WIDTH = 90  # below this many columns the author panes hide (\ shows them)
READER_DELAY = 0.04  # seconds the cursor rests before the reader shows its paper
READER_KEYS = "esc/q close · n/p next · space mark · y BibTeX · o link · [ back · t # N E v"
ASK_TO_MARK = 50  # `A` on more papers than this asks first (a selection is work)


def _of(shown: int, total: int) -> str:
    return f"{shown} of {total}" if shown != total else str(total)


class MainScreen(LivingScreen):
    """Browse, search, mark and export the library."""

    ESCAPE_TO_MINIMIZE = False  # escape is ours: it also leaves search and clears filters
    ALLOW_IN_MAXIMIZED_VIEW = "Footer, StatusLine"
    # Not ClassVar: Textual declares them (oddly) as instance attributes.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS

    def __init__(
        self, library: Library, write_lock: threading.RLock, preview: Preview | None = None
    ) -> None:
        super().__init__(library, write_lock, preview)
        self._reader_timer: Timer | None = None
        self.trail = Trail()  # back and forward over authors and papers jumped to
        self._sidebar_choice: bool | None = None  # the user's \ ; None: by the width

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search-bar")
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                with Vertical(id="authors-pane"):
                    yield Input(placeholder="filter authors (a)", id="author-filter", compact=True)
                    yield AuthorList(id="author-list")
                yield AuthorDetail(id="author-detail")
            with Vertical(id="main"):
                yield PaperList(id="paper-list")
                yield PaperReader(id="reader")
        yield StatusLine(id="status")
        yield Footer()

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def author_list(self) -> AuthorList:
        return self.query_one(AuthorList)

    @property
    def reader(self) -> PaperReader:
        return self.query_one(PaperReader)

    def on_mount(self) -> None:
        self.query_one("#authors-pane").border_title = "Authors"
        self.query_one(AuthorDetail).border_title = "Author"
        self.paper_list.border_title = "Papers"
        self.reader.border_title = "Paper"
        self.paper_list.marked = self.marks.marked
        self.author_list.empty_text = "Loading…"
        self.paper_list.empty_text = "Loading the library…"
        self.search_bar.history = self.session.search_history()
        self.paper_list.focus()
        if self._preview is not None:
            self.browse.loading_total = self._preview.total
            snapshot = LibrarySnapshot(self._preview.papers, -1, [])
            self._preview = None
            self.on_library_screen_library_loaded(self.LibraryLoaded(snapshot, "preview"))
            # The app starts the read once that is on screen (on its Ready event): the
            # reading thread would take turns with the UI thread (one GIL) and hold
            # back the first frame.
            self.read_after_first_frame = True
        else:
            self.load_library("open")
        self.set_interval(2.0, self._check_disk)

    # -- loading ------------------------------------------------------------------------

    def on_library_screen_library_loaded(self, event: LibraryScreen.LibraryLoaded) -> None:
        snapshot = event.snapshot
        had_author = self.browse.author is not None
        search_again = self.browse.load(snapshot, preview=event.reason == "preview")
        self.marks.adopt(snapshot.marked_ids())
        self.paper_list.empty_text = "No papers to show."
        if snapshot.complete:
            self.author_list.empty_text = "No authors yet."
            self.author_list.show(snapshot.ranked)
            if had_author:
                self._show_author()
            if search_again:
                self._start_search()
        else:
            self.author_list.empty_text = "Building author clusters…"
            self.author_list.refresh()
        self.refresh_papers()
        if snapshot.complete and event.reason == "reload":
            self.notify(
                f"The library changed on disk and was reloaded ({len(snapshot.papers)} papers).",
                title="Library reloaded",
            )

    # -- what the list shows ------------------------------------------------------------

    def refresh_papers(self, keep: str | None = None) -> None:
        """Recompute the list from snapshot, author, hits and sort; keep the cursor's paper."""
        if self.browse.snapshot is None:
            return
        current = self.paper_list.current
        keep = keep or (current.id if current else None)
        view = self.browse
        self.paper_list.sort, self.paper_list.reverse = view.sort, view.reverse
        self.paper_list.highlight = self.reader.highlight = view.highlight
        errors = view.query.errors if view.has_query and view.query else []
        self.paper_list.empty_text = (
            f"Nothing shown: {errors[0]}" if errors else "No papers to show."
        )
        self.paper_list.show(view.papers(), keep)
        self.update_chrome()

    def update_chrome(self) -> None:
        """Counts and labels around the panes."""
        view = self.browse
        shown = self.paper_list.count
        self.paper_list.border_subtitle = f"{_of(shown, view.total)} · {view.sort_label}"
        pane = self.query_one("#authors-pane")
        pane.border_subtitle = _of(self.author_list.count, len(view.clusters))
        busy = view.busy() + self.mark_jobs()
        hits = len(view.hits) if view.hits is not None and view.has_query else None
        self.query_one(StatusLine).show(
            Status(
                shown=shown,
                total=view.total,
                marked=len(self.marks.marked),
                sort=view.sort_label,
                author=view.author.name if view.author else None,
                query=view.query_text.strip(),
                hits=hits,
                busy=busy,
            )
        )
        if view.has_query:
            errors = view.query.errors if view.query else []
            self.search_bar.show_result(hits, errors, busy=True)
        else:
            self.search_bar.show_result(None)

    @on(PaperList.PaperHighlighted)
    def _paper_highlighted(self, event: PaperList.PaperHighlighted) -> None:
        # The reader follows the cursor a moment later: re-laying out the abstract on
        # every step would make held-down j or page-down stutter.
        if self._reader_timer is None:
            self._reader_timer = self.set_timer(READER_DELAY, self._show_current)
        else:
            self._reader_timer.reset()

    def _show_current(self) -> None:
        self._reader_timer = None
        paper = self.paper_list.current
        self.reader.show(paper, marked=paper is not None and paper.id in self.marks.marked)

    @property
    def idle(self) -> bool:
        """Nothing loading, being written or waiting to be shown (tests and screenshots)."""
        snapshot = self.browse.snapshot
        return (
            snapshot is not None
            and snapshot.complete
            and not self.marks.writing
            and self._reader_timer is None
        )

    @on(PaperList.PaperChosen)
    def _paper_chosen(self, event: PaperList.PaperChosen) -> None:
        self.action_open_paper()

    @on(PaperList.SortClicked)
    def _sort_clicked(self, event: PaperList.SortClicked) -> None:
        self.browse.sort_clicked(event.sort)
        self.refresh_papers()

    # -- search -------------------------------------------------------------------------

    @on(SearchBar.QueryChanged)
    def _query_changed(self, event: SearchBar.QueryChanged) -> None:
        self.set_query(event.text)

    @on(SearchBar.QuerySubmitted)
    def _query_submitted(self, event: SearchBar.QuerySubmitted) -> None:
        self.paper_list.focus()

    @on(SearchBar.QueryRemembered)
    def _query_remembered(self, event: SearchBar.QueryRemembered) -> None:
        self.session.remember_query(event.text)
        self.save_session()

    def set_query(self, text: str) -> None:
        """A new query: searched in a worker; results of older queries are dropped."""
        if not self.browse.set_query(text):
            return
        if self.browse.has_query:
            self._start_search()
        else:
            self.refresh_papers()

    def _start_search(self) -> None:
        self.run_search(self.browse.query_text, self.browse.next_search())

    def on_library_screen_search_finished(self, event: LibraryScreen.SearchFinished) -> None:
        if self.browse.take_results(event.generation, event.query, event.hits, event.highlight):
            self.refresh_papers(keep=event.hits[0].paper.id if event.hits else None)

    def set_sort(self, sort: str) -> None:
        self.browse.set_sort(sort)
        self.refresh_papers()

    def action_cycle_sort(self) -> None:
        self.browse.cycle_sort()
        self.refresh_papers()

    def action_reverse_sort(self) -> None:
        self.browse.reverse_sort()
        self.refresh_papers()

    # -- authors --------------------------------------------------------------------------

    @on(Input.Changed, "#author-filter")
    def _author_filter_changed(self, event: Input.Changed) -> None:
        self.author_list.set_filter(event.value)
        self.update_chrome()

    @on(Input.Submitted, "#author-filter")
    def _author_filter_submitted(self, event: Input.Submitted) -> None:
        self.author_list.focus()
        if self.author_list.current is not None:
            self.choose_author(self.author_list.current)

    @on(AuthorList.AuthorChosen)
    def _author_chosen(self, event: AuthorList.AuthorChosen) -> None:
        self.choose_author(event.cluster)
        self.paper_list.focus()

    @on(CoauthorList.CoauthorChosen)
    def _coauthor_chosen(self, event: CoauthorList.CoauthorChosen) -> None:
        self.go_to_author(event.coauthor.key)

    def go_to_author(self, key: str, jump: bool = True) -> bool:
        """Jump to the cluster ``key``: the author list's cursor, detail and papers."""
        snapshot = self.browse.snapshot
        cluster = snapshot.clusters.get(key) if snapshot and snapshot.clusters else None
        if cluster is None:
            return False
        self.author_list.select_key(key)
        self.query_one("#author-filter", Input).value = self.author_list.filter_text
        self.choose_author(cluster, jump)
        return True

    def choose_author(self, cluster: AuthorCluster | None, jump: bool = True) -> None:
        """Narrow the list to ``cluster``'s papers (None: everyone's); ``jump``: a step
        that `[` goes back from."""
        if jump:
            self.trail.jumped(self.place())
        self.browse.author = cluster
        self._show_author()
        self.refresh_papers()

    # -- back and forward ------------------------------------------------------------------

    def place(self) -> Place:
        """Where the user is, as the trail of jumps records it."""
        author, paper = self.browse.author, self.paper_list.current
        return Place(
            author.key if author else None, paper.id if paper else None, self.maximized is not None
        )

    def action_go_back(self) -> None:
        self._go(self.trail.back(self.place()), "back")

    def action_go_forward(self) -> None:
        self._go(self.trail.forward(self.place()), "forward")

    def _go(self, place: Place | None, way: str) -> None:
        if place is None:
            self.notify(f"Nothing to go {way} to.", timeout=2)
            return
        if place.author != self.place().author:
            if place.author is None or not self.go_to_author(place.author, jump=False):
                self.choose_author(None, jump=False)  # that author left the library
        if place.paper is not None:
            self.paper_list.select_paper(place.paper)
        if place.reading:
            self.action_open_paper(jump=False)
        else:
            self.action_close_reader()

    def _show_author(self) -> None:
        cluster, snapshot = self.browse.author, self.browse.snapshot
        self.author_list.set_chosen(cluster.key if cluster else None)
        coauthors = snapshot.coauthors(cluster) if cluster and snapshot else []
        detail = self.query_one(AuthorDetail)
        detail.show(cluster, coauthors)
        detail.border_title = (
            Content(f"Author · {printable(cluster.name)}") if cluster else "Author"
        )

    # -- panes and focus -------------------------------------------------------------------

    @property
    def sidebar_shown(self) -> bool:
        """Whether the author panes show: the user's choice, else whether they fit."""
        if self._sidebar_choice is not None:
            return self._sidebar_choice
        return self.size.width >= SIDEBAR_MIN_WIDTH

    def _apply_sidebar(self) -> None:
        self.set_class(not self.sidebar_shown, "-no-sidebar")
        focused = self.focused
        if not self.sidebar_shown and focused is not None and focused in self.query("#sidebar *"):
            self.paper_list.focus()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_sidebar()

    def action_toggle_sidebar(self) -> None:
        self._sidebar_choice = not self.sidebar_shown
        self._apply_sidebar()

    def _panes(self) -> list[Widget]:
        if not self.sidebar_shown:
            return [self.paper_list, self.reader]
        panes: list[Widget] = [self.author_list]
        coauthors = self.query_one(CoauthorList)
        if self.browse.author is not None and coauthors.count:
            panes.append(coauthors)
        return [*panes, self.paper_list, self.reader]

    def _cycle(self, step: int) -> None:
        if self.maximized is not None:
            return
        panes = self._panes()
        focused = self.focused
        index = next((i for i, p in enumerate(panes) if focused is p), None)
        target: Widget
        if index is None:
            target = self.paper_list if step > 0 else self.author_list
        else:
            target = panes[(index + step) % len(panes)]
        target.focus()

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_previous_pane(self) -> None:
        self._cycle(-1)

    def _close_reader(self) -> None:
        if self.maximized is not None:
            self.minimize()
            self.reader.border_subtitle = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # q closes the reader while a paper is open; otherwise it is the app's (quit)
        if action == "close_reader":
            return self.maximized is not None
        return True

    def action_close_reader(self) -> None:
        self._close_reader()
        self.paper_list.focus()

    def action_search(self) -> None:
        self._close_reader()
        self.search_bar.begin()

    def action_filter_authors(self) -> None:
        if not self.sidebar_shown:  # typing a name needs the pane it filters
            self.action_toggle_sidebar()
        self.query_one("#author-filter", Input).focus()

    def action_back(self) -> None:
        """Escape: one step back — reading, the search field, the search, the author."""
        focused = self.focused
        author_filter = self.query_one("#author-filter", Input)
        if self.maximized is not None:
            self.action_close_reader()
        elif focused is self.search_bar.input:
            self.paper_list.focus()
        elif focused is author_filter:
            if author_filter.value:
                author_filter.value = ""
            else:
                self.author_list.focus()
        elif self.browse.query_text:
            self.search_bar.clear()
            self.set_query("")
        elif self.browse.author is not None:
            self.choose_author(None)
        elif focused is not self.paper_list:
            self.paper_list.focus()

    def action_open_paper(self, jump: bool = True) -> None:
        paper = self.paper_list.current
        if paper is None:
            return
        if jump and self.maximized is None:
            self.trail.jumped(self.place())
        self.reader.show(paper, marked=paper.id in self.marks.marked)
        self.reader.focus()
        self.maximize(self.reader, container=False)
        self.reader.border_subtitle = READER_KEYS

    def action_next_paper(self) -> None:
        self.paper_list.action_cursor_down()

    def action_previous_paper(self) -> None:
        self.paper_list.action_cursor_up()

    # -- marks ----------------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        paper = self.paper_list.current
        if paper is None:
            self.notify("No paper to mark.", severity="warning")
            return
        self.set_marks([paper], paper.id not in self.marks.marked)
        if self.focused is self.paper_list:
            self.paper_list.action_cursor_down()

    def action_mark_shown(self) -> None:
        if self._still_reading():
            return
        papers = self.paper_list.papers

        def mark(yes: bool | None = True) -> None:
            if yes:
                n = self.set_marks(papers, True)
                self.notify(
                    f"Marked {plural(n, 'more paper')}; {len(self.marks.marked)} marked in all."
                )

        if len(papers) <= ASK_TO_MARK:
            mark()
            return
        question = f"Mark all {plural(len(papers), 'paper')} shown? (Ctrl+Z undoes)"
        self.app.push_screen(ConfirmScreen(question, yes="Mark all", no="Keep"), callback=mark)

    def marks_changed(self) -> None:
        self.paper_list.refresh()
        if self._reader_timer is None:
            self._show_current()
        self.update_chrome()
