"""Export API: render/write_export contract used by the CLI and the TUI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from paperscope.cli import main
from paperscope.export import FORMATS, render, write_export
from paperscope.store import Library

SEEDS = sorted(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    lib = Library.open(tmp_path_factory.mktemp("lib") / "lib.json")
    lib.import_files(SEEDS)
    return lib


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_is_byte_stable_and_order_independent(library, fmt):
    papers = library.papers()
    first = render(papers, fmt)
    assert first == render(list(reversed(papers)), fmt)
    assert first.endswith("\n")


def test_write_export_refuses_to_overwrite(library, tmp_path):
    out = tmp_path / "out.bib"
    out.write_text("keep me")
    with pytest.raises(FileExistsError, match="already exists"):
        write_export(library.papers()[:2], out)
    assert out.read_text() == "keep me"
    assert write_export(library.papers()[:2], out, force=True) == out
    assert out.read_text(encoding="utf-8").startswith("@")
    assert not list(tmp_path.glob(".*.tmp"))


def test_write_export_refuses_a_directory(library, tmp_path):
    with pytest.raises(IsADirectoryError):
        write_export(library.papers()[:1], tmp_path)


def test_unknown_format_is_refused(library):
    with pytest.raises(ValueError, match="unknown export format"):
        render(library.papers()[:1], "endnote")


def test_export_package_never_imports_textual():
    code = (
        "import sys, paperscope.export, paperscope.cli.export\n"
        "from paperscope.export import bibtex, csljson, ris, markdown\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')], 'UI'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# -- the command line -------------------------------------------------------------


@pytest.fixture
def db(library) -> str:
    return str(library.path)


def cli(*argv: str) -> int:
    return main(list(argv))


def test_cli_exports_the_whole_library(db, library, tmp_path, capsys):
    out = tmp_path / "all.bib"
    assert cli("export", "--db", db, "--all", "-o", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert text == render(library.papers(), key_scope=library.papers())
    assert text.count("\n@") + 1 == len(library)
    assert f"exported {len(library)} papers (bibtex) to {out}" in capsys.readouterr().err


def test_cli_without_a_selection_refuses(db, tmp_path, capsys):
    out = tmp_path / "x.bib"
    assert cli("export", "--db", db, "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "--query Q, --marked or --all" in err and err.count("\n") == 1
    assert not out.exists()


def test_cli_keeps_an_existing_file_unless_forced(db, tmp_path, capsys):
    out = tmp_path / "x.bib"
    out.write_text("mine")
    assert cli("export", "--db", db, "--all", "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "already exists (use --force to overwrite it)" in err and err.count("\n") == 1
    assert out.read_text() == "mine"
    assert cli("export", "--db", db, "--all", "--force", "-o", str(out)) == 0
    assert out.read_text(encoding="utf-8").startswith("@")


@pytest.mark.parametrize(
    ("selection", "message"),
    [(["--marked"], "no papers are marked"), (["--query", "zzzzqqqq"], "no papers match")],
)
def test_cli_empty_selection_writes_nothing(db, tmp_path, capsys, selection, message):
    out = tmp_path / "x.bib"
    assert cli("export", "--db", db, *selection, "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert "nothing to export" in err and message in err
    assert not out.exists()


def test_cli_marked_query_and_stdout(library, db, capsysbinary):
    sod = next(p for p in library.papers() if p.title.startswith("SoD$^2$"))
    other = next(p for p in library.papers() if p.id != sod.id)
    library.set_marked([sod.id, other.id], True)
    try:
        assert cli("export", "--db", db, "--marked", "-o", "-") == 0
        marked = capsysbinary.readouterr().out.decode("utf-8")
        assert marked == render([sod, other], key_scope=library.papers())
        assert cli("export", "--db", db, "--query", "SoD", "-f", "ris", "-o", "-") == 0
        ris = capsysbinary.readouterr().out.decode("utf-8")
        assert "TI  - SoD$^2$: Statically Optimizing Dynamic Deep Neural Network" in ris
    finally:
        library.set_marked([sod.id, other.id], False)


@pytest.mark.parametrize("fmt", ["csljson", "ris", "markdown", "bibtex"])
def test_cli_formats_and_no_abstract(db, library, tmp_path, fmt):
    out = tmp_path / f"x.{fmt}"
    assert cli("export", "--db", db, "--all", "--format", fmt, "--no-abstract", "-o", str(out)) == 0
    papers = library.papers()
    assert out.read_text(encoding="utf-8") == render(papers, fmt, abstract=False, key_scope=papers)
    with_abstracts = render(papers, fmt, key_scope=papers)
    assert len(with_abstracts) > len(out.read_text(encoding="utf-8"))


def test_cli_reports_an_unwritable_place_in_one_line(db, tmp_path, capsys):
    assert cli("export", "--db", db, "--all", "-o", str(tmp_path / "no" / "such" / "x.bib")) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and err.count("\n") == 1
