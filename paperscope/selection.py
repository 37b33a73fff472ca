"""Use case: which papers a command or a key acts on — a query, the marks, or all.

Both front ends call this, so ``export --query``, ``list --query`` and the app's
search read a query by one rule (an error in it is refused, never "everything").
"""

from __future__ import annotations

from .records import LibraryPaper
from .search import SearchIndex, parse_query
from .store import Library


class QueryError(ValueError):
    """The query cannot be read (one line, naming what is wrong)."""


def query_papers(lib: Library, text: str) -> list[LibraryPaper]:
    """The papers matching ``text``, best first."""
    q = parse_query(text)
    if q.errors:
        raise QueryError(q.errors[0])
    return [h.paper for h in SearchIndex(lib.papers()).search(q)]


def select_papers(
    lib: Library, *, query: str | None = None, marked: bool = False, everything: bool = False
) -> tuple[list[LibraryPaper], str]:
    """The chosen papers and, for an empty choice, why it is empty (for one line)."""
    if everything:
        return lib.papers(), "the library is empty"
    if marked:
        return lib.marked(), "no papers are marked"
    if query is None:
        raise QueryError("say what to select: a query, the marked papers or all")
    return query_papers(lib, query), f"no papers match {query!r}"
