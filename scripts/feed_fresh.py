"""Build the held-out feed validation set ``tests/corpora/feed/fresh.jsonl.gz``.

Real papers from sources the parser and its name lexicon never saw (neither the
dw-dengwei arXiv crawl nor the NeurIPS lists), read from local mirrors of their
git repositories (the search tool's ``fetch`` puts them under ``/work/.mirror``):

* ``paperlists``: Paper Copilot's conference lists, ``papercopilot/paperlists``
  (``<venue>/<venue><year>.json``: title, ``author`` joined by ``;`` or ``,``,
  abstract) for every venue but NeurIPS: robotics (ICRA, IROS, RSS, CoRL), vision
  (CVPR, ICCV, ECCV, WACV, 3DV), graphics (SIGGRAPH, SIGGRAPH Asia), language
  (ACL, NAACL, COLING, COLM), AI and ML (AAAI, IJCAI, ICML, ICLR, COLT, AISTATS,
  UAI, ACML, ...), data (KDD, WWW), 1987-2026;
* ``pmlr``: PMLR proceedings volumes ``mlresearch/v<N>`` (``_posts/*.md``: YAML
  with ``given``/``prefix``/``family`` per author and the abstract) of medical
  imaging (MIDL), health (MLHC, ML4H, CHIL) and control (L4DC), 2019-2024; a
  name is printed as PMLR prints it, ``given prefix family``.

IEEE-sourced lists (ICRA, IROS) print every author list twice in a row: such a
list is cut to its first half. Records whose list still repeats a name, or holds
an artefact (an "author" with no letter, two names joined by "and", a footnote
``*``, a TeX escape, mojibake such as ``SchÃ¤ffer``, a ``prefix`` of ``and``), or
whose title holds an HTML entity (``& amp;``), are left out, as are prefaces.
Titles are whitespace-folded; names are kept as printed.
Deduplicated by title letters+digits against ``arxiv``/``neurips``/``hard`` and
within itself; then a seeded sample of PAPERLISTS_SAMPLE paperlists records is
kept, with every PMLR record.

Run: ``python scripts/feed_fresh.py`` (byte-identical output; ``--help`` for paths).
It needs PyYAML (``pip install pyyaml``), which only this script uses: the app and
its tests read the built file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from feed_corpus import (  # noqa: E402
    dedupe,
    fold,
    git_ls,
    git_show,
    record,
    short_abstract,
    title_key,
    usable,
    write_jsonl_gz,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "corpora" / "feed"
PAPERLISTS_GIT = "/work/.mirror/papercopilot+paperlists/repo"
PMLR_GIT = "/work/.mirror/mlresearch+v{}/repo"
# MIDL 2019-2024, MLHC 2021-2023, ML4H 2021-2023, CHIL 2022-2023, L4DC 2020-2024.
PMLR_VOLUMES = (102, 121, 143, 172, 227, 250, 149, 182, 219, 158, 193, 225, 174, 209,
                120, 144, 168, 211, 242)  # fmt: skip
SEED = 2026
PAPERLISTS_SAMPLE = 8000

Record = dict[str, Any]


def undouble(names: list[str]) -> list[str]:
    """``A;B;A;B`` (a list printed twice, as the IEEE-sourced files do) -> ``A;B``."""
    half = len(names) // 2
    if len(names) % 2 == 0 and half and names[:half] == names[half:]:
        return names[:half]
    return names


# Crawler artefacts inside a name: two names joined by "and", a footnote mark,
# a TeX escape, UTF-8 read as Latin-1 ("SchÃ¤ffer"); in a title: "& amp;".
_BAD_NAME = re.compile(r"(?:^|\s)and\s|[*\\©]|Ã")
_BAD_TITLE = re.compile(r"&\s?amp;|&\s?lt;|&\s?gt;|&#")


def keep(title: str, authors: list[str]) -> bool:
    return (
        usable(title, authors)
        and len(set(authors)) == len(authors)
        and not _BAD_TITLE.search(title)
        and not any(_BAD_NAME.search(a) for a in authors)
    )


def read_paperlists(repo: str) -> list[Record]:
    out: list[Record] = []
    for venue in sorted(git_ls(repo, "HEAD", ".")):
        if "/" in venue or venue in ("nips", "tools"):
            continue
        for path in sorted(git_ls(repo, "HEAD", venue)):
            m = re.fullmatch(rf"{venue}/{venue}(\d{{4}})\.json", path)
            if m is None:
                continue
            try:
                items = json.loads(git_show(repo, f"HEAD:{path}"))
            except Exception:  # a file too large for the mirror (absent)
                continue
            year = int(m[1])
            for k, item in enumerate(items):
                raw = item.get("author") or ""
                sep = ";" if ";" in raw else ","
                authors = undouble([fold(a) for a in raw.split(sep)])
                title = fold(item.get("title") or "")
                if not keep(title, authors):
                    continue
                out.append(
                    record(
                        f"paperlists:{venue}{year}:{k}",
                        title,
                        authors,
                        f"{year}-{1 + k % 12:02d}-{1 + k % 28:02d}",
                        "paperlists",
                        abstract=short_abstract(item.get("abstract")),
                    )
                )
    return out


def pmlr_name(a: dict[str, Any]) -> str:
    return fold(" ".join(str(a.get(p) or "") for p in ("given", "prefix", "family")))


def read_pmlr(repo: str, volume: int) -> list[Record]:
    out: list[Record] = []
    for path in sorted(git_ls(repo, "HEAD", "_posts")):
        text = git_show(repo, f"HEAD:{path}")
        meta = yaml.safe_load(text.split("\n---\n")[0].removeprefix("---\n"))
        title = fold(str(meta.get("title") or ""))
        people = meta.get("author") or []
        if title.lower().startswith("preface") or any(a.get("prefix") == "and" for a in people):
            continue
        authors = [pmlr_name(a) for a in people]
        if not keep(title, authors):
            continue
        out.append(
            record(
                f"pmlr:v{volume}:{meta.get('id')}",
                title,
                authors,
                str(meta.get("date")),
                "pmlr",
                abstract=short_abstract(meta.get("abstract")),
            )
        )
    return out


def existing_keys(folder: Path) -> set[str]:
    keys = set()
    for group in ("arxiv", "neurips", "hard"):
        with gzip.open(folder / f"{group}.jsonl.gz", "rt", encoding="utf-8") as fh:
            keys |= {title_key(json.loads(line)["title"]) for line in fh}
    return keys


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--paperlists-git", default=PAPERLISTS_GIT)
    ap.add_argument("--pmlr-git", default=PMLR_GIT, help="with {} for the volume number")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    seen = existing_keys(args.out)
    pmlr_raw = [r for v in PMLR_VOLUMES for r in read_pmlr(args.pmlr_git.format(v), v)]
    pmlr = dedupe(pmlr_raw, seen)
    lists_raw = read_paperlists(args.paperlists_git)
    lists = dedupe(lists_raw, seen)
    rng = random.Random(SEED)
    rng.shuffle(lists)
    kept = sorted(lists[:PAPERLISTS_SAMPLE], key=lambda r: r["id"]) + pmlr
    for rec in kept:
        rec["hard"] = []
    write_jsonl_gz(args.out / "fresh.jsonl.gz", kept)
    stats = {
        "pmlr_read": len(pmlr_raw),
        "pmlr_kept": len(pmlr),
        "paperlists_read": len(lists_raw),
        "paperlists_pool": len(lists),
        "paperlists_kept": min(len(lists), PAPERLISTS_SAMPLE),
        "fresh": len(kept),
        "by_venue": dict(
            sorted(Counter(r["id"].split(":")[1].rstrip("0123456789") for r in kept).items())
        ),
    }
    print(json.dumps(stats, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
