"""The library behind the main screen: reading it, watching it, writing to it.

:class:`LibraryScreen` runs the work that touches the library file in thread
workers and reports back by message: the read (a preview first, then papers,
then clusters and index), picking up changes made by other processes, searches,
the mark writer, BibTeX and imports. The rules live in the core
(:mod:`paperscope.browse`, :mod:`paperscope.marks`); what the user sees is drawn
by the subclass, :class:`~tui.screens.main.MainScreen`, which handles the
messages sent here.
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from paperscope.authors import AuthorCluster
from paperscope.browse import BrowseState, LibrarySnapshot
from paperscope.library import journal
from paperscope.marks import MarkQueue, MarkWrite
from paperscope.records import LibraryPaper
from paperscope.safe_text import printable
from paperscope.search import Highlight, Hit, Query
from paperscope.session import Session
from paperscope.store import FileReport, Library, LibraryError, Preview

from ..browser import open_in_browser, web_links
from ..widgets.paper_list import PaperList
from ..wording import plural
from .confirm import ConfirmScreen
from .export import ExportDone, ExportScreen

NOTE_TEXT = 200  # characters of page text (or a path) a notification shows at most
ERROR_TEXT = 600  # an error names files and the command that repairs: keep it whole
QUIT_WAIT = 2.0  # seconds quitting waits for marks being written before it asks


class LibraryScreen(Screen[None]):
    """A screen over one library; its subclass composes a :class:`PaperList`."""

    @dataclass
    class LibraryLoaded(Message):
        """A snapshot of the library; first without clusters and index, then complete."""

        snapshot: LibrarySnapshot
        reason: str  # "preview", "open", "import", "reload", "refresh"

    @dataclass
    class LibraryFailed(Message):
        """The library cannot be read (damaged, or newer): the app stops and says why."""

        error: LibraryError

    @dataclass
    class LibraryUnreadable(Message):
        """A new read of the open library failed (another program damaged it): the app
        keeps what it shows and writes nothing until it reads again."""

        error: str
        stamp: object  # the files as they were when the read failed

    @dataclass
    class SearchFinished(Message):
        generation: int
        query: Query
        hits: Sequence[Hit]
        highlight: Highlight | None = None  # the words it matched

    @dataclass
    class MarksSaved(Message):
        write: MarkWrite

    def __init__(
        self, library: Library, write_lock: threading.RLock, preview: Preview | None = None
    ) -> None:
        super().__init__()
        self.library = library
        # The first screenful, read from the head of the file, shown while the whole
        # library is read (seconds at 100,000 papers); None when it is already read.
        self._preview = preview
        self.read_after_first_frame = False
        # Held for every library read and write made off the UI thread. Not `lock`:
        # that is Textual's own (Widget.lock, used by batch() and friends).
        self.write_lock = write_lock
        self.browse = BrowseState()
        self.marks = MarkQueue(library, write_lock)
        self._unreadable: object | None = None  # the files' stamp when a read failed
        self._mark_retry: Timer | None = None
        self._told_mark_error: str | None = None
        self._told_compact_error = False
        self.quit_when_saved = False  # the user asked to quit once the marks are saved
        # What the app remembers between runs (the search history); never the library.
        self.session = Session.load()
        self._session_warned = False

    # What the core decides, as tests, the palette and the benchmark read it.
    @property
    def snapshot(self) -> LibrarySnapshot | None:
        return self.browse.snapshot

    @property
    def sort(self) -> str:
        return self.browse.sort

    @property
    def hits(self) -> Sequence[Hit] | None:
        return self.browse.hits

    @property
    def parsed_query(self) -> Query | None:
        return self.browse.query

    @property
    def author(self) -> AuthorCluster | None:
        return self.browse.author

    @property
    def marked(self) -> set[str]:
        """What the user sees as marked (writes may be pending)."""
        return self.marks.marked

    # -- reading and watching the library ---------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_library(self, reason: str) -> None:
        """Read the library, show the papers at once, then clusters and search index."""
        worker = get_current_worker()
        with self.write_lock:
            stamp = journal.stamp(self.library.path)
            try:
                if reason == "reload":
                    self.library.reload()
                self.library.ensure_loaded()
            except (LibraryError, OSError) as exc:  # damaged or newer: nothing written
                if reason == "open":  # nothing to show: the app stops and says why
                    error = exc if isinstance(exc, LibraryError) else LibraryError(str(exc))
                    self.post_message(self.LibraryFailed(error))
                else:  # open already: keep showing what was read
                    self.post_message(self.LibraryUnreadable(str(exc), stamp))
                return
            papers = self.library.papers()
            subjects = self.library.subjects()
            version = self.library.version
        self._unreadable = None
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

    def on_library_screen_library_unreadable(self, event: LibraryUnreadable) -> None:
        self._unreadable = event.stamp  # not read again (nor said again) until it changes
        text = printable(event.error, ERROR_TEXT)
        if "check --repair" not in text:
            path = printable(str(self.library.path))
            text += f"; `paperscope check --repair --db {path}` says what is wrong and repairs it"
        self.notify(
            f"{text}. Still showing the library as it was read before; "
            "nothing is written to it until it reads again.",
            title="The library cannot be read",
            severity="error",
            timeout=30,
            markup=False,
        )

    def _check_disk(self) -> None:
        """Pick up imports made by another PaperScope process (e.g. the command line)."""
        if self.marks.writing or not self.write_lock.acquire(blocking=False):
            return
        try:
            changed = self.library.changed_on_disk()
            if changed and self._unreadable is not None:  # failed: only once it changes
                changed = journal.stamp(self.library.path) != self._unreadable
        except OSError:  # e.g. its folder became unreadable: the next look says more
            changed = False
        finally:
            self.write_lock.release()
        if changed:
            self.load_library("reload")

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str, generation: int) -> None:
        snapshot = self.browse.snapshot
        found = snapshot.search(text) if snapshot is not None else None
        if found is not None and not get_current_worker().is_cancelled:
            query, hits = found
            highlight = snapshot.highlight(query) if snapshot is not None else None
            self.post_message(self.SearchFinished(generation, query, hits, highlight))

    # -- marks --------------------------------------------------------------------------

    def _still_reading(self) -> bool:
        """While only the preview is shown, actions on the whole library wait for it."""
        if not self.browse.reading:
            return False
        self.notify(
            f"Still reading the library ({self.browse.total:,} papers); try again in a moment.",
            severity="warning",
        )
        return True

    def set_marks(self, papers: list[LibraryPaper], marked: bool) -> int:
        """Show the marks at once; a background writer persists them in order."""
        n, start_writer = self.marks.change([p.id for p in papers], marked)
        if start_writer:
            self.write_marks()
        if n:
            self.marks_changed()
        return n

    def marks_changed(self) -> None:
        """Redraw what shows marks (the subclass's widgets)."""

    def update_chrome(self) -> None:
        """Redraw the counts and labels around the panes (the subclass's widgets)."""

    def action_unmark_all(self) -> None:
        if self._still_reading():
            return
        if not self.marks.marked or self.browse.snapshot is None:
            self.notify("No paper is marked.")
            return
        n = len(self.marks.marked)

        def answered(yes: bool | None) -> None:
            if yes and self.browse.snapshot is not None:
                self.set_marks(self.browse.papers_among(self.marks.marked), False)
                self.notify(f"Unmarked {plural(n, 'paper')}.")

        question = f"Unmark all {plural(n, 'marked paper')}?"
        self.app.push_screen(
            ConfirmScreen(question, yes="Unmark all", no="Keep them"), callback=answered
        )

    def exported_papers(self, papers: list[LibraryPaper]) -> None:
        """Papers just exported (the subclass pins their keys)."""

    @work(thread=True, group="marks")
    def write_marks(self) -> None:
        for write in self.marks.writes():
            self.post_message(self.MarksSaved(write))

    def on_library_screen_marks_saved(self, event: MarksSaved) -> None:
        write = event.write
        self.marks.settle(write)
        if write.error:
            if write.error != self._told_mark_error:  # each cause once, not every retry
                self._told_mark_error = write.error
                n = len(self.marks.pending)
                self.notify(
                    f"{plural(n, 'mark')} not saved yet: {printable(write.error, ERROR_TEXT)}. "
                    "They stay marked and are retried; the status line counts them.",
                    title="Marks not saved",
                    severity="error",
                    markup=False,
                )
            self._retry_marks_later()
        elif self._told_mark_error is not None and not self.marks.pending:
            self._told_mark_error = None
            self.notify("The marks that could not be saved are saved now.", title="Marks saved")
        if write.reloaded:
            self.load_library("refresh")
        self.update_chrome()
        if self.quit_when_saved and not self.marks.pending:
            self.app.exit(0)
        elif not write.error and not self.marks.pending:
            self.compact_if_due()

    @work(thread=True, exclusive=True, group="compact")
    def compact_if_due(self) -> None:
        """Fold the journal into the main file when it has outgrown its rule (issue 11
        case 14: marks and notes made in the app grew it without end). In the
        background, under the write lock like every write; a failure changes nothing
        (the journal is complete) and is said once."""
        try:
            with self.write_lock:
                self.library.compact(only_if_due=True)
        except LibraryError as exc:
            if not self._told_compact_error:
                self._told_compact_error = True
                self.app.call_from_thread(
                    self.notify,
                    f"Folding the journal failed (nothing is lost): {printable(str(exc), 300)}",
                    severity="warning",
                    markup=False,
                )

    def _retry_marks_later(self) -> None:
        """After a failed write: try again later, later each time (see MarkQueue)."""
        if self._mark_retry is not None:
            self._mark_retry.stop()
        self._mark_retry = self.set_timer(self.marks.retry_delay, self._retry_marks)

    def _retry_marks(self) -> None:
        self._mark_retry = None
        if self.marks.resume():
            self.write_marks()

    def mark_jobs(self) -> list[str]:
        """What the status line says about marks: being saved, or not saved yet."""
        if self.marks.failures and self.marks.pending:
            return [f"{plural(len(self.marks.pending), 'mark')} not saved, retrying"]
        return ["saving marks"] if self.marks.writing else []

    async def marks_saved_before_quit(self) -> bool:
        """Before quitting: try the unsaved marks once more now, and wait a moment for
        writes under way. True when nothing is left unsaved."""
        self._retry_marks()
        if self.marks.failures:  # they were failing: ask at once (the retry goes on)
            return not self.marks.pending
        loop = asyncio.get_running_loop()
        end = loop.time() + QUIT_WAIT
        while self.marks.pending and loop.time() < end:
            if self.marks.failures and not self.marks.writing:
                break  # the write failed just now: ask
            await asyncio.sleep(0.02)
        return not self.marks.pending

    # -- the session ------------------------------------------------------------------------

    @work(thread=True, group="session")
    def save_session(self) -> None:
        problem = self.session.save()
        if problem and not self._session_warned:  # once: the app works on without it
            self._session_warned = True
            self.app.notify(
                f"Search history not kept: {printable(problem, NOTE_TEXT)}",
                severity="warning",
                markup=False,
            )

    # -- export, clipboard, links -----------------------------------------------------------

    def action_export(self) -> None:
        if self._still_reading():
            return
        papers = self.browse.papers_among(self.marks.marked)
        if not papers or self.browse.snapshot is None:
            self.notify(
                "No paper is marked: mark papers with space (A marks all shown).",
                severity="warning",
            )
            return

        def exported(done: ExportDone | None) -> None:
            if done is not None:
                self.exported_papers(papers)  # their keys have left the app: pinned
                lines = (printable(line, NOTE_TEXT) for line in done.message.split("\n"))
                self.notify("\n".join(lines), title="Exported", markup=False)

        scope = self.browse.snapshot.papers
        self.app.push_screen(ExportScreen(papers, key_scope=scope), callback=exported)

    def action_copy_bibtex(self) -> None:
        paper = self.query_one(PaperList).current
        if paper is None:
            self.notify("No paper to copy.", severity="warning")
            return
        if self._still_reading():  # its key is unique among all papers, not the preview's
            return
        snapshot = self.browse.snapshot
        self.copy_bibtex(paper, snapshot.papers if snapshot else None)

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
        paper = self.query_one(PaperList).current
        links = web_links(paper.links) if paper else []
        if not paper or not links:
            self.notify("This paper has no web link.", severity="warning")
            return
        if len(links) == 1:
            self.open_link(links[0])
            return

        def chosen(url: str | None) -> None:
            if url:
                self.open_link(url)

        from .links import LinkScreen  # not on the way to the first frame

        self.app.push_screen(LinkScreen(paper.title, links), callback=chosen)

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
                f"Imported {plural(len(reports), 'file')}: {new} new, {merged} merged.",
                title="Import",
            )

        from .import_file import ImportScreen  # not on the way to the first frame

        self.app.push_screen(ImportScreen(self.library, self.write_lock), callback=imported)
