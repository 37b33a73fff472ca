"""The journal: a save writes only what changed, as a new segment beside the main file;
reading applies the segments in order; compaction folds them into a new main file."""

from __future__ import annotations

import shutil

import orjson
import pytest
from tinydb import TinyDB

from paperscope.library import journal as libfile
from paperscope.library.head import HEAD_SIZE
from paperscope.library.writer import _by_year, _order_key
from paperscope.records import LibraryPaper
from paperscope.store import Library, LibraryError, LibraryStorage
from tests.conftest import SEEDS


def _view(lib: Library) -> list[tuple]:
    return [
        (
            p.id,
            p.view(),
            p.marked,
            p.added_at,
            [(s.file, s.sha256, s.page_key, s.position, s.record, s.seen) for s in p.sources],
        )
        for p in lib.papers()
    ]


@pytest.fixture
def journaled(tmp_path):
    """A library whose main file holds the first page and whose journal holds the rest,
    one segment per import, plus a segment of marks."""
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files(SEEDS[:1])
    for page in SEEDS[1:]:
        lib.import_files([page])
    lib.set_marked([p.id for p in lib.papers()[:4]], True)
    return lib


def test_each_save_after_the_first_is_a_segment_and_reads_back_the_same(journaled, tmp_path):
    segs = libfile.segments(journaled.path)
    assert [s.name for s in segs] == [f"lib.json.journal-{n:06d}" for n in range(1, 6)]
    assert len(orjson.loads(journaled.path.read_bytes())["papers"]) == 28  # the first page
    again = Library.open(journaled.path)
    assert len(again) == 189 and len(again.marked()) == 4
    assert _view(again) == _view(journaled)
    # the same library imported in one go, without a journal, reads the same
    whole = Library.open(tmp_path / "whole.json")
    whole.import_files(SEEDS)
    assert [v[0] for v in _view(whole)] == [v[0] for v in _view(again)]


def test_compaction_folds_the_journal_into_the_main_file(journaled):
    before = _view(journaled)
    old_generation = libfile.generation(orjson.loads(journaled.path.read_bytes()))
    assert journaled.compact()
    assert libfile.segments(journaled.path) == []
    data = orjson.loads(journaled.path.read_bytes())  # plain TinyDB JSON again
    assert len(data["papers"]) == 189
    assert libfile.generation(data) != old_generation
    assert len(TinyDB(journaled.path).table("papers")) == 189
    assert _view(Library.open(journaled.path)) == before


def test_tinydb_storage_reads_the_journal_and_its_flush_compacts(journaled):
    db = TinyDB(journaled.path, storage=LibraryStorage)
    papers = db.table("papers")
    assert len(papers) == 189
    assert sum(d["marked"] for d in papers.all()) == 4
    doc = papers.all()[0]
    papers.update({"marked": True}, doc_ids=[doc.doc_id])
    db.storage.flush()
    assert libfile.segments(journaled.path) == []
    assert len(Library.open(journaled.path).marked()) == 5


def test_segments_of_an_older_generation_are_ignored_then_removed(journaled, tmp_path):
    """A compaction killed after renaming the new main file into place and before
    removing the segments: they are already in the main file."""
    keep = tmp_path / "kept"
    keep.mkdir()
    for seg in libfile.segments(journaled.path):
        shutil.copy(seg, keep / seg.name)
    journaled.compact()
    for seg in keep.iterdir():  # as if the removal never happened
        shutil.copy(seg, journaled.path.with_name(seg.name))
    again = Library.open(journaled.path)
    assert len(again) == 189 and len(again.marked()) == 4
    again.set_marked([again.papers()[-1].id], True)  # the next writer cleans up
    assert [s.name for s in libfile.segments(journaled.path)] == ["lib.json.journal-000001"]
    assert len(Library.open(journaled.path).marked()) == 5


def test_another_process_segment_is_applied_without_a_full_reload(journaled, monkeypatch):
    reader = Library.open(journaled.path)
    writer = Library.open(journaled.path)
    target = writer.papers()[10]
    writer.set_marked([target.id], True)
    assert reader.changed_on_disk()
    full_reads = []
    real = libfile.read_with_journal
    monkeypatch.setattr(
        libfile, "read_with_journal", lambda *a, **k: (full_reads.append(1), real(*a, **k))[1]
    )
    reader.reload()
    assert full_reads == []  # only the new segment was read
    assert reader.get(target.id).marked and not reader.changed_on_disk()
    assert _view(reader) == _view(writer)
    # after a compaction by the other process, the main file changed: read it all
    writer.compact()
    reader.reload()
    assert full_reads == [1] and _view(reader) == _view(writer)


def test_a_damaged_segment_is_refused_and_left_untouched(journaled):
    seg = libfile.segments(journaled.path)[-1]
    raw = seg.read_bytes()
    seg.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(LibraryError, match="damaged"):
        Library.open(journaled.path)
    assert seg.read_bytes() == raw[: len(raw) // 2]


def test_compaction_is_due_when_the_journal_outgrows_half_the_main_file(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files(SEEDS)  # the main file
    assert not lib.compaction_due()
    lib.set_marked([lib.papers()[-1].id], True)  # one paper in a segment (and the head)
    assert not lib.compaction_due() and not lib.compact(only_if_due=True)
    lib.set_marked([p.id for p in lib.papers()], True)  # every paper in one segment
    assert lib.compaction_due()
    assert lib.compact(only_if_due=True) and libfile.segments(lib.path) == []


# -- the head: the first screenful, read before the library ------------------------


def _preview_ids(path) -> list[str] | None:
    _, preview = Library.deferred(path)
    return None if preview is None else [p.id for p in preview.papers]


def test_the_head_is_the_first_papers_in_library_order_after_every_kind_of_write(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files(SEEDS[3:])  # a main file: the head from a full sort
    assert _preview_ids(lib.path) == [p.id for p in lib.papers()[:HEAD_SIZE]]
    for page in SEEDS[:3]:  # segments: the head from the old head and the changed papers
        lib.import_files([page])
        again = Library.open(lib.path)
        first = [p.id for p in again.papers()[:HEAD_SIZE]]
        assert _preview_ids(lib.path) == first
    top = lib.papers()[0]
    lib.set_marked([top.id], True)
    _, preview = Library.deferred(lib.path)
    assert preview.total == len(lib) == 189
    assert preview.papers[0].id == top.id and preview.papers[0].marked
    assert preview.papers[0].view() == top.view()
    assert [s.file for s in preview.papers[0].sources] == [s.file for s in top.sources]
    lib.compact()
    assert _preview_ids(lib.path) == [p.id for p in lib.papers()[:HEAD_SIZE]]


def test_the_papers_a_head_is_picked_from_are_those_whose_year_can_put_them_first():
    # ties in year at the cut, papers with no year, titles with the same key (the sort
    # is stable: of two papers with the same year and title key, the first stays first)
    papers = [
        LibraryPaper(id=f"p{i}", title=f"T{i % 7}", year=None if i % 5 == 0 else 2000 + i % 4)
        for i in range(60)
    ]
    for n in (1, 5, 12, 13, 47, 48, 49, 59, 60, 61):
        first = sorted(_by_year(papers, n), key=_order_key)[:n]
        assert [p.id for p in first] == [p.id for p in sorted(papers, key=_order_key)[:n]]


def test_no_preview_when_the_head_cannot_be_trusted(journaled, tmp_path):
    # a library written without a head (another tool): no preview, a full read instead
    plain = tmp_path / "plain.json"
    data = orjson.loads(journaled.path.read_bytes())
    data.pop("head")
    plain.write_bytes(orjson.dumps(data))
    lib, preview = Library.deferred(plain)
    assert preview is None
    lib.ensure_loaded()
    assert len(lib) == 28
    # the last segment belongs to an older main file (compaction killed midway)
    keep = libfile.segments(journaled.path)[-1].read_bytes()
    journaled.compact()
    libfile.segment_path(journaled.path, 9).write_bytes(keep)
    assert _preview_ids(journaled.path) is None
    assert len(Library.open(journaled.path)) == 189
    # nothing there at all
    assert Library.deferred(tmp_path / "none.json")[1] is None


def test_a_deferred_library_reads_on_demand_and_reports_no_change_before(journaled):
    lib, preview = Library.deferred(journaled.path)
    assert preview is not None and not lib.changed_on_disk()
    lib.ensure_loaded()
    assert _view(lib) == _view(journaled)


def test_the_compact_command_leaves_one_file(journaled, capsys):
    from paperscope.cli import main

    assert main(["compact", "--db", str(journaled.path)]) == 0
    assert libfile.segments(journaled.path) == []
    assert "189 papers in one file" in capsys.readouterr().out
    assert len(orjson.loads(journaled.path.read_bytes())["papers"]) == 189
    assert main(["compact", "--db", str(journaled.path.with_name("none.json"))]) == 2


def test_a_write_to_a_deferred_library_reads_it_first(journaled):
    """Marks or an import arriving before the background read must not write a library
    of only what they touched."""
    lib, _ = Library.deferred(journaled.path)
    lib.import_files([SEEDS[0]])  # already there: nothing new
    target = journaled.papers()[5].id
    lib2, _ = Library.deferred(journaled.path)
    assert lib2.set_marked([target], True) == 1
    again = Library.open(journaled.path)
    assert len(again) == 189 and len(again.marked()) == 5 and again.get(target).marked
