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
    """A number as ``.9g``; an array as numpy prints it, its later rows ``indent`` deep.

    Whole numbers given as integers (layer sizes, shapes, counts) stay integers.
    """
    raw = np.asarray(value)
    if raw.dtype.kind in "iu" and raw.size > 1:
        return np.array2string(raw, separator=", ", prefix=" " * indent,
                               max_line_width=WIDTH)
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


def _not_answered(name, todo="Replace `raise NotImplementedError` by your answer"):
    return Check(False, f"○ {name}: not answered yet.\n  {todo} and run the cell again.")


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
        return _not_answered(name, "Put your answer in place of `None`")
    return check_values(lambda: answer, lambda: expected, [()], name=name, rtol=rtol, atol=atol)


def _raised(name, err):
    """The report of a check whose answer raised ``err``, wrapped to :data:`WIDTH`."""
    return Check(False, textwrap.fill(f"✗ {name} raised {type(err).__name__}: {err}", WIDTH,
                                      subsequent_indent="  ", break_on_hyphens=False))


def check_network(answer, X, labels, *, at_least, name="your network", data="validation",
                   sizes=None, activation=None):
    """Check the network ``answer()`` returns: it reads at least ``at_least`` of ``X``.

    ``X`` ``(n_1, m)`` and ``labels`` (classes ``(m,)`` or one-hot columns) are the
    examples it is scored on, called ``data`` in the report.  ``sizes`` and
    ``activation`` (a name such as ``"relu"``), when given, must match as well, so that
    a network of another shape or kind does not pass by accident.  An error raised
    while training (``TrainingDiverged``, say) is reported, not raised.
    """
    try:
        net = _call(answer, ())
    except Exception as err:  # the reader's code failed: say how, don't raise
        return _raised(name, err)
    if net is None:
        return _not_answered(name)
    if sizes is not None and list(net.sizes) != list(sizes):
        return Check(False, f"✗ {name}: the network has sizes {list(net.sizes)}, "
                            f"expected {list(sizes)}.")
    if activation is not None and net.activation.name != activation:
        return Check(False, f"✗ {name}: the hidden layers use {net.activation.name}, "
                            f"expected {activation}.")
    accuracy = net.accuracy(X, labels)
    m = np.shape(X)[1]
    passed = accuracy >= at_least
    return Check(passed, f"{'✓' if passed else '✗'} {name}: {accuracy:.1%} of the {data} "
                         f"examples right ({round(accuracy * m)} of {m}).\n"
                         f"  At least {at_least:.0%} is asked.")


def check_choice(answer, candidates, expected, *, name="your choice", score="validation",
                 others=None):
    """Check a choice among ``candidates`` made by the highest score, and the scores.

    ``answer(candidates)`` returns ``(chosen, scores)``, ``scores`` a dict from each
    candidate to the score the reader computed for it.  ``expected`` holds the same
    scores computed independently on the data the choice must be made on (named
    ``score`` in the report); ``others`` optionally maps a name to scores on data the
    choice must *not* look at (``{"test": ...}``), so that the report can say where
    the reader's scores came from.  Passes when every score agrees with ``expected``
    and ``chosen`` has the highest of them (any of several equal highest).
    """
    try:
        got = _call(answer, (candidates,))
    except Exception as err:  # the reader's code failed: say how, don't raise
        return _raised(name, err)
    if got is None:
        return _not_answered(name)
    try:
        chosen, scores = got
    except (TypeError, ValueError):
        return Check(False, f"✗ {name} should return a pair (your choice, a dict of "
                            f"scores); it returned {got!r}.")
    missing = [c for c in candidates if c not in scores]
    if missing:
        return Check(False, f"✗ {name}: no score for {', '.join(map(_format, missing))}.")
    yours = np.array([float(scores[c]) for c in candidates])

    def agrees(reference):
        return np.isclose(yours, [float(reference[c]) for c in candidates],
                          rtol=1e-9, atol=1e-12)

    ok = agrees(expected)
    lines = [_point_report(f"at {_format(c)}: ", yours[i], expected[c], score,
                           "✓" if ok[i] else "✗") for i, c in enumerate(candidates)]
    if not ok.all():
        came_from = [label for label, ref in (others or {}).items() if agrees(ref).all()]
        if came_from:
            head = (f"✗ {name}: these are the scores on the {came_from[0]} data, not the "
                    f"{score} data. The choice must not look at the {came_from[0]} data.")
        else:
            head = (f"✗ {name}: your scores differ from the {score} scores. Look at the "
                    f"points marked ✗.")
    else:
        best = [c for c, s in zip(candidates, yours) if s == yours.max()]
        if chosen in best:
            head = (f"✓ {name}: your scores are the {score} scores, and "
                    f"{_format(chosen)} has the highest.")
        else:
            head = (f"✗ {name}: you chose {_format(chosen)}, but the highest {score} "
                    f"score is that of {' and '.join(map(_format, best))}.")
    head = textwrap.fill(head, WIDTH, break_long_words=False, break_on_hyphens=False)
    return Check(head.startswith("✓"), "\n".join([head] + lines))
