"""Counts in words, the one way the whole app says them: ``1 hit``, ``2 hits``."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun that goes with it (``many``: an irregular plural)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
