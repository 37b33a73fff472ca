"""Fault injection, in the spirit of SQLite's I/O-error tests (issue 11, cases 8 and 10).

For an import, a compaction and a batch of marks, the N-th file-system call of the
operation (``os.open``, ``os.fsync``, ``os.replace``, ``os.link``, ``os.unlink``,
``os.fchmod``) fails with ENOSPC, EIO or EACCES, for every N in turn until the
operation completes without meeting its fault. After each: the operation raised a
one-line ``LibraryError`` naming a file (or completed), the library reads as exactly
the old or the new state, ``check`` finds nothing, and the operation then completes.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from paperscope import annotate
from paperscope.library import care
from paperscope.store import CompactionFailed, Library, LibraryError
from tests.conftest import SEEDS

CALLS = ("open", "fsync", "replace", "link", "unlink", "fchmod")


class Faults:
    """Make the n-th call (counting all of CALLS) raise ``OSError(code)``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, n: int, code: int) -> None:
        self.n, self.code, self.count, self.hit = n, code, 0, False
        self.failed_call: str | None = None  # which call failed, once one has
        for name in CALLS:
            monkeypatch.setattr(os, name, self._wrap(getattr(os, name), name))

    def _wrap(self, real: Callable, what: str) -> Callable:
        def call(*args, **kwargs):
            if args and str(args[0]).endswith(".lock"):
                return real(*args, **kwargs)  # the lock: its own failure is tested apart
            self.count += 1
            if self.count == self.n:
                self.hit, self.failed_call = True, what
                name = args[0] if args and isinstance(args[0], str | Path) else None
                raise OSError(self.code, os.strerror(self.code), name)
            return real(*args, **kwargs)

        return call


def _state(path: Path) -> list[tuple]:
    lib = Library.open(path)
    top = [e["n"] for e, live in lib.history() if live]
    papers = sorted(
        (p.id, p.marked, len(p.sources), repr(p.layer.to_doc()), p.title) for p in lib.papers()
    )
    return [*papers, ("history", tuple(top))]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    lib = Library.open(folder / "lib.json")
    lib.import_files(SEEDS[:3])
    lib.set_marked([lib.papers()[0].id], True)  # a journal to fold
    IDS[:] = sorted(p.id for p in lib.papers())
    return folder


IDS: list[str] = []  # the template's papers: the same ones every time an operation runs


OPS: dict[str, Callable[[Library], object]] = {
    "import": lambda lib: lib.import_files([SEEDS[4]]),
    "compact": lambda lib: lib.compact(),
    "marks": lambda lib: lib.set_marked([p.id for p in lib.papers()[1:6]], True),
    # the user's layer, removal and undo: each one write with its history entry
    "tag": lambda lib: annotate.tag(lib, IDS[1:4], ["later"]),
    "edit": lambda lib: annotate.edit(lib, IDS[2], title="A Fixed Title"),
    "remove": lambda lib: lib.remove_papers(IDS[:2]),
    # undo takes back the template's mark; done already (the fault came after the
    # commit) it is not done twice, so the sweep can run it again
    "undo": lambda lib: lib.undo() if any(p.marked for p in lib.papers()) else None,
}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EACCES])
@pytest.mark.parametrize("op", sorted(OPS))
def test_every_failing_call_leaves_the_old_or_the_new_library(template, tmp_path, op, code):
    work = tmp_path / "lib"
    shutil.copytree(template, work)
    old = _state(work / "lib.json")
    OPS[op](Library.open(work / "lib.json"))
    new = _state(work / "lib.json")
    assert new != old or op == "compact"
    n = 0
    while True:
        n += 1
        shutil.rmtree(work)
        shutil.copytree(template, work)
        db = work / "lib.json"
        lib = Library.open(db)
        with pytest.MonkeyPatch.context() as mp:
            faults = Faults(mp, n, code)
            try:
                OPS[op](lib)
                failed = None
            except LibraryError as exc:
                failed = str(exc)
        if not faults.hit:
            assert failed is None
            break
        if failed is not None:
            assert "\n" not in failed and os.strerror(code) in failed, failed
        got = _state(db)
        assert got in (old, new), f"call {n}: a state that never was"
        assert care.check(db) == [], f"call {n}"
        OPS[op](Library.open(db))  # and the operation then completes
        assert _state(db) == new
        assert n < 60, "the operation never completed"
    assert n > 3  # the sweep met the operation's calls


def test_an_import_saved_before_its_compaction_failed_is_told_apart(tmp_path, monkeypatch):
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files(SEEDS[:1])
    lib.import_files(SEEDS[1:4])  # a journal bigger than half the main file: due
    assert lib.compaction_due()
    real = os.replace

    def full(src, dst, *a, **k):
        if str(dst).endswith("lib.json"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(CompactionFailed) as err:
        lib.compact_after()
    monkeypatch.undo()
    assert "saved" in str(err.value) and "No space left" in str(err.value)
    assert len(Library.open(lib.path)) == len(lib) > 28  # the import is there


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EACCES])
def test_every_failing_call_of_an_export_leaves_the_old_or_the_new_file(template, tmp_path, code):
    """An export replacing an earlier one (issue 11: export is a write path too): the
    file reads as the old or the new export, never half of one; no temporary file is
    left; the library is untouched; the next export completes."""
    from paperscope.export import write_export

    work = tmp_path / "lib"
    shutil.copytree(template, work)
    lib = Library.open(work / "lib.json")
    papers = lib.papers()
    target = tmp_path / "out" / "refs.bib"
    target.parent.mkdir()
    target.write_text("% the export of last week\n", encoding="utf-8")
    old = target.read_bytes()
    write_export(papers, target, force=True, key_scope=papers)
    new = target.read_bytes()
    before = _state(work / "lib.json")
    n = 0
    while True:
        n += 1
        target.write_bytes(old)
        with pytest.MonkeyPatch.context() as mp:
            faults = Faults(mp, n, code)
            try:
                write_export(papers, target, force=True, key_scope=papers)
                failed: OSError | LibraryError | None = None
            except (OSError, LibraryError) as exc:
                failed = exc
        if not faults.hit:
            assert failed is None
            break
        assert target.read_bytes() in (old, new), f"call {n}: half an export"
        left = sorted(os.listdir(target.parent))
        # a temp file may stay only when removing it was the call that failed
        assert left == ["refs.bib"] or faults.failed_call == "unlink", f"call {n}: {left}"
        assert _state(work / "lib.json") == before
        write_export(papers, target, force=True, key_scope=papers)  # then it completes
        assert target.read_bytes() == new
        assert n < 40, "the export never completed"
    assert n > 2  # the sweep met the export's calls


@pytest.mark.parametrize("code", [errno.ENOENT, errno.EACCES, errno.ENOSPC, errno.EROFS])
def test_a_lock_file_that_cannot_be_made_is_named_at_once(tmp_path, monkeypatch, code):
    # The lock file cannot be created (its folder vanished, a read-only or full
    # file system): the write stops at once with the real cause, not after the
    # lock's whole wait with "locked by another process".
    lib = Library.open(tmp_path / "library.json")
    lib.lock_timeout = 1.0  # the old code waited this long, then blamed another process
    real = os.open

    def failing_open(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing_open)
    with pytest.raises(LibraryError) as err:
        lib.import_files(SEEDS[:1])
    assert os.strerror(code) in str(err.value) and "another" not in str(err.value)
    monkeypatch.setattr(os, "open", real)
    assert Library.open(tmp_path / "library.json").papers() == []
