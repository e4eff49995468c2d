"""Checks for the book's exercises: the reader's answer next to an independent value.

Each check returns a :class:`Check`, which shows itself as a short report (text in a
terminal, the same text in a notebook): a line per test point with the reader's value,
the expected value and a verdict, and a last line saying what to do next.  A function
whose body is still ``raise NotImplementedError`` (or ``...``) counts as *not answered
yet*, not as wrong.  Nothing prints; nothing here knows the exercises' solutions.
"""

from dataclasses import dataclass

import numpy as np


@dataclass
class Check:
    """The outcome of a check: ``passed`` and a human-readable ``report``."""

    passed: bool
    report: str

    def __repr__(self):
        return self.report

    def __bool__(self):
        return self.passed


def _format(value):
    arr = np.asarray(value, dtype=float)
    if arr.size == 1:
        return f"{float(arr.ravel()[0]):.9g}"
    return np.array2string(arr, precision=6, separator=", ")


def _not_answered(name):
    return Check(False, f"○ {name}: not answered yet.\n  Replace `raise NotImplementedError` "
                        f"by your answer and run the cell again.")


def _call(answer, args):
    """Call ``answer(*args)``; ``None`` for 'not answered yet'."""
    try:
        value = answer(*args)
    except NotImplementedError:
        return None
    if value is None or value is Ellipsis:
        return None
    return value


def check_values(answer, expected, points, *, name="your function", rtol=1e-6, atol=1e-9,
                 expected_label="expected"):
    """Compare ``answer(*p)`` with ``expected(*p)`` at every tuple ``p`` in ``points``."""
    lines, passed = [], True
    for p in points:
        p = p if isinstance(p, tuple) else (p,)
        try:
            got = _call(answer, p)
        except Exception as err:  # the reader's code failed: say how, don't raise
            return Check(False, f"✗ {name} raised {type(err).__name__}: {err}")
        if got is None:
            return _not_answered(name)
        want = expected(*p)
        got_arr, want_arr = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
        if got_arr.shape != want_arr.shape and got_arr.size != want_arr.size:
            return Check(False, f"✗ {name}{p}: shape {got_arr.shape}, expected {want_arr.shape}")
        ok = bool(np.allclose(got_arr.reshape(want_arr.shape), want_arr, rtol=rtol, atol=atol))
        passed &= ok
        where = f"at ({', '.join(_format(v) for v in p)}): " if p else ""
        lines.append(f"  {where}yours {_format(got)}   {expected_label} {_format(want)}"
                     f"   {'✓' if ok else '✗'}")
    at_all = f" at all {len(lines)} points" if len(lines) > 1 else ""
    head = (f"✓ {name} agrees with the {expected_label} value{at_all}."
            if passed else f"✗ {name} disagrees with the {expected_label} value "
                           f"(rtol={rtol:g}); look at the points marked ✗.")
    return Check(passed, "\n".join([head] + lines))


def check_derivative(answer, f, points, *, name="your derivative", h=1e-5, rtol=1e-6, atol=1e-9):
    """Compare the reader's derivative ``answer(x)`` with the central difference of ``f``.

    ``f`` and ``answer`` take the same arguments; the derivative is taken with respect to
    the first one.  ``points`` is a list of arguments (or argument tuples).
    """
    def central(x, *rest):
        return (f(x + h, *rest) - f(x - h, *rest)) / (2 * h)

    return check_values(answer, central, points, name=name, rtol=rtol, atol=atol,
                        expected_label="finite-difference")


def check_number(answer, expected, *, name="your answer", rtol=1e-9, atol=1e-12):
    """Compare a number (or array) the reader computed with the expected one."""
    if answer is None or answer is Ellipsis:
        return _not_answered(name)
    return check_values(lambda: answer, lambda: expected, [()], name=name, rtol=rtol, atol=atol)
