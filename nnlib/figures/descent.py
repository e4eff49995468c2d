"""The gradient-descent chapter's figures for one parameter: walks on a cost curve.

Static pieces (each draws on an axes you pass and returns what it drew):
:func:`draw_curve`, :func:`draw_tangent`, :func:`draw_walk`.  The interactive figure
:func:`curve_descent_figure` (choose η and the start; the steps walk along the curve)
updates its moving artists in place, so a live move takes a few milliseconds.
:func:`describe` says in words how a walk went; :mod:`nnlib.figures.contour` uses it
too, for the walks of the line fit.

Drawing only: the walks come from :func:`nnlib.gradient_descent` and the costs
from :mod:`nnlib.linefit` or from the functions passed in.  A walk that blows up
is drawn as a walk that blows up (it leaves the plot and the readout says
"diverges"), never as an error.  Colours are Okabe–Ito on white.
"""

import functools

import matplotlib
import numpy as np

from nnlib import checks
from nnlib.interactive import InteractiveFigure, Param, exact_fmt, slider_values
from nnlib.train import gradient_descent

from .style import BLUE, BOOK_STYLE, GRID, INK, VERMILION, num, text_colour

FAR = 1e6  # points beyond this are drawn at it: far off any plot, safe for Agg


def eta_param(eta):
    """The slider of the learning rate η for ``eta = (lo, hi, step, default)``, its
    value shown with as many decimals as the steps need and at least two (this
    chapter's two interactive figures share it)."""
    return Param("eta", "learning rate η", *eta,
                 fmt=exact_fmt(eta[0], eta[2], at_least=2))


# --------------------------------------------------------------------------- one parameter

def draw_curve(ax, w, cost, *, w_star=None, color=INK, label="cost $C(w)$"):
    """The cost curve ``cost`` over the values ``w``, and the minimum ``w_star`` if given."""
    line, = ax.plot(w, cost, color=color, lw=2, label=label)
    if w_star is not None:
        ax.axvline(w_star, color=GRID, lw=1, zorder=0)
    return line


def draw_tangent(ax, w0, c0, slope, *, half_width=1.0, color=BLUE, label=True):
    """The tangent at ``(w0, c0)`` with the given slope, and an arrow pointing downhill."""
    dw = np.array([-half_width, half_width])
    line, = ax.plot(w0 + dw, c0 + slope * dw, color=color, lw=1.5, ls="--")
    ax.plot([w0], [c0], "o", color=color, ms=6, zorder=3)
    if label:  # beside the point, on the outside of the curve
        side = int(np.sign(slope))
        ax.annotate(f"slope {num(slope, '.1f')}", (w0, c0), textcoords="offset points",
                    xytext=(10 * side, -12 if side else 9),
                    ha=("center", "left", "right")[side], va="top" if side else "bottom",
                    fontsize=9, color=text_colour(color))
    if slope != 0:  # the step −η·slope: against the slope, so downhill
        ax.annotate("", (w0 - 0.6 * half_width * np.sign(slope), c0), (w0, c0),
                    arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.5})
    return line


def draw_walk(ax, w, c, *, color=VERMILION, label=None, ms=4):
    """The points ``(w_k, c_k)`` of a walk, joined in order, its start ringed."""
    w, c = np.clip(w, -FAR, FAR), np.clip(c, -FAR, FAR)
    line, = ax.plot(w, c, "-o", color=color, lw=1.0, ms=ms, label=label, zorder=3)
    ax.plot(w[:1], c[:1], "o", mfc="white", mec=color, mew=1.5, ms=ms + 3, zorder=4)
    return line


def curve_descent_figure(cost, grad, *, w_star, eta, w0, steps=20, w_range=(-1.0, 7.0),
                         cost_max=None, xlabel="weight $w$", figsize=(7.4, 3.0), dpi=90,
                         colors=24):
    """Choose η and the start w⁽⁰⁾; the steps of gradient descent walk along the curve.

    ``cost(w)`` and ``grad(w)`` act elementwise on arrays of ``w``; ``w_star`` is the
    minimum.  ``eta`` and ``w0`` are ``(lo, hi, step, default)`` for the two sliders.
    Left: the curve and the walk; right: the cost at every step.
    """
    for f, name in ((cost, "cost"), (grad, "grad")):
        checks.function(f, name, "of w, acting on a whole array of w at once")
    w_grid = np.linspace(*w_range, 300)
    curve = _on_grid(cost, w_grid)
    top = float(cost_max if cost_max is not None else curve.max())
    eta, w0 = slider_values(eta, "eta"), slider_values(w0, "w0")
    # as many decimals as the steps need, at least one for w⁽⁰⁾
    params = [eta_param(eta),
              Param("w0", "start w⁽⁰⁾", *w0, fmt=exact_fmt(w0[0], w0[2], at_least=1))]

    @styled
    def setup(fig):
        ax, ax_cost = fig.subplots(1, 2, width_ratios=(1.35, 1))
        ax.set(xlim=w_range, ylim=(-0.06 * top, 1.1 * top), xlabel=xlabel, ylabel="cost $C$")
        draw_curve(ax, w_grid, curve, w_star=w_star)
        ax_cost.set(xlim=(-0.5, steps + 0.5), ylim=(-0.06 * top, 1.1 * top),
                    xlabel="step $k$", ylabel="cost $C(w^{(k)})$")
        walk, = ax.plot([], [], "-o", color=VERMILION, lw=1.0, ms=3.5, zorder=3)
        start, = ax.plot([], [], "o", mfc="white", mec=VERMILION, mew=1.5, ms=7, zorder=4)
        end, = ax.plot([], [], "o", color=BLUE, ms=6, zorder=5)
        history, = ax_cost.plot([], [], "-o", color=VERMILION, lw=1.0, ms=3)
        # the labels above the walk, which may cross them
        status = ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top",
                         fontsize=10, fontweight="bold", color=INK, zorder=6,
                         bbox={"fc": "white", "ec": "none", "pad": 2})
        exit_note = ax_cost.text(0.97, 0.97, "", transform=ax_cost.transAxes, ha="right",
                                 va="top", fontsize=9, color=INK, zorder=6,
                                 bbox={"fc": "white", "ec": "none", "pad": 2})
        moving = (walk, start, end, history, status, exit_note)
        for artist in moving:
            artist.set_animated(True)
        return dict(zip(("walk", "start", "end", "history", "status", "exit_note"),
                        moving))

    # the same η and w⁽⁰⁾ always give the same walk: each is computed once
    @functools.lru_cache(maxsize=256)
    def walk(eta, w0):
        return gradient_descent(grad, w0, eta=eta, steps=steps,
                                cost=lambda w: float(cost(w[0])))

    def render(s, values):
        run = walk(values["eta"], values["w0"])
        w, c = run.w[:, 0], run.cost
        inside = (w >= w_range[0]) & (w <= w_range[1]) & (c <= 1.1 * top)
        shown = upto_first_exit(inside)
        s["walk"].set_data(np.clip(w[:shown], -FAR, FAR), np.clip(c[:shown], -FAR, FAR))
        s["start"].set_data(w[:1], c[:1])
        s["end"].set_data(w[-1:] if inside[-1] else [], c[-1:] if inside[-1] else [])
        k = np.arange(len(c))
        s["history"].set_data(k[:shown], np.clip(c[:shown], -FAR, FAR))
        # the cost plot would end in a line off its top: say where the walk went
        s["exit_note"].set_text("" if inside.all()
                                else f"the walk leaves the chart\nat step {shown - 1}")
        verdict = describe(run.w, [w_star], run.diverged)
        s["status"].set_text(verdict.split(":")[0])
        s["status"].set_color(text_colour(VERMILION) if verdict.startswith("diverges")
                              else INK)
        last = len(w) - 1
        return (f"η = {num(values['eta'], '.2f')}, start w⁽⁰⁾ = {num(values['w0'], '.1f')}; "
                f"{last} steps of w ← w − η·dC/dw\n"
                f"after step {last}:  w = {num(w[-1], '.4g')}, C(w) = {num(c[-1], '.4g')}"
                f"   (the minimum: w = {num(w_star, 'g')})\n{verdict}")

    return InteractiveFigure(
        params, render, setup=setup, figsize=figsize, dpi=dpi, colors=colors,
        title="Gradient descent on a cost curve",
        alt="Left: the cost curve C(w) with the points visited by gradient descent, joined "
            "in order from the ringed start; right: the cost at each step. The sliders set "
            "the learning rate η and the starting weight w⁽⁰⁾.")


def _on_grid(cost, w_grid):
    """``cost(w_grid)`` as a float array of its shape, or a clear error."""
    try:
        curve = np.asarray(cost(w_grid), dtype=float)
    except TypeError as error:   # math.exp(w) on an array, say
        raise ValueError(f"cost must act on a whole array of w at once, as numpy's "
                         f"functions do (np.exp, not math.exp); cost(w) on an array "
                         f"of {w_grid.size} points raised: {error}") from None
    if curve.shape != w_grid.shape:
        raise ValueError(f"cost(w) must give one cost per w; on an array of "
                         f"{w_grid.size} points it gave shape {curve.shape}")
    return curve


# --------------------------------------------------------------------------- readouts

def describe(path, best, diverged):
    """One sentence on how a walk went: diverges, bounces, stays put, converges, is
    nearly there or crawls.

    ``path`` has shape ``(k + 1, n)`` (a trajectory's ``w``), ``best`` is the minimum.
    The part before the first colon is a short label for the figure.
    """
    path = np.asarray(path, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):  # far-flung walks give inf here
        return _describe(path, np.asarray(best, dtype=float), diverged)


def _describe(path, best, diverged):
    if diverged:
        return (f"diverges: after step {len(path) - 1} the next step overflowed to infinity "
                "(the run stopped there)")
    gap = np.sqrt(np.sum((path - best) ** 2, axis=1))  # distance to the minimum
    steps = np.diff(path, axis=0)
    turns = np.sum(steps[1:] * steps[:-1], axis=1) < 0  # the next step points back
    overshoots = turns.size > 0 and turns.mean() > 0.5
    if gap[0] == 0:
        return "stays put: it starts at the minimum, where the slope is 0"
    if not np.any(steps):  # no steps, a slope of 0, or steps lost in rounding
        return ("stays put: no step was taken" if len(path) == 1 else
                "stays put: no step moves it (the slope is 0 where it starts, or the "
                "steps are\ntoo small to change w)")
    ratio = gap[-1] / gap[0]
    if not ratio <= 1 + 1e-9:  # also an infinite or NaN ratio
        return (f"diverges: the steps land ever farther from the minimum; after "
                f"{len(path) - 1} steps\nit is {num(ratio, '.3g')} times as far away as "
                f"at the start")
    # every step lands on the other side of the minimum (one step: no turns)
    crosses = np.all(np.sum((path[1:] - best) * (path[:-1] - best), axis=1) < 0)
    if ratio > 1 - 1e-9 and (overshoots or crosses):
        return ("bounces: each step lands on the other side, exactly as far from the "
                "minimum\nas before, for ever")
    how = ", overshooting to and fro" if overshoots else ""
    then = "\n" if how else " "  # keeps the readout's lines within 79 characters
    if ratio < 0.01:
        return f"converges{how}:{then}under 1% of the distance to the minimum is left"
    label = "crawls" if ratio >= 0.1 else "nearly there"
    return (f"{label}{how}:{then}{num(100 * ratio, '.0f')}% of the distance to the "
            f"minimum is still left")


def styled(setup):
    """Run ``setup`` in the book's style, with a constrained layout (frozen after it)."""
    def styled(fig):
        with matplotlib.rc_context(BOOK_STYLE):
            fig.set_layout_engine("constrained")
            return setup(fig)
    return styled


def upto_first_exit(inside):
    """How many leading points to draw: up to and including the first one outside."""
    outside = np.flatnonzero(~inside)
    return len(inside) if outside.size == 0 else int(outside[0]) + 1


