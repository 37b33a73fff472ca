"""Person-name shapes, and splitting a title glued to its first author.

Feed pages print ``<title><First Author>, <Second>, <Third> et al. · affil`` with
no space between the title and the first name. Splitting at the last
lower->upper change is wrong for camelCase or acronym title endings
(``ShiftAddViT``, ``LLMs``), for names such as ``Jou-An Chen``, ``Yann LeCun``,
``J. R. Smith`` or ``Aäron van den Oord``. Instead every place where a name
could start is scored: the rest of the segment must be a plausible full name,
the title must end plausibly, and names known from elsewhere win.

What shape alone cannot settle (tests: ``KNOWN_CASES`` in
``tests/test_parsers_feed_split.py``), and how it reads without help:

- a first author whose given name has a second capital (``KyungHyun Cho``):
  read as ``Hyun Cho`` after a title ending in ``…Kyung``, exactly as
  ``…MobileNet`` + ``Andrew Howard`` must be read; a camelCase title word is
  far more common than such a name. The feed parser reads the line again
  with the names of the page (``KyungHyun Cho`` as a second author elsewhere)
  and the library's names, which settle it;
- a first author in lower case (``danah boyd``) or of one word (``OpenAI``):
  found only when known; otherwise the line has no reading. After the first
  name, such names are accepted on profile author lines next to clear names;
- a title without authors whose last words look like a glued name
  (``…at MobileNet Speed`` reads as author ``Net Speed``);
- names whose words are not capitalised words, initials or particles
  (``Seán Ó hÉigeartaigh``), and scripts without letter case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

PARTICLES = frozenset(
    "van von der den de del della dei degli di da das dos do du le la lo "
    "bin ibn al el ten ter zu af av y e st.".split()
)
SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
# Surname prefixes followed by a capital: McDonald, MacKay, LeCun, DiCarlo, O'Brien.
CAP_PREFIXES = ("Mc", "Mac", "Le", "La", "De", "Di", "Da", "Du", "Van", "Von", "Fitz", "St")
APOSTROPHES = "'\u2019"
_DBLP_RE = re.compile(r"^\d{4}$")
# Possessive blanks, and no start inside a run of them: linear on any line.
ET_AL_RE = re.compile(r"(?:,\s*+|(?<!\s)\s++)et\.?\s++al\.?\s*+$", re.IGNORECASE)
# Highest penalty a name may carry and still count as a name.
_MAX_PENALTY = 6


def _is_cap_word(part: str) -> bool:
    """``Yuan``, ``Ørsted``, ``Md`` — a capital then lower-case letters."""
    return len(part) >= 2 and part[0].isupper() and part[1:].isalpha() and part[1:].islower()


def _is_lower_word(part: str) -> bool:
    return part.isalpha() and part.islower()


_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.-?)+")
_APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")


def _is_initials(tok: str) -> bool:
    """``J.``, ``J.R.``, ``J.-P.``."""
    return (
        "." in tok
        and bool(_INITIALS_RE.fullmatch(tok))
        and all(c.isupper() for c in tok if c.isalpha())
    )


def _is_two_humps(tok: str) -> bool:
    """``JiaJun``: two capitalised words run together."""
    if not tok[:1].isupper():
        return False
    caps = [i for i, c in enumerate(tok) if c.isupper()]
    return (
        len(caps) == 2
        and caps[0] == 0
        and _is_cap_word(tok[: caps[1]])
        and _is_cap_word(tok[caps[1] :])
    )


@lru_cache(maxsize=1 << 16)  # pure, and the same words come back on every line
def token_penalty(tok: str, position: str) -> int | None:
    """How unusual ``tok`` is as one word of a name; ``None`` if it cannot be one.

    ``position`` is ``first``, ``middle`` or ``last``.
    """
    if not tok:
        return None
    if _is_cap_word(tok):
        return 0  # the common case; none of the rules before it applies to one
    if _is_initials(tok):
        return 1 if position == "last" else 0
    if position != "first" and tok.casefold() in PARTICLES and tok.islower():
        return None if position == "last" else 0
    if position == "last" and tok in SUFFIXES:
        return 0
    if "'" in tok or "\u2019" in tok:  # APOSTROPHES
        pieces = _APOSTROPHE_RE.split(tok)
        if len(pieces) != 2 or not _is_cap_word(pieces[1]):
            return None
        # O'Brien, D'Angelo, d'Alché
        if len(pieces[0]) == 1 and pieces[0].isalpha():
            return 0
        # Marc'Aurelio, N'Golo: two capitalised words joined by an apostrophe
        return 1 if _is_cap_word(pieces[0]) else None
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
    if len(tok) == 1 and tok.isupper():
        return 1 if position == "middle" else None
    if tok.startswith(CAP_PREFIXES):
        for prefix in CAP_PREFIXES:
            if tok.startswith(prefix) and _is_cap_word(tok[len(prefix) :]):
                return 1
    if _is_two_humps(tok):
        return 3  # JiaJun: possible, but rarer than a camelCase title word
    if position != "first" and len(tok) >= 2 and tok.isalpha() and tok.isupper():
        return 2  # surname in capitals
    if len(tok) == 2 and tok.isalpha() and tok.isupper():
        return 2  # a given name written as two capitals: "AJ Piergiovanni", "TJ Smith"
    return None


@lru_cache(maxsize=1 << 16)
def name_penalty(name: str, *, first: bool = True) -> int | None:
    """How unusual ``name`` is as a person's full name; ``None`` if it is not one."""
    tokens = name.split(" ")
    if len(tokens) > 1 and tokens[-1][:1].isdigit() and _DBLP_RE.match(tokens[-1]):
        tokens = tokens[:-1]
    if not tokens or len(tokens) > 7 or "" in tokens:
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
        if not first and penalty == 3 and _is_two_humps(tok):
            # Between commas a name's edges are certain, so "KyungHyun" cannot be
            # a camelCase title word there: only a little unusual.
            penalty = 1
        total += penalty
    # A name is mostly real words, not initials alone (which have dots)
    if "." in name and all(_is_initials(t) for t in tokens):
        return None
    return total if total <= _MAX_PENALTY else None


def is_name(text: str) -> bool:
    return name_penalty(text, first=False) is not None


# A camelCase title word rarely ends in one of these humps, but a first name
# often starts with one: "…An OverviewDeLiang Wang" is "DeLiang Wang", not
# "Liang Wang" after a title ending in "OverviewDe".
_PREFIX_HUMP_RE = re.compile(rf"[a-z](?:{'|'.join(CAP_PREFIXES)})$")
_INITIAL_END_RE = re.compile(r"(?:^|[^A-Za-z])[A-Z]\.$")
_HUMP_INITIAL_END_RE = re.compile(r"[a-z][A-Z]\.$")


def _title_end_penalty(title: str) -> int | None:
    if not title or title.isspace() or title.endswith((" ", "-")):
        return None
    last = title[title.rfind(" ") + 1 :]
    penalty = 0
    if last[-1] in APOSTROPHES:
        # "…O'" + "Brien", "…Marc'" + "Aurelio": an apostrophe with no opening
        # quote before it in the title belongs to the name, not to the title.
        opened = title.count("\u2018") if last[-1] == "\u2019" else title.count("'") - 1
        if opened < 1:
            penalty += 5
    if last.endswith((".", ".\n")) and (  # what "\.$" can match
        _INITIAL_END_RE.search(last) or _HUMP_INITIAL_END_RE.search(last)
    ):
        penalty += 5  # "…J." + "R. Smith": initials belong to the name
    if last.rstrip("\n").endswith(CAP_PREFIXES) and _PREFIX_HUMP_RE.search(last):
        penalty += 2
    if len(title) < 4 and " " not in title:
        penalty += 3  # "De" + "Liang Wang": a pure author line is not a title
    if ", " in title and " " not in title[title.rfind(", ") + 2 :]:
        # "…TranslateDzmitry Bahdanau, Kyung" + "Hyun Cho": a title rarely ends
        # in a comma and one word; such a reading has eaten an author.
        penalty += 2
    return penalty


@dataclass(frozen=True, slots=True)
class GlueSplit:
    title: str
    first_author: str
    penalty: int
    ambiguous: bool  # another split scored the same
    # The other first authors this segment could have (a known name may pick one).
    others: tuple[str, ...] = ()


# A name has at most this many words, so its start lies in one of the last ones.
_MAX_NAME_WORDS = 7
# Names looked up among the known ones (any shape, e.g. "danah boyd") are shorter.
_MAX_KNOWN_WORDS = 4


# A name found by its shape starts with an upper-case letter of any script in
# the Basic Multilingual Plane (below this); the capitals beyond it are
# mathematical and historic letters, not how a name is written.
_FIRST_NON_BMP = "\U00010000"


def split_glued(segment: str, known: Callable[[str], bool] | None = None) -> GlueSplit | None:
    """Split ``<title><First Author>`` (no space between them).

    Every position inside one of the last words where a name could start is
    scored (name shape + how the title would end); names known from elsewhere
    win. The boundary is never right after a space (the site glues the name to
    the title) nor after a hyphen (``Djork-Arné`` is one name).
    """
    return _best_split(segment, _candidates(segment, known))


def _candidates(segment: str, known: Callable[[str], bool] | None) -> list[tuple[int, bool]]:
    """Where in ``segment`` a first author may start, and whether that name is known."""
    # Only the last words can hold the start of a name; the rest of the title
    # (``words[0]`` when it was not split further) is never looked into.
    words = segment.rsplit(" ", _MAX_NAME_WORDS)
    lead = 1 if len(words) > _MAX_NAME_WORDS else 0
    n = len(words)
    end = len(segment)
    # Only a candidate whose following words are all name words can have a name
    # shape; other candidates are only looked up among the known names (at most
    # _MAX_KNOWN_WORDS words, never across a comma). This keeps the work per
    # line small and bounded, which matters on 50,000-line inputs.
    shape_from = n - 1
    while shape_from > lead and n - shape_from < _MAX_NAME_WORDS:
        word = words[shape_from]
        position = "last" if shape_from == n - 1 else "middle"
        if not (token_penalty(word, position) is not None or _DBLP_RE.match(word)):
            break
        shape_from -= 1
    # where words[k] starts, counted from the end (the segment is " ".join(words))
    shape_start = end - sum(map(len, words[shape_from:])) - (n - 1 - shape_from)
    known_start = end  # no position is looked up
    known_from = n
    if known is not None:
        known_from = n - 1
        while (
            known_from > lead
            and n - known_from < _MAX_KNOWN_WORDS
            and ("," not in words[known_from - 1])
        ):
            known_from -= 1
        known_start = end - sum(map(len, words[known_from:])) - (n - 1 - known_from)
    # Where a name may start, and whether it is a known one. The boundary is
    # never right after a space or hyphen, and a name starts with a letter.
    picked: list[tuple[int, bool]] = []
    at = shape_start
    for word in words[shape_from:known_from]:  # capitals before the looked-up words
        # A word's first letter follows a space; a word without another capital
        # (nearly all) has no candidate.
        if not word[1:].islower():
            for i in range(at + 1, at + len(word)):
                ch = segment[i]
                if ch.isupper() and ch < _FIRST_NON_BMP and segment[i - 1] not in " -":
                    if ch.isalpha():
                        picked.append((i, False))
        at += len(word) + 1
    prev = segment[known_start - 1] if known_start else " "
    for i, ch in enumerate(segment[known_start:], known_start):
        # every position here is looked up: known names may have any shape
        if prev not in " -" and ch.isalpha():
            if known(segment[i:]):  # type: ignore[misc]
                picked.append((i, True))
            elif ch.isupper():
                picked.append((i, False))
        prev = ch
    return picked


def _best_split(segment: str, picked: list[tuple[int, bool]]) -> GlueSplit | None:
    """The best of the candidate boundaries: name shape, known name, title ending."""
    best: list[tuple[int, int, str, str]] = []
    for i, is_known in picked:
        name = segment[i:]
        penalty = name_penalty(name)
        shaped = penalty is not None
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
            # A known name of ordinary shape wins outright. A known name no shape
            # rule accepts (``danah boyd``) only breaks ties: otherwise one bad
            # name in the library ("yu O'Brien") would split "Haoyu O'Brien"
            # inside a word on every later page, and reinforce itself.
            penalty -= 10 if shaped else 2
        best.append((penalty, i, title, name))
    if not best:
        return None
    if len(best) == 1:  # the common case
        penalty, _i, title, name = best[0]
        return GlueSplit(title.rstrip(), name, penalty, False, ())
    best.sort()
    penalty, _i, title, name = best[0]
    ambiguous = best[1][0] == penalty
    return GlueSplit(title.rstrip(), name, penalty, ambiguous, tuple([b[3] for b in best[1:]]))


@dataclass(slots=True)
class AuthorLine:
    """``A, B, C et al. · x, y`` taken apart."""

    authors: list[str]
    truncated: bool
    affiliations: list[str]
    rest: str  # text before the names that are certain (title + first author, if glued)


AFFILIATION_SEP = " \u00b7 "


def _affiliation_readings(line: str) -> list[tuple[str, list[str]]]:
    """Ways to cut ``… et al. · harvard, meta-ai`` into names and affiliations.

    The names end at the first `` · `` (affiliations may be separated by more of
    them), unless the title itself holds one; so every separator is offered
    from the left, and last the whole line with no affiliations.
    """
    if "\u00b7" not in line:  # (most lines) found far faster than AFFILIATION_SEP
        return [(line, [])]
    readings: list[tuple[str, list[str]]] = []
    at = line.find(AFFILIATION_SEP)
    while at != -1:
        tail = line[at + len(AFFILIATION_SEP) :].replace(AFFILIATION_SEP, ",")
        affs = [a.strip() for a in tail.split(",") if a.strip()]
        readings.append((line[:at].rstrip(), affs))
        at = line.find(AFFILIATION_SEP, at + 1)
    readings.append((line, []))
    return readings


def split_affiliations(line: str) -> tuple[str, list[str]]:
    """``… et al. · harvard, meta-ai`` -> (``… et al.``, [``harvard``, ``meta-ai``])."""
    return _affiliation_readings(line)[0]


def _strip_et_al(text: str) -> tuple[str, bool]:
    # Only text ending in "al" or "al." (and blanks) can match; the search itself
    # would try every blank of a long abstract first.
    if not text.rstrip()[-3:].lower().endswith(("al", "al.")):
        return text, False
    # Its "et" is the last one, and it starts at the blanks before that (or at a
    # comma right before them): the search starts there, not at every blank.
    at = max(text.rfind("et"), text.rfind("Et"), text.rfind("eT"), text.rfind("ET"))
    if at < 0:
        return text, False
    while at and text[at - 1].isspace():
        at -= 1
    m = ET_AL_RE.search(text, max(0, at - 1))
    if m:
        return text[: m.start()].rstrip(), True
    return text, False


def author_pieces(text: str) -> list[str]:
    """Split a name list on ``, `` and put a lone suffix back on its name.

    ``Robert W. Heath, Jr.`` is one person; a comma inside a name would later
    read as "Last, First" (BibTeX), so the name is kept as ``Robert W. Heath Jr.``.
    """
    out: list[str] = []
    for piece in text.split(", "):
        if out and piece in SUFFIXES:
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def take_author_tail(line: str) -> AuthorLine:
    """Peel affiliations, ``et al.`` and trailing clean names off a line.

    Names are taken from the right while each comma-separated piece is a name;
    whatever is left (``rest``) is either empty (a pure author line) or holds the
    title glued to the first author.
    """
    text, affs = split_affiliations(line)
    text, truncated = _strip_et_al(text)
    pieces = author_pieces(text)
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
    # Names that other readings of the line would have produced: if one of them
    # turns out to be known (from another line of the page), read the line again.
    alternatives: tuple[str, ...] = ()


def split_glued_line(
    line: str,
    known: Callable[[str], bool] | None = None,
    pieces_seen: dict[str, tuple[list[tuple[int, bool]], bool]] | None = None,
) -> GluedLine | None:
    """Find the title/first-author boundary on a feed line; ``None`` if there is none.

    Every way of reading the trailing comma pieces as clean names is tried
    together with the glued split of what remains; the reading with the lowest
    total penalty wins (ties: more clean names). A title containing ``, `` or a
    piece that only looks like a name cannot fool it, because the glued split of
    the remainder must also succeed.

    ``pieces_seen`` (one dict for all the lines read with the same ``known``)
    keeps what was found in each author piece: the same authors come back on
    many lines of a page.
    """
    for head, affs in _affiliation_readings(line):
        text, truncated = _strip_et_al(head)
        pieces = author_pieces(text)
        best: tuple[int, int, GlueSplit, list[str]] | None = None
        names: set[str] = set()
        tail_penalty = 0
        for k in range(len(pieces)):
            m = len(pieces) - k
            if k:
                piece = pieces[m]
                if pieces_seen is not None:
                    is_known = pieces_seen[piece][1]  # read as the last piece at k - 1
                else:
                    is_known = known is not None and known(piece)
                penalty = 0 if is_known else None
                if penalty is None:
                    penalty = name_penalty(piece, first=False)
                if penalty is None:
                    break
                tail_penalty += penalty
            if m > 1 and pieces_seen is not None:
                # A name can only start in the last piece (no name shape spans
                # a comma, and the look-ups stop at one), so where one may
                # start is found in that piece alone, once per page.
                last = pieces[m - 1]
                seen = pieces_seen.get(last)
                if seen is None:
                    seen = pieces_seen[last] = (
                        _candidates(last, known),
                        known is not None and bool(known(last)),
                    )
                if not seen[0]:
                    continue  # (nearly always) no name starts inside an author's name
                segment = ", ".join(pieces[:m])
                offset = len(segment) - len(last)
                glue = _best_split(segment, [(i + offset, is_k) for i, is_k in seen[0]])
            else:
                glue = split_glued(", ".join(pieces[:m]), known)
            if glue is None:
                continue
            names.update(glue.others)
            names.add(glue.first_author)
            names.update(pieces[m:] if k else [])
            cost = glue.penalty + tail_penalty
            if best is None or cost <= best[0]:
                best = (cost, k, glue, pieces[m:] if k else [])
        if best is not None:
            cost, _k, glue, tail = best
            authors = [glue.first_author, *tail]
            return GluedLine(
                glue.title,
                authors,
                truncated,
                affs,
                cost,
                glue.ambiguous,
                tuple(sorted(names.difference(authors))),
            )
    return None


# Words that make a comma piece prose, not a name nobody recognised.
_PROSE_WORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or our that "
    "the their this to was we were which with without".split()
)
_LOOSE_WORD_RE = re.compile(r"[^\W\d_]+(?:[.'\u2019-][^\W\d_]*)*\.?")


def _loose_name(piece: str) -> bool:
    """A name of a shape the rules do not know (``danah boyd``, ``OpenAI``)."""
    words = piece.split(" ")
    if words and _DBLP_RE.match(words[-1]) and len(words) > 1:
        words = words[:-1]
    return 1 <= len(words) <= 4 and all(
        _LOOSE_WORD_RE.fullmatch(w) and w.casefold() not in _PROSE_WORDS for w in words
    )


def parse_author_line(line: str, known: Callable[[str], bool] | None = None) -> AuthorLine | None:
    """A line that is nothing but authors (profile pages), else ``None``.

    Every piece must be a name: one with a name's shape, a known one, or (when
    at least as many pieces are clear names) one the rules cannot place, such as
    ``danah boyd`` or ``OpenAI``. A line ending in a full stop is prose unless
    the stop belongs to ``et al.``, an initial or ``Jr.``.
    """
    text, affs = split_affiliations(line)
    if not text:
        return None
    text, truncated = _strip_et_al(text)
    if not truncated and not affs and text.endswith("."):
        last = text.rsplit(" ", 1)[-1]
        if not (_is_initials(last) or last in SUFFIXES):
            return None
    pieces = author_pieces(text)
    clear = loose = 0
    for piece in pieces:
        if is_name(piece) or (known is not None and known(piece)):
            clear += 1
        elif _loose_name(piece):
            loose += 1
        else:
            return None
    if loose > clear:
        return None
    return AuthorLine(pieces, truncated, affs, "")


def name_key(name: str) -> str:
    """Case-insensitive cluster key: DBLP number dropped, spacing folded."""
    if (
        not name[-1:].isdigit()
        and "  " not in name
        and name.isprintable()  # no blank but " "
        and name[:1] != " "
        and name[-1:] != " "
    ):
        return name.casefold()  # nearly every name: single-spaced, no number
    tokens = name.split()
    if len(tokens) > 1 and _DBLP_RE.match(tokens[-1]):
        tokens = tokens[:-1]
    return " ".join(tokens).casefold()


def known_names_from(names: Iterable[str]) -> set[str]:
    return {name_key(n) for n in names if n}
