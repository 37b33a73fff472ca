"""What a BibTeX entry's fields mean for a paper: names, venue, year, identifiers.

``parsers.bibtex`` reads the file with bibtexparser; this module turns the
fields of one read entry (macros resolved, enclosing braces removed, LaTeX still
in place) into a ``Paper``. LaTeX is decoded here, field by field, with the
decoder of bibtexparser's ``LatexDecodingMiddleware`` (pylatexenc), because
identifiers must not go through it (a ``%`` in a URL would start a comment).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bibtexparser.middlewares import LatexDecodingMiddleware
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from .record import Paper

# Math stays verbatim (``SoD$^2$``, as the page formats keep it); protective braces go.
_DECODER = LatexDecodingMiddleware(keep_math_mode=True, keep_braced_groups=False)._decoder
# BibTeX itself never treats % as a comment inside a value, but LaTeX decoding would.
_BARE_PERCENT_RE = re.compile(r"(?<!\\)%")
# DBLP writes a literal caret as {\^{}}, which the decoder would drop; a private-use
# character carries it through.
_CARET_RE = re.compile(r"\{\\\^\{\}\}|\\\^\{\}")
_CARET = "\ue000"
_WS_RE = re.compile(r"\s+")
# \( ... \) is inline math as $ ... $ is; the project's titles spell math with dollars.
_PAREN_MATH_RE = re.compile(r"(?<!\\)\\[()]")


class DecodeFailed(ValueError):
    """The decoder could not read a value's LaTeX."""


@lru_cache(maxsize=1 << 14)  # names and venues repeat across a person's list
def decode(value: str) -> str:
    """LaTeX to text on one line: accents, escapes and braces resolved, math kept."""
    if "\\" not in value and "{" not in value and "%" not in value:
        return _WS_RE.sub(" ", value).strip()
    text = _CARET_RE.sub(_CARET, _BARE_PERCENT_RE.sub(r"\\%", value))
    text = _PAREN_MATH_RE.sub("$", text)
    try:
        text = _DECODER.latex_to_text(text)
    except Exception as exc:  # pylatexenc raises several kinds on broken input
        raise DecodeFailed(str(exc)) from exc
    return _WS_RE.sub(" ", text.replace(_CARET, "^")).strip()


def decode_or_plain(value: str, problems: list[str], what: str) -> str:
    """``decode``, or the value with braces dropped when the decoder gives up (noted)."""
    try:
        return decode(value)
    except DecodeFailed:
        problems.append(f"the LaTeX of its {what} could not be decoded; kept as written")
        return _WS_RE.sub(" ", value.replace("{", "").replace("}", "")).strip()


def person(raw: str, problems: list[str]) -> str:
    """One BibTeX name (``Last, First`` or ``First Last``) as pages print it: ``First von Last Jr``.

    The name is split into parts before decoding, so a braced corporate name or
    ``{\\O}stergaard`` stays one part; a DBLP number (``Sheng Li 0019``) stays at the end.
    """
    try:
        parts = parse_single_name_into_parts(raw, strict=False)
    except InvalidNameError:
        return decode_or_plain(raw, problems, "author list")
    words = [*parts.first, *parts.von, *parts.last, *parts.jr]
    return " ".join(w for w in (decode_or_plain(x, problems, "author list") for x in words) if w)


def persons(raw: str, problems: list[str]) -> tuple[list[str], bool]:
    """The author list and whether it ends in ``and others``."""
    names = [n for n in split_multiple_persons_names(raw) if n.strip()]
    truncated = bool(names) and names[-1].strip().lower() == "others"
    if truncated:
        names = names[:-1]
    return [p for p in (person(n, problems) for n in names) if p], truncated


# Entry type -> (venue_type, pub_type), for entries whose container is a venue.
_TYPES = {
    "inproceedings": ("Conference", "Conference Paper"),
    "conference": ("Conference", "Conference Paper"),
    "article": ("Journal", "Journal Article"),
}
_OTHER_PUB_TYPES = {
    "book": "Book",
    "incollection": "Book Chapter",
    "inbook": "Book Chapter",
    "phdthesis": "PhD Thesis",
    "mastersthesis": "Master's Thesis",
    "thesis": "Thesis",
    "techreport": "Technical Report",
    "report": "Technical Report",
    "proceedings": "Proceedings",
}
# "Journals" that are preprint servers: not a peer-reviewed venue, whatever the entry type.
_PREPRINT_VENUES = frozenset(
    v.casefold()
    for v in (
        "CoRR",
        "arXiv",
        "ArXiv",
        "arXiv preprint",
        "Electron. Colloquium Comput. Complex.",
        "Electronic Colloquium on Computational Complexity",
        "IACR Cryptol. ePrint Arch.",
        "bioRxiv",
        "medRxiv",
        "SSRN",
    )
)


def is_preprint_venue(venue: str) -> bool:
    folded = venue.casefold()
    return folded in _PREPRINT_VENUES or folded.startswith(("arxiv", "corr abs/"))


def venue(
    entry_type: str, fields: dict[str, str], problems: list[str]
) -> tuple[str | None, str | None, str | None]:
    """venue / venue_type / pub_type: the container as the entry names it, typed by the entry."""
    raw = fields.get("booktitle") if entry_type != "article" else None
    raw = raw or fields.get("journal") or fields.get("booktitle")
    name = decode_or_plain(raw, problems, "venue") if raw else None
    if name and is_preprint_venue(name):
        # A preprint server is where the paper was posted, not a venue that reviewed it.
        return name, None, None
    kinds = _TYPES.get(entry_type)
    if kinds and name:
        return name, kinds[0], kinds[1]
    return name, None, _OTHER_PUB_TYPES.get(entry_type)


_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ),
        start=1,
    )
    for m in names.split()
}
_YEAR_RE = re.compile(r"\d{4}")
_ISO_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def month_number(raw: str | None) -> int | None:
    if not raw:
        return None
    text = raw.strip().strip(".").lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return _MONTHS.get(text)


def year_and_date(fields: dict[str, str], problems: list[str]) -> tuple[int | None, str | None]:
    """The year, and an ISO date as precise as the entry (``2017-11``, never a made-up day)."""
    date = fields.get("date", "").strip()
    if m := _ISO_DATE_RE.fullmatch(date):
        year = int(m[1])
        if m[2] and not 1 <= int(m[2]) <= 12:
            problems.append(f"its date {date!r} is not a real date; only the year was kept")
            return year, None
        return year, date
    raw_year = fields.get("year", "").strip()
    if not raw_year:
        return None, None
    if not _YEAR_RE.fullmatch(raw_year):
        problems.append(f"its year {raw_year!r} is not a year; the year was left empty")
        return None, None
    year = int(raw_year)
    month = month_number(fields.get("month"))
    return year, f"{year:04d}-{month:02d}" if month else None


_DOI_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z-]+(?:\.[A-Za-z]{2})?/\d{7}"
_ARXIV_ID_RE = re.compile(rf"^(?:arxiv:\s*)?({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.IGNORECASE)
_CORR_VOLUME_RE = re.compile(rf"^(?:abs/)?({_ARXIV_NEW}|{_ARXIV_OLD})$")
_ARXIV_URL_RE = re.compile(
    rf"arxiv\.org/(?:abs|pdf)/({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?", re.IGNORECASE
)
_ARXIV_DOI_RE = re.compile(rf"^10\.48550/arxiv\.({_ARXIV_NEW}|{_ARXIV_OLD})$", re.IGNORECASE)


def plain(value: str | None) -> str | None:
    """An identifier's text: braces and blanks gone, LaTeX escapes of ``_ % & #`` undone."""
    if not value:
        return None
    text = re.sub(r"\\([_%&#$~])", r"\1", value).replace("{", "").replace("}", "")
    return "".join(text.split()) or None


def doi(fields: dict[str, str]) -> str | None:
    value = plain(fields.get("doi"))
    return _DOI_RE.sub("", value) if value else None


def arxiv_id(fields: dict[str, str], the_doi: str | None, url: str | None) -> str | None:
    """From ``eprint`` (arXiv prefix or type), a CoRR volume, an arXiv DOI, or an arXiv URL."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    eprint = plain(fields.get("eprint"))
    if eprint and (m := _ARXIV_ID_RE.match(eprint)) and prefix in ("arxiv", ""):
        return m[1]
    journal = (fields.get("journal") or "").strip().casefold()
    if journal in ("corr", "arxiv") and (
        m := _CORR_VOLUME_RE.match(plain(fields.get("volume")) or "")
    ):
        return m[1]
    if the_doi and (m := _ARXIV_DOI_RE.match(the_doi)):
        return m[1]
    if url and (m := _ARXIV_URL_RE.search(url)):
        return m[1]
    return None


def links(url: str | None, the_doi: str | None, arxiv: str | None) -> list[str]:
    """The entry's URL, then the DOI and arXiv pages it names (export finds arXiv ids in links)."""
    out = [url] if url else []
    if the_doi and not any(the_doi.casefold() in link.casefold() for link in out):
        out.append(f"https://doi.org/{the_doi}")
    if arxiv and not any((m := _ARXIV_URL_RE.search(link)) and m[1] == arxiv for link in out):
        out.append(f"https://arxiv.org/abs/{arxiv}")
    return out


def to_paper(
    key: str, entry_type: str, fields: dict[str, str], problems: list[str]
) -> Paper | None:
    """The paper an entry describes; None when it has no title (noted in ``problems``)."""
    raw_title = fields.get("title", "").strip()
    title = decode_or_plain(raw_title, problems, "title") if raw_title else ""
    if not title:
        problems.append("it has no title; skipped")
        return None
    authors, truncated = persons(fields.get("author", ""), problems)
    year, date = year_and_date(fields, problems)
    the_doi = doi(fields)
    url = plain(fields.get("url"))
    arxiv = arxiv_id(fields, the_doi, url)
    abstract = fields.get("abstract", "").strip()
    category = plain(fields.get("primaryclass"))
    venue_name, venue_type, pub_type = venue(entry_type, fields, problems)
    return Paper(
        title=title,
        authors=authors,
        authors_truncated=truncated,
        venue=venue_name,
        venue_type=venue_type,
        pub_type=pub_type,
        year=year,
        date=date,
        category=category,
        abstract=decode_or_plain(abstract, problems, "abstract") or None if abstract else None,
        links=links(url, the_doi, arxiv),
        key=key,
        doi=the_doi,
        arxiv_id=arxiv,
        url=url,
        entry_type=entry_type,
    )
