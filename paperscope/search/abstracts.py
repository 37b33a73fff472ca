"""Abstract words -> papers: SQLite FTS5 where present, a scan otherwise."""

from __future__ import annotations

import sqlite3
import threading
from bisect import bisect_right

from . import tuning
from .bits import pack, to_bits, to_ids
from .text import fold


class Abstracts:
    """Which abstracts have a word (or a word starting with a prefix)."""

    def __init__(self, abstracts: tuple[str, ...]) -> None:
        self._lock = threading.Lock()
        self._n = len(abstracts)
        self._cache: dict[tuple[str, bool], int] = {}
        self._db: sqlite3.Connection | None = None
        self._abstracts = abstracts
        self._folded: dict[int, str] = {}
        self._text = ""
        self._starts: list[int] = []
        try:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            # detail=none: only which rows have a word (half the build time of the
            # default); no prefix index: it doubles the build and barely speeds queries.
            # content='': the index only, not a second copy of every abstract.
            db.execute(
                "CREATE VIRTUAL TABLE a USING fts5(body, detail=none, content='', "
                "tokenize='unicode61 remove_diacritics 2')"
            )
            # Text that is not ASCII goes in as UTF-8 bytes (FTS5 reads them as text):
            # binding a str would keep a UTF-8 copy inside it for good (CPython).
            db.executemany(
                "INSERT INTO a(rowid, body) VALUES (?, ?)",
                ((i, a if a.isascii() else a.encode()) for i, a in enumerate(abstracts) if a),
            )
            self._db = db
        except sqlite3.Error:  # no FTS5 in this SQLite: scan one big folded string
            folded = [fold(a) for a in abstracts]
            self._text = "\x00".join(folded)
            pos = 0
            for a in folded:
                self._starts.append(pos)
                pos += len(a) + 1

    def find(self, term: str, prefix: bool) -> int:
        key = (term, prefix)
        found = self._cache.get(key)
        if found is not None:
            return found
        if self._db is not None:
            match = '"' + term.replace('"', "") + '"' + ("*" if prefix else "")
            flags = bytearray(self._n)
            with self._lock:
                for (i,) in self._db.execute("SELECT rowid FROM a WHERE a MATCH ?", (match,)):
                    flags[i] = 1
            found = pack(flags)
        else:
            found = to_bits(self._scan(term, prefix), self._n)
        if len(self._cache) > 256:
            self._cache.clear()
        self._cache[key] = found
        return found

    def find_among(self, words: list[tuple[str, bool]], ids: int) -> int:
        """Of papers ``ids`` (few), those whose abstract has any of ``words`` ((word,
        prefix) pairs): their abstracts are scanned as ``_scan`` does, each folded once
        (and kept folded a while: the next keystroke looks at the same papers)."""
        found = 0
        todo = []
        for term, prefix in words:
            cached = self._cache.get((term, prefix))
            if cached is not None:
                found |= cached & ids
            else:
                todo.append((term, prefix))
        if not todo:
            return found
        rest = to_ids(ids & ~found)
        folded, abstracts = self._folded, self._abstracts
        if len(folded) + len(rest) > 4 * max(
            tuning.NARROW_MIN, len(abstracts) * tuning.NARROW_SHARE
        ):
            folded.clear()
        more = []
        for i in rest:
            text = folded.get(i)
            if text is None:
                text = folded[i] = fold(abstracts[i] or "")
            if any(_has_word(text, term, prefix) for term, prefix in todo):
                more.append(i)
        return found | to_bits(more, self._n) if more else found

    def _scan(self, term: str, prefix: bool) -> set[int]:
        text, starts, find = self._text, self._starts, self._text.find
        found: set[int] = set()
        pos = find(term)
        while pos >= 0:
            k = bisect_right(starts, pos) - 1
            end = pos + len(term)
            if (pos == starts[k] or not text[pos - 1].isalnum()) and (
                prefix or end == len(text) or not text[end].isalnum()
            ):
                found.add(k)
                pos = find(term, starts[k + 1] if k + 1 < len(starts) else len(text))
            else:
                pos = find(term, pos + 1)
        return found


def _has_word(text: str, term: str, prefix: bool) -> bool:
    """Whether folded ``text`` has the word ``term`` (or a word starting with it)."""
    find, n = text.find, len(term)
    pos = find(term)
    while pos >= 0:
        end = pos + n
        if (pos == 0 or not text[pos - 1].isalnum()) and (
            prefix or end == len(text) or not text[end].isalnum()
        ):
            return True
        pos = find(term, pos + 1)
    return False
