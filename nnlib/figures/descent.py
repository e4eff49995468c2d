"""The gradient-descent chapter's figures: walks on a cost curve and on a contour plot.

Static pieces (each draws on an axes you pass and returns what it drew):
:func:`draw_curve`, :func:`draw_tangent`, :func:`draw_walk` for one parameter;
:func:`draw_contours`, :func:`draw_path`, :func:`draw_points`, :func:`draw_line`
for the line fit; :func:`small_png` turns a finished figure into a compact PNG.

Interactive figures (:class:`nnlib.interactive.InteractiveFigure`):
:func:`curve_descent_figure` (choose η and the start; the steps walk along the
curve) and :func:`line_fit_descent_figure` (the same on the contour plot of the
line-fit cost, with the fitted line beside it).  Their moving artists are
updated in place, so a live move takes a few milliseconds.

Drawing only: the walks come from :func:`nnlib.gradient_descent` and the costs
from :mod:`nnlib.linefit` or from the functions passed in.  A walk that blows up
is drawn as a walk that blows up (it leaves the plot and the readout says
"diverges"), never as an error.  Colours are Okabe–Ito on white.
"""

import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from nnlib import linefit
from nnlib.interactive import InteractiveFigure, Param
from nnlib.train import gradient_descent

from .style import BLUE, BOOK_STYLE, GRID, INK, MUTED, ORANGE, SKY, VERMILLION

FAR = 1e6  # points beyond this are drawn at it: far off any plot, safe for Agg


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
        ax.annotate(f"slope {_num(slope, '.1f')}", (w0, c0), textcoords="offset points",
                    xytext=(10 * side, -12 if side else 9),
                    ha=("center", "left", "right")[side], va="top" if side else "bottom",
                    fontsize=9, color=color)
    if slope != 0:  # the step −η·slope: against the slope, so downhill
        ax.annotate("", (w0 - 0.6 * half_width * np.sign(slope), c0), (w0, c0),
                    arrowprops={"arrowstyle": "-|>", "color": color, "lw": 1.5})
    return line


def draw_walk(ax, w, c, *, color=VERMILLION, label=None, ms=4):
    """The points ``(w_k, c_k)`` of a walk, joined in order, its start ringed."""
    w, c = np.clip(w, -FAR, FAR), np.clip(c, -FAR, FAR)
    line, = ax.plot(w, c, "-o", color=color, lw=1.0, ms=ms, label=label, zorder=3)
    ax.plot(w[:1], c[:1], "o", mfc="white", mec=color, mew=1.5, ms=ms + 3, zorder=4)
    return line


def curve_descent_figure(cost, grad, *, w_star, eta, w0, steps=20, w_range=(-1.0, 7.0),
                         cost_max=None, xlabel="weight $w$", figsize=(7.4, 3.0), dpi=90,
                         colors=12):
    """Choose η and the start w₀; the steps of gradient descent walk along the curve.

    ``cost(w)`` and ``grad(w)`` act elementwise on arrays of ``w``; ``w_star`` is the
    minimum.  ``eta`` and ``w0`` are ``(lo, hi, step, default)`` for the two sliders.
    Left: the curve and the walk; right: the cost at every step.
    """
    w_grid = np.linspace(*w_range, 300)
    curve = cost(w_grid)
    top = float(cost_max if cost_max is not None else curve.max())
    params = [Param("eta", "learning rate η", *eta, fmt="{:.2f}"),
              Param("w0", "start w₀", *w0, fmt="{:.1f}")]

    @_styled
    def setup(fig):
        ax, ax_cost = fig.subplots(1, 2, width_ratios=(1.35, 1))
        ax.set(xlim=w_range, ylim=(-0.06 * top, 1.1 * top), xlabel=xlabel, ylabel="cost $C$")
        draw_curve(ax, w_grid, curve, w_star=w_star)
        ax_cost.set(xlim=(-0.5, steps + 0.5), ylim=(-0.06 * top, 1.1 * top),
                    xlabel="step $k$", ylabel="cost $C(w_k)$")
        walk, = ax.plot([], [], "-o", color=VERMILLION, lw=1.0, ms=3.5, zorder=3)
        start, = ax.plot([], [], "o", mfc="white", mec=VERMILLION, mew=1.5, ms=7, zorder=4)
        end, = ax.plot([], [], "o", color=BLUE, ms=6, zorder=5)
        history, = ax_cost.plot([], [], "-o", color=VERMILLION, lw=1.0, ms=3)
        status = ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top",
                         fontsize=10, fontweight="bold", color=INK,
                         bbox={"fc": "white", "ec": "none", "pad": 1})
        moving = (walk, start, end, history, status)
        for artist in moving:
            artist.set_animated(True)
        return dict(zip(("walk", "start", "end", "history", "status"), moving))

    def render(s, values):
        run = gradient_descent(grad, values["w0"], eta=values["eta"], steps=steps,
                               cost=lambda w: float(cost(w[0])))
        w, c = run.w[:, 0], run.cost
        inside = (w >= w_range[0]) & (w <= w_range[1]) & (c <= 1.1 * top)
        shown = _upto_first_exit(inside)
        s["walk"].set_data(np.clip(w[:shown], -FAR, FAR), np.clip(c[:shown], -FAR, FAR))
        s["start"].set_data(w[:1], c[:1])
        s["end"].set_data(w[-1:] if inside[-1] else [], c[-1:] if inside[-1] else [])
        k = np.arange(len(c))
        s["history"].set_data(k[:shown], np.clip(c[:shown], -FAR, FAR))
        verdict = describe(run.w, [w_star], run.diverged)
        s["status"].set_text(verdict.split(":")[0])
        s["status"].set_color(VERMILLION if verdict.startswith("diverges") else INK)
        last = len(w) - 1
        return (f"η = {_num(values['eta'], '.2f')}, start w₀ = {_num(values['w0'], '.1f')}; "
                f"{last} steps of w ← w − η·dC/dw\n"
                f"after step {last}:  w = {_num(w[-1], '.4g')}, C(w) = {_num(c[-1], '.4g')}"
                f"   (the minimum: w = {_num(w_star, 'g')})\n{verdict}")

    return InteractiveFigure(
        params, render, setup=setup, figsize=figsize, dpi=dpi, colors=colors,
        title="Gradient descent on a cost curve",
        alt="Left: the cost curve C(w) with the points visited by gradient descent, joined "
            "in order from the ringed start; right: the cost at each step. The sliders set "
            "the learning rate η and the starting weight w₀.")


# --------------------------------------------------------------------------- two parameters

def draw_contours(ax, M, Cs, Z, *, best=None, levels=10, color=SKY):
    """Contour lines of the cost ``Z`` over the grid ``(M, Cs)`` and a star at ``best``.

    An integer ``levels`` spaces that many levels evenly in √(cost − min), so the narrow
    bottom of the valley gets as many lines as its steep sides.
    """
    if np.ndim(levels) == 0:
        low, high = float(Z.min()), float(Z.max())
        levels = low + (high - low) * np.linspace(0, 1, int(levels) + 2)[1:-1] ** 2
    contours = ax.contour(M, Cs, Z, levels=levels, colors=color, linewidths=0.8)
    if best is not None:
        ax.plot([best[0]], [best[1]], "*", color=ORANGE, mec=INK, mew=0.6, ms=12, zorder=5,
                label="least squares")
    ax.set(xlabel="slope $m$", ylabel="intercept $c$")
    ax.grid(False)
    return contours


def draw_path(ax, path, *, color=VERMILLION, label=None, ms=3, lw=1.0):
    """A walk through ``(m, c)``: the points ``path[k]`` joined in order, the start ringed."""
    path = np.clip(np.asarray(path, dtype=float), -FAR, FAR)
    line, = ax.plot(path[:, 0], path[:, 1], "-o", color=color, lw=lw, ms=ms, label=label,
                    zorder=3)
    ax.plot(path[:1, 0], path[:1, 1], "o", mfc="white", mec=color, mew=1.5, ms=ms + 4,
            zorder=4)
    return line


def draw_points(ax, x, y, *, color=MUTED):
    """The data points, and the axes labelled."""
    dots = ax.scatter(x, y, s=12, color=color, zorder=2, label="data")
    ax.set(xlabel="$x$", ylabel="$y$")
    return dots


def draw_line(ax, p, x_range, *, color=BLUE, **kwargs):
    """The line ``y = m x + c`` for ``p = [m, c]`` across ``x_range``."""
    xs = np.asarray(x_range, dtype=float)
    line, = ax.plot(xs, linefit.predict(p, xs), color=color, **kwargs)
    return line


def line_fit_descent_figure(x, y, *, eta, starts, start=1, steps=60,
                            m_range=(-1.0, 5.0), c_range=(-4.0, 6.0),
                            figsize=(7.4, 3.1), dpi=90, colors=24):
    """Choose η and a starting line; gradient descent walks over the contour plot.

    ``eta`` is ``(lo, hi, step, default)`` for its slider; ``starts`` is a list of
    starting points ``(m, c)``, numbered 1, 2, ... on the plot, and ``start`` the one
    shown first.  Left: contours of the cost and the walk; right: the data with the
    starting line and the line after the last step.
    """
    best = linefit.least_squares(x, y)
    best_cost = linefit.cost(best, x, y)
    starts = [tuple(float(v) for v in s) for s in starts]
    M, Cs = np.meshgrid(np.linspace(*m_range, 121), np.linspace(*c_range, 121))
    Z = linefit.cost_grid(M, Cs, x, y)
    x_span = np.array([min(0.0, x.min()), x.max()])
    y_low, y_high = y.min(), y.max()
    pad = 0.35 * (y_high - y_low)
    params = [Param("eta", "learning rate η", *eta, fmt="{:.2f}"),
              Param("start", "starting point", 1, len(starts), 1, start, fmt="{:.0f}")]

    @_styled
    def setup(fig):
        ax, ax_fit = fig.subplots(1, 2, width_ratios=(1.15, 1))
        draw_contours(ax, M, Cs, Z, best=best)
        for k, (m0, c0) in enumerate(starts, 1):
            ax.plot([m0], [c0], "o", mfc="white", mec=INK, mew=0.8, ms=13, zorder=2)
            ax.text(m0, c0, str(k), ha="center", va="center", fontsize=9, color=INK,
                    zorder=2)
        ax.set(xlim=m_range, ylim=c_range)
        draw_points(ax_fit, x, y)
        draw_line(ax_fit, best, x_span, color=ORANGE, lw=1.2, ls="--", label="least squares")
        ax_fit.set(xlim=x_span, ylim=(y_low - pad, y_high + pad))
        walk, = ax.plot([], [], "-o", color=VERMILLION, lw=1.0, ms=2.5, zorder=3)
        first, = ax.plot([], [], "o", mfc="none", mec=VERMILLION, mew=2, ms=13, zorder=4)
        end, = ax.plot([], [], "o", color=BLUE, ms=6, zorder=5)
        start_line, = ax_fit.plot([], [], color=VERMILLION, lw=1.0, ls=":", label="start")
        fit_line, = ax_fit.plot([], [], color=BLUE, lw=2, label=f"after {steps} steps")
        ax_fit.legend(loc="upper left", fontsize=8)
        status = ax.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top",
                         fontsize=10, fontweight="bold", color=INK,
                         bbox={"fc": "white", "ec": "none", "pad": 1})
        fit_status = ax_fit.text(0.5, 0.5, "", transform=ax_fit.transAxes, ha="center",
                                 va="center", fontsize=10, color=VERMILLION,
                                 bbox={"fc": "white", "ec": VERMILLION, "pad": 4})
        moving = (walk, first, end, start_line, fit_line, status, fit_status)
        for artist in moving:
            artist.set_animated(True)
        return dict(zip(("walk", "first", "end", "start_line", "fit_line", "status",
                         "fit_status"), moving))

    def render(s, values):
        p0 = starts[int(round(values["start"])) - 1]
        run = gradient_descent(lambda p: linefit.gradient(p, x, y), p0, eta=values["eta"],
                               steps=steps, cost=lambda p: linefit.cost(p, x, y))
        path = run.w
        inside = ((path[:, 0] >= m_range[0]) & (path[:, 0] <= m_range[1])
                  & (path[:, 1] >= c_range[0]) & (path[:, 1] <= c_range[1]))
        shown = _upto_first_exit(inside)
        s["walk"].set_data(*np.clip(path[:shown], -FAR, FAR).T)
        s["first"].set_data([p0[0]], [p0[1]])
        ok = inside[-1] and not run.diverged
        s["end"].set_data(*(path[-1:].T if ok else ([], [])))
        s["start_line"].set_data(x_span, linefit.predict(p0, x_span))
        if ok:
            s["fit_line"].set_data(x_span, linefit.predict(path[-1], x_span))
            s["fit_status"].set_text("")
        else:
            s["fit_line"].set_data([], [])
            s["fit_status"].set_text("no line to draw:\nm and c ran off the chart")
        verdict = describe(path, best, run.diverged)
        s["status"].set_text(verdict.split(":")[0])
        s["status"].set_color(VERMILLION if verdict.startswith("diverges") else INK)
        last = len(path) - 1
        m, c = path[-1]
        return (f"η = {_num(values['eta'], '.2f')}, start {_p0_label(starts, p0)}; "
                f"{last} steps of (m, c) ← (m, c) − η·∇C\n"
                f"after step {last}:  m = {_num(m, '.4g')}, c = {_num(c, '.4g')}, "
                f"C = {_num(run.cost[-1], '.4g')}\n"
                f"least squares:  m = {_num(best[0], '.4f')}, c = {_num(best[1], '.4f')}, "
                f"C = {_num(best_cost, '.4f')}\n{verdict}")

    return InteractiveFigure(
        params, render, setup=setup, figsize=figsize, dpi=dpi, colors=colors,
        title="Gradient descent on the line-fit cost",
        alt="Left: contour lines of the line-fit cost over slope m and intercept c, with the "
            "numbered starting points, the least-squares minimum as a star and the path of "
            "gradient descent; right: the data points, the least-squares line, the starting "
            "line and the line after the last step. The sliders set the learning rate and "
            "the starting point.")


def _p0_label(starts, p0):
    """``"3: (m, c) = (−1, 6)"``: a starting point's number and coordinates."""
    k = starts.index(p0) + 1
    return f"{k}: (m, c) = ({_num(p0[0], 'g')}, {_num(p0[1], 'g')})"


# --------------------------------------------------------------------------- output

def small_png(fig, colors=64):
    """``fig`` as PNG bytes in at most ``colors`` colours, and closed.

    For line art this looks the same as matplotlib's own PNG at about a quarter of the
    size (a page's images share one budget).  The bytes carry no metadata, so the same
    figure always gives the same bytes.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    buffer.seek(0)
    image = Image.open(buffer).convert("RGB").quantize(
        colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# --------------------------------------------------------------------------- readouts

def describe(path, best, diverged):
    """One sentence on how a walk went: diverges, bounces, converges or crawls.

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
    ratio = gap[-1] / gap[0]
    if not ratio <= 1 + 1e-9:  # also an infinite or NaN ratio
        return (f"diverges: the steps land ever farther from the minimum; after "
                f"{len(path) - 1} steps\nit is {_num(ratio, '.3g')} times as far away as "
                f"at the start")
    if ratio > 1 - 1e-9:
        return ("bounces: each step lands on the other side, exactly as far from the "
                "minimum\nas before, for ever")
    how = ", overshooting to and fro" if overshoots else ""
    if ratio < 0.01:
        return f"converges{how}: under 1% of the distance to the minimum is left"
    label = "crawls" if ratio >= 0.1 else "nearly there"
    return (f"{label}{how}: {_num(100 * ratio, '.0f')}% of the distance to the minimum "
            f"is still left")


def _styled(setup):
    """Run ``setup`` in the book's style, with a constrained layout (frozen after it)."""
    def styled(fig):
        with matplotlib.rc_context(BOOK_STYLE):
            fig.set_layout_engine("constrained")
            return setup(fig)
    return styled


def _upto_first_exit(inside):
    """How many leading points to draw: up to and including the first one outside."""
    outside = np.flatnonzero(~inside)
    return len(inside) if outside.size == 0 else int(outside[0]) + 1


def _num(value, spec):
    """``value`` formatted by ``spec``, with a true minus sign (−, not -)."""
    return format(value, spec).replace("-", "−")
