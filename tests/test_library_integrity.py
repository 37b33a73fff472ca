"""Issue 11: the journal's integrity is checked, not assumed; writes keep the file's
link, mode and owner; ``--db`` names a library or a new path; merging does not depend
on hash order; a mark writes what changed. Each test failed on the store before."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from paperscope.library import journal
from paperscope.paths import resolve_db
from paperscope.store import Library, LibraryError
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def journaled(tmp_path):
    """A main file of one page and four segments (three pages, then marks)."""
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files(SEEDS[:1])
    for page in SEEDS[1:4]:
        lib.import_files([page])
    lib.set_marked([p.id for p in lib.papers()[:4]], True)
    assert len(journal.segments(lib.path)) == 4
    return lib


def _state(path: Path) -> list[tuple]:
    lib = Library.open(path)
    return [(p.id, p.marked, len(p.sources), p.title) for p in lib.papers()]


def _one_line_naming(err: pytest.ExceptionInfo, *names: str) -> str:
    msg = str(err.value)
    assert "\n" not in msg
    for name in names:
        assert name in msg
    return msg


def test_case1_a_missing_middle_segment_is_refused_not_skipped(journaled):
    gone = journal.segment_path(journaled.path, 2)
    gone.unlink()
    before = {p.name: p.read_bytes() for p in journaled.path.parent.glob("lib.json*")}
    with pytest.raises(LibraryError) as err:
        Library.open(journaled.path)
    _one_line_naming(err, "lib.json.journal-000002", "missing", "paperscope check --repair")
    with pytest.raises(LibraryError):  # and no write makes the loss permanent
        Library.open(journaled.path).import_files([SEEDS[4]])
    assert {p.name: p.read_bytes() for p in journaled.path.parent.glob("lib.json*")} == before


def test_case2_a_segment_from_a_copy_of_the_library_is_refused(journaled, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    for f in tmp_path.glob("lib.json*"):
        shutil.copy(f, copy / f.name)
    other = Library.open(copy / "lib.json")
    other.set_marked([p.id for p in other.papers()[-3:]], True)  # the copy's segment 5
    journaled.set_marked([journaled.papers()[10].id], True)  # our own segment 5
    theirs = journal.segment_path(other.path, 5)
    shutil.copy(theirs, journal.segment_path(journaled.path, 5))
    with pytest.raises(LibraryError) as err:
        Library.open(journaled.path)
    _one_line_naming(err, "lib.json.journal-000005", "paperscope check --repair")


def test_case2_a_segment_beyond_the_manifest_is_never_applied(journaled):
    """A file the manifest does not name (an unfinished write, or copied in): not part
    of the library, whatever it holds."""
    expected = _state(journaled.path)
    raw = journal.segment_path(journaled.path, 4).read_bytes()
    journal.segment_path(journaled.path, 5).write_bytes(raw.replace(b'"marked":true', b'"x":1'))
    assert _state(journaled.path) == expected


def test_case3_a_read_during_a_compaction_sees_one_state(journaled, monkeypatch):
    """The reader has read the old main file when a compaction replaces it and folds
    the journal away: it must not return the old main file with the journal gone."""
    expected = _state(journaled.path)
    real = journal.read_library
    done = []

    def read_then_compact(path, *args, **kwargs):
        tables = real(path, *args, **kwargs)
        if path == journaled.path and not done:
            done.append(1)
            Library.open(journaled.path).compact()
        return tables

    monkeypatch.setattr(journal, "read_library", read_then_compact)
    got = Library.open(journaled.path)
    monkeypatch.undo()
    assert done and [(p.id, p.marked, len(p.sources), p.title) for p in got.papers()] == expected


def test_case4_a_removed_lock_file_does_not_let_a_compaction_drop_another_writer(journaled):
    a = Library.open(journaled.path)
    b = Library.open(journaled.path)
    target = b.papers()[-1].id
    real = a._remove_stale_segments
    hooked = []

    def meanwhile() -> None:  # a holds the lock and has read the files
        real()
        if not hooked:
            hooked.append(1)
            Path(str(a.path) + ".lock").unlink()  # e.g. a user "cleaning up"
            assert b.set_marked([target], True) == 1  # b gets in

    a._remove_stale_segments = meanwhile  # type: ignore[method-assign]
    assert a.compact()
    assert hooked and Library.open(journaled.path).get(target).marked


def test_a_library_written_before_the_manifest_opens_and_is_upgraded(tmp_path):
    for f in (ROOT / "tests" / "library_fixtures" / "v1").iterdir():
        shutil.copy(f, tmp_path / f.name)
    db = tmp_path / "lib.json"
    lib = Library.open(db)
    assert len(lib) == 50 and len(lib.marked()) == 2
    assert not journal.manifest_path(db).exists()
    lib.set_marked([lib.papers()[-1].id], True)  # the next write upgrades it
    manifest = journal.read_manifest(db)
    assert manifest is not None and manifest.number >= 1
    again = Library.open(db)
    assert len(again) == 50 and len(again.marked()) == 3
    again.set_marked([again.papers()[-2].id], True)  # and journals from then on
    assert len(journal.read_manifest(db).segments) == 1
    assert len(Library.open(db).marked()) == 4


def test_case5_writes_keep_a_symlink_and_the_mode(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "lib.json"
    Library.open(target).import_files(SEEDS[:1])
    os.chmod(target, 0o600)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    lib = Library.open(link)
    lib.import_files(SEEDS[1:2])
    lib.set_marked([lib.papers()[0].id], True)
    assert lib.compact()
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert len(Library.open(target)) == len(lib) > 28
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    lib.set_marked([lib.papers()[1].id], True)
    for f in tmp_path.rglob("*.json*"):
        if not f.is_symlink() and not f.name.endswith(".lock"):
            assert stat.S_IMODE(os.stat(f).st_mode) == 0o600, f


@pytest.mark.parametrize("kind", ["foreign-json", "fifo", "directory", "device", "empty-name"])
def test_case6_db_must_name_a_library_or_a_new_path(tmp_path, kind):
    if kind == "foreign-json":
        path = tmp_path / "package.json"
        path.write_bytes(b'{"name": "x", "version": "1.0.0"}')
    elif kind == "fifo":
        path = tmp_path / "fifo"
        os.mkfifo(path)
    elif kind == "directory":
        path = tmp_path
    elif kind == "device":
        path = Path("/dev/zero")
    else:
        path = Path("")
    before = path.read_bytes() if kind == "foreign-json" else None
    with pytest.raises(LibraryError) as err:
        Library.open(path)
    assert "\n" not in str(err.value)
    if kind != "foreign-json":  # refused before anything opens it (the content: on read)
        with pytest.raises(LibraryError):
            resolve_db(str(path))
    with pytest.raises(LibraryError):
        Library.deferred(path)[0].ensure_loaded()
    if before is not None:
        assert path.read_bytes() == before


_IMPORT = """
import sys
from paperscope.store import Library
lib = Library.open(sys.argv[1])
for page in sys.argv[2:]:
    lib.import_files([page])
"""


def test_case13_the_same_import_gives_the_same_library_under_any_hash_seed(tmp_path):
    def library(seed: str) -> list:
        db = tmp_path / f"lib-{seed}.json"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        pages = [str(p) for p in [*SEEDS[::-1], *SEEDS]]
        subprocess.run([sys.executable, "-c", _IMPORT, str(db), *pages], env=env, check=True)
        lib = Library.open(db)
        return [
            (p.id, p.view(), [(s.page_key, s.position, s.record) for s in p.sources])
            for p in lib.papers()
        ]

    first = library("1")
    for seed in ("2", "3", "12345"):
        assert library(seed) == first


def test_case14_a_mark_writes_what_changed_not_a_screenful(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files(SEEDS)
    sizes = []
    for paper in lib.papers()[:5]:
        lib.set_marked([paper.id], True)
        seq = journal.read_manifest(lib.path).segments[-1][0]
        sizes.append(journal.segment_path(lib.path, seq).stat().st_size)
    # one paper document (its sources, abstracts) and the head's ids: not 120 abstracts
    assert max(sizes) < 12_000, sizes
    assert _state(lib.path)[0][1] is True
    data = orjson.loads(journal.segment_path(lib.path, seq).read_bytes())
    assert [d["id"] for d in data["papers"].values()] == [lib.papers()[4].id]
