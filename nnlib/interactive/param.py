"""One control of an interactive figure: a named range of values and its grid.

A :class:`Param` is checked when it is declared, so a range that cannot work fails
at once with a message that names the parameter, not later inside a slider.
"""

import math
import numbers
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    """One control: values lo, lo + step, ..., hi; ``fmt`` formats a value for display.

    ``fmt`` must show every value of the grid exactly; by default it has as many
    decimals as ``lo`` and ``step`` need (see :func:`places`).
    """

    name: str
    label: str
    lo: float
    hi: float
    step: float
    default: float
    fmt: str = None

    def __post_init__(self):
        def bad(why):
            return ValueError(f"parameter {self.name!r} ({self.label}): {why}")
        if not (isinstance(self.name, str) and self.name.isidentifier()):
            raise bad("the name must be a Python identifier")
        for field in ("lo", "hi", "step", "default"):
            value = getattr(self, field)
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise bad(f"{field} = {value!r} is not a number")
            if not math.isfinite(value):
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
        if self.fmt is None:
            object.__setattr__(self, "fmt", exact_fmt(self.lo, self.step))
        if not isinstance(self.fmt, str):
            raise bad(f"fmt must be a format string such as '{{:.2f}}'; received "
                      f"{type(self.fmt).__name__}")
        try:
            self.fmt.format(float(self.default))
        except (ValueError, IndexError, KeyError) as err:
            raise bad(f"fmt {self.fmt!r} cannot format a number ({err})") from None
        # The label must say which value the figure shows: 0.125 printed as
        # 0.12 would make every number computed from it look wrong.
        for value in self.grid:
            shown = _number_in(self.fmt.format(value))
            if shown is None or abs(shown - value) > 1e-9 * max(1.0, abs(value)):
                raise bad(f"fmt {self.fmt!r} shows the value {value!r} as "
                          f"{self.fmt.format(value)!r}; give it enough decimals "
                          f"for steps of {self.step!r} (see places())")

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
        return min(max(value, float(self.lo)), float(self.hi))

    def index(self, value):
        """Index of the grid point nearest to ``value`` (after clamping)."""
        return round((self.clamp(value) - self.lo) / self.step)

    def text(self, value):
        """The value as the controls print it (with a true minus sign, −)."""
        return self.fmt.format(value).replace("-", "−")


def places(*values):
    """The fewest decimal places, at most 12, that write every one of ``values`` exactly.

    ``places(0.125, 1.0)`` is 3: a slider in steps of 0.125 needs a ``fmt`` such as
    ``"{:.3f}"``.
    """
    for p in range(13):
        if all(abs(round(v, p) - v) <= 1e-12 * max(1.0, abs(v)) for v in values):
            return p
    return 12


def slider_values(value, name):
    """``value`` as the four numbers ``(lo, hi, step, default)`` of a slider, or a
    ``ValueError`` naming the figure's argument ``name`` (``eta=0.1``, say, where a
    slider's four numbers belong)."""
    try:
        lo, hi, step, default = value
        four = all(isinstance(v, numbers.Real) and not isinstance(v, bool)
                   for v in (lo, hi, step, default))
    except (TypeError, ValueError):
        four = False
    if not four:
        raise ValueError(f"{name} must be (lo, hi, step, default), the four numbers of "
                         f"its slider, as {name}=(0.05, 0.5, 0.05, 0.1); received "
                         f"{value!r}")
    return lo, hi, step, default


def exact_fmt(*values, sign=False, at_least=0):
    """A ``fmt`` that writes every multiple of ``values`` exactly: ``"{:.Nf}"`` with
    ``N = max(at_least, places(*values))``, and ``"{:+.Nf}"`` if ``sign``.

    ``exact_fmt(0.125, 1.0, sign=True, at_least=2)`` is ``"{:+.3f}"``.
    """
    return f"{{:{'+' if sign else ''}.{max(at_least, places(*values))}f}}"


_NUMBER = re.compile(r"[-+−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(%?)")


def _number_in(text):
    """The first number written in ``text`` (a percentage divided by 100), or None."""
    match = _NUMBER.search(text)
    if match is None:
        return None
    number = float(match.group(0).rstrip("%").replace("−", "-"))
    return number / 100 if match.group(1) else number
