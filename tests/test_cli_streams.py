"""The command line and its streams: a reader that goes away, an ASCII-only
terminal, a closed stdout or stderr (issue 11 case 15, issue 14 defect 7).

Each runs the real command in a subprocess, through the shell, the way a script
would; every one of these failed before (exit 1 or 3, or nothing imported)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import pytest

from .conftest import SEEDS

PS = f"{shlex.quote(sys.executable)} -m paperscope"


def _sh(cmd: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", cmd],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize("command", ["authors", "list", "search model", "list --json"])
def test_a_reader_that_goes_away_is_not_an_error(seed_library, command):
    db = shlex.quote(str(seed_library.path))
    for _ in range(8):  # it failed about half the time
        proc = _sh(f"{PS} {command} --db {db} | head -1 >/dev/null")
        assert proc.returncode == 0, proc.stderr
        # at most the count line meant for the person (issue 14): no error, no noise
        assert "error" not in proc.stderr.lower() and len(proc.stderr.splitlines()) <= 1


@pytest.mark.parametrize("command", ["authors", "list", "search lin", "parse {seed}"])
def test_an_ascii_only_stdout_gets_escapes_not_an_error(seed_library, command):
    db = shlex.quote(str(seed_library.path))
    cmd = command.format(seed=shlex.quote(str(SEEDS[0])))
    proc = _sh(f"{PS} {cmd} --db {db}", env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.isascii() and proc.stdout.strip()


def test_import_with_stdout_closed_still_lands(tmp_path):
    db = tmp_path / "lib.json"
    proc = _sh(f"{PS} import --db {shlex.quote(str(db))} {shlex.quote(str(SEEDS[0]))} >&-")
    assert proc.returncode == 0, proc.stderr
    listed = _sh(f"{PS} list --json --db {shlex.quote(str(db))}")
    assert listed.returncode == 0 and '"title"' in listed.stdout


def test_import_with_stderr_closed_still_lands_and_reports(tmp_path):
    db = tmp_path / "lib.json"
    proc = _sh(f"{PS} import --db {shlex.quote(str(db))} {shlex.quote(str(SEEDS[0]))} 2>&-")
    assert proc.returncode == 0
    assert "new" in proc.stdout
    listed = _sh(f"{PS} list --json --db {shlex.quote(str(db))}")
    assert listed.returncode == 0 and '"title"' in listed.stdout


def test_an_os_error_is_one_line_and_exit_2_not_an_internal_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    db = blocker / "lib.json"  # a path through a file: ENOTDIR on every write
    proc = _sh(f"{PS} import --db {shlex.quote(str(db))} {shlex.quote(str(SEEDS[0]))}")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in lines[0]
    assert "not-a-folder" in lines[0]
    assert blocker.read_text() == "x"
