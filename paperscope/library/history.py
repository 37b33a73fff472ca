"""The history of user changes, kept in the library so undo works across restarts.

Two tables of the library file: ``history`` (entry number -> entry) and
``history_state`` (``top``: the last entry in effect; ``end``: the last that can
be redone). A change writes its entry and the new state in the same atomic write
as the change itself (a journal segment carries only the new entry; a main file
the whole, trimmed history). An entry is::

    {"n": 12, "at": "2024-05-01T09:00:00Z", "what": "tag +later on 2 papers",
     "kind": "user" | "marks" | "papers", "before": {...}, "after": {...}}

``user``: paper id -> the user layer document (``{}`` for none), before and after;
``marks``: ``before``/``after`` are ``{"ids": [...], "marked": bool}``;
``papers`` (imports, removals): paper id -> the whole paper document, or None
where the paper did not exist. Undo puts ``before`` back, redo ``after``.

Bound: the last ``MAX_ENTRIES`` entries and at most ``MAX_BYTES`` of them; an
entry larger than that on its own (an import of a very large page) is kept as a
line in the history without what undo needs (``undoable`` false).
"""

from __future__ import annotations

from typing import Any

import orjson

MAX_ENTRIES = 200
MAX_BYTES = 8 << 20


def state(tables: dict[str, Any]) -> tuple[int, int]:
    """(top, end) of the history in ``tables``."""
    doc = (tables.get("history_state") or {}).get("1") or {}
    top, end = doc.get("top", 0), doc.get("end", 0)
    if not isinstance(top, int) or not isinstance(end, int):
        return 0, 0
    return top, end


def entries(tables: dict[str, Any]) -> dict[str, Any]:
    table = tables.get("history")
    if not isinstance(table, dict):
        table = tables["history"] = {}
    return table


def fold(tables: dict[str, Any], segment: dict[str, Any]) -> None:
    """Apply a journal segment's history tables over the library's."""
    if "history" in segment:
        entries(tables).update(segment["history"] or {})
    if "history_state" in segment:
        tables["history_state"] = segment["history_state"]


def make_entry(n: int, at: str, what: str, kind: str, before: Any, after: Any) -> dict[str, Any]:
    entry = {"n": n, "at": at, "what": what, "kind": kind, "before": before, "after": after}
    raw = orjson.dumps(entry)
    if len(raw) > MAX_BYTES:
        return {"n": n, "at": at, "what": what, "kind": kind, "undoable": False}
    # A copy of its own: the papers' lists and records it was made from live on.
    detached: dict[str, Any] = orjson.loads(raw)
    return detached


def trim(tables: dict[str, Any]) -> None:
    """Keep the entries the state says are live, within the bound (oldest dropped)."""
    table = entries(tables)
    _, end = state(tables)
    live = sorted((int(k) for k in table if int(k) <= end), reverse=True)[:MAX_ENTRIES]
    kept: dict[str, Any] = {}
    total = 0
    for n in live:
        size = len(orjson.dumps(table[str(n)]))
        if kept and total + size > MAX_BYTES:
            break
        total += size
        kept[str(n)] = table[str(n)]
    tables["history"] = dict(sorted(kept.items(), key=lambda kv: int(kv[0])))


def listing(tables: dict[str, Any]) -> list[tuple[dict[str, Any], bool]]:
    """Every live entry, oldest first, and whether it is in effect (False: undone)."""
    top, end = state(tables)
    table = entries(tables)
    return [(table[k], int(k) <= top) for k in sorted(table, key=int) if int(k) <= end]
