"""One control of an interactive figure: a named range of values and its grid.

A :class:`Param` is checked when it is declared, so a range that cannot work fails
at once with a message that names the parameter, not later inside a slider.
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    """One control: values lo, lo + step, ..., hi; ``fmt`` formats a value for display."""

    name: str
    label: str
    lo: float
    hi: float
    step: float
    default: float
    fmt: str = "{:.2f}"

    def __post_init__(self):
        def bad(why):
            return ValueError(f"parameter {self.name!r}: {why}")
        if not (isinstance(self.name, str) and self.name.isidentifier()):
            raise bad("the name must be a Python identifier")
        for field in ("lo", "hi", "step", "default"):
            if not math.isfinite(getattr(self, field)):
                raise bad(f"{field} = {getattr(self, field)!r} is not a finite number")
        if not self.hi > self.lo:
            raise bad(f"empty range: lo = {self.lo} must be below hi = {self.hi}")
        if not self.step > 0:
            raise bad(f"step = {self.step} must be positive")
        if not self.lo <= self.default <= self.hi:
            raise bad(f"default {self.default} is outside the range [{self.lo}, {self.hi}]")
        n = (self.hi - self.lo) / self.step
        if abs(n - round(n)) > 1e-9 * max(1.0, n):
            raise bad(f"[{self.lo}, {self.hi}] is not a whole number of steps of {self.step}")
        try:
            self.fmt.format(float(self.default))
        except (ValueError, IndexError, KeyError) as err:
            raise bad(f"fmt {self.fmt!r} cannot format a number ({err})") from None

    @property
    def grid(self):
        """Every value the static book offers, lo to hi (rounded to clean decimals)."""
        n = round((self.hi - self.lo) / self.step)
        return tuple(round(self.lo + k * self.step, 12) for k in range(n + 1))

    def clamp(self, value):
        """``value`` as a float, clamped into [lo, hi]."""
        value = float(value)
        if math.isnan(value):
            raise ValueError(f"parameter {self.name!r}: value is NaN")
        return min(max(value, self.lo), self.hi)

    def index(self, value):
        """Index of the grid point nearest to ``value`` (after clamping)."""
        return round((self.clamp(value) - self.lo) / self.step)

    def text(self, value):
        """The value as the controls print it (with a true minus sign, −)."""
        return self.fmt.format(value).replace("-", "−")
