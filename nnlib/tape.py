"""Reverse-mode automatic differentiation for arrays: a tape of operations.

The forward pass writes every operation it performs onto a :class:`Tape`, in
order, together with its inputs and its output.  :meth:`Tape.backward` then
reads the tape from the end to the start.  For each entry it needs only one
thing from the operation: its *vector-Jacobian product* (VJP), which turns
``g = ∂C/∂output`` into ``∂C/∂input`` for every input.  Each VJP sits right
below its operation, and costs at most about twice what the operation costs
(the matrix product's VJP is two products of its size).

Four operations are enough for a sigmoid network with the quadratic cost:
:func:`matmul`, :func:`add` (with numpy's broadcasting, for ``+ b``),
:func:`sigmoid` and :func:`quadratic_cost`.  A new one is a pair in
:data:`OPS`.

What this module deliberately does not do: higher derivatives, in-place
updates, control flow recorded on the tape, or any operation the book does
not need.  :mod:`nnlib.autodiff` uses it on a :class:`nnlib.Network`.
"""

import inspect

import numpy as np

from . import activations, checks
from .gradcheck import numerical_gradient, relative_error

# --- the operations, each with its VJP beside it ---------------------------
# A VJP is called as vjp(g, *inputs, out): g = ∂C/∂out has the shape of out,
# and it returns one array ∂C/∂input per input, shaped like that input.


def matmul(A, B):
    """``A @ B``: ``(n, k) @ (k, m) → (n, m)``."""
    if np.ndim(A) != 2 or np.ndim(B) != 2:
        # numpy would give a vector or a number, and its VJP would then fail
        # (the tape's error names the shapes)
        raise ValueError("matmul: A and B must be matrices, (n, k) and (k, m), "
                         "one column per example in B (make a vector x a "
                         "column: x.reshape(-1, 1))")
    return A @ B


def matmul_vjp(g, A, B, out):
    """``∂C/∂A = g Bᵀ`` and ``∂C/∂B = Aᵀ g``: two products, each as big as
    the forward one."""
    return g @ B.T, A.T @ g


def add(A, b):
    """``A + b``; a column ``b`` of shape ``(n, 1)`` is added to every
    column of ``A``."""
    if np.ndim(A) == 0 or (np.ndim(A) != 2 and np.shape(b) != np.shape(A)):
        # numpy would add a flat A of n numbers to an (n, 1) b as an (n, n) array
        raise ValueError(f"add: A must be a matrix (n, m), one column per example; "
                         f"received shape {np.shape(A)} (for one example x, make it a "
                         f"column: x.reshape(-1, 1))")
    if np.shape(b) not in (np.shape(A), (np.shape(A)[0], 1)):
        # numpy would broadcast a flat b along the rows of a square A, silently
        swapped = (" (add takes the matrix first and the column second: "
                   "write w @ a + b, not b + w @ a)"
                   if np.shape(A)[1:] == (1,) and np.ndim(b) == 2 else "")
        raise ValueError(f"add: b must be a column {(np.shape(A)[0], 1)}, added to every "
                         f"column of A, or shaped like A, {np.shape(A)}; received "
                         f"{np.shape(b)}{swapped}")
    return A + b


def add_vjp(g, A, b, out):
    """``g`` for each input, summed over the columns where ``b`` was
    repeated."""
    return unbroadcast(g, A.shape), unbroadcast(g, b.shape)


def unbroadcast(g, shape):
    """Sum ``g`` down to ``shape``: an input used in many places gets the sum
    of their gradients.  ``shape`` is the input's, which numpy broadcast to
    ``g.shape``."""
    _check_broadcast(shape, g.shape)
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def _check_broadcast(shape, to):
    """A clear error unless numpy broadcasts an array of ``shape`` to ``to``: each
    of its sizes, from the right, 1 or the size there (summing a (2, 3) gradient
    "down" to (3, 1) returned a (2, 1) array without a word)."""
    if len(shape) > len(to) or any(n not in (1, t) for n, t in
                                   zip(reversed(shape), reversed(to))):
        raise ValueError(f"an input of shape {tuple(shape)} cannot have been "
                         f"broadcast to the gradient's shape {tuple(to)}")


def sigmoid(z):
    """σ(z), elementwise."""
    return activations.sigmoid(z)


def sigmoid_vjp(g, z, out):
    """``g ⊙ σ'(z)``, with σ′(z) = a (1 − a) from the output ``a = σ(z)``."""
    return (g * out * (1.0 - out),)


def quadratic_cost(a, y):
    """Mean over the ``m`` columns of ``½‖y − a‖²``: a 0-d array."""
    m = checks.output_pair(a, y)    # both (n_L, m): numpy would broadcast
    return np.asarray(0.5 * ((a - y) ** 2).sum() / m)


def quadratic_cost_vjp(g, a, y, out):
    """``∂C/∂a = g (a − y) / m`` and ``∂C/∂y = −g (a − y) / m``."""
    m = a.shape[1]
    return g * (a - y) / m, -g * (a - y) / m


#: Every operation the tape knows, by name: ``add``, ``matmul``, ``quadratic_cost``
#: and ``sigmoid``, each mapped to the pair (the operation, its VJP), such as
#: ``(sigmoid, sigmoid_vjp)``.
#:
#: :meta hide-value:
OPS = {
    "matmul": (matmul, matmul_vjp),
    "add": (add, add_vjp),
    "sigmoid": (sigmoid, sigmoid_vjp),
    "quadratic_cost": (quadratic_cost, quadratic_cost_vjp),
}


def lookup(ops, op):
    """The pair (operation, VJP) named ``op`` in ``ops``, or a ``ValueError``
    that lists the names there are."""
    try:
        pair = ops[op]
    except (KeyError, TypeError):
        raise ValueError(f"unknown operation {op!r}: the tape knows "
                         f"{sorted(ops)}") from None
    if not (isinstance(pair, (tuple, list)) and len(pair) == 2
            and all(callable(f) for f in pair)):
        raise ValueError(f"ops[{op!r}] must be a pair (operation, vjp) of two "
                         f"functions; received {type(pair).__name__}")
    return pair


def _check_unchanged(op, before, after):
    """A clear error if the VJP of ``op`` changed one of its arguments in place:
    ``before`` holds copies of ``(g, *inputs, out)`` made before the call, and
    ``after`` the arrays themselves.  On a tape the same arrays serve other steps
    (``out`` is the next operation's input, ``g`` its gradient so far), so such a
    VJP would spoil gradients that its own check got right."""
    names = ["g", *(f"input {i}" for i in range(len(before) - 2)), "out"]
    for name, old, new in zip(names, before, after):
        if not np.array_equal(old, new, equal_nan=True):
            raise ValueError(
                f"the VJP of {op!r} changed its argument {name} in place (with *=, "
                f"+= or [...] =, say); on a tape the same arrays serve other steps, "
                f"so compute the result as a new array (g * ..., not g *= ...)")


def _check_gradients(op, grads, inputs):
    """A clear error unless the VJP of ``op`` returned ``grads``, one array per
    input and shaped like it (``inputs`` are the arrays it was given).

    Without it a VJP that returns a bare array instead of a tuple would hand
    each input one row of it: gradients of the wrong shape, and no word.
    """
    if (isinstance(grads, (tuple, list)) and len(grads) == len(inputs)
            and all(getattr(g, "shape", None) == np.shape(x)
                    for g, x in zip(grads, inputs))):
        return
    shapes = [np.shape(x) for x in inputs]
    if grads is None:
        got = "None (does it end with `return`?)"
    elif isinstance(grads, (tuple, list)):
        got = f"{type(grads).__name__} of shapes {[np.shape(g) for g in grads]}"
        kinds = {type(g).__name__ for g in grads if not isinstance(g, np.ndarray)}
        if kinds and [np.shape(g) for g in grads] == shapes:
            got += (f", holding {' and '.join(sorted(kinds))} where arrays belong "
                    f"(np.asarray(...) makes one)")
    else:
        got = f"{type(grads).__name__} of shape {np.shape(grads)}"
        if len(inputs) == 1:
            got += " (a one-input VJP returns (g,), with the comma)"
    raise ValueError(f"the VJP of {op!r} must return a tuple of {len(inputs)} "
                     f"array(s), one per input, shaped like the inputs {shapes}; "
                     f"it returned {got}")


def _own(tape, inputs, op, which="every input"):
    """``inputs``, if every one is a :class:`Var` of ``tape``: a clear error
    for a bare array or number, or a Var of another tape."""
    for v in inputs:
        if not isinstance(v, Var) or v.tape is not tape:
            what = "a Var of another tape" if isinstance(v, Var) else type(v).__name__
            raise ValueError(f"{op}: {which} must be a Var of this tape (put an array "
                             f"on it first: v = tape.var(array)); received {what}")
    return inputs


def _run(forward, op, values):
    """``forward`` on the arrays ``values``, naming the operation and the shapes
    if numpy refuses them."""
    try:
        out = forward(*values)
    except ValueError as err:
        shapes = " and ".join(str(np.shape(x)) for x in values)
        raise ValueError(f"{op} of arrays of shapes {shapes}: {err}") from None
    if out is None:     # else its VJP would be blamed, given an output of None
        raise ValueError(f"the operation {op!r} returned None: does its function end "
                         f"with `return`?")
    return out


# --- the tape ---------------------------------------------------------------

class Var:
    """One array on a tape: ``value``; after ``backward``, ``grad`` (or None
    if the cost does not depend on it).  ``v @ w``, ``v + b`` and ``v.sigmoid()``
    record a new Var."""

    # numpy defers to the Var: a bare array on the left of @ or + gets the same clear
    # error as one on the right (put it on the tape first), not numpy's guess at a
    # product of objects
    __array_ufunc__ = None

    def __init__(self, tape, value, name=""):
        self.tape, self.value, self.name = tape, value, name
        self.grad = None

    def __repr__(self):
        grad = ("None" if self.grad is None
                else f"array of shape {np.shape(self.grad)}")
        return f"Var({self.name!r}, shape={np.shape(self.value)}, grad={grad})"

    def __matmul__(self, other):
        return self.tape.apply("matmul", self, other)

    def __add__(self, other):
        return self.tape.apply("add", self, other)

    def __rmatmul__(self, other):
        return self.tape.apply("matmul", other, self)

    def __radd__(self, other):
        return self.tape.apply("add", other, self)

    def sigmoid(self):
        """σ of this array, elementwise, recorded on the tape."""
        return self.tape.apply("sigmoid", self)


class Tape:
    """The record of a forward pass; ``ops`` maps names to (operation, VJP)."""

    def __init__(self, ops=None):
        self.ops = OPS if ops is None else ops
        self.entries = []   # (op name, input Vars, output Var), in order
        self.vars = []      # every array the forward pass made or was given

    def var(self, value, name=""):
        """Put an input or a parameter on the tape as a leaf; returns its
        :class:`Var`."""
        v = Var(self, checks.floats(value, name or "a tape's value"), name)
        self.vars.append(v)
        return v

    def apply(self, op, *inputs, name=""):
        """Run ``op`` on the inputs' values and record it: the forward pass.
        Returns the :class:`Var` of the result."""
        forward, _ = lookup(self.ops, op)
        values = [v.value for v in _own(self, inputs, op)]
        out = self.var(_run(forward, op, values), name)
        self.entries.append((op, inputs, out))
        return out

    def backward(self, C):
        """Set ``grad = ∂C/∂v`` on every Var ``v`` that the scalar ``C``
        depends on."""
        (C,) = _own(self, [C], "backward", "its C, the cost,")
        if C.value.size != 1:
            raise ValueError("backward starts from a single number, the cost; "
                             f"received a Var of shape {C.value.shape}")
        for v in self.vars:
            v.grad = None
        C.grad = np.ones_like(C.value)   # ∂C/∂C
        # backward pass: newest entry first, so an output's grad is complete
        # before its VJP passes it on to the inputs
        for op, inputs, out in reversed(self.entries):
            if out.grad is None:
                continue
            _, vjp = self.ops[op]
            values = [v.value for v in inputs]
            grads = vjp(out.grad, *values, out.value)
            _check_gradients(op, grads, values)   # one per input
            for v, g in zip(inputs, grads):
                # += : an input used twice gets the sum of both gradients
                v.grad = g if v.grad is None else v.grad + g

    def nbytes(self):
        """Bytes of every array the tape keeps for the backward pass."""
        return sum(v.value.nbytes for v in self.vars)


def _copied_inputs(op, forward, inputs):
    """``inputs`` of :func:`check_vjp` as new float arrays (it nudges them in
    place), with a clear error for too few or too many, or for one that is not
    numbers."""
    if not isinstance(inputs, (list, tuple)):
        raise ValueError(f"inputs must be a list of arrays, one per input "
                         f"of {op!r} (for one: check_vjp({op!r}, [z], rng)); "
                         f"received {type(inputs).__name__}")
    try:
        inspect.signature(forward).bind(*inputs)
    except TypeError:
        names = ", ".join(inspect.signature(forward).parameters)
        raise ValueError(f"{op!r} takes the inputs ({names}); received "
                         f"{len(inputs)} array(s)") from None
    except ValueError:                   # a built-in with no signature to read
        pass
    return [np.array(checks.finite_floats(x, f"inputs[{i}]"), dtype=float, order="C")
            for i, x in enumerate(inputs)]     # np.array copies


def check_vjp(op, inputs, rng, ops=None, h=1e-5, draws=3):
    """Relative error of ``op``'s VJP against central differences, per input.

    A random ``g`` of the output's shape makes the output a scalar,
    ``s = Σ g ⊙ op(inputs)``, whose gradient with respect to each input is
    exactly what the VJP must return.  ``draws`` random ``g`` are tried, and
    each input's largest error is kept: one lucky ``g`` can make a wrong VJP
    look nearly right.  ``inputs``, one array (or number) per input, are
    copied to float arrays and left as they were; returns a list of floats.
    A VJP that changes one of its arguments in place is refused (a
    ``ValueError``).  ``ops`` is a table like ``OPS`` to look ``op`` up in
    (``OPS`` itself if None); ``h`` is the step of the central differences.
    """
    forward, vjp = lookup(OPS if ops is None else ops, op)
    inputs = _copied_inputs(op, forward, inputs)
    rng = checks.require_generator(rng)
    draws = checks.positive_int(draws, "draws")
    out = _run(forward, op, inputs)
    errors = [0.0] * len(inputs)
    for _ in range(draws):
        g = rng.normal(size=np.shape(out))
        # a tape reuses these arrays: the VJP must not change them
        given = [np.copy(a) for a in (g, *inputs, out)]
        claimed = vjp(g, *inputs, out)
        _check_unchanged(op, given, [g, *inputs, out])
        _check_gradients(op, claimed, inputs)
        for i, x in enumerate(inputs):
            # numerical_gradient nudges x in place, so s reads the nudged
            # value through inputs and needs no argument of its own
            def s(_):
                return float(np.sum(g * forward(*inputs)))
            numeric = numerical_gradient(s, x, h)
            # np.maximum keeps a NaN (from a broken VJP); max would drop it
            errors[i] = float(np.maximum(errors[i],
                                         relative_error(claimed[i], numeric)))
    return errors
