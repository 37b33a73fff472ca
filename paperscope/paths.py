"""Where the library, the app's session state and the bundled sample pages live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from .library.files import check_db_path

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
    """The library a front end was given (``--db``), or the default; refuses at once
    what cannot be a library (see ``check_db_path``)."""
    if path is None:
        return default_db_path()
    db = Path(path).expanduser() if os.fspath(path) else Path("")
    check_db_path(db)
    return db


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
