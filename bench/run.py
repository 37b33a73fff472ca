"""``python -m bench``: build synthetic libraries and print one table of timings.

Every number is the median of ``--runs`` runs (keystroke and page-down
percentiles pool every step of every run); every measure runs in a fresh
process and its peak RSS (``wait4``'s ``ru_maxrss``; for the app, the peak
once it is idle) is shown beside it. Results also go to
``bench/out/results-<time>.json`` and ``bench/out/latest.json``.

Start-up: the app (``python -m paperscope --db LIB``) runs under a pseudo
terminal of 120x40. "First frame" is the moment the bytes it has written to
the terminal contain the titles of the 2nd and 3rd papers of the list (not
the 1st: the reader pane shows that one too), timed from just before the
process is forked.
"""

from __future__ import annotations

import argparse
import atexit
import compileall
import contextlib
import datetime as dt
import fcntl
import json
import os
import platform
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from . import data
from .measure import QUERY_FILTERS, QUERY_TEXT, percentile

ROOT = data.ROOT
PY = sys.executable
SIZES = (1000, 10000, 100000)
EXPORT_COUNT = 10000

# (row key, label, unit, target at 10k, target at 100k); None: no target.
ROWS = (
    ("import", "import a 5,000-paper page (parse+merge+store)", "s", 1.0, 1.5),
    ("open", "open library (load + index), in process", "s", None, None),
    ("startup", "start-up to first frame (app process)", "s", 0.5, 1.5),
    (
        "startup_full",
        "start-up to the whole list (the first frame shows the head)",
        "s",
        None,
        None,
    ),
    ("search_text", f"search keystroke p50/p95: {QUERY_TEXT!r}", "ms", (8, 16), (16, 50)),
    ("search_filters", f"search keystroke p50/p95: {QUERY_FILTERS!r}", "ms", (8, 16), (16, 50)),
    ("pagedown", "page-down step p50/p95 (whole list)", "ms", (16, 16), (16, 16)),
    ("resort", "re-sort (slowest of every sort)", "ms", 100, 300),
    ("export", "export BibTeX of 10,000 papers", "s", 0.5, None),
    ("cli_list", "CLI `paperscope list` (whole process)", "s", None, None),
    ("cli_search", "CLI `paperscope search 'diffusion models'`", "s", None, None),
    ("memory_app", "peak memory: the app, idle with everything built", "MB", 150, 600),
    ("memory", "peak memory: highest of any row above", "MB", 150, 600),
)


# ---------------------------------------------------------------------------
# Processes


def _peak_mb(rusage) -> float:
    return rusage.ru_maxrss / 1024  # Linux: KiB


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PAPERSCOPE_DEBUG", None)
    # Each measured process starts with no remembered session: the app puts back the
    # last cursor, sort and search, and a cursor left at the end of the list by the
    # page-down row would leave the next run nothing to page through. (Nor may the
    # benchmark touch the user's own session.)
    env["PAPERSCOPE_STATE_DIR"] = tempfile.mkdtemp(prefix="state-", dir=_STATE_ROOT)
    return env


_STATE_ROOT = tempfile.mkdtemp(prefix="paperscope-bench-state-")
atexit.register(shutil.rmtree, _STATE_ROOT, True)


class _Popen(subprocess.Popen):
    """A Popen whose wait collects the child's own rusage (not the sum of all children)."""

    rusage = None

    def _try_wait(self, wait_flags):
        try:
            pid, sts, rusage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return (self.pid, 0)
        if pid == self.pid:
            self.rusage = rusage
        return (pid, sts)


def _finish(argv: list[str], stdout, timeout: float) -> tuple[bytes, float, float]:
    """Run ``argv`` to the end: (its stdout, wall seconds, its own peak RSS in MB)."""
    t = time.perf_counter()
    proc = _Popen(argv, cwd=ROOT, env=_env(), stdout=stdout, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RuntimeError(f"{argv[:5]}: still running after {timeout:.0f} s") from None
    elapsed = time.perf_counter() - t
    if proc.returncode:
        raise RuntimeError(f"{argv[:5]} failed:\n{err.decode(errors='replace')[-3000:]}")
    return out or b"", elapsed, _peak_mb(proc.rusage)


def run_worker(kind: str, args: dict, timeout: float = 1800) -> tuple[dict, float]:
    """One ``bench.measure`` KIND in a fresh process: (its result, its peak MB)."""
    out, _, peak = _finish(
        [PY, "-m", "bench.measure", kind, json.dumps(args)], subprocess.PIPE, timeout
    )
    result = json.loads(out.decode().strip().splitlines()[-1])
    return result, max(result.pop("vmhwm_mb", 0.0), peak)


def run_command(argv: list[str], timeout: float = 600) -> tuple[float, float]:
    """A whole process, stdout to /dev/null: (wall seconds, peak MB)."""
    _, elapsed, peak = _finish(argv, subprocess.DEVNULL, timeout)
    return elapsed, peak


_ANSI_RE = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    rb"|\x1bP[^\x1b]*\x1b\\"  # DCS
    rb"|\x1b[()][0-9A-Za-z]|\x1b[=>78cDEHMNOZ]"
)


def _cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _vm_hwm_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_startup(
    library: Path, needles: list[str], total: int | None = None, timeout: float = 300
) -> dict:
    """Time the app from fork to the first frame that shows the paper list, then to the
    status line counting all ``total`` papers (the first frame may show only the first
    screenful, from the head of the file, while the rest is read); then its peak memory
    once it is idle (author clusters and search index built in the background)."""
    needles_b = [n.encode() for n in needles]
    # " 100000 papers · sort", but not " 120 of 100000 papers · sort" (the preview)
    ready_re = re.compile(rb"(?<!of )(?<![0-9])%d papers \xc2\xb7 sort" % total) if total else None
    list_ready = None
    env = _env() | {
        "TERM": "xterm-256color",
        "COLUMNS": "120",
        "LINES": "40",
        "COLORTERM": "truecolor",
    }
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app, in a 120x40 terminal
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            os.chdir(ROOT)
            os.execve(PY, [PY, "-m", "paperscope", "--db", str(library)], env)
        finally:
            os._exit(127)
    buf = bytearray()
    first_frame = None
    idle_at = None
    last_ticks, last_change = -1, time.perf_counter()
    rusage = None
    try:
        while True:
            now = time.perf_counter()
            if now - t0 > timeout:
                raise RuntimeError(f"the app showed no paper list within {timeout:.0f} s")
            ready, _, _ = select.select([fd], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(fd, 1 << 16)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise RuntimeError(
                        "the app exited before showing the paper list:\n"
                        + _ANSI_RE.sub(b"", bytes(buf)).decode(errors="replace")[-2000:]
                    )
                buf += chunk
                if first_frame is None or (list_ready is None and ready_re is not None):
                    text = _ANSI_RE.sub(b"", bytes(buf))
                    if first_frame is None and all(n in text for n in needles_b):
                        first_frame = time.perf_counter() - t0
                        last_change = time.perf_counter()
                    if list_ready is None and ready_re is not None and ready_re.search(text):
                        list_ready = time.perf_counter() - t0
            if first_frame is not None:
                ticks = _cpu_ticks(pid)
                if ticks != last_ticks:
                    last_ticks, last_change = ticks, now
                elif now - last_change > 1.0:  # no CPU used for a second: idle
                    idle_at = last_change - t0
                    break
        peak_idle = _vm_hwm_mb(pid)
        os.write(fd, b"q")
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            done, _status, rusage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            with contextlib.suppress(OSError):
                if select.select([fd], [], [], 0.05)[0]:
                    os.read(fd, 1 << 16)
        else:
            os.kill(pid, signal.SIGTERM)
            _, _, rusage = os.wait4(pid, 0)
    except BaseException:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.wait4(pid, 0)
        raise
    finally:
        os.close(fd)
    return {
        "seconds": first_frame,
        "list_seconds": list_ready,
        "idle_seconds": idle_at,
        "peak_idle_mb": peak_idle,
        "peak_mb": max(peak_idle, _peak_mb(rusage) if rusage else 0.0),
    }


# ---------------------------------------------------------------------------
# One size


def _have_tui() -> bool:
    return (ROOT / "tui" / "app.py").exists()


def load_dataset(size: int, seed: int, rebuild: bool = False) -> data.Dataset:
    """Build or find the dataset in a child process (see ``bench.data.main``)."""
    argv = [PY, "-m", "bench.data", str(size), str(seed)] + (["--rebuild"] if rebuild else [])
    proc = subprocess.run(argv, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, check=True)
    got = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    return data.Dataset(got["size"], Path(got["library"]), Path(got["import_page"]), got["info"])


def copy_library(source: Path, target: Path) -> None:
    """The library as a user has it: the main file and its manifest and journal
    segments (the main file alone reads as one written by an older version, which
    the next write upgrades by rewriting it whole)."""
    for part in source.parent.glob(source.name + "*"):
        if not part.name.endswith(".lock"):
            shutil.copy(part, target.parent / (target.name + part.name[len(source.name) :]))


def measure_size(ds: data.Dataset, runs: int, log, max_steps: int | None = None) -> dict:
    """Every row for one library size: raw runs, for ``summarise``."""
    size = ds.size
    raw: dict[str, list] = {k: [] for k, *_ in ROWS}
    work = Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
    try:
        lib_copy = work / "library.json"
        copy_library(ds.library, lib_copy)  # measures that only read use one copy
        info, _ = run_worker("open", {"library": str(lib_copy), "titles": 3})
        needles = [t[:24] for t in info.get("titles", [])[1:3]]
        for run in range(runs):
            log(f"  {size:>7,} papers · run {run + 1}/{runs}")
            # import: into a fresh copy each time (the import changes the library)
            target = work / f"import-{run}.json"
            copy_library(ds.library, target)
            res, peak = run_worker("import", {"library": str(target), "page": str(ds.import_page)})
            raw["import"].append({**res, "peak_mb": peak})
            for leftover in work.glob(f"import-{run}.json*"):
                leftover.unlink()
            res, peak = run_worker("open", {"library": str(lib_copy)})
            raw["open"].append({**res, "peak_mb": peak})
            res, peak = run_worker("search", {"library": str(lib_copy)})
            raw["search_text"].append(
                {**res["queries"]["text"], "peak_mb": peak, "index_seconds": res["index_seconds"]}
            )
            raw["search_filters"].append({**res["queries"]["filters"], "peak_mb": peak})
            res, peak = run_worker("export", {"library": str(lib_copy), "count": EXPORT_COUNT})
            raw["export"].append({**res, "peak_mb": peak})
            secs, peak = run_command([PY, "-m", "paperscope", "list", "--db", str(lib_copy)])
            raw["cli_list"].append({"seconds": secs, "peak_mb": peak})
            secs, peak = run_command(
                [PY, "-m", "paperscope", "search", "diffusion models", "--db", str(lib_copy)]
            )
            raw["cli_search"].append({"seconds": secs, "peak_mb": peak})
            if _have_tui() and needles:
                res = run_startup(lib_copy, needles, info.get("papers"))
                raw["startup"].append(res)
                if res.get("list_seconds") is not None:
                    raw["startup_full"].append(
                        {"seconds": res["list_seconds"], "peak_mb": res["peak_mb"]}
                    )
                res, peak = run_worker("scroll", {"library": str(lib_copy), "max_steps": max_steps})
                raw["pagedown"].append(
                    {"seconds": res["steps"], "peak_mb": peak, "rows": res["rows"]}
                )
                raw["resort"].append({"seconds": res["sorts"], "peak_mb": peak})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return raw


def summarise(raw: dict) -> dict:
    """Per row: the value shown (median of runs; pooled percentiles) and peak MB."""
    out: dict = {}
    for key, *_ in ROWS:
        runs = raw.get(key) or []
        if key.startswith("memory") or not runs:
            continue
        peak = max(r.get("peak_mb", 0) for r in runs)
        if key in ("search_text", "search_filters", "pagedown"):
            pooled = [s * 1000 for r in runs for s in r["seconds"]]
            if not pooled:  # the worker measured nothing: say so, do not fail the table
                out[key] = {"value": None, "n": 0, "peak_mb": peak, "error": "no samples"}
                continue
            out[key] = {
                "value": (percentile(pooled, 50), percentile(pooled, 95)),
                "max": max(pooled),
                "n": len(pooled),
                "peak_mb": peak,
            }
            if key != "pagedown":  # the index alone, without the list the app builds
                alone = [s * 1000 for r in runs for s in r.get("search_seconds", ())]
                if alone:
                    out[key]["search_only"] = (percentile(alone, 50), percentile(alone, 95))
        elif key == "resort":
            worst = [max(r["seconds"].values()) * 1000 for r in runs]
            out[key] = {
                "value": statistics.median(worst),
                "peak_mb": peak,
                "by_sort": {
                    s: statistics.median(r["seconds"][s] * 1000 for r in runs)
                    for s in runs[0]["seconds"]
                },
            }
        else:
            out[key] = {"value": statistics.median(r["seconds"] for r in runs), "peak_mb": peak}
            if key == "startup":
                out[key]["idle_seconds"] = statistics.median(r["idle_seconds"] for r in runs)
    peaks = {k: v["peak_mb"] for k, v in out.items()}
    if peaks:
        top = max(peaks, key=peaks.get)
        out["memory"] = {"value": peaks[top], "peak_mb": peaks[top], "row": top}
    if "startup" in out:
        app = out["startup"]["peak_mb"]
        out["memory_app"] = {"value": app, "peak_mb": app, "row": "startup"}
    return out


# ---------------------------------------------------------------------------
# The table


def _fmt(key: str, unit: str, cell: dict | None) -> str:
    if cell is None:
        return "—"
    v = cell["value"]
    if v is None:
        return cell.get("error", "—")
    if key == "memory":
        return f"{v:.0f} MB ({cell['row']})"
    if key == "memory_app":
        return f"{v:.0f} MB"
    if isinstance(v, tuple):
        text = f"{v[0]:.1f} / {v[1]:.1f} ms"
    elif unit == "ms":
        text = f"{v:.0f} ms"
    else:
        text = f"{v:.2f} s"
    return f"{text} · {cell['peak_mb']:.0f} MB"


def _target_text(unit: str, t) -> str:
    if t is None:
        return "—"
    if isinstance(t, tuple):
        return f"≤ {t[0]} / {t[1]} ms" if t[0] != t[1] else f"≤ {t[0]} ms"
    return f"≤ {t} {unit}"


def _meets(value, target) -> bool | None:
    if target is None or value is None:
        return None
    if isinstance(target, tuple):
        return value[0] <= target[0] and value[1] <= target[1]
    return value <= target


def table(results: dict[int, dict]) -> str:
    """One Markdown table: a row per measure, a column per size, then the targets."""
    sizes = sorted(results)
    head = ["measure", *(f"{s:,} papers" for s in sizes), "target 10k", "target 100k"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, label, unit, t10, t100 in ROWS:
        cells = []
        for s in sizes:
            cell = results[s].get(key)
            text = _fmt(key, unit, cell)
            target = t10 if s == 10000 else t100 if s == 100000 else None
            ok = _meets(cell["value"], target) if cell else None
            if ok is False:
                text = f"**{text}** ✗"
            elif ok:
                text += " ✓"
            cells.append(text)
        lines.append(
            "| "
            + " | ".join([label, *cells, _target_text(unit, t10), _target_text(unit, t100)])
            + " |"
        )
    return "\n".join(lines)


def machine() -> dict:
    cpu = "?"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with contextlib.suppress(OSError), open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": mem,
        "python": platform.python_version(),
        "load": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="library sizes, comma-separated (default 1000,10000,100000)",
    )
    ap.add_argument("--runs", type=int, default=3, help="runs per measure (default 3)")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="1,000 papers, one run: a smoke test (CI); times are not judged",
    )
    ap.add_argument("--seed", type=int, default=data.generate.DEFAULT_SEED)
    ap.add_argument(
        "--rebuild",
        action="store_true",
        help="rebuild the cached libraries (after changing the generator, parsers or store)",
    )
    ap.add_argument("--out", type=Path, default=data.OUT, help="where the JSON goes")
    args = ap.parse_args(argv)
    sizes = [1000] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",")]
    runs = 1 if args.quick else max(1, args.runs)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    # Byte-compile the project first, as installing a package does: with an editable
    # install and PYTHONDONTWRITEBYTECODE set (as on this machine), every process
    # would otherwise compile the modules changed since the last cache, and the
    # start-up row would time the compiler.
    for package in ("paperscope", "parsers", "tui", "bench"):
        compileall.compile_dir(str(ROOT / package), quiet=1)
    started = dt.datetime.now().astimezone()
    host = machine()
    log(
        f"bench: sizes {sizes}, {runs} run(s) each; {host['nproc']} CPUs ({host['cpu']}), "
        f"{host['ram']}; load {host['load'][0]:.2f}"
    )
    results: dict[int, dict] = {}
    raw_all: dict[int, dict] = {}
    checks: dict[int, dict] = {}
    for size in sizes:
        ds = load_dataset(size, args.seed, args.rebuild)
        checks[size] = {
            k: ds.info[k]
            for k in (
                "papers",
                "pages",
                "sightings",
                "formats",
                "parse_check",
                "merge_check",
                "code_hash",
                "import_page_papers",
                "import_page_in_library",
            )
        }
        raw_all[size] = measure_size(ds, runs, log)
        first = raw_all[size]["import"][0]
        checks[size]["import_merge"] = {
            "new": first["new"],
            "merged": first["merged"],
            "updated": first["updated"],
        }
        if ds.info.get("code_hash") != data.code_hash():
            log(
                f"  note: the {size:,} library was built before the parsers/store last "
                "changed (--rebuild to rebuild it)"
            )
        results[size] = summarise(raw_all[size])
    host["load_after"] = os.getloadavg()
    text = table(results)
    print(
        f"PaperScope benchmark · {started:%Y-%m-%d %H:%M} · {host['nproc']} CPUs "
        f"({host['cpu']}), {host['ram']} RAM · Python {host['python']} · median of "
        f"{runs} run(s); cells: time · peak RSS of the measuring process"
    )
    print(text)
    for size, c in checks.items():
        pc, mc = c["parse_check"], c["merge_check"]
        print(
            f"{size:,}: {c['papers']:,} papers from {c['pages']} pages "
            f"({c['sightings']:,} sightings); parsed back {pc['parsed']:,}/"
            f"{pc['generated']:,}, {len(pc['title_mismatches'])} title and "
            f"{len(pc['author_mismatches'])} author mismatches; merge problems "
            f"{mc['count']}; the 5,000-paper page added {c['import_merge']['new']:,} and "
            f"merged {c['import_merge']['merged']:,} (generated: "
            f"{c['import_page_papers'] - c['import_page_in_library']:,} new, "
            f"{c['import_page_in_library']:,} already in the library)"
        )
    for size, res in results.items():
        alone = [
            f"{k.split('_')[1]} {v['search_only'][0]:.1f} / {v['search_only'][1]:.1f} ms"
            for k, v in res.items()
            if "search_only" in v
        ]
        if alone:
            print(
                f"{size:,}: search keystroke p50/p95 of SearchIndex.search alone (without the "
                f"app's LibrarySnapshot.select): {'; '.join(alone)}"
            )
    print(f"load average before/after: {host['load'][0]:.2f} / {host['load_after'][0]:.2f}")
    args.out.mkdir(parents=True, exist_ok=True)
    payload = {
        "started": started.isoformat(),
        "machine": host,
        "runs": runs,
        "sizes": sizes,
        "summary": {str(k): v for k, v in results.items()},
        "checks": checks,
        "raw": {str(k): v for k, v in raw_all.items()},
        "table": text,
    }
    blob = json.dumps(payload, indent=1, default=str)
    (args.out / f"results-{started:%Y%m%d-%H%M%S}.json").write_text(blob)
    (args.out / "latest.json").write_text(blob)
    return 0


if __name__ == "__main__":
    sys.exit(main())
