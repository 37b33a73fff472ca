"""RIS (EndNote, Zotero, Mendeley): one ``TAG  - value`` line per field, ``ER`` closes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .entries import Entry
from .persons import PersonName

TYPES = {"conference": "CONF", "journal": "JOUR", "preprint": "GEN"}


def ris_name(name: PersonName) -> str:
    """``Last, First, Suffix`` with the particle leading the last name."""
    parts = [name.family_full, name.given, name.suffix]
    while parts[-1] == "":
        parts.pop()
    return ", ".join(parts)


def lines(entry: Entry) -> list[tuple[str, str]]:
    out = [("TY", TYPES[entry.kind]), ("ID", entry.key)]
    out += [("AU", ris_name(n)) for n in entry.authors]
    out.append(("TI", entry.title))
    if entry.container:
        out.append(("T2", entry.container))
        if entry.kind == "journal" and entry.venue:
            out.append(("JO", entry.venue))
    if entry.year:
        out.append(("PY", str(entry.year)))
        if entry.month:
            day = f"{entry.day:02d}" if entry.day else ""
            out.append(("DA", f"{entry.year}/{entry.month:02d}/{day}/"))
    if entry.arxiv:
        out.append(("PB", "arXiv"))
        out.append(("M1", f"arXiv:{entry.arxiv}"))
        out.append(("DO", f"10.48550/arXiv.{entry.arxiv}"))
    if entry.arxiv_class:
        out.append(("KW", entry.arxiv_class))
    if entry.abstract:
        out.append(("AB", entry.abstract))
    if entry.url:
        out.append(("UR", entry.url))
    if entry.code and entry.code != entry.url:
        out.append(("UR", entry.code))
    if entry.truncated:
        out.append(("N1", "Author list truncated"))
    out.append(("ER", ""))
    return out


def chunks(entries: Iterable[Entry]) -> Iterator[str]:
    """The file in pieces: records separated by a blank line."""
    sep = ""
    for entry in entries:
        yield sep + "".join(f"{tag}  - {value}\n" for tag, value in lines(entry))
        sep = "\n"


def render(entries: Iterable[Entry]) -> str:
    return "".join(chunks(entries))
