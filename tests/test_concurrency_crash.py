"""SIGKILL the real app, in a real terminal (a pty), while it saves marks.

``tests/test_crash.py`` kills a plain process looping ``Library.set_marked``; here the
app itself runs (``python -m paperscope``), gets ``space``, ``A``, ``U`` ``y`` from
the keyboard and is killed a random moment after a random key (seeded), so a kill
often lands while its mark writer is writing. After every kill the library opens,
holds every paper and one of the mark sets the keys led through (the old one or a
newer one, never a mix), and a ``paperscope import`` then completes.
"""

from __future__ import annotations

import fcntl
import os
import pty
import random
import re
import signal
import struct
import sys
import termios
import threading
import time
from pathlib import Path

from paperscope.cli import main as cli
from paperscope.store import Library
from tests.conftest import SEEDS
from tests.test_crash import big_cluster_page

ROOT = Path(__file__).resolve().parent.parent
KEYS = [b" ", b" ", b"A", b"U", b"y", b" "]


class PtyApp:
    """``python -m paperscope ARGS`` in a pseudo-terminal of ``size``; its output collected."""

    def __init__(self, args: list[str], size: tuple[int, int] = (120, 40)) -> None:
        cols, rows = size
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TERM": "xterm-256color",
            "COLUMNS": str(cols),
            "LINES": str(rows),
        }
        env.pop("TEXTUAL", None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the app, with the pty as its terminal
            try:
                os.execve(sys.executable, [sys.executable, "-m", "paperscope", *args], env)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:  # EIO: the app is gone
                return
            if not data:
                return
            self.output += data

    def wait_for(self, text: bytes, timeout: float = 60.0) -> None:
        end = time.monotonic() + timeout
        while text not in self.output:
            assert time.monotonic() < end, f"{text!r} never showed: {bytes(self.output[-400:])!r}"
            time.sleep(0.02)

    def settle(self, since: int, quiet: float = 0.3, timeout: float = 60.0) -> None:
        """Wait until the app drew something after output position ``since`` and then
        went quiet: the key sent before was read on its own (a loaded machine must not
        let two keys arrive in one read, where ESC + "/" would be alt+/)."""
        end = time.monotonic() + timeout
        while len(self.output) <= since:
            assert time.monotonic() < end, "the app drew nothing after the key"
            time.sleep(0.02)
        size = len(self.output)
        calm = time.monotonic()
        while time.monotonic() - calm < quiet:
            assert time.monotonic() < end, "the app never went quiet"
            time.sleep(0.05)
            if len(self.output) != size:
                size, calm = len(self.output), time.monotonic()

    def wait_for_list(self, total: int, timeout: float = 60.0) -> None:
        """Until the status line counts all ``total`` papers (not the preview's
        "120 of N papers", shown while the library is read)."""
        pattern = re.compile(rb"(?<!of )(?<![0-9])%d papers" % total)
        end = time.monotonic() + timeout
        while not pattern.search(self.output):
            assert time.monotonic() < end, f"the list never showed: {bytes(self.output[-400:])!r}"
            time.sleep(0.02)

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self._reader.join(timeout=5)
        os.close(self.fd)

    def quit(self, timeout: float = 20.0) -> int:
        """Escape (leaves a field or the reader), then q; the exit code."""
        self.send(b"\x1b")
        time.sleep(0.3)  # alone: ESC and a key together are alt+key
        self.send(b"\x1b")
        time.sleep(0.3)
        self.send(b"q")
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._reader.join(timeout=5)
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        self.kill()
        raise AssertionError("the app did not quit")


def _marks(db: Path) -> frozenset[str]:
    return frozenset(p.id for p in Library.open(db).papers() if p.marked)


def _states_after(keys: list[bytes], start: frozenset[str], order: list[str]) -> list:
    """Every mark set the keys lead through, in order (the cursor starts on the first row)."""
    states, marks, cursor = [start], set(start), 0
    everything = set(order)
    asking = False
    for key in keys:
        if key == b" " and not asking:
            marks ^= {order[cursor]}
            cursor += 1
        elif key == b"A":
            marks = set(everything)
        elif key == b"U":
            asking = bool(marks)
            continue
        elif key == b"y" and asking:
            marks = set()
        asking = False
        states.append(frozenset(marks))
    # "y" reaching the list before the question is up copies instead of answering
    states.append(frozenset(everything - {order[2]}))
    return states


def test_sigkill_while_the_app_saves_marks(tmp_path):
    db = tmp_path / "lib.json"
    page = tmp_path / "big.txt"
    page.write_text(big_cluster_page(10_000), encoding="utf-8")
    Library.open(db).import_files([*SEEDS, page])
    lib = Library.open(db)
    total, order = len(lib), [p.id for p in lib.papers()]
    rng = random.Random(20261122)
    # A fixed number of kills, not as many as fit in a time: a loaded machine makes
    # each slower, never fewer (the waits above are hang guards, not speed targets).
    interrupted = 0
    for _ in range(4):
        before = _marks(db)
        app = PtyApp(["--db", str(db)])
        app.wait_for_list(total)
        last = rng.randrange(len(KEYS))
        for key in KEYS[: last + 1]:
            app.send(key)
            time.sleep(0.12)
        time.sleep(rng.uniform(0.0, 0.15))
        app.kill()
        interrupted += any(tmp_path.glob(".lib.json.*.tmp"))  # killed mid-write
        after = _marks(db)  # opens: not damaged
        assert len(Library.open(db)) == total
        assert after in _states_after(KEYS[: last + 1], before, order), (last, len(after))
        # a second writer completes, and clears what the killed one left behind
        assert cli(["import", "--db", str(db), str(SEEDS[0])]) == 0
        assert not list(tmp_path.glob(".lib.json.*.tmp"))
        assert _marks(db) == after and len(Library.open(db)) == total
