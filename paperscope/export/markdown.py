"""A Markdown reading list; page text is escaped so it never turns into markup."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from .entries import Entry

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that can act.
_ACTIVE_RE = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$&=:^])")


def md_escape(text: str) -> str:
    return _ACTIVE_RE.sub(r"\\\1", text)


def md_url(url: str) -> str:
    """A link destination in ``<…>``: only ``<``, ``>``, spaces and newlines need encoding."""
    return "<" + "".join(f"%{ord(c):02X}" if c in "<> \n\\" else c for c in url) + ">"


def _names(entry: Entry) -> str:
    names = [" ".join(p for p in (n.given, n.family_full, n.suffix) if p) for n in entry.authors]
    if len(names) > 3 or (entry.truncated and names):
        return md_escape(", ".join(names[:3])) + " et al."
    return md_escape(", ".join(names))


def item(entry: Entry) -> str:
    head = f"- **{md_escape(entry.title) or '(untitled)'}**"
    details = [d for d in (_names(entry), md_escape(_where(entry))) if d]
    links = []
    if entry.url:
        links.append(f"[paper]({md_url(entry.url)})")
    if entry.code and entry.code != entry.url:
        links.append(f"[code]({md_url(entry.code)})")
    lines = [head, "  " + " · ".join([*details, *links, f"`{entry.key}`"])]
    if entry.abstract:
        lines.append("")
        lines.append("  > " + md_escape(entry.abstract))
    return "\n".join(lines) + "\n"


def _where(entry: Entry) -> str:
    venue = entry.venue if entry.kind != "preprint" else None
    if not venue and entry.arxiv:
        venue = f"arXiv:{entry.arxiv}"
    elif not venue and entry.arxiv_class:
        venue = f"arXiv {entry.arxiv_class}"
    return " ".join(str(x) for x in (venue, entry.year) if x)


def chunks(entries: Collection[Entry]) -> Iterator[str]:
    """The file in pieces: a heading with the count, then items separated by blank lines."""
    count = f"{len(entries)} paper" + ("s" if len(entries) != 1 else "")
    yield "# Reading list\n\n" + count + "\n\n"
    sep = ""
    for entry in entries:
        yield sep + item(entry)
        sep = "\n"


def render(entries: Collection[Entry]) -> str:
    return "".join(chunks(entries))
