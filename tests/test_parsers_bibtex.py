"""BibTeX as a source format: real DBLP exports and manuscripts, then the hard cases by hand.

The real files live in ``tests/corpora/bib/`` (sources in its README) and are
found by walking the folder; pybtex counts their entries independently.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pybtex.errors
import pytest
from pybtex.database import parse_string as pybtex_parse

from parsers import bibfields, bibtex
from parsers.base import Page, title_key
from parsers.text import split_lines

CORPUS = Path(__file__).parent / "corpora" / "bib"
BIB_FILES = sorted(CORPUS.rglob("*.bib"))
DBLP_FILES = sorted((CORPUS / "dblp").glob("*.bib"))


def _page(text: str) -> Page:
    return Page(lines=split_lines(text), saved=dt.date(2024, 6, 1), ends_with_newline=True)


def _pybtex(path: Path):
    pybtex.errors.set_strict_mode(True)
    return pybtex_parse(path.read_text(encoding="utf-8"), "bibtex").entries


def _outside_math(title: str) -> str:
    return re.sub(r"\$[^$]*\$", "", title)


def test_corpus_is_there():
    assert len(DBLP_FILES) >= 2 and len(BIB_FILES) >= 6


@pytest.mark.parametrize("path", BIB_FILES, ids=lambda p: p.name)
def test_every_entry_of_a_real_file_lands(path: Path):
    result = bibtex.parse_bytes(path.read_bytes())
    assert result.ok and result.format == "bibtex"
    independent = _pybtex(path)
    keys = list(independent.keys())
    # Titles whose source spells a literal backslash (DBLP's "NC{\textbackslash}textsf\{NC\}")
    literal = {k for k, e in independent.items() if "textbackslash" in e.fields.get("title", "")}
    parents = result.header["crossref_parents"]
    # none lost: every entry pybtex sees is a paper or a crossref volume
    assert result.header["entries"] == len(keys)
    assert sorted([p.key for p in result.papers] + parents) == sorted(keys)
    assert not [w for w in result.warnings if "skipped" in w or "could not" in w]
    for paper in result.papers:
        if paper.key not in literal:
            assert not re.search(r"[{}\\]", _outside_math(paper.title)), paper.title
        for name in paper.authors:
            assert not re.search(r"[{}\\]", name), (paper.key, name)
            assert name == name.strip() and "  " not in name
        assert paper.year is None or 1900 < paper.year < 2100


@pytest.mark.parametrize("path", DBLP_FILES, ids=lambda p: p.name)
def test_dblp_keys_and_names(path: Path):
    result = bibtex.parse_bytes(path.read_bytes())
    assert all(p.key and p.key.startswith("DBLP:") for p in result.papers)
    for paper in result.papers:
        if paper.key.startswith("DBLP:journals/corr/abs-"):
            # CoRR: the arXiv id comes from the volume (or eprint), the venue is not peer review
            number = paper.key.removeprefix("DBLP:journals/corr/abs-").replace("-", ".")
            assert paper.arxiv_id == number
            assert paper.venue == "CoRR" and paper.venue_type is None and paper.pub_type is None
        elif paper.entry_type == "inproceedings":
            assert paper.venue and paper.venue_type == "Conference"
            assert paper.pub_type == "Conference Paper" and paper.year


def test_limaye_names_and_tex_titles():
    result = bibtex.parse_bytes((CORPUS / "dblp" / "limaye-condensed.bib").read_bytes())
    by_key = {p.key: p for p in result.papers}
    assert by_key["DBLP:journals/cacm/LimayeST24"].authors == [
        "Nutan Limaye",
        "Srikanth Srinivasan",
        "Sébastien Tavenas",
    ]
    assert by_key["DBLP:journals/cacm/LimayeST24"].venue == "Commun. ACM"
    corr = by_key["DBLP:journals/corr/abs-2408-03465"]
    assert corr.title == (
        "On the geometry of k-SAT solutions: what more can PPZ and Schöning's algorithms do?"
    )
    assert corr.arxiv_id == "2408.03465" and "https://arxiv.org/abs/2408.03465" in corr.links
    assert by_key["DBLP:journals/algorithmica/BajpaiKKLS22"].title.startswith("A #SAT Algorithm")
    # DBLP spells math as \textdollar...: it comes back as the math it was
    assert "$\\mathrm{AC}^0[\\oplus]$" in by_key["DBLP:journals/siamcomp/LimayeSSTV21"].title
    assert by_key["DBLP:conf/stoc/FournierL0T24"].authors[0] == "Hervé Fournier"


def test_standard_export_has_dois_and_urls():
    result = bibtex.parse_bytes((CORPUS / "dblp" / "limaye-standard.bib").read_bytes())
    with_doi = [p for p in result.papers if p.doi]
    assert len(with_doi) == 67  # DBLP has no DOI for the other ECCC and old entries
    paper = next(p for p in result.papers if p.key == "DBLP:journals/algorithmica/ChauguleL24")
    assert paper.doi == "10.1007/S00453-024-01221-8"
    assert paper.url == "https://doi.org/10.1007/s00453-024-01221-8"


def test_crossref_export_gives_the_same_papers_as_the_standard_one():
    """DBLP's crossref variant: every child inherits its volume's booktitle and year."""
    plain = bibtex.parse_bytes((CORPUS / "dblp" / "limaye-standard.bib").read_bytes())
    xref = bibtex.parse_bytes((CORPUS / "dblp" / "limaye-crossref.bib").read_bytes())
    assert len(xref.header["crossref_parents"]) == 39
    a = {p.key: p for p in plain.papers}
    b = {p.key: p for p in xref.papers}
    assert a.keys() == b.keys()
    for key, paper in a.items():
        assert (b[key].venue, b[key].year, b[key].venue_type) == (
            paper.venue,
            paper.year,
            paper.venue_type,
        ), key


# Real CoRR / ECCC / conference / journal versions of one work, as DBLP lists them.
SAME_WORK = [
    (
        "limaye-condensed.bib",
        [
            "DBLP:conf/stoc/HakoniemiLT24",
            "DBLP:journals/corr/abs-2412-20114",
            "DBLP:journals/eccc/HakoniemiLT24",
        ],
    ),
    (
        "limaye-condensed.bib",
        [
            "DBLP:conf/coco/FournierLM0T23",
            "DBLP:journals/corr/abs-2302-06984",
            "DBLP:journals/eccc/FournierLM0T23",
        ],
    ),
    (
        "limaye-condensed.bib",
        [
            "DBLP:journals/algorithmica/BajpaiKKLS22",
            "DBLP:conf/innovations/BajpaiKKL019",
            "DBLP:journals/corr/abs-1809-05932",
            "DBLP:journals/eccc/BajpaiKKLS18",
        ],
    ),
    # "Doesn't" on the conference version, "doesn't" with other casing on CoRR
    (
        "limaye-condensed.bib",
        [
            "DBLP:conf/coco/ChauguleKLMS020",
            "DBLP:journals/corr/abs-1911-12520",
            "DBLP:journals/eccc/ChauguleKLMSS19",
        ],
    ),
    ("vaidhyanathan.bib", ["DBLP:conf/seams/MardaKV24", "DBLP:journals/corr/abs-2402-06351"]),
    ("vaidhyanathan.bib", ["DBLP:conf/kbse/KulkarniMV23", "DBLP:journals/corr/abs-2308-09960"]),
    ("vaidhyanathan.bib", ["DBLP:conf/icse-wain/MucciniV21", "DBLP:journals/corr/abs-2103-07950"]),
]


@pytest.mark.parametrize("name,keys", SAME_WORK)
def test_versions_of_one_work_share_the_title_key(name: str, keys: list[str]):
    result = bibtex.parse_bytes((CORPUS / "dblp" / name).read_bytes())
    by_key = {p.key: p for p in result.papers}
    titles = {title_key(by_key[k].title) for k in keys}
    assert len(titles) == 1
    # ...and the other papers of the list do not share it
    others = [p for p in result.papers if p.key not in keys]
    assert not [p.key for p in others if title_key(p.title) in titles]


# -- hand-written hard cases ---------------------------------------------------------------

HARD = r"""% A manuscript's bibliography
@String{nips = {Advances in Neural Information Processing Systems}}
@STRING(conf = "Proc. " # nips)

@Comment{jabref-meta: databaseType:bibtex;}

@inproceedings{vaswani2017,
  author    = {Vaswani, Ashish and Shazeer, Noam and others},
  title     = {Attention Is All You {Need}},
  booktitle = conf # " 30",
  year      = 2017,
  month     = dec,
}

@article{accents,
  author  = "S{\'{e}}bastien Tavenas and M{\"u}ller, J{\"{u}}rgen and Fran\c{c}ois Gar{\c c}on
             and S{\o}ren {\O}stergaard and {\L}ukasz Kaiser and Sheng Li 0019
             and {World Health Organization} and King, Jr., Martin Luther",
  title   = {{SoD$^2$}: Statically Optimizing {Dynamic} {{Deep}} Networks, 100\% {\em fast}},
  journal = {Journal of {Nested {Braces}}},
  year    = {2021},
  doi     = {https://doi.org/10.1000/XYZ_1},
  url     = {https://example.org/a%20b},
}

@misc{arxivonly,
  title         = {An arXiv Paper},
  author        = {Doe, Jane},
  eprint        = {2103.01234v2},
  archivePrefix = {arXiv},
  primaryClass  = {cs.LG},
  year          = {2021},
  abstract      = {We show $O(n \log n)$ time.\par It   works.},
}

@inproceedings{child,
  author   = {Child, C.},
  title    = {The Child},
  crossref = {parent},
  pages    = {1--2},
}

@proceedings{parent,
  title     = {Proceedings of the Parent Conference},
  booktitle = {Parent Conf},
  year      = {2019},
  editor    = {Ed, E.},
}

@article{notitle,
  author = {Nobody, N.},
  year   = {2020},
}

@article{broken,
  author = {Broken, B.},
  title  = {Never closed,
  year   = {2020}

@article{after,
  author = {After, A.},
  title  = {Still Read After a Broken Entry},
  journal = {J},
  year = {2018},
}

@article{vaswani2017,
  title = {A Second Entry With the Same Key},
  year = {2016},
}
"""


def _hard() -> dict[str, object]:
    result = bibtex.parse_text(HARD)
    return {"result": result, "by_title": {p.title: p for p in result.papers}}


def test_strings_concatenation_and_month_macros():
    paper = _hard()["by_title"]["Attention Is All You Need"]
    assert paper.venue == "Proc. Advances in Neural Information Processing Systems 30"
    assert (paper.venue_type, paper.pub_type) == ("Conference", "Conference Paper")
    assert paper.year == 2017 and paper.date == "2017-12"
    assert paper.authors == ["Ashish Vaswani", "Noam Shazeer"] and paper.authors_truncated
    assert paper.key == "vaswani2017" and paper.entry_type == "inproceedings"


def test_accents_names_braces_and_tex_titles():
    paper = _hard()["by_title"]["SoD$^2$: Statically Optimizing Dynamic Deep Networks, 100% fast"]
    assert paper.authors == [
        "Sébastien Tavenas",
        "Jürgen Müller",
        "François Garçon",
        "Søren Østergaard",
        "Łukasz Kaiser",
        "Sheng Li 0019",
        "World Health Organization",
        "Martin Luther King Jr.",
    ]
    assert paper.venue == "Journal of Nested Braces"
    assert paper.doi == "10.1000/XYZ_1" and paper.url == "https://example.org/a%20b"
    assert paper.links == ["https://example.org/a%20b", "https://doi.org/10.1000/XYZ_1"]


def test_arxiv_eprint_and_abstract():
    paper = _hard()["by_title"]["An arXiv Paper"]
    assert paper.arxiv_id == "2103.01234" and paper.category == "cs.LG"
    assert paper.links == ["https://arxiv.org/abs/2103.01234"]
    assert paper.venue is None and paper.pub_type is None
    assert paper.abstract.startswith("We show $O(n \\log n)$ time.")
    assert "  " not in paper.abstract


def test_crossref_child_inherits_and_the_volume_is_not_a_paper():
    hard = _hard()
    child = hard["by_title"]["The Child"]
    assert child.venue == "Parent Conf" and child.year == 2019
    assert child.venue_type == "Conference"
    assert hard["result"].header["crossref_parents"] == ["parent"]
    assert "Proceedings of the Parent Conference" not in hard["by_title"]


def test_broken_and_untitled_entries_are_one_line_each_and_the_rest_lands():
    result = _hard()["result"]
    assert result.ok
    titles = {p.title for p in result.papers}
    assert "Still Read After a Broken Entry" in titles
    assert not any("Never closed" in t for t in titles)
    broken = [w for w in result.warnings if "'broken'" in w]
    line = HARD.splitlines().index("@article{broken,") + 1
    assert len(broken) == 1 and broken[0].startswith(f"line {line}: entry 'broken'")
    assert "Unexpected block start" in broken[0] and broken[0].endswith("; skipped")
    notitle = [w for w in result.warnings if "'notitle'" in w]
    assert len(notitle) == 1 and "no title" in notitle[0]


def test_a_repeated_key_keeps_the_paper_but_not_the_key():
    hard = _hard()
    repeat = hard["by_title"]["A Second Entry With the Same Key"]
    assert repeat.key is None and repeat.year == 2016
    assert any("repeats the key" in w for w in hard["result"].warnings)
    assert [p.key for p in hard["result"].papers].count("vaswani2017") == 1


def test_an_undefined_macro_is_kept_as_its_name_and_reported():
    result = bibtex.parse_text("@inproceedings{u, title = {T}, booktitle = icml, year = 2020}\n")
    assert result.papers[0].venue == "icml" and result.papers[0].year == 2020
    assert result.warnings == [
        "entry 'u': the macro 'icml' is not defined in the file; kept as its name"
    ]


def test_latin1_file_bom_and_crlf():
    latin = "@article{k,\n author = {Müller, Jürgen},\n title = {Über Café},\n year = 2020}\n"
    result = bibtex.parse_bytes(latin.encode("latin-1"))
    assert result.ok and result.papers[0].authors == ["Jürgen Müller"]
    assert result.papers[0].title == "Über Café"
    assert any("not valid UTF-8" in w for w in result.warnings)
    bom_crlf = ("\ufeff" + latin.replace("\n", "\r\n")).encode("utf-8")
    result = bibtex.parse_bytes(bom_crlf)
    assert result.ok and result.warnings == []
    assert result.papers[0].title == "Über Café" and result.papers[0].key == "k"


def test_empty_and_comment_only_files_are_refused_plainly():
    assert bibtex.parse_bytes(b"").error == "the file is empty"
    only_comments = b"% nothing here\n@comment{still nothing}\n% really\n"
    result = bibtex.parse_bytes(only_comments)
    assert result.error == "the BibTeX file holds no entries" and result.papers == []
    result = bibtex.parse_text("@article{x,\n title = {never closed\n")
    assert result.error == "no entry of this BibTeX file could be read"
    assert len(result.warnings) == 1


def test_detect_tells_bibtex_from_pages():
    assert bibtex.detect(_page(HARD)) == 1.0
    banner = "This file was created with JabRef 5.1.\nEncoding: UTF-8\n\n" + HARD.split("\n", 1)[1]
    assert bibtex.detect(_page(banner)) >= 0.5
    for seed in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8", errors="replace")
        assert bibtex.detect(_page(text)) == 0.0, seed.name
    prose = "A title\nSome abstract mentioning @article{x, in passing.\nMore text.\n"
    assert bibtex.detect(_page(prose)) == 0.0


def test_parse_through_a_page_matches_parse_text():
    via_page = bibtex.parse(_page(HARD))
    direct = bibtex.parse_text(HARD)
    assert [p.to_dict() for p in via_page.papers] == [p.to_dict() for p in direct.papers]


def test_page_records_keep_their_shape():
    """The new optional fields appear only when set (the golden page JSON is unchanged)."""
    paper = bibtex.parse_text(HARD).papers[0]
    assert paper.to_dict()["key"] == "vaswani2017"
    assert "doi" not in paper.to_dict() and "arxiv_id" not in paper.to_dict()


def test_parse_speed_of_2000_entries_is_measured(capsys):
    """A real DBLP export (DOIs, URLs, accents) copied to 2,006 entries; timed, not asserted."""
    real = (CORPUS / "dblp" / "limaye-standard.bib").read_text(encoding="utf-8")
    # unique keys and titles, and an empty decode cache: nothing is decoded only once
    text = "".join(
        real.replace("{DBLP:", f"{{DBLP{i}:").replace("title        = {", f"title = {{V{i} ")
        for i in range(17)
    )
    bibfields.decode.cache_clear()
    start = time.perf_counter()
    result = bibtex.parse_text(text)
    elapsed = time.perf_counter() - start
    assert len(result.papers) == 17 * 118 and not result.warnings
    with capsys.disabled():
        print(f"\n[measure] {len(result.papers)} BibTeX entries parsed in {elapsed:.2f}s")
