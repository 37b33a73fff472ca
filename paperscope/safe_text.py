"""Text from pages is data: make it harmless before it reaches a terminal.

Control characters (ESC starts ANSI/OSC sequences), bidi overrides and
zero-width characters are shown as visible escapes instead of being sent to
the terminal. Rich markup is never an issue where callers use ``Text`` or
``markup=False``; this module only deals with bytes a terminal would obey.
"""

from __future__ import annotations

import re

_UNSAFE_RE = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]"
)


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch == "\n":
        return " "
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str | None) -> str:
    """``text`` with every terminal-active or invisible character made visible."""
    if not text:
        return ""
    return _UNSAFE_RE.sub(_escape, text)


def printable_block(text: str | None) -> str:
    """Like :func:`printable` but keeps newlines (for abstracts)."""
    if not text:
        return ""
    return "\n".join(printable(line) for line in text.split("\n"))
