"""One rule for pausing the cyclic garbage collector around bulk building."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic GC while many long-lived objects are built at once (a library, an
    index, 50,000 search hits): with a million new objects it would run hundreds of
    times, each time walking everything built so far. None of them is cyclic."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
