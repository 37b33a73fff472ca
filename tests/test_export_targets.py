"""Export writes only to regular files (or ``-`` for stdout): a device, a FIFO or
a symlink is refused, untouched, unless the user names the link's target (issue 11
case 12). Before, ``--force`` replaced device nodes and links with regular files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest


def _export(db, out, *extra):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "paperscope",
            "export",
            "--db",
            str(db),
            "--all",
            "-o",
            str(out),
            *extra,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_a_symlink_is_refused_and_left_alone_even_with_force(seed_library, tmp_path):
    target = tmp_path / "real.bib"
    target.write_text("% mine\n")
    link = tmp_path / "link.bib"
    link.symlink_to(target)
    proc = _export(seed_library.path, link, "--force")
    assert proc.returncode == 2
    assert "symlink" in proc.stderr and str(target) in proc.stderr
    assert link.is_symlink() and target.read_text() == "% mine\n"


def test_naming_the_links_target_writes_there(seed_library, tmp_path):
    target = tmp_path / "real.bib"
    target.write_text("% mine\n")
    (tmp_path / "link.bib").symlink_to(target)
    proc = _export(seed_library.path, target, "--force")
    assert proc.returncode == 0, proc.stderr
    assert target.read_text().startswith("@")
    assert (tmp_path / "link.bib").is_symlink()


def test_a_fifo_is_refused_without_blocking(seed_library, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    proc = _export(seed_library.path, fifo, "--force")
    assert proc.returncode == 2 and "not a regular file" in proc.stderr
    assert fifo.exists() and not fifo.is_file()


def test_a_device_is_refused_and_survives(seed_library, tmp_path):
    # Our own device node (a copy of /dev/null's numbers), never the system's: the
    # old code replaced the node it was given with a regular file.
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    proc = _export(seed_library.path, device, "--force")
    assert proc.returncode == 2 and "not a regular file" in proc.stderr
    assert stat.S_ISCHR(device.stat().st_mode)
