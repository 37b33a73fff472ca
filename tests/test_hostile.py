"""Hostile input end to end: huge lines, blank floods, unreadable files, damaged libraries."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import parsers
from paperscope.cli import main
from paperscope.store import Library
from tests.conftest import SEEDS

# Generous bounds: these catch runaway (quadratic, backtracking) work, not slowness.
LIMIT_S = 20.0


def _cpu(fn):
    start = time.process_time()
    result = fn()
    return result, time.process_time() - start


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"A" * (50 * 1024 * 1024), id="50MB-one-letter-line"),
        pytest.param(
            b"Efficient Vision TransformerZhenglun Kong, " * 1_200_000, id="50MB-glued-names-line"
        ),
        pytest.param(b"e. g. , 5. 18 https: //github. com/x " * 1_500_000, id="50MB-damage"),
    ],
)
def test_a_50mb_line_is_refused_quickly(data):
    result, cpu = _cpu(lambda: parsers.parse_bytes(data))
    assert cpu < LIMIT_S
    assert not result.ok and result.error and "\n" not in result.error


def test_100k_blank_lines_around_a_real_page():
    page = SEEDS[1].read_bytes()
    data = b"\n" * 100_000 + page.replace(b"\n", b"\n\n\n") + b"\r\n" * 100_000
    result, cpu = _cpu(lambda: parsers.parse_bytes(data))
    assert cpu < LIMIT_S
    assert result.format == "feed" and len(result.papers) == 50


def test_unreadable_and_missing_files_are_one_line_each(capsys, tmp_path, monkeypatch):
    locked = tmp_path / "locked.txt"
    locked.write_bytes(SEEDS[4].read_bytes())
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code = main(
        [
            "import",
            "--db",
            str(tmp_path / "l.json"),
            str(locked),
            str(tmp_path / "gone.txt"),
            str(SEEDS[4]),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert err.splitlines() == [
        f"{locked}: Permission denied",
        f"{tmp_path / 'gone.txt'}: no such file",
    ]
    assert "10 new" in out


def test_the_app_refuses_a_damaged_library_in_one_line(capsys, tmp_path):
    db = tmp_path / "lib.json"
    Library.open(db).import_files(SEEDS[:1])
    good = db.read_bytes()
    db.write_bytes(good[: len(good) // 2])
    code = main(["--db", str(db)])  # the TUI entry point
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "damaged" in err and str(db) in err
    assert db.read_bytes() == good[: len(good) // 2]  # never overwritten


def test_a_library_file_that_is_a_directory_is_one_line(capsys, tmp_path):
    db = tmp_path / "lib.json"
    db.mkdir()
    code = main(["list", "--db", str(db)])
    _out, err = capsys.readouterr()
    assert code == 2 and err.count("\n") == 1 and str(db) in err
