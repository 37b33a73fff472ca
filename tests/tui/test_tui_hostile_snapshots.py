"""Snapshots of the hostile library in every pane, dialog, notification and the palette.

Each state (see ``test_tui_hostile.py``) ends with the same checks as the pilot test
(no terminal-active character rendered, markup shown literally, the app still
running), then the snapshot is taken. Accept an intended change of the look with
``pytest tests/tui/test_tui_hostile_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from filelock import FileLock

from .test_tui_hostile import SIZE, STATES, make_hostile_app

# The export dialog and its notification show the absolute path: exports in the
# snapshots go to a fixed folder (a lock keeps parallel runs apart).
SNAPSHOT_EXPORTS = Path("/tmp/paperscope-hostile-snapshots")
EXPORTING = {"export-question", "exported"}


@pytest.fixture
def snapshot_exports():
    """The fixed export folder, empty, for one test at a time."""
    with FileLock(f"{SNAPSHOT_EXPORTS}.lock"):
        shutil.rmtree(SNAPSHOT_EXPORTS, ignore_errors=True)
        SNAPSHOT_EXPORTS.mkdir(parents=True)
        yield SNAPSHOT_EXPORTS
        shutil.rmtree(SNAPSHOT_EXPORTS, ignore_errors=True)


@pytest.mark.parametrize("state", list(STATES))
def test_hostile_snapshot(snap_compare, tmp_path, monkeypatch, request, state):
    export_dir = None
    if state in EXPORTING:
        export_dir = request.getfixturevalue("snapshot_exports")
    app = make_hostile_app(tmp_path, monkeypatch, export_dir)
    if export_dir is not None:
        monkeypatch.chdir(export_dir)  # the dialog shows where ./ is: the same every run
    assert snap_compare(app, terminal_size=SIZE, run_before=STATES[state])
