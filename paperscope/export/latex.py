"""Page text to LaTeX for BibTeX fields.

Unicode stays UTF-8 everywhere (biber, LaTeX since 2018 and bibtex with the
standard styles read it); only characters LaTeX gives a meaning to are
escaped, always the same way. Literal braces become ``\\textbraceleft{}`` so
the braces BibTeX counts stay balanced. ``$…$`` stays math only when it looks
like math (pandoc's rule) and holds nothing that could run arbitrary TeX;
any other ``$`` is a dollar sign.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..safe_text import strip_invisible

TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# Control characters and anything else no TeX engine should see.
_JUNK_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_PRINTABLE_ASCII_RE = re.compile(r"[ -~]*")

# Pandoc's tex_math_dollars: no space just inside either dollar, no digit right after the
# closing one, so "$5 and $10" stays money.
_MATH_RE = re.compile(r"\$(?=[^\s$])([^$]*?[^\s$\\])\$(?!\d)")
_MATH_COMMANDS = frozenset(
    """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu
    nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta
    Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega times cdot cdots ldots dots pm mp leq geq le
    ge neq approx sim simeq equiv propto infty partial nabla sum prod int log exp sqrt frac
    mathcal mathbf mathrm mathit mathbb mathsf boldsymbol text textrm ell to rightarrow
    leftarrow Rightarrow leftrightarrow uparrow downarrow in notin subset subseteq cup cap
    forall exists prime circ star ast dagger top bot perp mid lfloor rfloor lceil rceil langle
    rangle min max arg argmin argmax hat tilde bar vec dot ddot overline underline""".split()
)
_MATH_OK_RE = re.compile(r"[A-Za-z0-9\s^_{}()\[\]+\-=*/.,;:'!|<>]*")
_COMMAND_RE = re.compile(r"\\([A-Za-z]+|[,;:! ])")


def clean(text: str | None) -> str:
    """One line of text: no control, bidi or zero-width characters, whitespace collapsed."""
    if not text:
        return ""
    # Every control, bidi, invisible and junk character is Unicode "Other" and every
    # whitespace but " " is "Other" or "Separator", none printable: most page text is
    # already clean and is returned as it is (test_export_fast_paths checks the classes).
    # For ASCII a regex tells printable faster than str.isprintable().
    if _PRINTABLE_ASCII_RE.fullmatch(text) if text.isascii() else text.isprintable():
        if "  " in text or text[0] == " " or text[-1] == " ":
            return " ".join(text.split())
        return text
    # str.split() folds every whitespace run in C; a \s+ regex replaced each space.
    return " ".join(_JUNK_RE.sub(" ", strip_invisible(text)).split())


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def is_safe_math(body: str) -> bool:
    """Math we keep: known commands, ordinary math characters, balanced braces."""
    for m in _COMMAND_RE.finditer(body):
        if m[1].isalpha() and m[1] not in _MATH_COMMANDS:
            return False
    rest = _COMMAND_RE.sub("", body)
    return bool(_MATH_OK_RE.fullmatch(rest)) and _balanced(body)


def segments(text: str) -> list[tuple[bool, str]]:
    """``(is_math, piece)`` pairs; math pieces keep their dollars."""
    if "$" not in text:  # no math without a dollar: most text, without a regex scan
        return [(False, text)] if text else []
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in _MATH_RE.finditer(text):
        if not is_safe_math(m[1]):
            continue
        if m.start() > pos:
            out.append((False, text[pos : m.start()]))
        out.append((True, m[0]))
        pos = m.end()
    if pos < len(text):
        out.append((False, text[pos:]))
    return out


# Any character escape_plain changes.
_SPECIAL_RE = re.compile("[" + re.escape("".join(TEXT_ESCAPES)) + "]")
# Escapes of "\\", "{" and "}" hold each other's characters, so those three go in
# one pass; no other escape holds an escaped character but its own, which
# str.replace (one pass, found with memchr) does not see again.
_BRACES_RE = re.compile(r"[\\{}]")
_OTHER_ESCAPES = [(char, latex) for char, latex in TEXT_ESCAPES.items() if char not in "\\{}"]


def escape_plain(text: str) -> str:
    """Every LaTeX-active character escaped; no math kept (names, venues, notes)."""
    # Substring tests and replaces run in C: on abstracts about 3x faster than a
    # regex with a Python callback per escaped character.
    if "\\" in text or "{" in text or "}" in text:
        text = _BRACES_RE.sub(lambda m: TEXT_ESCAPES[m[0]], text)
    for char, latex in _OTHER_ESCAPES:
        if char in text:
            text = text.replace(char, latex)
    return text


def escape(text: str | None) -> str:
    """Escaped text with real math kept as math (abstracts)."""
    return escape_cleaned(clean(text))


def escape_cleaned(text: str) -> str:
    """:func:`escape` for text already through :func:`clean` (entries are): no second pass."""
    if "$" not in text:
        return escape_plain(text)
    return "".join(piece if is_math else escape_plain(piece) for is_math, piece in segments(text))


# A word for case protection: letters and digits, joined by hyphens, slashes, apostrophes.
_WORD_RE = re.compile(r"[^\W_]+(?:['’/-][^\W_]+)*")


def needs_protection(word: str) -> bool:
    """Acronyms and camelCase (``ViT``, ``LLMs``, ``3D``, ``SparCL``, ``E2``) keep their case.

    Checked per hyphen part, so ``Hardware-Aware`` may be lower-cased by a style
    while ``LLM-based`` may not; a lone capital other than the article ``A`` too.
    """
    if word.isalpha() and word[1:].islower():
        return len(word) == 1 and word != "A" and word.isupper()  # the common case, fast
    for part in re.split(r"['’/-]", word):
        if any(ch.isupper() for ch in part[1:]):
            return True
        if part[:1].isupper() and any(ch.isdigit() for ch in part):
            return True
        if len(part) == 1 and part.isupper() and part != "A":
            return True
    return False


# needs_protection for ASCII text, where word characters are [A-Za-z0-9] and "’"
# cannot occur: a capital that makes its part keep its case, i.e. one after the
# part's first character, a leading one with a digit later in the part, or a lone
# one other than "A". One scan finds these in a title; most words have none.
_CASE_MARK_RE = re.compile(
    r"[A-Z](?:(?<=[A-Za-z0-9].)|[a-z]*[0-9]|(?<![A-Za-z0-9].)(?<=[B-Z])(?![A-Za-z0-9]))"
)
# The rest of a _WORD_RE word from inside one of its parts (ASCII).
_WORD_REST_RE = re.compile(r"[A-Za-z0-9]*(?:['/-][A-Za-z0-9]+)*")


def protected_spans(piece: str) -> Iterator[tuple[int, int]]:
    """Where the words of ``piece`` (not math) that keep their case are, in order."""
    if not piece.isascii():
        for m in _WORD_RE.finditer(piece):
            if needs_protection(m[0]):
                yield m.span()
        return
    end = 0
    for mark in _CASE_MARK_RE.finditer(piece):
        if mark.start() < end:
            continue  # in the word just given
        start = mark.start()  # back to the word's start, over parts joined by ' / -
        while start and (
            piece[start - 1].isalnum()
            or (start > 1 and piece[start - 1] in "'/-" and piece[start - 2].isalnum())
        ):
            start -= 1
        rest = _WORD_REST_RE.match(piece, mark.start())
        assert rest is not None  # the pattern matches the empty string
        end = rest.end()
        yield start, end


def title(text: str | None) -> str:
    """A title: escaped, math kept, case-sensitive words and math wrapped in braces.

    Adjacent protected pieces share one brace group: ``{SoD$^2$}``.
    """
    return title_cleaned(clean(text))


def title_cleaned(text: str) -> str:
    """:func:`title` for text already through :func:`clean`."""
    if "$" not in text:
        # No math (most titles): two words never touch, as each is as long as it can
        # be, so every protected word is a brace group of its own. Most titles have
        # nothing to escape either: one test instead of escaping every piece.
        escape = escape_plain if _SPECIAL_RE.search(text) else str  # str: as it is
        out: list[str] = []
        pos = 0
        for start, end in protected_spans(text):
            out += (escape(text[pos:start]), "{", text[start:end], "}")
            pos = end
        out.append(escape(text[pos:]))
        return "".join(out)
    pieces: list[tuple[bool, str]] = []  # (protected, latex)
    for is_math, piece in segments(text):
        if is_math:
            pieces.append((True, piece))
            continue
        pos = 0
        for start, end in protected_spans(piece):
            if start > pos:
                pieces.append((False, escape_plain(piece[pos:start])))
            pieces.append((True, piece[start:end]))
            pos = end
        if pos < len(piece):
            pieces.append((False, escape_plain(piece[pos:])))
    out = []
    group: list[str] = []
    for protected, latex in pieces:
        if protected:
            group.append(latex)
            continue
        if group:
            out.append("{" + "".join(group) + "}")
            group = []
        out.append(latex)
    if group:
        out.append("{" + "".join(group) + "}")
    return "".join(out)
