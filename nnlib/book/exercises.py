"""Checks for the book's exercises: the reader's answer next to an independent value.

Each check returns a :class:`Check`, which shows itself as a short report (text in a
terminal, the same text in a notebook): a line per test point with the reader's value,
the expected value and a verdict (the two values one under the other when a line would
not fit in :data:`WIDTH` characters), and, when something is wrong or missing, a line
saying what to do next.  A function whose body is still ``raise NotImplementedError``
(or that returns ``...``) counts as *not answered yet*, not as wrong; one that returns
``None`` is asked for its ``return``.  An answer of the wrong kind (text, a dict, a
History where a network belongs) or of the wrong shape is reported, never raised and
never passed.
Nothing prints; nothing here knows the exercises' solutions.
"""

import ast
import copy
import inspect
import linecache
import math
import numbers
import os
import re
import sys
import textwrap
from collections.abc import Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import numpy as np

from nnlib import checks
from nnlib.network import Network


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


def _format(value, indent=0, digits=9):
    """A number to ``digits`` significant digits; an array as numpy prints it, its
    later rows ``indent`` deep.

    Whole numbers given as integers (layer sizes, shapes, counts) stay integers;
    anything that is not numbers (text, say) shows as its ``repr``.
    """
    arr, what = _as_numbers(value)
    if what is not None:
        return repr(value)
    raw = np.asarray(value)
    if raw.dtype.kind in "iu" and raw.size == 1:    # every digit, 1234567891 too
        return str(int(raw.ravel()[0]))
    if raw.dtype.kind in "iu" and raw.size > 1:
        return np.array2string(raw, separator=", ", prefix=" " * indent,
                               max_line_width=WIDTH)
    if arr.size == 1:
        return f"{float(arr.ravel()[0]):.{digits}g}"
    # From 0.1 up numpy shows six decimals in fixed point, unless the entries span more
    # than a factor of 1000: then it shows seven digits of each in scientific notation,
    # and a small entry's later digits are rounding (a central difference is off by
    # about the same amount in every entry, whatever its size), which another machine
    # rounds otherwise.  suppress_small keeps the six decimals; an entry they show as 0
    # is shown without a sign, which would be rounding too.
    finite = arr[np.isfinite(arr)]
    fixed = arr.dtype.kind == "f" and np.abs(finite).max(initial=0.0) >= 0.1
    shown = np.where(np.abs(arr) < 5e-7, 0.0, arr) if fixed else arr
    return np.array2string(shown, precision=6, separator=", ", prefix=" " * indent,
                           max_line_width=WIDTH, suppress_small=fixed)


def _point_lines(rows, label, yours="yours", digits=9):
    """A line for each test point ``(where, got, want, mark)`` in ``rows`` (``got``
    None where the answer is not written yet), the columns of the lines that fit
    lined up."""
    shown = [(where, None, None, mark) if got is None else
             (where, _format(got, digits=digits), _format(want, digits=digits), mark)
             for where, got, want, mark in rows]
    flat = [s for s in shown if s[1] is not None and "\n" not in s[1] + s[2]]
    w_where = max((len(s[0]) for s in shown), default=0)
    w_got = max((len(s[1]) for s in flat), default=0)
    w_want = max((len(s[2]) for s in flat), default=0)
    lines = []
    for (where, got_text, want_text, mark), (_, got, want, _) in zip(shown, rows):
        if got_text is None:
            lines.append(f"  {where:<{w_where}}○ not answered yet")
            continue
        line = (f"  {where:<{w_where}}{yours} {got_text:<{w_got}}   "
                f"{label} {want_text:<{w_want}}   {mark}")
        fits = len(line) <= WIDTH and "\n" not in line
        lines.append(line if fits else
                     _point_report(where, got, want, label, mark, yours, digits))
    return lines


def _point_report(where, got, want, label, mark, yours="yours", digits=9):
    """One test point: on one line if it fits in :data:`WIDTH`, else the reader's value
    and the expected one on lines of their own, one under the other."""
    line = (f"  {where}{yours} {_format(got, digits=digits)}   "
            f"{label} {_format(want, digits=digits)}   {mark}")
    if len(line) <= WIDTH and "\n" not in line:
        return line
    pad = max(len(yours), len(label)) + 1
    indent = 4 if where else 2  # no point to name: the head line has the verdict
    rows = [f"{' ' * indent}{name:<{pad}}{_format(value, indent + pad, digits)}"
            for name, value in ((yours, got), (label, want))]
    return "\n".join(([f"  {where}{mark}"] if where else []) + rows)


def _a(noun):
    """``noun`` with its indefinite article: ``a str``, ``an int``."""
    return f"{'an' if noun[0].lower() in 'aeiou' else 'a'} {noun}"


def _as_numbers(value):
    """``(value as an array of floats, None)``, or ``(None, what it is instead)``.

    Text never counts as numbers, although numpy would read ``"1.0"`` as one.
    """
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError):  # a list of parts of different shapes
        return None, f"{_a(type(value).__name__)} whose parts differ in shape"
    if arr.dtype.kind in "biuf":
        return arr.astype(float), None
    if arr.dtype.kind == "O":
        odd = [x for x in arr.ravel() if not isinstance(x, numbers.Real)]
        if not odd:  # Python numbers of mixed kinds, say
            try:
                return arr.astype(float), None
            except OverflowError:     # an int such as 10**400
                return None, checks.TOO_LARGE
        inner = "None" if odd[0] is None else _a(type(odd[0]).__name__)
    else:
        inner = {"U": "a str", "S": "a bytes", "c": "a complex number"}.get(
            arr.dtype.kind, f"a {arr.dtype}")
    if isinstance(value, np.ndarray):
        return None, f"an array holding {inner}"
    if arr.ndim == 0:
        return None, inner
    return None, f"{_a(type(value).__name__)} holding {inner}"


def _not_a_function(answer, name):
    """The report for an ``answer`` that is not a function (its value, say)."""
    return _wrong(f"✗ {name} is not a function: received {_a(type(answer).__name__)}.",
                  "Pass the function itself (my_function), not what it returns "
                  "(my_function(x)).")


def _same_shape(got, want):
    """Equal shapes, or a 1-D ``(n,)`` against a column ``(n, 1)`` or a row ``(1, n)``
    (either way round): a vector is a vector, but a row is not a column.  One number
    held in an array of any shape counts as a number."""
    if got == want:
        return True
    if () in (got, want):
        return math.prod(got) == math.prod(want) == 1
    return any(len(flat) == 1 and other in ((flat[0], 1), (1, flat[0]))
               for flat, other in ((got, want), (want, got)))


def _items(n):
    """``"1 item"``, ``"3 items"``."""
    return f"{n} item{'' if n == 1 else 's'}"


def _short(value, most=60):
    """``repr(value)``, cut to about ``most`` characters for a report."""
    text = repr(value)
    return text if len(text) <= most else text[:most - 1] + "…"


def _wrong(text, hint=None):
    """A failed check: ``text`` wrapped to :data:`WIDTH`, then an indented ``hint``."""
    lines = [textwrap.fill(text, WIDTH, subsequent_indent="  ",
                           break_on_hyphens=False)]
    if hint:
        lines.append(textwrap.fill(hint, WIDTH, initial_indent="  ",
                                   subsequent_indent="  ", break_on_hyphens=False))
    return Check(False, "\n".join(lines))


def _not_answered(name, todo="Replace `raise NotImplementedError` by your answer",
                  answer=None, stub=None, elsewhere=False):
    """The report for an answer not written yet; ``answer``, the function, if the
    answer is one, and ``stub`` the cell whose ``raise NotImplementedError`` said
    so, if known (a check may reach the reader's function through one of its own),
    with the error's message: where that is a cell of its own, the reader must run
    that cell before the check again, and is told so; a message, which a check
    gives where its own test finds a placeholder, says itself what to do.
    ``elsewhere`` says the same of a value left ``None`` in another cell."""
    stub, said = stub if isinstance(stub, tuple) else (stub, None)
    if said and stub in _calling_cells():     # the check's own words, not a stub's
        return _wrong(f"○ {name}: not answered yet.", said)
    cell = stub if stub is not None or answer is None else _cell_of(answer)
    if elsewhere or (cell is not None and cell not in _calling_cells()):
        then = "run that cell, then this one again"
    else:
        then = "run the cell again"
    return _wrong(f"○ {name}: not answered yet.", f"{todo} and {then}.")


# The first line of a worked solution's cell (the book's convention; the tests check it)
SOLUTION_FIRST_LINE = "# Solution"


def _cell_of(function):
    """The name under which the cell (or file) that defined ``function`` was
    compiled, or None for a function without Python code (a builtin, say).
    IPython, and the page's Python, keep each cell's text under that name in
    :mod:`linecache`."""
    code = getattr(inspect.unwrap(function), "__code__", None)
    return code.co_filename if code is not None else None


def _frames():
    """The frames on the stack, innermost first: the one iterating over this
    generator, then its callers."""
    frame = sys._getframe(1)
    while frame is not None:
        yield frame
        frame = frame.f_back


def _calling_cells():
    """The cells (or files) of every frame that is calling the check."""
    return {frame.f_code.co_filename for frame in _frames()}


def _is_solution_cell(cell):
    return _is_solution(linecache.getline(cell, 1))


def _is_solution(source):
    """Whether the text of a cell starts with :data:`SOLUTION_FIRST_LINE`."""
    return source.split("\n", 1)[0].rstrip() == SOLUTION_FIRST_LINE


class _SolutionRan(Exception):
    """The answer called a function from a worked solution's cell other than the one
    running the check.  In JupyterLab, Run All runs the folded solution after the
    reader's answer; it defines a function of the same name, which replaces the
    reader's, and a later check that calls it, directly or through a function of its
    own, would pass without an answer.  The solution's own check, in its cell, is
    the one check that may run it."""

    def __init__(self, function):
        super().__init__(function)
        self.function = function


@contextmanager
def _watching_solutions():
    """Note the first Python function called from a worked solution's cell that is
    not calling the check, and raise :class:`_SolutionRan` for it at the end.

    The function a check is given, or one it reaches through a function of its own
    (``lambda k: on_copies(answer, ...)``, a class of the solution's): a profile hook
    sees every call, and tests each cell once."""
    calling, seen, found = _calling_cells(), set(), []
    previous = sys.getprofile()

    def hook(frame, event, arg):
        if previous is not None:
            previous(frame, event, arg)
        if event != "call" or found:
            return
        cell = frame.f_code.co_filename
        if cell in seen:
            return
        seen.add(cell)
        if cell not in calling and _is_solution_cell(cell):
            found.append(frame.f_code.co_qualname)

    sys.setprofile(hook)
    try:
        yield
    finally:
        sys.setprofile(previous)
    if found:
        raise _SolutionRan(found[0])


class _ReturnedNone(Exception):
    """The answer ran to its end and returned nothing: a forgotten ``return``, or a
    placeholder such as ``pass``."""


def _call(answer, args):
    """Call ``answer(*args)``; ``(value, None)``, or ``(None, stub)`` for 'not answered
    yet': ``stub`` is ``(cell, message)``, the cell that raised
    ``NotImplementedError`` and the error's message (None if it has none), or
    None where the answer returned ``...``.

    Raises :class:`_ReturnedNone` if the answer returned ``None`` without raising
    ``NotImplementedError``, and :class:`_SolutionRan` if it ran a worked solution's
    function; the checks report these like any other error in the answer.
    """
    try:
        with _watching_solutions():
            value = answer(*args)
    except NotImplementedError as err:
        tb = err.__traceback__
        while tb.tb_next is not None:
            tb = tb.tb_next
        # the cell that raised it, and what it says to do, if it says
        return None, (tb.tb_frame.f_code.co_filename, str(err) or None)
    if value is Ellipsis:
        return None, None
    if value is None:
        raise _ReturnedNone
    return value, None


def check_values(answer, expected, points, *, name="your function", rtol=1e-6, atol=1e-9,
                 expected_label="expected", answer_label="yours", exact_shape=False,
                 digits=9, refuse=(), shortcuts=(), given=None):
    """Compare ``answer(*p)`` with ``expected(*p)`` at every tuple ``p`` in ``points``.

    The shapes must agree, except that a 1-D ``(n,)`` may stand for a column
    ``(n, 1)`` or a row ``(1, n)``, either way round; a row where a column is expected
    fails.  With ``exact_shape=True`` even that is a mismatch (an array that ``nnlib``
    will add to a column must be a column).  Text and other things that are not
    numbers fail, even ``"1.0"``.  ``answer_label`` and ``expected_label`` name the
    two values in the report.  Points where the answer is not written yet (it raises
    ``NotImplementedError``) are marked so, and the others are checked: the check
    passes only when every point is answered and right.  Numbers are shown to
    ``digits`` significant digits.

    ``refuse``: for a derivative checked against finite differences, the functions it
    differentiates.  An answer that calls one of them, or
    :func:`~nnlib.gradcheck.numerical_gradient`, is a finite difference itself and
    would agree without deriving anything; while it runs they refuse to run, and the
    check says why.  ``shortcuts``: the library's own functions or methods
    (``nnlib.softmax``, ``Network.accuracy``) that would do the exercise for the
    answer; they refuse to run too, wherever they are reached from (a name in the
    notebook, a module of ``nnlib``, a method of a class).

    ``given``, if not ``None``, maps a point to what the answer receives in its
    place (one argument, or a tuple of them), computed before the answer runs: an
    answer given the values of a forward pass, ``given=lambda b: chain.forward(b_L=b)``,
    can then be refused ``chain.forward``, which it has no need of, and the report
    still names each point by ``p``.
    """
    if not callable(answer):
        return _not_a_function(answer, name)
    points = list(points)
    if not points:      # the book's mistake: nothing would be checked
        raise ValueError("a check needs at least one point to compare the answer "
                         "at; received none")
    reader = answer
    if refuse or shortcuts:
        answer = _refusing(answer, refuse, shortcuts)
    rows, passed, unanswered, compared, verdicts = [], True, 0, [], []
    furthest = []   # for each point, where a wrong array is furthest off, or None
    stubs = []      # the cells that said "not answered yet"
    short = None    # a float type of fewer digits than float64 in the answer's values
    for p in points:
        p = p if isinstance(p, tuple) else (p,)
        # each function gets copies of the point: an answer that changes its
        # argument in place must not change the point or the expected value
        want = expected(*_copy(p))
        want_arr, what = _as_numbers(want)
        if what is not None:      # the book's mistake, not the reader's
            raise ValueError(f"check_values compares numbers and arrays of numbers; "
                             f"the expected value at {p!r} is {what} (check a list of "
                             f"arrays of different shapes one array at a time)")
        received = p if given is None else given(*_copy(p))
        received = received if isinstance(received, tuple) else (received,)
        mine = _copy(received)
        try:
            got, stub = _call(answer, mine)
        except _SolutionRan as err:
            return _raised(name, err)
        except Exception as err:  # the reader's code failed: say how, don't raise
            at = f" at ({', '.join(_format(v) for v in p)})" if p else ""
            return _raised(name + at, err, given is not None)
        if got is None:   # not answered yet here: say how the other points do
            unanswered += 1
            stubs.append(stub)
            where = f"at ({', '.join(_format(v) for v in p)}): " if p else ""
            rows.append((where, None, None, None))
            furthest.append(None)
            continue
        if _changed(mine, received):
            return _changed_in_place(name)
        got_arr, what = _as_numbers(got)
        if what is not None:
            return _wrong(f"✗ {name} returned {what}; expected a number or an array "
                          f"of numbers.")
        short = short or _short_float(got)
        same = (got_arr.shape == want_arr.shape if exact_shape
                else _same_shape(got_arr.shape, want_arr.shape))
        if not same:
            at = f"({', '.join(_format(v) for v in p)})" if p else ""
            turned = got_arr.ndim == 2 and got_arr.shape[::-1] == want_arr.shape
            flat = got_arr.ndim == 1 and want_arr.shape == (got_arr.size, 1)
            unflat = want_arr.ndim == 1 and got_arr.shape in ((want_arr.size, 1),
                                                              (1, want_arr.size))
            # a sum over the rows where one over the columns belongs, or back
            other_axis = (got_arr.ndim == want_arr.ndim == 2 and 1 in got_arr.shape
                          and 1 in want_arr.shape and not turned)
            counted = (isinstance(got, (list, tuple)) and isinstance(want, (list, tuple))
                       and len(got) != len(want))
            if counted:
                return _wrong(f"✗ {name}{at} returned {_items(len(got))}, expected "
                              f"{len(want)}.")
            return _wrong(f"✗ {name}{at}: shape {got_arr.shape}, expected "
                          f"{want_arr.shape}.",
                          "Rows and columns swapped? Look for a transpose (.T) too "
                          "many or too few (in this book each example is a column)."
                          if turned else
                          "A flat array where a column belongs: keep the axis "
                          "(keepdims=True) or reshape it, .reshape(-1, 1)."
                          if flat else
                          f"A {'column' if got_arr.shape[1] == 1 else 'row'} where a "
                          f"flat array belongs: make it flat, .ravel() (or leave out "
                          f"keepdims=True)."
                          if unflat else
                          "A row where a column belongs, or the other way round: "
                          "summed or averaged over the wrong axis (axis=0 where "
                          "axis=1 belongs, or back)?"
                          if other_axis else None)
        got_arr = got_arr.reshape(want_arr.shape)
        ok = bool(np.allclose(got_arr, want_arr, rtol=rtol, atol=atol))
        passed &= ok
        compared.append((got_arr, want_arr))
        verdicts.append((p, ok))
        where = f"at ({', '.join(_format(v) for v in p)}): " if p else ""
        rows.append((where, got, want, "✓" if ok else "✗"))
        furthest.append(None if ok else _furthest_off(
            got_arr, want_arr, rtol, atol, answer_label, expected_label,
            indent=4 if p else 2))
    lines = [line if far is None else f"{line}\n{far}" for line, far in
             zip(_point_lines(rows, expected_label, answer_label, digits), furthest)]
    if unanswered == len(lines):
        return _not_answered(name, answer=reader, stub=stubs[0])
    if passed and unanswered:
        answered = len(lines) - unanswered
        head = (f"○ {name} agrees with the {expected_label} value at the {answered} "
                f"point(s) answered; {unanswered} not answered yet.")
        tail, passed = [], False
    elif passed:
        at_all = f" at all {len(lines)} points" if len(lines) > 1 else ""
        head, tail = f"✓ {name} agrees with the {expected_label} value{at_all}.", []
    else:
        head = f"✗ {name} disagrees with the {expected_label} value (rtol={rtol:g})."
        tail = ["Look at the points marked ✗."] if len(lines) > 1 else []
        # values in a short float carry its rounding: compared more loosely here
        loose = max(rtol, _slack(short)) if short else rtol
        slip = (_precision_slip(compared, short, rtol, atol)
                or _slip(compared, loose, atol) or _only_where(verdicts, expected)
                or _near_miss(compared, rtol, atol))
        if slip:
            tail.append(textwrap.fill(slip, WIDTH, break_on_hyphens=False))
    head = textwrap.fill(head, WIDTH, break_long_words=False, break_on_hyphens=False)
    return Check(passed, "\n".join([head] + lines + tail))


def _furthest_off(got, want, rtol, atol, yours, label, indent):
    """The entry of a wrong array answer furthest outside the tolerance, as a line of
    the report naming its index and both values in full (the arrays above show the
    digits of their largest entries, which can hide a small entry's mistake); ``None``
    for a single number."""
    if want.size < 2:
        return None
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        off = np.abs(got - want) / (atol + rtol * np.abs(want))
    off[np.isnan(off)] = np.inf          # NaN, or inf beside inf: as far off as any
    at = np.unravel_index(np.argmax(off), want.shape)
    head = f"{' ' * indent}furthest off, entry [{', '.join(map(str, at))}]:"
    values = f"{yours} {got[at]:.9g}, {label} {want[at]:.9g}"
    if len(f"{head} {values}") <= WIDTH:
        return f"{head} {values}"
    return f"{head}\n{' ' * (indent + 2)}{values}"


def _slip(compared, rtol, atol):
    """A hint at the slip behind wrong values, when every value shares it: nan or
    infinity where the expected value is finite, or one factor between the answer
    and the expected value (the sign, a ½ or a 2, a percentage) across at least two
    numbers; else ``None``."""
    got = np.concatenate([g.ravel() for g, _ in compared])
    want = np.concatenate([w.ravel() for _, w in compared])
    finite = np.isfinite(want)
    if not np.all(np.isfinite(got[finite])):
        return ("Some of your values are nan or inf: did an exp overflow, or something "
                "divide by zero?")
    c = _factor(got[finite], want[finite], rtol, atol)
    if c is None:
        return _unnormalised(compared, rtol, atol) or _count_slip(compared, rtol, atol)
    hints = {-1: "Each value has the opposite sign: a difference the wrong way round "
                 "(a − y or y − a?), or a lost minus sign?",
             2: "Each value is twice the expected one: a ½ too few, a 2 too many, a "
                "sum where a mean belongs, or a factor twice its right value (a "
                "number from the wrong layer or the wrong input?)",
             0.5: "Each value is half the expected one: a ½ too many, a 2 too few, a "
                  "mean where a sum belongs, or a factor half its right value (a "
                  "number from the wrong layer or the wrong input?)",
             100: "Each value is 100 times too large: a percentage, where a fraction "
                  "is asked?"}
    named = next((hint for factor, hint in hints.items()
                  if math.isclose(c, factor, rel_tol=rtol)), None)
    if named is not None or c == 0 or abs(c - 1) < 0.01:   # near 1: rounding, say
        return named
    return _unnormalised(compared, rtol, atol) or (
        f"Each value is {c:.4g} times the expected one: a factor too many or too few "
        f"(which number of the formula has that size?)")


def _short_float(value):
    """The name of ``value``'s float type if it keeps fewer digits than float64
    (``"float32"``, ``"float16"``), else ``None``."""
    dtype = np.asarray(value).dtype
    return dtype.name if dtype.kind == "f" and dtype.itemsize < 8 else None


def _precision_slip(compared, short, rtol, atol):
    """A hint for wrong values computed in a float type of fewer digits than the
    check needs (``short``, from :func:`_short_float`), when every value is right to
    that type's own precision (:func:`_slack`); else ``None``, and the other hints
    look for the slip."""
    if short is None:
        return None
    eps = float(np.finfo(short).eps)
    if eps < rtol / 100 or not all(np.allclose(got, want, rtol=_slack(short), atol=atol)
                                   for got, want in compared):
        return None
    return (f"Your values are {short}, which keeps only about "
            f"{np.finfo(short).precision} significant digits, too few for this check "
            f"(rtol={rtol:g}): compute in float64, numpy's default (leave out "
            f"dtype=np.{short} and .astype(np.{short})).")


def _slack(short):
    """The relative error that a few operations in the float type ``short`` can
    leave: a hundred units in its last place, at most 1% (float16's)."""
    return min(100 * float(np.finfo(short).eps), 0.01)


def _near_miss(compared, rtol, atol):
    """A hint when every value agrees with the expected one to at least three
    significant digits but not to ``rtol``: digits lost somewhere (float32 on the way,
    a rounded number, an approximation); else ``None``."""
    worst = max(float(np.max(np.abs(got - want) / (atol + np.abs(want))))
                for got, want in compared)
    if not worst < 1e-3:   # NaN too
        return None
    digits = int(-math.log10(worst)) if worst > 0 else 16
    return (f"Your values agree with the expected ones to only about {digits} "
            f"significant digits: were digits lost on the way (a step in float32, a "
            f"rounded number, an approximation where the exact formula is asked)?")


def _only_where(verdicts, expected):
    """A hint when the wrong points are exactly those where one argument takes one
    value the right points never take (``scale`` 3 where it is 1 elsewhere), at two
    wrong points or more: that argument, named as ``expected`` names it, and its
    value; else ``None``."""
    wrong = [p for p, ok in verdicts if not ok]
    right = [p for p, ok in verdicts if ok]
    if len(wrong) < 2 or not right:
        return None
    try:
        positional = (inspect.Parameter.POSITIONAL_ONLY,
                      inspect.Parameter.POSITIONAL_OR_KEYWORD)
        names = [parameter.name
                 for parameter in inspect.signature(expected).parameters.values()
                 if parameter.kind in positional]    # not *rest
    except (TypeError, ValueError):      # some built-ins have none to read
        names = []
    for i in range(min(len(p) for p, _ in verdicts)):
        values = {_format(p[i]) for p in wrong}
        if len(values) == 1 and values.isdisjoint(_format(p[i]) for p in right):
            name = (names[i] if len(names) == len(wrong[0]) and i < len(names)
                    else f"argument {i + 1}")
            return (f"Only the points where {name} is {values.pop()} are wrong: "
                    f"what is different there?")
    return None


def _factor(got, want, rtol, atol):
    """The number ``c`` with ``got`` = ``c`` · ``want`` (finite arrays of one shape), or
    None if there is none, or if fewer than two numbers of ``want`` are not about 0
    (then any wrong number is some factor of the right one)."""
    big = np.abs(want) > atol
    if big.sum() < 2:
        return None
    c = float(np.median(got[big] / want[big]))
    return c if np.allclose(got, c * want, rtol=rtol, atol=atol) else None


def _count_slip(compared, rtol, atol):
    """A hint when each wrong point's values are the expected ones a whole number of
    times too large or too small, not the same number at every point (as the size
    of each point's batch would be): a sum where a mean belongs, or the other way;
    else ``None``."""
    wrong = _wrong_points(compared, rtol, atol)
    factors = [_ratio(got, want, rtol, atol) for got, want in wrong]
    if (len(wrong) < 2 or None in factors
            or len(set(np.round(factors, 6))) < 2):   # one: _slip's case
        return None
    if all(c >= 2 and math.isclose(c, round(c), rel_tol=rtol) for c in factors):
        return (f"Each point's values are a whole number of times too large "
                f"({', '.join(f'{round(c)}×' for c in factors)}), not the same at "
                f"every point, as the number of examples might be: a sum (or a count) "
                f"where a mean (or a fraction) belongs, a 1/m too few?")
    if all(0 < c <= 0.5 and math.isclose(1 / c, round(1 / c), rel_tol=rtol)
           for c in factors):
        return (f"Each point's values are a whole number of times too small "
                f"({', '.join(f'1/{round(1 / c)}' for c in factors)}), not the same "
                f"at every point, as the number of examples might be: a mean where a "
                f"sum belongs (a 1/m too many)?")
    return None


def _unnormalised(compared, rtol, atol):
    """A hint when the expected values at each wrong point are probabilities (more
    than one, summing to 1) and the answer's are the same times a positive factor
    other than 1: a division by their sum missing, or another number divided by in
    its place; else ``None``."""
    wrong = _wrong_points(compared, rtol, atol)
    for got, want in wrong:
        total = float(got.sum())
        if (want.size < 2 or not math.isclose(float(want.sum()), 1.0, rel_tol=1e-9)
                or not total > 0
                or not np.allclose(got, total * want, rtol=rtol, atol=atol)):
            return None
    return ("At each point your values are the expected probabilities times a factor, "
            "so they do not sum to 1: is the division by their sum missing, or "
            "another number divided by in its place?") if wrong else None


def _wrong_points(compared, rtol, atol):
    """The ``(got, want)`` pairs of ``compared`` that disagree."""
    return [(got, want) for got, want in compared
            if not np.allclose(got, want, rtol=rtol, atol=atol)]


def _ratio(got, want, rtol, atol):
    """The number ``c`` with ``got`` = ``c`` · ``want``: :func:`_factor`, or for one
    number their quotient (None where the expected number is about 0)."""
    if want.size == 1:
        w = float(want.ravel()[0])
        return float(got.ravel()[0]) / w if abs(w) > atol else None
    return _factor(got, want, rtol, atol)


def _copy(point):
    """A deep copy of a test point (the point itself if it cannot be copied)."""
    try:
        return copy.deepcopy(point)
    except Exception:
        return point


def _changed(mine, point):
    """Whether an array of the point differs in ``mine``, the copy the answer got:
    an array among its values, in a list or tuple of them, or a network's weights
    and biases."""
    def arrays(values):
        for v in values:
            if isinstance(v, np.ndarray):
                yield v
            elif isinstance(v, (list, tuple)):
                yield from arrays(v)
            elif isinstance(v, Network):
                yield from arrays(list(v.weights) + list(v.biases))
            else:
                yield None   # keeps the two walks in step

    return any(isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
               and (a.shape != b.shape or not np.array_equal(a, b, equal_nan=True))
               for a, b in zip(arrays(mine), arrays(point)))


def check_derivative(answer, f, points, *, name="your derivative", h=1e-5, rtol=1e-6,
                     atol=1e-9, refuse=(), shortcuts=(), given=None):
    """Compare the reader's derivative ``answer(x)`` with the central difference of ``f``.

    ``f`` and ``answer`` take the same arguments; the derivative is taken with respect to
    the first one.  ``points`` is a list of arguments (or argument tuples).  Values are
    shown to 7 significant digits: rounding in ``f`` moves a central difference with
    ``h = 1e-5`` by about 1e-11 of ``f``'s size, so further digits would differ from
    one machine's ``exp`` to another's.

    An answer that is itself a finite difference would agree with the check without
    deriving anything, so while it runs, ``f`` and
    :func:`~nnlib.gradcheck.numerical_gradient` refuse to run (``refuse`` of
    :func:`check_values`), and the check says why.  ``refuse`` adds the functions
    ``f`` is made from (the page's ``cost``, when ``f`` fixes some of its
    arguments): a difference of those would agree just as well.
    ``shortcuts`` and ``given`` are those of :func:`check_values`: with ``given``,
    ``f`` still takes the point and the answer what ``given`` makes of it.
    """
    from nnlib.gradcheck import stored_step

    def central(x, *rest):
        return (f(x + h, *rest) - f(x - h, *rest)) / stored_step(x, h)

    return check_values(answer, central, points, name=name, rtol=rtol, atol=atol,
                        expected_label="finite-difference", digits=7,
                        refuse=(f, *refuse), shortcuts=shortcuts, given=given)


class _UsedTheFunction(Exception):
    """The reader's answer called a function it was asked not to (see ``refuse`` and
    ``shortcuts`` of :func:`check_values`); ``shortcut`` tells which kind."""

    def __init__(self, what, shortcut=False):
        super().__init__(what)
        self.what, self.shortcut = what, shortcut


def _places(function):
    """Every ``(owner, attribute)`` through which ``function`` is reached in
    ``nnlib``: its modules' names for it, and, for a method, its class; and, for a
    function of another library, the modules of its package that export it
    (``scipy.special.softmax``)."""
    import sys

    places = [(module, key) for name, module in list(sys.modules.items())
              if name == "nnlib" or name.startswith("nnlib.")
              for key, value in list(vars(module).items()) if value is function]
    places += [(module, function.__name__) for module in _exporting(function)
               if not getattr(module, "__name__", "").startswith("nnlib")]
    owner_name, _, attribute = getattr(function, "__qualname__", "").rpartition(".")
    owner = getattr(sys.modules.get(getattr(function, "__module__", "")), owner_name,
                    None)
    if isinstance(owner, type) and vars(owner).get(attribute) is function:
        places.append((owner, attribute))
    return places


def _exporting(function):
    """The modules of ``function``'s package that have it under its own name, from
    its own module up to the package (``scipy.special._logsumexp``, then
    ``scipy.special``)."""
    name, parts = getattr(function, "__name__", None), (
        getattr(function, "__module__", None) or "").split(".")
    modules = (sys.modules.get(".".join(parts[:i])) for i in range(len(parts), 0, -1))
    # (sys.modules may hold stand-ins that are not modules: hence getattr)
    return [m for m in modules if name
            and getattr(m, "__dict__", {}).get(name) is function]


def _library_name(function):
    """How a reader would write ``function``: ``Network.forward`` for a method,
    ``nnlib.softmax`` for what the package exports, ``chain.forward`` for the rest of
    nnlib (the book imports such modules by name: ``from nnlib import chain``), and
    another library's function by the outermost module that exports it
    (``scipy.special.softmax``)."""
    import nnlib

    qualname = getattr(function, "__qualname__", repr(function))
    module = getattr(function, "__module__", None) or "nnlib"
    exported = _exporting(function) if not module.startswith("nnlib") else []
    if exported and "." not in qualname:
        return f"{getattr(exported[-1], '__name__', module)}.{qualname}"
    if "." in qualname or getattr(nnlib, qualname, None) is function:
        return qualname if "." in qualname else f"nnlib.{qualname}"
    return f"{module.rpartition('.')[2]}.{qualname}"


def _refusing(answer, functions, shortcuts=()):
    """``answer``, with each of ``functions``, ``numerical_gradient`` and ``shortcuts``
    raising :class:`_UsedTheFunction` while it runs: under each name in ``answer``'s
    module (a notebook's namespace) bound to one of them, and wherever ``nnlib`` keeps
    one of them (a module's name, a class's method)."""
    from nnlib import gradcheck

    def refuse(what, shortcut=False):
        def refused(*args, **kwargs):
            raise _UsedTheFunction(what, shortcut)
        return refused

    real_gradient = gradcheck.numerical_gradient
    differences = [real_gradient, *functions]

    def refusing(*args):
        names = getattr(answer, "__globals__", {})
        swaps = []      # (owner, attribute, stand-in): a dict's key or an attribute
        for key, value in list(names.items()):
            if any(value is f for f in differences):
                swaps.append((names, key, refuse(key)))
            elif any(value is f for f in shortcuts):
                swaps.append((names, key, refuse(key, shortcut=True)))
        for function in [*differences, *shortcuts]:
            shortcut = not any(function is f for f in differences)
            what = ("numerical_gradient" if function is real_gradient
                    else _library_name(function))
            swaps += [(owner, key, refuse(what, shortcut))
                      for owner, key in _places(function)
                      # a name of answer's own module is refused under that name above
                      if getattr(owner, "__dict__", None) is not names]
        with _swapped(swaps):
            return answer(*args)

    return refusing


@contextmanager
def _swapped(swaps):
    """For each ``(owner, key, stand_in)``, ``owner[key]`` (a dict, a notebook's
    namespace) or ``owner.key`` (a module, a class) is ``stand_in`` while the block
    runs, and what it was again after."""
    saved = []
    try:
        for owner, key, stand_in in swaps:
            if isinstance(owner, dict):
                saved.append((owner, key, owner[key]))
                owner[key] = stand_in
            else:
                saved.append((owner, key, getattr(owner, key)))
                setattr(owner, key, stand_in)
        yield
    finally:
        for owner, key, value in reversed(saved):
            if isinstance(owner, dict):
                owner[key] = value
            else:
                setattr(owner, key, value)


def check_number(answer, expected, *, name="your answer", rtol=1e-9, atol=1e-12,
                 reveal=True, hint=None):
    """Compare a number (or array) the reader computed with the expected one.

    With ``reveal=False`` a wrong number is reported without the expected one (where
    that number is the whole answer, a count, say), followed by ``hint``.  A ``name``
    that is a variable's is looked up in the cells run so far: a value set last by a
    worked solution's cell, not the one running the check, is not the reader's.
    """
    if answer is None or answer is Ellipsis:
        return _not_answered(name, "Put your answer in place of `None`",
                             elsewhere=name.isidentifier()
                             and _assigned_by_the_calling_cell(name) is False)
    if name.isidentifier() and _set_by_a_solution(name):
        return _wrong(f"○ {name}: the value is the worked solution's. The last cell "
                      f"to set {name} has the first line {SOLUTION_FIRST_LINE!r} and "
                      "ran after your answer's cell (Run All runs every cell).",
                      "Run your answer's cell again (without that line, if you copied "
                      "the solution into it), then this check.")
    result = check_values(lambda: answer, lambda: expected, [()], name=name, rtol=rtol,
                          atol=atol)
    got, what = _as_numbers(answer)
    if (result.passed or reveal or what is not None
            or not _same_shape(got.shape, np.shape(expected))):
        return result   # right, or wrong in kind or shape: no value is given away
    return _wrong(f"✗ {name}: {_format(answer)} is not right.", hint)


def _assigned_by_the_calling_cell(variable):
    """Whether the cell running the check (the top-level code of the frames
    calling it: a notebook cell, or a script) assigns ``variable``; None where
    that code's text is not to be had.  IPython, and the page's Python, keep
    each cell's text in :mod:`linecache` (see :func:`_cell_of`), whether or not
    they keep a record of the cells run."""
    found = None
    for frame in _frames():
        if frame.f_code.co_name == "<module>":
            source = "".join(linecache.getlines(frame.f_code.co_filename))
            if source:
                found = found or _assigns(source, variable)
    return found


def _set_by_a_solution(variable):
    """Whether the cell run last of those that assign ``variable`` is a worked
    solution's, other than the cell running now.

    Run All runs the folded solution after the reader's answer, and a number it sets
    takes the answer's name, as a function it defines does (see
    :class:`_SolutionRan`).  IPython keeps the text of each cell it runs, in the
    order run, in ``In``, the cell running now last; where no such record is kept
    (the page's Python, a run that stores no history), the value is taken as the
    reader's.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    history = getattr(shell, "user_ns", {}).get("In")
    if not isinstance(history, list):
        return False
    for index in range(len(history) - 1, -1, -1):
        if _assigns(history[index], variable):
            return index != len(history) - 1 and _is_solution(history[index])
    return False


def _assigns(source, variable):
    """Whether the Python ``source`` of a cell sets the notebook's name ``variable``
    (``=``, ``+=``, ``:=``, a ``for``'s target, unpacking, ``globals()[...] =``),
    in its own statements or those of its ``if``, ``for``, ``with`` and ``try``
    blocks, and in the body of a cell magic (``%%time``), which IPython's record
    holds as a string; a name a function, class or comprehension sets is its own."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    scopes = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
              ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
    nodes = [tree]
    while nodes:
        node = nodes.pop()
        if isinstance(node, ast.Name) and node.id == variable and isinstance(
                node.ctx, ast.Store):
            return True
        if (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store)
                and _called(node.value, "globals")
                and isinstance(node.slice, ast.Constant) and node.slice.value == variable):
            return True
        if (_called(node, "run_cell_magic") and len(node.args) == 3
                and isinstance(node.args[2], ast.Constant)
                and isinstance(node.args[2].value, str)
                and _assigns(node.args[2].value, variable)):
            return True
        nodes.extend(child for child in ast.iter_child_nodes(node)
                     if not isinstance(child, scopes))
    return False


def _called(node, name):
    """Whether ``node`` is a call of a function or method named ``name``."""
    return isinstance(node, ast.Call) and name in (
        getattr(node.func, "id", None), getattr(node.func, "attr", None))


class ChangedInPlace(ValueError):
    """Raised by :func:`on_copies` when the answer changed an array it was given."""


def on_copies(answer, *args):
    """Call ``answer(*args)`` with a copy of each argument that can be copied.

    For a check whose test points hand the answer arrays of the check's own (through
    a small function of the check cell, which :func:`check_values` cannot copy for
    it): an answer that changes one in place would spoil every later check of them.
    Raises :class:`ChangedInPlace` if it changed an array it was given (an argument,
    an array in a list or tuple, or a network's weights and biases), which the check
    reports.
    """
    given = tuple(_copy(arg) for arg in args)
    value = answer(*given)
    if _changed(given, args):
        raise ChangedInPlace
    return value


def _changed_in_place(name):
    return _wrong(f"✗ {name} changed its argument in place (an assignment such as "
                  f"z[...] = ... or an operator such as +=).",
                  "Leave the argument as it was: compute a new array "
                  "(np.maximum(z, 0), z * 2, ...) or work on z.copy().")


def _raised(name, err, given=False):
    """The report of a check whose answer raised ``err``, wrapped to :data:`WIDTH`;
    ``given``: the answer received values computed for it (``given`` of
    :func:`check_values`), so that running a refused function was needless."""
    if isinstance(err, ChangedInPlace):
        return _changed_in_place(name)
    if isinstance(err, _SolutionRan):
        # the answer's own function, or one it calls from an earlier exercise?
        own = (name.split() or [""])[0] in (err.function,
                                            err.function.split(".")[0])
        cell = ("your answer's cell" if own
                else f"the cell where you wrote your {err.function}")
        return _wrong(f"○ {name}: the check ran the worked solution's {err.function}, "
                      f"not yours: it comes from a cell whose first line is "
                      f"{SOLUTION_FIRST_LINE!r}, which ran after {cell} "
                      "(Run All runs every cell) and took the name.",
                      f"Run {cell} again (without that line, if you copied "
                      "the solution into it), then this check.")
    if isinstance(err, _UsedTheFunction) and err.shortcut:
        does = (f"builds a {err.what.removesuffix('.__init__')}"
                if err.what.endswith(".__init__") else f"calls {err.what}")
        return _wrong(f"✗ {name} {does}, which does the exercise's work for it.",
                      "Write that part yourself, from the pieces the exercise names.")
    if isinstance(err, _UsedTheFunction) and given:
        return _wrong(f"✗ {name} calls {err.what}, which it has no need of: it "
                      f"receives the values it needs as its argument, and running "
                      f"{err.what} again at nudged values would be a finite "
                      f"difference, the check's own numbers.",
                      "Work the derivative out with the chain rule and compute it from "
                      "the values your function receives.")
    if isinstance(err, _UsedTheFunction):
        return _wrong(f"✗ {name} calls {err.what}. A derivative found by evaluating "
                      f"the function at nudged points (a finite difference) gives the "
                      f"check's own numbers, so agreeing with them proves nothing.",
                      "Work the derivative out by hand, with the rules of calculus "
                      "(the chain rule among them), and compute it from that formula.")
    if isinstance(err, _ReturnedNone):
        return _wrong(f"○ {name} returned None.",
                      "If you have written your answer, does it end with `return`? "
                      "If not yet, leave `raise NotImplementedError` in its place.")
    text = str(err)
    if (isinstance(err, (TypeError, AttributeError)) and "NoneType" in text
            or "received None" in text):   # nnlib's checks name what they received
        hint = ("Something you wrote returned None: does each function or method end "
                "with `return`?")
    elif isinstance(err, AttributeError) and re.search(
            r"'(float|int)' object has no attribute '(val|dot)'", text):
        hint = ("A plain number stood where a dual number belongs: does each method "
                "return a Dual, and does each turn a plain number it is given into one "
                "first (chapter 7's Dual.lift does)?")
    elif isinstance(err, RecursionError):
        hint = _recursion_hint(err)
    elif isinstance(err, ValueError) and re.search(
            r"could not (be )?broadcast|mismatch in its core dimension|not aligned", text):
        hint = ("The shapes do not fit: print the .shape of each array, and look for a "
                "missing .T, the wrong axis or another layer's array.")
    else:
        hint = None
    return _wrong(f"✗ {name} raised {type(err).__name__}: {text}", hint)


def _recursion_hint(err):
    """The hint for a ``RecursionError``: the functions that called each other without
    end, read off the middle of its traceback (its end may lie in whatever was
    running when the limit was reached), named from the first of them called."""
    frames, tb = [], err.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    codes = [frame.f_code for frame in frames]
    middle = codes[max(0, len(codes) // 2 - 30):len(codes) // 2 + 30]
    period = next((p for p in range(1, 13) if len(middle) > 2 * p and all(
        middle[i] is middle[i + p] for i in range(len(middle) - p))), None)
    if period is None:
        return ("Your function calls itself without end, directly or through "
                "another function.")
    cycle = middle[:period]
    first = next(i for i, code in enumerate(codes) if code in cycle)
    start = cycle.index(codes[first])
    cycle = cycle[start:] + cycle[:start]
    # a function defined in another's body is named after it: keep the last part
    names = [code.co_qualname.rsplit("<locals>.", 1)[-1] for code in cycle]
    if len(names) == 1:
        method = cycle[0].co_name
        owner = frames[first].f_locals.get("self")
        inherited = owner is not None and any(
            method in vars(base) for base in type(owner).__mro__[1:-1])
        instead = (f"super().{method}(...), the method it overrides"
                   if inherited else "a function of nnlib's, say")
        return (f"{names[0]} calls itself without end: does it call itself where it "
                f"means another function ({instead})?")
    library = __name__.split(".")[0]
    if any(f"{library}{os.sep}" in code.co_filename for code in cycle):
        return (f"{' calls '.join(names)}, which calls {names[0]} again, without "
                f"end: does your code call a function of the library that calls it "
                f"back?")
    return (f"{' calls '.join(names)}, which calls {names[0]} again, without end: "
            f"one of them must find its result without calling the other.")


def check_network(answer, X, labels, *, at_least, name="your network", data="validation",
                   sizes=None, activation=None, cost=None, trained_on=None, epochs=None,
                   batch_size=None):
    """Check the network ``answer()`` returns: it reads at least ``at_least`` of ``X``.

    ``X`` ``(n_1, m)`` and ``labels`` (classes ``(m,)`` or one-hot columns) are the
    examples it is scored on, called ``data`` in the report.  ``sizes``,
    ``activation`` (a name such as ``"relu"``) and ``cost`` (``"cross_entropy"``), when
    given, must match as well, so that a network of another shape or kind does not
    pass by accident.  With ``trained_on=(X_train, Y_train)`` the check watches
    :func:`nnlib.sgd` while ``answer`` runs: the network must be trained by it, on
    those examples only (a network trained on the data it is scored on would pass for
    the wrong reason), for ``epochs`` epochs in all if given, and in mini-batches of
    ``batch_size`` if given.  An error raised while training
    (:class:`~nnlib.train.TrainingDiverged`, say) is reported, not raised, and so is
    an answer that is not a :class:`nnlib.Network` (the
    :class:`~nnlib.train.History` that :func:`~nnlib.train.sgd` returns).
    """
    if not callable(answer):
        return _not_a_function(answer, name)
    calls = []
    module = getattr(inspect.unwrap(answer), "__globals__", None)
    watching = (_watching_sgd(calls, module) if trained_on is not None
                else nullcontext())
    try:
        with watching:
            net, stub = _call(answer, ())
    except Exception as err:  # the reader's code failed: say how, don't raise
        return _raised(name, err)
    if net is None:
        return _not_answered(name, answer=answer, stub=stub)
    if not isinstance(net, Network):
        return _wrong(f"✗ {name} should return the trained Network; it returned "
                      f"{_a(type(net).__name__)}.",
                      "sgd trains the network in place and returns a History of the "
                      "training: return the network itself (net), not the History "
                      "or a pair.")
    if sizes is not None and list(net.sizes) != list(sizes):
        return _wrong(f"✗ {name}: the network has sizes {list(net.sizes)}, "
                      f"expected {list(sizes)}.")
    if activation is not None and net.activation.name != activation:
        return Check(False, f"✗ {name}: the hidden layers use {net.activation.name}, "
                            f"expected {activation}.")
    if cost is not None and net.cost_function.name != cost:
        return Check(False, f"✗ {name}: the network's cost is "
                            f"{net.cost_function.name}, expected {cost}.")
    if trained_on is not None:
        wrong = _training_mistake(calls, net, trained_on, epochs, batch_size)
        if wrong:
            return _wrong(f"✗ {name}: {wrong}")
    try:
        accuracy = net.accuracy(X, labels)
    except ValueError as err:   # a network for other data: say so, don't raise
        return _wrong(f"✗ {name} cannot be scored on the {data} examples: {err}.",
                      "Build the network with the sizes the exercise asks for.")
    m = np.shape(X)[1] if np.ndim(X) > 1 else 1     # (n_1,): one example
    passed = accuracy >= at_least
    return Check(passed, f"{'✓' if passed else '✗'} {name}: {accuracy:.1%} of the {data} "
                         f"examples right ({round(accuracy * m)} of {m}).\n"
                         f"  At least {at_least:.0%} is asked.")


@contextmanager
def _watching_sgd(calls, namespace=None):
    """Record in ``calls`` each ``(net, X, Y, epochs, batch_size)`` that :func:`nnlib.sgd`
    is given while the block runs, under whatever name it is called: wherever
    ``nnlib`` keeps it (``nnlib.sgd``, ``nnlib.train.sgd``) and under each name for
    it in ``namespace``, the answer's module (``from nnlib import sgd`` in a
    notebook)."""
    from nnlib import train
    real = train.sgd
    signature = inspect.signature(real)

    def watched(*args, **kwargs):
        try:
            given = signature.bind(*args, **kwargs).arguments
        except TypeError:    # sgd itself says best what is wrong with the call
            return real(*args, **kwargs)
        calls.append((given.get("net"), given.get("X"), given.get("Y"), given.get("epochs"),
                      given.get("batch_size")))
        return real(*args, **kwargs)

    namespace = {} if namespace is None else namespace
    swaps = [(namespace, key, watched) for key, value in list(namespace.items())
             if value is real]
    swaps += [(owner, key, watched) for owner, key in _places(real)
              if getattr(owner, "__dict__", None) is not namespace]
    with _swapped(swaps):
        yield calls


def _training_mistake(calls, net, trained_on, epochs, batch_size=None):
    """What is wrong with how ``net`` was trained, as seen in ``calls``, or None."""
    if not calls:
        return ("the check saw no call of nnlib.sgd while your function ran. Train "
                "the network inside it with nnlib.sgd(...): the check watches "
                "nnlib.sgd and the names your notebook gives it, and a copy held "
                "elsewhere (a default argument, a closure) goes unseen.")
    mine = [(X, Y, n, size) for trained, X, Y, n, size in calls if trained is net]
    if not mine:
        return ("the network it returns is not one that nnlib.sgd trained (the check "
                "watches it; a copy made after training counts as another network); "
                "train it with nnlib.sgd on the training examples and return it.")
    X_train, Y_train = trained_on
    if not all(_same_array(X, X_train) and _same_array(Y, Y_train) for X, Y, _, _ in mine):
        return ("it was trained on other examples than the training set. Train on "
                "X_train, Y_train: the examples it is scored on must stay unseen.")
    done = sum(n for _, _, n, _ in mine if isinstance(n, numbers.Integral))
    if epochs is not None and done != epochs:
        return f"it was trained for {done} epochs; the exercise asks for {epochs}."
    sizes = sorted({size for *_, size in mine if size != batch_size}, key=str)
    if batch_size is not None and sizes:
        return (f"it was trained in mini-batches of {', '.join(map(str, sizes))}; "
                f"the exercise asks for mini-batches of {batch_size}.")
    return None


def _same_array(a, b):
    """Whether ``a`` holds the same numbers as ``b`` in the same shape."""
    try:
        return np.shape(a) == np.shape(b) and bool(np.array_equal(a, b))
    except (TypeError, ValueError):
        return False


def check_choice(answer, candidates, expected, *, name="your choice", score="validation",
                 others=None, rtol=1e-6, hint=None):
    """Check a choice among ``candidates`` made by the highest score, and the scores.

    ``answer(candidates)`` returns ``(chosen, scores)``, ``scores`` a dict from each
    candidate to the score the reader computed for it.  ``expected`` holds the same
    scores computed independently on the data the choice must be made on (named
    ``score`` in the report); ``others`` optionally maps a name to scores on data the
    choice must *not* look at (``{"test": ...}``), so that the report can say where
    the reader's scores came from.  Passes when every score agrees with ``expected``
    (to ``rtol``: float32 scores pass, rounded ones are told to stay unrounded) and
    ``chosen`` has the highest of them (any of several equal highest).  ``hint`` is
    said when the scores differ and no better reason is found (how each score must
    be made, say).
    """
    if not callable(answer):
        return _not_a_function(answer, name)
    try:
        got, stub = _call(answer, (candidates,))
    except Exception as err:  # the reader's code failed: say how, don't raise
        return _raised(name, err)
    if got is None:
        return _not_answered(name, answer=answer, stub=stub)
    try:
        chosen, scores = got
    except (TypeError, ValueError):
        scores = None
    if not isinstance(scores, Mapping):
        return _wrong(f"✗ {name} should return a pair (your choice, a dict of "
                      f"scores); it returned {_short(got)}.")
    missing = [c for c in candidates if c not in scores]
    if missing:
        return Check(False, f"✗ {name}: no score for {', '.join(map(_format, missing))}.")
    yours = []
    for c in candidates:
        value, what = _as_numbers(scores[c])   # `score` names the data
        if what is None and value.size != 1:
            what = f"an array of shape {value.shape}"
        if what is not None:
            return _wrong(f"✗ {name}: the score for {_format(c)} is {what}; expected "
                          f"a number.")
        yours.append(value.item())
    yours = np.array(yours)

    def agrees(reference, rtol=rtol):
        return np.isclose(yours, [float(reference[c]) for c in candidates],
                          rtol=rtol, atol=1e-12)

    ok = agrees(expected)
    lines = _point_lines([(f"at {_format(c)}: ", yours[i], expected[c],
                           "✓" if ok[i] else "✗") for i, c in enumerate(candidates)],
                         score)
    if not ok.all():
        came_from = [label for label, ref in (others or {}).items() if agrees(ref).all()]
        if came_from:
            head = (f"✗ {name}: these are the scores on the {came_from[0]} data, not the "
                    f"{score} data. The choice must not look at the {came_from[0]} data.")
        elif agrees(expected, rtol=1e-3).all():
            head = (f"✗ {name}: your scores are the {score} scores, but only to about "
                    f"three or four digits: return them as computed, unrounded.")
        elif agrees({c: 100 * float(expected[c]) for c in candidates}).all():
            head = (f"✗ {name}: your scores are 100 times the {score} scores: a "
                    f"percentage, where a fraction is asked?")
        else:
            head = (f"✗ {name}: your scores differ from the {score} scores. Look at the "
                    f"points marked ✗." + (f" {hint}" if hint else ""))
    else:
        best = [c for c, s in zip(candidates, yours) if s == yours.max()]
        if _is_one_of(chosen, best):
            head = (f"✓ {name}: your scores are the {score} scores, and "
                    f"{_format(chosen)} has the highest.")
        else:
            head = (f"✗ {name}: you chose {_format(chosen)}, but the highest {score} "
                    f"score is that of {' and '.join(map(_format, best))}.")
    head = textwrap.fill(head, WIDTH, break_long_words=False, break_on_hyphens=False)
    return Check(head.startswith("✓"), "\n".join([head] + lines))


def _is_one_of(x, options):
    """Whether ``x`` equals one of ``options``; False for what cannot be compared."""
    try:
        return any(bool(x == option) for option in options)
    except (ValueError, TypeError):  # an array of several numbers, say
        return False
