"""The library: merging across pages, clusters, re-imports, atomic and locked writes."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

import parsers
from paperscope.authors import build_clusters, display_name, ranked
from paperscope.records import LibraryPaper
from paperscope.store import Library, LibraryError
from parsers.base import title_key
from tests.conftest import SEEDS


def _by_title(lib: Library, title: str) -> LibraryPaper:
    matches = [p for p in lib.papers() if p.title == title]
    assert len(matches) == 1, f"{title!r}: {len(matches)} records"
    return matches[0]


def test_seed_library_has_one_record_per_distinct_paper(seed_library):
    # Distinct papers counted independently of the store: distinct normalised titles.
    keys = {title_key(p.title) for f in SEEDS for p in parsers.parse_file(f).papers}
    assert len(seed_library) == len(keys) == 189
    assert len({title_key(p.title) for p in seed_library.papers()}) == len(seed_library)
    # every sighting is kept as a source: 28 + 50 + 50 + 75 + 10 papers on the pages
    assert sum(len(p.sources) for p in seed_library.papers()) == 213


def test_paper_on_three_pages_is_merged_with_all_sources(seed_library):
    sparcl = _by_title(seed_library, "SparCL: Sparse Continual Learning on the Edge")
    assert sorted(s.format for s in sparcl.sources) == ["author-cluster", "feed", "profile"]
    # peer-reviewed venue wins over the arXiv listing
    assert (sparcl.venue, sparcl.venue_type, sparcl.pub_type) == (
        "NeurIPS",
        "Conference",
        "Conference Paper",
    )
    assert sparcl.year == 2022
    # the fullest author list (the author page lists 8) wins over "A, B, C et al."
    assert len(sparcl.authors) == 8 and sparcl.authors[:3] == [
        "Zifeng Wang",
        "Zheng Zhan",
        "Yifan Gong",
    ]
    # what the other pages said is still there: date and category from the profile
    assert sparcl.date == "2022-09-20" and sparcl.category == "LG"
    assert all(s.record["title"] == sparcl.title for s in sparcl.sources)
    feed_src = next(s for s in sparcl.sources if s.format == "feed")
    assert feed_src.record["authors_truncated"] is True and feed_src.position == 13


def test_dblp_numbers_survive_merge_and_distinguish_people(seed_library):
    clusters = build_clusters(seed_library.papers(), seed_library.subjects())
    sheng = clusters["sheng li"]
    assert sheng.name == "Sheng Li"
    assert sheng.persons["0019"] >= 1
    yanzhi = clusters["yanzhi wang"]
    assert set(yanzhi.persons) == {"", "0001"}
    # subjects of author pages come first
    top = ranked(clusters)[:2]
    assert {c.name for c in top} == {"Geng Yuan", "Yingyan Lin"}
    assert all(c.is_subject for c in top)


def test_clusters_are_case_insensitive_and_count_coauthors():
    def paper(pid, authors, year=2020):
        return LibraryPaper(id=pid, title=pid, authors=authors, year=year)

    papers = [
        paper("a", ["Geng Yuan", "Wei Niu"], 2021),
        paper("b", ["GENG YUAN", "Wei Niu", "Bin Ren"], 2022),
        paper("c", ["geng yuan 0002", "Bin Ren"], 2022),
    ]
    clusters = build_clusters(papers)
    geng = clusters["geng yuan"]
    assert geng.count == 3
    assert geng.name == "GENG YUAN" or geng.name == "Geng Yuan" or geng.name == "geng yuan"
    assert geng.persons == {"": 2, "0002": 1}
    assert geng.coauthors == {"wei niu": 2, "bin ren": 2}
    assert geng.years == {2021: 1, 2022: 2}
    assert display_name("Sheng Li 0019") == "Sheng Li"


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files(SEEDS[:2])
    before = (tmp_path / "lib.json").read_bytes()
    stat = os.stat(tmp_path / "lib.json")
    reports = lib.import_files(SEEDS[:2])
    assert [(r.new, r.merged, r.updated) for r in reports] == [(0, 0, 0), (0, 0, 0)]
    assert [r.unchanged for r in reports] == [28, 50]
    assert (tmp_path / "lib.json").read_bytes() == before
    assert os.stat(tmp_path / "lib.json").st_mtime_ns == stat.st_mtime_ns


def test_newer_save_of_the_same_page_reports_what_is_new(tmp_path):
    page = tmp_path / "geng.txt"
    original = SEEDS[0].read_text(encoding="utf-8")
    page.write_text(original, encoding="utf-8")
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files([page])
    newer = (
        original.replace("28 papers", "29 papers")
        .replace(
            "Possible papers\n\n28\n",
            "Possible papers\n\n29\n\nICLR Conference 2026 Conference Paper\n\n"
            "A Brand New Paper on Sparse Training\n\n  \u2022 Geng Yuan\n  \u2022 Wei Niu\n\n"
            "We study something new.\n",
        )
        .replace("This understanding is crucial,", "This understanding is very crucial,")
    )
    assert newer != original
    page.write_text(newer, encoding="utf-8")
    (report,) = lib.import_files([page])
    assert (report.new, report.updated, report.merged, report.unchanged) == (1, 1, 0, 27)
    assert report.new_titles == ["A Brand New Paper on Sparse Training"]
    assert len(lib) == 29
    reopened = Library.open(tmp_path / "lib.json")
    mts = _by_title(
        reopened,
        "MTS-LOF: Medical Time-Series Representation Learning via Occlusion-Invariant Features",
    )
    assert len(mts.sources) == 1  # the newer save replaced the older one
    assert "very crucial" in mts.abstract


def test_fuzzy_title_match_guarded_by_year_and_authors(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    head = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nMar 13\n\n"
    a.write_text(
        "Peeling the Onion: Hierarchical Reduction of Data Redundancy for Efficient "
        "Vision Transformer TrainingZhenglun Kong, Haoyu Ma, Geng Yuan et al.\n"
        + "An abstract. "
        * 30
        + "\n"
        "Data Level Lottery Ticket Hypothesis for Vision TransformersXuan Shen, "
        "Zhenglun Kong\n" + "Another abstract. " * 30 + "\n",
        encoding="utf-8",
    )
    # the same title with a typo and different punctuation, on another page
    b.write_text(
        "Arrow Research search\n\nAuthor name cluster\n\nGeng Yuan\n\n28 papers\n\n"
        "AAAI Conference 2023 Conference Paper\n\n"
        "Peeling the Onion - Hierarchical Reduction of Data Redundancy for Eficient "
        "Vision Transformer Training\n\n  \u2022 Zhenglun Kong\n  \u2022 Geng Yuan\n\n"
        "Abstract text.\n",
        encoding="utf-8",
    )
    lib = Library.open(tmp_path / "lib.json")
    reports = lib.import_files([a, b])
    assert [r.new for r in reports] == [2, 0] and reports[1].merged == 1
    # a different paper whose title is close but whose authors and year disagree
    c = tmp_path / "c.txt"
    c.write_text(
        head + "Peeling the Onion: Hierarchical Reduction of Data Redundancy for Efficient "
        "Vision Transformer Tuning\n\n" + "Different work. " * 30 + "\n",
        encoding="utf-8",
    )
    (rc,) = lib.import_files([c])
    assert rc.merged == 1  # no authors/year on a trending page: nothing contradicts it
    d = tmp_path / "d.txt"
    d.write_text(
        "Arrow Research search\n\nAuthor name cluster\n\nAda Lovelace\n\n1 papers\n\n"
        "ICML Conference 2010 Conference Paper\n\n"
        "Peeling the Onion: Hierarchical Reduction of Data Redundancy for Efficient "
        "Vision Transformers Training\n\n  \u2022 Ada Lovelace\n\nOld work.\n",
        encoding="utf-8",
    )
    (rd,) = lib.import_files([d])
    assert (rd.new, rd.merged) == (1, 0)
    assert len(lib) == 3


def test_writes_are_atomic_one_per_operation_and_journal_only_what_changed(tmp_path, monkeypatch):
    import paperscope.library.writer as store

    writes = []
    real = store.write_file
    monkeypatch.setattr(
        store,
        "write_file",
        lambda path, data, **kw: (writes.append(path), real(path, data, **kw)),
    )
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files(SEEDS)
    assert writes == [tmp_path / "lib.json"]  # five pages, 213 sightings: one write
    first = lib.papers()[0].id
    lib.set_marked([first], True)
    assert len(writes) == 2
    segment = writes[1]
    assert segment.name == "lib.json.journal-000001"
    # the segment is TinyDB JSON too, holding the one changed paper
    assert [d["id"] for d in orjson.loads(segment.read_bytes())["papers"].values()] == [first]
    assert Library.open(lib.path).get(first).marked
    assert lib.compact()
    assert len(writes) == 3 and not segment.exists()
    bak = tmp_path / "lib.json.bak"  # the main file before the compaction
    assert len(orjson.loads(bak.read_bytes())["papers"]) == 189
    main = orjson.loads(lib.path.read_bytes())["papers"]
    assert [d["id"] for d in main.values() if d["marked"]] == [first]
    assert not list(tmp_path.glob(".*tmp"))


def test_marks_persist(seed_library):
    ids = [p.id for p in seed_library.papers()[:3]]
    assert seed_library.set_marked(ids, True) == 3
    assert seed_library.set_marked(ids, True) == 0
    again = Library.open(seed_library.path)
    assert sorted(p.id for p in again.marked()) == sorted(ids)


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (b'{"papers": {"1": {"id": "x"', "not valid JSON"),
        (b"[1, 2, 3]", "not a PaperScope library"),
        (b'{"papers": {"1": {"id": "p1", "title": "t"}}}', "no schema version"),
        (b"", "the file is empty"),
    ],
)
def test_damaged_library_is_refused_and_left_untouched(tmp_path, content, expect):
    path = tmp_path / "lib.json"
    path.write_bytes(content)
    with pytest.raises(LibraryError) as err:
        Library.open(path)
    message = str(err.value)
    assert expect in message and str(path) in message and "\n" not in message
    assert path.read_bytes() == content


def test_library_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "lib.json"
    path.write_bytes(b'{"meta": {"1": {"schema": 99}}, "papers": {}}')
    with pytest.raises(LibraryError, match="newer PaperScope"):
        Library.open(path)


def test_damaged_library_names_the_backup(seed_library):
    seed_library.set_marked([seed_library.papers()[0].id], True)
    seed_library.compact()  # creates .bak
    seed_library.path.write_bytes(seed_library.path.read_bytes()[:1000])
    with pytest.raises(LibraryError, match=r"lib\.json\.bak"):
        Library.open(seed_library.path)


def test_a_second_process_write_is_picked_up_not_lost(tmp_path):
    path = tmp_path / "lib.json"
    first = Library.open(path)
    second = Library.open(path)
    first.import_files([SEEDS[0]])
    assert second.changed_on_disk()
    second.import_files([SEEDS[4]])  # reloads under the lock before merging
    final = Library.open(path)
    assert len(final) == 38
    assert {s.format for p in final.papers() for s in p.sources} == {"author-cluster"}


def test_library_path_is_the_platformdirs_default(monkeypatch, tmp_path):
    from paperscope.paths import default_db_path

    monkeypatch.delenv("PAPERSCOPE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "paperscope" / "library.json"
    monkeypatch.setenv("PAPERSCOPE_DB", str(tmp_path / "elsewhere.json"))
    assert default_db_path() == tmp_path / "elsewhere.json"
    assert isinstance(default_db_path(), Path)
