"""The book's look for matplotlib figures: one palette, one set of sizes.

The palette is Okabe & Ito's, which stays distinguishable for the common kinds of colour
blindness.  Figures are drawn dark-on-white; the book's dark mode inverts images with CSS
(keeping their hues), so the same PNG reads on both backgrounds.  Use it in a chapter with
``plt.style.use(BOOK_STYLE)``; nothing here is applied on import.  :func:`num` writes
numbers in figures with a true minus sign.
"""

import math

from cycler import cycler

#: Okabe–Ito colours by name, plus the ink and greys used for text and grids.
BLUE, ORANGE, GREEN, VERMILLION = "#0072B2", "#E69F00", "#009E73", "#D55E00"
SKY, PURPLE, YELLOW = "#56B4E9", "#CC79A7", "#F0E442"
INK, MUTED, GRID = "#222222", "#5f5f5f", "#d9d9d9"
CYCLE = [BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, YELLOW]

BOOK_STYLE = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 110,
    "savefig.dpi": 110,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.grid": True,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=CYCLE),
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "figure.constrained_layout.use": True,
    "svg.hashsalt": "nnlib",
}


def nice_ceiling(largest, steps=(1, 2, 5)):
    """The smallest ``step × 10^n`` (a step from ``steps``) that is at least ``largest`` > 0.

    A round number to end an axis or a colour scale on.
    """
    exponent = math.floor(math.log10(largest))
    for step in (*steps, 10):
        if step * 10.0 ** exponent >= largest * (1 - 1e-12):
            return step * 10.0 ** exponent
    return 10.0 ** (exponent + 1)  # pragma: no cover - the loop always returns


def num(value, spec):
    """``value`` formatted by ``spec``, with a true minus sign (−, not -)."""
    return format(value, spec).replace("-", "−")
