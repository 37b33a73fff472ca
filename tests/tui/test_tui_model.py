"""The app's plain parts: path completion, links, the list widget's cost."""

from __future__ import annotations

import io
import os
import time
import webbrowser
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from textual.app import App

import tui
from paperscope.records import LibraryPaper
from paperscope.search import SearchIndex
from tui.browser import open_in_browser, web_links
from tui.widgets.paper_list import PaperList, column_widths
from tui.widgets.path_input import complete_path
from tui.widgets.virtual_list import fit


def test_path_completion(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "feed-2024.txt").write_text("x")
    (tmp_path / "pages" / "feed-2025.txt").write_text("x")
    (tmp_path / "pages" / ".hidden.txt").write_text("x")
    (tmp_path / "profile.txt").write_text("x")
    assert complete_path("pa", tmp_path) == "pages/"
    assert complete_path("pages/f", tmp_path) == "pages/feed-202"  # the common part
    assert complete_path("pages/feed-2024", tmp_path) == "pages/feed-2024.txt"
    assert complete_path("pages/.h", tmp_path) == "pages/.hidden.txt"
    assert complete_path("pages/", tmp_path) == "pages/feed-202"  # hidden ones left out
    assert complete_path("nothing", tmp_path) is None
    assert complete_path("", tmp_path) is None
    assert complete_path(str(tmp_path / "pro")) == str(tmp_path / "profile.txt")


def test_only_http_links_and_no_console_browser(monkeypatch):
    assert web_links(
        [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://a.org/x",
            "http://b.org",
            "https://bad url",
        ]
    ) == ["https://a.org/x", "http://b.org"]
    assert open_in_browser("file:///etc/passwd") == "not a web link"
    monkeypatch.delenv("BROWSER", raising=False)  # Python's choice, not the user's
    monkeypatch.setattr(webbrowser, "get", lambda: webbrowser.GenericBrowser("lynx"))
    assert open_in_browser("https://a.org") == "only a text-mode browser is available"

    def no_browser():
        raise webbrowser.Error("none")

    monkeypatch.setattr(webbrowser, "get", no_browser)
    assert open_in_browser("https://a.org") == "no web browser found"
    opened = []

    class Fake(webbrowser.BackgroundBrowser):
        def open(self, url, new=0, autoraise=True):
            opened.append(url)
            return True

    monkeypatch.setattr(webbrowser, "get", lambda: Fake("firefox"))
    assert open_in_browser("https://a.org") is None and opened == ["https://a.org"]


def _browser_script(tmp_path: Path) -> tuple[Path, Path]:
    """A $BROWSER Python does not know: a script noting its arguments, its session and
    its standard streams."""
    out = tmp_path / "opened.txt"
    script = tmp_path / "open-on-host"
    script.write_text(
        "#!/bin/sh\n"
        "streams=$(readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2)\n"
        f'{{ echo "$@"; ps -o sid= -p $$; echo "$streams"; }} > "{out}.tmp"\n'
        f'mv "{out}.tmp" "{out}"\n'
    )
    script.chmod(0o755)
    return script, out


def _wait_for(path: Path) -> str:
    for _ in range(500):
        if path.exists():
            return path.read_text()
        time.sleep(0.01)
    raise AssertionError(f"{path} never appeared")


@pytest.mark.skipif(not Path("/proc/self/fd/0").exists(), reason="reads /proc (Linux)")
def test_an_unknown_browser_in_BROWSER_is_launched_detached(tmp_path, monkeypatch):
    script, out = _browser_script(tmp_path)
    called = []
    monkeypatch.setattr(webbrowser, "get", lambda: called.append(1))  # never asked
    monkeypatch.setenv("BROWSER", str(script))
    assert open_in_browser("https://a.org/x?y=1") is None
    args, sid, *streams = _wait_for(out).splitlines()
    assert args == "https://a.org/x?y=1"
    assert int(sid) != os.getsid(0)  # its own session: the terminal is not handed over
    assert streams == ["/dev/null"] * 3  # stdin, stdout, stderr: never the app's terminal
    assert called == []
    # %s stands for the link; a list of entries is tried in order, text browsers skipped
    out.unlink()
    monkeypatch.setenv("BROWSER", os.pathsep.join(["lynx", f"{script} --new-tab %s"]))
    assert open_in_browser("https://b.org") is None
    assert _wait_for(out).splitlines()[0] == "--new-tab https://b.org"


def test_a_text_or_missing_browser_in_BROWSER_is_not_started(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER", "w3m")
    assert open_in_browser("https://a.org") == "only a text-mode browser is available"
    monkeypatch.setenv("BROWSER", str(tmp_path / "no-such-browser"))
    assert "no-such-browser, which was not found" in (open_in_browser("https://a.org") or "")
    monkeypatch.setenv("BROWSER", str(tmp_path / "no-such-browser"))
    assert open_in_browser("javascript:alert(1)") == "not a web link"


def test_fit_counts_cells_not_characters():
    assert fit("abc", 5) == "abc  " and fit("abc", 5, right=True) == "  abc"
    assert fit("abcdef", 4) == "abc…"
    wide = fit("深度学习模型", 7)
    assert cell_len(wide) == 7 and wide.endswith("…")
    assert fit("x", 0) == ""
    for width in (30, 52, 55, 86, 140):
        widths = column_widths(width)
        assert widths["title"] >= 8
        if widths["title"] > 8:  # the columns fill the list exactly
            assert sum(widths.values()) + 6 == width


def _papers(n: int) -> list[LibraryPaper]:
    return [
        LibraryPaper(
            id=f"p{i}",
            title=f"Paper number {i} about sparse training",
            authors=[f"Author {i % 97}", "Second Person"],
            year=2000 + i % 25,
            venue="NeurIPS" if i % 3 else None,
            category="LG",
        )
        for i in range(n)
    ]


class ListApp(App):
    def compose(self):
        yield PaperList()


async def test_the_paper_list_renders_only_visible_rows_at_100k():
    papers = _papers(100_000)
    app = ListApp()
    async with app.run_test(size=(120, 40)) as pilot:
        plist = app.query_one(PaperList)
        plist.focus()
        plist.show(papers)
        await pilot.pause()
        rendered: list[int] = []
        original = plist.render_row

        def counting(index, width, base):
            rendered.append(index)
            return original(index, width, base)

        plist.render_row = counting
        for _ in range(20):  # speed is the benchmark's to judge; here, what is drawn
            await pilot.press("pagedown")
        assert plist.cursor == 20 * plist.page_rows
        assert len(set(rendered)) <= 21 * plist.page_rows  # never the whole list
        await pilot.press("G")
        assert plist.current is papers[-1]


class StyledListApp(ListApp):
    CSS_PATH = Path(tui.__file__).with_name("app.tcss")  # the cursor and marks in colour


def _screen_with_styles(app: App) -> str:
    """The whole screen with colours, as the compositor has it (cached lines included)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=True)


async def test_moving_redraws_only_what_changed_yet_shows_what_a_full_redraw_shows():
    """Moving the cursor redraws only the rows that change; the header, the border and
    (while its thumb stays) the scrollbar are kept. The screen must still be what
    drawing everything again shows, after pages, single steps and jumps."""
    papers = _papers(10_000)
    app = StyledListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        plist = app.query_one(PaperList)
        plist.focus()
        plist.marked = {"p0", "p3", "p30", "p31", "p77"}
        plist.show(papers)
        await pilot.pause()
        bar = plist.vertical_scrollbar
        drawn = []
        render_bar = bar.render

        def counting():
            drawn.append(bar.position)
            return render_bar()

        bar.render = counting
        redrawn = kept = 0
        for key in ["pagedown"] * 12 + ["up", "up", "down", "pageup", "end", "pageup", "home"]:
            drawn.clear()
            await pilot.press(key)
            await pilot.pause()
            redrawn += bool(drawn)
            kept += not drawn
            assert bar.position == bar.validate_position(plist.scroll_y)  # exact, drawn or not
            shown = _screen_with_styles(app)
            plist.refresh()
            bar.refresh()
            await pilot.pause()
            assert _screen_with_styles(app) == shown, key
        assert redrawn and kept  # both ways were taken


def test_search_index_keeps_up_with_a_large_library():
    papers = _papers(20_000)
    index = SearchIndex(papers)
    # how fast is the benchmark's question (bench/); here, that the answer is right
    hits = index.search("sparse trainig au:author year:2010-2012")
    assert hits and all(2010 <= h.paper.year <= 2012 for h in hits)
