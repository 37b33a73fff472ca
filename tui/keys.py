"""The app's key bindings as data, and how the help and the palette name them.

The app, the main screen, the help screen and the command palette all read
these; keeping them here (and not in the classes that use them) lets the help
and the palette list the keys without importing the app.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

KEY_NAMES = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "question_mark": "?",
    "slash": "/",
    "backslash": "\\",
    "ctrl+p": "Ctrl+P",
    "ctrl+q": "Ctrl+Q",
    "ctrl+o": "Ctrl+O",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "backspace": "Backspace",
    "ctrl+z": "Ctrl+Z",
    "ctrl+y": "Ctrl+Y",
    "delete": "Del",
    "number_sign": "#",
}


APP_BINDINGS: list[BindingType] = [
    Binding("q", "quit", "Quit", tooltip="Quit (marks are already saved)"),
    Binding(
        "question_mark",
        "help",
        "Help",
        key_display="?",
        tooltip="Show every key and the search syntax",
    ),
]

MAIN_BINDINGS: list[BindingType] = [
    Binding(
        "slash",
        "search",
        "Search",
        key_display="/",
        tooltip=(
            "Search anew (the last query is selected: type over it, or ← → to edit it); "
            "filters au: ti: year: venue: cat: has:code src: is:marked"
        ),
    ),
    Binding(
        "escape",
        "back",
        "Back",
        show=False,
        tooltip=(
            "Leave the search field; again: clear the search, then the author filter; "
            "close the reader"
        ),
    ),
    Binding(
        "left_square_bracket,ctrl+o",
        "go_back",
        "Go back",
        show=False,
        tooltip="Back to where you were before the last jump (author, co-author, paper)",
    ),
    Binding(
        "right_square_bracket",
        "go_forward",
        "Go forward",
        show=False,
        tooltip="Forward again, after going back",
    ),
    Binding("tab", "next_pane", "Next pane", show=False),
    Binding("shift+tab", "previous_pane", "Previous pane", show=False),
    Binding(
        "space",
        "toggle_mark",
        "Mark",
        tooltip="Mark or unmark the paper for export (and move down)",
    ),
    Binding(
        "A",
        "mark_shown",
        "Mark all shown",
        show=False,
        tooltip="Mark every paper in the list as it is filtered now",
    ),
    Binding(
        "U",
        "unmark_all",
        "Unmark all",
        show=False,
        tooltip="Clear every mark in the library (asks first)",
    ),
    Binding("e", "export", "Export", tooltip="Write the marked papers to a BibTeX file"),
    Binding(
        "y",
        "copy_bibtex",
        "Copy BibTeX",
        show=False,
        tooltip="Copy this paper's BibTeX to the clipboard",
    ),
    Binding(
        "o",
        "open_link",
        "Open link",
        show=False,
        tooltip="Open the paper's link in the web browser (asks which, if it has several)",
    ),
    Binding(
        "s",
        "cycle_sort",
        "Sort",
        tooltip="Sort by year, title, score, venue, first author, sources",
    ),
    Binding(
        "S",
        "reverse_sort",
        "Reverse sort",
        show=False,
        tooltip="Turn the sort around (oldest first, Z–A…); so does a second header click",
    ),
    Binding(
        "i",
        "import_file",
        "Import",
        show=False,
        tooltip="Import a saved page or a folder of them",
    ),
    Binding(
        "a",
        "filter_authors",
        "Filter authors",
        show=False,
        tooltip="Type part of a name to narrow the author list",
    ),
    Binding(
        "backslash",
        "toggle_sidebar",
        "Authors pane",
        key_display="\\",
        show=False,
        tooltip="Hide or show the author panes (hidden by itself below 90 columns)",
    ),
    Binding(
        "n",
        "next_paper",
        "Next paper",
        show=False,
        tooltip="Move to the next paper (also while reading)",
    ),
    Binding(
        "p",
        "previous_paper",
        "Previous paper",
        show=False,
        tooltip="Move to the previous paper (also while reading)",
    ),
]

# The user's layer (status, tags, note, corrections), removal and undo: they act on
# the paper under the cursor (status and tags: on all marked papers when the cursor
# is on one of them). Kept apart so the main list above stays as it was.
# Status, tags and note share one footer label (an 80-column footer has no room).
_YOURS = Binding.Group("Notes", compact=True)
LIVING_BINDINGS: list[BindingType] = [
    Binding(
        "t",
        "cycle_status",
        "Status",
        tooltip="Reading status: to-read → reading → read → none (on a marked paper: all marked)",
        group=_YOURS,
    ),
    Binding(
        "number_sign",
        "tag",
        "Tags",
        key_display="#",
        tooltip="Add or remove tags: +name -name (on a marked paper: all marked ones)",
        group=_YOURS,
    ),
    Binding("N", "note", "Note", tooltip="Write the paper's note (Ctrl+S saves)", group=_YOURS),
    Binding(
        "E",
        "edit_paper",
        "Edit",
        show=False,
        tooltip="Correct title, authors, year or venue; another title/author split",
    ),
    Binding(
        "v",
        "toggle_source_values",
        "Sources' values",
        show=False,
        tooltip="Show what the pages say for the fields you corrected (the reader)",
    ),
    Binding(
        "c",
        "copy_key",
        "Copy key",
        show=False,
        tooltip="Copy the citation key (it stays this paper's key for good)",
    ),
    Binding(
        "d,delete",
        "remove_paper",
        "Remove",
        show=False,
        tooltip="Remove the paper from the library (asks first; Ctrl+Z undoes)",
    ),
    Binding(
        "D",
        "remove_page",
        "Remove page",
        show=False,
        tooltip="Remove everything the paper's page brought, e.g. the sample pages (asks)",
    ),
    Binding(
        "ctrl+z",
        "undo",
        "Undo",
        show=False,
        tooltip="Undo the last change (marks, status, tags, notes, removals…)",
    ),
    Binding("ctrl+y", "redo", "Redo", show=False, tooltip="Redo what Ctrl+Z undid"),
    Binding(
        "H",
        "history",
        "History",
        show=False,
        tooltip="The library's changes, newest first (what Ctrl+Z and Ctrl+Y walk through)",
    ),
]
MAIN_BINDINGS.extend(LIVING_BINDINGS)


def key_label(binding: Binding) -> str:
    keys = [k.strip() for k in binding.key.split(",")]
    if binding.key_display and len(keys) == 1:
        return binding.key_display
    return " ".join(KEY_NAMES.get(k, k) for k in keys)


def bindings_of(cls: type) -> list[Binding]:
    """``cls``'s own bindings and those of its PaperScope base classes, subclass first."""
    seen: set[str] = set()
    out: list[Binding] = []
    for klass in cls.__mro__:
        if not klass.__module__.startswith("tui."):
            continue
        for b in klass.__dict__.get("BINDINGS", []):
            if isinstance(b, Binding) and b.action not in seen:
                seen.add(b.action)
                out.append(b)
    return out


def with_key(label: str, key: str) -> str:
    """A dialog button's label with the key that presses it: every question shows its
    keys the same way (``Replace (y)``, ``Keep it (n)``)."""
    return f"{label} ({key})"
