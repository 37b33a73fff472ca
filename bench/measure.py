"""One measurement, run in a fresh process so that its peak memory is its own.

``python -m bench.measure KIND '{json args}'`` prints one JSON object on its
last stdout line. The parent (``bench.run``) reads the process's peak RSS from
``wait4``. Every KIND times only what its row says; loading the library is
timed separately where it is not part of the row.
"""

from __future__ import annotations

import asyncio
import gc
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

# Typed one character at a time, as a person would, typos included.
QUERY_TEXT = "sparse trainng for edge devices"  # "trainng": a typo
QUERY_FILTERS = "au:wang year:2021-2023 difusion models"  # "difusion": a typo


def _lib(path: str):
    from paperscope.store import Library

    t = time.perf_counter()
    lib = Library.open(path)
    return lib, time.perf_counter() - t


def m_import(args: dict) -> dict:
    """Parse, merge and store one page into a copy of the library (one atomic write: a
    journal segment of the papers it changed)."""
    lib, load = _lib(args["library"])
    # The merge indexes: the app builds them while the user picks the file (the
    # command line builds them first thing); timed apart, as the search index is.
    t = time.perf_counter()
    lib.build_indexes()
    index = time.perf_counter() - t
    gc.collect()
    t = time.perf_counter()
    [report] = lib.import_files([args["page"]])
    elapsed = time.perf_counter() - t
    if not report.ok:
        raise SystemExit(f"import failed: {report.error}")
    return {
        "seconds": elapsed,
        "load_seconds": load,
        "index_seconds": index,
        "papers_after": len(lib),
        "new": report.new,
        "merged": report.merged,
        "updated": report.updated,
    }


def m_open(args: dict) -> dict:
    """Load and index the library (what every command and the app do first)."""
    _lib_obj, load = _lib(args["library"])
    t = time.perf_counter()
    papers = _lib_obj.papers()
    ordered = time.perf_counter() - t
    from paperscope.safe_text import printable

    titles = [printable(p.title) for p in papers[: args.get("titles", 0)]]
    return {"seconds": load, "papers_seconds": ordered, "papers": len(papers), "titles": titles}


def _prefixes(text: str) -> list[str]:
    return [text[:i] for i in range(1, len(text) + 1)]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    k = max(0, math.ceil(q / 100 * len(ordered)) - 1)
    return ordered[k]


def m_search(args: dict) -> dict:
    """Per-keystroke latency of the live search, as the app's search worker runs it.

    Each keystroke: ``parse_query`` + ``SearchIndex.search`` (no limit, as the app
    calls it) + the list the app then shows (``LibrarySnapshot.select`` when the
    browse module is there). The index is built first, as the app builds
    it in the background after the first frame; its build time is reported too.
    """
    from paperscope.search import SearchIndex, parse_query

    lib, load = _lib(args["library"])
    papers = lib.papers()
    try:
        from paperscope.browse import LibrarySnapshot
    except ImportError:  # an older tree without it: the app would list the hits in order
        LibrarySnapshot = None  # noqa: N806
    t = time.perf_counter()
    index = SearchIndex(papers)
    build = time.perf_counter() - t
    snapshot = LibrarySnapshot(papers, index=index) if LibrarySnapshot else None
    out: dict = {"load_seconds": load, "index_seconds": build, "queries": {}}
    for name, text in (("text", QUERY_TEXT), ("filters", QUERY_FILTERS)):
        times, alone, counts = [], [], []
        for prefix in _prefixes(text):
            t = time.perf_counter()
            query = parse_query(prefix)
            hits = index.search(query)
            alone.append(time.perf_counter() - t)
            if snapshot is not None:
                sort = "relevance" if query.text else "year"
                shown = snapshot.select(sort, None, hits)
            else:
                shown = [h.paper for h in hits]
            times.append(time.perf_counter() - t)
            counts.append(len(shown))
        out["queries"][name] = {
            "text": text,
            "seconds": times,
            "search_seconds": alone,
            "hits": counts,
        }
    return out


def m_export(args: dict) -> dict:
    """BibTeX of the first ``count`` papers, keys unique in the whole library, to a file."""
    from paperscope.export import write_export

    lib, load = _lib(args["library"])
    library = lib.papers()
    papers = library[: args["count"]]
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        path = write_export(papers, Path(tmp) / "out.bib", "bibtex", key_scope=library)
        elapsed = time.perf_counter() - t
        size = path.stat().st_size
    return {"seconds": elapsed, "load_seconds": load, "papers": len(papers), "bytes": size}


def m_scroll(args: dict) -> dict:
    """Page-down through the whole list, then every sort, in the app under a headless pilot.

    A step is timed from handing the key event to the app to the first screen
    update composed after it (the compositor renders the changed rows; the
    headless driver only skips writing them to a terminal; Textual composes at
    most 60 frames a second). The pilot then waits until the app is idle,
    untimed, before the next key.
    """
    return asyncio.run(_scroll(args))


async def _scroll(args: dict) -> dict:
    from textual import events
    from textual._wait import wait_for_idle

    from paperscope.browse import SORTS
    from tui.app import create_app

    t = time.perf_counter()
    app = create_app(args["library"])
    frames: list[float] = []  # when each screen update was composed (headless: not written)

    async def step(pilot, key: str) -> tuple[float, float]:
        """Seconds from the key to the first frame after it, and to the last one before the
        app is idle again (the reader pane follows the cursor a little later)."""
        n = len(frames)
        start = time.perf_counter()
        app._driver.send_message(events.Key(key, None))
        # Poll lightly for the frame: the pilot's own waiting (a callback through
        # every widget) would run in between and add itself to the time.
        while len(frames) == n and time.perf_counter() - start < 5:
            await asyncio.sleep(0.0005)
        await pilot._wait_for_screen()
        await wait_for_idle(0)
        if len(frames) == n:
            return math.nan, math.nan
        return frames[n] - start, frames[-1] - start

    async with app.run_test(size=(120, 40)) as pilot:
        display = app._display

        def spy(screen, renderable) -> None:
            display(screen, renderable)
            frames.append(time.perf_counter())

        app._display = spy
        screen = app.main_screen
        deadline = time.monotonic() + 600
        while (screen.snapshot is None or not screen.snapshot.complete) and (
            time.monotonic() < deadline
        ):
            await pilot.pause(0.05)
        ready = time.perf_counter() - t
        plist = screen.paper_list
        plist.focus()
        await pilot.pause()
        total = plist.count
        limit = args.get("max_steps") or 10**9
        steps, settled = [], []
        while plist.cursor < total - 1 and len(steps) < limit:
            first, last = await step(pilot, "pagedown")
            steps.append(first)
            settled.append(last)
        at_end = plist.cursor
        sorts: dict[str, float] = {}
        sorts_settled: dict[str, float] = {}
        # s cycles year -> title -> score -> venue -> first author -> sources -> year
        for _ in range(len(SORTS) - 1):  # every sort but relevance (no search here)
            first, last = await step(pilot, "s")
            sorts[screen.sort] = first
            sorts_settled[screen.sort] = last
    return {
        "ready_seconds": ready,
        "steps": steps,
        "settled": settled,
        "rows": total,
        "cursor_at_end": at_end,
        "sorts": sorts,
        "sorts_settled": sorts_settled,
    }


def vm_hwm_mb() -> float:
    """This process's peak RSS so far (Linux), in MB."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


KINDS = {
    "import": m_import,
    "open": m_open,
    "search": m_search,
    "export": m_export,
    "scroll": m_scroll,
}


def main() -> None:
    kind, raw = sys.argv[1], sys.argv[2]
    result = KINDS[kind](json.loads(raw))
    result["vmhwm_mb"] = vm_hwm_mb()
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown (freeing 100k objects is not part of any row)


if __name__ == "__main__":
    main()
