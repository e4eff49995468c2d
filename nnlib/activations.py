"""Activation functions, each with its derivative right beside it.

Every activation here is elementwise: it takes an array of weighted inputs ``z`` of
any shape and returns an array of the same shape.  Each ``*_prime`` function is the
derivative with respect to ``z`` (never with respect to the activation ``a``: the
book writes ``σ'(z^l)``).  Each also has a ``*_prime_from_a`` twin giving the same
derivative from the activation ``a = f(z)`` that the forward pass already computed, which
is how backpropagation saves work.  This module does not do softmax, which is not elementwise;
softmax lives with the cross-entropy cost in :mod:`nnlib.costs`.
"""

from typing import Callable, NamedTuple

import numpy as np
from scipy.special import expit

from . import checks


def sigmoid(z):
    """The logistic sigmoid σ(z) = 1 / (1 + e^{-z}), elementwise.

    Right to a few units in the last place for every z.  Below z ≈ −709,
    e^{-z} is too big for a float and becomes ∞; then 1 / (1 + ∞) = 0,
    within 1e-308 of the true σ(z), and no overflow warning is raised.
    """
    z = checks.floats(z)                 # integers or booleans: as floats
    if z.dtype == np.float16:            # e^{12} overflows in half precision
        z = z.astype(np.float32)
    # Two ways to the same formula.  Training calls σ thousands of times, so
    # the way matters: SciPy's expit runs it as one compiled loop, which wins
    # on small arrays, where the cost of each numpy call dominates; on larger
    # ones numpy's own exp, on processors where it works on eight numbers at a
    # time (AVX-512), is three times faster than expit, elsewhere about as fast.
    if z.size < _NUMPY_FROM:
        return expit(z)
    with np.errstate(over="ignore"):     # e^{-z} = ∞ is fine: σ(z) = 0
        t = np.exp(-z)
    t += 1.0
    return np.reciprocal(t, out=t)


_NUMPY_FROM = 1024   # elements: from here on, four numpy calls beat one expit


def sigmoid_prime(z):
    """σ′(z) = σ(z) (1 − σ(z)), computed as σ(z) σ(−z).

    The same number, since 1 − σ(z) = σ(−z); but where σ(z) is close to 1,
    1 − σ(z) cancels its digits (every one from z ≈ 37 on, where σ(z)
    rounds to 1 while σ′(z) is about 8.5e-17), and σ(−z) keeps them.
    """
    z = checks.floats(z)
    return sigmoid(z) * sigmoid(-z)


def sigmoid_prime_from_a(a):
    """σ′(z) from a = σ(z): a (1 − a).

    From ``a`` alone the slope is known to about 1e-16, not to its own last
    digits: where ``a`` rounds to 1 it comes out 0 (see :func:`sigmoid_prime`).
    Backpropagation uses it all the same: an error that small moves nothing.
    """
    if not isinstance(a, np.ndarray):    # training passes arrays: no cost there
        a = checks.floats(a, "a")
    return a * (1.0 - a)


def tanh(z):
    """The hyperbolic tangent, an S-curve from −1 to 1."""
    return np.tanh(checks.floats(z))


def tanh_prime(z):
    """tanh′(z) = 1 − tanh²(z), computed as ``4t / (1 + t)²`` with ``t = e^{−2|z|}``.

    Both are 1 / cosh²(z); but where tanh(z) is close to ±1, 1 − tanh²(z)
    cancels its digits (every one once z is beyond ±19), and this form keeps them.
    """
    z = checks.floats(z)
    t = np.exp(-2.0 * np.abs(z))
    return 4.0 * t / (1.0 + t) ** 2


def tanh_prime_from_a(a):
    """tanh′(z) from a = tanh(z): 1 − a², known to about 1e-16 where ``a`` is
    close to ±1 (see :func:`sigmoid_prime_from_a`)."""
    if not isinstance(a, np.ndarray):    # training passes arrays: no cost there
        a = checks.floats(a, "a")
    return 1.0 - a * a


def relu(z):
    """The rectified linear unit max(0, z)."""
    return np.maximum(checks.floats(z), 0.0)


def relu_prime(z):
    """ReLU′(z): 1 where z > 0, else 0 (we take 0 at the kink z = 0)."""
    z = checks.floats(z)
    return (z > 0).astype(z.dtype)


def relu_prime_from_a(a):
    """ReLU′(z) from a = max(0, z): 1 where a > 0, else 0."""
    a = checks.floats(a, "a")
    return (a > 0).astype(a.dtype)


def identity(z):
    """The identity, a(z) = z: a 'linear' neuron."""
    return checks.floats(z).copy()


def identity_prime(z):
    """identity′(z) = 1."""
    return np.ones_like(checks.floats(z))


def identity_prime_from_a(a):
    """identity′(z) from a = z: 1."""
    return np.ones_like(checks.floats(a, "a"))


class Activation(NamedTuple):
    """An activation function and its derivative, kept together under one name.

    ``prime_from_a`` (optional) is the same derivative written in terms of ``a = fn(z)``.
    """

    name: str
    fn: Callable
    prime: Callable
    prime_from_a: Callable | None = None


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, sigmoid_prime_from_a),
    "tanh": Activation("tanh", tanh, tanh_prime, tanh_prime_from_a),
    "relu": Activation("relu", relu, relu_prime, relu_prime_from_a),
    "identity": Activation("identity", identity, identity_prime, identity_prime_from_a),
}


def get_activation(name):
    """Look an activation up by name; a clear ``ValueError`` for an unknown one."""
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        hint = (f" (the function itself? pass its name, e.g. "
                f"{getattr(name, '__name__', 'sigmoid')!r})" if callable(name)
                else " (softmax goes on the output layer alone: pass "
                "cost='cross_entropy')" if name == "softmax" else "")
        raise ValueError(
            f"unknown activation {name!r}: expected one of {sorted(ACTIVATIONS)}{hint}"
        ) from None
