"""Checks for the book's exercises: the reader's answer next to an independent value.

Each check returns a :class:`Check`, which shows itself as a short report (text in a
terminal, the same text in a notebook): a line per test point with the reader's value,
the expected value and a verdict (the two values one under the other when a line would
not fit in :data:`WIDTH` characters), and, when something is wrong or missing, a line
saying what to do next.  A function
whose body is still ``raise NotImplementedError`` (or ``...``) counts as *not answered
yet*, not as wrong.  Nothing prints; nothing here knows the exercises' solutions.
"""

import textwrap
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


#: Characters per line of a report: what the book's code boxes show without wrapping.
WIDTH = 79


def _format(value, indent=0):
    """A number as ``.9g``; an array as numpy prints it, its later rows ``indent`` deep."""
    arr = np.asarray(value, dtype=float)
    if arr.size == 1:
        return f"{float(arr.ravel()[0]):.9g}"
    return np.array2string(arr, precision=6, separator=", ", prefix=" " * indent,
                           max_line_width=WIDTH)


def _point_report(where, got, want, label, mark):
    """One test point: on one line if it fits in :data:`WIDTH`, else the reader's value
    and the expected one on lines of their own, one under the other."""
    line = f"  {where}yours {_format(got)}   {label} {_format(want)}   {mark}"
    if len(line) <= WIDTH and "\n" not in line:
        return line
    pad = max(len("yours"), len(label)) + 1
    indent = 4 if where else 2  # no point to name: the head line has the verdict
    rows = [f"{' ' * indent}{name:<{pad}}{_format(value, indent + pad)}"
            for name, value in (("yours", got), (label, want))]
    return "\n".join(([f"  {where}{mark}"] if where else []) + rows)


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
        lines.append(_point_report(where, got, want, expected_label, "✓" if ok else "✗"))
    if passed:
        at_all = f" at all {len(lines)} points" if len(lines) > 1 else ""
        head, tail = f"✓ {name} agrees with the {expected_label} value{at_all}.", []
    else:
        head = f"✗ {name} disagrees with the {expected_label} value (rtol={rtol:g})."
        tail = ["Look at the points marked ✗."] if len(lines) > 1 else []
    head = textwrap.fill(head, WIDTH, break_long_words=False, break_on_hyphens=False)
    return Check(passed, "\n".join([head] + lines + tail))


def check_derivative(answer, f, points, *, name="your derivative", h=1e-5, rtol=1e-6,
                     atol=1e-9):
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
