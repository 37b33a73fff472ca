"""``paperscope check``, ``backup`` and ``restore``: the day something goes wrong
(issue 11). Each runs the real command; what the user reads and gets is asserted."""

from __future__ import annotations

import json
import subprocess
import sys


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paperscope", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def _titles(db) -> list[str]:
    proc = _run("list", "--json", "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    return sorted(p["title"] for p in json.loads(proc.stdout))


def test_check_says_a_sound_library_is_sound(seed_library):
    proc = _run("check", "--db", str(seed_library.path))
    assert proc.returncode == 0, proc.stderr
    assert "ok" in proc.stdout.lower() and str(len(seed_library)) in proc.stdout


def test_check_names_a_missing_segment_and_the_way_out(seed_library):
    lib = seed_library
    ids = [p.id for p in lib.papers()[:3]]
    for i in ids:  # three writes: three journal segments
        lib.set_marked([i], True)
    segments = sorted(lib.path.parent.glob(lib.path.name + ".journal-*"))
    assert len(segments) >= 3
    segments[1].unlink()
    proc = _run("check", "--db", str(lib.path))
    assert proc.returncode == 2
    assert segments[1].name in proc.stdout + proc.stderr
    assert "--repair" in proc.stdout + proc.stderr


def test_backup_then_restore_gives_back_the_library(seed_library, tmp_path):
    before = _titles(seed_library.path)
    copy = tmp_path / "backup.json"
    proc = _run("backup", str(copy), "--db", str(seed_library.path))
    assert proc.returncode == 0, proc.stderr
    assert copy.exists() and str(len(before)) in proc.stderr + proc.stdout
    # the library changes after the backup; restore brings back the backed-up state
    seed_library.set_marked([seed_library.papers()[0].id], True)
    proc = _run("restore", str(copy), "--db", str(seed_library.path))
    assert proc.returncode == 0, proc.stderr
    assert "before-restore" in proc.stdout + proc.stderr  # where the replaced state went
    assert _titles(seed_library.path) == before
    assert _run("check", "--db", str(seed_library.path)).returncode == 0


def test_restore_refuses_a_file_that_is_not_a_library(seed_library, tmp_path):
    foreign = tmp_path / "package.json"
    foreign.write_text('{"name": "left-pad", "version": "1.0.0"}')
    before = _titles(seed_library.path)
    proc = _run("restore", str(foreign), "--db", str(seed_library.path))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert _titles(seed_library.path) == before
    assert foreign.read_text() == '{"name": "left-pad", "version": "1.0.0"}'
