"""The app's session, kept outside the library: what to put back on the next start
(sort, search, author, cursor, theme) and when the app was last closed.

A JSON file in the platform's state directory (``$PAPERSCOPE_STATE_DIR`` overrides
it). It is only a convenience: a damaged, foreign or newer file is ignored (the app
starts fresh), and a write that fails is dropped, never reported as an error.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

ENV_STATE_DIR = "PAPERSCOPE_STATE_DIR"
VERSION = 1
MAX_BYTES = 1 << 20  # a state file is a few hundred bytes: anything this big is not ours


def state_path() -> Path:
    env = os.environ.get(ENV_STATE_DIR)
    folder = Path(env).expanduser() if env else platformdirs.user_state_path("paperscope")
    return folder / "state.json"


def load_state() -> dict[str, Any]:
    """The saved state, or ``{}`` when there is none or it is not a state we wrote."""
    path = state_path()
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        return {}
    return doc


def save_state(state: dict[str, Any]) -> bool:
    """Write ``state`` atomically (a temp file renamed over the old one)."""
    path = state_path()
    doc = {**state, "version": VERSION}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".state-", suffix=".json", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False, indent=1)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError):
        return False
    return True


def section(state: dict[str, Any], name: str) -> dict[str, Any]:
    """One part of the state (e.g. ``"session"``), ``{}`` when absent or not a dict."""
    part = state.get(name)
    return part if isinstance(part, dict) else {}
