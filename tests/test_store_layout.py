"""The library file's layout: TinyDB JSON with one paper per line, read either way."""

from __future__ import annotations

import orjson
import pytest
from tinydb import TinyDB

from paperscope.store import Library, LibraryError, LibraryStorage
from tests.conftest import SEEDS


def _view(lib: Library) -> list[tuple]:
    return [
        (
            p.id,
            p.view(),
            p.marked,
            p.added_at,
            [
                (
                    s.file,
                    s.sha256,
                    s.format,
                    s.subject,
                    s.page_key,
                    s.position,
                    s.imported_at,
                    s.record,
                    s.seen,
                )
                for s in p.sources
            ],
        )
        for p in lib.papers()
    ]


def test_file_is_tinydb_json_with_one_paper_per_line(seed_library):
    raw = seed_library.path.read_bytes()
    lines = raw.splitlines()
    assert lines[0].startswith(b'{"meta":') and lines[0].endswith(b'"papers":{')
    assert lines[-1] == b"}}" and len(lines) == len(seed_library) + 2
    data = orjson.loads(raw)  # one JSON document, as TinyDB writes it
    # the history of user changes (undo across restarts) rides in the same file
    tables = {"meta", "head", "papers", "history", "history_state"}
    assert set(data) <= tables and len(data["papers"]) == len(seed_library)
    # TinyDB's own storage and ours both read it
    assert len(TinyDB(seed_library.path).table("papers")) == len(seed_library)
    assert len(TinyDB(seed_library.path, storage=LibraryStorage).table("papers")) == len(
        seed_library
    )


def test_a_file_in_another_layout_reads_the_same_and_is_rewritten(seed_library, tmp_path):
    one_line = tmp_path / "old.json"
    one_line.write_bytes(orjson.dumps(orjson.loads(seed_library.path.read_bytes())))
    assert b"\n" not in one_line.read_bytes()
    old = Library.open(one_line)
    assert _view(old) == _view(Library.open(seed_library.path))
    old.set_marked([old.papers()[0].id], True)
    assert one_line.read_bytes().count(b"\n") == len(old) + 2
    assert len(Library.open(one_line).marked()) == 1


def test_a_changed_paper_moves_to_the_end_of_the_file_as_with_tinydb(seed_library):
    first = orjson.loads(seed_library.path.read_bytes())["papers"]
    pid = next(iter(first.values()))["id"]
    seed_library.set_marked([pid], True)
    # TinyDB, through our storage, sees the change before the journal is folded in
    tiny = TinyDB(seed_library.path, storage=LibraryStorage).table("papers")
    assert tiny.get(doc_id=int(next(iter(first))))["marked"] is True
    assert list(tiny.all())[-1]["id"] == pid
    seed_library.compact()
    after = orjson.loads(seed_library.path.read_bytes())["papers"]
    assert list(after.values())[-1]["id"] == pid
    assert list(after) == [k for k in first if first[k]["id"] != pid] + [next(iter(first))]


def test_fields_from_a_later_version_survive_on_unchanged_papers(seed_library):
    data = orjson.loads(seed_library.path.read_bytes())
    docs = list(data["papers"].values())
    docs[0]["note"] = "kept"
    docs[0]["sources"][0]["page_rank"] = 3
    seed_library.path.write_bytes(orjson.dumps(data))
    lib = Library.open(seed_library.path)
    lib.set_marked([docs[1]["id"]], True)  # a write that does not touch docs[0]
    again = next(
        d
        for d in orjson.loads(lib.path.read_bytes())["papers"].values()
        if d["id"] == docs[0]["id"]
    )
    assert again["note"] == "kept" and again["sources"][0]["page_rank"] == 3


@pytest.mark.parametrize("damage", ["cut", "comma", "tail"])
def test_a_damaged_line_file_is_refused_and_left_untouched(seed_library, damage):
    raw = seed_library.path.read_bytes()
    lines = raw.split(b"\n")
    if damage == "cut":  # ends inside a document
        bad = raw[: len(raw) // 2]
    elif damage == "comma":  # two documents without a comma between them
        lines[1] = lines[1].rstrip(b",")
        bad = b"\n".join(lines)
    else:  # something after the end
        bad = raw + b'{"x": 1}\n'
    seed_library.path.write_bytes(bad)
    with pytest.raises(LibraryError, match="not valid JSON"):
        Library.open(seed_library.path)
    assert seed_library.path.read_bytes() == bad


def test_reads_and_writes_keep_everything(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files(SEEDS)
    before = _view(lib)
    assert _view(Library.open(lib.path)) == before
    lib.set_marked([p.id for p in lib.papers()[:5]], True)
    again = Library.open(lib.path)
    assert [v[:2] + v[3:] for v in _view(again)] == [v[:2] + v[3:] for v in before]
    assert len(again.marked()) == 5
