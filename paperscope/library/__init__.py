"""The library store: one package, one door for writes.

- ``store``: the ``Library`` (load, index, the writer lock, saves, compaction)
- ``files``: the file layout, atomic writes, reading a file
- ``journal``: segments over the main file, the head (first screenful)
- ``converters``: records <-> TinyDB documents
- ``index``: merging a parsed page (title indexes, fuzzy blocks)
- ``merge``: the rules for "same paper" and the merged view
- ``storage``: a TinyDB storage over the same files, for tools
- ``living``: the user's writes (marks, the user's layer, removal, undo/redo)
- ``history``: the history of user changes, kept in the library
"""

from .files import SCHEMA, LibraryError
from .storage import LibraryStorage
from .store import Library, Preview

__all__ = ["SCHEMA", "Library", "LibraryError", "LibraryStorage", "Preview"]
