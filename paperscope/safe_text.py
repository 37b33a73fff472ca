"""Text from pages is data: make it harmless before it reaches a terminal or a file.

Three uses, one list of dangerous characters:

- :func:`printable` for everything shown from the library: control characters
  (ESC starts ANSI/OSC sequences, BEL ends them), bidi controls and invisible
  characters become visible escapes such as ``\\x1b`` or ``\\u202e``;
- :func:`terminal_safe`, the last line of defence under every widget of the app
  (text the user typed, pasted or completed from a file name): the same
  characters are dropped, which keeps the cell width, since a terminal gives
  them none;
- :func:`strip_invisible` for exports: bidi controls and zero-width characters
  have no place in a bibliography, where they only hide or reorder text.

Rich markup is never an issue where callers use ``Text``/``Content`` or
``markup=False``; this module only deals with characters a terminal would obey
or hide.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline (handled apart), DEL, and C1 (0x9b is a one-byte CSI).
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Bidi controls: embeddings, overrides, isolates, marks.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Characters that take no cell: zero-width space, word joiner and invisible operators,
# deprecated format characters, BOM, interlinear annotation marks, tag characters.
_INVISIBLE = "\u180e\u200b\u2060-\u2065\u206a-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
# Zero-width joiners have a use (emoji, Persian, Indic scripts) but hide in names;
# line and paragraph separators break lines where nothing shows it.
_SHOWN_ONLY = "\u200c\u200d\u2028\u2029"
_SURROGATE = "\ud800-\udfff"  # lone halves cannot even be encoded for the terminal

_UNSAFE_RE = re.compile(f"[\t\n{_CONTROL}{_BIDI}{_INVISIBLE}{_SHOWN_ONLY}{_SURROGATE}]")
_TERMINAL_RE = re.compile(f"[\t\n{_CONTROL}{_BIDI}{_INVISIBLE}{_SURROGATE}]")
_HIDDEN_RE = re.compile(f"[{_BIDI}{_INVISIBLE}]")
# In JSON text these can only be inside strings (tab and newline are escaped there).
_JSON_RE = re.compile(f"[{_CONTROL}{_BIDI}{_INVISIBLE}{_SHOWN_ONLY}]")


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch in "\n\t":
        return " "
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str | None, limit: int | None = None) -> str:
    """``text`` on one line, every terminal-active or invisible character made visible;
    cut to ``limit`` characters (with an ellipsis) where a 5,000-character word would
    flood a small space such as a notification."""
    if not text:
        return ""
    shown = _UNSAFE_RE.sub(_escape, text)
    if limit is not None and len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return shown


def printable_block(text: str | None) -> str:
    """Like :func:`printable` but keeps newlines (for abstracts)."""
    if not text:
        return ""
    return "\n".join(printable(line) for line in text.split("\n"))


def is_safe(text: str) -> bool:
    """Whether ``text`` holds nothing a terminal would obey or hide."""
    return _TERMINAL_RE.search(text) is None


def _drop(m: re.Match[str]) -> str:
    return "\ufffd" if "\ud800" <= m.group(0) <= "\udfff" else ""


def terminal_safe(text: str) -> str:
    """``text`` without the characters a terminal would obey or hide (no visible trace).

    They take no cell, so what remains has the same width on screen; for text
    that was already passed through :func:`printable` this changes nothing.
    """
    return _TERMINAL_RE.sub(_drop, text)


def strip_invisible(text: str) -> str:
    """``text`` without bidi controls and zero-width characters (controls are kept)."""
    return _HIDDEN_RE.sub("", text)


def _json_escape(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a surrogate pair, as JSON spells characters beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_safe(json_text: str) -> str:
    """JSON text with those characters written as ``\\u`` escapes: the same JSON value,
    harmless when printed to a terminal."""
    return _JSON_RE.sub(_json_escape, json_text)
