"""``add_into``: papers go into a manuscript's .bib; what was there stays byte for byte."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import bibtexparser
import pytest

from paperscope.export.into import IntoError, add_into
from paperscope.records import LibraryPaper, Source
from parsers import bibtex as bibparser

try:
    from tests.export_fixtures import paper, run_biber, run_bibtex
except ImportError:  # tests/ is not a package
    from export_fixtures import paper, run_biber, run_bibtex

# A draft's bibliography as a person keeps it: comments, macros, own keys and layout.
MANUSCRIPT = r"""% Bibliography of "Sparse training at the edge" -- draft 3
% (keep the macros: the camera-ready uses short names)
@string{neurips = "Advances in Neural Information Processing Systems"}
@String{iclr    = {International Conference on Learning Representations}}

@InProceedings{myfavourite,
  Author    = {Wang, Zifeng and Zhan, Zheng and Gong, Yifan},
  Title     = {{SparCL}: Sparse Continual Learning on the Edge},
  BookTitle = neurips,
  Year      = 2022,
}

% an unrelated paper that happens to hold the key the library would choose
@article{chen2024enabling,
  author  = {Chen, Ada},
  title   = {Enabling Something Else Entirely},
  journal = {Journal of Other Things},
  year    = {2024},
}

@inproceedings{niu2023,
    author = {Niu, Wei and Agrawal, Gagan and Ren, Bin},
    title = {SoD$^2$ (the long version)},
    booktitle = iclr,
    year = {2023},
    doi = {10.5555/sod2.2023}
}

@article{quotes,
  author  = {N{\'u}{\~n}ez-Garc{\'i}a, Zo{\"e}},
  title   = {A Title the Library Spells Differently},
  journal = {arXiv preprint},
  year    = {2021},
  eprint  = {2107.01234},
  archivePrefix = {arXiv},
}
"""


def _src(record: dict) -> Source:
    return Source(
        file="refs.bib",
        sha256="0" * 64,
        format="bibtex",
        subject=None,
        page_key="k",
        position=1,
        imported_at="2024-01-01T00:00:00Z",
        record=record,
    )


def _library() -> list[LibraryPaper]:
    return [
        # also in the file, under the user's key (same title up to braces and case)
        paper(
            "SparCL: Sparse Continual Learning on the Edge",
            id="sparcl",
            authors=["Zifeng Wang", "Zheng Zhan"],
            venue="NeurIPS",
            venue_type="Conference",
            year=2022,
        ),
        # in the file by DOI (the file's title differs)
        paper(
            "SoD$^2$: Statically Optimizing Dynamic Deep Neural Network",
            id="sod2",
            authors=["Wei Niu", "Bin Ren 0001"],
            year=2023,
            sources=[_src({"title": "SoD$^2$", "doi": "10.5555/SOD2.2023"})],
        ),
        # in the file by arXiv id (a link with a version)
        paper(
            "Über naïve “quotes”",
            id="quotes",
            authors=["Zoë Ñúñez-García"],
            year=2021,
            links=["https://arxiv.org/abs/2107.01234v3"],
        ),
        # new; its key clashes with the unrelated chen2024enabling
        paper(
            "Enabling Level-4 Autonomous Driving on a Single $1k Off-the-Shelf Card",
            id="level4",
            authors=["Hsin-Yu Chen", "Jan van der Berg"],
            year=2024,
            date="2024-03-01",
            abstract="Costs $1k & saves 80% of it.",
        ),
        # new; imported from a DBLP .bib, so its own key goes in
        paper(
            "Towards Optimal Depth-Reductions for Algebraic Formulas",
            id="depth",
            authors=["Hervé Fournier", "Nutan Limaye"],
            venue="CCC",
            venue_type="Conference",
            pub_type="Conference Paper",
            year=2023,
            sources=[_src({"key": "DBLP:conf/coco/FournierLM0T23"})],
        ),
    ]


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_bytes(MANUSCRIPT.encode("utf-8"))
    return path


def test_adds_only_what_is_missing_and_keeps_every_byte(bib: Path):
    before = bib.read_bytes()
    report = add_into(bib, _library())
    after = bib.read_bytes()
    assert after.startswith(before)
    assert (report.added, report.already_there) == (2, 3)
    assert report.summary() == "2 added, 3 already there"
    assert report.keys["sparcl"] == "myfavourite" and report.reasons["sparcl"] == "same title"
    assert (report.keys["sod2"], report.reasons["sod2"]) == ("niu2023", "same DOI")
    assert (report.keys["quotes"], report.reasons["quotes"]) == ("quotes", "same arXiv id")
    # the clash with an unrelated entry takes the next letter; the DBLP key is kept
    assert report.keys["level4"] == "chen2024enablingb"
    assert report.keys["depth"] == "DBLP:conf/coco/FournierLM0T23"
    added = after[len(before) :].decode("utf-8")
    assert added.startswith("\n@") and added.count("\n@") == 2
    assert "@inproceedings{DBLP:conf/coco/FournierLM0T23," in added
    assert "@misc{chen2024enablingb," in added


def test_no_duplicate_key_and_every_entry_reads_back(bib: Path):
    add_into(bib, _library())
    library = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    keys = [e.key.casefold() for e in library.entries]
    assert len(keys) == len(set(keys)) == 6
    result = bibparser.parse_text(bib.read_text(encoding="utf-8"))
    titles = {p.title for p in result.papers}
    assert "Enabling Level-4 Autonomous Driving on a Single $1k Off-the-Shelf Card" in titles


def test_second_run_changes_nothing(bib: Path):
    add_into(bib, _library())
    once = bib.read_bytes()
    stamp = bib.stat().st_mtime_ns
    report = add_into(bib, _library())
    assert (report.added, report.already_there) == (0, 5)
    assert bib.read_bytes() == once and bib.stat().st_mtime_ns == stamp
    assert report.keys["level4"] == "chen2024enablingb"  # found again, now by title


def test_bibtex_and_biber_accept_the_result(bib: Path):
    add_into(bib, _library())
    log = run_bibtex(bib)
    assert "error message" not in log
    assert [w for w in run_biber(bib) if "ERROR" in w] == []


def test_mode_and_symlink_are_kept(tmp_path: Path):
    real = tmp_path / "paper" / "refs.bib"
    real.parent.mkdir()
    real.write_text(MANUSCRIPT, encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "refs.bib"
    link.symlink_to(real)
    report = add_into(link, _library())
    assert link.is_symlink() and report.path == real
    assert real.read_text(encoding="utf-8").startswith(MANUSCRIPT)
    assert real.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in real.parent.iterdir()] == ["refs.bib"]  # no temp file left


@pytest.mark.parametrize(
    "content,why",
    [
        (MANUSCRIPT + "\n@article{half,\n  title = {never closed,\n", "not valid BibTeX"),
        ("\\documentclass{article}\n\\begin{document}\nHello\n\\end{document}\n", "no entry"),
        ("binary\x00data", "NUL"),
    ],
)
def test_a_file_that_is_not_bibtex_is_refused_untouched(tmp_path: Path, content: str, why: str):
    path = tmp_path / "refs.bib"
    path.write_bytes(content.encode("utf-8"))
    with pytest.raises(IntoError, match=why):
        add_into(path, _library())
    assert path.read_bytes() == content.encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_new_file_comment_only_file_crlf_and_latin1(tmp_path: Path):
    fresh = tmp_path / "new.bib"
    assert add_into(fresh, _library()).added == 5
    assert bibtexparser.parse_string(fresh.read_text(encoding="utf-8")).failed_blocks == []

    comments = tmp_path / "comments.bib"
    comments.write_bytes(b"% nothing yet\n")
    assert add_into(comments, _library()).added == 5
    assert comments.read_bytes().startswith(b"% nothing yet\n\n@")

    crlf = tmp_path / "crlf.bib"
    original = MANUSCRIPT.replace("\n", "\r\n").encode("utf-8")
    crlf.write_bytes(original)
    add_into(crlf, _library())
    data = crlf.read_bytes()
    assert data.startswith(original) and b"\n" not in data.replace(b"\r\n", b"")

    latin = tmp_path / "latin.bib"
    original = ("% Müller's list\n" + MANUSCRIPT).encode("latin-1")
    latin.write_bytes(original)
    add_into(latin, _library())
    data = latin.read_bytes()
    assert data.startswith(original)
    assert "Hervé Fournier" in data.decode("latin-1")  # same encoding as the file


def test_latin1_file_refuses_what_latin1_cannot_hold(tmp_path: Path):
    latin = tmp_path / "latin.bib"
    original = ("% Müller\n" + MANUSCRIPT).encode("latin-1")
    latin.write_bytes(original)
    greek = paper("Ωmega Networks", id="omega", authors=["Ωlga Ω"], year=2020)
    with pytest.raises(IntoError, match="Latin-1"):
        add_into(latin, [greek])
    assert latin.read_bytes() == original


def test_real_dblp_export_round_trip(tmp_path: Path):
    """Papers read from a DBLP list go back into a copy of it as 'already there', by key."""
    source = Path(__file__).parent / "corpora" / "bib" / "dblp" / "vaidhyanathan.bib"
    copy = tmp_path / "dblp.bib"
    shutil.copyfile(source, copy)
    result = bibparser.parse_bytes(source.read_bytes())
    papers = [
        LibraryPaper(
            id=f"p{i}", title=p.title, authors=p.authors, year=p.year, sources=[_src(p.to_dict())]
        )
        for i, p in enumerate(result.papers)
    ]
    report = add_into(copy, papers)
    assert (report.added, report.already_there) == (0, len(papers))
    assert set(report.reasons.values()) == {"same key"}
    assert copy.read_bytes() == source.read_bytes()


def test_pinned_keys_are_used_as_they_are(bib: Path):
    new = paper("A Paper Nobody Cited Yet", id="fresh", authors=["Ada Lovelace"], year=1843)
    report = add_into(bib, [new], pinned={"fresh": "lovelace-notes"})
    assert report.keys == {"fresh": "lovelace-notes"} and report.added == 1
    assert "@misc{lovelace-notes," in bib.read_text(encoding="utf-8")
