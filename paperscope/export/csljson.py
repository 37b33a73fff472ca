"""CSL-JSON (the format citeproc, pandoc and Zotero read): plain text, no LaTeX."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .entries import Entry
from .persons import PersonName

TYPES = {"conference": "paper-conference", "journal": "article-journal", "preprint": "article"}


def csl_name(name: PersonName) -> dict[str, str]:
    out = {"family": name.family}
    if name.given:
        out["given"] = name.given
    if name.particle:
        out["non-dropping-particle"] = name.particle
    if name.suffix:
        out["suffix"] = name.suffix
    return out


def item(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {"id": entry.key, "type": TYPES[entry.kind], "title": entry.title}
    if entry.authors:
        data["author"] = [csl_name(n) for n in entry.authors]
    if entry.container:
        data["container-title"] = entry.container
        if entry.venue:
            data["container-title-short"] = entry.venue
    if entry.year:
        data["issued"] = {"date-parts": [[entry.year, *filter(None, (entry.month, entry.day))]]}
    if entry.arxiv:
        data["publisher"] = "arXiv"
        data["number"] = f"arXiv:{entry.arxiv}"
        data["DOI"] = f"10.48550/arXiv.{entry.arxiv}"
    elif entry.kind == "preprint":
        data["genre"] = "Preprint"
    notes = []
    if entry.truncated:
        notes.append("Author list truncated")
    if entry.arxiv_class:
        notes.append(f"arXiv category: {entry.arxiv_class}")
    if entry.code:
        notes.append(f"Code: {entry.code}")
    if notes:
        data["note"] = "; ".join(notes)
    if entry.url:
        data["URL"] = entry.url
    if entry.abstract:
        data["abstract"] = entry.abstract
    return data


def chunks(entries: Iterable[Entry]) -> Iterator[str]:
    """``json.dumps(items, indent=2)`` one item at a time: each item dumped alone and
    indented one level (JSON strings hold no raw newline, so every newline is layout)."""
    sep = None
    for entry in entries:
        text = json.dumps(item(entry), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield ("[\n  " if sep is None else sep) + text
        sep = ",\n  "
    yield "[]\n" if sep is None else "\n]\n"


def render(entries: Iterable[Entry]) -> str:
    return "".join(chunks(entries))
