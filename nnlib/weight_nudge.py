"""Nudge one weight of a network and compare the cost's true change with the gradient's forecast.

Backpropagation gives ``∂C/∂w`` for every weight at once.  Read as a forecast, it says that
moving one weight by a small ``Δw`` (everything else held fixed) changes the cost by about::

    ΔC ≈ (∂C/∂w) Δw

:func:`nudge_weight` makes that move on a copy of the network and reports both numbers,
together with every layer's activations before and after, so a chapter can show which
neurons the nudge reached.  The forecast is exact to first order: the gap between the true
and the predicted change shrinks like ``(Δw)²``.

A weight is named by its place ``(i, j, k)``: ``net.weights[i][j, k]``, which is the book's
``w^{i+2}_{j+1,k+1}`` (Python counts layers and neurons from 0, the book from 1).
:data:`MAZUR_PLACES` gives the places of the eight weights w1..w8 of the published 2-2-2
example.  Nothing here changes the network it is given, trains, or draws.
"""

from dataclasses import dataclass

import numpy as np

from . import checks

#: Places ``(i, j, k)`` of the published example's weights, by number: ``net.weights[i][j, k]``.
#: w1, w2 feed h1 from i1, i2 and w3, w4 feed h2 (the book's w^2); w5, w6 feed o1 from
#: h1, h2 and w7, w8 feed o2 (the book's w^3).
MAZUR_PLACES = {1: (0, 0, 0), 2: (0, 0, 1), 3: (0, 1, 0), 4: (0, 1, 1),
                5: (1, 0, 0), 6: (1, 0, 1), 7: (1, 1, 0), 8: (1, 1, 1)}


def with_weight(net, where, value):
    """A copy of ``net`` with weight ``where = (i, j, k)`` set to ``value``; ``net`` unchanged."""
    i, j, k = check_place(net, where)
    net._check_parameters()   # a weight already infinite is not the new value's fault
    value = checks.finite_number(value, "value (the weight's new value)")
    twin = net.copy()
    weights = [w.copy() for w in net.weights]
    weights[i][j, k] = value
    twin.weights = weights
    return twin


def cost_along(net, X, Y, where, dws):
    """The cost ``C(w + Δw)`` for each ``Δw`` in ``dws`` (shape ``(n,)``), one weight moved."""
    i, j, k = check_place(net, where)
    w = float(net.weights[i][j, k])
    dws = checks.finite_floats(dws, "dws").ravel()
    return np.array([with_weight(net, where, w + dw).cost(X, Y) for dw in dws])


@dataclass(frozen=True)
class WeightNudge:
    """What moving one weight by ``Δw`` does to the activations and to the cost."""

    where: tuple              # (i, j, k): the weight is net.weights[i][j, k]
    dw: float                 # Δw
    w: float                  # the weight before the nudge
    gradient: float           # ∂C/∂w at the weights before the nudge (from backprop)
    cost_before: float        # C(w)
    cost_after: float         # C(w + Δw)
    activations_before: list  # a^1, ..., a^L before, each 1-D (one example)
    activations_after: list   # the same after the nudge

    @property
    def true_dC(self):
        """The true change in cost, ``C(w + Δw) − C(w)``."""
        return self.cost_after - self.cost_before

    @property
    def predicted_dC(self):
        """The gradient's linear forecast ``(∂C/∂w) Δw``; off by O((Δw)²)."""
        return self.gradient * self.dw

    @property
    def gap(self):
        """True minus predicted change in cost."""
        return self.true_dC - self.predicted_dC

    def __repr__(self):
        return (f"WeightNudge({self.where}, Δw={self.dw:+.4g}: ΔC true {self.true_dC:+.6g}, "
                f"predicted {self.predicted_dC:+.6g})")


def nudge_weight(net, X, Y, where, dw):
    """Move weight ``where = (i, j, k)`` by ``dw`` on a copy of ``net``: a :class:`WeightNudge`.

    ``X`` ``(sizes[0], 1)`` and ``Y`` ``(sizes[-1], 1)`` are one example; with several
    columns the costs are means and the activations are those of the first column.
    """
    i, j, k = check_place(net, where)
    dw = checks.finite_number(dw, "dw")
    w = float(net.weights[i][j, k])
    after = with_weight(net, where, w + dw)
    _, nabla_w = net.backprop(X, Y)
    return WeightNudge(
        where=(i, j, k), dw=float(dw), w=w, gradient=float(nabla_w[i][j, k]),
        cost_before=net.cost(X, Y), cost_after=after.cost(X, Y),
        activations_before=_first_column(net, X), activations_after=_first_column(after, X))


def check_place(net, where):
    """Check a weight's place: ``where`` as a tuple ``(i, j, k)`` of ints, or a
    ``ValueError`` saying what is wrong."""
    checks.network(net)   # not mazur_network()'s (net, X, Y): a clear message
    place = checks.whole_numbers(where, 3)
    if place is None:
        raise ValueError(f"a weight's place is three integers (i, j, k) for "
                         f"net.weights[i][j, k], each counted from 0; received {where!r}")
    i, j, k = place
    if not 0 <= i < len(net.weights):
        raise ValueError(f"layer index i = {i} is out of range: the network has "
                         f"{len(net.weights)} weight matrices, i = 0 to "
                         f"{len(net.weights) - 1} (counted from 0; -1 is not accepted)")
    rows, cols = net.weights[i].shape
    if not (0 <= j < rows and 0 <= k < cols):
        raise ValueError(f"(j, k) = ({j}, {k}) is outside net.weights[{i}], of shape "
                         f"{(rows, cols)}")
    return i, j, k


def _first_column(net, X):
    X = np.asarray(X, dtype=float).reshape(net.sizes[0], -1)
    return [a[:, 0].copy() for a in net.forward(X)[1]]
