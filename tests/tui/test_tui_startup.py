"""Start-up as ``paperscope`` does it: the first screenful from the head of the file,
the whole library read in the background, errors in one line and exit code 2."""

from __future__ import annotations

import shutil
import threading

from paperscope.store import Library
from tests.tui.helpers import main_screen, screen_text, settle
from tui.app import create_app

BIG = (120, 40)


async def test_the_first_frame_shows_the_head_while_the_library_is_read(
    seed_library_file, tmp_path, monkeypatch
):
    db = tmp_path / "lib.json"
    shutil.copy(seed_library_file, db)
    full = Library.open(db)
    first = full.papers()[:3]
    gate = threading.Event()
    real = Library.ensure_loaded

    def slow_load(self):  # a big library: the read takes a while
        gate.wait(10)
        real(self)

    monkeypatch.setattr(Library, "ensure_loaded", slow_load)
    app = create_app(db, deferred=True)
    async with app.run_test(size=BIG) as pilot:
        await pilot.pause(0.1)
        text = screen_text(app)
        for paper in first:  # the list is there before the library is read
            assert paper.title[:30] in text
        assert "reading 189 papers" in text and "Loading the library" not in text
        await pilot.press("down")  # and the cursor moves in it
        assert main_screen(app).paper_list.current.id == first[1].id
        await pilot.press("A")  # "mark all shown" would mean 120, not all 189: wait
        await pilot.pause()
        assert main_screen(app).marked == set()
        assert any(
            "Still reading the library (189 papers)" in str(n.message) for n in app._notifications
        )
        gate.set()
        await settle(pilot)
        text = screen_text(app)
        assert "189 papers" in text and "reading" not in text
        assert main_screen(app).paper_list.current.id == first[1].id  # the cursor stays
        assert len(main_screen(app).snapshot.papers) == 189


async def test_a_library_damaged_past_its_head_exits_with_one_line(seed_library_file, tmp_path):
    db = tmp_path / "lib.json"
    raw = seed_library_file.read_bytes()
    db.write_bytes(raw[: len(raw) * 2 // 3])  # the head line is whole, the papers are cut
    app = create_app(db, deferred=True)
    async with app.run_test(size=BIG) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app._exit:
                break
    assert app.return_code == 2
    message = str(app.error)
    assert "is damaged" in message and str(db) in message and "\n" not in message
    assert db.read_bytes() == raw[: len(raw) * 2 // 3]  # left untouched


def test_paperscope_on_a_library_damaged_past_its_head_says_so_in_one_line(
    seed_library_file, tmp_path
):
    """The whole command, in a terminal: the app starts on the head, finds the damage,
    restores the terminal and prints one line; exit code 2."""
    import os
    import pty
    import re
    import subprocess
    import sys

    db = tmp_path / "lib.json"
    raw = seed_library_file.read_bytes()
    db.write_bytes(raw[: len(raw) * 2 // 3])
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "paperscope", "--db", str(db)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    os.close(follower)
    out = bytearray()
    try:
        while True:  # Textual draws on stderr: read the terminal until the app is gone
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        proc.wait(timeout=60)
    finally:
        os.close(leader)
    # what is left on the terminal after the app restored it (left the alternate screen)
    after = out.rsplit(b"\x1b[?1049l", 1)[-1].decode(errors="replace")
    after = re.sub(r"\x1b\[[0-9;?<>=]*[a-zA-Z~]", "", after)
    lines = [line for line in after.replace("\r", "").splitlines() if line.strip()]
    assert proc.returncode == 2
    assert len(lines) == 1 and "is damaged" in lines[0], lines
