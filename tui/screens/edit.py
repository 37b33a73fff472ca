"""Correct a paper: title, authors ("A; B"), year, venue, and for a feed line whose
title/author split is in doubt, the other readings the parser offered."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from paperscope.records import LibraryPaper
from paperscope.safe_text import printable

FIELDS = ("title", "authors", "year", "venue")


def field_values(paper: LibraryPaper) -> dict[str, str]:
    """The fields as the form shows them (authors joined by "; ": names hold commas)."""
    return {
        "title": paper.title,
        "authors": "; ".join(paper.authors),
        "year": str(paper.year or ""),
        "venue": paper.venue or "",
    }


class EditScreen(ModalScreen[dict[str, str] | None]):
    """Dismisses with the fields the user changed (``""``: back to the sources' value),
    or None. Choosing a reading of an uncertain split fills title and authors."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, paper: LibraryPaper, choices: list[dict[str, Any]]) -> None:
        super().__init__(classes="dialog-screen")
        self.paper = paper
        self.choices = choices
        self.values = field_values(paper)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="edit-dialog"):
            yield Static(Text("Correct the paper", style="bold"), classes="dialog-title")
            for name in FIELDS:
                with Horizontal(classes="edit-row"):
                    yield Label(Text(name.capitalize()), classes="edit-label")
                    yield Input(printable(self.values[name]), id=f"edit-{name}", compact=True)
            if self.choices:
                yield Static(
                    Text("The page's line may split differently; Enter on one fills the form:"),
                    id="edit-split-hint",
                )
                yield OptionList(
                    *(
                        Option(
                            Text(
                                f"{printable(c['title'], 70)} — "
                                f"{printable('; '.join(c['authors']), 40)}"
                            ),
                            id=str(n),
                        )
                        for n, c in enumerate(self.choices)
                    ),
                    id="edit-split",
                )
            yield Static(
                Text("An empty field goes back to what the pages say · Ctrl+S or Enter saves"),
                id="edit-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="edit-ok")
                yield Button("Cancel", id="edit-cancel")

    def on_mount(self) -> None:
        self.query_one("#edit-title", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = self.choices[int(event.option.id or 0)]
        self.query_one("#edit-title", Input).value = printable(choice["title"])
        self.query_one("#edit-authors", Input).value = printable("; ".join(choice["authors"]))
        self.query_one("#edit-title", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "edit-ok":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        changed = {}
        for name in FIELDS:
            value = self.query_one(f"#edit-{name}", Input).value.strip()
            if value != printable(self.values[name]).strip():
                changed[name] = value
        self.dismiss(changed or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
