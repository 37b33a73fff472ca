"""``parsers`` stands alone: no UI library, no import from the app that uses it."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PARSERS = Path(__file__).resolve().parent.parent / "parsers"
FORBIDDEN = ("textual", "rich", "paperscope", "tui")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PARSERS.glob("*.py")), ids=lambda p: p.name)
def test_parsers_import_nothing_from_the_ui_or_the_app(path):
    bad = {n for n in _imports(path) if n.split(".")[0] in FORBIDDEN}
    assert not bad, f"{path.name} imports {sorted(bad)}"


ROOT = PARSERS.parent
FORMAT_MODULES = {"parsers.cluster", "parsers.profile", "parsers.trending", "parsers.feed"}


def _loaded_after(statement: str) -> set[str]:
    """The ``parsers`` modules a fresh interpreter has loaded after ``statement``."""
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return {m for m in out.split() if m.startswith("parsers")}


@pytest.mark.parametrize(
    ("statement", "formats"),
    [
        ("import parsers", set()),
        ("import parsers.record", set()),
        ("from parsers.record import Paper, ParseResult", set()),
        ("import parsers.feed", {"parsers.feed"}),
        ("import parsers.profile", {"parsers.profile"}),
        ("from parsers import parse_text, FORMAT_NAMES", set()),
    ],
)
def test_importing_one_part_does_not_load_the_other_formats(statement, formats):
    loaded = _loaded_after(statement)
    assert loaded & FORMAT_MODULES == formats


def test_a_named_format_loads_only_its_own_module():
    loaded = _loaded_after(
        "import parsers\nr = parsers.parse_text('x', fmt='trending')\nassert r.format == 'trending'"
    )
    assert loaded & FORMAT_MODULES == {"parsers.trending"}


def test_the_registry_names_each_module_by_its_format():
    import parsers

    assert [m.NAME for m in parsers.FORMATS] == list(parsers.FORMAT_NAMES)
    assert parsers.FORMAT_NAMES == ("author-cluster", "profile", "trending", "feed", "bibtex")


def test_prepare_loads_every_format_and_the_lexicons_before_a_page_comes():
    """What the app loads while the user picks a file, so the import does not wait for it."""
    loaded = _loaded_after(
        "import parsers\nparsers.prepare()\nfrom parsers import name_lexicon as n\n"
        "assert n.given_names.cache_info().currsize == n._title_words.cache_info().currsize == 1"
    )
    assert FORMAT_MODULES | {"parsers.bibtex", "parsers.name_lexicon"} <= loaded
