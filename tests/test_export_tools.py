"""The real tool chains read the export: bibtex + plain.bst, biber, pdflatex, pybtex, bibtexparser.

bibtex/biber/pdflatex checks skip loudly when the tool is missing (CI installs
them); the pybtex and bibtexparser checks always run.
"""

from __future__ import annotations

import re
import subprocess

import bibtexparser
import pybtex.errors
import pytest
from pybtex.database import parse_string

from paperscope.export import render
from paperscope.store import Library

try:
    from tests.export_fixtures import (
        SEEDS,
        latex_hazards,
        need_tool,
        paper,
        run_biber,
        run_bibtex,
    )
except ImportError:  # tests/ is not a package
    from export_fixtures import SEEDS, latex_hazards, need_tool, paper, run_biber, run_bibtex

# Everything a page could throw at BibTeX and LaTeX, in one small library.
NASTY = [
    paper(
        "SoD$^2$: Statically Optimizing Dynamic Deep Neural Network",
        id="n1",
        authors=["Wei Niu", "Gagan Agrawal", "Bin Ren 0001"],
        authors_truncated=True,
        venue="ICLR",
        venue_type="Conference",
        pub_type="Conference Paper",
        year=2023,
    ),
    paper(
        "Enabling Level-4 Autonomous Driving on a Single $1k Off-the-Shelf Card",
        id="n2",
        authors=["Hsin-Yu Chen", "Jan van der Berg", "Martin Luther King Jr."],
        year=2024,
        date="2024-03-01",
        category="RO",
        abstract="Costs $1k & saves 80% (#1) of_it ~ ^.",
    ),
    paper(
        "Layer Freezing & Data Sieving: {Missing} Pieces \\ of 100% C# <x> |y|",
        id="n3",
        authors=[
            "Jean-Claude De Vries",
            "Jan Van der Berg",
            "José María De La Torre",
            "Anand And Rao",
        ],
        venue="TMLR",
        venue_type="Journal",
        pub_type="Journal Article",
        year=2022,
        links=["https://github.com/x/y#readme", "https://x.org/a b{c}"],
    ),
    paper(
        "Über naïve “quotes” – ÆØÅ façade",
        id="n4",
        authors=["Zoë Ñúñez-García", "danah boyd"],
        year=2021,
        date="2021-07-04",
        links=["https://arxiv.org/abs/2107.01234v3"],
        category="QUANT-PH",
        abstract="Math $\\alpha_{i}^{2}$ stays; $\\input{evil}$ does not.",
    ),
    paper(
        "}{ unbalanced {{ braces and a trailing backslash \\",
        id="n5",
        abstract="}}} {{{ \\\\ %%% ###",
    ),
]


@pytest.fixture(scope="module")
def seed_papers(tmp_path_factory):
    lib = Library.open(tmp_path_factory.mktemp("lib") / "lib.json")
    assert all(r.ok for r in lib.import_files(SEEDS))
    return lib.papers()


@pytest.fixture(scope="module")
def seed_bib(seed_papers, tmp_path_factory):
    path = tmp_path_factory.mktemp("bib") / "seeds.bib"
    path.write_text(render(seed_papers), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def nasty_bib(tmp_path_factory):
    path = tmp_path_factory.mktemp("nasty") / "nasty.bib"
    path.write_text(render(NASTY), encoding="utf-8")
    return path


@pytest.fixture
def strict_pybtex():
    pybtex.errors.set_strict_mode(True)  # pybtex warnings (bad names…) become errors
    yield
    pybtex.errors.set_strict_mode(False)


@pytest.mark.parametrize("bib", ["seed_bib", "nasty_bib"])
def test_pybtex_reads_every_entry_strictly(bib, request, strict_pybtex):
    path = request.getfixturevalue(bib)
    text = path.read_text(encoding="utf-8")
    data = parse_string(text, "bibtex")
    assert len(data.entries) == text.count("\n@") + text.startswith("@")
    for e in data.entries.values():
        assert e.fields["title"]
        for name, value in e.fields.items():
            if name not in ("url", "eprint"):  # verbatim fields
                assert latex_hazards(value) == [], (e.key, name, value)
        for person in e.persons.get("author", []):
            assert person.last_names or str(person) == "others"
            assert latex_hazards(str(person)) == []


@pytest.mark.parametrize("bib", ["seed_bib", "nasty_bib"])
def test_bibtexparser_v2_has_no_failed_blocks(bib, request):
    text = request.getfixturevalue(bib).read_text(encoding="utf-8")
    lib = bibtexparser.parse_string(text)
    assert lib.failed_blocks == []
    assert len(lib.entries) == len(lib.blocks) == text.count("\n@") + text.startswith("@")


def test_seed_library_is_all_there(seed_papers, seed_bib):
    keys = parse_string(seed_bib.read_text(encoding="utf-8"), "bibtex").entries.keys()
    assert len(keys) == len(seed_papers) == len(set(keys))


@pytest.mark.parametrize("bib", ["seed_bib", "nasty_bib"])
def test_bibtex_plain_bst_gives_no_warnings(bib, request):
    log = run_bibtex(request.getfixturevalue(bib))
    assert "Warning--" not in log and "error message" not in log, log
    assert "(There were" not in log, log


def test_biber_flags_only_the_missing_year_in_the_nasty_entries(nasty_bib):
    warnings = run_biber(nasty_bib)
    # n5 is the one paper with no year at all; the export does not invent one
    assert len(warnings) == 1, warnings
    assert "Entry 'anonunbalanced' " in warnings[0] and "one of 'date, year'" in warnings[0]


def test_biber_validates_the_seed_library(seed_papers, seed_bib):
    """Not one warning for the whole seed library.

    The trending page and some feed entries never give a year: those papers carry
    an open-start date range ending on the day a page listed them, not a year.
    """
    assert run_biber(seed_bib) == []
    entries = parse_string(seed_bib.read_text(encoding="utf-8"), "bibtex").entries
    undated = [e for e in entries.values() if "year" not in e.fields]
    assert len(undated) == sum(p.year is None for p in seed_papers) > 0
    assert all(re.fullmatch(r"\.\./\d{4}-\d\d-\d\d", e.fields["date"]) for e in undated)


def test_biber_gives_no_warning_for_the_dated_seed_papers(seed_papers, tmp_path):
    bib = tmp_path / "dated.bib"
    bib.write_text(render([p for p in seed_papers if p.year]), encoding="utf-8")
    assert run_biber(bib) == []


@pytest.mark.parametrize("bib", ["seed_bib", "nasty_bib"])
def test_pdflatex_typesets_the_bibliography(bib, request):
    """LaTeX (UTF-8 input, T1 fonts, the url package) accepts what bibtex made of the export."""
    need_tool("pdflatex")
    path = request.getfixturevalue(bib)
    run_bibtex(path)  # writes check.bbl beside the .bib
    work = path.parent
    (work / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n"
        "\\usepackage{url}\n\\begin{document}\n\\input{check.bbl}\n\\end{document}\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    log = (work / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, log[-3000:]
    assert not re.search(r"^! ", log, re.M), log[-3000:]
    assert "Missing character" not in log
