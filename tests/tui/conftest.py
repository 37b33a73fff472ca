"""Fixtures for the app's tests: a seeds library per test, built once and copied."""

from __future__ import annotations

import asyncio
import inspect
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


@pytest.fixture(scope="session")
def seed_library_file(tmp_path_factory) -> Path:
    from tui.states import build_demo_library

    return build_demo_library(tmp_path_factory.mktemp("seedlib"), SEEDS, SEEDS_SAVED)


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
