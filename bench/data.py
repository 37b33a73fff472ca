"""Benchmark data: synthetic libraries of N papers and the 5,000-paper page, cached.

A library is built the way a user builds one: every generated page imported in
one ``import_files`` call into an empty library. Building the 100k library
takes a few minutes, so libraries are cached under ``bench/out/data/`` (or
``$PAPERSCOPE_BENCH_DATA``), keyed by generator version, seed and schema.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from . import generate

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
# Where built libraries are cached (the smoke test points it at a temp dir).
DATA = Path(os.environ.get("PAPERSCOPE_BENCH_DATA") or OUT / "data")
IMPORT_PAGE_SIZE = 5000
# Code that decides what a built library holds. Libraries are keyed by the
# generator version, the seed and the store's schema only, so that tuning the
# store or the parsers (as other engineers do all day) does not force a
# rebuild of the 100k library; ``python -m bench --rebuild`` forces one, and
# the hash of this code at build time is kept in ``info.json`` to tell.
_INPUTS = (
    "bench/generate.py",
    "parsers",
    "paperscope/records.py",
    "paperscope/library",
)


def code_hash() -> str:
    h = hashlib.sha256()
    for name in _INPUTS:
        path = ROOT / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            h.update(f.relative_to(ROOT).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def store_hash() -> str:
    """The store's code (the library package): a change re-saves the cached libraries."""
    h = hashlib.sha256()
    for f in sorted((ROOT / "paperscope" / "library").rglob("*.py")):
        h.update(f.relative_to(ROOT).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def _rewrite(library: Path, log) -> None:
    """Save a cached library again with the current store, so that the measures read
    and copy a file as this version writes it (the papers stay the same)."""
    from paperscope.store import Library

    log(f"rewriting {library} with the current store…")
    lib = Library.open(library)
    lib.compact()
    library.with_name(library.name + ".bak").unlink(missing_ok=True)


def data_key(seed: int) -> str:
    from paperscope.store import SCHEMA

    return f"g{generate.GEN_VERSION}-s{seed}-schema{SCHEMA}"


@dataclass
class Dataset:
    size: int
    library: Path  # the built library (never written to by measures: they copy it)
    import_page: Path  # 5,000-paper feed page, 20% of it already in the library
    info: dict  # build time, page counts, verification results


def dataset(
    size: int, seed: int = generate.DEFAULT_SEED, log=print, rebuild: bool = False
) -> Dataset:
    """The library of ``size`` papers and its import page, built if not cached."""
    folder = DATA / f"{data_key(seed)}-{size}"
    info_path = folder / "info.json"
    if info_path.exists() and not rebuild:
        info = json.loads(info_path.read_text())
        if info.get("store_hash") != store_hash():
            _rewrite(folder / "library.json", log)
            info["store_hash"] = store_hash()
            info_path.write_text(json.dumps(info, indent=2))
        return Dataset(size, folder / "library.json", folder / info["import_page"], info)
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    log(f"building the {size:,}-paper library in {folder} (cached for later runs)…")
    info = _build(size, seed, tmp, log)
    (tmp / "info.json").write_text(json.dumps(info, indent=2))
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return Dataset(size, folder / "library.json", folder / info["import_page"], info)


def _build(size: int, seed: int, folder: Path, log) -> dict:
    from paperscope.store import Library

    corpus = generate.Corpus(seed)
    t0 = time.perf_counter()
    pages = generate.library_pages(corpus, size)
    paths = generate.write_pages(pages, corpus, folder / "pages")
    page = generate.import_page(corpus, size, IMPORT_PAGE_SIZE)
    [page_path] = generate.write_pages([page], corpus, folder)
    t1 = time.perf_counter()
    check = generate.verify_pages([*pages, page], corpus, [*paths, page_path])
    t2 = time.perf_counter()
    lib = Library.open(folder / "library.json")
    reports = lib.import_files(paths)
    t3 = time.perf_counter()
    problems = generate.verify_library(lib, pages, paths)
    papers = len(lib)
    del lib
    # The pages are only needed to build; keep the folder small.
    shutil.rmtree(folder / "pages")
    info = {
        "size": size,
        "seed": seed,
        "code_hash": code_hash(),
        "store_hash": store_hash(),
        "papers": papers,
        "pages": len(pages),
        "sightings": sum(len(p.uids) for p in pages),
        "formats": {f: sum(1 for p in pages if p.format == f) for f in generate.FORMATS},
        "import_page": page_path.name,
        "import_page_papers": len(page.uids),
        "import_page_in_library": sum(1 for u in page.uids if u < size),
        "parse_check": {
            "generated": check.generated,
            "parsed": check.parsed,
            "title_mismatches": check.title_mismatches[:20],
            "author_mismatches": check.author_mismatches[:20],
            "errors": check.errors[:20],
            "ok": check.ok,
        },
        "merge_check": {"problems": problems[:20], "count": len(problems)},
        "import_errors": [r.error for r in reports if not r.ok],
        "seconds": {
            "generate": round(t1 - t0, 2),
            "verify_parse": round(t2 - t1, 2),
            "import": round(t3 - t2, 2),
        },
    }
    log(
        f"  {papers:,} papers from {len(pages)} pages in {t3 - t0:.0f} s; parse check "
        f"{'ok' if check.ok else 'FAILED'}, merge check "
        f"{'ok' if not problems else f'{len(problems)} problems'}"
    )
    return info


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.data SIZE [SEED] [--rebuild]``: build or find a dataset; JSON out.

    The benchmark builds datasets in this separate process so that its own
    memory stays small: a child's peak RSS as the kernel reports it is never
    below its parent's at the time of the fork.
    """
    import sys

    args = sys.argv[1:] if argv is None else argv
    rebuild = "--rebuild" in args
    args = [a for a in args if a != "--rebuild"]
    size = int(args[0])
    seed = int(args[1]) if len(args) > 1 else generate.DEFAULT_SEED
    ds = dataset(size, seed, log=lambda m: print(m, file=sys.stderr, flush=True), rebuild=rebuild)
    print(
        json.dumps(
            {
                "size": ds.size,
                "library": str(ds.library),
                "import_page": str(ds.import_page),
                "info": ds.info,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
