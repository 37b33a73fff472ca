"""The user's layer from the app: status, tags, note, corrections, removal, undo,
citation keys, and the session put back on the next start.

Every write is one call to the core (:mod:`paperscope.annotate`) in a thread worker
holding the library lock; it reports back by message and the library is read again,
so the list, the search and the reader show the change. The screen's own pieces
(list, search, authors) belong to the subclass, :class:`~tui.screens.main.MainScreen`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import events, work
from textual.message import Message
from textual.widgets import Footer

from paperscope import annotate
from paperscope.library.index import now as now_stamp
from paperscope.records import STATUSES, LibraryPaper
from paperscope.safe_text import printable
from paperscope.session import load_state, save_state, section
from paperscope.store import LibraryError

from ..widgets.paper_list import PaperList
from ..widgets.reader import PaperReader
from ..widgets.search_bar import SearchBar
from .confirm import ConfirmScreen
from .library_screen import NOTE_TEXT, LibraryScreen, plural

SESSION = "session"  # our part of the state file (other parts belong to others)
CYCLE = (*STATUSES, None)


def next_status(status: str | None) -> str | None:
    """to-read → reading → read → none → to-read."""
    return CYCLE[(CYCLE.index(status) + 1) % len(CYCLE)] if status in CYCLE else CYCLE[0]


class LivingScreen(LibraryScreen):
    """Actions on the paper under the cursor that write the user's layer."""

    @dataclass
    class LibraryChanged(Message):
        """A write of the user's layer finished: ``line`` says what it did, or
        ``error`` why nothing was written."""

        line: str
        error: str | None = None
        title: str = "Saved"

    @dataclass
    class KeysLearned(Message):
        """Every paper's citation key, and the source files that are sample pages."""

        keys: dict[str, str]
        samples: set[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys: dict[str, str] = {}
        self.sample_files: set[str] = set()
        self.remembered = section(load_state(), SESSION)
        # Papers added after this were not there when the app was last closed.
        closed = self.remembered.get("closed_at")
        self.last_visit = closed if isinstance(closed, str) else ""
        paper = self.remembered.get("paper")
        self.pending_cursor: str | None = paper if isinstance(paper, str) else None
        self._restored = False
        self._cursor_id: str | None = None  # the paper under the cursor (kept for quitting)
        self._pending_sort: str | None = None

    # What the subclass draws; the stubs keep this class usable on its own.
    def set_sort(self, sort: str) -> None:
        """Sort the list (the subclass)."""

    def set_query(self, text: str) -> None:
        """Search (the subclass)."""

    def go_to_author(self, key: str, jump: bool = True) -> bool:
        """Show one author's papers (the subclass); False when there is no such author."""
        return False

    @property
    def current_paper(self) -> LibraryPaper | None:
        return self.query_one(PaperList).current

    # -- after each read of the library --------------------------------------------------

    def on_library_screen_library_loaded(self, event: LibraryScreen.LibraryLoaded) -> None:
        """Runs after the subclass's handler (Textual calls each class's in turn)."""
        if not event.snapshot.complete:
            return
        self.query_one(PaperList).new_since = self.last_visit
        if not self._restored:
            self._restored = True
            self._restore_session()
        elif not self.browse.has_query:
            self._take_pending_cursor()
        self.learn_keys()

    def on_library_screen_search_finished(self, event: LibraryScreen.SearchFinished) -> None:
        if self._pending_sort is not None:
            sort, self._pending_sort = self._pending_sort, None
            self.set_sort(sort)
        self._take_pending_cursor()

    def _take_pending_cursor(self) -> None:
        pid, self.pending_cursor = self.pending_cursor, None
        if pid is not None:
            self.query_one(PaperList).select_paper(pid)

    def _restore_session(self) -> None:
        """Sort, author, search and cursor as the app was left (the theme at mount)."""
        saved = self.remembered
        sort, author, query = saved.get("sort"), saved.get("author"), saved.get("query")
        if isinstance(author, str) and author:
            self.go_to_author(author)
        if isinstance(query, str) and query.strip():
            if isinstance(sort, str):
                self._pending_sort = sort  # after the results: free text sorts by relevance
            self.query_one(SearchBar).input.value = query
            self.set_query(query)
        else:
            if isinstance(sort, str) and sort in ("year", "title", "score", "venue"):
                self.set_sort(sort)
            self._take_pending_cursor()

    def on_paper_list_paper_highlighted(self, event: PaperList.PaperHighlighted) -> None:
        if event.paper is not None:
            self._cursor_id = event.paper.id

    def on_resize(self, event: events.Resize) -> None:
        # The footer also names the status/tags/note keys: narrow, it drops its padding
        # so that Quit and Help stay on it.
        for footer in self.query(Footer):
            footer.compact = self.size.width < 100

    def on_mount(self) -> None:
        theme = self.remembered.get("theme")
        if isinstance(theme, str) and theme in self.app.available_themes:
            self.app.theme = theme

    def on_unmount(self) -> None:
        self.remember_place()

    def remember_place(self) -> None:
        """Keep where the user is for the next start (outside the library)."""
        author = self.browse.author
        session = {
            "sort": self.browse.sort,
            "query": self.browse.query_text,
            "author": author.key if author else None,
            # a cursor not put back yet (the app closed while reading) is kept as it was
            "paper": self.pending_cursor or self._cursor_id,
            "theme": self.app.theme,
            "closed_at": now_stamp(),  # the library's stamp: compared with added_at
        }
        save_state({**load_state(), SESSION: session})

    @work(thread=True, exclusive=True, group="keys")
    def learn_keys(self) -> None:
        """Every key (unique over the library: a second at 100,000 papers)."""
        with self.write_lock:
            keys = annotate.library_keys(self.library)
            samples = annotate.sample_files(self.library)
        self.post_message(self.KeysLearned(keys, samples))

    def on_living_screen_keys_learned(self, event: KeysLearned) -> None:
        self.keys = event.keys
        self.sample_files = event.samples
        reader = self.query_one(PaperReader)
        reader.keys = event.keys
        reader.redraw()
        if getattr(self.app, "first_run", False) and event.samples:
            self.app.first_run = False  # type: ignore[attr-defined]  # (the app's flag)
            self._tell_samples()

    def _tell_samples(self) -> None:
        self.notify(
            "The papers come from bundled sample pages. To remove them: D on one of "
            "them, or `paperscope remove --source samples`; Ctrl+Z undoes.",
            title="Sample pages",
            timeout=12,
        )

    # -- writing ---------------------------------------------------------------------------

    def write(self, change: Callable[[], str], title: str = "Saved") -> None:
        """Run ``change`` (a call to the core returning what it did) in a worker;
        the cursor stays on its paper through the reload."""
        paper = self.current_paper
        if self.pending_cursor is None:
            # An empty list (everything removed): the last paper the cursor was on,
            # so that undo puts the cursor back on it.
            self.pending_cursor = paper.id if paper is not None else self._cursor_id
        self._write(change, title)

    @work(thread=True, group="living")
    def _write(self, change: Callable[[], str], title: str) -> None:
        try:
            with self.write_lock:
                line = change()
        except LibraryError as exc:  # AnnotateError, NothingToDo, a busy library…
            self.post_message(self.LibraryChanged("", str(exc)))
            return
        self.post_message(self.LibraryChanged(line, title=title))

    def on_living_screen_library_changed(self, event: LibraryChanged) -> None:
        if event.error is not None:
            self.pending_cursor = None
            self.notify(printable(event.error, NOTE_TEXT), severity="warning", markup=False)
            return
        self.load_library("refresh")
        self.compact_if_due()
        if event.line:
            self.notify(printable(event.line, NOTE_TEXT), title=event.title, markup=False)

    def _paper(self, what: str) -> LibraryPaper | None:
        paper = self.current_paper
        if paper is None:
            self.notify(f"No paper to {what}.", severity="warning")
        return paper

    def _named(self, paper: LibraryPaper) -> str:
        return f"“{printable(paper.title, 60)}”"

    # -- status, tags, note, corrections ------------------------------------------------------

    def _targets(self, paper: LibraryPaper) -> list[str]:
        """The marked papers when the cursor is on one of several marked ones (as a
        selection is exported, it is tagged or given a status at once), else the
        paper under the cursor."""
        marked = self.marks.marked
        if paper.id in marked and len(marked) > 1:
            return sorted(marked)
        return [paper.id]

    def action_cycle_status(self) -> None:
        if (paper := self._paper("give a status")) is None:
            return
        lib, pid, named = self.library, paper.id, self._named(paper)
        targets = self._targets(paper)

        def change() -> str:
            now = lib.get(pid)
            # the paper under the cursor leads: the others follow it
            status = next_status(now.layer.status if now else None)
            ids = [i for i in targets if lib.get(i) is not None]  # (none removed meanwhile)
            annotate.set_status(lib, ids, status)
            who = named if len(ids) == 1 else plural(len(ids), "marked paper")
            return f"{who}: {status or 'no status'}"

        self.write(change, "Status")

    def action_tag(self) -> None:
        if (paper := self._paper("tag")) is None:
            return
        from .tags import TagScreen

        lib, pid, named = self.library, paper.id, self._named(paper)
        targets = self._targets(paper)

        def answered(words: tuple[list[str], list[str]] | None) -> None:
            if words is None:
                return
            add, drop = words

            def change() -> str:
                ids = [i for i in targets if lib.get(i) is not None]
                annotate.tag(lib, ids, add, drop)
                if len(ids) > 1:
                    said = " ".join([*(f"+{t}" for t in add), *(f"-{t}" for t in drop)])
                    return f"{plural(len(ids), 'marked paper')}: {said}"
                now = lib.get(pid)
                tags = " ".join(f"#{t}" for t in now.layer.tags) if now else ""
                return f"{named}: {tags or 'no tags'}"

            self.write(change, "Tags")

        if len(targets) > 1:
            counts: dict[str, int] = {}
            for i in targets:
                if (p := self.library.get(i)) is not None:
                    for t in p.layer.tags:
                        counts[t] = counts.get(t, 0) + 1
            screen = TagScreen(
                plural(len(targets), "marked paper"), tuple(counts), counts=counts, group=True
            )
        else:
            screen = TagScreen(paper.title, paper.layer.tags)
        self.app.push_screen(screen, callback=answered)

    def action_note(self) -> None:
        if (paper := self._paper("write a note on")) is None:
            return
        from .note import NoteScreen

        lib, pid, named = self.library, paper.id, self._named(paper)

        def answered(text: str | None) -> None:
            if text is None:
                return

            def change() -> str:
                annotate.set_note(lib, pid, text)
                return f"Note on {named} saved" if text.strip() else f"Note on {named} removed"

            self.write(change, "Note")

        self.app.push_screen(NoteScreen(paper.title, paper.layer.note), callback=answered)

    def action_edit_paper(self) -> None:
        if (paper := self._paper("correct")) is None:
            return
        from .edit import EditScreen

        lib, pid = self.library, paper.id

        def answered(fields: dict[str, str] | None) -> None:
            if not fields:
                return

            def change() -> str:
                annotate.edit(lib, pid, **fields)
                return f"Corrected {', '.join(fields)} (v shows what the pages say)"

            self.write(change, "Corrected")

        choices = annotate.split_choices(paper)
        self.app.push_screen(EditScreen(paper, choices), callback=answered)

    def action_toggle_source_values(self) -> None:
        reader = self.query_one(PaperReader)
        reader.sources_shown = not reader.sources_shown
        reader.redraw()

    # -- keys --------------------------------------------------------------------------------

    def action_copy_key(self) -> None:
        if (paper := self._paper("copy")) is None or self._still_reading():
            return
        self.copy_key(paper)

    @work(thread=True, group="copy")
    def copy_key(self, paper: LibraryPaper) -> None:
        with self.write_lock:
            key = annotate.library_keys(self.library).get(paper.id)
            pinned = annotate.pin_exported(self.library, {paper.id: key}) if key else 0
        if key is None:
            return
        self.app.call_from_thread(self.app.copy_to_clipboard, key)
        line = f"{key} copied to the clipboard (OSC 52); it stays this paper's key."
        if pinned:  # read the library again: the reader shows the key as pinned
            self.post_message(self.LibraryChanged(line, title="Key copied"))
        else:
            self.app.call_from_thread(self.notify, line, title="Key copied", markup=False)

    def exported_papers(self, papers: list[LibraryPaper]) -> None:
        """Papers that left the app (export, copied BibTeX): their keys are pinned."""
        self.pin_keys([p.id for p in papers])

    @work(thread=True, group="living")
    def pin_keys(self, ids: list[str]) -> None:
        try:
            with self.write_lock:
                keys = annotate.library_keys(self.library)
                pinned = annotate.pin_exported(
                    self.library, {pid: keys[pid] for pid in ids if pid in keys}
                )
        except LibraryError as exc:
            self.post_message(self.LibraryChanged("", f"Keys not pinned: {exc}"))
            return
        if pinned:
            self.post_message(self.LibraryChanged(""))

    def _copied(self, paper: LibraryPaper, text: str) -> None:
        super()._copied(paper, text)
        self.exported_papers([paper])

    # -- removal, undo -----------------------------------------------------------------------

    def _ask(self, question: str, yes: str, then: Callable[[], None]) -> None:
        def answered(ok: bool | None) -> None:
            if ok:
                then()

        self.app.push_screen(ConfirmScreen(question, yes=yes, no="Keep"), callback=answered)

    def _below(self, gone: Callable[[LibraryPaper], bool]) -> str | None:
        """The paper the cursor goes to when the ones ``gone`` says leave the list."""
        papers = self.query_one(PaperList).papers
        cursor = self.query_one(PaperList).cursor
        after = [p for p in papers[cursor:] if not gone(p)]
        before = [p for p in reversed(papers[:cursor]) if not gone(p)]
        nearest = after or before
        return nearest[0].id if nearest else None

    def action_remove_paper(self) -> None:
        if (paper := self._paper("remove")) is None or self._still_reading():
            return
        lib, pid, named = self.library, paper.id, self._named(paper)

        def remove() -> None:
            self.pending_cursor = self._below(lambda p: p.id == pid)

            def change() -> str:
                annotate.remove(lib, [pid])
                return f"Removed {named} (Ctrl+Z undoes)"

            self.write(change, "Removed")

        self._ask(f"Remove {named} from the library?", "Remove", remove)

    def action_remove_page(self) -> None:
        if (paper := self._paper("remove")) is None or self._still_reading():
            return
        if not paper.sources:
            self.notify("This paper has no source page.", severity="warning")
            return
        lib = self.library
        samples = {s.file for s in paper.sources} & self.sample_files
        if samples:
            files, name, what = self.sample_files, annotate.SAMPLES, "the bundled sample pages"
        else:
            source = paper.sources[0]
            files, name = {source.file}, source.file
            what = f"the page {printable(source.name, 80)}"
        snapshot = self.browse.snapshot
        papers = snapshot.papers if snapshot else []
        brought = [p for p in papers if any(s.file in files for s in p.sources)]
        only = {p.id for p in brought if all(s.file in files for s in p.sources)}

        def remove() -> None:
            self.pending_cursor = self._below(lambda p: p.id in only)

            def change() -> str:
                gone, kept = annotate.remove_source(lib, name)
                line = f"Removed {plural(gone, 'paper')} of {what}"
                if kept:
                    line += f"; {plural(kept, 'paper')} seen elsewhere kept"
                return line + " (Ctrl+Z undoes)"

            self.write(change, "Removed")

        question = (
            f"Remove everything {what} brought? {plural(len(only), 'paper')} leave the "
            f"library; {len(brought) - len(only)} also seen on other pages stay."
        )
        self._ask(question, "Remove", remove)

    @work(thread=True, group="history")
    def action_history(self) -> None:
        from .history import HistoryScreen

        with self.write_lock:  # (the history may be megabytes: not in the UI thread)
            lines = annotate.history_lines(self.library)
        self.app.call_from_thread(self.app.push_screen, HistoryScreen(lines))

    def action_undo(self) -> None:
        self._step(back=True)

    def action_redo(self) -> None:
        self._step(back=False)

    def _step(self, back: bool) -> None:
        if self.marks.writing:  # the marks just made are the change to undo: let them land
            self.set_timer(0.05, lambda: self._step(back))
            return
        lib = self.library

        def change() -> str:
            return f"{'Undone' if back else 'Redone'}: {lib.undo() if back else lib.redo()}"

        self.write(change, "Undo" if back else "Redo")
