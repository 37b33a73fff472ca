"""The app folds a journal its own writes have grown (issue 11 case 14: before, marks
made in the app grew the journal without end; the app never compacted after them)."""

from __future__ import annotations

from paperscope.library import journal
from paperscope.store import Library

from .helpers import main_screen, press, settle


async def test_marks_made_in_the_app_fold_a_journal_that_outgrew_its_rule(library_path):
    from tui.app import create_app

    lib = Library.open(library_path)
    ids = [p.id for p in lib.papers()]
    for pid in ids[:40]:  # one write each: forty segments, past the rule's 32
        lib.set_marked([pid], True)
    assert Library.open(library_path).compaction_due()
    before = len(journal.segments(library_path))
    app = create_app(library_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "space")  # one more mark, made in the app
        main = main_screen(app)
        for _ in range(600):  # the mark written, then the folding in the background
            await pilot.pause(0.05)
            if not main.marks.pending and not main.marks.writing and not app.workers:
                break
        await settle(pilot)
        shown = set(main.marked)  # what the user sees as marked
    after = Library.open(library_path)
    assert not after.compaction_due()
    assert len(journal.segments(library_path)) < before
    assert {p.id for p in after.papers() if p.marked} == shown  # nothing lost in the folding
    assert len(shown) in (39, 41)  # the forty, and the paper under the cursor toggled
