"""Which words of a paper a query matched, so a front end can show why it is a hit.

A search matches folded words (see :mod:`.text`): exactly, as a prefix while a
word is typed, or within a typo or two of a word of the library's vocabulary.
:class:`Highlight` holds those words per field, worked out once per query by
:meth:`SearchIndex.highlight <paperscope.search.SearchIndex.highlight>` (the
typo-tolerant lookups are the search's own, already cached); :meth:`WordMatch.spans`
then finds them in the original text of whatever is drawn, so the cost is per
row on screen, never per paper found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import tuning
from .query import STOPWORDS, Query
from .text import COMBINING, WORD_RE, fold, words
from .vocabulary import Vocabulary

# A word as written: letters and digits with any combining marks on them (a
# decomposed "é" is "e" and a mark, and must stay one word).
_SPAN_RE = re.compile(rf"(?:[^\W_]|[{COMBINING}])+")


@dataclass(frozen=True, slots=True)
class WordMatch:
    """Words to find in a text: folded words equal to one of ``words`` or starting with
    one of ``prefixes``."""

    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.prefixes)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the matching words are in ``text`` (as written, accents and case
        included): (start, end) character offsets, in order, not overlapping."""
        if not self or not text:
            return []
        exact, prefixes = self.words, self.prefixes
        found = []
        for m in _SPAN_RE.finditer(text):
            for w in WORD_RE.findall(fold(m.group())):
                if w in exact or (prefixes and w.startswith(prefixes)):
                    found.append(m.span())
                    break
        return found


@dataclass(frozen=True, slots=True)
class Highlight:
    """What a query matched, per field of a paper."""

    title: WordMatch = field(default_factory=WordMatch)
    authors: WordMatch = field(default_factory=WordMatch)
    abstract: WordMatch = field(default_factory=WordMatch)

    def __bool__(self) -> bool:
        return bool(self.title or self.authors or self.abstract)


class _Words:
    def __init__(self) -> None:
        self.words: set[str] = set()
        self.prefixes: set[str] = set()

    def add(self, word: str, prefix: bool) -> None:
        (self.prefixes if prefix else self.words).add(word)

    def done(self) -> WordMatch:
        # a word that a prefix already covers needs no test of its own
        prefixes = tuple(sorted(self.prefixes))
        exact = frozenset(w for w in self.words if not w.startswith(prefixes))
        return WordMatch(exact, prefixes)


def build(query: Query, titles: Vocabulary, authors: Vocabulary) -> Highlight:
    """The words ``query`` matched, as :meth:`SearchIndex.search` matches them: free
    words in titles, authors and abstracts (each also through the vocabulary words
    within its typo budget), ``ti:`` words in titles and ``au:`` words in authors. A
    query that cannot be read matched nothing and highlights nothing."""
    if query.errors:
        return Highlight()
    title, author, abstract = _Words(), _Words(), _Words()
    terms = words(query.text)
    content = [t for t in terms if t not in STOPWORDS] or terms
    typing = bool(query.text) and not query.text[-1].isspace()
    for n, term in enumerate(content):
        # as SearchIndex._search decides it: the word being typed, and any of 3+
        # letters, also stand for the longer words they start
        prefix = (n == len(content) - 1 and typing) or len(term) >= 3
        title.add(term, prefix)
        author.add(term, prefix)
        for w, _ in titles.near(term):
            title.add(w, False)
        for w, _ in authors.near(term):
            author.add(w, False)
        if len(term) >= tuning.ABSTRACT_MIN:
            abstract.add(term, prefix and len(term) >= tuning.ABSTRACT_PREFIX_MIN)
            for w in titles.typos(term):
                abstract.add(w, False)
    for value in query.titles:
        for w in words(value):
            title.add(w, True)
    for value in query.authors:
        for w in words(value):
            author.add(w, True)
    return Highlight(title.done(), author.done(), abstract.done())
