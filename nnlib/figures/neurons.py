"""Where a network drawing puts its neurons, and where a line between two of them ends.

Shared by the three network drawings (:mod:`~nnlib.figures.network_diagram`,
:mod:`~nnlib.figures.network_222` and :mod:`~nnlib.figures.delta_flow`): neurons sit in
columns, one per layer, layer 1 (the input) on the left; a weight's line runs from the rim
of one neuron to the rim of the other.  Geometry only: no drawing.
"""

import math


def column_positions(sizes, *, dx, dy, x0=0.0, centre=0.0):
    """``positions[l-1][j-1] = (x, y)`` of neuron j of layer l (the book counts from 1).

    Layer l stands at ``x0 + (l − 1) dx``; its neurons are ``dy`` apart, top to bottom,
    centred on the height ``centre``.
    """
    return [[(x0 + i * dx, centre + ((n - 1) / 2 - j) * dy) for j in range(n)]
            for i, n in enumerate(sizes)]


def rim_to_rim(start, end, radius, scale=(1.0, 1.0)):
    """The segment from neuron ``start`` to neuron ``end``, cut short at both circles.

    ``radius`` is in x units.  ``scale`` is the length of one unit along x and along y on
    the page (inches per unit, say), so that the cut follows a circle that is round on
    the page even when the axes stretch one direction.  Returns ``((x0, y0), (x1, y1))``.
    """
    (xa, ya), (xb, yb) = start, end
    sx, sy = scale
    dx, dy = (xb - xa) * sx, (yb - ya) * sy  # on the page
    length = math.hypot(dx, dy)
    r = radius * sx                           # on the page
    ux, uy = r * dx / length / sx, r * dy / length / sy  # back in axis units
    return (xa + ux, ya + uy), (xb - ux, yb - uy)
