"""The one main screen: search bar, author clusters, paper list and reader.

State flows one way: the screen owns what is chosen (author, query, sort,
marks) and sets it on the widgets; widgets report what the user did with
messages. Everything slow (loading, clustering, searching, writing marks)
runs in thread workers that report back by message, so the UI never waits.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from paperscope.authors import AuthorCluster
from paperscope.records import LibraryPaper
from paperscope.safe_text import printable
from paperscope.search import Hit, Query, parse_query
from paperscope.store import FileReport, Library, LibraryError, Preview

from ..browser import open_in_browser, web_links
from ..snapshot import SORT_LABELS, SORTS, LibrarySnapshot
from ..widgets.author_detail import AuthorDetail
from ..widgets.author_list import AuthorList
from ..widgets.coauthor_list import CoauthorList
from ..widgets.paper_list import PaperList
from ..widgets.reader import PaperReader
from ..widgets.search_bar import SearchBar
from ..widgets.status_line import Status, StatusLine
from .confirm import ConfirmScreen
from .export import ExportScreen

READER_DELAY = 0.04  # seconds the cursor rests before the reader shows its paper
NOTE_TEXT = 200  # characters of page text (or a path) a notification shows at most
READER_KEYS = "esc back · n/p next · space mark · y BibTeX · o link"


class MainScreen(Screen):
    """Browse, search, mark and export the library."""

    ESCAPE_TO_MINIMIZE = False  # escape is ours: it also leaves search and clears filters
    ALLOW_IN_MAXIMIZED_VIEW = "Footer, StatusLine"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (32, "-tall")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "search",
            "Search",
            key_display="/",
            tooltip="Type to search; filters au: ti: year: venue: cat: has:code src:",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            tooltip="Leave the search field; then clear the search, then the author",
        ),
        Binding("tab", "next_pane", "Next pane", show=False),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False),
        Binding(
            "space",
            "toggle_mark",
            "Mark",
            tooltip="Mark or unmark the paper for export (and move down)",
        ),
        Binding(
            "A",
            "mark_shown",
            "Mark all shown",
            show=False,
            tooltip="Mark every paper in the list as it is filtered now",
        ),
        Binding(
            "U",
            "unmark_all",
            "Unmark all",
            show=False,
            tooltip="Clear every mark in the library (asks first)",
        ),
        Binding("e", "export", "Export", tooltip="Write the marked papers to a BibTeX file"),
        Binding(
            "y",
            "copy_bibtex",
            "Copy BibTeX",
            show=False,
            tooltip="Copy this paper's BibTeX to the clipboard",
        ),
        Binding(
            "o",
            "open_link",
            "Open link",
            show=False,
            tooltip="Open the paper's first link in the web browser",
        ),
        Binding("s", "cycle_sort", "Sort", tooltip="Sort by year, title, score, venue"),
        Binding(
            "i",
            "import_file",
            "Import",
            show=False,
            tooltip="Import a saved page or a folder of them",
        ),
        Binding(
            "a",
            "filter_authors",
            "Filter authors",
            show=False,
            tooltip="Type part of a name to narrow the author list",
        ),
        Binding(
            "n",
            "next_paper",
            "Next paper",
            show=False,
            tooltip="Move to the next paper (also while reading)",
        ),
        Binding(
            "p",
            "previous_paper",
            "Previous paper",
            show=False,
            tooltip="Move to the previous paper (also while reading)",
        ),
    ]

    @dataclass
    class LibraryLoaded(Message):
        """A snapshot of the library; first without clusters and index, then complete."""

        snapshot: LibrarySnapshot
        reason: str  # "preview", "open", "import", "reload", "refresh"

    @dataclass
    class SearchFinished(Message):
        generation: int
        query: Query
        hits: list[Hit]

    @dataclass
    class MarksSaved(Message):
        seq: int
        ids: list[str]
        marked: bool
        error: str | None = None
        reloaded: bool = False

    def __init__(
        self, library: Library, lock: threading.RLock, preview: Preview | None = None
    ) -> None:
        super().__init__()
        self.library = library
        # The first screenful, read from the head of the file, shown while the whole
        # library is read (seconds at 100,000 papers); None when it is already read.
        self._preview = preview
        self._loading_total: int | None = None
        self.read_after_first_frame = False
        self.lock = lock  # held for every library read and write made off the UI thread
        self.snapshot: LibrarySnapshot | None = None
        self.author: AuthorCluster | None = None
        self.query_text = ""
        self.parsed_query: Query | None = None
        self.hits: list[Hit] | None = None
        self.sort = "year"
        self._sort_before_search = "year"
        self._search_generation = 0
        self.marked: set[str] = set()  # what the user sees as marked (writes may be pending)
        self._pending: dict[str, int] = {}  # paper id -> seq of its newest unsaved change
        self._mark_queue: deque[tuple[int, list[str], bool]] = deque()
        self._mark_lock = threading.Lock()
        self._mark_writer_running = False
        self._seq = 0
        self._reader_timer: Timer | None = None

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
        self.paper_list.marked = self.marked
        self.author_list.empty_text = "Loading…"
        self.paper_list.empty_text = "Loading the library…"
        self.paper_list.focus()
        if self._preview is not None:
            self._loading_total = self._preview.total
            snapshot = LibrarySnapshot(self._preview.papers, -1, [])
            self._preview = None
            self.on_main_screen_library_loaded(self.LibraryLoaded(snapshot, "preview"))
            # The app starts the read once that is on screen (on its Ready event): the
            # reading thread would take turns with the UI thread (one GIL) and hold
            # back the first frame.
            self.read_after_first_frame = True
        else:
            self.load_library("open")
        self.set_interval(2.0, self._check_disk)

    # -- loading ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_library(self, reason: str) -> None:
        """Read the library, show the papers at once, then clusters and search index."""
        worker = get_current_worker()
        with self.lock:
            if reason == "reload":
                self.library.reload()
            try:
                self.library.ensure_loaded()
            except LibraryError as exc:  # damaged or newer: nothing written; `run` says
                self.app.error = exc  # why in one line once the terminal is restored
                self.app.call_from_thread(lambda: self.app.exit(return_code=2))
                return
            papers = self.library.papers()
            subjects = self.library.subjects()
            version = self.library.version
        snapshot = LibrarySnapshot(papers, version, subjects)
        self.post_message(self.LibraryLoaded(snapshot, reason))
        if worker.is_cancelled:
            return
        complete = snapshot.completed()
        # The library is long-lived: keep the cyclic GC from walking it again and
        # again (pauses of 100 ms and more at 100,000 papers, felt while scrolling).
        gc.freeze()
        if not worker.is_cancelled:
            self.post_message(self.LibraryLoaded(complete, reason))

    def on_main_screen_library_loaded(self, event: LibraryLoaded) -> None:
        snapshot = event.snapshot
        if event.reason != "preview":
            self._loading_total = None
        self.snapshot = snapshot
        marked = snapshot.marked_ids()
        for pid in self._pending:  # unsaved changes win over what was read
            if pid in self.marked:
                marked.add(pid)
            else:
                marked.discard(pid)
        self.marked = marked
        self.paper_list.marked = marked
        self.paper_list.empty_text = "No papers to show."
        if snapshot.complete:
            self.author_list.empty_text = "No authors yet."
            self.author_list.show(snapshot.ranked)
            if self.author is not None:
                self.author = snapshot.clusters.get(self.author.key)
                self._show_author()
            if self.query_text:
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

    def _check_disk(self) -> None:
        """Pick up imports made by another PaperScope process (e.g. the command line)."""
        if self._mark_writer_running or not self.lock.acquire(blocking=False):
            return
        try:
            changed = self.library.changed_on_disk()
        finally:
            self.lock.release()
        if changed:
            self.load_library("reload")

    # -- what the list shows ------------------------------------------------------------

    def refresh_papers(self, keep: str | None = None) -> None:
        """Recompute the list from snapshot, author, hits and sort; keep the cursor's paper."""
        if self.snapshot is None:
            return
        current = self.paper_list.current
        keep = keep or (current.id if current else None)
        papers = self.snapshot.select(self.sort, self.author, self.hits)
        self.paper_list.sort = self.sort
        self.paper_list.show(papers, keep)
        self.update_chrome()

    def update_chrome(self) -> None:
        """Counts and labels around the panes."""
        snap = self.snapshot
        total = len(snap.papers) if snap else 0
        if self._loading_total is not None:  # the preview: the first papers only
            total = self._loading_total
        shown = self.paper_list.count
        self.paper_list.border_subtitle = (
            f"{shown} of {total} · {SORT_LABELS[self.sort]}"
            if shown != total
            else f"{total} · {SORT_LABELS[self.sort]}"
        )
        clusters = snap.ranked if snap and snap.complete else []
        pane = self.query_one("#authors-pane")
        listed = self.author_list.count
        pane.border_subtitle = (
            f"{listed} of {len(clusters)}" if listed != len(clusters) else str(len(clusters))
        )
        busy = []
        if self._loading_total is not None:
            busy.append(f"reading {self._loading_total:,} papers")
        elif snap is None or not snap.complete:
            busy.append("building author clusters and search index")
        if self._mark_writer_running:
            busy.append("saving marks")
        self.query_one(StatusLine).show(
            Status(
                shown=shown,
                total=total,
                marked=len(self.marked),
                sort=SORT_LABELS[self.sort],
                author=self.author.name if self.author else None,
                query=self.query_text.strip(),
                hits=len(self.hits) if self.hits is not None else None,
                busy=busy,
            )
        )
        if self.query_text.strip():
            errors = self.parsed_query.errors if self.parsed_query else []
            self.search_bar.show_result(
                len(self.hits) if self.hits is not None else None, errors, busy=True
            )
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
        self.reader.show(paper, marked=paper is not None and paper.id in self.marked)

    @property
    def idle(self) -> bool:
        """Nothing loading, being written or waiting to be shown (tests and screenshots)."""
        return (
            self.snapshot is not None
            and self.snapshot.complete
            and not self._mark_writer_running
            and self._reader_timer is None
        )

    @on(PaperList.PaperChosen)
    def _paper_chosen(self, event: PaperList.PaperChosen) -> None:
        self.action_open_paper()

    @on(PaperList.SortClicked)
    def _sort_clicked(self, event: PaperList.SortClicked) -> None:
        self.set_sort(event.sort)

    # -- search -------------------------------------------------------------------------

    @on(SearchBar.QueryChanged)
    def _query_changed(self, event: SearchBar.QueryChanged) -> None:
        self.set_query(event.text)

    @on(SearchBar.QuerySubmitted)
    def _query_submitted(self, event: SearchBar.QuerySubmitted) -> None:
        self.paper_list.focus()

    def set_query(self, text: str) -> None:
        """A new query: searched in a worker; results of older queries are dropped."""
        if text == self.query_text:
            return
        self.query_text = text
        self._search_generation += 1
        if not text.strip():
            self.parsed_query = None
            self.hits = None
            if self.sort == "relevance":
                self.sort = self._sort_before_search
            self.refresh_papers()
            return
        self._start_search()

    def _start_search(self) -> None:
        self._search_generation += 1
        self.run_search(self.query_text, self._search_generation)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str, generation: int) -> None:
        snapshot = self.snapshot
        if snapshot is None or snapshot.index is None:
            return  # searched again when the index is built
        query = parse_query(text)
        hits = snapshot.index.search(query)
        if not get_current_worker().is_cancelled:
            self.post_message(self.SearchFinished(generation, query, hits))

    def on_main_screen_search_finished(self, event: SearchFinished) -> None:
        if event.generation != self._search_generation:
            return  # a newer keystroke is being searched
        had_text = bool(self.parsed_query and self.parsed_query.text)
        self.parsed_query = event.query
        self.hits = event.hits
        if event.query.text and not had_text and self.sort != "relevance":
            self._sort_before_search = self.sort  # best matches first, until `s` says not
            self.sort = "relevance"
        elif not event.query.text and self.sort == "relevance":
            self.sort = self._sort_before_search
        self.refresh_papers(keep=event.hits[0].paper.id if event.hits else None)

    def set_sort(self, sort: str) -> None:
        if sort == "relevance" and not (self.parsed_query and self.parsed_query.text):
            sort = "year"
        if sort != "relevance":
            self._sort_before_search = sort
        self.sort = sort
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

    def go_to_author(self, key: str) -> None:
        """Jump to the cluster ``key``: the author list's cursor, detail and papers."""
        if self.snapshot is None or not self.snapshot.clusters:
            return
        cluster = self.snapshot.clusters.get(key)
        if cluster is None:
            return
        self.author_list.select_key(key)
        self.query_one("#author-filter", Input).value = self.author_list.filter_text
        self.choose_author(cluster)

    def choose_author(self, cluster: AuthorCluster | None) -> None:
        self.author = cluster
        self._show_author()
        self.refresh_papers()

    def _show_author(self) -> None:
        cluster = self.author
        self.author_list.set_chosen(cluster.key if cluster else None)
        coauthors = self.snapshot.coauthors(cluster) if cluster and self.snapshot else []
        detail = self.query_one(AuthorDetail)
        detail.show(cluster, coauthors)
        detail.border_title = (
            Content(f"Author · {printable(cluster.name)}") if cluster else "Author"
        )

    # -- panes and focus -------------------------------------------------------------------

    def _panes(self) -> list[Widget]:
        panes: list[Widget] = [self.author_list]
        coauthors = self.query_one(CoauthorList)
        if self.author is not None and coauthors.count:
            panes.append(coauthors)
        return [*panes, self.paper_list, self.reader]

    def _cycle(self, step: int) -> None:
        if self.maximized is not None:
            return
        panes = self._panes()
        focused = self.focused
        index = next((i for i, p in enumerate(panes) if focused is p), None)
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

    def action_search(self) -> None:
        self._close_reader()
        self.search_bar.input.focus()

    def action_filter_authors(self) -> None:
        self.query_one("#author-filter", Input).focus()

    def action_back(self) -> None:
        """Escape: one step back — reading, the search field, the search, the author."""
        focused = self.focused
        if self.maximized is not None:
            self._close_reader()
            self.paper_list.focus()
        elif focused is self.search_bar.input:
            self.paper_list.focus()
        elif focused is self.query_one("#author-filter", Input):
            if focused.value:
                focused.value = ""
            else:
                self.author_list.focus()
        elif self.query_text:
            self.search_bar.clear()
            self.set_query("")
        elif self.author is not None:
            self.choose_author(None)
        elif focused is not self.paper_list:
            self.paper_list.focus()

    def action_open_paper(self) -> None:
        paper = self.paper_list.current
        if paper is None:
            return
        self.reader.show(paper, marked=paper.id in self.marked)
        self.reader.focus()
        self.maximize(self.reader, container=False)
        self.reader.border_subtitle = READER_KEYS

    def action_next_paper(self) -> None:
        self.paper_list.action_cursor_down()

    def action_previous_paper(self) -> None:
        self.paper_list.action_cursor_up()

    def action_cycle_sort(self) -> None:
        searching = bool(self.parsed_query and self.parsed_query.text)
        options = [s for s in SORTS if s != "relevance" or searching]
        index = options.index(self.sort) if self.sort in options else -1
        self.set_sort(options[(index + 1) % len(options)])

    # -- marks ----------------------------------------------------------------------------

    def action_toggle_mark(self) -> None:
        paper = self.paper_list.current
        if paper is None:
            self.notify("No paper to mark.", severity="warning")
            return
        self.set_marks([paper], paper.id not in self.marked)
        if self.focused is self.paper_list:
            self.paper_list.action_cursor_down()

    def _still_reading(self) -> bool:
        """While only the preview is shown, actions on the whole library wait for it."""
        if self._loading_total is None:
            return False
        self.notify(
            f"Still reading the library ({self._loading_total:,} papers); try again in a moment.",
            severity="warning",
        )
        return True

    def action_mark_shown(self) -> None:
        if self._still_reading():
            return
        papers = self.paper_list.papers
        n = self.set_marks(papers, True)
        self.notify(
            f"Marked {n} more paper{'s' if n != 1 else ''}; {len(self.marked)} marked in all."
        )

    def action_unmark_all(self) -> None:
        if self._still_reading():
            return
        if not self.marked or self.snapshot is None:
            self.notify("No paper is marked.")
            return
        n = len(self.marked)

        def answered(yes: bool | None) -> None:
            if yes and self.snapshot is not None:
                papers = [p for p in self.snapshot.papers if p.id in self.marked]
                self.set_marks(papers, False)
                self.notify(f"Unmarked {n} paper{'s' if n != 1 else ''}.")

        self.app.push_screen(
            ConfirmScreen(
                f"Unmark all {n} marked paper{'s' if n != 1 else ''}?",
                yes="Unmark all",
                no="Keep them",
            ),
            callback=answered,
        )

    def set_marks(self, papers: list[LibraryPaper], marked: bool) -> int:
        """Show the marks at once; persist them in order in a background writer."""
        ids = [p.id for p in papers if (p.id in self.marked) != marked]
        if not ids:
            return 0
        self._seq += 1
        for pid in ids:
            self._pending[pid] = self._seq
        if marked:
            self.marked.update(ids)
        else:
            self.marked.difference_update(ids)
        with self._mark_lock:
            self._mark_queue.append((self._seq, ids, marked))
            start = not self._mark_writer_running
            self._mark_writer_running = True
        if start:
            self.write_marks()
        self._marks_changed()
        return len(ids)

    def _marks_changed(self) -> None:
        self.paper_list.refresh()
        if self._reader_timer is None:
            self._show_current()
        self.update_chrome()

    @work(thread=True, group="marks")
    def write_marks(self) -> None:
        """Write queued mark changes one after another (one atomic write each)."""
        while True:
            with self._mark_lock:
                if not self._mark_queue:
                    self._mark_writer_running = False
                    return
                seq, ids, marked = self._mark_queue.popleft()
            error, reloaded = None, False
            try:
                with self.lock:
                    before = self.library.version
                    self.library.set_marked(ids, marked)
                    reloaded = self.library.version - before > 1
            except (LibraryError, OSError) as exc:
                error = str(exc)
            with self._mark_lock:  # done before the message, so the status line is right
                done = not self._mark_queue
                if done:
                    self._mark_writer_running = False
            self.post_message(self.MarksSaved(seq, ids, marked, error, reloaded))
            if done:
                return

    def on_main_screen_marks_saved(self, event: MarksSaved) -> None:
        mine = [pid for pid in event.ids if self._pending.get(pid) == event.seq]
        for pid in mine:
            del self._pending[pid]
        if event.error:
            for pid in mine:  # nothing newer was asked for these: show the truth again
                if event.marked:
                    self.marked.discard(pid)
                else:
                    self.marked.add(pid)
            self.notify(
                f"Marks not saved: {printable(event.error, NOTE_TEXT)}",
                severity="error",
                markup=False,
            )
            self._marks_changed()
        if event.reloaded:
            self.load_library("refresh")
        self.update_chrome()

    async def wait_for_marks(self, timeout: float = 30.0) -> None:
        """Return when every mark change is on disk (called before quitting)."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while self._mark_writer_running and loop.time() < end:
            await asyncio.sleep(0.02)

    # -- export, clipboard, links -----------------------------------------------------------

    def marked_papers(self) -> list[LibraryPaper]:
        if self.snapshot is None:
            return []
        return [p for p in self.snapshot.papers if p.id in self.marked]

    def action_export(self) -> None:
        if self._still_reading():
            return
        papers = self.marked_papers()
        if not papers:
            self.notify(
                "No paper is marked: mark papers with space (A marks all shown).",
                severity="warning",
            )
            return

        def exported(path: Path | None) -> None:
            if path is not None:
                self.notify(
                    f"Exported {len(papers)} paper{'s' if len(papers) != 1 else ''} "
                    f"to {printable(str(path.resolve()), NOTE_TEXT)}",
                    title="BibTeX written",
                    markup=False,
                )

        self.app.push_screen(
            ExportScreen(papers, key_scope=self.snapshot.papers), callback=exported
        )

    def action_copy_bibtex(self) -> None:
        paper = self.paper_list.current
        if paper is None:
            self.notify("No paper to copy.", severity="warning")
            return
        if self._still_reading():  # its key is unique among all papers, not the preview's
            return
        self.copy_bibtex(paper, self.snapshot.papers if self.snapshot else None)

    @work(thread=True, group="copy")
    def copy_bibtex(self, paper: LibraryPaper, scope: list[LibraryPaper] | None) -> None:
        """The key is made unique across the library: most of a second at 100,000
        papers, so off the UI thread."""
        from paperscope.export import render

        text = render([paper], "bibtex", abstract=True, key_scope=scope)
        self.app.call_from_thread(self._copied, paper, text)

    def _copied(self, paper: LibraryPaper, text: str) -> None:
        self.app.copy_to_clipboard(text)
        self.notify(
            f"BibTeX of “{printable(paper.title, NOTE_TEXT)}” copied to the clipboard "
            "(sent to the terminal, OSC 52).",
            title="Copied",
            markup=False,
        )

    def action_open_link(self) -> None:
        paper = self.paper_list.current
        links = web_links(paper.links) if paper else []
        if not links:
            self.notify("This paper has no web link.", severity="warning")
            return
        self.open_link(links[0])

    @work(thread=True, group="browser")
    def open_link(self, url: str) -> None:
        problem = open_in_browser(url)
        if problem is None:
            self.app.notify(f"Opening {printable(url, NOTE_TEXT)} in the browser.", markup=False)
        else:
            self.app.call_from_thread(self.app.copy_to_clipboard, url)
            self.app.notify(
                f"{problem}; the link was copied to the clipboard instead: "
                f"{printable(url, NOTE_TEXT)}",
                severity="warning",
                markup=False,
            )

    # -- import ------------------------------------------------------------------------------

    def action_import_file(self) -> None:
        def imported(reports: list[FileReport] | None) -> None:
            if not reports:
                return
            new = sum(r.new for r in reports)
            merged = sum(r.merged + r.updated for r in reports)
            if new or merged:
                self.load_library("import")
            self.notify(
                f"Imported {len(reports)} file{'s' if len(reports) != 1 else ''}: "
                f"{new} new, {merged} merged.",
                title="Import",
            )

        from .import_file import ImportScreen  # not on the way to the first frame

        self.app.push_screen(ImportScreen(self.library, self.lock), callback=imported)
