"""Search: field filters plus typo-tolerant free text, titles ranked over abstracts.

Query language: free words, and filters ``au:``, ``ti:``, ``year:2023``,
``year:2021-2023``, ``venue:``, ``cat:``, ``has:code``/``has:abstract``/
``has:link``, ``is:marked``, ``src:`` (a format or a file name). Values with
spaces go in quotes: ``au:"van der maaten"``. Filters are ANDed.

Free text is matched word by word, so a keystroke costs about the same at 200
papers and at 100,000: every query word is looked up in the vocabulary of
title words and of author names (exact, as a prefix while it is being typed,
and within a typo or two via rapidfuzz), and in a SQLite FTS5 index of the
abstracts (C speed; a plain scan where FTS5 is missing). Every word must match
somewhere; papers matching all words in the title rank first, then those found
through authors, then through abstracts; newer papers first among equals.

Sets of papers are bitsets (a Python int, bit i = paper i): at 100,000 papers
one is 12.5 kB whatever it holds, and and/or/and-not of two cost microseconds
in C, where sets of 50,000 ints cost milliseconds and megabytes. Python code
runs per paper only where a paper is listed (hits) or its text looked at.
"""

from __future__ import annotations

from .highlight import Highlight, WordMatch
from .hits import Hit, Hits
from .index import SearchIndex
from .query import STOPWORDS, Query, parse_query, typo_budget
from .text import fold, name_matcher, name_text, words

__all__ = [
    "STOPWORDS",
    "Highlight",
    "Hit",
    "Hits",
    "Query",
    "SearchIndex",
    "WordMatch",
    "fold",
    "name_matcher",
    "name_text",
    "parse_query",
    "typo_budget",
    "words",
]
