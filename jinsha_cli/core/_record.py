"""Value classes for the check path, without dataclasses' cost at import.

``@dataclass`` writes and compiles each class's methods when its module is
imported: about half a millisecond a class, 13 ms for the 27 classes that
``jinsha check`` needs, a tenth of its whole run. Those classes subclass
``Record`` instead: they name their fields in ``__slots__`` (which also makes
each instance smaller), write ``__init__`` out, and get equality, hashing and a
repr from here, derived from the slots in order.

Records are not frozen, but the value records (intervals, figures, expression
nodes) are never changed after construction; mutable ones (a fact book, a
result) set ``__hash__ = None`` as a mutable dataclass does.
"""

from __future__ import annotations

from typing import Any


class Record:
    __slots__ = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self.__slots__])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__name__}({fields})"
