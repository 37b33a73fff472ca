"""A checkbox whose state reads without colour: ``[x]`` on, ``[ ]`` off."""

from __future__ import annotations

from textual.widgets import Checkbox


class CheckBox(Checkbox):
    """Textual's checkbox draws the same ``X`` on and off and tells them apart by colour
    alone, unreadable in monochrome (``NO_COLOR``) or to a colour-blind eye."""

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    def __init__(self, label: str = "", value: bool = False, **kwargs) -> None:
        super().__init__(label, value, **kwargs)
        self.BUTTON_INNER = self._inner(value)

    @staticmethod
    def _inner(value: bool) -> str:
        return "x" if value else " "

    def watch_value(self) -> None:
        self.BUTTON_INNER = self._inner(self.value)
        super().watch_value()
        self.refresh()
