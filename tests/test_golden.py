"""Golden tests: each seed page beside the JSON its parser must produce.

The expected files were checked by eye, field by field, against the pages. A
change in parser output shows up here as a diff of exactly what changed.
Regenerate (after checking the diff!) with ``python tests/test_golden.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import parsers

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from tests.conftest import SEEDS, SEEDS_SAVED  # noqa: E402

GOLDEN = HERE / "golden"
EXPECTED_FORMAT_AND_COUNT = {
    "000_c49fd89b38f0da0c.txt": ("author-cluster", 28),
    "001_71e57e51a5d84236.txt": ("feed", 50),
    "002_7d32a3e5c875130f.txt": ("profile", 50),
    "003_fd96a8efc1c753ea.txt": ("trending", 75),
    "004_f0a5ae11a3aee76f.txt": ("author-cluster", 10),
}


def _parse(seed: Path) -> dict:
    return parsers.parse_file(seed, saved=SEEDS_SAVED).to_dict()


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_matches_golden(seed):
    expected = json.loads((GOLDEN / (seed.stem + ".json")).read_text(encoding="utf-8"))
    actual = _parse(seed)
    fmt, count = EXPECTED_FORMAT_AND_COUNT[seed.name]
    assert (actual["format"], len(actual["papers"])) == (fmt, count)
    assert actual["header"] == expected["header"]
    assert actual["warnings"] == expected["warnings"]
    for n, (got, want) in enumerate(zip(actual["papers"], expected["papers"], strict=True)):
        assert got == want, f"paper {n + 1} ({want['title']!r}) differs"


def test_every_seed_has_a_golden_file():
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(p.stem for p in SEEDS)


if __name__ == "__main__":
    for seed in SEEDS:
        out = GOLDEN / (seed.stem + ".json")
        out.write_text(
            json.dumps(_parse(seed), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print("wrote", out)
