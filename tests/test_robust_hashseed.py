"""Issue 11, case 13: the same import gives the same library under any PYTHONHASHSEED.

A paper merged from two sources with slightly different titles is in the fuzzy
title blocks by one of its two title keys. When those keys were kept in a set,
which one the block held depended on the hash seed, and so did whether a third,
still more different title merged into it or became a new paper. The pages below
are made so that it matters: title B is within the fuzzy threshold of A and of C,
but C is not within it of A. (The seeds test in ``test_library_integrity`` never
reached that choice: it passed on the old code too.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rapidfuzz import fuzz

from paperscope.library.merge import FUZZY_TITLE
from paperscope.store import Library
from parsers.base import title_key

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "pages"
SUBJECTS = (  # eight papers, far apart from each other
    ("Sparse Mixture Routing", "Language Models"),
    ("Graph Neural Message Passing", "Molecule Generators"),
    ("Vision Transformer Pruning", "Image Classifiers"),
    ("Speech Recognition Distillation", "Audio Encoders"),
    ("Robot Policy Imitation", "Control Agents"),
    ("Query Rewriting Retrieval", "Search Engines"),
    ("Token Merging Acceleration", "Diffusion Samplers"),
    ("Federated Client Sampling", "Edge Devices"),
)


def _titles(subject: tuple[str, str]) -> tuple[str, str, str]:
    a = f"{subject[0]}: A Careful Study of Training Recipes for Robust Deep {subject[1]}"
    b = a.replace("Careful Study", "Carefully Studied").replace("Recipes for", "Recipe of")
    c = b.replace("Training Recipe", "Trained Recipe").replace("Robust Deep", "Robuster Deeper")
    return a, b, c


def _page(folder: Path, name: str, titles: list[str]) -> Path:
    # A real trending page's head (the format's evidence), then the made-up papers.
    lines = [*(PAGES / "trending_mar13.txt").read_text(encoding="utf-8").splitlines()[:10]]
    for title in titles:
        topic = title.split(":")[0].lower()
        abstract = (
            f"We study how {topic} models are trained at scale, which recipes hold "
            "across data sets, and which fail when the networks grow deeper."
        )
        lines += [title, "", abstract, ""]
    path = folder / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


_IMPORT = """
import sys
from paperscope.store import Library
lib = Library.open(sys.argv[1])
for page in sys.argv[2:]:
    lib.import_files([page])
"""


def test_the_titles_make_the_block_key_decide():
    for subject in SUBJECTS:
        a, b, c = map(title_key, _titles(subject))
        assert fuzz.ratio(a, b) >= FUZZY_TITLE and fuzz.ratio(b, c) >= FUZZY_TITLE
        assert fuzz.ratio(a, c) < FUZZY_TITLE


def test_case13_merging_does_not_depend_on_the_hash_seed(tmp_path):
    triples = [_titles(s) for s in SUBJECTS]
    pages = [_page(tmp_path, f"{n}-page.txt", [t[n] for t in triples]) for n in range(3)]

    def library(seed: str) -> list:
        db = tmp_path / f"lib-{seed}.json"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        cmd = [sys.executable, "-c", _IMPORT, str(db), *map(str, pages)]
        subprocess.run(cmd, env=env, check=True, timeout=120)
        return sorted(
            (p.id, p.title, sorted(s.record["title"] for s in p.sources))
            for p in Library.open(db).papers()
        )

    first = library("0")
    # Every A and B merged; each C either joined its paper or is one of its own:
    # the same choice under every seed.
    assert 8 <= len(first) <= 16
    for seed in ("1", "2", "3", "4", "12345"):
        assert library(seed) == first, f"PYTHONHASHSEED={seed} gave another library"
