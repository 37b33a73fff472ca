"""Names known from elsewhere (the library, the rest of the page), as the feed split asks.

The split asks, for every place a name could start on a line, whether the name
read there is known: hundreds of thousands of questions for a big page, nearly
all answered no. ``KnownNames`` answers them from name keys (``name_key``), and
``may_start`` answers a cheaper one first: whether any known name begins with
this word at all (``…Learningke`` + `` Song``: only if some known name's first
word is ``ke``).

Any callable ``name -> bool`` still works as ``known`` for the parsers; only
these objects (and ``joined`` ones) offer ``may_start``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .names import name_key

# Runs remembered by ``run_starts`` before the memory starts over (a long session).
_MAX_RUNS = 1 << 16


def first_key_word(word: str) -> str:
    """The first word of ``name_key(word + rest)`` for any ``rest`` that starts with a
    blank: the key folds case word by word and never drops a name's first word."""
    parts = word.split(None, 1)
    return parts[0].casefold() if parts else ""


def _run_starts(run: str, may_start: Callable[[str], bool]) -> tuple[int, ...]:
    """The places in ``run``, short of its last letter, where ``may_start`` says yes."""
    return tuple([q for q in range(len(run) - 1) if may_start(run[q:])])


class KnownNames:
    """A set of names, asked by any spelling that has the same key."""

    __slots__ = ("_keys", "_firsts", "_runs", "_generation")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._keys: set[str] = set()
        self._firsts: set[str] = set()
        self._runs: dict[str, tuple[int, ...]] = {}  # run_starts, remembered
        self._generation = 0  # one more each time a new first word makes _runs stale
        self.add(names)

    def add(self, names: Iterable[str]) -> None:
        if isinstance(names, str):  # one name, not its letters
            raise TypeError("KnownNames.add takes names, not one name")
        for key in map(name_key, names):
            if key not in self._keys:
                self._keys.add(key)
                first = key.partition(" ")[0]
                if first not in self._firsts:
                    self._firsts.add(first)
                    self._generation += 1
                    self._runs.clear()

    def __call__(self, name: str) -> bool:
        return name_key(name) in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def may_start(self, word: str) -> bool:
        """False when no known name begins with ``word`` (so ``word + " …"`` is unknown).
        A blank word says nothing (the key's first word is then in what follows)."""
        if word and " " not in word and word.isprintable():  # no blank at all: its own key
            return word.casefold() in self._firsts
        first = first_key_word(word)
        return not first or first in self._firsts

    def run_starts(self, run: str) -> tuple[int, ...]:
        """Where inside ``run`` (a word's lower-case tail) a known name may begin,
        short of its last letter: ``may_start`` of each place, remembered per run
        (title words repeat: ``…Learning`` + ``ke Song`` on one line, ``Learning`` on many)."""
        got = self._runs.get(run)
        if got is None:
            if len(self._runs) >= _MAX_RUNS:
                self._runs.clear()
            generation = self._generation
            got = _run_starts(run, self.may_start)
            if generation == self._generation:  # (not if names came in meanwhile)
                self._runs[run] = got
        return got

    def joined(self, other: Callable[[str], bool] | None) -> Callable[[str], bool]:
        """These names or ``other``'s (a plain callable, or another ``KnownNames``)."""
        return self if other is None else _Joined(self, other)


class _Joined:
    __slots__ = ("_a", "_b", "_b_may_start")

    def __init__(self, a: KnownNames, b: Callable[[str], bool]) -> None:
        self._a, self._b = a, b
        self._b_may_start: Callable[[str], bool] | None = getattr(b, "may_start", None)

    def __call__(self, name: str) -> bool:
        return self._a(name) or self._b(name)

    def may_start(self, word: str) -> bool:
        b = self._b_may_start
        return self._a.may_start(word) or b is None or b(word)

    def run_starts(self, run: str) -> tuple[int, ...]:
        if self._b_may_start is None:  # a plain callable: any place may start a name of its
            return tuple(range(len(run) - 1))
        return _run_starts(run, self.may_start)
