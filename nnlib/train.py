"""Gradient descent: on a plain function of a parameter vector, and on a network.

* :func:`gradient_descent` walks ``w ← w − η ∇C(w)`` for any differentiable cost and
  hands back the whole trajectory, so a chapter can draw every step.  A run that blows up
  is a lesson, not an error: it stops at the first non-finite value and says it diverged.
* :func:`step` is one update of a network from one mini-batch.
* :func:`sgd` is mini-batch stochastic gradient descent over many epochs.  Here blowing up
  *is* an error: it raises :class:`TrainingDiverged` naming the learning rate and puts the
  network back as it was at the start of the epoch that diverged.  Blowing up means an
  infinite or NaN cost or weight; σ and softmax saturate instead, so a rate too large for
  them more often leaves every number finite and the cost high or rising: that shows in
  the ``cost`` of the :class:`History`, not as an error.

Nothing here prints; :func:`sgd` returns a :class:`History` and takes an optional callback.
"""

import inspect
import math
from dataclasses import dataclass, field

import numpy as np

from . import checks
from .costs import CrossEntropyCost
from .minibatches import MiniBatches
from .network import non_finite_parameter


class TrainingDiverged(ValueError):
    """Training produced an infinite or NaN cost or weight (a ``ValueError``, so
    ``except ValueError`` catches it too).

    Raised by :func:`sgd`, its ``history`` is the :class:`History` of the epochs that
    finished; raised by :func:`step`, its ``history`` is ``None``.
    """


@dataclass
class Trajectory:
    """The path of :func:`gradient_descent`.

    ``w`` has shape ``(k + 1, n)``: the start and every step taken, ``k`` the number of
    steps taken (``steps``, or fewer if the run diverged) and ``n`` the number of
    parameters (:func:`nnlib.linefit.minibatch_descent`'s ``[w, b]``: ``n = 2``, the
    slope in column 0 and the intercept in column 1).  ``cost`` has shape
    ``(k + 1,)`` when a cost function was given, else it is ``None``.  ``diverged`` is
    True when the run stopped early because a value became infinite or NaN; the
    non-finite point itself is not included.
    """

    w: np.ndarray
    cost: np.ndarray | None
    diverged: bool


def descent_step(grad, w, *, eta):
    """One step of gradient descent, ``w − η grad(w)``.

    ``w`` is an array of parameters (in this book a 1-D array, one entry per
    parameter) or one number; the result has its shape."""
    w = checks.finite_floats(w, "w")       # numbers, as a float array
    eta = checks.positive_number(eta, "eta", " (the learning rate)")
    g = _checked_gradient(grad, w.size)(w).reshape(w.shape)   # grad(w)
    return w - eta * g


def gradient_descent(grad, w0, *, eta, steps, cost=None):
    """Take ``steps`` steps of ``w ← w − η grad(w)`` from ``w0``.

    ``grad`` maps a parameter vector of shape ``(n,)`` (a scalar becomes
    ``(1,)``) to its gradient of the same shape; ``cost``, if given, maps it to
    a float and is recorded.  Each step is :func:`descent_step`.  Returns a
    :class:`Trajectory`.
    """
    if not callable(grad) and callable(w0):
        raise ValueError(f"grad must be a function of w; received "
                         f"{type(grad).__name__} (are grad and w0 swapped?)")
    checks.called_as(grad, "grad", 1, *_GRAD_CALL)
    if cost is not None:
        checks.called_as(cost, "cost", 1, "cost(w), with the parameters alone",
                         "for a cost that also takes the data, such as "
                         "linefit.cost(p, x, y), pass lambda w: linefit.cost(w, x, y)")
    eta = checks.positive_number(eta, "eta", " (the learning rate)")
    if (isinstance(steps, bool) or not isinstance(steps, (int, np.integer))
            or steps < 0):
        raise ValueError(f"steps must be a non-negative integer; "
                         f"received {steps!r}")
    try:
        w = np.atleast_1d(np.array(checks.as_real(w0)))
    except (TypeError, ValueError):      # text, None, a complex number
        w = np.array([np.nan])           # refused just below, with w0 named
    if w.ndim != 1 or w.size == 0 or not np.all(np.isfinite(w)):
        raise ValueError(f"w0 must be a finite number or 1-D vector; "
                         f"received {w0!r}")
    path = [w.copy()]
    costs = [] if cost is None else [checks.one_number(cost(w), "cost")]
    if costs and not np.isfinite(costs[0]):
        raise ValueError(f"cost(w0) is {costs[0]}: the cost must be finite where "
                         f"the walk starts; check w0 and the cost function")
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            w_new = descent_step(grad, w, eta=eta)
            # the cost is asked only of finite parameters (it may refuse others)
            finite = bool(np.all(np.isfinite(w_new)))
            c_new = (None if cost is None or not finite
                     else checks.one_number(cost(w_new), "cost"))
            if not finite or (c_new is not None and not np.isfinite(c_new)):
                diverged = True
                break
            w = w_new
            path.append(w.copy())
            if c_new is not None:
                costs.append(c_new)
    costs = None if cost is None else np.array(costs)
    return Trajectory(np.array(path), costs, diverged)


def _checked_gradient(grad, n):
    """``grad``, made to say so when it returns other than ``n`` numbers.

    Else numpy would only report that an array of the wrong size cannot be
    reshaped, without naming ``grad``, and a ``grad`` without ``return`` would
    give a NaN step.
    """
    checks.function(grad, "grad", "of w, returning the gradient there")

    def checked(w):
        try:
            # a copy, so that a grad that changes w in place (w *= 2) cannot move
            # the point the step starts from
            g = grad(w.copy())
        except TypeError:      # called with the wrong arguments, or failed inside?
            wrong_call = checks.signature_error(grad, "grad", 1, *_GRAD_CALL)
            if wrong_call is None:
                raise
            raise wrong_call from None
        if g is None:
            raise ValueError("grad returned None: does your function end with "
                             "`return`?")
        try:
            g = checks.as_real(g)
        except (TypeError, ValueError) as err:
            held = f", which {err}" if str(err).startswith("holds") else ""
            raise ValueError(f"grad must return numbers, the gradient at w; it "
                             f"returned {type(g).__name__}{held}") from None
        if g.size != n:
            raise ValueError(
                f"grad must return the gradient at w, {n} number(s) like w "
                f"itself; it returned an array of shape {g.shape}")
        return g
    return checked


#: How ``grad`` is called, and what to do if it cannot be, for error messages.
_GRAD_CALL = ("grad(w), with the parameters alone, returning the gradient there",
              "for a gradient that also takes the data, such as linefit.gradient(p, "
              "x, y), pass lambda w: linefit.gradient(w, x, y), or walk over "
              "mini-batches with linefit.minibatch_descent")


def step(net, X, Y, eta, *, update_biases=True):
    """One gradient-descent step on ``net`` from the batch ``(X, Y)``; returns its mean cost.

    The cost is that of the batch *before* the step.  With ``update_biases=False`` only the
    weights move (as in the published 2-2-2 worked example).  The arrays in ``net.weights``
    and ``net.biases`` are updated in place (copy them first to keep the old values).
    Raises :class:`TrainingDiverged`, leaving ``net`` untouched, if the step would make
    any parameter infinite or NaN (and a ``ValueError`` naming it if one already is).
    """
    X, Y = checks.network(net)._check_batch(X, Y)
    eta = checks.positive_number(eta, "eta", " (the learning rate)")
    if not isinstance(update_biases, (bool, np.bool_)):   # "no" would mean yes
        raise ValueError(f"update_biases must be True or False; received "
                         f"{update_biases!r}")
    if non_finite_parameter(net.weights, net.biases) is not None:
        # an infinite weight behind a saturated σ leaves the cost finite
        raise _diverged(eta, start=net.weights + net.biases)
    with np.errstate(over="ignore", invalid="ignore"):
        batch_cost, step_w, step_b = _changes(net, X, Y, eta, update_biases)
        # If the cost plus the squared norm of every change is finite, every entry of a
        # change is below 1e154, so w - change cannot overflow; an infinite or NaN value
        # anywhere makes the sum infinite or NaN.
        finite = math.isfinite(batch_cost + sum(float(g.ravel() @ g.ravel())
                                                for g in step_w + step_b))
    if not finite:
        raise _diverged(eta, start=net.weights + net.biases)
    _apply(net, step_w, step_b)
    return batch_cost


def _changes(net, X, Y, eta, update_biases=True, out=None):
    """The batch's mean cost and the changes ``η ∂C/∂w^l``, ``η ∂C/∂b^l`` of one step.

    Returns ``(cost, step_w, step_b)`` with ``step_w``, ``step_b`` shaped like
    ``net.weights`` and ``net.biases`` (``step_b`` is empty if ``update_biases`` is
    false); nothing is changed yet.  ``out``, if given, holds arrays shaped like
    ``net.weights`` that become ``step_w``.
    """
    zs, activations = net.forward(X)
    # the outputs are the network's own and Y was checked before the first step:
    # the cross-entropy need not check them again (its only checks of numbers)
    cost = net.cost_function
    batch_cost = (cost.fn(activations[-1], Y, checked=False)
                  if isinstance(cost, CrossEntropyCost) else cost.fn(activations[-1], Y))
    step_b, step_w = net.backward(zs, activations, Y, scale=eta, out=out)
    return batch_cost, step_w, step_b if update_biases else []


def _apply(net, step_w, step_b):
    """``w^l ← w^l − step_w^l`` and ``b^l ← b^l − step_b^l``, in place:
    allocating fresh arrays at every step would cost more than the step."""
    for w, change in zip(net.weights, step_w):
        w -= change
    for b, change in zip(net.biases, step_b):
        b -= change


def _diverged(eta, history=None, start=None):
    """The error for an infinite or NaN cost or parameter: :class:`TrainingDiverged`
    naming ``eta``, with ``history`` (:func:`sgd`'s, or None for :func:`step`).

    ``start`` holds the parameters the step or epoch began from, the weights and then
    the biases.  If one of them was infinite or NaN already, no learning rate caused
    it: assigning a layer checks its numbers, but an in-place change
    (``net.weights[0] -= ...``, in a loop or a callback) does not.  Then the error is
    a plain ``ValueError`` naming that parameter.
    """
    if start is not None:
        when = ("before the step" if history is None
                else "before training" if not history.cost
                else f"at the start of epoch {len(history.cost) + 1}")
        half = len(start) // 2            # as many bias vectors as weight matrices
        bad = non_finite_parameter(start[:half], start[half:])
        if bad is not None:
            where, value, at = bad
            return ValueError(
                f"{where} held {value} at {at} {when}, not a number training can "
                f"start from (an in-place change such as {where} -= ... put it "
                f"there?); assign finite numbers to the layer: {where} = ...")
    error = TrainingDiverged(
        f"training diverged: the cost or the weights became infinite or NaN with learning "
        f"rate eta={eta:g}; try a smaller eta (for example {eta / 10:g})"
    )
    error.history = history
    return error


@dataclass
class History:
    """History()

    What :func:`sgd` saw, one entry per epoch, in three lists (each a new, empty
    list for a new History).

    ``cost``: mean over the epoch's mini-batches of the batch cost (measured before each
    step, so it costs no extra pass).  ``eval_cost``/``eval_accuracy``: cost and accuracy on
    the evaluation data after the epoch, when evaluation data was given (the accuracy
    only when its targets are classes: see :func:`sgd`).
    """

    cost: list = field(default_factory=list)
    eval_cost: list = field(default_factory=list)
    eval_accuracy: list = field(default_factory=list)


def sgd(net, X, Y, *, epochs, batch_size, eta, rng, eval_data=None,
        callback=None):
    """Train ``net`` in place by mini-batch SGD; returns a :class:`History`.

    ``X`` ``(sizes[0], m)`` and ``Y`` ``(sizes[-1], m)`` hold the training
    examples as columns.  Each epoch shuffles the columns with ``rng``, a
    ``numpy.random.Generator`` (no seed is taken, unlike
    :class:`~nnlib.network.Network`, so that a rerun is always given its
    generator), and takes one step per mini-batch of ``batch_size`` columns
    (the last may be smaller; a ``batch_size`` of ``m`` or more makes one full
    batch an epoch).

    ``eval_data=(X_eval, Y_eval)`` records the cost on it after every epoch,
    and the accuracy when its targets are classes: one-hot columns, or 0 or 1
    for a single output (other targets, a regression's, have no accuracy).
    ``callback(epoch, history)``, if given, is called after every epoch,
    ``epoch`` counting from 0 (after the first, ``epoch`` is 0 and
    ``history.cost`` holds one number); an error it raises stops training
    there, ``net`` keeping the epochs that finished.

    If the cost or a parameter becomes infinite or NaN, it raises
    :class:`TrainingDiverged`, naming ``eta``, with ``net`` as it was at the
    start of that epoch and the :class:`History` of the epochs before it as
    the error's ``history`` (a plain ``ValueError`` naming the parameter if
    one was infinite or NaN already at the start of an epoch, put there by an
    in-place change).  An interrupt, Ctrl-C or a notebook's stop button,
    leaves ``net`` part-way through an epoch: pass a ``callback`` that saves
    ``net.copy()`` to keep the last whole epoch.

    Each call copies ``X`` so that every example is one contiguous row,
    unless it is stored that way already (``X.T`` C-contiguous, as
    :func:`nnlib.data.load_digits` returns it): for large data sets, store
    ``X`` so, or train several epochs per call.
    """
    X, Y = checks.network(net)._check_batch(X, Y)
    epochs = checks.positive_int(epochs, "epochs")
    batch_size = checks.positive_int(batch_size, "batch_size")
    eta = checks.positive_number(eta, "eta", " (the learning rate)")
    rng = checks.require_generator(rng)
    if callback is not None:
        _check_callback(callback)
    if eval_data is not None:
        X_eval, Y_eval = _check_eval_data(net, eval_data)
        eval_classes = _classes_or_none(net, Y_eval)
    m = X.shape[1]
    # hands out the columns of each mini-batch, fast (see MiniBatches)
    batches = MiniBatches(X, Y, batch_size)
    # arrays for the weights' steps η ∂C/∂w, made once and reused at every step
    step_w_out = [np.empty_like(w) for w in net.weights]
    history = History()
    for epoch in range(epochs):
        # to go back to on divergence
        start = [p.copy() for p in net.weights + net.biases]
        order = rng.permutation(m)
        batch_costs, diverged = [], False
        # divergence is checked below
        with np.errstate(over="ignore", invalid="ignore"):
            for X_batch, Y_batch in batches.in_order(order):
                batch_cost, step_w, step_b = _changes(net, X_batch, Y_batch,
                                                      eta, out=step_w_out)
                if not math.isfinite(batch_cost):
                    diverged = True
                    break
                _apply(net, step_w, step_b)
                batch_costs.append(batch_cost)
        # A non-finite cost stops the epoch at once.  Weights can also become
        # infinite while the cost stays finite (σ(±∞) is 0 or 1), so they are
        # checked once an epoch.
        params = net.weights + net.biases
        if diverged or not all(np.isfinite(p).all() for p in params):
            for p, saved in zip(params, start):
                p[...] = saved
            # TrainingDiverged, with the epochs that did finish (or an error
            # naming a parameter that was infinite or NaN at the start)
            raise _diverged(eta, history, start)
        history.cost.append(float(np.mean(batch_costs)))
        if eval_data is not None:
            a_eval = net.forward(X_eval)[1][-1]
            history.eval_cost.append(net.cost_function.fn(a_eval, Y_eval))
            if eval_classes is not None:
                history.eval_accuracy.append(net._score(a_eval, eval_classes))
        if callback is not None:
            callback(epoch, history)
    return history


def _check_callback(callback):
    """A clear error, before any training, for a callback that cannot be called
    as ``callback(epoch, history)`` (else it would fail after the first epoch)."""
    checks.called_as(callback, "callback", 2,
                     "callback(epoch, history) after every epoch, two arguments",
                     "write it as def callback(epoch, history): ...")


def _check_eval_data(net, eval_data):
    """``eval_data`` as a checked pair ``(X_eval, Y_eval)``."""
    if not isinstance(eval_data, (tuple, list)) or len(eval_data) != 2:
        what = type(eval_data).__name__
        if isinstance(eval_data, (tuple, list)):
            what = f"a {what} of length {len(eval_data)}"
        raise ValueError(f"eval_data must be a pair (X_eval, Y_eval); received {what}")
    return net._check_batch(*eval_data, names=("X_eval", "Y_eval"))


def _classes_or_none(net, Y_eval):
    """The class of each column of ``Y_eval``, or None if its targets are not
    classes (a regression's: anything but one-hot columns, or with one output
    anything but 0 and 1)."""
    try:
        return net._classes(Y_eval, Y_eval.shape[1])
    except ValueError:
        return None
