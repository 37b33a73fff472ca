"""Where the library, the app's session state and the bundled sample pages live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_DB = "PAPERSCOPE_DB"
ENV_STATE = "PAPERSCOPE_STATE_DIR"


def default_db_path() -> Path:
    """``$PAPERSCOPE_DB`` if set, else ``library.json`` in the user data dir."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path("paperscope", appauthor=False) / "library.json"


def state_dir() -> Path:
    """``$PAPERSCOPE_STATE_DIR`` if set, else the platform's user state directory
    (``~/.local/state/paperscope`` on Linux): what the app remembers between runs,
    kept apart from the library (it is not data, and a backup of the library need
    not carry it)."""
    env = os.environ.get(ENV_STATE)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_state_path("paperscope", appauthor=False)


def resolve_db(path: str | os.PathLike | None) -> Path:
    return Path(path).expanduser() if path else default_db_path()


def seeds_dir() -> Path | None:
    """The bundled sample pages: in the wheel, or beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_seeds", here.parent / "seeds"):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    return None


def seed_files() -> list[Path]:
    folder = seeds_dir()
    return sorted(folder.glob("*.txt")) if folder else []
