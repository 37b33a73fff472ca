"""A library you live in (issue 13): the user's layer survives imports, every change
undoes across restarts, removal gives back exactly what it took, what's new, filters."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from paperscope import annotate
from paperscope.library.converters import paper_to_doc
from paperscope.selection import QueryError, query_papers
from paperscope.store import Library, NothingToDo
from parsers.record import Paper, ParseResult
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent


def page(*papers: Paper, subject: str | None = None) -> ParseResult:
    return ParseResult("feed", {"subject": subject} if subject else {}, list(papers))


A = Paper("Sparse Continual Learning on the Edge", ["Zifeng Wang", "Zheng Zhan"], year=2022)
B = Paper("Quantized Mixture of Experts for Phones", ["Ana Silva"], year=2023)
C = Paper("A Survey of Pruning", ["Jo Park"], year=2021)


def snapshot(lib: Library) -> list[dict]:
    """Everything the library holds, as documents (sources, view, marks, user layer)."""
    fresh = Library.open(lib.path)
    return sorted((paper_to_doc(p) for p in fresh.papers()), key=lambda d: d["id"])


def test_an_older_library_opens_unchanged_and_stays_without_a_user_layer(tmp_path):
    work = tmp_path / "v1"
    shutil.copytree(ROOT / "tests" / "library_fixtures" / "v1", work)
    lib = Library.open(work / "lib.json")
    assert lib.papers() and all(p.user is None for p in lib.papers())
    before = snapshot(lib)
    lib.set_marked([lib.papers()[0].id], True)
    raw = (work / "lib.json").read_bytes() + b"".join(
        f.read_bytes() for f in work.glob("lib.json.journal-*")
    )
    assert b'"user"' not in raw  # an empty layer is not stored at all
    assert [d["id"] for d in snapshot(lib)] == [d["id"] for d in before]


def test_the_user_layer_survives_a_reimport_and_a_newer_save_of_the_page(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.add_parsed(page(A, B), "feed.txt", "sha-1")
    pid = lib.papers()[-1].id if lib.papers()[-1].title == A.title else lib.papers()[0].id
    assert lib.get(pid).title == A.title
    annotate.tag(lib, [pid], ["later", "edge"])
    annotate.set_status(lib, [pid], "reading")
    annotate.set_note(lib, pid, "line one\nline two")
    annotate.edit(lib, pid, title="SparCL: Sparse Continual Learning on the Edge", year="2023")
    lib.add_parsed(page(A, B), "feed.txt", "sha-1")  # the same page again
    newer = Paper(A.title, [*A.authors, "Xiaolong Ma"], year=2022, abstract="We study SparCL.")
    lib.add_parsed(page(newer, B, C), "feed.txt", "sha-2")  # a newer save of it
    p = Library.open(lib.path).get(pid)
    assert p is not None and len(Library.open(lib.path)) == 3  # the same paper, no twin
    assert p.layer.tags == ("later", "edge") and p.layer.status == "reading"
    assert p.layer.note == "line one\nline two"
    assert p.title == "SparCL: Sparse Continual Learning on the Edge" and p.year == 2023
    assert p.corrected == ("title", "year")
    assert annotate.source_values(p) == {"title": A.title, "year": 2022}
    assert "Xiaolong Ma" in p.authors and p.abstract == "We study SparCL."  # the page's news


def test_corrections_are_what_search_list_and_export_see(tmp_path):
    from paperscope.export import render

    lib = Library.open(tmp_path / "lib.json")
    lib.add_parsed(page(A, B), "feed.txt")
    pid = next(p.id for p in lib.papers() if p.title == B.title)
    annotate.edit(lib, pid, title="Quantised Experts on Phones", authors="Ana Silva; Bo Li")
    lib = Library.open(lib.path)
    assert [p.id for p in query_papers(lib, "quantised")] == [pid]
    assert [p.id for p in query_papers(lib, "is:edited")] == [pid]
    assert "title = {Quantised Experts on Phones}" in render([lib.get(pid)])
    annotate.edit(lib, pid, title="", authors="")  # back to what the sources say
    assert Library.open(lib.path).get(pid).title == B.title


def test_remove_then_undo_gives_back_exactly_the_library_before(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files(SEEDS[:3])
    ids = [p.id for p in lib.papers()[:4]]
    annotate.tag(lib, ids[:2], ["keep"])
    annotate.set_note(lib, ids[0], "my note")
    lib.set_marked(ids[1:3], True)
    before = snapshot(lib)
    annotate.remove(lib, ids)
    assert len(Library.open(lib.path)) == len(before) - 4
    assert Library.open(lib.path).undo() == "remove 4 papers"  # a new process: from the file
    assert snapshot(lib) == before
    gone, kept = annotate.remove_source(Library.open(lib.path), "samples")
    assert gone == len(before) and kept == 0 and len(Library.open(lib.path)) == 0
    Library.open(lib.path).undo()
    assert snapshot(lib) == before
    Library.open(lib.path).redo()
    assert len(Library.open(lib.path)) == 0


def test_removing_a_page_keeps_the_sightings_on_other_pages(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.add_parsed(page(A, B), "/pages/one.txt")
    lib.add_parsed(page(A, C), "/pages/two.txt")
    before = snapshot(lib)
    gone, kept = annotate.remove_source(lib, "one.txt")
    assert (gone, kept) == (1, 1)
    lib = Library.open(lib.path)
    assert sorted(p.title for p in lib.papers()) == sorted([A.title, C.title])
    a = next(p for p in lib.papers() if p.title == A.title)
    assert [s.file for s in a.sources] == ["/pages/two.txt"]
    with pytest.raises(annotate.AnnotateError, match="no paper came from"):
        annotate.remove_source(lib, "three.txt")
    lib.undo()
    assert snapshot(lib) == before


def test_every_change_undoes_and_redoes_across_restarts(tmp_path):
    db = tmp_path / "lib.json"
    lib = Library.open(db)
    lib.add_parsed(page(A, B), "feed.txt")
    pid = lib.papers()[0].id
    lib.set_marked([p.id for p in lib.papers()], True)  # mark-all
    annotate.set_status(lib, [pid], "to-read")
    annotate.set_key(lib, pid, "mine2022")
    steps = [
        (lambda p: p.layer.key, "mine2022", None),
        (lambda p: p.layer.status, "to-read", None),
        (lambda p: p.marked, True, False),
    ]
    for get, now, then in steps:
        assert get(Library.open(db).get(pid)) == now
        Library.open(db).undo()
        assert get(Library.open(db).get(pid)) == then
    assert Library.open(db).undo().startswith("import feed.txt")  # the import itself
    assert len(Library.open(db)) == 0
    with pytest.raises(NothingToDo):
        Library.open(db).undo()
    for _ in range(4):
        Library.open(db).redo()
    p = Library.open(db).get(pid)
    assert p.marked and p.layer.status == "to-read" and p.layer.key == "mine2022"
    lines = annotate.history_lines(Library.open(db))
    assert len(lines) == 4 and not any("(undone)" in line for line in lines)
    Library.open(db).undo()
    lines = annotate.history_lines(Library.open(db))
    assert "(undone)" in lines[-1] and "(undone)" not in lines[-2]


def test_a_new_change_after_undo_drops_the_redo(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.add_parsed(page(A), "feed.txt")
    pid = lib.papers()[0].id
    annotate.tag(lib, [pid], ["one"])
    lib.undo()
    annotate.tag(lib, [pid], ["two"])
    with pytest.raises(NothingToDo):
        lib.redo()
    assert Library.open(lib.path).get(pid).layer.tags == ("two",)


def test_the_history_is_bounded(tmp_path, monkeypatch):
    from paperscope.library import history

    monkeypatch.setattr(history, "MAX_ENTRIES", 5)
    lib = Library.open(tmp_path / "lib.json")
    lib.add_parsed(page(A), "feed.txt")
    pid = lib.papers()[0].id
    for n in range(12):
        annotate.tag(lib, [pid], [f"t{n}"])
    lib.compact()  # the main file keeps the last entries only
    kept = Library.open(lib.path).history()
    assert [e["what"] for e, _ in kept][-1] == "tag +t11 on 1 paper" and len(kept) == 5


def test_what_is_new_is_what_the_last_import_added(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.add_parsed(page(A, B), "one.txt")
    lib.add_parsed(page(B, C), "two.txt")
    assert [p.title for p in annotate.new_papers(lib)] == [C.title]
    assert [p.title for p in query_papers(lib, "is:new")] == [C.title]
    assert sorted(p.title for p in query_papers(lib, "-is:new")) == sorted([A.title, B.title])


def test_filters_on_the_user_layer_and_negation(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.add_parsed(page(A, B, C), "feed.txt")
    ids = {p.title: p.id for p in lib.papers()}
    a, b, c = ids[A.title], ids[B.title], ids[C.title]

    def found(q: str) -> set[str]:
        return {p.id for p in query_papers(lib, q)}

    assert found("tag:later") == set()  # cached by query: must see the tag added next
    annotate.tag(lib, [a, b], ["later"])
    annotate.set_status(lib, [a], "read")
    annotate.set_note(lib, c, "why")
    assert found("tag:later") == {a, b}
    assert found("-tag:later") == {c}
    assert found("is:read") == {a} and found("is:to-read") == set()
    assert found("tag:later -is:read") == {b}
    assert found("has:note") == {c}
    assert found(f"id:{b}") == {b}
    assert found("-quantized") == {a, c}
    assert found("pruning -tag:later") == {c}
    with pytest.raises(QueryError, match="tagz: is not a known filter"):
        query_papers(lib, "-tagz:later")
    with pytest.raises(QueryError, match="is:reading"):
        query_papers(lib, "is:readin")


def test_a_taken_key_is_refused_naming_the_paper(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.add_parsed(page(A, B), "feed.txt")
    a = next(p for p in lib.papers() if p.title == A.title)
    b = next(p for p in lib.papers() if p.title == B.title)
    taken = annotate.library_keys(lib)[b.id]
    with pytest.raises(annotate.AnnotateError, match=f"taken by {b.id}"):
        annotate.set_key(lib, a.id, taken)
    with pytest.raises(annotate.AnnotateError, match="not a citation key"):
        annotate.set_key(lib, a.id, "has space")
    annotate.set_key(lib, a.id, "wang2022sparcl")
    assert annotate.find_paper(Library.open(lib.path), "wang2022sparcl").id == a.id


def test_a_split_choice_of_the_feed_parser_is_a_correction(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.add_parsed(page(A), "feed.txt")
    pid = lib.papers()[0].id

    def offer(library: Library) -> None:  # what the feed parser adds when it is unsure
        record = library.get(pid).sources[0].record
        record["split_uncertain"] = True
        record["split_alternatives"] = [{"title": "Sparse Continual", "authors": ["Learning"]}]

    offer(lib)
    assert annotate.split_choices(lib.get(pid)) == [
        {"title": "Sparse Continual", "authors": ["Learning"]}
    ]
    annotate.choose_split(lib, pid, 0)
    p = Library.open(lib.path).get(pid)
    assert (p.title, p.authors) == ("Sparse Continual", ["Learning"])


def test_history_entries_are_in_the_same_file_as_the_change(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.add_parsed(page(A), "feed.txt")
    annotate.tag(lib, [lib.papers()[0].id], ["x"])
    segment = sorted(tmp_path.glob("lib.json.journal-*"))[-1]
    first = orjson.loads(segment.read_bytes().splitlines()[0] + b"}}")
    assert first["history"]["2"]["what"] == "tag +x on 1 paper"
    assert first["history_state"]["1"] == {"top": 2, "end": 2}
