"""Measure every interactive figure of the book against the budgets of such a figure.

Each figure is built exactly as its chapter builds it (same parameters, data and style).

* live: the median time from a new control value to a figure ready for display, that
  is the redraw (Agg) plus the PNG encoding, over 105 moves; budget 16 ms (60 frames
  a second).  Beside it, the figure's own floor, measured in the same run right after
  each move: encoding the same canvas to PNG again, without redrawing.  The ratio of
  the two (the median over the moves of the ratio within a move) says how much the
  drawing adds, whatever the machine's speed at the time;
* static: the bytes one figure adds to the page (its whole ``text/html``: frames,
  controls, script); budget 600 KB (1 KB = 1,000 bytes).

The moves sweep the slider back and forth over its grid, one step at a time, as a
reader dragging it would; the figures take turns, 21 moves at a time, so that the
machine's busy spells fall on all of them alike.  This times the Python side only; the trip through the
kernel and the browser comes on top in a live notebook.

Run:  .venv/bin/python benchmarks/interactive_budget.py
"""

import time

import matplotlib.style
import numpy as np

import nnlib
from nnlib.data import line_points, load_digits, mazur_network, train_test_split
from nnlib.figures.backward_walk import backward_walk_figure
from nnlib.figures.chain_nudge import chain_nudge_figure
from nnlib.figures.contour import line_fit_descent_figure
from nnlib.figures.delta_flow import delta_flow_figure
from nnlib.figures.descent import curve_descent_figure
from nnlib.figures.digits import prediction_figure
from nnlib.figures.network_nudge import network_nudge_figure
from nnlib.figures.softmax_nudge import softmax_nudge_figure
from nnlib.figures.style import BOOK_STYLE
from nnlib.graph import Value

LIVE_BUDGET_MS = 16.0
STATIC_BUDGET_BYTES = 600_000
MOVES = 105
ROUNDS = 5


def sweeper(figure):
    """A function ``moves(n)`` making the next ``n`` moves of a back-and-forth sweep of the
    first parameter; for each it returns the seconds of the move (draw + PNG), its thread
    CPU seconds, and the seconds to encode the same canvas again (the floor)."""
    param = figure.params[0]
    grid = list(param.grid)
    sweep = grid + grid[-2:0:-1]  # there and back again
    renderer = figure.renderer()
    for value in sweep[:3]:       # warm the caches (fonts, mathtext) first
        renderer.draw({param.name: value})
        renderer.png()
    done = []

    def moves(n):
        times = []
        for _ in range(n):
            start, cpu = time.perf_counter(), time.thread_time()
            renderer.draw({param.name: sweep[len(done) % len(sweep)]})
            renderer.png()
            middle, cpu = time.perf_counter(), time.thread_time() - cpu
            renderer.png()
            times.append((middle - start, cpu, time.perf_counter() - middle))
            done.append(1)
        return times
    return moves


def book_figures():
    """``(name, figure)`` for every interactive figure, as its chapter makes it."""
    x, y = 2.0, 6.0   # chapter 1: one example, cost ½(w x − y)²
    yield "ch1 cost curve", curve_descent_figure(
        lambda w: 0.5 * (w * x - y) ** 2, lambda w: (w * x - y) * x, w_star=y / x,
        eta=(0.02, 0.62, 0.12, 0.14), w0=(-1.0, 7.0, 2.0, -1.0), steps=20,
        w_range=(-1.6, 7.6))
    xs, ys = line_points(np.random.default_rng(1), 40, slope=2.0, intercept=1.0, noise=0.5)
    yield "ch1 line fit", line_fit_descent_figure(
        xs, ys, eta=(0.03, 0.35, 0.08, 0.19),
        starts=[(-0.5, 5.0), (4.5, 4.0), (4.5, -3.0), (0.0, -3.0)], start=1, steps=60,
        w_range=(-1.0, 5.0), b_range=(-4.0, 6.0))
    for which in ("w_L", "w_Lm1"):
        yield f"ch2 chain nudge {which}", chain_nudge_figure(which, dw=0.5, dw_max=1.0, dw_step=0.125,
                                                              dpi=84)
    yield "ch3 network nudge", network_nudge_figure(*mazur_network())
    flow_net = nnlib.Network([4, 5, 5, 3], rng=2)
    flow_net.weights = [2.0 * w for w in flow_net.weights]
    patterns = np.array([[1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1]],
                        dtype=float).T
    yield "ch4 delta flow", delta_flow_figure(flow_net, patterns, np.eye(3)[:, [0, 1, 2, 0]])
    yield "ch5 softmax nudge", softmax_nudge_figure()
    X, Y, _ = load_digits()   # chapter 6: the trained [64, 30, 10] network's answers
    X_train, Y_train, X_test, Y_test = train_test_split(X, Y, test_fraction=0.25,
                                                        rng=np.random.default_rng(0))
    net = nnlib.Network([64, 30, 10], cost="cross_entropy", rng=1)
    nnlib.sgd(net, X_train, Y_train, epochs=30, batch_size=10, eta=2.0,
              rng=np.random.default_rng(2))
    output, labels = net.feedforward(X_test), Y_test.argmax(axis=0)
    wrong = np.flatnonzero(output.argmax(axis=0) != labels)
    picks = np.r_[np.arange(10), wrong[:6]]
    yield "ch6 digit predictions", prediction_figure(X_test[:, picks], output[:, picks],
                                                     labels[picks], numbers=picks + 1)
    # chapter 7: the one-neuron graph of Values, walked back step by step
    # (names of their own: the chapter 1 cost above still reads x and y)
    w_, x_, b_, y_ = (Value(1.2, "w"), Value(0.57, "x"), Value(0.3, "b"),
                      Value(0.1, "y"))
    nodes = {}
    nodes["w·x"] = w_ * x_
    nodes["z"] = nodes["w·x"] + b_
    nodes["a"] = nodes["z"].sigmoid()
    nodes["a−y"] = nodes["a"] - y_
    nodes["(a−y)²"] = nodes["a−y"] ** 2
    nodes["C"] = cost = 0.5 * nodes["(a−y)²"]
    for label, node in nodes.items():
        node.label = label
    cost.backward()
    yield "ch7 backward walk", backward_walk_figure(cost)


def main():
    matplotlib.style.use(BOOK_STYLE)   # as every chapter does before its figures
    figures = list(book_figures())
    movers = [sweeper(figure) for _, figure in figures]
    times = [[] for _ in figures]
    for _ in range(ROUNDS):            # the figures take turns, so that a busy spell of
        for mover, record in zip(movers, times):   # the machine falls on all of them
            record += mover(MOVES // ROUNDS)
    print(f"{'figure':<24}{'live median':>13}{'p90':>9}{'CPU':>9}{'PNG floor':>11}"
          f"{'ratio':>7}{'/budget':>9}{'static size':>13}{'frames':>8}{'/budget':>9}"
          f"{'build':>8}")
    for (name, figure), record in zip(figures, times):
        moves, cpu, floors = np.array(record).T * 1e3
        start = time.perf_counter()
        page = figure.static_html().encode("utf-8")
        build = time.perf_counter() - start
        median = float(np.median(moves))
        print(f"{name:<24}{median:>10.1f} ms{np.percentile(moves, 90):>6.1f} ms"
              f"{np.median(cpu):>6.1f} ms{np.median(floors):>8.1f} ms"
              f"{np.median(moves / floors):>7.2f}{median / LIVE_BUDGET_MS:>9.2f}"
              f"{len(page) / 1000:>10.1f} KB{figure.n_frames:>8}"
              f"{len(page) / STATIC_BUDGET_BYTES:>9.2f}{build:>7.1f}s")
    print(f"budgets: live {LIVE_BUDGET_MS:.0f} ms per move ({MOVES} moves in {ROUNDS} "
          f"rounds, Agg, PNG included), static {STATIC_BUDGET_BYTES // 1000} KB per "
          f"figure; /budget = measured / budget, <= 1 passes; ratio = move / PNG floor; "
          f"CPU = the move's median thread CPU time")


if __name__ == "__main__":
    main()
