"""Pause Python's cyclic garbage collector around bulk work.

Loading and checking a large fact file allocate millions of small objects and
create no reference cycles; the collector would rescan the growing fact book
again and again (and make a 10x larger file take 15x longer) for nothing.
Reference counting still frees everything as usual, and the collector runs
again as soon as the bulk work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; restore it afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
