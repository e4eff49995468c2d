"""The published 2-2-2 network (Mazur's worked example) drawn as circles and arrows.

Inputs on the left, two hidden and two output neurons, every weight named on its arrow
(w1 … w8, with w1, w2 feeding h1 from i1, i2).  :func:`draw_published_network` writes the
example's numbers on the picture; :func:`draw_network` draws the bare network for the
nudge figure of :mod:`nnlib.figures.network_nudge` and returns the artists that figure
moves.  Neurons stay round whatever the axes' aspect.  Drawing only.
"""

import numpy as np
from matplotlib.patches import Ellipse

from .neurons import rim_to_rim
from .style import INK, MUTED, ORANGE, num

WEIGHT = ORANGE  # the chosen weight

X_LAYER = (0.1, 0.5, 0.9)   # where the input, hidden and output columns sit
Y_NEURON = (0.66, 0.24)      # top and bottom neuron of each column
NEURON_NAMES = (("i1", "i2"), ("h1", "h2"), ("o1", "o2"))
LABEL_AT = 0.27              # a weight's name sits this far along its arrow
CROSSING_LABEL_AT = 0.2      # ... or this far on the arrows that cross mid-way
CHOSEN_AT = 0.5              # the chosen weight's box, on a level arrow
RADIUS = 0.052               # of a neuron, in the diagram's x units


def _inches_per_unit(ax):
    """Inches per data unit along x and y (the axes' position must already be fixed)."""
    box = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return box.width * fig_w / (x1 - x0), box.height * fig_h / (y1 - y0)


def draw_network(ax, names, base):
    """The network on ``ax``: static neurons and arrows; returns the moving artists."""
    ax.set(xlim=(0, 1), ylim=(0, 1))
    ax.axis("off")
    scale = _inches_per_unit(ax)
    arrows, labels = {}, {}
    for n, (i, j, k) in names.items():
        (x0, y0), (x1, y1) = rim_to_rim((X_LAYER[i], Y_NEURON[k]),
                                        (X_LAYER[i + 1], Y_NEURON[j]), RADIUS, scale)
        ax.annotate("", (x1, y1), (x0, y0), arrowprops={
            "arrowstyle": "-|>", "color": MUTED, "lw": 0.9, "shrinkA": 0, "shrinkB": 0,
            "mutation_scale": 8})
        lx, ly = x0 + LABEL_AT * (x1 - x0), y0 + LABEL_AT * (y1 - y0)
        ax.text(lx, ly, f"w{n}", ha="center", va="center", fontsize=8.5, color=INK,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"})
        arrows[n] = ax.plot([x0, x1], [y0, y1], color=WEIGHT, lw=3.2,
                            solid_capstyle="round", visible=False, animated=True)[0]
        # the wider box of the chosen weight: clear of the neuron it leaves, and
        # (on a crossing arrow) short of the crossing in the middle
        at = CHOSEN_AT if j == k else LABEL_AT
        labels[n] = (x0 + at * (x1 - x0), y0 + at * (y1 - y0))
    values = {}
    for layer, x in enumerate(X_LAYER):
        for row, y in enumerate(Y_NEURON):
            ax.add_patch(_circle(x, y, scale))
            ax.text(x, y, NEURON_NAMES[layer][row], ha="center", va="center", fontsize=8.5,
                    color=INK)
            above = row == 0
            spot = (x, y + (1 if above else -1) * (RADIUS * scale[0] / scale[1] + 0.035))
            if layer == 0:
                ax.text(*spot, num(base[0][row], ".2f"), ha="center",
                        va="bottom" if above else "top", fontsize=8.5, color=INK)
            else:
                values[(layer, row)] = ax.text(*spot, "", ha="center",
                                               va="bottom" if above else "top",
                                               fontsize=8.5, animated=True)
    ax.text(X_LAYER[0], 0.93, "input $a^1$", ha="center", va="top", fontsize=8.5, color=MUTED)
    ax.text(X_LAYER[1], 0.93, "hidden $a^2$", ha="center", va="top", fontsize=8.5, color=MUTED)
    ax.text(X_LAYER[2], 0.93, "output $a^3$", ha="center", va="top", fontsize=8.5, color=MUTED)
    chosen = ax.text(0, 0, "", ha="center", va="center", fontsize=8.5, color=INK,
                     fontweight="bold", animated=True,
                     bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": WEIGHT, "lw": 1.5})
    return {"arrows": arrows, "label_at": labels, "chosen": chosen, "values": values}


def _circle(x, y, scale):
    """A neuron: round on the page, whatever the axes' aspect (``scale`` from _inches_per_unit)."""
    return Ellipse((x, y), 2 * RADIUS, 2 * RADIUS * scale[0] / scale[1], fc="white", ec=INK,
                   lw=1.1)


def draw_published_network(ax, names, weights, biases, x, y):
    """A static picture of the example: every weight, bias, input and target written on it.

    ``names`` maps weight numbers to places ``(i, j, k)``; ``weights`` and ``biases`` are
    the network's lists; ``x`` and ``y`` the input and target, each of two numbers.
    Returns ``ax``.
    """
    shapes = ([np.shape(w) for w in weights], [np.shape(b) for b in biases],
              np.shape(np.ravel(x)), np.shape(np.ravel(y)))
    if shapes != ([(2, 2), (2, 2)], [(2, 1), (2, 1)], (2,), (2,)):
        raise ValueError(f"the picture is of a 2-2-2 network: two 2 × 2 weight matrices, "
                         f"two 2 × 1 biases, an input and a target of two numbers each; "
                         f"received weights {shapes[0]}, biases {shapes[1]}, x of "
                         f"{shapes[2][0]} and y of {shapes[3][0]} numbers")
    ax.set(xlim=(-0.07, 1.14), ylim=(0, 1))
    ax.axis("off")
    scale = _inches_per_unit(ax)
    for n, (i, j, k) in names.items():
        (x0, y0), (x1, y1) = rim_to_rim((X_LAYER[i], Y_NEURON[k]),
                                        (X_LAYER[i + 1], Y_NEURON[j]), RADIUS, scale)
        ax.annotate("", (x1, y1), (x0, y0), arrowprops={
            "arrowstyle": "-|>", "color": MUTED, "lw": 1.0, "shrinkA": 0, "shrinkB": 0,
            "mutation_scale": 9})
        at = LABEL_AT if j == k else CROSSING_LABEL_AT
        ax.text(x0 + at * (x1 - x0), y0 + at * (y1 - y0),
                f"w{n} = {num(float(weights[i][j, k]), '.2f')}", ha="center", va="center",
                fontsize=8.5, color=INK, bbox={"boxstyle": "square,pad=0.1", "fc": "white",
                                               "ec": "none"})
    for layer, xx in enumerate(X_LAYER):
        for row, yy in enumerate(Y_NEURON):
            ax.add_patch(_circle(xx, yy, scale))
            ax.text(xx, yy, NEURON_NAMES[layer][row], ha="center", va="center",
                    fontsize=9.5, color=INK)
    for row, yy in enumerate(Y_NEURON):
        ax.text(X_LAYER[0] - RADIUS - 0.012, yy, num(float(np.ravel(x)[row]), ".2f"),
                ha="right", va="center", fontsize=9, color=INK)
        ax.text(X_LAYER[2] + RADIUS + 0.012, yy, f"target {num(float(np.ravel(y)[row]), '.2f')}",
                ha="left", va="center", fontsize=9, color=INK)
    for layer, b in ((1, biases[0]), (2, biases[1])):
        values = ", ".join(num(float(v), ".2f") for v in np.ravel(b))
        ax.text(X_LAYER[layer], 0.06, f"biases {values}", ha="center", va="center",
                fontsize=8.5, color=MUTED)
    for layer, caption in enumerate(("input $a^1$", "hidden $a^2$", "output $a^3$")):
        ax.text(X_LAYER[layer], 0.95, caption, ha="center", va="top", fontsize=9, color=MUTED)
    return ax
