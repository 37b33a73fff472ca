"""BibTeX rules from issue 4, each checked on what a user would find in the .bib file."""

from __future__ import annotations

import bibtexparser
import pytest
from bibtexparser.middlewares.names import parse_single_name_into_parts
from pybtex.database import Person, parse_string

from paperscope.export import render
from paperscope.export.latex import title as latex_title
from paperscope.export.persons import bibtex_name, split_name

try:
    from tests.export_fixtures import paper, untex
except ImportError:  # tests/ is not a package
    from export_fixtures import paper, untex


def one(**fields):
    """The entry for a paper titled "T" by "A B" with these fields."""
    return entry(paper("T", authors=["A B"], **fields))


def entry(p, **kw):
    """The single pybtex entry the export of one paper gives."""
    data = parse_string(render([p], **kw), "bibtex")
    assert len(data.entries) == 1
    return next(iter(data.entries.values()))


# -- entry types ------------------------------------------------------------------


NEURIPS = "Advances in Neural Information Processing Systems (NeurIPS)"


@pytest.mark.parametrize(
    ("fields", "entry_type", "container"),
    [
        (
            {"venue": "NeurIPS", "venue_type": "Conference", "pub_type": "Conference Paper"},
            "inproceedings",
            ("booktitle", NEURIPS),
        ),
        (
            {"venue": "AAAI", "venue_type": "Conference", "pub_type": "System Paper"},
            "inproceedings",
            ("booktitle", "Proceedings of the AAAI Conference on Artificial Intelligence (AAAI)"),
        ),
        (
            {"venue": "TMLR", "venue_type": "Journal", "pub_type": "Journal Article"},
            "article",
            ("journal", "Transactions on Machine Learning Research (TMLR)"),
        ),
    ],
)
def test_entry_type_and_container_follow_the_venue(fields, entry_type, container):
    e = entry(paper("SparCL: Sparse Continual Learning", authors=["A B"], year=2022, **fields))
    assert e.type == entry_type
    assert (container[0], e.fields[container[0]]) == container
    other = ({"booktitle", "journal"} - {container[0]}).pop()
    assert other not in e.fields


@pytest.mark.parametrize(
    ("venue", "full"),
    [
        ("ICML", "Proceedings of the International Conference on Machine Learning (ICML)"),
        ("ICLR", "International Conference on Learning Representations (ICLR)"),
        (
            "IJCAI",
            "Proceedings of the International Joint Conference on Artificial Intelligence (IJCAI)",
        ),
        (
            "CVPR",
            "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern "
            "Recognition (CVPR)",
        ),
        ("neurips", NEURIPS),
        ("MadeUpConf", "MadeUpConf"),
    ],
)
def test_venue_names(venue, full):
    e = one(venue=venue, venue_type="Conference", year=2021)
    assert e.fields["booktitle"] == full


def test_arxiv_paper_with_known_id_gets_eprint_fields():
    e = one(
        category="CV",
        date="2023-03-15",
        year=2023,
        links=["https://arxiv.org/abs/2303.08774v2", "https://github.com/x/y"],
    )
    assert e.type == "misc"
    assert e.fields["eprint"] == "2303.08774"
    assert e.fields["archivePrefix"] == "arXiv"
    assert e.fields["primaryClass"] == "cs.CV"
    assert e.fields["url"] == "https://arxiv.org/abs/2303.08774"
    assert "howpublished" not in e.fields


def test_arxiv_id_from_the_abstract():
    e = one(category="QUANT-PH", year=2021, abstract="Full version at arXiv:2101.00001.")
    assert e.fields["eprint"] == "2101.00001"
    assert e.fields["primaryClass"] == "quant-ph"


@pytest.mark.parametrize(
    ("printed", "arxiv"),
    [
        ("CV", "cs.CV"),
        ("LG", "cs.LG"),
        ("CL", "cs.CL"),
        ("AI", "cs.AI"),
        ("RO", "cs.RO"),
        ("AR", "cs.AR"),
        ("DC", "cs.DC"),
        ("CR", "cs.CR"),
        ("IR", "cs.IR"),
        ("ET", "cs.ET"),
        ("SP", "eess.SP"),
        ("IV", "eess.IV"),
        ("QUANT-PH", "quant-ph"),
        ("ML", "stat.ML"),
    ],
)
def test_primary_class_in_arxiv_form(printed, arxiv):
    e = one(category=printed, year=2024, links=["https://arxiv.org/pdf/2401.01234"])
    assert e.fields["primaryClass"] == arxiv


def test_preprint_without_arxiv_id_says_how_it_was_published():
    e = one(category="IV", year=2024)
    assert e.type == "misc"
    assert e.fields["howpublished"] == "arXiv preprint (eess.IV)"
    assert "eprint" not in e.fields
    bare = one(year=2024)
    assert bare.fields["howpublished"] == "Preprint"


def test_authorless_paper_gets_a_sort_key_for_plain_bst():
    e = entry(paper("Deep Model Assembling"))
    assert "author" not in e.persons
    assert e.fields["key"] == "Deep Model Assembling"


# -- authors ----------------------------------------------------------------------


def test_authors_joined_dblp_numbers_dropped_truncated_list_ends_with_others():
    e = entry(
        paper(
            "T",
            authors=["Sheng Li 0019", "Qitao Tan", "Geng Yuan"],
            authors_truncated=True,
            year=2023,
        )
    )
    names = [str(p) for p in e.persons["author"]]
    assert names == ["Li, Sheng", "Tan, Qitao", "Yuan, Geng", "others"]
    assert "0019" not in render([paper("T", authors=["Sheng Li 0019"])])


@pytest.mark.parametrize(
    ("printed", "given", "particle", "family", "suffix"),
    [
        ("Zhenglun Kong", "Zhenglun", "", "Kong", ""),
        ("Md Musfiqur Rahman Sanim", "Md Musfiqur Rahman", "", "Sanim", ""),
        ("Jan van der Berg", "Jan", "van der", "Berg", ""),
        ("Ludwig van Beethoven", "Ludwig", "van", "Beethoven", ""),
        ("Jean-Claude De Vries", "Jean-Claude", "", "De Vries", ""),
        ("Jan Van der Berg", "Jan", "", "Van der Berg", ""),
        ("Martin Van Der Buren", "Martin", "", "Van Der Buren", ""),
        ("Anh Van Nguyen", "Anh Van", "", "Nguyen", ""),
        ("van Berg", "van", "", "Berg", ""),
        ("José María De La Torre", "José María", "", "De La Torre", ""),
        ("Oliver J. Woodford", "Oliver J.", "", "Woodford", ""),
        ("J. R. R. Tolkien", "J. R. R.", "", "Tolkien", ""),
        ("Martin Luther King Jr.", "Martin Luther", "", "King", "Jr."),
        ("Bahareh Khalili-Hashemi", "Bahareh", "", "Khalili-Hashemi", ""),
        ("Álvaro Núñez", "Álvaro", "", "Núñez", ""),
        ("danah boyd", "danah", "", "boyd", ""),
        ("Plato", "", "", "Plato", ""),
        ("Sheng Li 0019", "Sheng", "", "Li", ""),
    ],
)
def test_names_split_and_read_back_the_same_in_pybtex_and_bibtexparser(
    printed, given, particle, family, suffix
):
    name = split_name(printed)
    assert (name.given, name.particle, name.family, name.suffix) == (
        given,
        particle,
        family,
        suffix,
    )
    written = bibtex_name(name)
    p = Person(written)
    assert " ".join(p.first_names + p.middle_names) == given
    assert " ".join(p.prelast_names) == particle
    assert untex(" ".join(p.last_names)) == family
    assert " ".join(p.lineage_names) == suffix
    parts = parse_single_name_into_parts(written)
    assert (
        " ".join(parts.first),
        " ".join(parts.von),
        untex(" ".join(parts.last)),
        " ".join(parts.jr),
    ) == (given, particle, family, suffix)


def test_simple_names_stay_in_first_last_order_multiword_surnames_use_commas():
    assert bibtex_name(split_name("Zhenglun Kong")) == "Zhenglun Kong"
    assert bibtex_name(split_name("Jean-Claude De Vries")) == "De Vries, Jean-Claude"
    assert bibtex_name(split_name("Jan Van der Berg")) == "Van {der} Berg, Jan"
    assert bibtex_name(split_name("Jan van der Berg")) == "van der Berg, Jan"
    assert bibtex_name(split_name("Martin Luther King Jr.")) == "King, Jr., Martin Luther"


def test_a_name_word_and_is_not_a_separator():
    e = entry(paper("T", authors=["Anand And Rao", "Wei Li"], year=2020))
    assert len(e.persons["author"]) == 2


# -- citation keys ----------------------------------------------------------------


def keys(bib: str) -> list[str]:
    return list(parse_string(bib, "bibtex").entries.keys())


def test_key_is_lastname_year_first_real_title_word_in_ascii():
    p = paper("On the Über-Efficient ViT", authors=["Zoë Ñúñez-García", "B C"], year=2023)
    assert keys(render([p])) == ["nunezgarcia2023uber"]


def test_key_skips_math_and_stopwords_and_survives_missing_parts():
    assert keys(
        render([paper("SoD$^2$: Statically Optimizing", authors=["Wei Niu"], year=2023)])
    ) == ["niu2023sod"]
    assert keys(render([paper("The A An", authors=["Wei Niu"])])) == ["niuthe"]
    assert keys(render([paper("Deep Model Assembling", year=2022)])) == ["anon2022deep"]


def test_colliding_keys_get_letters_in_an_order_independent_of_the_selection():
    a = paper("Sparse Training One", id="zz", authors=["Sheng Li"], year=2023, date="2023-01-05")
    b = paper(
        "Sparse Training Two", id="aa", authors=["Sheng Li 0019"], year=2023, date="2023-06-01"
    )
    c = paper("Sparse Training Three", id="mm", authors=["Sheng Li"], year=2023)
    first = parse_string(render([a, b, c]), "bibtex").entries
    again = parse_string(render([c, a, b]), "bibtex").entries
    assert {k: e.fields["title"] for k, e in first.items()} == {
        k: e.fields["title"] for k, e in again.items()
    }
    # undated first, then by date
    assert [
        first[k].fields["title"] for k in ("li2023sparsea", "li2023sparseb", "li2023sparsec")
    ] == ["Sparse Training Three", "Sparse Training One", "Sparse Training Two"]


def test_keys_are_stable_when_scoped_to_the_library():
    a = paper("Sparse Training One", id="a1", authors=["Sheng Li"], year=2023)
    b = paper("Sparse Training Two", id="b1", authors=["Sheng Li"], year=2023)
    alone = keys(render([b], key_scope=[a, b]))
    together = keys(render([a, b], key_scope=[a, b]))
    assert alone == ["li2023sparseb"]
    assert together == ["li2023sparsea", "li2023sparseb"]


def test_the_same_paper_twice_is_one_entry():
    p = paper("T", id="x", authors=["A B"], year=2020)
    assert len(keys(render([p, p]))) == 1


# -- escaping and case protection -------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "written"),
    [
        ("Layer Freezing & Data Sieving", "Layer Freezing \\& Data Sieving"),
        ("Over 80% Energy Savings", "Over 80\\% Energy Savings"),
        ("C# and snake_case", "{C}\\# and snake\\_case"),
        ("A Single $1k Off-the-Shelf Card", "A Single \\$1k Off-the-Shelf Card"),
        ("From $5 to $10", "From \\$5 to \\$10"),
        ("SoD$^2$: Statically Optimizing", "{SoD$^2$}: Statically Optimizing"),
        ("AdaCM$^2$: On Understanding", "{AdaCM$^2$}: On Understanding"),
        ("Rate $O(n \\log n)$ Sorting", "Rate {$O(n \\log n)$} Sorting"),
        (
            "Unsafe $\\input{x}$",
            "Unsafe \\$\\textbackslash{}input\\textbraceleft{}x\\textbraceright{}\\$",
        ),
        ("Braces {x} and \\", "Braces \\textbraceleft{}x\\textbraceright{} and \\textbackslash{}"),
        ("ViT and LLMs", "{ViT} and {LLMs}"),
        ("SparCL: Sparse Continual Learning", "{SparCL}: Sparse Continual Learning"),
        (
            "EfficientFormer: Vision Transformers at MobileNet Speed",
            "{EfficientFormer}: Vision Transformers at {MobileNet} Speed",
        ),
        ("LLM-based Hardware-Aware 3D I/O", "{LLM-based} Hardware-Aware {3D} {I/O}"),
        ("Gaussians on a Diet", "Gaussians on a Diet"),
        ("A Survey", "A Survey"),
        ("Vitamin D Levels", "Vitamin {D} Levels"),
    ],
)
def test_title_escaping_math_and_protection(raw, written):
    assert latex_title(raw) == written
    assert untex(written) == raw


def test_abstract_is_escaped_but_not_case_protected_and_can_be_dropped():
    text = "We cut 40% of ViT FLOPs & more.\n\nAnd $x^2$."
    p = paper("T", authors=["A B"], year=2020, abstract=text)
    assert entry(p).fields["abstract"] == "We cut 40\\% of ViT FLOPs \\& more. And $x^2$."
    assert "abstract" not in entry(p, abstract=False).fields


def test_unicode_is_kept_as_utf8():
    p = paper(
        "Über Fußball – naïve “quotes”", authors=["Zoë Çelik"], year=2020, abstract="Ünïcödé — 中文"
    )
    bib = render([p])
    assert "Über Fußball – naïve “quotes”" in bib
    assert "Zoë Çelik" in bib and "中文" in bib
    assert '\\"' not in bib and "\\'" not in bib


def test_braces_are_balanced_in_every_field():
    p = paper("}{ Odd {{ braces", authors=["}Bad{ Name"], year=2020, abstract="}}}")
    bib = render([p])
    depth = 0
    for ch in bib.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    assert untex(entry(p).fields["title"]) == "}{ Odd {{ braces"


# -- other fields -----------------------------------------------------------------


def test_year_month_url_and_code_fields():
    p = paper(
        "T",
        authors=["A B"],
        year=2022,
        date="2022-11-15",
        links=["https://noodle-lab.github.io/x/", "https://github.com/x/y_z"],
    )
    e = entry(p)
    assert e.fields["year"] == "2022"
    assert e.fields["month"] == "November"  # the nov macro, as bibtex prints it
    assert "month = nov," in render([p])
    assert e.fields["url"] == "https://noodle-lab.github.io/x/"
    assert e.fields["addendum"] == "Code: \\url{https://github.com/x/y_z}"


def test_code_link_alone_is_the_url_and_not_repeated():
    e = one(year=2022, links=["https://github.com/x/y"])
    assert e.fields["url"] == "https://github.com/x/y"
    assert "addendum" not in e.fields


def test_month_only_when_the_date_is_in_the_papers_year():
    e = one(venue="ICLR", venue_type="Conference", year=2023, date="2022-10-01")
    assert "month" not in e.fields


def test_urls_stay_verbatim_but_cannot_break_the_entry():
    e = one(year=2022, links=["https://x.org/a_b%20c?q={1}#frag"])
    assert e.fields["url"] == "https://x.org/a_b%20c?q=%7B1%7D#frag"


def test_whole_output_parses_in_bibtexparser_without_failed_blocks():
    papers = [
        paper(
            "SoD$^2$ & Friends: 100% {Odd}",
            authors=["Jan van der Berg", "Sheng Li 0019"],
            venue="NeurIPS",
            venue_type="Conference",
            year=2023,
            abstract="$1k_# \\ ~",
        ),
        paper("Plain", authors=["A B"], year=2020, links=["https://arxiv.org/abs/2001.00001"]),
    ]
    lib = bibtexparser.parse_string(render(papers))
    assert lib.failed_blocks == []
    assert len(lib.entries) == 2


def test_code_link_beside_a_paper_link_is_a_url_command_unless_it_cannot_be():
    e = one(year=2022, links=["https://x.org/p", "https://github.com/a/b_c"])
    assert e.fields["addendum"] == "Code: \\url{https://github.com/a/b_c}"
    e = one(year=2022, links=["https://x.org/p", "https://github.com/a/b#readme"])
    assert e.fields["addendum"] == "Code: https://github.com/a/b\\#readme"


def test_keys_do_not_depend_on_the_order_papers_come_in():
    papers = [
        paper(f"Sparse Training {n}", id=f"id{n}", authors=["Sheng Li"], year=2023)
        for n in range(30)
    ] + [paper("Sparsea Things", id="x", authors=["Sheng Li"], year=2023)]
    forward = parse_string(render(papers), "bibtex").entries
    backward = parse_string(render(papers[::-1]), "bibtex").entries
    assert list(forward) == list(backward)
    assert {k: e.fields["title"] for k, e in forward.items()} == {
        k: e.fields["title"] for k, e in backward.items()
    }
    assert len(forward) == 31
