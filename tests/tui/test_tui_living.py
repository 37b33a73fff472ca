"""The living library from the app: status, tags, note, corrections, removal, undo,
keys and the session, each driven by its key and checked on screen and on disk."""

from __future__ import annotations

import json

from textual.command import CommandPalette

from paperscope.session import load_state, save_state, state_path
from paperscope.store import Library
from tui.screens.confirm import ConfirmScreen
from tui.screens.edit import EditScreen
from tui.screens.help import HelpScreen, help_sections
from tui.screens.history import HistoryScreen
from tui.screens.note import NoteScreen
from tui.screens.tags import TagScreen, parse_tag_words

from .helpers import main_screen, press, screen_text, settle, type_text

BIG = (120, 40)


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


def on_disk(path, pid):
    return Library.open(path).get(pid)


def reader_text(app) -> str:
    return str(main_screen(app).reader.query_one("#reader-body").render())


async def test_t_cycles_the_status_shown_in_list_and_reader(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        paper = main_screen(app).paper_list.current
        assert "Status   none (t sets it)" in screen_text(app)
        await press(pilot, "t")
        text = screen_text(app)
        assert "Status   to-read" in text
        assert f"○ {paper.title[:20]}" in text  # the list's marker
        assert on_disk(library_path, paper.id).layer.status == "to-read"
        await press(pilot, "t", "t")
        assert "Status   read" in screen_text(app)
        await press(pilot, "t")
        assert "Status   none" in screen_text(app)
        assert on_disk(library_path, paper.id).layer.status is None
        assert main_screen(app).paper_list.current.id == paper.id  # the cursor stayed


async def test_hash_tags_two_papers_and_search_finds_them(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        first = main.paper_list.current
        await press(pilot, "number_sign")
        assert isinstance(app.screen, TagScreen)
        assert "none yet" in screen_text(app)
        await type_text(pilot, "+later ml")
        await press(pilot, "enter")
        assert "Tags     #later #ml" in screen_text(app)
        await press(pilot, "j", "number_sign")
        await type_text(pilot, "later")
        await press(pilot, "enter")
        second = main.paper_list.current
        await press(pilot, "number_sign")
        assert "Now: #later" in screen_text(app)
        await press(pilot, "escape")
        await press(pilot, "k", "number_sign")
        await type_text(pilot, "-ml")
        await press(pilot, "enter")
        assert "Tags     #later" in screen_text(app) and "#ml" not in screen_text(app)
        await press(pilot, "slash")
        await type_text(pilot, "tag:later")
        await press(pilot, "enter")
        assert {p.id for p in main.paper_list.papers} == {first.id, second.id}
        assert on_disk(library_path, second.id).layer.tags == ("later",)


async def test_status_and_tags_on_a_marked_paper_go_to_every_marked_paper(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        first = main.paper_list.current
        await press(pilot, "space")  # marks it and moves on
        second = main.paper_list.current
        await press(pilot, "space")
        third = main.paper_list.current  # not marked
        await press(pilot, "k")  # back on a marked paper: the group
        await press(pilot, "t")
        assert "2 marked papers: to-read" in notes(app)
        await press(pilot, "number_sign")
        assert "Tags of 2 marked papers" in screen_text(app)
        await type_text(pilot, "+survey")
        await press(pilot, "enter")
        assert "2 marked papers: +survey" in notes(app)
        for pid in (first.id, second.id):
            assert on_disk(library_path, pid).layer.status == "to-read"
            assert on_disk(library_path, pid).layer.tags == ("survey",)
        assert on_disk(library_path, third.id).layer.status is None
        # off the marked ones, only the paper under the cursor
        await press(pilot, "j", "t")
        assert on_disk(library_path, third.id).layer.status == "to-read"
        assert on_disk(library_path, first.id).layer.status == "to-read"
        await press(pilot, "number_sign")
        assert "Tags of 2 marked papers" not in screen_text(app)
        await press(pilot, "escape")
        # one undo takes the whole group's tags back
        await press(pilot, "ctrl+z", "ctrl+z")
        assert on_disk(library_path, first.id).layer.tags == ()
        assert on_disk(library_path, second.id).layer.tags == ()


async def test_H_shows_the_changes_newest_first_and_what_undo_took_back(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "t")
        await press(pilot, "number_sign")
        await type_text(pilot, "+later")
        await press(pilot, "enter")
        await press(pilot, "H")
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        assert "Changes to the library, newest first" in text
        tags_at, status_at = text.find("tag"), text.find("status to-read")
        assert -1 < tags_at < status_at  # newest first
        await press(pilot, "escape")
        assert not isinstance(app.screen, HistoryScreen)
        await press(pilot, "ctrl+z", "H")
        assert "(undone)" in screen_text(app)
        await press(pilot, "q")
        assert not isinstance(app.screen, HistoryScreen)


def test_tag_words():
    assert parse_tag_words("+a -b c -") == (["a", "c", "-"], ["b"])


async def test_N_writes_a_note_and_escape_never_loses_it(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        paper = main_screen(app).paper_list.current
        await press(pilot, "N")
        assert isinstance(app.screen, NoteScreen)
        await type_text(pilot, "read section 3")
        await press(pilot, "escape")  # asks: discard?
        assert isinstance(app.screen, ConfirmScreen)
        assert "Discard the changes" in screen_text(app)
        await press(pilot, "escape")  # no: back to the text, nothing lost
        assert isinstance(app.screen, NoteScreen)
        await press(pilot, "enter")
        await type_text(pilot, "and the appendix")
        await press(pilot, "ctrl+s")
        text = screen_text(app)
        assert "Note     read section 3" in text and "and the appendix" in text
        assert f"✎ {paper.title[:20]}" in text
        assert on_disk(library_path, paper.id).layer.note == "read section 3\nand the appendix"
        assert any("saved" in n for n in notes(app))


async def test_E_corrects_a_title_marks_it_and_v_shows_the_pages_value(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        paper = main_screen(app).paper_list.current
        old = paper.title
        await press(pilot, "E")
        assert isinstance(app.screen, EditScreen)
        field = app.screen.query_one("#edit-title")
        field.value = ""
        await type_text(pilot, "FlashMem Fixed Title")
        await press(pilot, "enter")
        text = screen_text(app)
        assert "FlashMem Fixed Title  ✎ corrected" in text
        assert "Edited   title (v: what the pages say)" in text
        await press(pilot, "v")
        assert f"Pages' t {old[:30]}" in screen_text(app)
        assert on_disk(library_path, paper.id).title == "FlashMem Fixed Title"
        await press(pilot, "ctrl+z")
        assert "FlashMem Fixed Title" not in screen_text(app)
        assert on_disk(library_path, paper.id).title == old


async def test_E_offers_the_other_readings_of_an_uncertain_split(app, library_path):
    lib = app.library
    lib.ensure_loaded()
    paper = lib.papers()[0]
    record = paper.sources[0].record  # what the feed parser adds when it is unsure
    record["split_uncertain"] = True
    record["split_alternatives"] = [{"title": "Other Reading", "authors": ["A. Person"]}]
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await press(pilot, "slash")
        await type_text(pilot, "is:unsure")
        await press(pilot, "enter")
        assert [p.id for p in main.paper_list.papers] == [paper.id]
        assert f"? {paper.title[:20]}" in screen_text(app)  # the list's marker
        await press(pilot, "E")
        text = screen_text(app)
        assert "may split differently" in text and "Other Reading — A. Person" in text
        app.screen.query_one("#edit-split").focus()
        await press(pilot, "enter", "ctrl+s")
        assert "Other Reading  ✎ corrected" in screen_text(app)
        fixed = on_disk(library_path, paper.id)
        assert (fixed.title, fixed.authors) == ("Other Reading", ["A. Person"])


async def test_d_removes_after_asking_and_ctrl_z_brings_it_back(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        paper, below = main.paper_list.papers[0], main.paper_list.papers[1]
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Remove “" in screen_text(app)
        await press(pilot, "n")
        assert on_disk(library_path, paper.id) is not None
        await press(pilot, "d", "y")
        assert "188 papers" in screen_text(app)
        assert main.paper_list.current.id == below.id
        assert on_disk(library_path, paper.id) is None
        await press(pilot, "ctrl+z")
        assert "189 papers" in screen_text(app)
        assert any(n.startswith("Undone: ") for n in notes(app))
        assert on_disk(library_path, paper.id) is not None
        await press(pilot, "ctrl+y")
        assert "188 papers" in screen_text(app)
        await press(pilot, "ctrl+y")  # nothing more to redo: said, not a crash
        assert any("nothing to redo" in n for n in notes(app))


async def test_D_removes_the_sample_pages_and_undo_restores_notes(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        paper = main_screen(app).paper_list.current
        await press(pilot, "N")
        await type_text(pilot, "keep me")
        await press(pilot, "ctrl+s", "D")
        assert "bundled sample pages" in screen_text(app)
        await press(pilot, "y")
        assert "No papers to show." in screen_text(app)
        assert any("Removed 189 papers of the bundled sample pages" in n for n in notes(app))
        await press(pilot, "ctrl+z")
        assert "189 papers" in screen_text(app)
        assert on_disk(library_path, paper.id).layer.note == "keep me"


async def test_first_run_says_the_pages_are_samples(app):
    app.first_run = True
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        assert any("bundled sample pages" in n and "--source samples" in n for n in notes(app))


async def test_c_copies_the_key_and_pins_it(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        paper = main_screen(app).paper_list.current
        assert "follows the data until copied" in screen_text(app)
        await press(pilot, "c")
        key = app.clipboard
        assert key and " " not in key
        assert f"Key      {key} (pinned: it stays)" in screen_text(app)
        assert on_disk(library_path, paper.id).layer.key == key


async def test_y_pins_the_key_too(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        paper = main_screen(app).paper_list.current
        await press(pilot, "y")
        assert "@" in app.clipboard
        assert on_disk(library_path, paper.id).layer.key


async def test_A_on_many_papers_asks_first(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "A")
        assert "Mark all 189 papers shown?" in screen_text(app)
        await press(pilot, "n")
        assert "● 0 marked" in screen_text(app)
        await press(pilot, "A", "y")
        assert "● 189 marked" in screen_text(app)
        await press(pilot, "ctrl+z")
        assert "● 0 marked" in screen_text(app)


async def test_help_and_palette_name_the_new_keys(app):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for footer in ("t#N Notes", "q Quit", "? Help"):
            assert footer in text
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "t" in screen_text(app) and "Reading status: to-read" in screen_text(app)
        rows = dict(help_sections()[0][1])
        assert rows["Ctrl+Z"].startswith("Undo") and rows["Ctrl+Y"].startswith("Redo")
        assert rows["c"].startswith("Copy the citation key")
        assert rows["E"].startswith("Correct title") and "asks" in rows["d Del"]
        await press(pilot, "escape", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "remove page")
        assert "Remove page" in screen_text(app)


async def test_the_session_comes_back(library_path, tmp_path, monkeypatch):
    from tui.app import create_app

    monkeypatch.chdir(tmp_path)
    app = create_app(library_path)
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "year:2024")
        await press(pilot, "enter", "s", "s", "j", "j", "j")
        main = main_screen(app)
        sort, paper = main.sort, main.paper_list.current
        shown = [p.id for p in main.paper_list.papers]
    saved = load_state()["session"]
    assert saved["query"] == "year:2024" and saved["paper"] == paper.id
    app = create_app(library_path)
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        main = main_screen(app)
        assert main.search_bar.text == "year:2024"
        assert main.sort == sort
        assert [p.id for p in main.paper_list.papers] == shown
        assert main.paper_list.current.id == paper.id
        assert paper.title[:30] in screen_text(app)


async def test_a_damaged_or_foreign_state_file_is_ignored(app):
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for junk in (b"\x00{not json", json.dumps({"version": 99, "session": {}}).encode()):
        path.write_bytes(junk)
        assert load_state() == {"version": 1}  # nothing remembered
    path.write_text(json.dumps({"version": 1, "session": {"sort": 3, "query": ["x"]}}))
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        assert "189 papers" in screen_text(app)


async def test_papers_added_since_the_last_visit_are_marked_new(app):
    save_state({"session": {"closed_at": "2000-01-01T00:00:00Z"}})
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        assert "✱ " in screen_text(app)
    save_state({"session": {"closed_at": "2999-01-01T00:00:00Z"}})
