"""Driving the app in tests: wait until it is idle, read what the screen shows."""

from __future__ import annotations

import io

from rich.console import Console

from tui.app import PaperScopeApp
from tui.screens.main import MainScreen
from tui.states import press, settle, type_text

__all__ = ["main_screen", "press", "screen_text", "settle", "type_text"]


def main_screen(app: PaperScopeApp) -> MainScreen:
    return app.main_screen


def screen_text(app: PaperScopeApp) -> str:
    """The screen as plain text, as a terminal would show it (dialogs included)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()
