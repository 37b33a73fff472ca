"""The app keeps Textual's own machinery working, and its modules import one way."""

from __future__ import annotations

import pytest

from tests.tui.helpers import main_screen, press, settle
from tui.screens.import_file import ImportScreen

BIG = (120, 40)


async def test_screens_keep_textuals_widget_lock(app):
    """``Widget.batch()`` takes ``Widget.lock`` (an asyncio lock); a screen attribute of
    that name (the library's thread lock, once) broke it and everything built on it."""
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        async with main.batch():
            main.paper_list.select_paper(main.paper_list.papers[3].id)
        assert main.paper_list.current.id == main.paper_list.papers[3].id
        await press(pilot, "i")
        assert isinstance(app.screen, ImportScreen)
        async with app.screen.batch():
            pass
        await press(pilot, "escape")
        assert app.screen is main


def _cycles(graph, package: str) -> list[tuple[str, ...]]:
    """Every import circle through a module of ``package`` (lazy imports included)."""
    found = []
    for module in sorted(m for m in graph.modules if m.split(".")[0] == package):
        for imported in graph.find_modules_directly_imported_by(module):
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain:
                found.append((module, *chain))
    return found


def test_no_tui_module_is_in_an_import_circle():
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("tui", "paperscope", "parsers", include_external_packages=False)
    assert graph.find_shortest_chain(importer="tui.app", imported="tui.screens.main")
    assert _cycles(graph, "tui") == []
