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

from paperscope.library import care
from paperscope.store import Library
from tests.conftest import SEEDS, budget


def big_cluster_page(n: int, subject: str = "Crash Tester", topic: str = "Sparse Training") -> str:
    """An author-cluster page with ``n`` distinct papers (enough to make the write slow)."""
    parts = [
        f"Arrow Research search\n\nAuthor name cluster\n\n{subject}\n\n"
        f"Possible papers associated with this exact author name.\n\n{n} papers\n"
        f"1 author row\n\nPossible papers\n\n{n}\n"
    ]
    for i in range(n):
        parts.append(
            f"\nNeurIPS Conference {2000 + i % 25} Conference Paper\n\n"
            f"Synthetic Study Number {i} of Robust {topic}\n\n"
            f"  \u2022 {subject}\n  \u2022 Coauthor {chr(65 + i % 26)}{i % 7}son\n\n"
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
    for _ in range(budget(12)):
        proc = subprocess.Popen(
            _import_cmd(db, page), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
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


def test_two_concurrent_imports_lose_nothing(tmp_path):
    db = tmp_path / "lib.json"
    Library.open(db).import_files(SEEDS)
    pages = []
    for k, (who, topic) in enumerate(
        [("Ada Lovelace", "Graph Search"), ("Alan Turing", "Neural Codes")]
    ):
        page = tmp_path / f"p{k}.txt"
        page.write_text(big_cluster_page(1500, who, topic), encoding="utf-8")
        pages.append(page)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    procs = [
        subprocess.Popen(
            _import_cmd(db, page), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for page in pages
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    lib = Library.open(db)
    assert len(lib) == 189 + 3000
    assert {"Ada Lovelace", "Alan Turing", "Geng Yuan"} <= set(lib.subjects())


def test_sigkill_during_export_leaves_no_partial_file_and_library_intact(tmp_path):
    db = tmp_path / "lib.json"
    Library.open(db).import_files(SEEDS)
    page = tmp_path / "big.txt"
    page.write_text(big_cluster_page(3000), encoding="utf-8")
    Library.open(db).import_files([page])
    library_bytes = db.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    out = tmp_path / "refs.bib"
    cmd = [sys.executable, "-m", "paperscope", "export", "--db", str(db), "--all", "-o", str(out)]
    start = time.monotonic()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    duration = time.monotonic() - start
    complete = out.read_bytes()
    assert complete.count(b"\n@") + complete.startswith(b"@") == 3189
    rng = random.Random(7)
    for _ in range(budget(8)):
        out.unlink(missing_ok=True)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # the export file is either absent or whole, never half written
        assert not out.exists() or out.read_bytes() == complete
        assert db.read_bytes() == library_bytes  # export never writes the library


_MARK_LOOP = """
import sys
from paperscope.store import Library
lib = Library.open(sys.argv[1])
ids = [p.id for p in lib.papers()]
n = 0
while True:
    lib.set_marked(ids[: n % len(ids) + 1], n % 2 == 0)
    n += 1
"""


def test_sigkill_while_saving_marks_keeps_a_valid_library(tmp_path):
    """The app saves marks through Library.set_marked; kill a process doing just that."""
    db = tmp_path / "lib.json"
    Library.open(db).import_files(SEEDS)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    rng = random.Random(11)
    for _ in range(budget(10)):
        proc = subprocess.Popen([sys.executable, "-c", _MARK_LOOP, str(db)], env=env)
        time.sleep(rng.uniform(0.3, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        lib = Library.open(db)
        assert len(lib) == 189
        assert all(p.title for p in lib.papers())
        assert care.check(db) == []
    # and a later import still completes
    (report,) = Library.open(db).import_files([SEEDS[0]])
    assert report.ok and report.unchanged == 28


def test_sigkill_during_compaction_loses_and_doubles_nothing(tmp_path):
    """Kill `compact` at random moments: before the new main file is renamed into place
    the journal still applies to the old one; after it, the old segments are of another
    generation and are ignored. Either way the library reads the same."""
    db = tmp_path / "lib.json"
    Library.open(db).import_files(SEEDS)
    page = tmp_path / "big.txt"
    page.write_text(big_cluster_page(2500), encoding="utf-8")
    lib = Library.open(db)
    lib.import_files([page])  # into a journal segment (not compacted: not the CLI)
    lib.set_marked([p.id for p in lib.papers()[::7]], True)
    expected = sorted((p.id, p.marked, len(p.sources)) for p in Library.open(db).papers())
    snapshot = {p.name: p.read_bytes() for p in tmp_path.glob("lib.json*")}
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    cmd = [
        sys.executable,
        "-c",
        f"from paperscope.store import Library; Library.open({str(db)!r}).compact()",
    ]
    start = time.monotonic()
    subprocess.run(cmd, env=env, check=True)
    duration = time.monotonic() - start
    rng = random.Random(7)
    for _ in range(budget(10)):
        for p in tmp_path.glob("lib.json*"):  # back to the journaled library
            p.unlink()
        for name, raw in snapshot.items():
            (tmp_path / name).write_bytes(raw)
        proc = subprocess.Popen(cmd, env=env)
        time.sleep(rng.uniform(0.0, duration * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        got = sorted((p.id, p.marked, len(p.sources)) for p in Library.open(db).papers())
        assert got == expected
        assert care.check(db) == []  # the manifest agrees with the files after any kill
        # and the next writer works from there
        after = Library.open(db)
        after.set_marked([after.papers()[0].id], False)
        assert len(Library.open(db)) == len(expected)
