"""Snapshots of the main states at fixed terminal sizes (pytest-textual-snapshot).

After an intended change of the look, look at the report and accept it with
``pytest tests/tui/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from tui.states import STATES


@pytest.mark.parametrize("state", list(STATES))
def test_snapshot_120x40(snap_compare, app, state):
    assert snap_compare(app, terminal_size=(120, 40), run_before=STATES[state])


@pytest.mark.parametrize("state", ["overview", "author", "search", "reader"])
def test_snapshot_80x24(snap_compare, app, state):
    assert snap_compare(app, terminal_size=(80, 24), run_before=STATES[state])
