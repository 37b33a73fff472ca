"""Concurrency soak (issue 11): writers and readers in separate processes, at once.

Writers, each its own process: importers (each imports its own pages, one at a
time), markers (each marks its own papers of the starting library, a few at a
time, never unmarks) and a compactor (folds the journal again and again). Every
change is monotone and tagged with who made it, so any read can be judged on its
own: readers (separate processes reading the library as ``list`` and ``export``
do, ``Library.open(...).papers()``) check that every read

- holds, for each importer, whole pages 0..k and nothing else (no page half
  there, no later page without an earlier one: the sign of an old main file read
  with a newer journal, or a segment lost);
- holds, for each marker, a prefix of its marks in the order they were made;
- holds at least what each writer had reported committed before the read began
  (a writer logs each write after it returned), and never less than an earlier
  read of the same reader (nothing written and read goes missing);
- holds every paper of the starting library; and never fails to read.

At the end every page and every mark is there and ``care.check`` finds nothing.

CI runs it bounded and seeded (about 15-25 s on 2 busy cores). A longer run, with
more pages, marks and compactions, and another seed::

    PAPERSCOPE_SOAK_SCALE=20 PAPERSCOPE_SOAK_SEED=7 \\
        .venv/bin/python -m pytest tests/test_soak.py -s
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from paperscope.library import care
from paperscope.store import Library
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent
SCALE = max(1, int(os.environ.get("PAPERSCOPE_SOAK_SCALE", "1") or 1))
SEED = int(os.environ.get("PAPERSCOPE_SOAK_SEED", "11") or 11)
IMPORTERS, MARKERS, READERS = 2, 2, 2
PAGES = 6 * SCALE  # per importer
PER_PAGE = 3  # papers per page
MARKS = 12 * SCALE  # per marker (capped by the papers of the starting library)
FIRST = ["Ada", "Grace", "Edsger", "Barbara", "Donald", "Frances"]
LAST = ["Soakford", "Lockwell", "Journalson", "Readmore", "Folder", "Segmentis"]


def _page(w: int, k: int) -> str:
    """Importer ``w``'s page ``k``: its own person (a newer save of a person's page
    replaces that page's sightings) and titles far apart (never merged)."""
    subject = f"{FIRST[w % 6]} {LAST[k % 6]}{'x' * (k // 6)}"
    parts = [
        f"Arrow Research search\n\nAuthor name cluster\n\n{subject}\n\n"
        f"Possible papers associated with this exact author name.\n\n{PER_PAGE} papers\n"
        f"1 author row\n\nPossible papers\n\n{PER_PAGE}\n"
    ]
    for j in range(PER_PAGE):
        parts.append(
            f"\nNeurIPS Conference {2000 + j} Conference Paper\n\n"
            f"{_title(w, k, j)}\n\n  \u2022 {subject}\n  \u2022 Coauthor Q{j}son\n\n"
            + ("Soak tests keep writers and readers busy at once. " * 8)
            + "\n"
        )
    return "".join(parts)


def _title(w: int, k: int, j: int) -> str:
    # Random-looking words after the tag: no two titles come near the fuzzy threshold.
    h = hashlib.sha1(f"{w} {k} {j}".encode()).hexdigest()
    return f"Soak Study {w} {k} {j} on {h[:7]} {h[7:14]} {h[14:21]} {h[21:28]}"


def _tag(title: str) -> tuple[int, int, int] | None:
    words = title.split()
    if words[:2] != ["Soak", "Study"]:
        return None
    return int(words[2]), int(words[3]), int(words[4])


# -- the processes --------------------------------------------------------------------


def _log(folder: Path, name: str, value: object) -> None:
    with open(folder / f"{name}.log", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(value) + "\n")
        fh.flush()


def _logged(folder: Path, name: str) -> list:
    try:
        text = (folder / f"{name}.log").read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    # Only whole lines: a writer may be appending one right now.
    return [json.loads(line) for line in text.split("\n")[:-1]]


def run_importer(db: Path, folder: Path, w: int) -> None:
    rng = random.Random(SEED * 1000 + w)
    lib = Library.open(db)
    for k in range(PAGES):
        page = folder / f"page-{w}-{k}.txt"
        page.write_text(_page(w, k), encoding="utf-8")
        (report,) = lib.import_files([page])
        assert report.ok and report.new == PER_PAGE, report
        _log(folder, f"importer{w}", k)
        time.sleep(rng.uniform(0, 0.15))


def run_marker(db: Path, folder: Path, m: int, ids: list[str]) -> None:
    rng = random.Random(SEED * 1000 + 100 + m)
    lib = Library.open(db)
    done = 0
    while done < len(ids):
        batch = ids[done : done + rng.randint(1, 3)]
        lib.set_marked(batch, True)
        done += len(batch)
        _log(folder, f"marker{m}", done)
        time.sleep(rng.uniform(0, 0.1))


def run_compactor(db: Path, folder: Path) -> None:
    rng = random.Random(SEED * 1000 + 200)
    lib = Library.open(db)
    n = 0
    while not (folder / "stop").exists():
        lib.compact()
        n += 1
        time.sleep(rng.uniform(0.02, 0.3))
    _log(folder, "compactions", n)


def run_reader(db: Path, folder: Path, r: int, plan: dict) -> None:
    base: set[str] = set(plan["base"])
    orders: list[list[str]] = plan["marks"]
    problems: list[str] = []
    best_pages = [0] * IMPORTERS
    best_marks = [0] * MARKERS
    reads = 0

    def problem(text: str) -> None:
        if len(problems) < 20:
            problems.append(f"read {reads}: {text}")

    while not (folder / "stop").exists() or reads < 3:
        committed_pages = [len(_logged(folder, f"importer{w}")) for w in range(IMPORTERS)]
        committed_marks = [max(_logged(folder, f"marker{m}"), default=0) for m in range(MARKERS)]
        try:
            papers = Library.open(db).papers()
        except Exception as exc:  # a read must never fail
            problem(f"the read failed: {exc!r}")
            reads += 1
            continue
        reads += 1
        ids = {p.id for p in papers}
        if not base <= ids:
            problem(f"{len(base - ids)} papers of the starting library missing")
        pages: dict[int, dict[int, int]] = {}
        for p in papers:
            tag = _tag(p.title)
            if tag is not None:
                pages.setdefault(tag[0], {}).setdefault(tag[1], 0)
                pages[tag[0]][tag[1]] += 1
        for w in range(IMPORTERS):
            got = pages.get(w, {})
            n = len(got)
            if sorted(got) != list(range(n)) or any(c != PER_PAGE for c in got.values()):
                problem(f"importer {w}: pages {sorted(got.items())} are not whole pages 0..k")
            if n < committed_pages[w] or n < best_pages[w]:
                problem(f"importer {w}: {n} pages read after {committed_pages[w]} committed")
            best_pages[w] = max(best_pages[w], n)
        marked = {p.id for p in papers if p.marked}
        for m, order in enumerate(orders):
            n = sum(pid in marked for pid in order)
            if set(order[:n]) != marked & set(order):
                problem(f"marker {m}: its marks read are not a prefix of the order made")
            if n < committed_marks[m] or n < best_marks[m]:
                problem(f"marker {m}: {n} marks read after {committed_marks[m]} committed")
            best_marks[m] = max(best_marks[m], n)
    _log(folder, f"reader{r}", {"reads": reads, "problems": problems})


_ENTRY = "import sys, json; from pathlib import Path; from tests import test_soak as t; "


def _spawn(code: str, *args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-c", _ENTRY + code, *map(str, args)]
    return subprocess.Popen(argv, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)


# -- the test -------------------------------------------------------------------------


def test_soak_writers_and_readers_at_once(tmp_path):
    db = tmp_path / "lib.json"
    lib = Library.open(db)
    lib.import_files(SEEDS[:3])
    base = [p.id for p in lib.papers()]
    rng = random.Random(SEED)
    chosen = rng.sample(base, min(len(base), MARKS * MARKERS))
    orders = [chosen[m::MARKERS] for m in range(MARKERS)]
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"base": base, "marks": orders}), encoding="utf-8")

    args = "Path(sys.argv[1]), Path(sys.argv[2])"
    start = time.monotonic()
    readers = [
        _spawn(
            f"t.run_reader({args}, {r}, json.loads(Path(sys.argv[3]).read_text()))",
            db,
            tmp_path,
            plan,
        )
        for r in range(READERS)
    ]
    compactor = _spawn(f"t.run_compactor({args})", db, tmp_path)
    writers = [_spawn(f"t.run_importer({args}, {w})", db, tmp_path) for w in range(IMPORTERS)]
    writers += [
        _spawn(f"t.run_marker({args}, {m}, json.loads(sys.argv[3]))", db, tmp_path, json.dumps(o))
        for m, o in enumerate(orders)
    ]
    failed = []
    try:
        for proc in writers:
            _, err = proc.communicate(timeout=300 * SCALE)
            if proc.returncode:
                failed.append(err[-2000:])
    finally:
        (tmp_path / "stop").touch()
        for proc in [compactor, *readers]:
            _, err = proc.communicate(timeout=120)
            if proc.returncode:
                failed.append(err[-2000:])
    elapsed = time.monotonic() - start
    assert not failed, failed

    results = [_logged(tmp_path, f"reader{r}")[-1] for r in range(READERS)]
    (compactions,) = _logged(tmp_path, "compactions")
    print(
        f"soak: {elapsed:.1f} s, reads {[r['reads'] for r in results]}, {compactions} compactions"
    )
    for r in results:
        assert r["problems"] == [], r["problems"]
        assert r["reads"] >= 3
    assert compactions >= 2  # the readers met compactions, not just a growing journal

    final = Library.open(db).papers()
    tags = {t for p in final if (t := _tag(p.title)) is not None}
    want = {(w, k, j) for w in range(IMPORTERS) for k in range(PAGES) for j in range(PER_PAGE)}
    assert tags == want
    assert {p.id for p in final if p.marked} == set(chosen)
    assert {p.id for p in final} >= set(base)
    assert care.check(db) == []
