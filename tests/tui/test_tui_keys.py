"""Every key of the app, driven with Textual's pilot on a seeds library in a temp dir.

Each test asserts what the screen (or the widget the screen is made of) shows
afterwards, and for marks and exports what ended up on disk.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.command import CommandPalette

from paperscope.store import Library
from tui.keys import bindings_of, key_label
from tui.screens.confirm import ConfirmScreen
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.import_file import ImportScreen
from tui.widgets.author_detail import AuthorDetail
from tui.widgets.author_list import AuthorList
from tui.widgets.coauthor_list import CoauthorList
from tui.widgets.paper_list import PaperList
from tui.widgets.reader import PaperReader

from .helpers import main_screen, press, screen_text, settle, type_text

BIG = (120, 40)


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


def marked_on_disk(path: Path) -> set[str]:
    return {p.id for p in Library.open(path).marked()}


async def test_startup_shows_every_pane(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for label in ("Authors", "Author", "Papers", "Paper", "Abstract", "filter authors"):
            assert label in text
        assert "★ Geng Yuan" in text and "34" in text
        assert "189 papers" in text and "● 0 marked" in text
        first = main_screen(app).paper_list.papers[0]
        assert first.title[:30] in text
        assert "Search" in text and "Mark" in text and "Export" in text  # the footer
        assert isinstance(app.focused, PaperList)


async def test_slash_typo_search_puts_the_paper_on_top_and_escape_steps_back(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "slash")
        assert app.focused is main.search_bar.input
        await type_text(pilot, "efficent")  # sic
        top = main.paper_list.papers[0]
        assert "efficient" in top.title.casefold()
        assert main.paper_list.cursor == 0 and main.reader.paper is top
        hits = len(main.hits)
        text = screen_text(app)
        assert f"{hits} hits" in text and "search: efficent" in text
        assert f"{hits} of 189" in text and "relevance" in text
        await press(pilot, "escape")  # leave the field, keep the results
        assert app.focused is main.paper_list and main.paper_list.count == hits
        await press(pilot, "escape")  # clear the search
        assert main.search_bar.text == "" and main.paper_list.count == 189
        assert main.sort == "year"
        assert "189 papers" in screen_text(app)


async def test_search_with_field_filters_and_a_bad_filter(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "slash")
        await type_text(pilot, "au:yuan year:2021-2023")
        shown = main.paper_list.papers
        assert shown and len(shown) == len(main.hits)
        assert all(2021 <= p.year <= 2023 for p in shown)
        assert all(any("yuan" in a.casefold() for a in p.authors) for p in shown)
        await press(pilot, "enter")  # back to the list, results kept
        assert app.focused is main.paper_list and main.paper_list.count == len(shown)
        await press(pilot, "slash")
        await type_text(pilot, " year:20x")
        assert "year:20x is not a year" in screen_text(app)
        assert main.search_bar.has_class("-error")


async def test_stale_search_results_are_dropped(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        main.set_query("efficent")
        await settle(pilot)
        fresh = [p.id for p in main.paper_list.papers]
        stale_query = main.parsed_query
        main.post_message(main.SearchFinished(main.browse.generation - 1, stale_query, []))
        await settle(pilot)
        assert [p.id for p in main.paper_list.papers] == fresh


async def test_moving_keys(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        papers = main.paper_list
        await press(pilot, "j", "down")
        assert papers.cursor == 2
        await press(pilot, "k")
        assert papers.cursor == 1 and main.reader.paper is papers.papers[1]
        await press(pilot, "up")
        assert papers.cursor == 0
        await press(pilot, "pagedown")
        page = papers.page_rows
        assert papers.cursor == page
        await press(pilot, "pageup")
        assert papers.cursor == 0
        await press(pilot, "G")
        assert papers.cursor == 188
        assert papers.papers[188].title[:30] in screen_text(app)
        await press(pilot, "g")
        assert papers.cursor == 0
        await press(pilot, "end", "home")
        assert papers.cursor == 0
        await press(pilot, "n", "n", "p")
        assert papers.cursor == 1


async def test_tab_and_shift_tab_cycle_the_panes(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "tab")
        assert isinstance(app.focused, PaperReader)
        await press(pilot, "tab")
        assert isinstance(app.focused, AuthorList)
        await press(pilot, "tab")
        assert isinstance(app.focused, PaperList)
        await press(pilot, "shift+tab")
        assert isinstance(app.focused, AuthorList)
        await press(pilot, "enter")  # choose Geng Yuan: the co-authors join the cycle
        await press(pilot, "shift+tab")
        assert isinstance(app.focused, CoauthorList)
        await press(pilot, "shift+tab", "shift+tab")
        assert isinstance(app.focused, PaperReader)
        assert main.author is not None


async def test_enter_opens_the_paper_and_escape_returns(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "j", "enter")
        paper = main.paper_list.papers[1]
        assert main.maximized is main.reader and app.focused is main.reader
        text = screen_text(app)
        assert paper.title[:40] in text and "Abstract" in text
        assert "filter authors" not in text  # the other panes are hidden
        assert "● 0 marked" in text  # the mark count stays visible
        await press(pilot, "n")  # next paper while reading
        assert main.reader.paper is main.paper_list.papers[2]
        assert main.paper_list.papers[2].title[:40] in screen_text(app)
        await press(pilot, "j", "G", "g", "k")  # scroll the abstract
        await press(pilot, "escape")
        assert main.maximized is None and app.focused is main.paper_list
        assert "filter authors" in screen_text(app)


async def test_enter_on_an_author_filters_and_shows_years_and_coauthors(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "shift+tab", "j", "enter")  # the second author: Yingyan Lin
        assert main.author.name == "Yingyan Lin"
        assert main.paper_list.count == 10 and app.focused is main.paper_list
        assert all(any("Yingyan Lin" in a for a in p.authors) for p in main.paper_list.papers)
        detail = app.screen.query_one(AuthorDetail)
        assert detail.cluster is main.author
        text = screen_text(app)
        assert "Author · Yingyan Lin" in text and "10 papers" in text
        assert "Co-authors (" in text and "10 of 189" in text
        assert "author: Yingyan Lin" in text
        spark = app.screen.query_one("#author-years")
        assert sum(spark.data) == sum(main.author.years.values())
        await press(pilot, "escape")  # clear the author filter
        assert main.author is None and main.paper_list.count == 189
        assert "Choose an author" in screen_text(app)


async def test_jump_to_a_coauthor(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "shift+tab", "enter")  # Geng Yuan
        await press(pilot, "shift+tab")  # the co-author list
        coauthors = app.screen.query_one(CoauthorList)
        assert app.focused is coauthors
        top = coauthors.coauthors[0]
        assert top.name == "Wei Niu"
        await press(pilot, "enter")
        assert main.author.name == "Wei Niu"
        assert main.author_list.current.name == "Wei Niu"
        assert main.paper_list.count == main.author.count
        assert "Author · Wei Niu" in screen_text(app)
        assert any(c.name == "Geng Yuan" for c in coauthors.coauthors)


async def test_a_filters_the_author_list(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "a")
        assert app.focused.id == "author-filter"
        await type_text(pilot, "niu")
        assert [c.name for c in main.author_list.shown] == ["Wei Niu"]
        assert "1 of 195" in screen_text(app)
        await press(pilot, "enter")
        assert main.author.name == "Wei Niu"
        await press(pilot, "a", "escape")  # escape clears the filter text
        assert main.author_list.count == 195


async def test_space_marks_persist_and_unmark(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        first, second = main.paper_list.papers[:2]
        await press(pilot, "space")
        assert main.paper_list.cursor == 1  # space moves on, to mark the next
        await press(pilot, "space")
        assert main.marked == {first.id, second.id}
        text = screen_text(app)
        assert "● 2 marked" in text
        row = next(line for line in text.splitlines() if first.title[:30] in line)
        assert "●" in row
        assert marked_on_disk(library_path) == {first.id, second.id}
        await press(pilot, "k", "space")  # unmark the second
        assert marked_on_disk(library_path) == {first.id}
        assert "● 1 marked" in screen_text(app)
    # a new app on the same library shows the mark
    from tui.app import create_app

    again = create_app(library_path)
    async with again.run_test(size=BIG) as pilot:
        await settle(pilot)
        assert main_screen(again).marked == {first.id}
        assert "● 1 marked" in screen_text(again)


async def test_mark_all_shown_then_unmark_all(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "shift+tab", "j", "enter")  # Yingyan Lin: 10 papers
        await press(pilot, "A")
        assert len(main.marked) == 10 and "● 10 marked" in screen_text(app)
        assert len(marked_on_disk(library_path)) == 10
        await press(pilot, "U")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Unmark all 10 marked papers?" in screen_text(app)
        await press(pilot, "n")  # keep them
        assert len(main.marked) == 10
        await press(pilot, "U", "y")
        assert not main.marked and "● 0 marked" in screen_text(app)
        assert marked_on_disk(library_path) == set()
        await press(pilot, "U")  # nothing to unmark: no dialog
        assert not isinstance(app.screen, ConfirmScreen)
        assert "No paper is marked." in notes(app)


async def test_export_writes_bibtex_and_asks_before_replacing(app, tmp_path):
    bibtexparser = pytest.importorskip("bibtexparser")
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "e")  # nothing marked yet
        assert not isinstance(app.screen, ExportScreen)
        assert any("No paper is marked" in n for n in notes(app))
        await press(pilot, "space", "space", "space")
        await press(pilot, "e")
        assert isinstance(app.screen, ExportScreen)
        name = f"paperscope-{dt.date.today():%Y%m%d}.bib"
        text = screen_text(app)
        assert "Export 3 marked papers" in text and "BibTeX, a new .bib file" in text
        assert f"./{name}" in text
        await press(pilot, "enter")
        assert not isinstance(app.screen, ExportScreen)
        target = tmp_path / name
        library = bibtexparser.parse_string(target.read_text(encoding="utf-8"))
        assert len(library.entries) == 3
        titles = {e.fields_dict["title"].value for e in library.entries}
        assert len(titles) == 3
        assert any(str(target) in n for n in notes(app))
        # again: the file exists, so the app asks; "keep it" writes nothing
        target.write_text("keep me", encoding="utf-8")
        await press(pilot, "e", "enter")
        assert isinstance(app.screen, ExportScreen) and app.screen.asking
        text = screen_text(app)
        assert "already exists. Replace it?" in text and target.name in text
        await press(pilot, "n")
        assert isinstance(app.screen, ExportScreen) and not app.screen.asking
        assert "Not replaced" in screen_text(app)
        assert target.read_text(encoding="utf-8") == "keep me"
        await press(pilot, "enter", "y")
        assert not isinstance(app.screen, ExportScreen)
        assert target.read_text(encoding="utf-8").count("@") == 3
        # escape cancels the dialog
        await press(pilot, "e", "escape")
        assert app.screen is main


async def test_y_copies_the_bibtex_of_the_current_paper(app):
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await settle(pilot)
        paper = main_screen(app).paper_list.current
        await press(pilot, "y")
        assert app.clipboard.lstrip().startswith("@")
        assert app.clipboard.count("\n@") == 0  # one entry
        assert paper.title.split(":")[0] in app.clipboard
        assert "Copied" in screen_text(app)  # the toast's title
        assert any("copied to the clipboard" in n for n in notes(app))


async def test_o_opens_the_first_web_link(app, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(
        "tui.screens.library_screen.open_in_browser", lambda url: opened.append(url) or None
    )
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        papers = main.paper_list.papers
        with_link = next(i for i, p in enumerate(papers) if p.links)
        without = next(i for i, p in enumerate(papers) if not p.links)
        main.paper_list.move_cursor(without)
        await press(pilot, "o")
        assert opened == [] and "This paper has no web link." in notes(app)
        main.paper_list.move_cursor(with_link)
        await press(pilot, "o")
        assert opened == [papers[with_link].links[0]]
        assert any("Opening" in n for n in notes(app))


async def test_o_without_a_graphical_browser_copies_the_link(app, monkeypatch):
    monkeypatch.setattr(
        "tui.screens.library_screen.open_in_browser", lambda url: "no web browser found"
    )
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        index = next(i for i, p in enumerate(main.paper_list.papers) if p.links)
        main.paper_list.move_cursor(index)
        await press(pilot, "o")
        assert app.clipboard == main.paper_list.papers[index].links[0]
        assert any("no web browser found" in n for n in notes(app))


async def test_s_cycles_the_sort_and_a_header_click_sorts(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        papers = main.paper_list
        years = [p.year or 0 for p in papers.papers]
        assert years == sorted(years, reverse=True)
        await press(pilot, "s")
        assert main.sort == "title" and "title A–Z" in screen_text(app)
        titles = [p.title.lstrip("\"'([{$\\ ").casefold() for p in papers.papers]
        assert titles == sorted(titles)
        await press(pilot, "s")
        assert main.sort == "score"
        scores = [p.score for p in papers.papers if p.score is not None]
        assert scores == sorted(scores, reverse=True)
        assert papers.papers[0].score == max(scores)
        await press(pilot, "s")
        assert main.sort == "venue"
        venues = [p.venue_or_category.casefold() for p in papers.papers if p.venue_or_category]
        assert venues == sorted(venues)
        await press(pilot, "s", "s")  # first author, sources
        assert main.sort == "sources"
        await press(pilot, "s")
        assert main.sort == "year"
        # the mouse: a click on the Title header
        text = screen_text(app).splitlines()
        header_row = next(i for i, line in enumerate(text) if "Title" in line and "Year" in line)
        x = text[header_row].index("Title")
        await pilot.click(offset=(x + 1, header_row))
        await settle(pilot)
        assert main.sort == "title"


async def test_mouse_selects_opens_and_chooses(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        lines = screen_text(app).splitlines()
        third = main.paper_list.papers[2]
        row = next(i for i, line in enumerate(lines) if third.title[:25] in line)
        x = lines[row].index(third.title[:25])
        await pilot.click(offset=(x, row))
        await settle(pilot)
        assert main.paper_list.cursor == 2 and main.reader.paper is third
        await pilot.click(offset=(x, row), times=2)
        await settle(pilot)
        assert main.maximized is main.reader
        await press(pilot, "escape")
        lines = screen_text(app).splitlines()
        row = next(i for i, line in enumerate(lines) if "Yingyan Lin" in line)
        await pilot.click(offset=(lines[row].index("Yingyan Lin"), row), times=2)
        await settle(pilot)
        assert main.author.name == "Yingyan Lin"


async def test_i_imports_a_page_with_completion_progress_and_report(app, tmp_path):
    page = tmp_path / "zebra-trending.txt"
    from tests.conftest import SEEDS

    seed = next(p for p in SEEDS if p.name.startswith("003_"))
    text = seed.read_text(encoding="utf-8")
    first_title = (
        "EDiffSR: An Efficient Diffusion Probabilistic Model for Remote Sensing "
        "Image Super-Resolution"
    )
    assert first_title in text
    page.write_text(
        text.replace(first_title, "Zebra Stripes as Natural Error-Correcting Codes"),
        encoding="utf-8",
    )
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "i")
        dialog = app.screen
        assert isinstance(dialog, ImportScreen)
        await type_text(pilot, "zeb")
        await press(pilot, "tab")  # completes the file name
        field = dialog.query_one("#import-path")
        assert field.value == "zebra-trending.txt"
        await press(pilot, "enter")
        await settle(pilot)
        progress = dialog.query_one("#import-progress")
        assert progress.total == 1 and progress.progress == 1
        text = screen_text(app)
        assert "Done: 1 new, 74 merged" in text
        assert "trending" in text and "zebra-trending.txt" in text
        await press(pilot, "escape")
        await settle(pilot)
        assert app.screen is main
        assert len(main.snapshot.papers) == 190
        assert any("1 new, 74 merged" in n for n in notes(app))
        await press(pilot, "slash")
        await type_text(pilot, "zebra")
        assert main.paper_list.papers[0].title.startswith("Zebra Stripes")


async def test_import_dialog_reports_a_missing_file(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        await type_text(pilot, "no-such-page.txt")
        await press(pilot, "enter")
        assert "no-such-page.txt: no such file or folder." in screen_text(app)
        await press(pilot, "escape")
        assert app.screen is main_screen(app)


async def test_question_mark_lists_every_binding(app):
    from tui.app import PaperScopeApp
    from tui.screens.main import MainScreen
    from tui.widgets.virtual_list import VirtualList

    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body")
        body_text = screen_text(app)
        every = [
            *bindings_of(MainScreen),
            *bindings_of(PaperScopeApp),
            *bindings_of(PaperList),
            *bindings_of(AuthorList),
            *bindings_of(CoauthorList),
            *bindings_of(PaperReader),
            *bindings_of(VirtualList),
        ]
        rendered = app.screen.query_one("#help-scroll")
        assert rendered.virtual_size.height > 30 and body is not None
        from tui.screens.help import help_sections

        rows = [row for _, section in help_sections() for row in section]
        for binding in every:
            assert (key_label(binding), binding.tooltip or binding.description) in rows
        assert "Everywhere" in body_text and "Mark every paper in the list" in body_text
        await press(pilot, "end")
        assert "Search syntax" in screen_text(app) and "year:2021-2023" in screen_text(app)
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)
        await press(pilot, "question_mark", "question_mark")
        assert not isinstance(app.screen, HelpScreen)


async def test_ctrl_p_palette_runs_actions_and_finds_authors(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "sort by title")
        await pilot.pause(0.3)
        assert "Sort by title" in screen_text(app)
        await press(pilot, "enter")
        await settle(pilot)
        assert main.sort == "title"
        await press(pilot, "ctrl+p")
        await type_text(pilot, "wei niu")
        await pilot.pause(0.3)
        assert "Author: Wei Niu (24 papers)" in screen_text(app)
        await press(pilot, "enter")
        await settle(pilot)
        assert main.author is not None and main.author.name == "Wei Niu"
        await press(pilot, "ctrl+p")
        await type_text(pilot, "mark all shown")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        await settle(pilot)
        assert len(main.marked) == 24


async def test_q_quits(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "space")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_library_changed_by_another_process_is_reloaded(app, library_path, tmp_path):
    page = tmp_path / "other.txt"
    from tests.conftest import SEEDS

    seed = next(p for p in SEEDS if p.name.startswith("003_"))
    page.write_text(
        seed.read_text(encoding="utf-8").replace("Fast Sparse ConvNets", "Fast Sparse Zebras"),
        encoding="utf-8",
    )
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        Library.open(library_path).import_files([page])  # e.g. `paperscope import` elsewhere
        main._check_disk()
        await settle(pilot)
        assert len(main.snapshot.papers) == 190
        assert any("changed on disk" in n for n in notes(app))


async def test_usable_at_80x24(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = main_screen(app)
        text = screen_text(app)
        for label in ("Papers", "Paper", "● 0 marked", "Search"):
            assert label in text
        assert "Geng Yuan" not in text  # the author panes hide below 90 columns
        widths = [len(line) for line in text.splitlines()]
        assert max(widths) <= 80
        first = main.paper_list.papers[0]
        assert first.title[:40] in text  # the titles get the width
        await press(pilot, "backslash")  # and come back on a key
        assert "Geng Yuan" in screen_text(app)
        await press(pilot, "shift+tab", "enter")
        text = screen_text(app)
        assert "Co-authors" in text and "34 of 189" in text
        await press(pilot, "enter")  # the paper list has the focus again
        assert main.maximized is main.reader
        assert "Abstract" in screen_text(app)
        reader = main.reader
        assert reader.max_scroll_y > 0  # a long abstract at 80x24: the reader scrolls
        await press(pilot, "j")
        assert reader.scroll_y == 1
        await press(pilot, "G")
        assert reader.scroll_y == reader.max_scroll_y
        last_line = main.reader.paper.abstract.split()[-1]
        assert last_line in screen_text(app)
        await press(pilot, "k", "g")
        assert reader.scroll_y == 0


async def test_an_empty_library_stays_calm(tmp_path, monkeypatch):
    from tui.app import create_app

    monkeypatch.chdir(tmp_path)
    app = create_app(tmp_path / "empty.json")
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(
            pilot,
            "space",
            "A",
            "U",
            "e",
            "y",
            "o",
            "s",
            "enter",
            "n",
            "p",
            "tab",
            "tab",
            "enter",
            "escape",
            "G",
            "pagedown",
        )
        text = screen_text(app)
        assert "No papers to show." in text and "No authors yet." in text
        assert "0 papers" in text and "● 0 marked" in text
        assert any("No paper is marked" in n for n in notes(app))


async def test_the_palette_lists_every_action_and_runs_app_ones(app):
    from tui.app import PaperScopeApp
    from tui.commands import PaperScopeCommands
    from tui.screens.main import MainScreen

    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        provider = PaperScopeCommands(main_screen(app))
        names = [name for name, _, _ in provider._commands()]
        for binding in bindings_of(MainScreen) + bindings_of(PaperScopeApp):
            if binding.action not in ("next_pane", "previous_pane", "back"):
                assert binding.description in names
        assert {"Sort by title", "Sort by score", "Open the paper in the reader"} <= set(names)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "help")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_a_sort_chosen_while_searching_survives_typing(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "s")  # title
        await press(pilot, "slash")
        await type_text(pilot, "sparse")
        assert main.sort == "relevance"  # best matches first while searching
        await press(pilot, "enter", "s")
        assert main.sort == "year"
        await press(pilot, "slash", "end")  # the query selected: end keeps it, to add to it
        await type_text(pilot, " training")
        assert main.browse.query_text == "sparse training"
        assert main.sort == "year"
        years = [p.year or 0 for p in main.paper_list.papers]
        assert years == sorted(years, reverse=True)
        await press(pilot, "escape", "escape")  # leave, clear: the sort from before stays
        assert main.sort == "year" and main.paper_list.count == 189
