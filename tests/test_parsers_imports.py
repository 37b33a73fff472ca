"""``parsers`` stands alone: no UI library, no import from the app that uses it."""

from __future__ import annotations

import ast
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
