"""The library's public names (the store lives in ``paperscope.library``)."""

from .imports import FileReport, page_key
from .library.files import SCHEMA, LibraryError, atomic_write_bytes
from .library.storage import LibraryStorage
from .library.store import LOCK_TIMEOUT, Library, Preview

__all__ = [
    "LOCK_TIMEOUT",
    "SCHEMA",
    "FileReport",
    "Library",
    "LibraryError",
    "LibraryStorage",
    "Preview",
    "atomic_write_bytes",
    "page_key",
]
