"""The book's look for matplotlib figures: one palette, one set of sizes.

The palette is Okabe & Ito's, which stays distinguishable for the common kinds of colour
blindness.  Figures are drawn dark-on-white; the book's dark mode inverts images with CSS
(keeping their hues), so the same PNG reads on both backgrounds.  Use it in a chapter with
``plt.style.use(BOOK_STYLE)``; nothing here is applied on import.  :func:`num` writes
numbers in figures with a true minus sign.
"""

import math

from cycler import cycler

# The Okabe–Ito colours by name, then the ink and greys for text and grids.  Each name
# has a ``#:`` comment, which the reference page shows; a test checks that every name a
# chapter imports from this module has one.

#: Okabe–Ito blue: first in :data:`CYCLE`; in the figures, a prediction beside the
#: true value, and a right answer.
BLUE = "#0072B2"
#: Okabe–Ito orange: what a figure picks out (the chosen weight, the best fit).
ORANGE = "#E69F00"
#: Okabe–Ito bluish green: a third curve; the true label in the digit figures.
GREEN = "#009E73"
#: Okabe–Ito vermilion: second in :data:`CYCLE`; in the figures, the walk of
#: gradient descent, the true change ΔC, and a wrong answer.
VERMILION = "#D55E00"
#: Okabe–Ito sky blue: a lighter blue (contour lines).
SKY = "#56B4E9"
#: Okabe–Ito reddish purple: one more colour for plots with many curves.
PURPLE = "#CC79A7"
#: Okabe–Ito yellow: last in :data:`CYCLE`; too light for text on white.
YELLOW = "#F0E442"
#: Near-black ink for text, axes and ticks.
INK = "#222222"
#: A grey for secondary text and annotations.
MUTED = "#5f5f5f"
#: A light grey for grid lines and reference lines.
GRID = "#d9d9d9"
#: Darker shades of vermilion, green and reddish purple for *text* written in a curve's
#: colour: the Okabe–Ito shades reach only 3.1 : 1 to 3.9 : 1 on white, these 5.2 : 1 or
#: more, and more than 6.5 : 1 on the dark page after the dark mode's inversion.
TEXT_SHADES = {VERMILION: "#B24C00", GREEN: "#007A5C", PURPLE: "#A34F85"}
#: The order in which matplotlib colours a plot's successive lines.
CYCLE = [BLUE, VERMILION, GREEN, ORANGE, PURPLE, SKY, YELLOW]

#: Line style and marker for up to four runs of one kind (learning rates, small to
#: large), so that curves differ by more than colour.
RUN_STYLES = [(":", "o"), ("--", "s"), ("-", "^"), ("-.", "v")]

#: The book's matplotlib settings (an rcParams dict): use them in a chapter with
#: ``plt.style.use(BOOK_STYLE)``.
#:
#: :meta hide-value:
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

    A round number to end an axis or a colour scale on.  Where everything is 0 (a
    weight with no effect at all, say), ``largest`` is 0 and the scale ends at the
    first step, 1.
    """
    if not math.isfinite(largest):
        raise ValueError(f"the figure's numbers must be finite to be drawn; the largest "
                         f"is {largest} (check the network's parameters and the inputs)")
    if largest <= 0:
        return float(steps[0])
    exponent = math.floor(math.log10(largest))
    for step in (*steps, 10):
        if step * 10.0 ** exponent >= largest * (1 - 1e-12):
            return step * 10.0 ** exponent
    return 10.0 ** (exponent + 1)  # pragma: no cover - the loop always returns


def num(value, spec):
    """``value`` formatted by ``spec``, with a true minus sign (−, not -).

    A zero is written without a minus sign even when it is −0.0, which a negative
    slope times a nudge of 0 gives.
    """
    if value == 0:
        value = abs(value)
    return format(value, spec).replace("-", "−")


def text_colour(colour):
    """The shade of ``colour`` to write text in: :data:`TEXT_SHADES`' darker one, or
    ``colour`` itself where it reads on white already (blue, ink, the greys)."""
    return TEXT_SHADES.get(colour, colour)
