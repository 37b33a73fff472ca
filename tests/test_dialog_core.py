"""The core rules behind the app's dialogs and reader: the session state, LaTeX shown as
Unicode, what an export lacks, glob patterns for imports (CLI and app alike)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from paperscope.cli import main
from paperscope.display import readable
from paperscope.export import render
from paperscope.export.gaps import export_gaps
from paperscope.imports import expand_paths
from paperscope.safe_text import printable
from paperscope.session import load_state, save_state, state_path
from paperscope.store import Library
from tests.conftest import SEEDS

TRENDING = next(p for p in SEEDS if p.name.startswith("003_"))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- session state -------------------------------------------------------------------


def test_state_lives_in_the_env_dir_and_round_trips(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERSCOPE_STATE_DIR", str(tmp_path / "st"))
    assert state_path() == tmp_path / "st" / "session.json"
    assert load_state() == {"version": 1}  # nothing saved yet: no error
    save_state({"search_history": ["sparse"], "export": {"path": "a.bib"}})
    assert load_state() == {
        "version": 1,
        "search_history": ["sparse"],
        "export": {"path": "a.bib"},
    }
    assert [p.name for p in (tmp_path / "st").iterdir()] == ["session.json"]  # no temp left


@pytest.mark.parametrize("damage", [b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'{"version": "x"}'])
def test_a_damaged_state_file_reads_as_empty_and_is_replaced(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("PAPERSCOPE_STATE_DIR", str(tmp_path))
    (tmp_path / "session.json").write_bytes(damage)
    assert load_state() == {"version": 1}
    save_state({"export": {"format": "ris"}})
    assert json.loads((tmp_path / "session.json").read_text())["export"] == {"format": "ris"}


def test_a_newer_versions_state_file_is_ignored_and_left_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERSCOPE_STATE_DIR", str(tmp_path))
    newer = b'{"version": 99, "export": {"format": "future"}}'
    (tmp_path / "session.json").write_bytes(newer)
    assert load_state() == {"version": 1}
    save_state({"export": {"format": "ris"}})  # not ours to replace
    assert (tmp_path / "session.json").read_bytes() == newer


def test_saving_in_an_unwritable_place_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("PAPERSCOPE_STATE_DIR", str(blocker / "sub"))  # a file as a folder
    save_state({"export": {}})  # remembering is a convenience: never a crash
    assert load_state() == {"version": 1}


# -- LaTeX for reading -----------------------------------------------------------------


def _seed_lines(fragment: str) -> str:
    for page in SEEDS:
        for line in page.read_text(encoding="utf-8").splitlines():
            if fragment in line:
                return line
    raise AssertionError(fragment)


@pytest.mark.parametrize(
    ("fragment", "shown", "gone"),
    [
        ("SoD$^2$: Statically", "SoD²: Statically Optimizing", "$^2$"),
        ("AdaCM$^2$: On Understanding", "AdaCM²: On Understanding", "$"),
        ("Int-$2^{n}$-Softmax", "Int-2ⁿ-Softmax", "$2^{n}$"),
        ("a 2\\%$\\sim$23\\%", "a 2%∼23%", "\\sim"),
        ("runs up to $3.9\\times$ faster", "runs up to 3.9× faster", "\\times"),
        ("saving up to $88\\%$ peak", "saving up to 88% peak", "\\%"),
        ("ranging from 0. 4\\% to", "ranging from 0. 4% to", "0. 4\\%"),
        ("our small $\\ell_\\infty=2/255$", "our small ℓ_∞=2/255", "\\ell"),
    ],
)
def test_readable_shows_the_latex_of_real_pages_as_unicode(fragment, shown, gone):
    line = _seed_lines(fragment)
    assert shown in readable(line)
    assert gone not in readable(line)[readable(line).index(shown) - 5 :][: len(shown) + 10]


@pytest.mark.parametrize(
    "text",
    [
        "Pay $5 and $10 for it",
        "from $5-$10 a month",
        "[bold red]x[/] and [@click=app.quit]y[/]",
        "50% of the 1\\ cases",
        "a stray $ sign",
        "$\\input{/etc/passwd}$ is not math we know",
        "",
    ],
)
def test_readable_leaves_text_that_is_not_certainly_latex_alone(text):
    assert readable(text) == text.replace("\\%", "%")


def test_the_library_and_the_export_keep_the_raw_latex(seed_library):
    paper = next(p for p in seed_library.papers() if p.title.startswith("SoD$^2$"))
    assert readable(paper.title).startswith("SoD²")
    assert paper.title.startswith("SoD$^2$")  # readable() never changes the record
    bib = render([paper], "bibtex")
    assert "SoD$^2$" in bib and "²" not in bib


def test_bibtex_keeps_abstract_math_as_the_readme_promises(seed_library):
    """README: `$…$` math is kept. Parsed back by pybtex and bibtexparser alike."""
    pybtex = pytest.importorskip("pybtex.database")
    bibtexparser = pytest.importorskip("bibtexparser")
    papers = [
        p
        for p in seed_library.papers()
        if p.abstract and ("Int-$2^{n}$" in p.abstract or "$3.9\\times$" in p.abstract)
    ]
    assert len(papers) == 2
    text = render(papers, "bibtex")
    abstracts = [e.fields["abstract"] for e in pybtex.parse_string(text, "bibtex").entries.values()]
    assert any("Int-$2^{n}$-Softmax" in a for a in abstracts)
    assert any("up to $3.9\\times$ faster" in a for a in abstracts)
    parsed = bibtexparser.parse_string(text)
    assert not parsed.failed_blocks
    assert any("$2^{n}$" in e.fields_dict["abstract"].value for e in parsed.entries)


# -- what an export lacks --------------------------------------------------------------


def test_export_gaps_counts_and_names_papers_without_authors_or_year(seed_library):
    papers = seed_library.papers()
    no_authors = [p for p in papers if not p.authors]
    assert no_authors  # the trending page gives no authors
    gaps = export_gaps(papers + papers[:3])  # a paper twice counts once
    assert len(gaps.no_authors) == len(no_authors)
    first = gaps.lines()[0]
    n = len(no_authors)
    assert first.startswith(f'{n} papers have no authors: "{no_authors[0].title[:20]}')
    assert first.endswith(f" and {n - 3} more")
    one = export_gaps(no_authors[:1])
    assert one.lines()[0] == f'1 paper has no authors: "{printable(no_authors[0].title, 60)}"'
    assert not export_gaps([p for p in papers if p.authors and p.year])


def test_cli_export_names_the_papers_without_authors_on_stderr(capsys, tmp_path):
    db = str(tmp_path / "lib.json")
    Library.open(db).import_files([TRENDING])
    out_file = tmp_path / "out.bib"
    code, out, err = run(capsys, "export", "--db", db, "--all", "-o", str(out_file))
    assert code == 0 and out == ""
    assert '75 papers have no authors: "A Hardware-Aware System' in err
    assert "75 papers have no year: " in err and err.count(" and 72 more") == 2
    code, out, err = run(capsys, "export", "--db", db, "--all", "--into", str(tmp_path / "r.bib"))
    assert code == 0 and "75 added, 0 already there" in err and "have no authors" in err


# -- globs -----------------------------------------------------------------------------


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    (folder / "deep" / "er").mkdir(parents=True)
    for seed in SEEDS[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "deep" / "er" / SEEDS[3].name).write_bytes(SEEDS[3].read_bytes())
    (folder / "notes.md").write_text("not a page")
    (folder / ".hidden.txt").write_text("hidden")
    (folder / "scan.pdf").write_bytes(b"%PDF")
    return folder


def test_expand_paths_expands_globs_like_a_shell(pages, monkeypatch):
    monkeypatch.chdir(pages.parent)
    files, skipped = expand_paths(["pages/*.txt"])  # relative, as typed
    assert files == [Path("pages") / s.name for s in SEEDS[:2]]
    assert skipped == []
    files, _ = expand_paths([str(pages / "**" / "*.txt")])
    assert sorted(f.name for f in files) == sorted(s.name for s in (*SEEDS[:2], SEEDS[3]))
    files, skipped = expand_paths(["pages/*"])  # folders are read, non-pages skipped
    assert {f.name for f in files} == {SEEDS[0].name, SEEDS[1].name, SEEDS[3].name, "notes.md"}
    assert [s.split(": ")[-1] for s in skipped] == ["skipped, not a text page"]
    # no match: kept as typed, so the report says "no such file" as a shell would
    assert expand_paths(["pages/*.nothing"]) == ([Path("pages/*.nothing")], [])


def test_expand_paths_expands_the_home_in_a_glob(pages, monkeypatch):
    monkeypatch.setenv("HOME", str(pages.parent))
    files, _ = expand_paths(["~/pages/**/*.txt"])
    assert len(files) == 3 and all(f.is_absolute() for f in files)


def test_cli_import_expands_a_quoted_glob(capsys, pages, monkeypatch):
    monkeypatch.chdir(pages.parent)
    db = str(pages.parent / "lib.json")
    code, out, err = run(capsys, "import", "--db", db, "pages/*.txt")
    assert code == 0, err
    assert out.count(" new, ") == 2 and "no such file" not in err
    code, out, err = run(capsys, "import", "--db", db, "pages/*.nothing")
    assert code != 0 and "pages/*.nothing: no such file" in err
    assert os.path.exists(db)
