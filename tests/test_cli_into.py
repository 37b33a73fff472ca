"""``paperscope export --into refs.bib``: the manuscript's file keeps every byte it
had, gets only the papers it lacks, and a second run changes nothing (issue 12)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

MANUSCRIPT = """\
% refs for the paper in progress -- do not reformat
@string{neurips = "Advances in Neural Information Processing Systems"}

@inproceedings{mine2023,
  author    = {Doe, Jane},
  title     = {My Own Work},
  booktitle = neurips,
  year      = 2023,
}
"""


def _export(db, *args):
    return subprocess.run(
        [sys.executable, "-m", "paperscope", "export", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_into_appends_keeps_the_prefix_and_is_idempotent(seed_library, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(MANUSCRIPT, encoding="utf-8")
    first = _export(seed_library.path, "--query", "year:2023", "--into", str(bib))
    assert first.returncode == 0, first.stderr
    text = bib.read_text(encoding="utf-8")
    assert text.startswith(MANUSCRIPT)
    added = int(first.stderr.split(": ")[-1].split(" added")[0])
    assert added > 0 and text.count("\n@") == MANUSCRIPT.count("\n@") + added
    second = _export(seed_library.path, "--query", "year:2023", "--into", str(bib))
    assert second.returncode == 0 and "0 added" in second.stderr
    assert bib.read_text(encoding="utf-8") == text


def test_into_refuses_another_format_and_a_file_that_is_not_bibtex(seed_library, tmp_path):
    tex = tmp_path / "paper.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\nHi\n\\end{document}\n")
    before = tex.read_bytes()
    proc = _export(seed_library.path, "--all", "--into", str(tex))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert tex.read_bytes() == before
    proc = _export(seed_library.path, "--all", "-f", "ris", "--into", str(tmp_path / "r.bib"))
    assert proc.returncode == 2 and "BibTeX only" in proc.stderr


@pytest.mark.skipif(not shutil.which("bibtex"), reason="bibtex not installed")
def test_bibtex_still_reads_the_manuscript_file(seed_library, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(MANUSCRIPT, encoding="utf-8")
    assert _export(seed_library.path, "--all", "--into", str(bib)).returncode == 0
    (tmp_path / "doc.aux").write_text(
        "\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8"
    )
    proc = subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    assert "my own work" in bbl.casefold()  # plain.bst lower-cases titles
