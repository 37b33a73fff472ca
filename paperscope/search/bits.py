"""Bitsets of papers (a Python int, bit i = paper i): set algebra at C speed."""

from __future__ import annotations

from itertools import accumulate, compress, repeat
from operator import add

# -- bitsets ---------------------------------------------------------------------------
# Built through a bytearray with one byte per paper (a Python loop sets one byte per
# paper, about as fast as adding it to a set), read back through ``bin()``: both
# conversions between bytes and int are C loops.

_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


def to_bits(ids, n: int) -> int:
    """The bitset of paper indices ``ids`` (each below ``n``)."""
    flags = bytearray(n)
    for i in ids:
        flags[i] = 1
    return pack(flags)


def pack(flags: bytearray) -> int:
    return int(flags.translate(_TO_DIGITS)[::-1], 2) if flags else 0


def to_ids(bits: int) -> list[int]:
    """The paper indices in ``bits``, ascending."""
    if not bits:
        return []
    digits = bin(bits)[:1:-1]  # digit i is bit i
    if bits.bit_count() * 5 > len(digits):  # dense: pick the ones out of every digit
        return list(compress(range(len(digits)), digits.encode().translate(_FROM_DIGITS)))
    # sparse: the runs of zeros between the ones give the gaps, summed up in C
    runs = digits.split("1")
    runs.pop()
    found = list(accumulate(map(add, map(len, runs), repeat(1)), initial=-1))
    del found[0]
    return found
