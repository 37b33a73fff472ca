"""Fixtures for the app's tests: a seeds library per test, built once and copied."""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEEDS, SEEDS_SAVED


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


def _build_seed_library(folder: Path) -> Path:
    """Import copies of the seeds saved on SEEDS_SAVED (year-less dates depend on it)."""
    from paperscope.store import Library

    pages = folder / "pages"
    pages.mkdir()
    stamp = dt.datetime.combine(SEEDS_SAVED, dt.time(12)).timestamp()
    files = []
    for seed in SEEDS:
        copy = pages / seed.name
        shutil.copyfile(seed, copy)
        os.utime(copy, (stamp, stamp))
        files.append(copy)
    path = folder / "lib.json"
    reports = Library.open(path).import_files(files)
    assert all(r.ok for r in reports)
    return path


@pytest.fixture(scope="session")
def seed_library_file(tmp_path_factory) -> Path:
    return _build_seed_library(tmp_path_factory.mktemp("seedlib"))


@pytest.fixture
def library_path(tmp_path, seed_library_file) -> Path:
    """A fresh copy of the seeds library for one test."""
    path = tmp_path / "library.json"
    shutil.copyfile(seed_library_file, path)
    return path


@pytest.fixture
def app(library_path, monkeypatch, tmp_path):
    from tui.app import create_app

    monkeypatch.chdir(tmp_path)  # exports land in the test's folder
    return create_app(library_path)
