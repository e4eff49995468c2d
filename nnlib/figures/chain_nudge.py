"""The chain-rule chapter's signature figure: nudge a weight, follow Δ down the chain.

Top: the path from the weight to the cost as a row of nodes (value at the current
weight, and the change Δ after the nudge), each link labelled with its local
derivative; under it, the product of those labels, which is ∂C/∂w.  Bottom left:
the cost curve C(w) with its tangent at the current weight, and the nudged point
on both.  Bottom right: predicted ΔC ≈ (∂C/∂w) Δw beside the true ΔC.

Drawing only: the numbers come from :mod:`nnlib.chain`.  Colours are Okabe–Ito
(safe for colour-blind readers) on white; the book's dark mode inverts the frames
with CSS, as it does every figure.
"""

import numpy as np
from matplotlib.patches import FancyBboxPatch

from nnlib import chain
from nnlib.interactive import InteractiveFigure, Param, exact_fmt
from .style import BLUE, GRID, INK, MUTED, ORANGE, VERMILION, num, text_colour

TRUE, PREDICTED, WEIGHT = VERMILION, BLUE, ORANGE  # the roles of the palette's colours

TEX = {"w_L": "w^{L}", "z_L": "z^{L}", "a_L": "a^{L}", "C": "C", "w_Lm1": "w^{L-1}",
       "z_Lm1": "z^{L-1}", "a_Lm1": "a^{L-1}", "a_Lm2": "a^{L-2}", "b_L": "b^{L}",
       "b_Lm1": "b^{L-1}", "y": "y"}
TEXT = {"w_L": "wᴸ", "z_L": "zᴸ", "a_L": "aᴸ", "C": "C", "w_Lm1": "wᴸ⁻¹", "z_Lm1": "zᴸ⁻¹",
        "a_Lm1": "aᴸ⁻¹", "a_Lm2": "aᴸ⁻²", "b_L": "bᴸ", "b_Lm1": "bᴸ⁻¹", "y": "y"}
# each link's local derivative as a formula: (mathtext, plain text)
FORMULA = {("w_Lm1", "z_Lm1"): ("a^{L-2}", "aᴸ⁻²"),
           ("z_Lm1", "a_Lm1"): ("\\sigma'(z^{L-1})", "σ'(zᴸ⁻¹)"),
           ("a_Lm1", "z_L"): ("w^{L}", "wᴸ"),
           ("w_L", "z_L"): ("a^{L-1}", "aᴸ⁻¹"),
           ("z_L", "a_L"): ("\\sigma'(z^{L})", "σ'(zᴸ)"),
           ("a_L", "C"): ("(a^{L}-y)", "(aᴸ − y)")}
HELD = {"w_L": ("a_Lm1", "b_L", "y"), "w_Lm1": ("a_Lm2", "b_Lm1", "b_L", "w_L", "y")}


def draw_chain(ax, which, base, local):
    """The path as boxes and arrows on ``ax``; returns the Δ texts, one per node."""
    path, links = chain.PATHS[which], chain.links(which)
    ax.set(xlim=(0, len(path)), ylim=(0, 1))
    ax.axis("off")
    width = 0.62 / (ax.figure.get_figwidth() * ax.get_position().width / len(path))
    deltas = []
    for i, node in enumerate(path):
        fill = WEIGHT if node == which else (GRID if node == "C" else "white")
        ax.add_patch(FancyBboxPatch((i + 0.5 - width / 2, 0.49), width, 0.23,
                                    boxstyle="round,pad=0,rounding_size=0.04", fc=fill,
                                    ec=INK, lw=1.2))
        ax.text(i + 0.5, 0.65, f"${TEX[node]}$", ha="center", va="center", fontsize=13,
                color=INK)
        ax.text(i + 0.5, 0.545, num(base[node], ".3f"), ha="center", va="center",
                fontsize=10, color=INK)
        deltas.append(ax.text(i + 0.5, 0.41, "", ha="center", va="center", fontsize=10.5,
                              color=text_colour(TRUE), fontweight="bold",
                              animated=True))
    for i, (link, slope) in enumerate(zip(links, local)):
        x0, x1 = i + 0.5 + width / 2, i + 1.5 - width / 2
        ax.annotate("", (x1, 0.605), (x0, 0.605),
                    arrowprops={"arrowstyle": "-|>", "color": INK, "lw": 1.2})
        parent, child = link
        ax.text((x0 + x1) / 2, 0.885, f"$\\dfrac{{\\partial {TEX[child]}}}"
                f"{{\\partial {TEX[parent]}}}$", ha="center", va="center", fontsize=11,
                color=INK)
        ax.text((x0 + x1) / 2, 0.765, f"$= {FORMULA[link][0]}$", ha="center", va="center",
                fontsize=10.5, color=MUTED)
        ax.text((x0 + x1) / 2, 0.545, f"= {num(slope, '.3f')}", ha="center", va="center",
                fontsize=10.5, color=MUTED)
    ax.text(0.5 - width / 2, 0.32, "Δ: the change after the nudge, travelling down the "
            "chain", ha="left", va="center", fontsize=9, color=text_colour(TRUE))
    product = " \\cdot ".join(FORMULA[link][0] for link in links)
    numbers = " × ".join(num(s, ".3f") for s in local)
    ax.text(len(path) / 2, 0.2, f"$\\partial C/\\partial {TEX[which]} = {product}$"
            f"  =  {numbers}  =  {num(np.prod(local), '.4f')}", ha="center", va="center",
            fontsize=10.5, color=INK)
    held = ",  ".join(f"${TEX[n]}$ = {num(base[n], '.2f')}" for n in HELD[which])
    ax.text(len(path) / 2, 0.07, f"held fixed:  {held}", ha="center", va="center",
            fontsize=10, color=MUTED)
    return deltas


def setup_figure(fig, which, nudge, chain_values):
    """Draw everything that does not move; return the (animated) artists that do."""
    dws = nudge.grid
    n0 = chain.nudge(which, 0.0, **chain_values)
    w0, C0, slope = n0.before[which], n0.before["C"], n0.dC_dw
    fig.text(0.015, 0.975, f"Nudge ${TEX[which]}$ by Δw and follow the change down the "
             "chain to the cost", ha="left", va="top", fontsize=12, fontweight="bold",
             color=INK)
    deltas = draw_chain(fig.add_axes((0.0, 0.47, 1.0, 0.47)), which, n0.before, n0.local)

    # the cost curve C(w), its tangent at w, and the nudged point on each
    ax = fig.add_axes((0.085, 0.1, 0.5, 0.34))
    w = w0 + np.linspace(dws[0] - 0.25, dws[-1] + 0.25, 200)
    cost = chain.forward(**{**chain_values, which: w})["C"]
    predicted = C0 + slope * np.asarray(dws)
    lo, hi = min(cost.min(), predicted.min()), max(cost.max(), predicted.max())
    ax.set(xlim=(w[0], w[-1]), ylim=(lo - 0.08 * (hi - lo), hi + 0.08 * (hi - lo)))
    ax.plot(w, cost, color=INK, lw=2, label="cost $C(w)$")
    ax.plot(w, C0 + slope * (w - w0), color=PREDICTED, lw=1.3, ls="--",
            label=f"tangent at ${TEX[which]}$, slope {num(slope, '.4f')}")
    ax.axhline(C0, color=GRID, lw=1, zorder=0)
    ax.plot([w0], [C0], "o", color=INK, ms=6, zorder=3)
    true_bar, = ax.plot([], [], color=TRUE, lw=3, solid_capstyle="butt", label="true ΔC")
    pred_bar, = ax.plot([], [], color=PREDICTED, lw=3, solid_capstyle="butt",
                        label="predicted ΔC = slope × Δw")
    true_dot, = ax.plot([], [], "o", color=TRUE, ms=7, zorder=4)
    pred_dot, = ax.plot([], [], "o", mfc="white", mec=PREDICTED, mew=2, ms=7, zorder=4)
    run = ax.annotate("", (w0, C0), (w0, C0), arrowprops={"arrowstyle": "-|>", "lw": 1.2,
                                                          "color": INK, "shrinkA": 0,
                                                          "shrinkB": 0})
    run_label = ax.text(w0, C0, "Δw", ha="center", va="top", fontsize=9, color=INK)
    ax.set_xlabel(f"weight ${TEX[which]}$ (everything else held fixed)", fontsize=10)
    ax.set_ylabel("cost $C$", fontsize=10)
    ax.legend(loc="upper left", fontsize=8, framealpha=0.95)
    ax.tick_params(labelsize=8.5)

    # predicted and true ΔC side by side
    bars = fig.add_axes((0.70, 0.1, 0.28, 0.29))
    reach = 1.45 * max(abs(predicted - C0).max(), 1e-12)
    bars.set(xlim=(-reach, reach), ylim=(-0.45, 1.75), yticks=[0, 1])
    bars.set_yticklabels(["true", "predicted"], fontsize=9)
    bars.axvline(0, color=INK, lw=1)
    bar = bars.barh([0, 1], [0, 0], height=0.5, color=[TRUE, PREDICTED])
    values = [bars.text(0, k + 0.42, "", va="center", fontsize=9, color=INK) for k in (0, 1)]
    bars.set_xlabel("change in cost ΔC", fontsize=10)
    bars.tick_params(labelsize=8.5)
    gap = bars.set_title("", fontsize=10, color=INK)
    moving = {"deltas": deltas, "true_bar": true_bar, "pred_bar": pred_bar,
              "true_dot": true_dot, "pred_dot": pred_dot, "run": run,
              "run_label": run_label, "bar": list(bar), "values": values, "gap": gap}
    for artist in _flatten(moving.values()):  # after the legend, which copies its lines
        artist.set_animated(True)
    return {"which": which, "nudge": nudge, "chain": chain_values, "w0": w0, "C0": C0,
            "dx": 0.012 * (w[-1] - w[0]), "dy": 0.03 * (hi - lo), **moving}


def render_nudge(s, values):
    """Update the moving artists for ``values["dw"]``; return the plain-text readout."""
    n = chain.nudge(s["which"], values["dw"], **s["chain"])
    x, C0, dx = s["w0"] + n.dw, s["C0"], s["dx"]
    for text, node in zip(s["deltas"], n.path):
        text.set_text(f"Δ {num(n.changes[node], '+.4f')}")
    s["true_bar"].set_data([x - dx, x - dx], [C0, C0 + n.true_dC])
    s["pred_bar"].set_data([x + dx, x + dx], [C0, C0 + n.predicted_dC])
    s["true_dot"].set_data([x], [C0 + n.true_dC])
    s["pred_dot"].set_data([x], [C0 + n.predicted_dC])
    s["run"].xy = (x, C0)
    s["run"].set_visible(n.dw != 0)  # an arrow of length zero has no direction
    s["run_label"].set_position((s["w0"] + n.dw / 2, C0 - s["dy"]))
    for rect, text, k, v in zip(s["bar"], s["values"], (0, 1), (n.true_dC, n.predicted_dC)):
        rect.set_width(v)
        text.set_position((0, k + 0.42))  # above the bar, from zero towards its end
        text.set_text(f" {num(v, '+.4f')} ")
        text.set_ha("left" if v >= 0 else "right")
    s["gap"].set_text(f"gap: true − predicted = {num(n.true_dC - n.predicted_dC, '+.5f')}")
    return readout(n, s["nudge"])


def readout(n, nudge):
    """The figure's numbers as plain text, in the book's notation; ``nudge`` (the
    :class:`Param` of Δw) prints Δw as the slider does."""
    w, path = TEXT[n.which], n.path
    moves = "  ".join(f"Δ{TEXT[node]} = {num(n.changes[node], '+.4f')}" for node in path[1:])
    formula = " · ".join(FORMULA[link][1] for link in chain.links(n.which))
    numbers = " × ".join(num(s, ".4f") for s in n.local)
    return (f"Nudge {w} by Δw = {nudge.text(n.dw)}\n"
            f"  {moves}\n"
            f"∂C/∂{w} = {formula}\n"
            f"{' ' * len(f'∂C/∂{w}')} = {numbers} = {num(n.dC_dw, '.5f')}\n"
            f"predicted ΔC ≈ (∂C/∂{w})·Δw = {num(n.predicted_dC, '+.5f')}\n"
            f"true ΔC = {num(n.true_dC, '+.5f')}   "
            f"gap = {num(n.true_dC - n.predicted_dC, '+.5f')} "
            f"(for small Δw, shrinks like (Δw)²)")


def _flatten(items):
    for item in items:
        yield from (item if isinstance(item, list) else [item])


def chain_nudge_figure(which="w_L", *, dw_max=2.0, dw_step=0.2, dw=0.6, figsize=(8.4, 5.6),
                       dpi=96, **chain_values):
    """The interactive figure for weight ``which`` ("w_L" or "w_Lm1").

    ``chain_values`` (a_Lm2, w_Lm1, b_Lm1, w_L, b_L, y) override the chain's
    defaults, which are those of :func:`nnlib.chain.forward`.
    """
    chain.forward(**chain_values)  # reject an unknown name now, not at the first frame
    chain.links(which)
    # as many decimals as the steps need (at least two): 0.125 is not 0.12
    fmt = exact_fmt(dw_step, dw_max, sign=True, at_least=2)
    nudge = Param("dw", "Δw", -dw_max, dw_max, dw_step, dw, fmt)
    return InteractiveFigure(
        [nudge],
        render_nudge,
        setup=lambda fig: setup_figure(fig, which, nudge, chain_values),
        title=f"Nudging {TEXT[which]}: the chain rule as a prediction",
        alt=f"The chain from {TEXT[which]} to the cost C as boxes joined by arrows, each "
            f"arrow labelled with its local derivative, and the change Δ of every node "
            f"after nudging {TEXT[which]} by Δw; below, the cost curve with its tangent, "
            f"and bars comparing the predicted change in cost (∂C/∂{TEXT[which]})·Δw with "
            f"the true change.",
        figsize=figsize, dpi=dpi)
