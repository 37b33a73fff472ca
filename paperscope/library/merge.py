"""Deciding that two sightings are one paper, and building the merged view.

Rules (DESIGN.md): match on the normalised title, exactly or fuzzily, guarded
by year and author agreement; the fullest author list and the peer-reviewed
venue win; nothing a source said is thrown away (each source keeps its record).
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from parsers.names import name_key

from ..records import CORRECTABLE, LibraryPaper

PEER_REVIEWED = ("Conference", "Journal", "Workshop")
# Titles this similar (0-100, on normalised titles) may be the same paper...
FUZZY_TITLE = 92.0
# ...when their years are this close (arXiv first, proceedings a year or two later).
YEAR_SLACK = 2


def _years(rec: dict[str, Any]) -> int | None:
    return rec.get("year")


def _author_keys(rec: dict[str, Any]) -> set[str]:
    return {name_key(a) for a in rec.get("authors") or []}


def _surnames(rec: dict[str, Any]) -> set[str]:
    return {k.rsplit(" ", 1)[-1] for k in _author_keys(rec)}


_ROMAN = frozenset("i ii iii iv v vi vii viii ix x".split())


_DIGIT_RE = re.compile(r"[0-9]")


def title_numbers(key: str) -> list[str]:
    """Tokens that tell versions apart: "Part 2" vs "Part 3", "YOLOv4" vs "YOLOv5", "II"."""
    tokens = key.split()
    if key.isascii():  # normalised titles are: a regex instead of a loop per character
        if _DIGIT_RE.search(key) is None:
            return sorted(t for t in tokens if t in _ROMAN)
        return sorted(t for t in tokens if t in _ROMAN or _DIGIT_RE.search(t))
    return sorted(t for t in tokens if any(c.isdigit() for c in t) or t in _ROMAN)


def same_paper(a: dict[str, Any], b: dict[str, Any], key_a: str, key_b: str) -> bool:
    """Whether two records (view or source) describe the same paper."""
    ya, yb = _years(a), _years(b)
    years_agree = ya is None or yb is None or abs(ya - yb) <= YEAR_SLACK
    sa, sb = _surnames(a), _surnames(b)
    authors_agree = not sa or not sb or bool(sa & sb)
    if key_a == key_b:
        # Same title: only a clash of both year and authors says otherwise.
        return years_agree or authors_agree
    if not key_a or not key_b:
        return False
    if fuzz.ratio(key_a, key_b) < FUZZY_TITLE or title_numbers(key_a) != title_numbers(key_b):
        return False
    return years_agree and authors_agree


def _fullest_authors(records: list[dict[str, Any]]) -> tuple[list[str], bool]:
    best = max(
        records,
        key=lambda r: (
            len(r.get("authors") or []),
            not r.get("authors_truncated"),
            r.get("venue_type") in PEER_REVIEWED,
        ),
    )
    authors = list(best.get("authors") or [])
    if not any(name_key(a) != a.casefold() for rec in records for a in rec.get("authors") or ()):
        return authors, bool(best.get("authors_truncated"))  # no number to carry over
    # Keep DBLP disambiguation numbers any source gave for the same name.
    numbered: dict[str, str] = {}
    for rec in records:
        for a in rec.get("authors") or []:
            if name_key(a) != a.casefold():
                numbered.setdefault(name_key(a), a)
    authors = [numbered.get(a.casefold(), a) if name_key(a) == a.casefold() else a for a in authors]
    return authors, bool(best.get("authors_truncated"))


def _union(records: list[dict[str, Any]], field: str) -> list[str]:
    seen: dict[str, None] = {}
    for rec in records:
        for item in rec.get(field) or []:
            seen.setdefault(item, None)
    return list(seen)


def build_view(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The merged view of one paper from the records of all its sources (in import order)."""
    peer = [r for r in records if r.get("venue_type") in PEER_REVIEWED]
    lead = peer[0] if peer else records[0]
    authors, truncated = _fullest_authors(records)
    dated = [r for r in records if r.get("date")]
    dated.sort(key=lambda r: (bool(r.get("year_inferred")), r["date"]))
    date_rec = dated[0] if dated else None
    year = lead.get("year") if peer else None
    year_inferred = False
    if year is None:
        year_rec = date_rec or next((r for r in records if r.get("year")), None)
        if year_rec is not None:
            year = year_rec.get("year")
            year_inferred = bool(year_rec.get("year_inferred"))
    scores = [r["score"] for r in records if r.get("score") is not None]
    codes = [r.get("has_code") for r in records if r.get("has_code") is not None]
    abstracts = [r["abstract"] for r in records if r.get("abstract")]
    return {
        "title": lead["title"],
        "authors": authors,
        "authors_truncated": truncated,
        "affiliations": _union(records, "affiliations"),
        "venue": lead.get("venue") if peer else None,
        "venue_type": lead.get("venue_type") if peer else None,
        "pub_type": lead.get("pub_type") if peer else None,
        "year": year,
        "date": date_rec["date"] if date_rec else None,
        "category": next((r["category"] for r in records if r.get("category")), None),
        "score": max(scores) if scores else None,
        "has_code": any(codes) if codes else None,
        "abstract": max(abstracts, key=len) if abstracts else None,
        "links": _union(records, "links"),
        "year_inferred": year_inferred,
    }


def source_values(paper: LibraryPaper) -> dict[str, Any]:
    """The sources' own merged values of the fields a user may correct (what the
    paper says without the user's corrections: shown on request)."""
    view = build_view([s.record for s in paper.sources])
    return {name: view.get(name) for name in CORRECTABLE}
