"""What the listing commands print, for a person at a terminal and for a pipe
(issue 14): data on stdout, counts on stderr, ``--tsv`` for scripts, plurals
right, a missing library named by its path."""

from __future__ import annotations

import subprocess
import sys


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paperscope", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_counts_go_to_stderr_so_a_pipe_gets_only_rows(seed_library):
    db = str(seed_library.path)
    for argv, word in (
        (["list"], "papers"),
        (["search", "sparse"], "match"),
        (["authors"], "authors"),
    ):
        proc = _run(*argv, "--db", db)
        assert proc.returncode == 0, proc.stderr
        last = proc.stdout.rstrip("\n").splitlines()[-1]
        assert word not in last.split()[-1:], last  # no footer line on stdout
        assert word in proc.stderr


def test_tsv_is_one_header_and_one_tab_separated_row_per_paper(seed_library):
    proc = _run("list", "--tsv", "--db", str(seed_library.path))
    assert proc.returncode == 0
    rows = proc.stdout.rstrip("\n").split("\n")
    assert rows[0].split("\t")[:3] == ["id", "year", "venue_or_category"]
    assert len(rows) == 1 + len(seed_library)
    assert all(len(r.split("\t")) == len(rows[0].split("\t")) for r in rows)
    ids = {p.id for p in seed_library.papers()}
    assert {r.split("\t")[0] for r in rows[1:]} == ids


def test_one_match_is_singular(seed_library):
    title = seed_library.papers()[0].title
    proc = _run("search", f'ti:"{title}"', "--db", str(seed_library.path))
    assert proc.returncode == 0
    assert "1 match\n" in proc.stderr or proc.stderr.strip().endswith("1 match")


def test_listing_a_library_that_does_not_exist_names_the_path(tmp_path):
    missing = tmp_path / "nowhere" / "lib.json"
    proc = _run("list", "--db", str(missing))
    assert proc.returncode == 2
    assert str(missing) in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not missing.parent.exists()  # looking did not create it


def test_export_without_a_selection_says_which_flags(seed_library, tmp_path):
    proc = _run("export", "--db", str(seed_library.path), "-o", str(tmp_path / "x.bib"))
    assert proc.returncode == 2
    assert "--query" in proc.stderr and "--marked" in proc.stderr and "--all" in proc.stderr
