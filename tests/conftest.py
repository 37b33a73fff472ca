"""Shared fixtures. No test may touch the user's real library: every test gets its own."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Fuzz and crash budgets. CI runs the default (seeded, derandomised, bounded);
# PAPERSCOPE_FUZZ_SCALE=20 (say) multiplies every example count and kill count
# and lets hypothesis explore new random inputs: the nightly-style run.
FUZZ_SCALE = max(1, int(os.environ.get("PAPERSCOPE_FUZZ_SCALE", "1") or 1))
settings.register_profile("paperscope", derandomize=FUZZ_SCALE == 1, print_blob=True)
settings.load_profile("paperscope")


def budget(n: int) -> int:
    """How many examples / kills a fuzz or crash test runs."""
    return n * FUZZ_SCALE


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
    monkeypatch.setenv("PAPERSCOPE_STATE_DIR", str(home / "state"))
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
