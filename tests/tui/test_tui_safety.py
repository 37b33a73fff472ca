"""Page text is data: markup and terminal escapes in it are shown literally, never obeyed."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from paperscope.store import Library
from parsers.record import Paper, ParseResult
from tui.app import create_app

from .helpers import main_screen, press, screen_text, settle, type_text

TITLE = "[bold red]x[/] Markup Title \x1b[31mred\x1b[0m"
AUTHOR = "[link=file:///etc/passwd]Evil[/link] Person"
SUBJECT = "[red]Sub Ject[/]"
ABSTRACT = "Boom [blink]boom[/blink] then \x1b]52;c;SGVsbG8=\x07 and a \u202eright-to-left."


@pytest.fixture
def hostile_app(tmp_path, monkeypatch):
    lib = Library.open(tmp_path / "lib.json")
    result = ParseResult(
        format="author-cluster",
        header={"subject": SUBJECT},
        papers=[
            Paper(
                title=TITLE,
                authors=[SUBJECT, AUTHOR, "Plain Name"],
                affiliations=["[i]aff[/i]"],
                venue="[b]V[/b]",
                venue_type="Conference",
                year=2024,
                abstract=ABSTRACT,
                links=["javascript:alert(1)", "https://example.org/[x]"],
            ),
            Paper(
                title="An ordinary paper",
                authors=["Plain Name"],
                year=2023,
                abstract="Nothing to see.",
            ),
        ],
    )
    report = lib.add_parsed(result, str(tmp_path / "[bold]page[red].txt"))
    assert report.ok and report.new == 2
    monkeypatch.chdir(tmp_path)
    return create_app(tmp_path / "lib.json")


def assert_no_terminal_controls(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


async def test_markup_and_escapes_are_shown_literally(hostile_app):
    app = hostile_app
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        main = main_screen(app)
        main.paper_list.select_paper(
            next(p.id for p in main.paper_list.papers if p.title.startswith("[bold"))
        )
        await settle(pilot)
        text = screen_text(app)
        assert_no_terminal_controls(text)
        assert "[bold red]x[/] Markup Title \\x1b[31mred\\x1b[0m" in text  # reader title
        assert "[link=file:///etc/passwd]Evil[/link] Person" in text  # reader authors
        assert "[blink]boom[/blink]" in text and "\\x1b]52;c;SGVsbG8=\\x07" in text
        assert "\\u202e" in text
        assert "[i]aff[/i]" in text and "[b]V[/b]" in text
        assert "[bold]page[red].txt" in text  # the source file name
        assert "[red]Sub Ject[/]" in text  # the author list and the source's subject
        # choose the hostile author: border title, summary and co-authors stay literal
        await press(pilot, "shift+tab")
        index = next(i for i, c in enumerate(main.author_list.shown) if "link=" in c.name)
        main.author_list.move_cursor(index)
        await press(pilot, "enter")
        text = screen_text(app)
        assert "Author · [link=file:" in text  # the pane's title (cut to fit)
        assert "author: [link=file:///etc/passwd]Evil[/link] Person" in text
        assert_no_terminal_controls(text)
        # search for it, copy its BibTeX (the notification names the title)
        await press(pilot, "escape", "slash")
        await type_text(pilot, "markup")
        await press(pilot, "enter", "y")
        assert main.paper_list.current.title == TITLE
        assert any(
            "[bold red]x[/] Markup Title \\x1b[31m" in n
            for n in (x.message for x in app._notifications)
        )
        assert_no_terminal_controls(screen_text(app))
        # the palette's author hits are plain text too
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "sub ject")
        await pilot.pause(0.3)
        assert "Author: [red]Sub Ject[/] (1 paper)" in screen_text(app)
        await press(pilot, "escape")
        # the SVG a screenshot makes holds no raw control character either
        assert_no_terminal_controls(app.export_screenshot())


async def test_only_web_links_are_opened(hostile_app, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(
        "tui.screens.library_screen.open_in_browser", lambda url: opened.append(url) or None
    )
    app = hostile_app
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = main_screen(app)
        main.paper_list.select_paper(
            next(p.id for p in main.paper_list.papers if p.title.startswith("[bold"))
        )
        await press(pilot, "o")
        assert opened == ["https://example.org/[x]"]  # never the javascript: one
