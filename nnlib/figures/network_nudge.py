"""The worked example's figure: nudge one of the eight weights, compare ΔC with its forecast.

Left: the 2-2-2 network as circles and arrows, every weight named on its arrow, the chosen
weight drawn thick with its new value, and every activation after the nudge (in
vermilion where the nudge changed it, so the reader sees how far the nudge reaches).
Right: the true change of the cost, ``C(w + Δw) − C(w)``, as a curve over Δw, the gradient's
forecast ``(∂C/∂w) Δw`` as a straight line, and the current nudge marked on both.  The
cost's scale differs a hundredfold between the weights, so the vertical axis is rescaled
for each weight and its tick labels change with it.

Drawing only: the numbers come from :mod:`nnlib.weight_nudge`, computed once in
:func:`network_nudge_figure` and looked up on each move.  Okabe–Ito colours on white.
"""

import math
from collections.abc import Mapping

import numpy as np

from nnlib import checks, weight_nudge
from nnlib.interactive import InteractiveFigure, Param, exact_fmt, places

from .network_222 import draw_network
from .style import BLUE, INK, VERMILION, nice_ceiling, num, text_colour

TRUE, PREDICTED = VERMILION, BLUE  # the roles of the palette's colours

TICKS = (-1.0, -0.5, 0.0, 0.5, 1.0)


def draw_forecast(ax, dws):
    """The ΔC panel: curve, tangent, markers and tick labels, all moving; returns them."""
    reach = max(abs(dws[0]), abs(dws[-1]))
    ax.set(xlim=(-1.08 * reach, 1.08 * reach), ylim=(-1.18, 1.18), yticks=TICKS)
    ax.set_yticklabels([])
    ax.tick_params(axis="y", length=3)
    ax.tick_params(labelsize=8)
    ax.axhline(0, color=INK, lw=0.8)
    ax.axvline(0, color=INK, lw=0.8)
    ax.set_xlabel("nudge Δw", fontsize=8.5, labelpad=1)
    ax.set_ylabel("change in cost ΔC", fontsize=8.5, labelpad=31)
    moving = {
        "true": ax.plot([], [], color=TRUE, lw=1.8)[0],
        "tangent": ax.plot([], [], color=PREDICTED, lw=1.4, ls="--")[0],
        "gap": ax.plot([], [], color=INK, lw=1.0)[0],
        "true_dot": ax.plot([], [], "o", color=TRUE, ms=5.5, zorder=4)[0],
        "pred_dot": ax.plot([], [], "o", mfc="white", mec=PREDICTED, mew=1.6, ms=5.5,
                            zorder=4)[0],
        "ticks": [ax.text(-0.03, t, "", transform=ax.get_yaxis_transform(), ha="right",
                          va="center", fontsize=8, color=INK) for t in TICKS],
        "power": ax.text(0.0, 1.02, "", transform=ax.transAxes, ha="left", va="bottom",
                         fontsize=8, color=INK),
    }
    return moving


def setup_figure(fig, names, nudge, results):
    """Draw what never moves; return the state that :func:`render_nudge` updates."""
    base = results["activations"]
    network = draw_network(fig.add_axes((0.0, 0.0, 0.54, 1.0)), names, base)
    forecast = draw_forecast(fig.add_axes((0.66, 0.15, 0.32, 0.72)), nudge.grid)
    fig.text(0.585, 0.955, "— true ΔC", ha="left", va="center", fontsize=8,
             color=text_colour(TRUE))
    fig.text(0.985, 0.955, "- - forecast (∂C/∂w)·Δw", ha="right", va="center", fontsize=8,
             color=PREDICTED)
    state = {**network, **forecast}
    for artist in _flatten(state.values()):
        artist.set_animated(True)
    return {**state, "nudge": nudge, "results": results}


def render_nudge(s, values):
    """Update the moving artists for ``values`` (weight number, Δw); return the readout."""
    results = s["results"]
    # one weight only: no slider to choose it
    n = round(values["n"]) if "n" in values else next(iter(results["nudges"]))
    r = results["nudges"][n][s["nudge"].index(values["dw"])]  # the grid point nearest
    dw = r.dw
    scale = results["scale"][n]
    label = f"w{n}"
    for m, arrow in s["arrows"].items():
        arrow.set_visible(m == n)
    s["chosen"].set_position(s["label_at"][n])
    s["chosen"].set_text(f"{label} = {num(r.w + dw, _weight_spec(s['nudge']))}")
    for (layer, row), text in s["values"].items():
        before, after = r.activations_before[layer][row], r.activations_after[layer][row]
        text.set_text(num(after, ".4f"))
        text.set_color(text_colour(TRUE) if abs(after - before) >= 5e-5 else INK)
    curve_dws, curve_dC = results["curve"][n]
    s["true"].set_data(curve_dws, curve_dC / scale)
    s["tangent"].set_data(curve_dws, r.gradient * curve_dws / scale)
    s["true_dot"].set_data([dw], [r.true_dC / scale])
    s["pred_dot"].set_data([dw], [r.predicted_dC / scale])
    s["gap"].set_data([dw, dw], [r.true_dC / scale, r.predicted_dC / scale])
    power = math.floor(math.log10(scale)) if scale < 0.01 else 0  # ticks as k × 10^power
    for text, t in zip(s["ticks"], TICKS):
        text.set_text("0" if t == 0 else num(t * scale / 10.0 ** power, "+.2g"))
    s["power"].set_text(f"× $10^{{{power}}}$" if power else "")
    return readout(label, r, s["nudge"])


def readout(label, r, nudge):
    """The figure's numbers as plain text, in the book's notation (lines of ≤ 60 characters);
    ``nudge`` (the :class:`Param` of Δw) prints Δw as the slider does."""
    a_h, a_o = r.activations_after[1], r.activations_after[2]
    spec = _weight_spec(nudge)
    return (f"Nudge {label} by Δw = {nudge.text(r.dw)}: from {num(r.w, spec)} to "
            f"{num(r.w + r.dw, spec)}, all else fixed\n"
            f"hidden a² = ({num(a_h[0], '.6f')}, {num(a_h[1], '.6f')})\n"
            f"output a³ = ({num(a_o[0], '.6f')}, {num(a_o[1], '.6f')})\n"
            f"∂C/∂{label} = {num(r.gradient, '.9f')} (backprop, before the nudge)\n"
            f"forecast ΔC ≈ (∂C/∂{label})·Δw = {num(r.predicted_dC, '+.9f')}\n"
            f"true ΔC = {num(r.cost_after, '.9f')} − {num(r.cost_before, '.9f')}"
            f" = {num(r.true_dC, '+.9f')}\n"
            f"gap = true − forecast = {num(r.gap, '+.9f')} "
            f"(for small Δw, shrinks like (Δw)²)")


def _flatten(items):
    for item in items:
        if isinstance(item, dict):
            yield from _flatten(item.values())
        elif isinstance(item, list):
            yield from item
        elif hasattr(item, "set_animated"):
            yield item


def network_nudge_figure(net, X, Y, *, names=None, weight=5, dw_max=1.0, dw_step=0.5,
                         dw=0.5, curve_points=81, figsize=(6.4, 3.0), dpi=90, colors=16):
    """The interactive figure for a 2-2-2 network ``net`` and one example ``(X, Y)``.

    ``names`` maps a weight's number to its place ``(i, j, k)`` in ``net.weights``
    (default: :data:`nnlib.weight_nudge.MAZUR_PLACES`, w1..w8); ``weight`` is the one
    shown first (with one weight, no slider chooses it).  All the numbers are computed
    here, once, with :mod:`nnlib.weight_nudge`.
    """
    if list(checks.network(net).sizes) != [2, 2, 2]:
        raise ValueError(f"the figure draws a 2-2-2 network; received sizes {net.sizes}")
    if names is not None and not isinstance(names, Mapping):
        raise ValueError(f"names must map each weight's number to its place (i, j, k) "
                         f"in net.weights, as {{5: (1, 0, 0)}}; received "
                         f"{type(names).__name__}")
    names = dict(weight_nudge.MAZUR_PLACES if names is None else names)
    if not names:
        raise ValueError("names must map at least one weight's number to its place "
                         "(i, j, k) in net.weights, as {5: (1, 0, 0)}")
    if checks.positive_int(curve_points, "curve_points") < 2:
        raise ValueError("curve_points must be at least 2, the points of each curve")
    numbers = sorted(names)
    if numbers != list(range(numbers[0], numbers[-1] + 1)):
        raise ValueError(f"weight numbers must be consecutive; received {numbers}")
    if weight not in names:
        raise ValueError(f"weight, the one shown first, must be one of names' numbers "
                         f"{numbers}; received {weight!r}")
    # a slider chooses the weight, when there are two or more to choose from
    choose = ([Param("n", "weight", numbers[0], numbers[-1], 1, weight, "w{:.0f}")]
              if len(numbers) > 1 else [])
    # as many decimals as the steps need (at least two): 0.125 is not 0.12
    fmt = exact_fmt(dw_step, dw_max, sign=True, at_least=2)
    nudge = Param("dw", "nudge Δw", -dw_max, dw_max, dw_step, dw, fmt)
    dws = nudge.grid
    fine = np.linspace(-1.08 * dw_max, 1.08 * dw_max, curve_points)
    results = {"nudges": {}, "curve": {}, "scale": {}}
    for n, where in names.items():
        row = [weight_nudge.nudge_weight(net, X, Y, where, d) for d in dws]
        true = weight_nudge.cost_along(net, X, Y, where, fine) - row[0].cost_before
        largest = max(np.abs(true).max(), *(abs(r.predicted_dC) for r in row))
        results["nudges"][n] = row
        results["curve"][n] = (fine, true)
        results["scale"][n] = nice_ceiling(largest)
    first = results["nudges"][numbers[0]][0]
    results["activations"] = first.activations_before
    return InteractiveFigure(
        [*choose, nudge], render_nudge,
        setup=lambda fig: setup_figure(fig, names, nudge, results),
        title="Nudge one weight of the 2-2-2 network: true ΔC against the gradient's forecast",
        alt="The 2-2-2 network drawn as six circles joined by eight arrows named w1 to w8, "
            "the chosen weight drawn thick with its new value, and each activation after "
            "the nudge, in vermilion where the nudge changed it; beside it, the true change "
            "in cost as a curve over the nudge Δw, the gradient's straight-line forecast, and "
            "the current nudge marked on both.",
        figsize=figsize, dpi=dpi, colors=colors)


def _weight_spec(nudge):
    """A format for a weight: two decimals, or as many as the nudge's steps need."""
    return f".{max(2, places(nudge.step))}f"
