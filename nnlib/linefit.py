"""Fitting a line to points by gradient descent on half the mean squared error.

The model is one neuron without σ: its weight ``w`` is the slope, its bias
``b`` the intercept, and for every point ``(x_i, y_i)`` it predicts
``a_i = w x_i + b``.  The cost is the book's quadratic cost, ½(a − y)² per
point, averaged over the n points; its gradient sits right beside it::

    C(w, b) = (1/n) Σ_i ½ (w x_i + b − y_i)²
    ∂C/∂w   = (1/n) Σ_i (w x_i + b − y_i) · x_i
    ∂C/∂b   = (1/n) Σ_i (w x_i + b − y_i)

The two parameters travel together as one vector ``p = [w, b]``, and every
function of one kind takes the same arguments, ``fn(p, x, y)``, so
:func:`minibatch_descent` takes a gradient as it is, and
:func:`nnlib.gradient_descent` takes it with the points bound,
``lambda p: gradient(p, x, y)``.  Also here: the
cost over a whole grid of ``(w, b)`` (for contour plots), the cost's Hessian
(its curvature, which limits the learning rate), the least-squares line in
closed form (where descent should end up), and :func:`minibatch_descent`,
which estimates the gradient from a few points per step.

In this module ``n`` is the number of points (elsewhere in the book ``m``
counts the examples of a batch).  Nothing here draws (that
is :mod:`nnlib.figures.descent`) or knows about networks.
"""

import numpy as np

from . import checks
from .train import gradient_descent


def predict(p, x):
    """The line's outputs ``a = w x + b`` for ``p = [w, b]``, shaped like x."""
    w, b = _params(p)
    return w * checks.finite_floats(x, "x") + b


def cost(p, x, y):
    """Half the mean squared error, ``(1/n) Σ ½ (w x_i + b − y_i)²``."""
    w, b = _params(p)
    x, y = checks.points(x, y)    # shape (n,) each
    r = w * x + b - y             # residuals a_i − y_i
    return float(np.mean(0.5 * r ** 2))


def gradient(p, x, y):
    """The gradient ``[∂C/∂w, ∂C/∂b]``, shape (2,): the means of r_i x_i and of
    r_i, where r_i = w x_i + b − y_i is the residual of point i."""
    w, b = _params(p)
    x, y = checks.points(x, y)
    r = w * x + b - y            # ∂(½ r_i²)/∂r_i = r_i;
    return np.array([np.mean(r * x),   # ∂r_i/∂w = x_i
                     np.mean(r)])      # ∂r_i/∂b = 1


def cost_grid(W, B, x, y):
    """The cost at every (weight, bias) pair ``(w, b)`` of a grid.

    ``W`` and ``B`` broadcast together to any shape, and the result has that
    shape: for a grid, ``W, B = np.meshgrid(w_values, b_values)`` (two 1-D
    arrays of one length give the costs of their pairs, a path, not a grid).
    The formula is the one of :func:`cost`.
    """
    x, y = checks.points(x, y)
    W, B = checks.finite_floats(W, "W"), checks.finite_floats(B, "B")
    try:
        W, B = np.broadcast_arrays(W, B)
    except ValueError:
        raise ValueError(f"W and B must broadcast together (from W, B = "
                         f"np.meshgrid(w_values, b_values)); received shapes "
                         f"{W.shape} and {B.shape}") from None
    r = W[..., None] * x + B[..., None] - y   # per grid point, per data point
    return np.mean(0.5 * r ** 2, axis=-1)


def hessian(x):
    """The cost's second derivatives: ``[[mean x², mean x], [mean x, 1]]``.

    The cost is quadratic in ``(w, b)``, so this is the same everywhere and
    does not depend on ``y``.  Gradient descent converges only if
    ``η < 2 / λ_max``, where ``λ_max`` is its largest eigenvalue.
    """
    x, _ = checks.points(x, x)
    return np.array([[np.mean(x * x), np.mean(x)],
                     [np.mean(x), 1.0]])


def least_squares(x, y):
    """The best line in closed form, ``[w*, b*]``: where the gradient is zero.

    ``w* = Σ (x_i − x̄)(y_i − ȳ) / Σ (x_i − x̄)²`` and ``b* = ȳ − w* x̄``.
    Needs two different ``x`` values (else every line through the mean fits).
    """
    x, y = checks.points(x, y)
    # in units of the largest x and the largest y: the sums below square them,
    # which overflows from 1e155 on (and the means of 1e308s overflow too)
    x_unit, y_unit = np.abs(x).max() or 1.0, np.abs(y).max() or 1.0
    u, v = x / x_unit, y / y_unit
    du, dv = u - u.mean(), v - v.mean()
    spread = np.sum(du * du)
    if not spread > 0:
        raise ValueError(
            f"least_squares needs at least two different x values; all "
            f"{x.size} points have x = {float(x[0])!r}, so no single line is best")
    slope = np.sum(du * dv) / spread           # in units of y_unit / x_unit
    with np.errstate(over="ignore", invalid="ignore"):
        best = np.array([slope * (y_unit / x_unit),
                         (v.mean() - slope * u.mean()) * y_unit])
    if not np.isfinite(best).all():
        raise ValueError(f"the best line's slope or intercept, {best}, is beyond the "
                         "largest float: measure x or y in other units")
    return best


def minibatch_descent(grad, p0, x, y, *, eta, batch_size, epochs, rng,
                      cost=None):
    """Walk ``p ← p − η grad(p, x_B, y_B)`` over mini-batches B of the points.

    Each epoch shuffles the n points with ``rng`` (a numpy Generator), cuts
    them into batches of ``batch_size`` (the last may be smaller) and takes
    one step per batch.  ``batch_size=1`` is stochastic gradient descent;
    ``batch_size >= n`` is plain (batch) gradient descent, which keeps the
    points in order and draws nothing from ``rng``.  ``grad`` and ``cost``
    take ``(p, x, y)`` like :func:`gradient` and :func:`cost`; ``cost``, if
    given, is recorded on *all* n points after every step (to plot progress;
    the walk never uses it).

    Returns a :class:`nnlib.train.Trajectory`: ``w`` of shape
    ``(k + 1, len(p0))``, the start and every step.  Like
    :func:`nnlib.gradient_descent`, the run stops at the first infinite or
    NaN value, leaves that point out and sets ``diverged``.
    """
    _check_functions(grad=grad, cost=cost)
    x, y = checks.points(x, y)
    eta = checks.positive_number(eta, "eta", " (the learning rate)")
    batch_size = checks.positive_int(batch_size, "batch_size")
    epochs = checks.positive_int(epochs, "epochs")
    rng = checks.require_generator(rng)
    p = _start(p0)
    # the batches are drawn up front, so the walk itself is plain gradient
    # descent taking one batch's gradient per step
    batches = list(_batches(x.size, batch_size, epochs, rng))
    next_batch = iter(batches)

    def batch_gradient(q):
        batch = next(next_batch)
        return grad(q, x[batch], y[batch])

    full_cost = None if cost is None else (lambda q: cost(q, x, y))
    return gradient_descent(batch_gradient, p, eta=eta, steps=len(batches),
                            cost=full_cost)


def _check_functions(**functions):
    """A clear error for a ``grad`` or ``cost`` that is not a function (its
    value, say) or cannot take ``(p, x, y)``: the walk would fail only at its
    first step, in a closure."""
    for name, f in functions.items():
        if f is not None:
            example = {"grad": "linefit.gradient", "cost": "linefit.cost"}[name]
            checks.function(f, name, "of (p, x, y)", example)
            wrong_call = checks.signature_error(
                f, name, 3, f"{name}(p, x, y), with the points of a mini-batch",
                f"pass a function of the parameters and the points, such as "
                f"{example}, not one of the parameters alone")
            if wrong_call is not None:
                raise wrong_call


def _batches(n, batch_size, epochs, rng):
    """Index arrays of the mini-batches, epoch after epoch."""
    for _ in range(epochs):
        order = np.arange(n) if batch_size >= n else rng.permutation(n)
        for start in range(0, n, batch_size):
            yield order[start:start + batch_size]


def _start(p0):
    """``p0`` as a new float vector; a clear ValueError unless it is a non-empty
    1-D vector of finite real numbers."""
    try:
        p = np.array(checks.as_real(p0))
    except (TypeError, ValueError):      # text, None, a complex number
        p = np.array([np.nan])           # refused just below, with p0 named
    if p.ndim != 1 or p.size == 0 or not np.all(np.isfinite(p)):
        raise ValueError("p0 must be a non-empty 1-D vector of finite "
                         f"numbers; received {p0!r}")
    return p


def _params(p):
    """``p`` as the two floats ``(w, b)``; a clear ValueError otherwise."""
    try:
        arr = checks.as_real(p)
    except (TypeError, ValueError):      # text, None, a complex number
        raise ValueError(f"p must be the pair [w, b] (slope, intercept) of numbers; "
                         f"received {p!r}") from None
    if arr.shape != (2,):
        raise ValueError("p must be the pair [w, b] (slope, intercept), "
                         f"shape (2,); received shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(
            f"p must hold finite numbers; received {arr.tolist()}")
    return float(arr[0]), float(arr[1])
