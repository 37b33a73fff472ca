"""Dates as pages print them, and the ``[score]CATEGORY<date>[Code]`` metadata line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
# Month names start with a capital and continue in lower case, so a category in
# capitals that ends with a month's first letter ("MA" + "May") stays separate.
MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_RE = rf"(?P<month>{MONTH_RE}) (?P<day>\d{{1,2}})(?:, ?(?P<year>(?:19|20)\d\d))?"
_DATE_FULL = re.compile(rf"^{DATE_RE}$")
_META_RE = re.compile(
    rf"^(?P<score>\d{{1,4}}(?:\.\d+)?)?"
    rf"(?P<cat>(?:[a-z]{{2,8}}(?:-[a-z]{{2,8}})?\.)?[A-Z]{{2,}}(?:[-.][A-Z]{{1,}})*)?"
    rf"{DATE_RE}"
    rf"(?P<code>\s?Code)?$"
)


@dataclass(frozen=True, slots=True)
class Meta:
    score: float | None
    category: str | None
    date: str | None
    year: int | None
    year_inferred: bool
    has_code: bool
    # The line is a metadata line but its date does not exist ("Feb 30, 2023"):
    # the printed date, so the parser can say why ``date`` is empty.
    bad_date: str | None = None


@lru_cache(maxsize=4096)  # pure; a page repeats its few hundred dates
def resolve_date(
    month: str, day: str, year: str | None, saved: dt.date
) -> tuple[str | None, int | None, bool]:
    """ISO date, year, and whether the year was inferred from the save date.

    A date without a year is in the year the page was saved; if that would put
    it after the save date, it is from the year before (a page saved in January
    listing "Dec 30").
    """
    m = MONTHS[month.rstrip(".").lower()]
    d = int(day)
    inferred = year is None
    y = int(year) if year else saved.year
    try:
        value = dt.date(y, m, d)
    except ValueError:
        return None, None, False
    if inferred and value > saved:
        try:
            value = dt.date(y - 1, m, d)
        except ValueError:  # Feb 29
            return None, None, False
    return value.isoformat(), value.year, inferred


def parse_date(text: str, saved: dt.date) -> tuple[str | None, int | None, bool] | None:
    """``Mar 13`` / ``Nov 15, 2022`` -> (iso, year, inferred); ``None`` if not a date."""
    m = _DATE_FULL.match(text)
    if not m:
        return None
    return resolve_date(m["month"], m["day"], m["year"], saved)


def parse_meta(line: str, saved: dt.date) -> Meta | None:
    """``19.5ARNov 15, 2022`` / ``CVMar 15, 2023Code`` / ``91.1ROMar 17``; else ``None``."""
    if len(line) > 60:
        return None
    m = _META_RE.match(line)
    if not m:
        return None
    score, cat, month, day, year_text, code = m.group(
        "score", "cat", "month", "day", "year", "code"
    )
    iso, year, inferred = resolve_date(month, day, year_text, saved)
    bad_date = None
    if iso is None:
        # A line shaped like metadata is metadata even when its date cannot be
        # (it must not end up in an abstract); the date itself is left empty.
        # A lone impossible date is no evidence of a metadata line, though.
        if not (score or cat):
            return None
        bad_date = line[m.start("month") : m.end("year") if year_text else m.end("day")]
    return Meta(
        score=float(score) if score else None,
        category=cat,
        date=iso,
        year=year,
        year_inferred=inferred,
        has_code=bool(code),
        bad_date=bad_date,
    )
