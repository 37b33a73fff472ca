"""SIGKILL at any moment of an import leaves the old or the new library, never a broken one."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson

from paperscope.store import Library
from tests.conftest import SEEDS


def big_cluster_page(n: int) -> str:
    """An author-cluster page with ``n`` distinct papers (enough to make the write slow)."""
    parts = [
        "Arrow Research search\n\nAuthor name cluster\n\nCrash Tester\n\n"
        f"Possible papers associated with this exact author name.\n\n{n} papers\n"
        f"1 author row\n\nPossible papers\n\n{n}\n"
    ]
    for i in range(n):
        parts.append(
            f"\nNeurIPS Conference {2000 + i % 25} Conference Paper\n\n"
            f"Synthetic Study Number {i} of Robust Sparse Training\n\n"
            f"  \u2022 Crash Tester\n  \u2022 Coauthor {chr(65 + i % 26)}{i % 7}son\n\n"
            + ("We measure what happens when the process dies. " * 30)
            + "\n"
        )
    return "".join(parts)


def _import_cmd(db: Path, page: Path) -> list[str]:
    return [sys.executable, "-m", "paperscope", "import", "--db", str(db), str(page)]


def _count(db: Path) -> int:
    data = orjson.loads(db.read_bytes())  # must be valid JSON at every moment
    return len(Library.open(db)) if data else 0


def test_sigkill_during_import_leaves_old_or_new_library(tmp_path):
    db = tmp_path / "lib.json"
    Library.open(db).import_files(SEEDS)
    old = len(Library.open(db))
    page = tmp_path / "big.txt"
    page.write_text(big_cluster_page(2500), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}

    # how long a full import takes here, on a copy of the library
    probe = tmp_path / "probe.json"
    probe.write_bytes(db.read_bytes())
    start = time.monotonic()
    subprocess.run(_import_cmd(probe, page), env=env, check=True, capture_output=True)
    duration = time.monotonic() - start
    new = len(Library.open(probe))
    assert new == old + 2500

    rng = random.Random(20261122)
    outcomes = []
    for _ in range(12):
        proc = subprocess.Popen(_import_cmd(db, page), env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        count = _count(db)
        assert count in (old, new)
        outcomes.append(count)
        if count == new:  # the kill came after the write: start again from the old library
            db.unlink()
            Library.open(db).import_files(SEEDS)
    # after any kill, a second import completes
    result = subprocess.run(_import_cmd(db, page), env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert _count(db) == new
    assert old in outcomes  # at least one kill landed before the write finished
    # leftovers of killed writers are cleaned up by the next writer
    assert not list(tmp_path.glob(".lib.json.*.tmp"))
