"""What the app remembers between runs (``paperscope.session``): outside the library,
written atomically, and a damaged file is ignored, never a crash."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from paperscope import paths, session
from paperscope.session import HISTORY_LIMIT, Session


def test_the_state_lives_in_the_state_dir_which_tests_redirect(tmp_path, monkeypatch):
    assert session.session_path() == Path(os.environ["PAPERSCOPE_STATE_DIR"]) / "session.json"
    monkeypatch.setenv("PAPERSCOPE_STATE_DIR", str(tmp_path / "elsewhere"))
    assert session.session_path() == tmp_path / "elsewhere" / "session.json"
    monkeypatch.delenv("PAPERSCOPE_STATE_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    # platformdirs' user state dir: on Linux $XDG_STATE_HOME/paperscope, not the data dir
    assert paths.state_dir().name == "paperscope"
    if sys.platform.startswith("linux"):
        assert paths.state_dir() == tmp_path / "xdg" / "paperscope"


def test_values_round_trip_with_a_version(tmp_path):
    path = tmp_path / "s" / "session.json"
    first = Session.load(path)
    assert first.get("sort", "year") == "year" and not first.dirty
    first.set("sort", "title")
    first.set("panes", {"sidebar": 30})
    assert first.save() is None
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {"version": 1, "sort": "title", "panes": {"sidebar": 30}}
    again = Session.load(path)
    assert again.get("sort", "year") == "title"
    assert again.get("panes", {}) == {"sidebar": 30}
    assert again.get("sort", 0) == 0  # another type than asked for: the default
    assert again.get("missing", True) is True
    with pytest.raises(ValueError):
        again.set("version", 2)
    with pytest.raises(TypeError):
        again.set("path", tmp_path)  # not JSON
    assert [p.name for p in path.parent.iterdir()] == ["session.json"]  # no temp left


def test_two_sessions_keep_each_others_other_keys(tmp_path):
    path = tmp_path / "session.json"
    a, b = Session.load(path), Session.load(path)
    a.set("theme", "dark")
    assert a.save() is None
    b.set("sort", "score")
    assert b.save() is None
    values = Session.load(path)
    assert values.get("theme", "") == "dark" and values.get("sort", "") == "score"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{",
        b'{"version": 1, "search_history": ["a"',  # cut off mid-write by another tool
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"search_history": ["no version"]}',
        b'{"version": "1", "search_history": ["x"]}',
        b'{"version": 1, "search_history": "not a list"}',
        b'{"version": 1, "search_history": [1, null, {"a": 1}, "  "]}',
        b"[" * 100_000 + b"]" * 100_000,  # deeper than the JSON reader goes
        b'{"version": 1, "pad": "' + b"x" * (2 << 20) + b'"}',  # far bigger than ours
    ],
)
def test_a_damaged_file_is_ignored_and_replaced_by_the_next_save(tmp_path, content):
    path = tmp_path / "session.json"
    path.write_bytes(content)
    state = Session.load(path)
    assert state.search_history() == []
    assert state.remember_query("sparse")
    assert state.save() is None
    assert Session.load(path).search_history() == ["sparse"]


def test_a_newer_file_is_neither_read_nor_overwritten(tmp_path):
    path = tmp_path / "session.json"
    newer = b'{"version": 99, "search_history": {"meaning": "changed"}}'
    path.write_bytes(newer)
    state = Session.load(path)
    assert state.search_history() == [] and not state.writable
    state.remember_query("sparse")
    assert "newer" in (state.save() or "")
    assert path.read_bytes() == newer


def test_an_unwritable_state_dir_is_reported_not_raised(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    state = Session.load(blocker / "session.json")
    state.remember_query("sparse")
    reason = state.save()
    assert reason and "could not save" in reason and "\n" not in reason
    assert state.dirty  # kept for the next try


def test_the_search_history_keeps_the_newest_last_once_and_bounded(tmp_path):
    state = Session.load(tmp_path / "session.json")
    for q in ["sparse", "au:lin", "  sparse ", "", "   "]:
        state.remember_query(q)
    assert state.search_history() == ["au:lin", "sparse"]
    assert not state.remember_query("sparse")  # already the newest
    for n in range(HISTORY_LIMIT + 10):
        state.remember_query(f"q{n}")
    history = state.search_history()
    assert len(history) == HISTORY_LIMIT and history[-1] == f"q{HISTORY_LIMIT + 9}"
    state.remember_query("x" * 10_000)
    assert len(state.search_history()[-1]) == session.HISTORY_TEXT
