"""check, backup, restore and repair: the day something goes wrong (issue 11, case 7)."""

from __future__ import annotations

import pytest

from paperscope.library import care, journal
from paperscope.store import Library, LibraryError
from tests.conftest import SEEDS


@pytest.fixture
def journaled(tmp_path):
    lib = Library.open(tmp_path / "lib.json")
    lib.import_files(SEEDS[:2])
    lib.compact()  # a .bak exists
    lib.import_files(SEEDS[2:4])
    lib.set_marked([p.id for p in lib.papers()[:3]], True)
    return lib


def _state(path):
    return sorted((p.id, p.marked, len(p.sources)) for p in Library.open(path).papers())


def test_a_sound_library_checks_clean_and_backs_up_to_one_file(journaled, tmp_path):
    assert care.check(journaled.path) == []
    dest = tmp_path / "backup.json"
    assert care.backup(journaled.path, dest) == len(journaled)
    assert not journal.segments(dest)
    assert _state(dest) == _state(journaled.path)


def test_case7_the_damaged_message_names_the_repair_that_keeps_the_journal(journaled):
    expected = _state(journaled.path)
    raw = journaled.path.read_bytes()
    journaled.path.write_bytes(raw[: len(raw) * 2 // 3])  # the main file cut short
    with pytest.raises(LibraryError) as err:
        Library.open(journaled.path)
    assert "paperscope check --repair" in str(err.value)
    [problem] = care.check(journaled.path)
    assert "check --repair" in problem.fix
    count, aside = care.repair(journaled.path)
    assert aside.is_dir() and count == len(expected)
    # every paper and every mark is back: the cut main file's lost tail came from the
    # .bak and the journal (copying the .bak over would have lost the journal)
    assert _state(journaled.path) == expected
    assert care.check(journaled.path) == []


def test_restore_refuses_what_is_not_a_library_and_keeps_the_current_state(journaled, tmp_path):
    junk = tmp_path / "package.json"
    junk.write_bytes(b'{"name": "x"}')
    with pytest.raises(LibraryError, match="cannot be restored"):
        care.restore(journaled.path, junk)
    old = _state(journaled.path)
    dest = tmp_path / "b.json"
    care.backup(journaled.path, dest)
    journaled.set_marked([p.id for p in journaled.papers()], True)
    kept = care.restore(journaled.path, dest)
    assert _state(journaled.path) == old
    assert kept is not None and all(m for _, m, _ in _state(kept))
    assert care.check(journaled.path) == []
