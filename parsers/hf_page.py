"""Trending pages as Hugging Face shows them today: the furniture around each paper.

A saved copy of huggingface.co/papers carries, besides titles and abstracts,
upvote counts, ``· N authors``, the organisation a paper is filed under,
``Submitted by <user>``, the paper's date and its comment count -- and, when
the copy went through a Markdown or text-browser converter, the link syntax
around all of it. These lines are read here as data, so that none of them is
ever taken for a title or an abstract. Pages without them (the older shape)
never reach this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import DATE_RE

# Signs of the current page: link syntax left by a converter, or the page's
# own furniture words on a line of their own.
_MARKUP_RE = re.compile(r"\]\(https?://|\]\[\d+\]|^<a id=")
_FURNITURE_WORDS = frozenset({"Submitted by", "Upvote", "[Upvote", "·"})
_URL_LINE_RE = re.compile(r"^https?://\S+$")


def is_current_page(lines: list[str]) -> bool:
    """Whether the page is a copy of today's Hugging Face layout (not the older shape)."""
    return any(
        line in _FURNITURE_WORDS
        or _MARKUP_RE.search(line)
        or line.startswith("https://huggingface.co/")
        for line in lines[:400]
    )


_ANCHOR_RE = re.compile(r"^<a id=\"[^\"]*\"></a>$")
# Images: Markdown ``![alt](src)``, and the alt text converters leave
# (``[图片：kandinskylab]``, ``[图片：无替代文本]``, lynx's ``[[microsoft] Microsoft]``).
_IMAGE_RE = re.compile(
    r"!\[[^\]]*\]\([^)\s]*\)|\[(?:图片|image)[:：][^\]]*\]\s*|(?<=\[)\[[^\[\]]*\]\s*"
)
_LINK_RE = re.compile(r"\[([^\[\]]*)\](?:\([^)\s]*\)|\[\d+\])")
_OPEN_RE = re.compile(r"^\[(?=\S)|^\[$")
_CLOSE_RE = re.compile(r"\](?:\([^)\s]*\)|\[\d+\])$|^\]$")
_HEADING_RE = re.compile(r"^#{1,6} ")
_BULLET_RE = re.compile(r"^[-*] ")


# The upvote button links to the log-in page, the comment count to the
# paper's #community anchor: the link's target tells which number is which.
_UPVOTE_LINK_RE = re.compile(r"^\[(\d+|-)\]\(https://huggingface\.co/login\?next=[^)\s]*\)$")
# "[-] 19" in a text copy: the button's icon, then the count ("-" for none).
_UPVOTE_BUTTON_RE = re.compile(r"^\[-\] ?(\d+|-)$")
_COMMENTS_LINK_RE = re.compile(r"\[(\d+)\]\([^)\s]*#community\)$")


def unwrap(line: str) -> str:
    """A line with the link, image and heading syntax of a converter peeled off."""
    if _ANCHOR_RE.match(line):
        return ""
    if m := _UPVOTE_LINK_RE.match(line) or _UPVOTE_BUTTON_RE.match(line):
        return f"Upvote {m[1]}"
    line = _COMMENTS_LINK_RE.sub(r" \1", line)
    line = _IMAGE_RE.sub("", line)
    line = _LINK_RE.sub(r"\1", line)
    line = _HEADING_RE.sub("", line)
    # what is left of a link that spans several lines: "[" ... "](url)"
    line = _CLOSE_RE.sub("", _OPEN_RE.sub("", line)).strip()
    if line in ("-", "*"):
        return ""
    return " ".join(_BULLET_RE.sub("", line).split())


@dataclass(slots=True)
class Furniture:
    """One line of page furniture, read."""

    kind: str  # submitted, handle-next, upvote-label, upvotes, authors, date, number, skip
    value: str | None = None
    org: str | None = None
    date: str | None = None
    comments: int | None = None


_SUBMITTED_RE = re.compile(r"^Submitted by(?: (\S+))?$")
_UPVOTE_LABEL_RE = re.compile(r"^Upvote(?: (\d+|-))?$")
_AUTHORS_RE = re.compile(r"^(?:· ?)?(\d[\d,]*) authors?$")
# "Kandinsky Lab · Published on Oct 4, 2026", "· Published on Dec 28, 2024",
# "Oct 7, 2024", "Sep 3, 2024 2" (with its comment count)
_DATE_LINE_RE = re.compile(
    rf"^(?:(?P<org>[^·]*?) ?· ?)?(?:Published on )?(?P<date>{DATE_RE})(?: (?P<comments>\d+))?$"
)
_CODE_LINK_RE = re.compile(r"^(?:GitHub [\d.,]+k?)?(?: ?arXiv Page)?$")
_NAV = frozenset({"Daily", "Weekly", "Monthly", "Trending Papers", "Daily Papers", "Subscribe"})


def furniture(line: str) -> Furniture | None:
    """What a furniture line says; ``None`` for a line of text (title or abstract)."""
    if len(line) > 120:
        return None  # (every abstract) furniture lines are short
    if line == "·" or _URL_LINE_RE.match(line) or line in _NAV or _CODE_LINK_RE.match(line):
        return Furniture("skip")
    if m := _SUBMITTED_RE.match(line):
        return Furniture("submitted", m[1]) if m[1] else Furniture("handle-next")
    if m := _UPVOTE_LABEL_RE.match(line):
        if m[1] is None:
            return Furniture("upvote-label")
        return Furniture("upvotes", None if m[1] == "-" else m[1])
    if m := _AUTHORS_RE.match(line):
        return Furniture("authors", m[1].replace(",", ""))
    if m := _DATE_LINE_RE.match(line):
        org = (m["org"] or "").strip() or None
        comments = int(m["comments"]) if m["comments"] else None
        return Furniture("date", org=org, date=m["date"], comments=comments)
    if line.isdigit():
        return Furniture("number", line)
    return None


# A text browser wraps paragraphs at this width or a little less.
_WRAPPED = 60


def joined_lines(lines: list[str]) -> list[str]:
    """The page's non-blank lines, unwrapped, with a paragraph that a text browser
    wrapped over several lines (no blank line between them) joined again.

    Only text is joined, never furniture, and only after a long line: every
    other shape of the page puts a blank line between its lines.
    """
    out: list[str] = []
    prev_text = False  # the line before (with no blank between) was long text
    for raw in lines:
        line = unwrap(raw) if raw else ""
        if not line:  # a blank line, or only link syntax: the paragraph ended
            prev_text = False
            continue
        is_text = furniture(line) is None
        if prev_text and is_text and out and line != out[-1]:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        # a heading (a title) is one line however long: it never continues
        prev_text = is_text and len(out[-1]) >= _WRAPPED and not raw.startswith("#")
    return out
