"""The gradient-descent chapter's figures for two parameters: fitting a line.

Static pieces (each draws on an axes you pass and returns what it drew):
:func:`draw_contours` (the cost over the (w, b) plane), :func:`draw_path` (a walk on
it), :func:`draw_points` (the data) and :func:`draw_line` (a fitted line).  The
interactive figure :func:`line_fit_descent_figure` lets the reader choose η and a
starting line and watch gradient descent walk over the contour plot, with the line it
has reached drawn beside it; its moving artists are updated in place.

Drawing only: the costs and gradients come from :mod:`nnlib.linefit` and the walks from
:func:`nnlib.gradient_descent`; a walk that blows up is drawn leaving the plot, never as
an error (see :func:`nnlib.figures.descent.describe`).  Colours are Okabe–Ito on white.
"""

import functools

import numpy as np

from nnlib import checks, linefit
from nnlib.interactive import InteractiveFigure, Param, slider_values
from nnlib.train import gradient_descent

from .descent import FAR, describe, eta_param, styled, upto_first_exit
from .style import BLUE, INK, MUTED, ORANGE, SKY, VERMILION, num, text_colour


def draw_contours(ax, W, B, Z, *, best=None, levels=10, color=SKY):
    """Contour lines of the cost ``Z`` over the grid ``(W, B)`` and a star at ``best``.

    An integer ``levels`` spaces that many levels evenly in √(cost − min), so the narrow
    bottom of the valley gets as many lines as its steep sides.
    """
    if np.ndim(levels) == 0:
        low, high = float(Z.min()), float(Z.max())
        levels = low + (high - low) * np.linspace(0, 1, int(levels) + 2)[1:-1] ** 2
    contours = ax.contour(W, B, Z, levels=levels, colors=color, linewidths=0.8)
    if best is not None:
        ax.plot([best[0]], [best[1]], "*", color=ORANGE, mec=INK, mew=0.6, ms=12, zorder=5,
                label="least squares")
    ax.set(xlabel="weight (slope) $w$", ylabel="bias (intercept) $b$")
    ax.grid(False)
    return contours


def draw_path(ax, path, *, color=VERMILION, label=None, ms=3, lw=1.0, ls="-"):
    """A walk through ``(w, b)``: the points ``path[k]`` joined in order, the start ringed."""
    path = np.clip(np.asarray(path, dtype=float), -FAR, FAR)
    line, = ax.plot(path[:, 0], path[:, 1], marker="o", ls=ls, color=color, lw=lw, ms=ms,
                    label=label, zorder=3)
    ax.plot(path[:1, 0], path[:1, 1], "o", mfc="white", mec=color, mew=1.5, ms=ms + 4,
            zorder=4)
    return line


def draw_points(ax, x, y, *, color=MUTED):
    """The data points, and the axes labelled."""
    dots = ax.scatter(x, y, s=12, color=color, zorder=2, label="data")
    ax.set(xlabel="$x$", ylabel="$y$")
    return dots


def draw_line(ax, p, x_range, *, color=BLUE, **kwargs):
    """The line ``y = w x + b`` for ``p = [w, b]`` across ``x_range``."""
    xs = np.asarray(x_range, dtype=float)
    line, = ax.plot(xs, linefit.predict(p, xs), color=color, **kwargs)
    return line


def line_fit_descent_figure(x, y, *, eta, starts, start=1, steps=60,
                            w_range=(-1.0, 5.0), b_range=(-4.0, 6.0),
                            figsize=(7.4, 3.1), dpi=90, colors=32):
    """Choose η and a starting line; gradient descent walks over the contour plot.

    ``eta`` is ``(lo, hi, step, default)`` for its slider; ``starts`` is a list of
    starting points ``(w, b)``, numbered 1, 2, ... on the plot, and ``start`` the one
    shown first.  Left: contours of the cost and the walk; right: the data with the
    starting line and the line after the last step.
    """
    x, y = checks.points(x, y)           # float arrays, or a clear error
    best = linefit.least_squares(x, y)
    best_cost = linefit.cost(best, x, y)
    starts = _pairs(starts)
    eta = slider_values(eta, "eta")
    W, B = np.meshgrid(np.linspace(*w_range, 121), np.linspace(*b_range, 121))
    Z = linefit.cost_grid(W, B, x, y)
    x_span = np.array([min(0.0, x.min()), x.max()])
    y_low, y_high = y.min(), y.max()
    pad = 0.35 * (y_high - y_low)
    params = [eta_param(eta),
              Param("start", "starting point", 1, len(starts), 1, start,
                    fmt=f"{{:.0f}} of {len(starts)}")]

    @styled
    def setup(fig):
        ax, ax_fit = fig.subplots(1, 2, width_ratios=(1.15, 1))
        draw_contours(ax, W, B, Z, best=best)
        for k, (w0, b0) in enumerate(starts, 1):
            ax.plot([w0], [b0], "o", mfc="white", mec=INK, mew=0.8, ms=13, zorder=2)
            ax.text(w0, b0, str(k), ha="center", va="center", fontsize=9, color=INK,
                    zorder=2)
        ax.set(xlim=w_range, ylim=b_range)
        draw_points(ax_fit, x, y)
        draw_line(ax_fit, best, x_span, color=ORANGE, lw=1.2, ls="--", label="least squares")
        ax_fit.set(xlim=x_span, ylim=(y_low - pad, y_high + pad))
        walk, = ax.plot([], [], "-o", color=VERMILION, lw=1.0, ms=2.5, zorder=3)
        # the chosen start: a ring over the walk's first point, and its number in it
        # (moving artists are drawn over the still picture, so its disc would be hidden)
        first, = ax.plot([], [], "o", mfc="white", mec=VERMILION, mew=2, ms=13, zorder=4)
        first_number = ax.text(0, 0, "", ha="center", va="center", fontsize=9, color=INK,
                               zorder=4.5)
        end, = ax.plot([], [], "o", color=BLUE, ms=6, zorder=5)
        start_line, = ax_fit.plot([], [], color=VERMILION, lw=1.0, ls=":", label="start")
        fit_line, = ax_fit.plot([], [], color=BLUE, lw=2, label=f"after {steps} steps")
        ax_fit.legend(loc="lower right", fontsize=8, framealpha=0.9)   # clear of the data
        status = ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top",
                         fontsize=10, fontweight="bold", color=INK,
                         bbox={"fc": "white", "ec": "none", "pad": 1})
        fit_status = ax_fit.text(0.03, 0.96, "", transform=ax_fit.transAxes, ha="left",
                                 va="top", fontsize=10, color=text_colour(VERMILION),
                                 bbox={"fc": "white", "ec": VERMILION, "pad": 4})
        moving = (walk, first, first_number, end, start_line, fit_line, status,
                  fit_status)
        for artist in moving:
            artist.set_animated(True)
        return dict(zip(("walk", "first", "first_number", "end", "start_line",
                         "fit_line", "status", "fit_status"), moving))

    # the same η and start always give the same walk: each is computed once (a walk
    # of 60 steps costs more than drawing it)
    @functools.lru_cache(maxsize=256)
    def walk(eta, p0):
        return gradient_descent(lambda p: linefit.gradient(p, x, y), p0, eta=eta,
                                steps=steps, cost=lambda p: linefit.cost(p, x, y))

    def render(s, values):
        p0 = starts[int(round(values["start"])) - 1]
        run = walk(values["eta"], p0)
        path = run.w
        inside = ((path[:, 0] >= w_range[0]) & (path[:, 0] <= w_range[1])
                  & (path[:, 1] >= b_range[0]) & (path[:, 1] <= b_range[1]))
        ok = inside[-1] and not run.diverged
        # a walk that leaves the chart for good is drawn up to its exit; one that
        # comes back is drawn whole (the axes clip its excursion)
        shown = len(path) if ok else upto_first_exit(inside)
        s["walk"].set_data(*np.clip(path[:shown], -FAR, FAR).T)
        s["first"].set_data([p0[0]], [p0[1]])
        s["first_number"].set_position(p0)
        s["first_number"].set_text(f"{values['start']:.0f}")
        s["end"].set_data(*(path[-1:].T if ok else ([], [])))
        s["start_line"].set_data(x_span, linefit.predict(p0, x_span))
        if ok:
            s["fit_line"].set_data(x_span, linefit.predict(path[-1], x_span))
            s["fit_status"].set_text("")
        else:
            s["fit_line"].set_data([], [])
            s["fit_status"].set_text("no line to draw:\nw and b ran off the chart")
        verdict = describe(path, best, run.diverged)
        s["status"].set_text(verdict.split(":")[0])
        s["status"].set_color(text_colour(VERMILION) if verdict.startswith("diverges")
                              else INK)
        last = len(path) - 1
        w, b = path[-1]
        return (f"η = {num(values['eta'], '.2f')}, start {_p0_label(starts, p0)}; "
                f"{last} steps of (w, b) ← (w, b) − η·∇C\n"
                f"after step {last}:  w = {num(w, '.4g')}, b = {num(b, '.4g')}, "
                f"C = {num(run.cost[-1], '.4g')}\n"
                f"least squares:  w = {num(best[0], '.4f')}, b = {num(best[1], '.4f')}, "
                f"C = {num(best_cost, '.4f')}\n{verdict}")

    return InteractiveFigure(
        params, render, setup=setup, figsize=figsize, dpi=dpi, colors=colors,
        title="Gradient descent on the line-fit cost",
        alt="Left: contour lines of the line-fit cost over the weight w (slope) and bias b (intercept), with the "
            "numbered starting points, the least-squares minimum as a star and the path of "
            "gradient descent; right: the data points, the least-squares line, the starting "
            "line and the line after the last step. The sliders set the learning rate and "
            "the starting point.")


def _p0_label(starts, p0):
    """``"3: (w, b) = (−1, 6)"``: a starting point's number and coordinates."""
    k = starts.index(p0) + 1
    return f"{k}: (w, b) = ({num(p0[0], 'g')}, {num(p0[1], 'g')})"


def _pairs(starts):
    """``starts`` as a list of ``(w, b)`` pairs of floats, or a clear error."""
    try:
        pairs = [tuple(float(v) for v in s) for s in starts]
    except (TypeError, ValueError):
        pairs = []
    if not pairs or any(len(pair) != 2 for pair in pairs):
        raise ValueError(f"starts must be a list of starting points (w, b), as "
                         f"[(0.0, 0.0), (4.0, -3.0)] (for one: [(w, b)]); received "
                         f"{starts!r}")
    return pairs
