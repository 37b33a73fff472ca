"""Splitting a feed line's title from the first author glued to it.

Feed pages print ``<title><First Author>, <Second>, <Third> et al. · affil`` with
no space between the title and the first name. Evidence is used in this order:

1. **The line's punctuation.** Affiliations follow the first `` · ``, ``et al.``
   ends the names, and every piece after the first-author piece is a name as
   printed, whatever it looks like (``zhipeng cai``, ``MICHAL LUKASIK``,
   ``Chi-Chun (Charlie) Liu``, ``Haihong E``, ``OpenAI``). Only the first
   author's start is unknown, and it lies inside one comma piece: the third
   piece from the end when the line says ``et al.`` (the feed shows three
   names then), else one of the last three (a title may hold commas).
2. **Name statistics.** Inside that piece every place where the title's last
   word and the first name may meet is scored by the name's shape and whether
   its given name is in a public lexicon (``name_lexicon``: ``Jae`` and
   ``Woong`` make ``JaeWoong`` a name, ``ke``, ``zhipeng`` and ``FEIHU`` are
   given names), and by how the title would end (``…ChallengeJae`` ends in a
   given name, ``…LearningFEI`` in the start of an all-capitals name).
3. **Names known** from the page or the library break near-ties only, and only
   inside the piece (never across a comma).

The best reading is kept; when another reading scores nearly as well the line
is ``uncertain`` and the other readings (title, first author) are kept, most
likely first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from string import ascii_lowercase

from .author_lines import affiliation_readings, author_pieces, strip_et_al
from .feed_scores import (
    cap_tail,
    first_token_cost,
    is_team,
    later_token_cost,
    printed_name_cost,
    title_end_cost,
)
from .name_lexicon import is_given_name, is_title_word
from .names import NAME_DASHES, is_cap_word, is_initials

# The feed shows at most this many names; with "et al." exactly this many.
SHOWN = 3
# A name has at most this many words.
_MAX_NAME_WORDS = 6
# How many words after a glued-looking one may end a title that reads as a name.
_NAME_TAIL = 2
# Readings whose costs differ by less than this are both plausible: flagged.
MARGIN = 1.0
# ... or by less than these where the shapes say little (see ``_close``).
WIDE_MARGIN = 2.5
HUMP_MARGIN = 3.0
# A line with no comma, "et al." or affiliations is a title line only if its
# one name is this clean (otherwise a plain title would read as one).
_LONE_NAME_MAX = 2.5
_LONE_FORCED = 4.0
# A best reading this costly needs several unusual things at once: a guess, flagged.
DOUBTFUL = 4.0
# A reading costlier than this is no reading, unless the line must be split.
_MAX_COST = 7.0
# Readings costlier than the best one by more than this are not built.
_PRUNE = 3.0
# Cost of a reading no rule supports, used only when a line must be split.
_FORCED = 12.0
# By the name's number of words (a tuple: looked up on every reading).
_NAME_LENGTH_COST = (0.0, 2.5, 0.0, 0.3, 1.0, 2.0, 3.0)


@dataclass(slots=True)
class GluedLine:
    """A feed line ``<title><A1>, <A2> et al. · affil`` taken apart."""

    title: str
    authors: list[str]
    truncated: bool
    affiliations: list[str]
    penalty: float
    ambiguous: bool  # another reading scored nearly as well (same as ``uncertain``)
    # First authors other readings would give (a known one may settle the line).
    alternatives: tuple[str, ...] = ()
    # Other (title, authors) readings, most likely first (set when ambiguous).
    readings: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    @property
    def uncertain(self) -> bool:
        return self.ambiguous


@dataclass(slots=True)  # not frozen: a frozen dataclass is built several times slower
class _Reading:
    cost: float
    title: str
    first: str
    tail: tuple[str, ...]


def _find_starts(word: str, every_tail: bool) -> tuple[int, ...]:
    """Where inside ``word`` a name may start: a capital (not after a dash), a
    letter after a non-letter, or a lower-case tail that is a given name (any
    lower-case tail when ``every_tail``: a known name or a forced reading may
    start there)."""
    if word.isalpha():  # the common case: capitals only
        out = [] if word[1:].islower() else [p for p in range(1, len(word)) if word[p].isupper()]
    else:
        out = []
        prev = word[:1]
        for p in range(1, len(word)):
            ch = word[p]
            if (ch.isupper() or (ch.isalpha() and not prev.isalpha())) and prev not in NAME_DASHES:
                out.append(p)
            prev = ch
    low = _run_start(word)
    # "Learningke": only a given name may start inside a lower-case run (each
    # place in the run follows a letter, as the loop above checked)
    if every_tail:
        out.extend(range(low, len(word) - 1))
    elif low < len(word) - 1:
        out.extend(low + q for q in _given_tails(word[low:]))
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _run_start(word: str) -> int:
    """Where the lower-case run that ends ``word`` starts, after its first letter
    (``len(word)`` if none): each place in it follows a letter."""
    if word.isascii() and word.isalpha():  # (the loop below, at C speed)
        return max(1, len(word.rstrip(ascii_lowercase)))
    low = len(word)
    while low > 1 and word[low - 1].islower() and word[low - 2].isalpha():
        low -= 1
    return low


@lru_cache(maxsize=1 << 16)
def _starts_and_run(word: str) -> tuple[tuple[int, ...], int]:
    """``_starts(word)`` and ``_run_start(word)``, looked up at once (``_glue_readings``
    adds the places in the run where a known name may start)."""
    return _starts(word), _run_start(word)


@lru_cache(maxsize=1 << 16)
def _given_tails(run: str) -> tuple[int, ...]:
    """Where a given name starts inside the lower-case run ending a word: cached
    on the run, which a name's tail repeats on every line (``…Noémie``)."""
    return tuple(q for q in range(len(run) - 1) if is_given_name(run[q:]))


# One cache per kind, keyed on the word alone (a two-argument key is slower to look up).
@lru_cache(maxsize=1 << 16)
def _starts(word: str) -> tuple[int, ...]:
    return _find_starts(word, False)


@lru_cache(maxsize=1 << 14)
def _starts_anywhere(word: str) -> tuple[int, ...]:
    return _find_starts(word, True)


@lru_cache(maxsize=1 << 16)
def _capital_starts(word: str) -> tuple[int, ...]:
    """The capitals among ``_starts(word)``: the only places where a one-word
    name may start when no name is known (see ``_glue_readings``)."""
    return tuple(
        p for p in range(1, len(word)) if word[p].isupper() and word[p - 1] not in NAME_DASHES
    )


def _glue_readings(
    segment: str, known: Callable[[str], bool] | None, force: bool, head: str = ""
) -> list[tuple[float, str, str]]:
    """Every likely (cost, title, first author) way to cut ``<title><First Author>``.

    Readings far costlier than the best one so far are not built: the name
    grows leftwards word by word and its cost only grows (groups' names aside).
    """
    words = segment.split(" ")
    out: list[tuple[float, str, str]] = []
    rest_cost = 0.0
    n = len(words)
    best = _MAX_COST
    end = len(segment)
    # How the words after the glued one are written (see ``first_token_cost``),
    # kept up to date as the name grows leftwards.
    # (words[-1] is also the glued word of the one-word name, so one test serves both)
    last_is_team = is_team(words[-1])
    # Whether any known name begins with a word, and where in a lower-case run
    # one may (``known_names``); a plain callable says neither: every place is tried.
    may_start: Callable[[str], bool] | None = getattr(known, "may_start", None)
    run_starts = None if force else getattr(known, "run_starts", None)
    starts = _starts_anywhere if force or known is not None else _starts
    lettered = all_upper = all_lower = False
    rest_text = ""
    for j in range(n - 1, n - 1 - _MAX_NAME_WORDS if n > _MAX_NAME_WORDS else -1, -1):
        word = words[j]
        end -= len(word)  # where words[j] starts
        n_rest = n - 1 - j
        if n_rest:  # words[j + 1] joins the name as a later word
            later = words[j + 1]
            rest_text = f" {later}{rest_text}"
            after = later[1:]
            if after.islower() and after.isalpha() and later[0].isupper():
                # A capitalised word (most of them: "Smith", "Learning") costs
                # nothing (``later_token_cost``) and is neither all capitals nor
                # all lower case: told here, without the calls, as the loop runs
                # for every word of every line.
                lettered = True
                all_upper = all_lower = False
            else:
                c = later_token_cost(later, "last" if n_rest == 1 else "middle")
                if c is None:
                    if not force:
                        break
                    c = _FORCED
                rest_cost += c
                if later.isalpha() or any(map(str.isalpha, later)):
                    if lettered:
                        all_upper = all_upper and later.isupper()
                        all_lower = all_lower and later.islower()
                    else:
                        lettered, all_upper, all_lower = True, later.isupper(), later.islower()
        if last_is_team:
            shape = "team"
            length_cost = _NAME_LENGTH_COST[n_rest + 1] - 0.8 * n_rest
            base = length_cost + min(rest_cost, 0.3 * n_rest)  # a group's name is as long as it is
        else:
            shape = "caps" if all_upper else "lower" if all_lower else "plain"
            base = _NAME_LENGTH_COST[n_rest + 1] + rest_cost
            if not force and base > best + _PRUNE:
                break
        if shape == "lower":
            # In an all-lower-case name any lower-case tail may be its start: the
            # lexicon cannot hold every given name ("…Processesfirdaus janoos").
            places = _starts_anywhere(word)
        elif run_starts is not None:
            # ``_starts_anywhere`` less the places in the word's lower-case run where
            # no reading can begin unless the name is all lower case: a tail that is
            # neither a given name (``first_token_cost`` reads no other lower-case
            # first word) nor the start of a known name (``known_names``).
            places, low = _starts_and_run(word)
            if low < len(word) - 1 and (known_at := run_starts(word[low:])):
                places = tuple(sorted({*places, *[low + q for q in known_at]}))
        elif n_rest or known is not None:
            places = starts(word)
        else:  # a one-word name starts with a capital: other places are not tried
            places = _capital_starts(word)
        for p in places:
            first = word[p:]
            fshape = shape if shape != "caps" or first.isupper() else "plain"
            fc = first_token_cost(first, fshape)
            if fc is not None and base + fc > best + _PRUNE and not force:
                continue
            # Only a known name is read where no rule would put one: most places
            # in a word are ruled out by its first word alone, before the name is built.
            could_be_known = known is not None and (may_start is None or may_start(first))
            if fc is None and not could_be_known and not force:
                continue
            if not n_rest and (fc is None or is_initials(first) or not first[0].isupper()):
                if fc is not None or not could_be_known or not known(first):  # type: ignore[misc]
                    continue  # a one-word name is a word ("Abdullah"), not "U." or "ard"
            name = first + rest_text
            is_known = could_be_known and known(name)  # type: ignore[misc]
            if is_known and (fc is None or fc > 2.0):
                fc = 2.0  # "OpenAI", "danah boyd": an unusual shape, but known
            elif fc is None:
                if not force:
                    continue
                fc = _FORCED
            title = segment[: end + p]
            tc = title_end_cost(title, first, fshape, head)
            if tc is None:
                if not force:
                    continue
                tc = _FORCED
            cost = fc + tc + base
            if is_known:
                cost -= MARGIN  # a tie-breaker: it settles near-ties only
            if cost < best:  # (not min(): a call per reading, and this is the hot loop)
                best = cost
            out.append((cost, title, name))
        end -= 1  # the space before words[j]
    return out


@lru_cache(maxsize=256)  # a few (pieces, et al.) shapes cover every line
def _piece_choices(n: int, truncated: bool) -> tuple[tuple[int, float], ...]:
    """Which comma piece holds the title/first-author join, with its prior cost."""
    out = []
    for g in range(max(0, n - 2 * SHOWN), n):
        shown = n - g
        cost = 0.0
        if truncated and shown != SHOWN:
            cost += 3.0 * abs(shown - SHOWN)
        elif shown > SHOWN:
            cost += 3.0 * (shown - SHOWN)
        if g:
            cost += 1.0 + 0.5 * (g - 1)  # the title holds g commas
        out.append((g, cost))
    return tuple(out)


def _line_readings(
    pieces: list[str],
    truncated: bool,
    structured: bool,
    known: Callable[[str], bool] | None,
    force: bool,
) -> list[_Reading]:
    readings: list[_Reading] = []
    n = len(pieces)
    choices: list[tuple[float, int]] = []
    tail_costs: dict[int, float | None] = {}  # (``None`` is a cost too: prose)
    for g, prior in _piece_choices(n, truncated):
        tail_cost: float | None = prior
        for k in range(g + 1, n):
            if k in tail_costs:
                c = tail_costs[k]
            else:
                c = tail_costs[k] = printed_name_cost(pieces[k], known)
            if c is None:
                if not force:
                    tail_cost = None
                    break
                c = _FORCED
            tail_cost += c  # type: ignore[operator]
        if tail_cost is not None:
            choices.append((tail_cost, g))
    choices.sort()
    best = _MAX_COST
    lone_max = _LONE_FORCED if force else _LONE_NAME_MAX
    for tail_cost, g in choices:
        if tail_cost > best + _PRUNE and not force:
            break
        tail = tuple(pieces[g + 1 :])
        title_head = ", ".join(pieces[:g]) if g else ""
        for cost, title, first in _glue_readings(pieces[g], known, force, title_head):
            if not structured and (not first[0].isupper() or " " not in first or cost > lone_max):
                continue  # one name and nothing else: it must be a clean one
            if g and " " not in title:
                cost += 2.0  # "…Bahdanau, Kyung" + "Hyun Cho": a title piece of one word
            full_title = f"{title_head}, {title}" if g else title
            total = cost + tail_cost
            if total < best:
                best = total
            elif total > _MAX_COST and not force:
                continue  # no reading (``split_glued_line`` would drop it)
            readings.append(_Reading(total, full_title, first, tail))
    return readings


def _rank(r: _Reading) -> tuple[float, int]:
    """Most likely first; on a tie the longer first name (stable: then as found)."""
    return r.cost, -len(r.first)


def _lower_cut(r: _Reading) -> bool:
    """The name starts in lower case right after a letter: ``…testingmeyer scetbon``."""
    return r.first[:1].islower() and r.title[-1:].isalpha()


def _takes_hump(best: _Reading, other: _Reading) -> bool:
    """``other`` is ``best`` with the title's last capitalised hump moved into the
    name: ``…GenerationHsiao`` + ``Yuan Hsu`` against ``…Generation`` +
    ``HsiaoYuan Hsu``. Run-together given names and camel-case title words look
    alike, and the lexicon cannot know every syllable of either; a hump that is
    a title word (``…LitChat`` + ``Mingyu``) leaves no such doubt."""
    title = best.title
    if not (other.first.endswith(best.first) and other.title == title[: len(other.title)]):
        return False
    hump = title[len(other.title) :]
    return (
        is_cap_word(hump)
        and not is_title_word(hump)
        and other.title[-1:].islower()
        and other.first == hump + best.first
    )


def _ends_like_a_name(best: _Reading) -> bool:
    """The title's last words read as a glued name themselves: ``…Video
    DepthYuecheng Liul`` + ``Junda Cheng``, ``…SequencesRosaura G. Vidal`` +
    ``Mata`` -- a hump no title is made of glued to a title word, then only
    capitalised words or initials. The first author may start there instead.
    With one word after it the hump must be a given name, unless the best
    reading's first author is one word (a surname cut in two: ``VidalMata``)."""
    words = best.title.rstrip().rsplit(" ", _NAME_TAIL + 1)[-_NAME_TAIL - 1 :]
    for k in range(len(words) - 1):
        glued = words[k]
        if glued[1:].islower() or glued.isupper():
            continue  # no capital after a lower-case letter (most words): no hump
        rest = words[k + 1 :]
        if not all(is_cap_word(w) or is_initials(w) for w in rest):
            continue
        hump = cap_tail(glued)
        if (
            hump
            and glued[-len(hump) - 1].islower()
            and not is_title_word(hump)
            and (is_given_name(hump) or len(rest) > 1 or " " not in best.first)
        ):
            return True
    return False


def _close(best: _Reading, other: _Reading) -> bool:
    """Whether ``other`` is nearly as likely as ``best``: costs within ``MARGIN``;
    within ``WIDE_MARGIN`` when the best reading cuts a lower-case name out of
    a lower-case run (``…testingmeyer scetbon``: shape says little there); within
    ``HUMP_MARGIN`` when they differ by a capitalised hump (``_takes_hump``)."""
    gap = other.cost - best.cost
    return (
        gap < MARGIN
        or (gap < WIDE_MARGIN and _lower_cut(best))
        or (gap < HUMP_MARGIN and _takes_hump(best, other))
    )


def split_glued_line(
    line: str, known: Callable[[str], bool] | None = None, *, force: bool = False
) -> GluedLine | None:
    """Find the title/first-author boundary on a feed line; ``None`` if there is none.

    ``force`` (for a line that sits where a title line must be) always returns a
    reading, flagged uncertain when no rule supports it.
    """
    readings_by_affs = affiliation_readings(line)
    for attempt_force in (False, True) if force else (False,):
        for head, affs in readings_by_affs:
            text, truncated = strip_et_al(head)
            if not text:
                continue
            pieces = author_pieces(text)
            structured = truncated or bool(affs) or len(pieces) > 1
            found = _line_readings(pieces, truncated, structured, known, attempt_force)
            if not found:
                continue
            best = found[0]
            others: list[_Reading] = []
            close: list[_Reading] = []
            if len(found) > 1:
                found.sort(key=_rank)
                best = found[0]
                seen = {(best.title, best.first)}
                for r in found[1:]:
                    if (r.title, r.first) not in seen:
                        seen.add((r.title, r.first))
                        others.append(r)
                        if _close(best, r):
                            close.append(r)
            uncertain = (
                attempt_force or bool(close) or best.cost >= DOUBTFUL or _ends_like_a_name(best)
            )
            return GluedLine(
                title=best.title.rstrip(),
                authors=[best.first, *best.tail],
                truncated=truncated,
                affiliations=affs,
                penalty=best.cost,
                ambiguous=uncertain,
                alternatives=tuple([r.first for r in others[:6]]),
                readings=tuple(
                    [(r.title.rstrip(), (r.first, *r.tail)) for r in (close or others)[:3]]
                )
                if uncertain
                else (),
            )
    return None
