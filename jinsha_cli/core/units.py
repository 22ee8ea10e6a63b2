"""Units of measure as products of named units with integer powers.

人 / 户 is ``{"人": 1, "户": -1}``; a percentage or a pure number is
dimensionless; a literal in a rule has no unit of its own and takes whatever it
meets (``WILDCARD``).
"""

from __future__ import annotations

from ._record import Record

POINT_UNITS = ("个百分点", "百分点")  # also in numbers.py, which reads such values as fractions


class Unit(Record):
    __slots__ = ("powers",)

    def __init__(self, powers: tuple[tuple[str, int], ...] = ()) -> None:
        self.powers = powers

    @classmethod
    def parse(cls, text: str | None) -> Unit:
        """'人' -> 人; '人/户' -> 人·户⁻¹; '', '%' and '个百分点' -> dimensionless.

        Percentage points are a difference of two rates: a fraction, as a percentage is.
        """
        if not text or text.strip() in ("%", "1", *POINT_UNITS):
            return DIMENSIONLESS
        numerator, _, denominator = text.partition("/")
        powers: dict[str, int] = {}
        for name in numerator.split("*"):
            if name.strip() and name.strip() != "1":
                powers[name.strip()] = powers.get(name.strip(), 0) + 1
        for name in denominator.split("/") if denominator else ():
            if name.strip():
                powers[name.strip()] = powers.get(name.strip(), 0) - 1
        return cls._of(powers)

    @classmethod
    def _of(cls, powers: dict[str, int]) -> Unit:
        return cls(tuple(sorted((name, p) for name, p in powers.items() if p)))

    def __mul__(self, other: Unit) -> Unit:
        if self is WILDCARD or other is WILDCARD:
            return other if self is WILDCARD else self
        powers = dict(self.powers)
        for name, p in other.powers:
            powers[name] = powers.get(name, 0) + p
        return Unit._of(powers)

    def inverse(self) -> Unit:
        if self is WILDCARD:
            return self
        return Unit(tuple((name, -p) for name, p in self.powers))

    def __truediv__(self, other: Unit) -> Unit:
        return self * other.inverse()

    def compatible(self, other: Unit) -> bool:
        return self is WILDCARD or other is WILDCARD or self == other

    def meet(self, other: Unit) -> Unit:
        """The unit of a sum or comparison of two compatible units."""
        return other if self is WILDCARD else self

    def __str__(self) -> str:
        if self is WILDCARD or not self.powers:
            return ""
        up = [n if p == 1 else f"{n}^{p}" for n, p in self.powers if p > 0]
        down = [n if p == -1 else f"{n}^{-p}" for n, p in self.powers if p < 0]
        text = "*".join(up) or "1"
        return text + "".join(f"/{n}" for n in down)

    def describe(self) -> str:
        """For messages: a readable name even when dimensionless."""
        if self is WILDCARD:
            return "a plain number"
        return str(self) or "no unit"


DIMENSIONLESS = Unit()
# A distinct object (compared by identity) so that literals adapt to any unit.
WILDCARD = Unit((("*", 0),))
