"""Author-cluster pages: a paper without author lines is by the page's subject, flagged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "pages" / "cluster_bottou.txt"


def test_parse_json_shows_the_inferred_author_and_the_flag():
    out = subprocess.run(
        [sys.executable, "-m", "paperscope", "parse", str(PAGE), "--json", "--saved", "2026-11-22"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    papers = {p["title"]: p for p in json.loads(out)["papers"]}
    causal = papers["Discovering Causal Signals in Images"]
    assert causal["authors"] == ["Léon Bottou"]
    assert causal["authors_inferred"] is True
    # papers with author lines carry their names as printed and no flag
    inferred = [t for t, p in papers.items() if p.get("authors_inferred")]
    assert inferred == ["Discovering Causal Signals in Images"]
