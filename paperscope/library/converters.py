"""Converters between records and TinyDB documents: the one place that knows both.

Widgets, export and the command line get ``LibraryPaper`` records; the files hold
TinyDB documents (elia's ``database/converters.py`` beside its manager).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from json.encoder import encode_basestring as _json_string
from typing import Any

import orjson

from ..records import VIEW_FIELDS, LibraryPaper, Source, UserLayer


def _source_to_doc(src: Source) -> dict[str, Any]:
    # Spelt out, not a loop over _SOURCE_FIELDS: this runs for every source at a save.
    return {
        "file": src.file,
        "sha256": src.sha256,
        "format": src.format,
        "subject": src.subject,
        "page_key": src.page_key,
        "position": src.position,
        "imported_at": src.imported_at,
        "record": src.record,
        "seen": src.seen,
    }


def paper_to_doc(
    paper: LibraryPaper, extra: Extra | None = None, copy: bool = False
) -> dict[str, Any]:
    """The paper's document; with ``copy``, one that shares nothing with the paper (a
    snapshot for the history: the paper's lists and records change after)."""
    if copy:
        detached: dict[str, Any] = orjson.loads(orjson.dumps(paper_to_doc(paper, extra)))
        return detached
    doc: dict[str, Any] = {"id": paper.id}
    for name in VIEW_FIELDS:
        doc[name] = getattr(paper, name)
    # A source's abstract is stored only where it differs from the merged one.
    sources = []
    for src in paper.sources:
        sdoc = _source_to_doc(src)
        if src.record.get("abstract") == paper.abstract:
            record = sdoc["record"] = src.record.copy()
            record.pop("abstract", None)
        sources.append(sdoc)
    doc["sources"] = sources
    doc["marked"] = paper.marked
    doc["added_at"] = paper.added_at
    if paper.user:  # left out when empty: a library without a user layer reads as before
        doc["user"] = paper.user.to_doc()
    if extra is not None:  # fields a later version wrote, kept while the paper is unchanged
        doc.update(extra.paper)
        for sdoc, more in zip(sources, extra.sources, strict=False):
            if more:
                sdoc.update(more)
    return doc


def disk_doc(paper: LibraryPaper, extra: Extra | None) -> dict[str, Any]:
    """``paper_to_doc`` for the file. Abstracts that are not ASCII go in pre-encoded:
    serialising a str caches its UTF-8 copy in it for good (CPython), which would
    add a second copy of most abstracts to the memory of the app after one save."""
    doc = paper_to_doc(paper, extra)
    if paper.abstract and not paper.abstract.isascii():
        doc["abstract"] = _encoded(paper.abstract)
    for sdoc in doc["sources"]:
        text = sdoc["record"].get("abstract")
        if text and not text.isascii():
            sdoc["record"] = {**sdoc["record"], "abstract": _encoded(text)}
    return doc


def _encoded(text: str) -> orjson.Fragment:
    return orjson.Fragment(_json_string(text).encode())


@dataclass(slots=True)
class Extra:
    """Document fields this version does not know, from the file: written back as read."""

    paper: dict[str, Any]
    sources: list[dict[str, Any] | None]


_PAPER_KEYS = frozenset(("id", *VIEW_FIELDS, "sources", "marked", "added_at", "user"))
_SOURCE_FIELDS = (
    "file",
    "sha256",
    "format",
    "subject",
    "page_key",
    "position",
    "imported_at",
    "record",
    "seen",
)
_SOURCE_KEYS = frozenset(_SOURCE_FIELDS)
# paper_from_doc builds records positionally (it is the hot loop of opening a
# library): a field added to them must be added there too, so say so at once.
_ORDER = ["id", *VIEW_FIELDS, "sources", "marked", "added_at", "user"]
if [f.name for f in fields(LibraryPaper)] != _ORDER:
    raise RuntimeError("paperscope.records.LibraryPaper changed: update paper_from_doc")
if tuple(f.name for f in fields(Source)) != _SOURCE_FIELDS:
    raise RuntimeError("paperscope.records.Source changed: update paper_from_doc")


def _extra(doc: dict[str, Any]) -> Extra:
    """Fields of a document and its sources that this version does not know."""
    sources = doc.get("sources") or ()
    return Extra(
        paper={k: v for k, v in doc.items() if k not in _PAPER_KEYS},
        sources=[{k: v for k, v in s.items() if k not in _SOURCE_KEYS} or None for s in sources],
    )


# Short strings that repeat across papers: one object each (see paper_from_doc).
_SMALL = ("venue", "venue_type", "pub_type", "date", "category", "added_at")


def paper_from_doc(
    doc: dict[str, Any], shared: dict[str, Any]
) -> tuple[LibraryPaper, Extra | None]:
    """The paper of a stored document (and its unknown fields), built from the document's
    own objects.

    The document is read from the file for this and dropped after, so its
    values are taken as they are, with one object for equal values: names,
    venues, dates and the like (``shared`` interns them across the library:
    a person's name is one string however many papers list it), and a
    record's value the view's when they are equal. At 100,000 papers that is
    about a fifth of the library's memory. Positional arguments: this runs
    100,000 times when a big library opens.
    """
    get: Callable[[str], Any] = doc.get
    one = shared.setdefault
    title, abstract = get("title"), get("abstract")
    authors = [one(a, a) for a in get("authors") or ()]
    affiliations = [one(a, a) for a in get("affiliations") or ()]
    links = get("links")
    if type(links) is not list:
        links = list(links or [])
    view = {"title": title, "authors": authors, "affiliations": affiliations, "links": links}
    for name in _SMALL:
        value = get(name)
        view[name] = value if value is None else one(value, value)
    sources = []
    odd = not doc.keys() <= _PAPER_KEYS
    for s in get("sources") or ():
        odd = odd or not s.keys() <= _SOURCE_KEYS
        record = s.get("record")
        if type(record) is not dict:
            record = dict(record or {})
        for key, value in record.items():
            same = view.get(key)
            if same is not None and value == same and type(value) is type(same):
                record[key] = same
            elif type(value) is str and key != "abstract":
                record[key] = one(value, value)
            elif type(value) is list:
                record[key] = [one(x, x) if type(x) is str else x for x in value]
        record.setdefault("abstract", abstract)  # left out of the file when the same
        seen = s.get("seen")
        subject = s.get("subject")
        sources.append(
            Source(
                one(s["file"], s["file"]),
                one(s["sha256"], s["sha256"]),
                one(s["format"], s["format"]),
                subject if subject is None else one(subject, subject),
                one(s["page_key"], s["page_key"]),
                s["position"],
                one(s["imported_at"], s["imported_at"]),
                record,
                seen if seen is None else one(seen, seen),
            )
        )
    paper = LibraryPaper(
        doc["id"],
        title,
        authors,
        bool(get("authors_truncated")),
        affiliations,
        view["venue"],
        view["venue_type"],
        view["pub_type"],
        get("year"),
        view["date"],
        view["category"],
        get("score"),
        get("has_code"),
        abstract,
        links,
        bool(get("year_inferred")),
        sources,
        bool(get("marked")),
        view["added_at"] or "",
        UserLayer.from_doc(get("user")),
    )
    return paper, (_extra(doc) if odd else None)
