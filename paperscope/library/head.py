"""The head: the first screenful, so the app can draw before the library is read.

Every file carries a ``head`` table: the ids of the first papers of the library
in its default order (newest year first, then title) as they are at this
write, the count, and documents. The main file holds every head document; a
segment only those of head papers it changed (a mark is a few hundred bytes,
not a screenful of abstracts), so the head is the main file's documents with
each live segment's over them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .files import head_line_tables
from .journal import (
    committed_segments,
    generation,
    library_id,
    read_manifest,
    segment_base,
    segment_info,
    segments,
)

HEAD_SIZE = 120  # papers: more rows than a tall terminal shows at once


def head_table(total: int, ids: list[str], docs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"1": {"papers": total, "ids": ids, "docs": docs}}


def head_ids(tables: dict[str, Any]) -> list[str] | None:
    """The ids a file's head lists (files before segments held only changes: docs)."""
    head = (tables.get("head") or {}).get("1") or {}
    if not isinstance(head, dict):
        return None
    ids = head.get("ids")
    if ids is None and isinstance(head.get("docs"), list):
        ids = [d.get("id") if isinstance(d, dict) else None for d in head["docs"]]
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        return None
    return ids


def _first_line_tables(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as fh:
            line = fh.readline()
    except OSError:
        return None
    return head_line_tables(line)


def read_head(path: Path) -> dict[str, Any] | None:
    """``{"papers": total, "docs": [...]}`` as the library's newest files wrote it, or
    None when there is none to trust (no file, another layout, an older version, a
    file that is not the manifest's). Reads the first line of each live file."""
    try:
        manifest = read_manifest(path)
    except Exception:  # noqa: BLE001 (a preview only: the full read says what is wrong)
        return None
    tables = _first_line_tables(path)
    if tables is None:
        return None
    if manifest is not None:
        if (library_id(tables), generation(tables)) != (manifest.library, manifest.generation):
            return None
        files = committed_segments(path, manifest)
        if set(segments(path)) - set(files):
            return None  # leftovers of an unfinished write: let the full read settle it
    else:
        files = committed_segments(path, None)[-1:]  # then each segment held a full head
    docs: dict[str, dict[str, Any]] = {}
    latest = tables
    for seg in [None, *files]:
        if seg is not None:
            got = _first_line_tables(seg)
            if got is None or segment_base(got) != generation(tables):
                return None
            if manifest is not None and segment_info(got).get("library") != manifest.library:
                return None
            latest = got
        head = (latest.get("head") or {}).get("1")
        if not isinstance(head, dict) or not isinstance(head.get("docs"), list):
            return None
        for d in head["docs"]:
            if isinstance(d, dict) and isinstance(d.get("id"), str):
                docs[d["id"]] = d
    ids = head_ids(latest)
    total = ((latest.get("head") or {}).get("1") or {}).get("papers")
    if ids is None or not isinstance(total, int) or not all(i in docs for i in ids):
        return None
    return {"papers": total, "docs": [docs[i] for i in ids]}
