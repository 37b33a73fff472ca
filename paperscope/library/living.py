"""The user's writes: marks, the user's layer, removal, and undo/redo of all of them.

Each is one operation through the writer's one door (``_transact``): under the
lock, on the files as they are now, and written in one atomic file together with
the history entry that says what it did and what undo needs (see ``history``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import orjson

from ..gc_pause import gc_paused
from ..records import LibraryPaper, UserLayer
from . import history
from .converters import paper_from_doc, paper_to_doc
from .files import LibraryError
from .index import _apply_view, now
from .writer import Writer

LayerChange = Callable[[LibraryPaper], UserLayer | None]


def _layer_doc(layer: UserLayer | None) -> dict[str, Any]:
    return layer.to_doc() if layer else {}


class NothingToDo(LibraryError):
    """Nothing to undo or redo (one line)."""


class Living(Writer):
    """The user's writes of ``Library`` (see ``store``)."""

    _shared: dict[str, Any]
    _indexed: bool
    _order: list[LibraryPaper] | None

    # -- the history ------------------------------------------------------------------

    def _record(self, what: str, kind: str, before: Any, after: Any, keys: bool = False) -> None:
        """Add an entry for the change about to be saved (the redo branch ends here)."""
        tables = self._tables
        top, _ = history.state(tables)
        n = top + 1
        with gc_paused():  # an import's entry: thousands of new objects (a full
            # collection over the loaded library would cost more than the copy itself)
            entry = history.make_entry(n, now(), what, kind, before, after)
        if keys:
            entry["keys"] = True
        table = history.entries(tables)
        for k in [k for k in table if int(k) >= n]:  # a new change drops what was undone
            del table[k]
        table[str(n)] = entry
        self._set_state(n, n, {str(n): entry})

    def _set_state(self, top: int, end: int, entries: dict[str, Any] | None = None) -> None:
        state = {"1": {"top": top, "end": end}}
        self._tables["history_state"] = state
        self._history_delta = {"history_state": state, **({"history": entries} if entries else {})}

    def history(self) -> list[tuple[dict[str, Any], bool]]:
        """Every entry kept, oldest first, and whether it is in effect (False: undone)."""
        self.ensure_loaded()
        return history.listing(self._tables)

    def ensure_loaded(self) -> None:
        raise NotImplementedError

    # -- marks and the user's layer -------------------------------------------------------

    def set_marked(self, ids: Iterable[str], marked: bool) -> int:
        """Mark or unmark papers; returns how many changed. One write, one undo step."""
        wanted = list(ids)

        def op() -> int:
            changed = [
                p for i in wanted if (p := self._papers.get(i)) is not None and p.marked != marked
            ]
            for p in changed:
                p.marked = marked
            if changed:
                ids = [p.id for p in changed]
                n = len(ids)
                what = f"{'mark' if marked else 'unmark'} {n} paper{'s' if n != 1 else ''}"
                self._record(
                    what,
                    "marks",
                    {"ids": ids, "marked": not marked},
                    {"ids": ids, "marked": marked},
                )
                self._save(changed)
            return len(changed)

        return self._transact(op)

    def change_layers(
        self,
        ids: Iterable[str],
        change: LayerChange,
        what: str,
        *,
        keys: bool = False,
        undoable: bool = True,
    ) -> int:
        """Give each paper the layer ``change(paper)`` returns; returns how many changed.
        One write and one undo step (``what`` is its line in the history). ``keys``:
        the change sets citation keys (only undoing such a change takes a key back);
        not ``undoable``: no history entry (a key pinned because it left the app)."""
        wanted = list(dict.fromkeys(ids))

        def op() -> int:
            changed: list[LibraryPaper] = []
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}
            for pid in wanted:
                paper = self._papers.get(pid)
                if paper is None:
                    raise LibraryError(f"no paper {pid} in the library")
                new = change(paper) or None
                if new == paper.user:
                    continue
                before[pid], after[pid] = _layer_doc(paper.user), _layer_doc(new)
                self._set_layer(paper, new)
                changed.append(paper)
            if changed:
                if undoable:
                    self._record(what, "user", before, after, keys=keys)
                self._save(changed)
            return len(changed)

        return self._transact(op)

    def _set_layer(self, paper: LibraryPaper, layer: UserLayer | None) -> None:
        old = paper.user.corrections if paper.user else {}
        paper.user = layer or None
        if old != (layer.corrections if layer else {}):
            _apply_view(paper)
            self._indexed = False  # the corrected title is one imports must find
            self._order = None

    def pin_keys(self, keys: dict[str, str]) -> int:
        """Pin citation keys that have left the app (an export): paper id -> key. Papers
        with a pinned key keep theirs. One write; returns how many were pinned."""

        def pin(paper: LibraryPaper) -> UserLayer | None:
            if paper.layer.key or paper.id not in keys:
                return paper.user
            return replace(paper.layer, key=keys[paper.id])

        live = [pid for pid in keys if pid in self._papers]
        n = len(live)
        # Not an undo step: a key that has left the app stays pinned (see _apply).
        return self.change_layers(live, pin, f"pin {n} exported key(s)", undoable=False)

    # -- removal ------------------------------------------------------------------------

    def remove_papers(self, ids: Iterable[str], what: str | None = None) -> int:
        """Remove papers (one write; undo puts them back as they were)."""
        wanted = list(dict.fromkeys(ids))

        def op() -> int:
            gone = [pid for pid in wanted if pid in self._papers]
            if not gone:
                return 0
            before = {pid: paper_to_doc(self._papers[pid]) for pid in gone}
            line = what or f"remove {len(gone)} paper{'s' if len(gone) != 1 else ''}"
            self._record(line, "papers", before, dict.fromkeys(gone))
            self._save((), removed=gone)
            self._indexed, self._order = False, None
            return len(gone)

        return self._transact(op)

    def remove_source(self, matches: Callable[[str, str], bool], name: str) -> tuple[int, int]:
        """Remove what the pages ``matches(file, page_key)`` names brought: a paper seen
        only there goes; one also seen on another page keeps that sighting. Returns
        (papers removed, papers that lost a sighting). One write, one undo step."""

        def op() -> tuple[int, int]:
            gone: list[str] = []
            kept: list[LibraryPaper] = []
            before: dict[str, Any] = {}
            for paper in self._papers.values():
                mine = [s for s in paper.sources if matches(s.file, s.page_key)]
                if not mine:
                    continue
                before[paper.id] = paper_to_doc(paper)
                if len(mine) == len(paper.sources):
                    gone.append(paper.id)
                else:
                    paper.sources = [s for s in paper.sources if s not in mine]
                    _apply_view(paper)
                    kept.append(paper)
            if not before:
                return 0, 0
            after: dict[str, Any] = {p.id: paper_to_doc(p) for p in kept}
            after.update(dict.fromkeys(gone))
            self._record(f"remove the papers of {name}", "papers", before, after)
            self._save(kept, removed=gone)
            self._indexed, self._order = False, None
            return len(gone), len(kept)

        return self._transact(op)

    # -- undo / redo ----------------------------------------------------------------------

    def undo(self) -> str:
        """Undo the last change still in effect; returns its line. One write."""
        return self._step(back=True)

    def redo(self) -> str:
        """Redo the last change undone; returns its line. One write."""
        return self._step(back=False)

    def _step(self, back: bool) -> str:
        def op() -> str:
            top, end = history.state(self._tables)
            n = top if back else top + 1
            entry = history.entries(self._tables).get(str(n))
            if entry is None or not 0 < n <= end:
                raise NothingToDo(f"nothing to {'undo' if back else 'redo'}")
            if entry.get("undoable") is False:
                raise NothingToDo(
                    f"cannot {'undo' if back else 'redo'} {entry['what']!r}: it was too large "
                    f"to keep what undo needs (over {history.MAX_BYTES >> 20} MB)"
                )
            more = None
            if back and entry["kind"] == "papers":
                # What redo needs is the papers as they are now: kept from here (an
                # import's entry holds only what its undo needs, so it stays small).
                papers = self._papers
                after = {
                    pid: paper_to_doc(papers[pid], copy=True) if pid in papers else None
                    for pid in entry["before"]
                }
                entry = history.entries(self._tables)[str(n)] = {**entry, "after": after}
                more = {str(n): entry}
            changed, removed = self._apply(entry, entry["before" if back else "after"])
            self._set_state(n - 1 if back else n, end, more)
            self._save(changed, removed=removed)
            return str(entry["what"])

        return self._transact(op)

    def _apply(self, entry: dict[str, Any], state: Any) -> tuple[list[LibraryPaper], list[str]]:
        """Put the papers as ``state`` (an entry's before or after) says."""
        papers = self._papers
        changed: list[LibraryPaper] = []
        removed: list[str] = []
        if entry["kind"] == "marks":
            for pid in state["ids"]:
                if (paper := papers.get(pid)) is not None and paper.marked != state["marked"]:
                    paper.marked = state["marked"]
                    changed.append(paper)
        elif entry["kind"] == "user":
            for pid, doc in state.items():
                if (paper := papers.get(pid)) is not None:
                    layer = UserLayer.from_doc(doc)
                    key = paper.layer.key
                    if key and not entry.get("keys"):  # a pinned key stays what it is
                        layer = replace(layer or UserLayer(), key=key)
                    self._set_layer(paper, layer)
                    changed.append(paper)
        else:  # papers: whole documents back (a paper's later user changes stay)
            for pid, doc in state.items():
                current = papers.get(pid)
                if doc is None:
                    if current is not None:
                        removed.append(pid)
                    continue
                # a copy: the entry stays as it is, for a redo after this undo
                paper = paper_from_doc(orjson.loads(orjson.dumps(doc)), self._shared)[0]
                if current is not None:
                    paper.user, paper.marked = current.user, current.marked
                    _apply_view(paper)
                papers[pid] = paper
                changed.append(paper)
            self._indexed, self._order = False, None
        return changed, removed
