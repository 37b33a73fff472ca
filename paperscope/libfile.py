"""The library's file format, now in ``paperscope.library.files`` and ``.journal``."""

from .library.files import SCHEMA, LibraryError, atomic_write_bytes, dump_lines, read_library
from .library.head import HEAD_SIZE, read_head
from .library.journal import (
    generation,
    read_with_journal,
    segment_path,
    segments,
    stamp,
)
from .library.storage import LibraryStorage

__all__ = [
    "HEAD_SIZE",
    "SCHEMA",
    "LibraryError",
    "LibraryStorage",
    "atomic_write_bytes",
    "dump_lines",
    "generation",
    "read_head",
    "read_library",
    "read_with_journal",
    "segment_path",
    "segments",
    "stamp",
]
