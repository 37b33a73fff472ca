"""Titles and abstracts as a person reads them: the common LaTeX of paper pages as Unicode.

Pages carry LaTeX as their authors typed it (``$\\sim$``, ``0.4\\%``, ``$2^{n}$``,
``SoD$^2$``). The reader shows it readable; the library and every export keep
the raw text. Only what is certainly LaTeX is converted: ``$…$`` that passes
the export's math rule (pandoc's dollars, known commands only — so ``$5 and
$10`` stays money) and the escaped specials ``\\% \\& \\_ \\# \\$``; any other
text is left exactly as it is. The result is plain text: callers still put it
in a ``Text`` (never markup) after :func:`~paperscope.safe_text.printable`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .export.latex import is_safe_math

_ESCAPED_RE = re.compile(r"\\([%&_#$])")
_SUPERSCRIPTS = str.maketrans("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ")
_SUBSCRIPTS = str.maketrans("0123456789+-=()aeiojrux", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₒⱼᵣᵤₓ")
_SCRIPT_RE = re.compile(r"([\^_])(\{([^{}]*)\}|([^{}\\\s]))")
_MATH_RE = re.compile(r"\$([^$\n]{1,200}?)\$")
_COMMAND_RE = re.compile(r"\\[A-Za-z]+")
# Text styling seen inside page math (``$\textbf{42.9}$``): shown as its text.
_STYLES_RE = re.compile(r"\\(?:textbf|texttt|textit|textsf|emph)(?=\{)")


def _is_math(body: str, after: str) -> bool:
    r"""Whether ``$body$`` (followed by ``after``) is math to show, not money or a stray $.

    The export's rule (pandoc's dollars, known commands) with what a reader can allow:
    a digit right after math that holds a command (``2%$\sim$23%``), a space before the
    closing dollar after a command (``$\sim $``), ``\%`` and non-ASCII letters inside.
    """
    if not body or body[0].isspace():
        return False
    has_command = bool(_COMMAND_RE.search(body))
    if not has_command and (body[-1].isspace() or after.isdigit()):
        return False  # "$5 and $10", "$5-$10": money
    plain = _STYLES_RE.sub(r"\\mathrm", _ESCAPED_RE.sub("x", body))
    plain = "".join("x" if not c.isascii() and c.isalpha() else c for c in plain)
    return is_safe_math(plain.strip())


def _segments(text: str) -> list[tuple[bool, str]]:
    """``(is_math, piece)`` pairs; a dollar that opens no math is tried again from the next."""
    out: list[tuple[bool, str]] = []
    pos = start = 0
    while (at := text.find("$", pos)) != -1:
        m = _MATH_RE.match(text, at)
        if m and _is_math(m[1], text[m.end() : m.end() + 1]):
            if at > start:
                out.append((False, text[start:at]))
            out.append((True, m[1]))
            pos = start = m.end()
        else:
            pos = at + 1
    if start < len(text):
        out.append((False, text[start:]))
    return out


@lru_cache(maxsize=1)
def _converter():
    # pylatexenc is loaded on the first paper with math, not at start-up.
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text", strict_latex_spaces=True)


def _scripts(body: str) -> str:
    """``^2``, ``^{n}``, ``_0`` as Unicode super/subscripts where every character has one."""

    def one(m: re.Match[str]) -> str:
        inner = m[3] if m[3] is not None else m[4]
        table = _SUPERSCRIPTS if m[1] == "^" else _SUBSCRIPTS
        shown = inner.translate(table)
        if not inner or any(a == b for a, b in zip(inner, shown, strict=True)):
            return m[0]  # a character without a script form: the converter writes ^x
        return shown

    return _SCRIPT_RE.sub(one, body)


def _math(body: str) -> str:
    try:
        # pylatexenc drops \texttt's text: every text style is shown as plain text.
        shown = _converter().latex_to_text(_scripts(_STYLES_RE.sub(r"\\mathrm", body)))
    except Exception:  # pylatexenc on something unexpected: show the page's text
        return f"${body}$"
    return " ".join(shown.split()) or f"${body}$"


def readable(text: str | None) -> str:
    """``text`` with its common LaTeX shown as Unicode; the raw text when there is none."""
    if not text:
        return ""
    if "$" not in text and "\\" not in text:
        return text
    return "".join(
        _math(piece) if is_math else _ESCAPED_RE.sub(r"\1", piece)
        for is_math, piece in _segments(text)
    )
