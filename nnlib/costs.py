"""Cost functions for a whole network, all sharing one interface.

A cost object knows three things about the output layer:

* ``output(z)`` turns the last layer's weighted inputs ``z^L`` into its activations
  ``a^L`` (the quadratic cost uses the network's activation; cross-entropy uses softmax);
* ``fn(a, y)`` is the cost, the **mean** over the ``m`` examples (columns) of the
  per-example cost ``C_x``;
* ``delta(z, a, y)`` is the output error ``δ^L = ∂C_x/∂z^L`` of each example, one
  column per example, *not* divided by ``m`` (the network divides once, when it
  averages the gradients).

Arrays are shaped ``(n_L, m)``: one row per output neuron, one column per example.
So ``z``, ``a`` and ``y`` here are a batch's matrices, for which the book keeps the
letters ``z^L``, ``a^L`` and ``y`` (for one example, ``m = 1``).
This module does not compute gradients of weights; that is backpropagation's job.
The idea of a cost as a class with ``fn`` and ``delta`` follows Michael Nielsen's
``network2.py`` (*Neural Networks and Deep Learning*, chapter 3).
"""

import numpy as np

from . import checks
from .activations import get_activation


class QuadraticCost:
    """``C_x = ½‖y − a^L‖²``, with the network's own activation σ in the last layer."""

    name = "quadratic"

    def __init__(self, activation="sigmoid"):
        self.activation = get_activation(activation)

    def output(self, z):
        """``a^L = σ(z^L)``, shape ``(n_L, m)``."""
        return self.activation.fn(z)

    def fn(self, a, y):
        """Mean over the columns of ``½‖y − a‖²``; returns a float."""
        m = checks.output_pair(a, y)   # the number of examples
        return float(0.5 * ((a - y) ** 2).sum() / m)

    def delta(self, z, a, y):
        """``δ^L = (a^L − y) ⊙ σ'(z^L)``, shape ``(n_L, m)``.

        σ′(z^L) is taken from ``a = σ(z^L)`` when the activation allows it (same
        number, less work).
        """
        checks.output_pair(a, y)
        if self.activation.prime_from_a is not None:
            return (a - y) * self.activation.prime_from_a(a)
        return (a - y) * self.activation.prime(z)


def softmax(z):
    """Softmax down each column: ``p_i = e^{z_i} / Σ_j e^{z_j}``, shape kept.

    Subtracting each column's maximum first changes nothing mathematically and
    keeps ``exp`` from overflowing.  An infinite maximum would make that
    ``∞ − ∞``: there the limit is used instead, every score equal to the
    maximum sharing the probability equally (``softmax([∞, 0]) = [1, 0]``).
    A NaN score gives NaN, as it does in σ.
    """
    z = checks.class_scores(z)  # at least 2 rows: softmax of one number is 1
    z_max = z.max(axis=0, keepdims=True)
    infinite = np.isinf(z_max)   # where z − z_max would hold ∞ − ∞ = NaN
    with np.errstate(over="ignore"):   # −1e308 − 1e308 is −∞: e^{−∞} = 0
        if not infinite.any():
            e = np.exp(z - z_max)
        else:   # the limit: 1 at the maximum (each, if tied), 0 elsewhere
            with np.errstate(invalid="ignore"):
                e = np.where(infinite, z == z_max, np.exp(z - z_max))
    return e / e.sum(axis=0, keepdims=True)


def softmax_jacobian(z):
    """The Jacobian ``∂p_i/∂z_j = p_i ([i = j] − p_j)`` for one example ``z``.

    ``[i = j]`` is 1 on the diagonal and 0 off it.  ``z`` has shape ``(n,)``
    or ``(n, 1)``; returns an ``(n, n)`` array.  Backpropagation never
    builds it (the shortcut ``p − y`` makes it unnecessary), but the
    softmax chapter derives that shortcut from it.
    """
    z = checks.floats(z)
    if z.ndim != 1 and z.shape[1:] != (1,):
        raise ValueError("softmax_jacobian takes one example, z of shape (n,) "
                         f"or (n, 1); received shape {z.shape}")
    p = softmax(z.reshape(-1, 1)).ravel()
    return np.diag(p) - np.outer(p, p)


class CrossEntropyCost:
    """``C_x = −Σ_i y_i log p_i`` with a softmax output layer,
    ``p = softmax(z^L)``.

    ``y`` holds one-hot columns (or any columns of probabilities summing to 1).
    The constructor takes the hidden activation only to share the quadratic
    cost's signature; softmax replaces it in the last layer.
    """

    name = "cross_entropy"

    def __init__(self, activation="sigmoid"):
        self.activation = get_activation(activation)

    def output(self, z):
        """``a^L = softmax(z^L)``, shape ``(n_L, m)``."""
        return softmax(z)

    def fn(self, a, y, *, checked=True):
        """Mean over the columns of ``−Σ_i y_i log a_i``; returns a float.

        ``log 0`` is clipped at the smallest positive normal double so that a
        confident, wrong answer costs a large finite amount (about 708) rather
        than ``inf``.  :func:`nnlib.sgd` passes ``checked=False`` at every
        step: its ``a`` is the network's own softmax, its ``y`` checked once.
        """
        m = checks.output_pair(a, y)   # the number of examples
        if checked:
            checks.probability_columns(y, "y", "for the cross-entropy")
            _check_softmax_output(a)
        log_a = np.log(np.clip(a, np.finfo(float).tiny, None))
        # when every answer is certain and right (a = 1, log a = 0) the sum is
        # 0.0 and its negation −0.0: adding 0.0 makes the cost 0.0 again
        return float(-(y * log_a).sum() / m) + 0.0

    def delta(self, z, a, y):
        """``δ^L = p − y``: the softmax Jacobian times ``−y/p`` comes to this
        when each column of ``y`` sums to 1 (one-hot targets, say).

        ``z`` is unused: the shortcut needs only the probabilities ``a``.  The
        columns of ``y`` are not checked here (``Network.backprop`` and
        ``Network.cost`` check them once a call).
        """
        checks.output_pair(a, y)
        return a - y


def _check_softmax_output(a):
    """A clear error unless every column of ``a`` holds probabilities summing to 1,
    as a softmax makes them: scores z, or sigmoid outputs, would give a number that
    is not the cross-entropy."""
    if a.min() < 0 or a.max() > 1:
        raise ValueError(
            "a must hold probabilities, the softmax of the scores z, "
            f"p = softmax(z); received values from {a.min():.4g} to "
            f"{a.max():.4g} (scores z?)")
    checks.probability_columns(a, "a", "for the cross-entropy",
                               "the softmax of the scores z, p = softmax(z): sigmoid "
                               "outputs are not")


COSTS = {"quadratic": QuadraticCost, "cross_entropy": CrossEntropyCost}


def get_cost(name, activation="sigmoid"):
    """Build a cost object by name (or from a cost object, taking its name); a
    clear ``ValueError`` for an unknown one."""
    if isinstance(name, tuple(COSTS.values())):
        name = name.name
    if name in ("cross-entropy", "crossentropy"):
        name = "cross_entropy"
    try:
        cls = COSTS[name]
    except (KeyError, TypeError):
        hint = (f" (a class? pass its name, e.g. {name.name!r})"
                if isinstance(name, type) and hasattr(name, "name") else "")
        raise ValueError(f"unknown cost {name!r}: expected one of {sorted(COSTS)}"
                         f"{hint}") from None
    return cls(activation)
