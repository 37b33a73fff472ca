"""The app open on a library while two ``paperscope import`` processes write to it.

Writers are serialised by the lock beside the library and every writer reloads a
library another process changed before it writes (``Library._writing``): so marks
the app saves while the imports run do not drop the imported papers, and the
imports do not drop the marks. The app polls the file every 2 s and reloads.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

from paperscope.store import Library
from tests.conftest import SEEDS
from tests.test_crash import big_cluster_page
from tui.app import create_app
from tui.states import press, settle

ROOT = Path(__file__).resolve().parent.parent
SEED_PAPERS = 189
PAGE_PAPERS = 3000  # per page: each import takes a second or so here
SUBJECTS = [("Ada Lovelace", "Graph Search"), ("Alan Turing", "Neural Codes")]


def _pages(folder: Path, n: int) -> list[Path]:
    pages = []
    for k, (who, topic) in enumerate(SUBJECTS):
        page = folder / f"page{k}.txt"
        page.write_text(big_cluster_page(n, who, topic), encoding="utf-8")
        pages.append(page)
    return pages


def _marked_on_disk(db: Path) -> set[str]:
    return {p.id for p in Library.open(db).papers() if p.marked}


async def _app_during_imports(db: Path, pages: list[Path]) -> None:
    app = create_app(db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.main_screen
        expected: set[str] = set()
        for _ in range(2):  # marks made before the imports start
            expected.add(main.paper_list.current.id)
            await press(pilot, "space")
        assert _marked_on_disk(db) == expected

        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "paperscope", "import", "--db", str(db), str(page)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for page in pages
        ]
        deadline = time.monotonic() + 120
        while_running, slowest = 0, 0.0
        while any(p.poll() is None for p in procs):
            assert time.monotonic() < deadline, "the imports did not finish"
            paper = main.paper_list.current
            start = time.monotonic()
            await pilot.press("space")  # a mark, saved while an import may hold the lock
            await pilot.pause()
            slowest = max(slowest, time.monotonic() - start)
            assert paper.id in main.marked  # shown at once, whatever the writer waits for
            expected.add(paper.id)
            while_running += 1
            await pilot.pause(0.05)
        for proc in procs:
            _out, err = proc.communicate()
            assert proc.returncode == 0, err.decode()
        assert while_running >= 3, "no mark was made while the imports ran"
        # a hang guard, not a speed target (the benchmark times keys): a key that
        # waited for the imports' lock would take as long as they do
        assert slowest < 30.0, f"a key took {slowest:.1f} s while the imports ran"

        # the app notices the change on disk, reloads and shows the new papers
        total = SEED_PAPERS + len(pages) * PAGE_PAPERS
        for _ in range(300):
            snap = main.snapshot
            if snap is not None and snap.complete and len(snap.papers) == total and main.idle:
                break
            await pilot.pause(0.05)
        else:
            raise AssertionError(f"the app still shows {len(main.snapshot.papers)} papers")
        await settle(pilot)
        names = {c.name for c in main.author_list.clusters}
        assert {who for who, _ in SUBJECTS} <= names
        assert main.marked == expected  # nothing the app showed as marked was lost
        # still working: a search over the new papers
        await press(pilot, "slash")
        await pilot.press(*"neural")
        await press(pilot, "enter")
        assert main.hits and all("Neural" in h.paper.title for h in main.hits[:5])

    lib = Library.open(db)
    assert len(lib) == total  # seeds and both pages: no import lost
    assert {who for who, _ in SUBJECTS} <= set(lib.subjects())
    assert _marked_on_disk(db) == expected  # every mark, before and during the imports


def test_app_open_during_two_imports_loses_nothing(tmp_path):
    db = tmp_path / "lib.json"
    Library.open(db).import_files(SEEDS)
    asyncio.run(_app_during_imports(db, _pages(tmp_path, PAGE_PAPERS)))


def test_marks_saved_from_a_stale_view_keep_papers_imported_since(tmp_path):
    """The app's library object is older than an import by another process."""
    db = tmp_path / "lib.json"
    Library.open(db).import_files(SEEDS)
    app_view = Library.open(db)
    (page,) = _pages(tmp_path, 200)[:1]
    Library.open(db).import_files([page])  # another process
    pid = app_view.papers()[0].id
    assert app_view.set_marked([pid], True) == 1
    lib = Library.open(db)
    assert len(lib) == SEED_PAPERS + 200 and lib.get(pid).marked
    assert len(app_view) == SEED_PAPERS + 200  # it reloaded before writing


def test_an_import_from_a_stale_view_keeps_marks_saved_since(tmp_path):
    """An import that opened the library before the app saved marks keeps them."""
    db = tmp_path / "lib.json"
    Library.open(db).import_files(SEEDS)
    importer = Library.open(db)
    app_view = Library.open(db)
    ids = [p.id for p in app_view.papers()[:3]]
    app_view.set_marked(ids, True)
    (page,) = _pages(tmp_path, 200)[:1]
    (report,) = importer.import_files([page])
    assert report.new == 200
    assert _marked_on_disk(db) == set(ids)
    assert len(Library.open(db)) == SEED_PAPERS + 200


def test_a_rewrite_with_the_same_size_in_the_same_tick_is_noticed(tmp_path):
    """Another writer's two mark changes leave the file as long as before, and a coarse
    clock (1 s on HFS+, 2 s on FAT, some NFS) gives it the same mtime: still a change."""
    db = tmp_path / "lib.json"
    Library.open(db).import_files(SEEDS[:1])
    ids = [p.id for p in Library.open(db).papers()]
    Library.open(db).set_marked([ids[1]], True)
    app_view = Library.open(db)
    before = os.stat(db)
    other = Library.open(db)
    other.set_marked([ids[0]], True)  # "true" for "false": one byte shorter
    other.set_marked([ids[1]], False)  # and one byte longer again
    os.utime(db, ns=(before.st_atime_ns, before.st_mtime_ns))  # the same clock tick
    assert os.stat(db).st_size == before.st_size
    assert app_view.changed_on_disk()
    app_view.set_marked([ids[2]], True)  # reloads first: the other writer's marks stay
    assert _marked_on_disk(db) == {ids[0], ids[2]}
