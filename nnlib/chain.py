"""The maths of one path through a network: a chain of single neurons.

Chapter 2 follows a single path from a weight to the cost.  With one neuron per
layer every quantity is a number, and the path reads::

    a^{L-2} ──> z^{L-1} = w^{L-1} a^{L-2} + b^{L-1} ──> a^{L-1} = σ(z^{L-1})
            ──> z^L = w^L a^{L-1} + b^L ──> a^L = σ(z^L) ──> C = ½ (a^L − y)²

Each arrow is a *link* with a local derivative (how much the next quantity moves
per unit move of this one), and the chain rule multiplies the links::

    ∂C/∂w^L     = ∂z^L/∂w^L · ∂a^L/∂z^L · ∂C/∂a^L = a^{L-1} · σ'(z^L) · (a^L − y)
    ∂C/∂w^{L-1} = a^{L-2} · σ'(z^{L-1}) · w^L · σ'(z^L) · (a^L − y)

:func:`backward` computes both gradients the way backpropagation does: the
error δ^L = ∂C/∂z^L once, then handed back a layer to δ^{L-1}.
:func:`nudge` changes one weight by a finite Δw and reports how Δz, Δa and ΔC
travel down the path, next to the chain rule's linear prediction ΔC ≈ (∂C/∂w) Δw.

Python names spell the superscripts: ``w_L`` is w^L, ``w_Lm1`` is w^{L-1} ("L
minus 1"), ``a_Lm2`` is a^{L-2}.  :func:`forward`, :func:`local_derivatives`,
:func:`dC_dw` and :func:`backward` also accept numpy arrays, which is how a cost
curve C(w) is computed in one call; :func:`nudge` takes numbers.  This module
neither draws nor trains; :mod:`nnlib.figures.chain_nudge` draws it.
"""

import inspect
import numbers
import operator
from dataclasses import dataclass
from functools import reduce, wraps

import numpy as np

from nnlib import checks
from nnlib.activations import sigmoid, sigmoid_prime

#: The nodes on the path from each weight down to the cost, in order.
PATHS = {
    "w_L": ("w_L", "z_L", "a_L", "C"),
    "w_Lm1": ("w_Lm1", "z_Lm1", "a_Lm1", "z_L", "a_L", "C"),
}


def forward(*, a_Lm2=0.8, w_Lm1=0.6, b_Lm1=-0.2, w_L=1.2, b_L=0.3, y=0.1):
    """Run the chain forward; return every node's value in a dict keyed by name.

    The defaults are the book's example chain.  :func:`dC_dw` and :func:`nudge`
    take the same keyword arguments (``**chain``) and pass them on to this one;
    :func:`local_derivatives` and :func:`backward` take the dict it returns.
    """
    a_Lm2, w_Lm1, b_Lm1, w_L, b_L, y = _values(
        a_Lm2=a_Lm2, w_Lm1=w_Lm1, b_Lm1=b_Lm1, w_L=w_L, b_L=b_L, y=y)
    # forward pass, one link at a time
    z_Lm1 = w_Lm1 * a_Lm2 + b_Lm1
    a_Lm1 = sigmoid(z_Lm1)
    z_L = w_L * a_Lm1 + b_L
    a_L = sigmoid(z_L)
    C = 0.5 * (a_L - y) ** 2
    return {"a_Lm2": a_Lm2, "w_Lm1": w_Lm1, "b_Lm1": b_Lm1, "z_Lm1": z_Lm1,
            "a_Lm1": a_Lm1, "w_L": w_L, "b_L": b_L, "z_L": z_L, "a_L": a_L,
            "y": y, "C": C}


def local_derivatives(v):
    """Each link's local derivative ∂child/∂parent, keyed ``(parent, child)``.

    ``v`` is a dict from :func:`forward`.  Each entry is the slope of one link
    with everything else held fixed.
    """
    return {
        # ∂z^{L-1}/∂w^{L-1} = a^{L-2}
        ("w_Lm1", "z_Lm1"): v["a_Lm2"],
        # ∂a^{L-1}/∂z^{L-1} = σ'(z^{L-1})
        ("z_Lm1", "a_Lm1"): sigmoid_prime(v["z_Lm1"]),
        # ∂z^L/∂a^{L-1} = w^L
        ("a_Lm1", "z_L"): v["w_L"],
        # ∂z^L/∂w^L = a^{L-1}
        ("w_L", "z_L"): v["a_Lm1"],
        # ∂a^L/∂z^L = σ'(z^L)
        ("z_L", "a_L"): sigmoid_prime(v["z_L"]),
        # ∂C/∂a^L = a^L − y
        ("a_L", "C"): v["a_L"] - v["y"],
    }


def links(which):
    """The links ``(parent, child)`` on the path from weight ``which`` to C, in order."""
    path = PATHS[_check_which(which)]
    return tuple(zip(path[:-1], path[1:]))


def dC_dw(which, **chain):
    """∂C/∂w for ``which`` in ``{"w_L", "w_Lm1"}``: the product of the local derivatives.

    A factor may be a number (a^{L-2}, say) or an array (when a weight is), so
    they are multiplied one by one, which broadcasts them as ``*`` does.
    """
    local = local_derivatives(forward(**_check_names(chain)))
    return reduce(operator.mul, [local[link] for link in links(which)])


def backward(v):
    """The errors δ^L, δ^{L-1} and both weight gradients, by backpropagation.

    ``v`` is a dict from :func:`forward`; returns a dict with the keys
    ``delta_L``, ``delta_Lm1``, ``dC_dw_L`` and ``dC_dw_Lm1``.  δ^L = ∂C/∂z^L
    is computed once, at the end of the path; each gradient is the activation
    into its weight times the error of the layer the weight feeds, and
    δ^{L-1} is δ^L passed back through one weight and one σ′.  It takes fewer
    products than :func:`dC_dw`, which multiplies every link of each path
    afresh, and gives the same numbers.
    """
    delta_L = sigmoid_prime(v["z_L"]) * (v["a_L"] - v["y"])       # δ^L
    delta_Lm1 = v["w_L"] * delta_L * sigmoid_prime(v["z_Lm1"])    # δ^{L-1}
    return {"delta_L": delta_L, "delta_Lm1": delta_Lm1,
            "dC_dw_L": v["a_Lm1"] * delta_L,                      # ∂C/∂w^L
            "dC_dw_Lm1": v["a_Lm2"] * delta_Lm1}                  # ∂C/∂w^{L-1}


@dataclass(frozen=True)
class Nudge:
    """What a finite nudge Δw of one weight does to each node on its path."""

    which: str      # "w_L" or "w_Lm1"
    dw: float       # Δw
    path: tuple     # node names from the weight down to C
    before: dict    # forward values at w
    after: dict     # forward values at w + Δw
    local: tuple    # local derivative of each link on the path, at w
    dC_dw: float    # ∂C/∂w, the product of ``local``

    @property
    def changes(self):
        """Δ of every node on the path (after − before): Δw, Δz, Δa, ..., ΔC."""
        return {node: self.after[node] - self.before[node] for node in self.path}

    @property
    def true_dC(self):
        """The true change in cost, C(w + Δw) − C(w)."""
        return self.after["C"] - self.before["C"]

    @property
    def predicted_dC(self):
        """The chain rule's linear prediction, ΔC ≈ (∂C/∂w) Δw; off by O((Δw)²)."""
        return self.dC_dw * self.dw

    def __repr__(self):
        return (f"Nudge({self.which}, Δw={self.dw:+.4g}: ΔC true {self.true_dC:+.6g}, "
                f"predicted {self.predicted_dC:+.6g})")


def nudge(which, dw, **chain):
    """Change weight ``which`` by ``dw`` and follow the change down to the cost;
    returns a :class:`Nudge`."""
    which = _check_which(which)
    dw = checks.finite_number(dw, "dw")
    for name, value in _check_names(chain).items():
        if np.ndim(value) != 0:
            raise ValueError(f"nudge follows one chain of numbers: {name} must be one "
                             f"number, not an array of shape {np.shape(value)} "
                             f"(forward and dC_dw take arrays)")
    before = forward(**chain)
    after = forward(**{**chain, which: before[which] + dw})
    local = local_derivatives(before)
    factors = tuple(float(local[link]) for link in links(which))
    return Nudge(which, float(dw), PATHS[which], _floats(before), _floats(after),
                 factors, float(np.prod(factors)))


def _check_names(chain):
    """``chain``, if each of its names is one of :func:`forward`'s keyword arguments
    (else Python's own error would name ``forward``, which the reader did not call)."""
    names = inspect.signature(forward).parameters
    unknown = [name for name in chain if name not in names]
    if unknown:
        raise ValueError(f"unknown name {unknown[0]!r} for a value of the chain; the "
                         f"names are {', '.join(names)}")
    return chain


def _check_which(which):
    if not isinstance(which, str) or which not in PATHS:   # a list is no key
        raise ValueError(f"which must be one of {sorted(PATHS)}, not {which!r}")
    return which


def _values(**values):
    """The chain's inputs, each a number or (lists too) a float array, in order; a
    clear error for anything else (text, None, an infinite or NaN number)."""
    checked = []
    for name, v in values.items():
        arr = checks.finite_floats(v, name)   # a clear error for text, None, inf, nan
        checked.append(v if isinstance(v, numbers.Real) else arr)
    shapes = {name: np.shape(v) for name, v in zip(values, checked) if np.ndim(v)}
    try:
        np.broadcast_shapes(*shapes.values())
    except ValueError:
        given = ", ".join(f"{name} {shape}" for name, shape in shapes.items())
        raise ValueError(f"the chain's arrays must broadcast together (the same shape, "
                         f"or single numbers beside them); received {given}") from None
    return checked


def _floats(values):
    return {name: float(v) for name, v in values.items()}


def _takes_forward_values(function):
    """``function(v)``, with a clear error first when ``v`` is not the dict that
    :func:`forward` returns (``forward`` itself, without the call's ``()``, say)."""
    @wraps(function)
    def checked(v):
        if not isinstance(v, dict) or not set(_FORWARD_NAMES) <= set(v):
            missing = (f"a dict missing {sorted(set(_FORWARD_NAMES) - set(v))}"
                       if isinstance(v, dict) else type(v).__name__)
            call = " (call it: forward())" if v is forward else ""
            raise ValueError(f"{function.__name__} needs the dict of values that "
                             f"forward() returns, v = forward(...); received "
                             f"{missing}{call}")
        return function(v)
    return checked


#: The names of the values :func:`forward` returns (read from it, not copied).
_FORWARD_NAMES = tuple(forward())


# Wrapped here rather than decorated where they are defined, so that the book's
# listings of them show the maths alone.
local_derivatives = _takes_forward_values(local_derivatives)
backward = _takes_forward_values(backward)
