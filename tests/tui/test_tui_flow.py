"""An hour in the app without a stumble (issue 14): searching again, the search history,
one rule for typed names, matched words highlighted, q and back/forward, links,
wording, and sorting — each driven with the pilot and asserted on the screen."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from textual.command import CommandPalette

from paperscope.store import Library
from tui.widgets.author_detail import AuthorDetail
from tui.widgets.paper_list import PaperList
from tui.widgets.reader import PaperReader

from .helpers import main_screen, press, screen_text, settle, type_text

BIG = (120, 40)

BOTTOU_PAGE = """Arrow Research search

Author name cluster

Léon Bottou

Possible papers associated with this exact author name in Arrow.

2 papers
1 author rows

Possible papers

2

NeurIPS Conference 2007 Conference Paper

The Tradeoffs of Large Scale Learning

  • Léon Bottou
  • Olivier Bousquet

This contribution develops a theoretical framework for approximate optimization.

ICML Conference 2005 Conference Paper

Healing the Relevance Vector Machine through Augmentation

  • Carl Edward Rasmussen
  • Joaquin Quiñonero-Candela

The Relevance Vector Machine is a sparse approximate Bayesian kernel method.
"""


def emphasised(app) -> list[str]:
    """Runs of text drawn bold and underlined: the words a search matched."""
    runs = []
    for strip in app.screen._compositor.render_strips():
        run = ""
        for segment in strip:
            style = segment.style
            if style is not None and style.bold and style.underline and segment.text.strip():
                run += segment.text
            elif run:
                runs.append(run)
                run = ""
        if run:
            runs.append(run)
    return runs


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.fixture
def accented_app(library_path, monkeypatch, tmp_path):
    """The seeds library plus a page with accented names (Léon Bottou, Quiñonero-Candela)."""
    from tui.app import create_app

    page = tmp_path / "bottou.txt"
    page.write_text(BOTTOU_PAGE, encoding="utf-8")
    assert all(r.ok for r in Library.open(library_path).import_files([page]))
    monkeypatch.chdir(tmp_path)
    return create_app(library_path)


# -- 1. `/` on a query, and the search history ---------------------------------------------


async def test_slash_on_a_query_starts_a_new_one_and_arrows_edit_the_old(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "slash")
        await type_text(pilot, "sparse")
        await press(pilot, "enter")
        assert app.focused is main.paper_list
        await press(pilot, "slash")  # the old query is selected: typing replaces it
        await type_text(pilot, "au:lin")
        assert main.search_bar.text == "au:lin"  # not "sparseau:lin"
        assert "search: au:lin" in screen_text(app)
        await press(pilot, "escape", "slash", "right")  # an arrow keeps it, to edit
        await type_text(pilot, " year:2023")
        assert main.search_bar.text == "au:lin year:2023"
        assert all(p.year == 2023 for p in main.paper_list.papers)
        await press(pilot, "escape", "slash", "left", "delete", "delete", "delete")
        assert main.search_bar.text == "lin year:2023"  # left: to the query's start


async def test_up_and_down_walk_the_search_history_and_it_outlives_the_app(
    app, library_path, monkeypatch, tmp_path
):
    state = Path(os.environ["PAPERSCOPE_STATE_DIR"])
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        bar = main.search_bar
        for query in ("sparse", "au:lin", "efficent"):
            await press(pilot, "slash")
            await type_text(pilot, query)
            await press(pilot, "enter")
        await press(pilot, "slash", "up")  # the field holds "efficent": ↑ shows the one before
        assert bar.text == "au:lin" and main.browse.query_text == "au:lin"
        await press(pilot, "up", "up")  # the oldest stays
        assert bar.text == "sparse"
        assert "search: sparse" in screen_text(app)
        await press(pilot, "down")
        assert bar.text == "au:lin"
        await press(pilot, "down", "down")  # past the newest: what the field held
        assert bar.text == "efficent" and app.focused is bar.input
        await press(pilot, "down")  # and then to the list, as enter
        assert app.focused is main.paper_list
        # a query left with escape is remembered too
        await press(pilot, "slash")
        await type_text(pilot, "diffusion")
        await press(pilot, "escape")
    saved = json.loads((state / "session.json").read_text(encoding="utf-8"))
    assert saved["version"] == 1
    assert saved["search_history"] == ["sparse", "au:lin", "efficent", "diffusion"]
    assert not any("session" in p.name for p in library_path.parent.iterdir())
    # a new app (a restart) walks the same history
    from tui.app import create_app

    again = create_app(library_path)
    async with again.run_test(size=BIG) as pilot:
        await settle(pilot)
        # the session puts the last query back (issue 13); ↑ walks on from it
        assert main_screen(again).search_bar.text == "diffusion"
        await press(pilot, "slash", "up")
        assert main_screen(again).search_bar.text == "efficent"
        await press(pilot, "up")
        assert main_screen(again).search_bar.text == "au:lin"


async def test_a_damaged_history_file_is_ignored(library_path):
    state = Path(os.environ["PAPERSCOPE_STATE_DIR"])
    state.mkdir(parents=True, exist_ok=True)
    (state / "session.json").write_bytes(b'{"version": 1, "search_history": ["cut off')
    from tui.app import create_app

    app = create_app(library_path)
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "slash", "up")
        assert main_screen(app).search_bar.text == ""
        await type_text(pilot, "sparse")
        await press(pilot, "enter")
    saved = json.loads((state / "session.json").read_text(encoding="utf-8"))
    assert saved["search_history"] == ["sparse"]


# -- 2. one rule for a typed name ---------------------------------------------------------


async def test_the_author_filter_and_the_palette_fold_accents_and_case(accented_app):
    app = accented_app
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "a")
        await type_text(pilot, "leon")
        assert [c.name for c in main.author_list.shown] == ["Léon Bottou"]
        assert "Léon" in emphasised(app)  # the typed part of the name shows
        await press(pilot, *["backspace"] * 4)
        await type_text(pilot, "QUINONERO cand")
        assert [c.name for c in main.author_list.shown] == ["Joaquin Quiñonero-Candela"]
        await press(pilot, "escape", "escape")
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "quinonero")
        await pilot.pause(0.3)
        assert "Author: Joaquin Quiñonero-Candela (1 paper)" in screen_text(app)
        await press(pilot, "enter")
        await settle(pilot)
        assert main.author is not None and main.author.name == "Joaquin Quiñonero-Candela"
        # and search's au: by the same rule
        await press(pilot, "escape", "slash")
        await type_text(pilot, "au:leon")
        titles = [p.title for p in main.paper_list.papers]
        assert titles == ["The Tradeoffs of Large Scale Learning"]


# -- 3. the words a search matched ----------------------------------------------------------


async def test_matched_words_are_highlighted_in_the_list_and_the_reader(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "slash")
        await type_text(pilot, "difusion modles")  # sic: typo-tolerant
        await press(pilot, "enter")
        top = main.paper_list.papers[0]
        assert top.title.startswith("SnapFusion: Text-to-Image Diffusion Model")
        shown = emphasised(app)
        assert "Diffusion" in shown and "Model" in shown  # in the list and the reader
        assert "models" in shown  # the abstract: "Text-to-image diffusion models…"
        await press(pilot, "enter")  # the reader, full-screen
        shown = emphasised(app)
        assert {"Diffusion", "Model", "diffusion", "models"} <= set(shown)
        await press(pilot, "escape", "escape")  # no search: nothing highlighted
        assert not [w for w in emphasised(app) if w != "Abstract"]


async def test_au_highlights_the_author(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "au:niu")
        assert "Niu" in emphasised(app)


# -- 4. q in the reader, back and forward ----------------------------------------------------


async def test_q_in_the_reader_closes_it_and_q_again_quits(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "enter")
        assert main.maximized is main.reader
        assert "q close" in screen_text(app)
        await press(pilot, "q")
        assert main.maximized is None and app.focused is main.paper_list
        assert app.return_code is None  # still running
        await press(pilot, "tab")  # the reader as a pane: q is the app's again
        assert isinstance(app.focused, PaperReader)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_back_and_forward_over_authors_and_papers(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "j", "j")
        start = main.paper_list.current
        await press(pilot, "shift+tab", "enter")  # Geng Yuan
        assert main.author.name == "Geng Yuan"
        await press(pilot, "j")
        geng_paper = main.paper_list.current
        await press(pilot, "shift+tab", "enter")  # the first co-author: Wei Niu
        assert main.author.name == "Wei Niu"
        await press(pilot, "tab", "enter")  # open a paper of his
        assert main.maximized is main.reader
        niu_paper = main.reader.paper
        await press(pilot, "left_square_bracket")  # back: the list, the paper closed
        assert main.maximized is None and main.author.name == "Wei Niu"
        await press(pilot, "ctrl+o")  # back (vim's key): Geng Yuan, where the cursor was
        assert main.author.name == "Geng Yuan" and main.paper_list.current is geng_paper
        assert "Author · Geng Yuan" in screen_text(app)
        await press(pilot, "left_square_bracket")  # everyone's papers, the cursor as it was
        assert main.author is None and main.paper_list.current is start
        await press(pilot, "left_square_bracket")
        assert "Nothing to go back to." in notes(app)
        await press(pilot, "right_square_bracket", "right_square_bracket")
        assert main.author.name == "Wei Niu"
        await press(pilot, "right_square_bracket")  # the paper open again
        assert main.maximized is main.reader and main.reader.paper is niu_paper
        # escape's steps are jumps too: clearing the author can be undone
        await press(pilot, "escape", "escape")
        assert main.author is None
        await press(pilot, "left_square_bracket")
        assert main.author is not None and main.author.name == "Wei Niu"


# -- 5. links --------------------------------------------------------------------------------


async def test_o_asks_which_link_when_a_paper_has_several(app, monkeypatch):
    from tui.screens.links import LinkScreen

    opened: list[str] = []
    monkeypatch.setattr(
        "tui.screens.library_screen.open_in_browser", lambda url: opened.append(url) or None
    )
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        slab = next(p for p in main.paper_list.papers if p.title.startswith("SLAB"))
        main.paper_list.select_paper(slab.id)
        await press(pilot, "o")
        assert isinstance(app.screen, LinkScreen)
        text = screen_text(app)
        assert "1  https://github.com/xinghaochen/SLAB" in text
        assert "2  https://github.com/mindspore-lab/models" in text
        await press(pilot, "2")
        assert opened == [slab.links[1]] and app.screen is main
        await press(pilot, "o", "down", "enter")  # or the arrows and enter
        assert opened[-1] == slab.links[1]
        await press(pilot, "o", "escape")  # or nothing
        assert len(opened) == 2 and app.screen is main


async def test_o_launches_a_browser_python_does_not_know(app, monkeypatch, tmp_path):
    out = tmp_path / "opened.txt"
    script = tmp_path / "wslview"
    script.write_text(f'#!/bin/sh\necho "$@" > "{out}.tmp" && mv "{out}.tmp" "{out}"\n')
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        paper = next(p for p in main.paper_list.papers if len(p.links) == 1)
        main.paper_list.select_paper(paper.id)
        await press(pilot, "o")
        for _ in range(300):
            if out.exists():
                break
            await pilot.pause(0.01)
        assert out.read_text().strip() == paper.links[0]
        assert any(n.startswith("Opening ") for n in notes(app))
        assert app.clipboard != paper.links[0]  # opened, not copied as a last resort


# -- 6. wording ------------------------------------------------------------------------------


async def test_one_hit_one_paper_and_the_help_rows_say_it_all(app):
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "flashmem")
        text = screen_text(app)
        assert "1 hit" in text and "(1 hit)" in text and "1 hits" not in text
        await press(pilot, "escape", "question_mark")
        text = screen_text(app)
        assert "then the author filter;" in text and "close the reader" in text
        assert "src: is:marked" in text  # the / row names every filter
        await press(pilot, "end")
        assert "Earlier and later searches" in screen_text(app)


async def test_an_unreadable_query_shows_nothing_and_the_status_says_so(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "slash")
        await type_text(pilot, "year:abc")
        text = screen_text(app)
        assert "year:abc is not a year or range" in text
        assert main.paper_list.count == 0
        assert "0 of 189 papers" in text and not re.search(r"(?<!of )189 papers", text)
        assert "Nothing shown: year:abc is not a year" in text


# -- 7. sorting, and the author card ---------------------------------------------------------


def _header(app) -> tuple[int, str]:
    lines = screen_text(app).splitlines()
    row = next(i for i, line in enumerate(lines) if "Title" in line and "Year" in line)
    return row, lines[row]


async def test_sorts_turn_around_and_every_column_sorts(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        papers = main.paper_list
        await press(pilot, "S")  # the other way round: oldest first
        assert main.browse.reverse and "year ↑" in screen_text(app)
        years = [p.year for p in papers.papers if p.year]
        assert years == sorted(years) and "Year▲" in _header(app)[1]
        row, header = _header(app)
        await pilot.click(offset=(header.index("Title") + 1, row))
        await settle(pilot)
        assert main.sort == "title" and not main.browse.reverse
        await pilot.click(offset=(header.index("Title") + 1, row))  # again: Z–A
        await settle(pilot)
        assert main.browse.reverse and "title Z–A" in screen_text(app)
        titles = [p.title.lstrip("\"'([{$\\ ").casefold() for p in papers.papers]
        assert titles == sorted(titles, reverse=True)
        await pilot.click(offset=(header.index("First author") + 1, row))
        await settle(pilot)
        assert main.sort == "author" and "first author A–Z" in screen_text(app)
        firsts = [p.authors[0].casefold() for p in papers.papers if p.authors]
        assert firsts == sorted(firsts)
        await pilot.click(offset=(header.index("Src") + 1, row))
        await settle(pilot)
        assert main.sort == "sources"
        assert len(papers.papers[0].sources) == max(len(p.sources) for p in papers.papers)


async def test_sorting_by_score_shows_the_scores(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        assert "Score" not in _header(app)[1]
        await press(pilot, "s", "s")
        assert main.sort == "score"
        header = _header(app)[1]
        assert "Score▼" in header
        await press(pilot, "g")  # the cursor stayed on its paper: to the top
        best = main.paper_list.papers[0]
        lines = screen_text(app).splitlines()
        row = next((line for line in lines if best.title[:20] in line), "\n".join(lines))
        assert f" {best.score:g} " in row


async def test_the_score_column_fits_a_narrow_list(library_path):
    from tui.app import create_app

    app = create_app(library_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "backslash")  # the author panes back: the list is narrow again
        await press(pilot, "s", "s")
        _, header = _header(app)
        assert "Scr▼" in header and "Title" in header
        lines = screen_text(app).splitlines()
        assert max(len(line) for line in lines) <= 80


async def test_the_author_card_says_how_many_people_a_name_holds(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "a")
        await type_text(pilot, "jun liu")
        await press(pilot, "enter")
        assert main.author.name == "Jun Liu"
        summary = str(app.screen.query_one(AuthorDetail).query_one("#author-summary").render())
        assert "2 people: DBLP 0075 (1), no number (9)" in summary
        assert "2 people: DBLP 0075" in screen_text(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_the_list_keeps_one_line_per_paper_at_every_size(app, size):
    if True:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await press(pilot, "slash")
            await type_text(pilot, "difusion modles")
            await press(pilot, "enter", "s", "s")  # score: one more column
            lines = screen_text(app).splitlines()
            assert max(len(line) for line in lines) <= size[0]
            widths = {len(line) for line in lines if "│" in line}
            assert widths <= {size[0]}
            assert isinstance(app.focused, PaperList)
