"""What the app remembers between runs that is not part of the library (the last export
path and format, the search history): one small JSON file in the user state dir.

Losing it costs a convenience, never data, so a damaged, foreign or unreadable
file reads as empty and is replaced at the next save. Each front end keeps its
keys under its own name (``"export"``, ``"search_history"``) and saves the
whole dict it loaded, so one part's save keeps the others' keys.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

ENV_STATE_DIR = "PAPERSCOPE_STATE_DIR"
STATE_FILE = "state.json"
VERSION = 1


def state_path() -> Path:
    """``state.json`` in ``$PAPERSCOPE_STATE_DIR``, else in the platform's user state dir."""
    env = os.environ.get(ENV_STATE_DIR)
    folder = Path(env).expanduser() if env else platformdirs.user_state_path("paperscope")
    return folder / STATE_FILE


def load_state() -> dict[str, Any]:
    """The saved state, or ``{"version": VERSION}`` when there is none or it is damaged."""
    try:
        data = json.loads(state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable, not UTF-8, not JSON
        return {"version": VERSION}
    if not isinstance(data, dict) or not isinstance(data.get("version", VERSION), int):
        return {"version": VERSION}
    if data.get("version", VERSION) > VERSION:
        # Written by a newer PaperScope: its keys may mean something else; start empty.
        return {"version": VERSION}
    data["version"] = VERSION
    return data


def save_state(state: dict[str, Any]) -> None:
    """Write ``state`` atomically (temp file, fsync, rename): a crash leaves the old file.

    Errors (a read-only home, a full disk) are swallowed: remembering is a convenience.
    """
    path = state_path()
    data = json.dumps({**state, "version": VERSION}, ensure_ascii=False, indent=1)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def update_state(key: str, value: Any) -> None:
    """Set one top-level key, keeping every other (read just before writing)."""
    state = load_state()
    state[key] = value
    save_state(state)
