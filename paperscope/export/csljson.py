"""CSL-JSON (the format citeproc, pandoc and Zotero read): plain text, no LaTeX."""

from __future__ import annotations

import json
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


def render(entries: list[Entry]) -> str:
    return json.dumps([item(e) for e in entries], ensure_ascii=False, indent=2) + "\n"
