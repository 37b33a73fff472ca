"""Shared fixtures. No test may touch the user's real library: every test gets its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# The day the bundled seed pages were saved (their year-less dates are in 2026).
SEEDS_SAVED = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _isolated_library(tmp_path_factory, monkeypatch):
    """Point the default library and the user data dir at a temp dir."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("PAPERSCOPE_DB", str(home / "default-library.json"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    return home


@pytest.fixture
def seeds() -> list[Path]:
    return list(SEEDS)


@pytest.fixture
def seed_library(tmp_path):
    """A library built from the five seed pages in a temp dir."""
    from paperscope.store import Library

    lib = Library.open(tmp_path / "lib.json")
    reports = lib.import_files(SEEDS)
    assert all(r.ok for r in reports)
    return lib
