"""The library's public names (the store lives in ``paperscope.library``)."""

from .imports import FileReport, page_key
from .library.files import SCHEMA, LibraryError, atomic_write_bytes
from .library.living import NothingToDo
from .library.merge import source_values
from .library.storage import LibraryStorage
from .library.store import Library, Preview
from .library.writer import LOCK_TIMEOUT, CompactionFailed

__all__ = [
    "LOCK_TIMEOUT",
    "CompactionFailed",
    "SCHEMA",
    "FileReport",
    "Library",
    "LibraryError",
    "LibraryStorage",
    "NothingToDo",
    "Preview",
    "atomic_write_bytes",
    "page_key",
    "source_values",
]
