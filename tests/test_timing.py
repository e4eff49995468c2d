"""seconds_per_call: runs long enough for the clock, the least disturbed run kept;
two_figures: a time written with the two significant figures worth printing."""

import time

import pytest

from nnlib.book.timing import seconds_per_call, two_figures


class FakeClock:
    """A clock that moves only when the timed function says so."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_runs_grow_until_they_fill_the_window():
    clock, calls = FakeClock(), []

    def f():
        calls.append(1)
        clock.now += 1e-3

    assert seconds_per_call(f, window=0.02, repeat=3, clock=clock) == pytest.approx(1e-3)
    # runs of 1, 2, 5 and 10 calls are too short; then three runs of 20
    assert len(calls) == 1 + 2 + 5 + 10 + 3 * 20


def test_the_fastest_run_is_kept():
    clock, calls = FakeClock(), []

    def f():   # the first five calls are slow, as if the machine were busy
        calls.append(1)
        clock.now += 0.004 if len(calls) <= 5 else 0.002

    # runs of 1 and 2 calls are too short; the first run of 5 calls mixes 2 slow
    # calls with 3 fast ones (0.014 s), the second is all fast (0.010 s)
    assert seconds_per_call(f, window=0.01, repeat=2, clock=clock) == pytest.approx(0.002)


def test_a_slow_function_is_called_once_per_run():
    clock, calls = FakeClock(), []

    def f():
        calls.append(1)
        clock.now += 0.5

    assert seconds_per_call(f, window=0.02, repeat=3, clock=clock) == 0.5
    assert len(calls) == 3


def test_the_real_clock():
    # A sleep lasts at least as long as asked; how much longer depends on how
    # busy the machine is, which a unit test must not (benchmarks/ measure speed).
    seconds = seconds_per_call(lambda: time.sleep(0.002), window=0.01, repeat=2)
    assert seconds >= 0.002


@pytest.mark.parametrize("kwargs, message", [
    ({"f": 3}, "f must be a function"),
    ({"window": 0}, "window must be a positive, finite number"),
    ({"window": float("nan")}, "window must be a positive, finite number"),
    ({"window": "0.02"}, "window must be a positive, finite number"),
    ({"repeat": 0}, "repeat must be an integer of at least 1"),
    ({"repeat": 2.5}, "repeat must be an integer of at least 1"),
    ({"repeat": True}, "repeat must be an integer of at least 1"),
])
def test_bad_input(kwargs, message):
    kwargs = {"f": lambda: None, **kwargs}
    with pytest.raises(ValueError, match=message):
        seconds_per_call(**kwargs)


def test_an_endless_window_is_refused_before_anything_is_timed():
    """No run ever lasts an infinite window: the runs would grow for ever."""
    reads = []

    def clock():   # gives up where the old loop would have gone on for ever
        reads.append(1)
        if len(reads) > 20:
            raise RuntimeError("the runs never end")
        return float(len(reads))

    with pytest.raises(ValueError, match="received inf"):
        seconds_per_call(lambda: None, window=float("inf"), clock=clock)
    assert reads == []


@pytest.mark.parametrize("x, text", [
    (43.877, "44"), (0.04788, "0.048"), (2484.3, "2,500"), (1.46, "1.5"),
    (94.4, "94"), (123456, "120,000"), (-3.14159, "-3.1"), (1, "1.0"),
    (0, "0"),
    # rounding up to the next power of ten keeps two figures, not three
    (9.96, "10"), (0.0995, "0.10"), (99.5, "100"),
])
def test_two_figures_keeps_two_significant_figures(x, text):
    assert two_figures(x) == text


@pytest.mark.parametrize("x", [float("nan"), float("inf"), "fast"])
def test_two_figures_refuses_what_is_not_a_finite_number(x):
    with pytest.raises(ValueError, match="x must be a finite number"):
        two_figures(x)
