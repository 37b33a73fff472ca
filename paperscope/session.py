"""What the app remembers between runs: a small key/value JSON file, not the library.

``session.json`` in the state directory (:func:`paperscope.paths.state_dir`)::

    {"version": 1, "search_history": ["sparse", "au:lin year:2023"]}

One object of keys and JSON values, with a version. A front end reads the
keys it knows with :meth:`Session.get` (a value of another type than the
default reads as the default) and sets them with :meth:`Session.set`; a new
key needs nothing here. The file is read whole and written whole, atomically
(temp file, fsync, rename), and only the keys this process changed are
written over what is on disk then, so two apps open at once keep each
other's other keys.

The session is a convenience: a missing, unreadable, damaged or oversized file
is ignored (the app starts with nothing remembered) and never a crash; a file
of a newer version is ignored and never overwritten. Saving says why it
failed instead of raising.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path
from typing import Any, TypeVar

from .paths import state_dir

VERSION = 1
FILE_NAME = "session.json"
MAX_BYTES = 1 << 20  # a bigger file is not one this module wrote

HISTORY_KEY = "search_history"
HISTORY_LIMIT = 200  # queries kept, the newest last
HISTORY_TEXT = 500  # characters of one query kept (a paste can be anything)

T = TypeVar("T")


def session_path() -> Path:
    return state_dir() / FILE_NAME


def _read(path: Path) -> tuple[dict[str, Any], bool]:
    """The values in ``path`` and whether this version may write it: ({}, True) for a
    missing or damaged file, ({}, False) for one of a newer version."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError:
        return {}, True
    if len(raw) > MAX_BYTES:
        return {}, True
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # damaged, or not UTF-8
        return {}, True
    if not isinstance(data, dict):
        return {}, True
    version = data.get("version")
    if type(version) is not int:
        return {}, True
    if version > VERSION:
        return {}, False
    values = dict(data)
    values.pop("version")
    return values, True


def _write(path: Path, values: dict[str, Any]) -> None:
    data = json.dumps({"version": VERSION, **values}, ensure_ascii=False, indent=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(data + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class Session:
    """The remembered values; safe to change on one thread and save on another."""

    def __init__(self, path: Path, values: dict[str, Any] | None = None, writable: bool = True):
        self.path = path
        self.values: dict[str, Any] = dict(values or {})
        # False when the file is of a newer version: what it holds is not ours to replace.
        self.writable = writable
        self._changed: set[str] = set()
        self._lock = threading.Lock()  # values and _changed
        self._write_lock = threading.Lock()  # one save at a time

    @classmethod
    def load(cls, path: Path | None = None) -> Session:
        path = path if path is not None else session_path()
        values, writable = _read(path)
        return cls(path, values, writable)

    def get(self, key: str, default: T) -> T:
        """The value of ``key``, or ``default`` when it is missing or not of its type."""
        with self._lock:
            value = self.values.get(key, default)
        if type(default) is bool or type(value) is bool:  # bool is an int: keep them apart
            return value if type(value) is type(default) else default
        return value if isinstance(value, type(default)) else default

    def set(self, key: str, value: Any) -> None:
        """Remember ``value`` (JSON: str, int, float, bool, None, lists and dicts of them)."""
        if key == "version":
            raise ValueError("'version' is the file's, not a value")
        json.dumps(value)  # refuse what could not be saved, here rather than at save time
        with self._lock:
            self.values[key] = value
            self._changed.add(key)

    @property
    def dirty(self) -> bool:
        return bool(self._changed)

    def save(self) -> str | None:
        """Write the changed keys over the file as it is now; None when saved (or
        nothing changed), else why not, in one line."""
        if not self.writable:
            return f"{self.path} is from a newer PaperScope: left as it is"
        with self._write_lock:
            with self._lock:
                changed = {k: self.values[k] for k in self._changed}
                self._changed.clear()
            if not changed:
                return None
            on_disk, writable = _read(self.path)
            if not writable:
                self.writable = False
                return f"{self.path} is from a newer PaperScope: left as it is"
            try:
                _write(self.path, {**on_disk, **changed})
            except (OSError, ValueError) as exc:
                with self._lock:  # try again at the next save
                    self._changed.update(k for k in changed if k not in self._changed)
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                return f"could not save the session in {self.path}: {reason}"
        return None

    # -- the search history -----------------------------------------------------------

    def search_history(self) -> list[str]:
        """Queries searched before, oldest first."""
        stored: list[object] = self.get(HISTORY_KEY, [])
        return [q for q in stored if isinstance(q, str) and q.strip()]

    def remember_query(self, text: str) -> bool:
        """Put ``text`` at the end of the search history (once: an earlier copy goes);
        False when there was nothing to change."""
        text = text.strip()[:HISTORY_TEXT]
        history = self.search_history()
        if not text or (history and history[-1] == text):
            return False
        history = [q for q in history if q != text]
        history.append(text)
        self.set(HISTORY_KEY, history[-HISTORY_LIMIT:])
        return True


# -- the whole state at once, for a front end that keeps a sub-dict of its own ----------


def state_path() -> Path:
    return session_path()


def load_state() -> dict[str, Any]:
    """Every remembered value, with the version (``{"version": 1}`` when none)."""
    values, _ = _read(session_path())
    return {"version": VERSION, **values}


def save_state(state: dict[str, Any]) -> bool:
    """Remember ``state``'s keys (over the others on disk); False when it could not be
    saved (never raised: remembering is a convenience)."""
    session = Session.load()
    for key, value in state.items():
        if key != "version":
            session.set(key, value)
    return session.save() is None


def section(state: dict[str, Any], name: str) -> dict[str, Any]:
    """One part of the state (e.g. ``"session"``), ``{}`` when absent or not a dict."""
    part = state.get(name)
    return part if isinstance(part, dict) else {}
