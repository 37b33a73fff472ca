"""CSL-JSON, RIS and Markdown: each parsed back by a reader that is not ours."""

from __future__ import annotations

import json

import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from markdown_it import MarkdownIt

from paperscope.export import render
from paperscope.store import Library

try:
    from tests.export_fixtures import SEEDS, paper
except ImportError:  # tests/ is not a package
    from export_fixtures import SEEDS, paper

CONF = paper(
    "SparCL: Sparse Continual Learning on the Edge",
    id="c1",
    authors=["Zifeng Wang", "Jan van der Berg", "Martin Luther King Jr.", "Sheng Li 0019"],
    authors_truncated=True,
    venue="NeurIPS",
    venue_type="Conference",
    pub_type="Conference Paper",
    year=2022,
    abstract="We propose SparCL & more.",
    links=["https://github.com/x/SparCL"],
)
JOURNAL = paper(
    "A Journal Paper",
    id="j1",
    authors=["A B"],
    venue="TMLR",
    venue_type="Journal",
    pub_type="Journal Article",
    year=2022,
)
PREPRINT = paper(
    "A Preprint",
    id="a1",
    authors=["C D"],
    year=2023,
    date="2023-03-15",
    category="CV",
    links=["https://arxiv.org/abs/2303.08774"],
)


@pytest.fixture(scope="module")
def seed_papers(tmp_path_factory):
    lib = Library.open(tmp_path_factory.mktemp("lib") / "lib.json")
    lib.import_files(SEEDS)
    return lib.papers()


# -- CSL-JSON ---------------------------------------------------------------------


def csl(papers, **kw) -> dict[str, dict]:
    return {item["id"]: item for item in json.loads(render(papers, "csljson", **kw))}


def test_csljson_fields():
    items = csl([CONF, JOURNAL, PREPRINT])
    conf = items["wang2022sparcl"]
    assert conf["type"] == "paper-conference"
    assert conf["container-title"] == "Advances in Neural Information Processing Systems (NeurIPS)"
    assert conf["container-title-short"] == "NeurIPS"
    assert conf["author"] == [
        {"family": "Wang", "given": "Zifeng"},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        {"family": "Li", "given": "Sheng"},
    ]
    assert conf["issued"] == {"date-parts": [[2022]]}
    assert conf["abstract"] == "We propose SparCL & more."
    assert conf["URL"] == "https://github.com/x/SparCL"
    assert "Author list truncated" in conf["note"]
    assert items["b2022journal"]["type"] == "article-journal"
    pre = items["d2023preprint"]
    assert pre["type"] == "article"
    assert pre["issued"] == {"date-parts": [[2023, 3, 15]]}
    assert pre["number"] == "arXiv:2303.08774" and pre["publisher"] == "arXiv"
    assert pre["URL"] == "https://arxiv.org/abs/2303.08774"
    assert "abstract" not in csl([CONF], abstract=False)["wang2022sparcl"]


def test_citeproc_formats_the_whole_seed_library(seed_papers):
    items = json.loads(render(seed_papers, "csljson"))
    assert len(items) == len(seed_papers)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bib.bibliography()]
    assert len(rendered) == len(items)
    sod = next(i for i in items if i["title"].startswith("SoD$^2$"))
    line = next(r for r in rendered if "SoD$^2$" in r)
    assert sod["author"][0]["family"] in line


# -- RIS --------------------------------------------------------------------------


def test_ris_fields_read_by_rispy():
    records = {r["id"]: r for r in rispy.loads(render([CONF, JOURNAL, PREPRINT], "ris"))}
    conf = records["wang2022sparcl"]
    assert conf["type_of_reference"] == "CONF"
    assert conf["authors"] == [
        "Wang, Zifeng",
        "van der Berg, Jan",
        "King, Martin Luther, Jr.",
        "Li, Sheng",
    ]
    assert conf["secondary_title"] == (
        "Advances in Neural Information Processing Systems (NeurIPS)"
    )
    assert conf["year"] == "2022"
    assert conf["abstract"] == "We propose SparCL & more."
    assert conf["urls"] == ["https://github.com/x/SparCL"]
    journal = records["b2022journal"]
    assert journal["type_of_reference"] == "JOUR"
    assert journal["journal_name"] == "TMLR"
    pre = records["d2023preprint"]
    assert pre["type_of_reference"] == "GEN"
    assert pre["date"] == "2023/03/15/"
    assert pre["doi"] == "10.48550/arXiv.2303.08774"
    assert pre["keywords"] == ["cs.CV"]


def test_ris_of_the_seed_library(seed_papers):
    text = render(seed_papers, "ris")
    records = rispy.loads(text)
    assert len(records) == len(seed_papers) == text.count("\nER  - ")
    assert sorted(r["title"] for r in records) == sorted(p.title for p in seed_papers)


# -- Markdown ---------------------------------------------------------------------


def test_markdown_reading_list_of_the_seed_library(seed_papers):
    md = render(seed_papers, "markdown")
    tokens = MarkdownIt("commonmark").parse(md)
    items = [t for t in tokens if t.type == "list_item_open"]
    assert len(items) == len(seed_papers)
    assert f"{len(seed_papers)} papers" in md
    titles = []
    for t in tokens:
        kinds = [c.type for c in t.children or []]
        if "strong_open" in kinds:
            inside = t.children[kinds.index("strong_open") + 1 : kinds.index("strong_close")]
            titles.append("".join(c.content for c in inside))
    assert sorted(titles) == sorted(p.title for p in seed_papers)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]


def test_markdown_item_has_authors_venue_links_and_key():
    md = render([CONF], "markdown", abstract=False)
    html = MarkdownIt("commonmark").render(md)
    assert "<strong>SparCL: Sparse Continual Learning on the Edge</strong>" in html
    assert "Zifeng Wang, Jan van der Berg, Martin Luther King Jr. et al." in html
    assert "NeurIPS 2022" in html
    assert '<a href="https://github.com/x/SparCL">paper</a>' in html
    assert "<code>wang2022sparcl</code>" in html
    assert "blockquote" not in html
    assert "<blockquote>" in MarkdownIt("commonmark").render(render([CONF], "markdown"))
