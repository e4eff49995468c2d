"""Timing code in a chapter, so that a table of times means something.

One call of a fast function can be shorter than a tick of the clock (a browser's
clock ticks every tenth of a millisecond), and any single measurement can be slowed by
whatever else the machine is doing at that moment.  :func:`seconds_per_call` therefore
times runs of many calls, each run lasting at least ``window`` seconds, and keeps the
fastest of ``repeat`` runs: the one that was disturbed least.  Even so, a time
measured on a shared machine changes in its second digit from run to run, so the
chapters print times with :func:`two_figures`.
"""

import math
import numbers
import time
import timeit

from nnlib import checks


def seconds_per_call(f, *, window=0.02, repeat=3, clock=time.perf_counter):
    """Seconds one call of ``f()`` takes: the fastest of ``repeat`` runs of calls.

    The number of calls in a run goes 1, 2, 5, 10, 20, 50, ... until a run lasts at
    least ``window`` seconds; that run and ``repeat - 1`` more of the same length are
    timed, and the fastest run's time is divided by its number of calls.  Returns a
    float.  For a fast ``f`` a measurement costs ``repeat`` runs of one to two and a
    half ``window`` each, after less than two ``window`` of shorter runs; for one
    slower than ``window``, ``repeat`` calls.  ``clock``
    returns the time in seconds (the tests pass one they control).
    """
    checks.function(f, "f", "to call with no arguments")
    if (isinstance(window, bool) or not isinstance(window, numbers.Real)
            or not 0 < window < math.inf):
        # with no finite window the runs would grow for ever
        raise ValueError(f"window must be a positive, finite number of seconds; "
                         f"received {window!r}")
    if (isinstance(repeat, bool) or not isinstance(repeat, numbers.Integral)
            or repeat < 1):
        raise ValueError(f"repeat must be an integer of at least 1; "
                         f"received {repeat!r}")
    timer = timeit.Timer(f, timer=clock)
    for number in _one_two_five():
        total = timer.timeit(number)
        if total >= window:
            break
    runs = [total] + timer.repeat(repeat - 1, number)
    return min(runs) / number


def _one_two_five():
    """1, 2, 5, 10, 20, 50, 100, ...: the numbers of calls to try."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            yield step * scale
        scale *= 10


def two_figures(x):
    """``x`` rounded to two significant figures, as plain digits with thousands
    separated: ``43.877`` gives ``"44"``, ``0.04788`` gives ``"0.048"``, ``2484.3``
    gives ``"2,500"`` and ``9.96`` gives ``"10"``.  A time, or a ratio of times, is
    worth no more digits than that."""
    x = checks.finite_number(x, "x")
    if x == 0:
        return "0"
    decimals = 1 - math.floor(math.log10(abs(x)))   # keeps two significant figures
    rounded = round(x, decimals)
    if abs(rounded) >= 10 ** (2 - decimals):         # 9.96 became 10.0: one fewer
        decimals -= 1
        rounded = round(x, decimals)
    return f"{rounded:,.{max(decimals, 0)}f}"
