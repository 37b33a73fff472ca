"""Person-name shapes, and splitting a title glued to its first author.

Feed pages print ``<title><First Author>, <Second>, <Third> et al. · affil`` with
no space between the title and the first name. Splitting at the last
lower->upper change is wrong for camelCase or acronym title endings
(``ShiftAddViT``, ``LLMs``), for names such as ``Jou-An Chen``, ``Yann LeCun``,
``J. R. Smith`` or ``Aäron van den Oord``. Instead every place where a name
could start is scored: the rest of the segment must be a plausible full name,
the title must end plausibly, and names known from elsewhere win.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

PARTICLES = frozenset(
    "van von der den de del della dei degli di da das dos do du le la lo "
    "bin ibn al el ten ter zu af av y e st.".split()
)
SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
# Surname prefixes followed by a capital: McDonald, MacKay, LeCun, DiCarlo, O'Brien.
CAP_PREFIXES = ("Mc", "Mac", "Le", "La", "De", "Di", "Da", "Du", "Van", "Von", "Fitz", "St")
APOSTROPHES = "'\u2019"
_DBLP_RE = re.compile(r"^\d{4}$")
ET_AL_RE = re.compile(r"(?:,\s*|\s+)et\.?\s+al\.?\s*$", re.IGNORECASE)
# Highest penalty a name may carry and still count as a name.
_MAX_PENALTY = 6


def _is_cap_word(part: str) -> bool:
    """``Yuan``, ``Ørsted``, ``Md`` — a capital then lower-case letters."""
    return len(part) >= 2 and part[0].isupper() and part[1:].isalpha() and part[1:].islower()


def _is_lower_word(part: str) -> bool:
    return part.isalpha() and part.islower()


def _is_initials(tok: str) -> bool:
    """``J.``, ``J.R.``, ``J.-P.``."""
    return bool(re.fullmatch(r"(?:[^\W\d_]\.-?)+", tok)) and all(
        c.isupper() for c in tok if c.isalpha()
    )


def _is_two_humps(tok: str) -> bool:
    """``JiaJun``: two capitalised words run together."""
    caps = [i for i, c in enumerate(tok) if c.isupper()]
    return (
        len(caps) == 2
        and caps[0] == 0
        and _is_cap_word(tok[: caps[1]])
        and _is_cap_word(tok[caps[1] :])
    )


def token_penalty(tok: str, position: str) -> int | None:
    """How unusual ``tok`` is as one word of a name; ``None`` if it cannot be one.

    ``position`` is ``first``, ``middle`` or ``last``.
    """
    if not tok:
        return None
    if _is_initials(tok):
        return 1 if position == "last" else 0
    if position != "first" and tok.casefold() in PARTICLES and tok.islower():
        return None if position == "last" else 0
    if position == "last" and tok in SUFFIXES:
        return 0
    if any(a in tok for a in APOSTROPHES):
        pieces = re.split(f"[{APOSTROPHES}]", tok)
        # O'Brien, D'Angelo, d'Alché
        if len(pieces) == 2 and len(pieces[0]) == 1 and pieces[0].isalpha():
            return 0 if _is_cap_word(pieces[1]) else None
        return None
    if "-" in tok:
        parts = tok.split("-")
        if not parts[0] or not parts[-1]:
            return None
        total = 0
        for i, part in enumerate(parts):
            if _is_cap_word(part) or (len(part) == 1 and part.isupper()):
                continue
            if i > 0 and _is_lower_word(part):  # Hong-yu
                total += 1
                continue
            sub = token_penalty(part, "middle")
            if sub is None or (i == 0 and not part[0].isupper()):
                return None
            total += sub
        return total
    if _is_cap_word(tok):
        return 0
    if len(tok) == 1 and tok.isupper():
        return 1 if position == "middle" else None
    for prefix in CAP_PREFIXES:
        if tok.startswith(prefix) and _is_cap_word(tok[len(prefix):]):
            return 1
    if _is_two_humps(tok):
        return 3  # JiaJun: possible, but rarer than a camelCase title word
    if position != "first" and len(tok) >= 2 and tok.isalpha() and tok.isupper():
        return 2  # surname in capitals
    return None


def name_penalty(name: str, *, first: bool = True) -> int | None:
    """How unusual ``name`` is as a person's full name; ``None`` if it is not one."""
    tokens = name.split(" ")
    if tokens and _DBLP_RE.match(tokens[-1]) and len(tokens) > 1:
        tokens = tokens[:-1]
    if not tokens or len(tokens) > 7 or any(not t for t in tokens):
        return None
    if len(tokens) == 1:
        if first:
            return None
        return 3 if _is_cap_word(tokens[0]) else None
    total = 0
    for i, tok in enumerate(tokens):
        position = "first" if i == 0 else "last" if i == len(tokens) - 1 else "middle"
        penalty = token_penalty(tok, position)
        if penalty is None:
            return None
        total += penalty
    # A name is mostly real words, not initials alone
    if all(_is_initials(t) for t in tokens):
        return None
    return total if total <= _MAX_PENALTY else None


def is_name(text: str) -> bool:
    return name_penalty(text, first=False) is not None


def _title_end_penalty(title: str) -> int | None:
    if not title.strip() or title.endswith((" ", "-")):
        return None
    last = title.rsplit(" ", 1)[-1]
    penalty = 0
    if len(last) >= 2 and last[-1] in APOSTROPHES and last[-2].isupper() and (
        len(last) == 2 or not last[-3].isalpha()
    ):
        penalty += 5  # "…O'" + "Brien": the apostrophe belongs to the name
    if re.search(r"(?:^|[^A-Za-z])[A-Z]\.$", last) or re.search(r"[a-z][A-Z]\.$", last):
        penalty += 5  # "…J." + "R. Smith": initials belong to the name
    return penalty


@dataclass(frozen=True, slots=True)
class GlueSplit:
    title: str
    first_author: str
    penalty: int
    ambiguous: bool  # another split scored the same


def split_glued(
    segment: str, known: Callable[[str], bool] = lambda _n: False
) -> GlueSplit | None:
    """Split ``<title><First Author>`` (no space between them)."""
    best: list[tuple[int, int, str, str]] = []
    for i in range(1, len(segment)):
        prev, ch = segment[i - 1], segment[i]
        if prev == " " or prev == "-" or not ch.isalpha():
            continue
        name = segment[i:]
        is_known = known(name)
        if not ch.isupper() and not is_known:
            continue
        penalty = name_penalty(name, first=True)
        if penalty is None:
            if not is_known:
                continue
            penalty = 2
        title = segment[:i]
        tpen = _title_end_penalty(title)
        if tpen is None:
            continue
        penalty += tpen
        if is_known:
            penalty -= 10
        best.append((penalty, i, title, name))
    if not best:
        return None
    best.sort()
    penalty, _i, title, name = best[0]
    ambiguous = len(best) > 1 and best[1][0] == penalty
    return GlueSplit(title.rstrip(), name, penalty, ambiguous)


@dataclass(slots=True)
class AuthorLine:
    """``A, B, C et al. · x, y`` taken apart."""

    authors: list[str]
    truncated: bool
    affiliations: list[str]
    rest: str  # text before the names that are certain (title + first author, if glued)


def split_affiliations(line: str) -> tuple[str, list[str]]:
    """``… et al. · harvard, meta-ai`` -> (``… et al.``, [``harvard``, ``meta-ai``])."""
    head, sep, tail = line.rpartition(" \u00b7 ")
    if not sep:
        return line, []
    affs = [a.strip() for a in tail.split(",") if a.strip()]
    return head.rstrip(), affs


def take_author_tail(line: str) -> AuthorLine:
    """Peel affiliations, ``et al.`` and trailing clean names off a line.

    Names are taken from the right while each comma-separated piece is a name;
    whatever is left (``rest``) is either empty (a pure author line) or holds the
    title glued to the first author.
    """
    text, affs = split_affiliations(line)
    truncated = False
    m = ET_AL_RE.search(text)
    if m:
        truncated = True
        text = text[: m.start()].rstrip()
    pieces = text.split(", ")
    tail: list[str] = []
    while len(pieces) > 1 and is_name(pieces[-1]):
        tail.append(pieces.pop())
    tail.reverse()
    return AuthorLine(tail, truncated, affs, ", ".join(pieces))


@dataclass(slots=True)
class GluedLine:
    """A feed line ``<title><A1>, <A2> et al. · affil`` taken apart."""

    title: str
    authors: list[str]
    truncated: bool
    affiliations: list[str]
    penalty: int
    ambiguous: bool


def split_glued_line(
    line: str, known: Callable[[str], bool] = lambda _n: False
) -> GluedLine | None:
    """Find the title/first-author boundary on a feed line; ``None`` if there is none.

    Every way of reading the trailing comma pieces as clean names is tried
    together with the glued split of what remains; the reading with the lowest
    total penalty wins (ties: more clean names). A title containing ``, `` or a
    piece that only looks like a name cannot fool it, because the glued split of
    the remainder must also succeed.
    """
    text, affs = split_affiliations(line)
    truncated = False
    m = ET_AL_RE.search(text)
    if m:
        truncated = True
        text = text[: m.start()].rstrip()
    pieces = text.split(", ")
    best: tuple[int, int, GlueSplit, list[str]] | None = None
    tail_penalty = 0
    for k in range(len(pieces)):
        if k:
            piece = pieces[-k]
            penalty = 0 if known(piece) else name_penalty(piece, first=False)
            if penalty is None:
                break
            tail_penalty += penalty
        glue = split_glued(", ".join(pieces[: len(pieces) - k]), known)
        if glue is None:
            continue
        cost = glue.penalty + tail_penalty
        if best is None or cost <= best[0]:
            best = (cost, k, glue, pieces[len(pieces) - k :] if k else [])
    if best is None:
        return None
    cost, _k, glue, tail = best
    return GluedLine(glue.title, [glue.first_author, *tail], truncated, affs, cost, glue.ambiguous)


def parse_author_line(line: str) -> AuthorLine | None:
    """A line that is nothing but authors (profile pages), else ``None``."""
    al = take_author_tail(line)
    if al.rest and is_name(al.rest):
        al.authors.insert(0, al.rest)
        al.rest = ""
    if al.rest or not al.authors:
        return None
    return al


def name_key(name: str) -> str:
    """Case-insensitive cluster key: DBLP number dropped, spacing folded."""
    tokens = name.split()
    if len(tokens) > 1 and _DBLP_RE.match(tokens[-1]):
        tokens = tokens[:-1]
    return " ".join(tokens).casefold()


def known_names_from(names: Iterable[str]) -> set[str]:
    return {name_key(n) for n in names if n}
