"""The import and export dialogs, the checkbox and confirmation buttons, and the layout at
narrow and wide sizes: each test asserts what the screen shows."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from textual.widgets import Button, Select

from paperscope.export import FORMATS
from tests.conftest import SEEDS
from tui.screens.confirm import ConfirmScreen
from tui.screens.export import CHOICES, ExportScreen
from tui.screens.import_file import ImportScreen
from tui.widgets.path_input import PathInput
from tui.widgets.reader import PaperReader

from .helpers import main_screen, press, screen_text, settle, type_text

BIG = (120, 40)
SMALL = (80, 24)


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


def _pages(folder: Path, n: int = 5) -> Path:
    """A folder of ``n`` seed pages with long names, two non-pages and one bad page."""
    pages = folder / "pages"
    pages.mkdir()
    for i, seed in enumerate(SEEDS[:n]):
        shutil.copyfile(seed, pages / f"saved-from-the-site-on-a-long-day-number-{i}.txt")
    (pages / "scan-of-a-paper-with-a-long-name.pdf").write_bytes(b"%PDF")
    (pages / "figure.png").write_bytes(b"\x89PNG")
    (pages / "bad.txt").write_text("hello", encoding="utf-8")
    return pages


async def _import(pilot, path: str) -> ImportScreen:
    await press(pilot, "i")
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportScreen)
    await type_text(pilot, path)
    await press(pilot, "enter")
    for _ in range(200):
        await settle(pilot)
        if dialog.has_class("-reported") and not dialog.running:
            break
    return dialog


# -- import ---------------------------------------------------------------------------


async def test_import_counts_every_file_not_imported_and_keeps_names_whole(app, tmp_path):
    _pages(tmp_path, n=1)
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        dialog = await _import(pilot, "pages")
        text = screen_text(app)
        assert "Done: 0 new, 0 merged; 3 files not imported (1 refused, 2 skipped)." in text
        lines = text.splitlines()
        # A skipped file: its name on one line in the file column, the reason in the notes.
        row = next(line for line in lines if "figure.png" in line)
        assert "skipped, not a text page" in row
        row = next(line for line in lines if "scan-of-a-pap" in line)
        assert "…" in row and "long-name.pdf" in row  # cut in the middle, never folded
        assert "skipped, not a text page" in row
        assert not any(line.strip("│ ").startswith("name.pdf") for line in lines)
        # "Import another" by typing: the path field has the focus, its text selected.
        field = dialog.query_one("#import-path", PathInput)
        assert app.focused is field and field.selected_text == "pages"
        await type_text(pilot, "x")
        assert field.value == "x"


async def test_import_tab_lists_ambiguous_candidates_like_a_shell(app, tmp_path):
    for name in ("page-one.txt", "page-two.txt", "pages-old"):
        (tmp_path / name).mkdir() if name == "pages-old" else (tmp_path / name).write_text("x")
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        dialog = app.screen
        field = dialog.query_one("#import-path", PathInput)
        await type_text(pilot, "pa")
        await press(pilot, "tab")
        assert app.focused is field  # did not leave the field
        assert field.value == "page"  # completed what the names share
        text = screen_text(app)
        for name in ("page-one.txt", "page-two.txt", "pages-old/"):
            assert name in text
        await type_text(pilot, "-o")
        await press(pilot, "tab")
        assert field.value == "page-one.txt"
        assert "page-two.txt" not in screen_text(app)  # the list went with the ambiguity


async def test_import_expands_a_glob(app, tmp_path):
    _pages(tmp_path, n=2)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await settle(pilot)
        dialog = await _import(pilot, "pages/*.txt")
        text = screen_text(app)
        assert "no such file" not in text
        assert dialog.reports is not None and len(dialog.reports) == 3  # 2 pages + bad.txt
        assert "1 file not imported (refused)" in text
        await type_text(pilot, "pages/*.nothing")  # replaces the selected path
        await press(pilot, "enter")
        assert "pages/*.nothing: no file matches." in screen_text(app)


async def test_import_dialog_at_80x24_keeps_its_buttons_on_screen(app, tmp_path):
    _pages(tmp_path, n=5)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        dialog = await _import(pilot, "pages")
        width, height = app.size
        for button in dialog.query(Button):
            region = button.region
            assert region.height == 3 and region.bottom <= height, button.id
        text = screen_text(app)
        assert "Import" in text and "Close" in text and "not imported" in text


async def test_import_dialog_uses_the_width_it_is_given(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        assert app.screen.query_one("#import-dialog").outer_size.width >= 100


# -- export ---------------------------------------------------------------------------


async def test_export_offers_every_format_and_the_extension_follows(app, tmp_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "space", "space", "e")
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        select = dialog.query_one("#export-format", Select)
        select.focus()
        await press(pilot, "enter")  # the list of choices opens
        text = screen_text(app)
        for word in ("BibTeX, a new", "added to an existing .bib", "CSL-JSON", "RIS", "Markdown"):
            assert word in text
        assert set(FORMATS) <= {choice for _, choice, _, _ in CHOICES}  # every CLI format
        await press(pilot, "escape")
        select.value = "ris"
        await settle(pilot)
        field = dialog.query_one("#export-path", PathInput)
        assert field.value == f"./paperscope-{dt.date.today():%Y%m%d}.ris"
        assert "RIS (EndNote, Mendeley)" in screen_text(app)
        field.focus()
        await press(pilot, "enter")
        written = tmp_path / f"paperscope-{dt.date.today():%Y%m%d}.ris"
        assert written.read_text(encoding="utf-8").count("ER  -") == 2
        assert any("Exported 2 papers (RIS)" in n for n in notes(app))


async def test_export_adds_to_an_existing_bib_and_keeps_its_bytes(app, tmp_path):
    bib = tmp_path / "refs.bib"
    mine = b"% my manuscript\n@string{nips = {NeurIPS}}\n\n@misc{mine, title = {Mine}}\n"
    bib.write_bytes(mine)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await settle(pilot)
        await press(pilot, "space", "space", "e")
        dialog = app.screen
        dialog.query_one("#export-format", Select).value = "into"
        field = dialog.query_one("#export-path", PathInput)
        field.value = "refs.bib"
        await press(pilot, "enter")
        assert not isinstance(app.screen, ExportScreen)
        data = bib.read_bytes()
        assert data.startswith(mine) and data.count(b"\n@") == 2 + 2  # theirs + ours
        assert any("refs.bib: 2 added, 0 already there" in n for n in notes(app))
        await press(pilot, "e", "enter")  # again: the dialog remembered both
        assert bib.read_bytes() == data
        assert any("0 added, 2 already there" in n for n in notes(app))


async def test_export_remembers_path_and_format_across_restarts(library_path, tmp_path):
    from tui.app import create_app

    app = create_app(library_path)
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "space", "e")
        app.screen.query_one("#export-format", Select).value = "markdown"
        await settle(pilot)
        field = app.screen.query_one("#export-path", PathInput)
        field.value = str(tmp_path / "reading.md")
        await press(pilot, "enter")
    assert (tmp_path / "reading.md").exists()
    again = create_app(library_path)
    async with again.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        dialog = again.screen
        assert dialog.query_one("#export-path", PathInput).value == str(tmp_path / "reading.md")
        assert dialog.query_one("#export-format", Select).value == "markdown"


async def test_export_shows_where_dot_slash_is_cut_from_the_left(app, tmp_path, monkeypatch):
    deep = tmp_path / ("a-folder-with-a-rather-long-name-" * 4) / "thesis"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await press(pilot, "space", "e")
        line = next(line for line in screen_text(app).splitlines() if "./ is " in line)
        assert "./ is …" in line and "rather-long-name-/thesis" in line


async def test_export_names_papers_without_authors_or_year_before_writing(app):
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        main = main_screen(app)
        lacking = [p for p in main.paper_list.papers if not p.authors][:2]
        for paper in lacking:
            main.paper_list.select_paper(paper.id)
            await press(pilot, "space")
        await press(pilot, "e")
        text = screen_text(app)
        assert f'2 papers have no authors: "{lacking[0].title[:15]}' in text
        assert "2 papers have no year" in text
        # and the buttons are still on the screen at 80x24
        assert app.screen.query_one("#export-ok", Button).region.bottom <= 24


async def test_include_abstracts_reads_without_colour(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "space", "e", "tab")
        assert "[x] Include abstracts" in screen_text(app)
        await press(pilot, "space")
        assert "[ ] Include abstracts" in screen_text(app)


async def test_every_question_shows_its_keys_on_its_buttons(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "space", "U")
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(app)
        assert "Unmark all (y)" in text and "Keep them (n)" in text
        await press(pilot, "n")
        await press(pilot, "e", "enter", "e", "enter")  # the same file again: Replace?
        text = screen_text(app)
        assert "Replace (y)" in text and "Keep it (n)" in text


# -- layout ---------------------------------------------------------------------------


async def test_the_author_panes_hide_on_a_narrow_terminal_and_a_key_toggles_them(library_path):
    from tui.app import create_app

    app = create_app(library_path)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        main = main_screen(app)
        title_width = main.paper_list.size.width
        assert "filter authors" not in screen_text(app)
        assert title_width >= 70  # the list has the whole width
        await press(pilot, "backslash")
        assert "filter authors" in screen_text(app)
        await press(pilot, "backslash")
        assert "filter authors" not in screen_text(app)
        await press(pilot, "a")  # typing a name brings the pane back
        assert "filter authors" in screen_text(app) and app.focused.id == "author-filter"
    app = create_app(library_path)
    async with app.run_test(size=(60, 15)) as pilot:
        await settle(pilot)
        text = screen_text(app).splitlines()
        assert "Authors" not in text[1] and "Papers" in text[1]
        assert all(len(line) <= 60 for line in text)
    app = create_app(library_path)
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        assert "filter authors" in screen_text(app)
        await press(pilot, "backslash")
        assert "filter authors" not in screen_text(app)


async def test_the_reader_caps_its_measure_and_shows_latex_as_unicode(app):
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        main = main_screen(app)
        paper = next(p for p in main.paper_list.papers if p.title.startswith("SoD$^2$"))
        main.paper_list.select_paper(paper.id)
        await press(pilot, "enter")
        assert isinstance(app.focused, PaperReader)
        text = screen_text(app)
        assert "SoD²: Statically Optimizing" in text and "SoD$^2$" not in text
        assert "up to 3.9× faster" in text and "88% peak" in text
        longest = max(len(line.strip("│ ")) for line in text.splitlines()[1:-3])
        assert longest <= 100
        assert paper.title.startswith("SoD$^2$")  # the record keeps the raw text
