"""A :class:`nnlib.Network` differentiated two ways: reverse and forward mode.

* Reverse mode: :func:`record` writes the network's forward pass onto a
  :class:`nnlib.tape.Tape`; :func:`backprop` runs it backwards once and
  returns every gradient, in the layout of :meth:`nnlib.Network.backprop`;
  :func:`train` is mini-batch SGD with it, shuffling as :func:`nnlib.sgd`.
* Forward mode: :func:`jvp` carries one direction of change ``(dw, db)``
  along the forward pass and returns the cost's directional derivative;
  :func:`forward_mode_gradient` needs one such pass per parameter.
* The two written out: :func:`jacobians` gives, for one example, every
  step's Jacobian as a dense matrix; their product, worked out from the
  right end as forward mode does or from the left as reverse mode does, is
  the gradient.

All of them give the gradient of the mean quadratic cost over the columns of ``X``,
for sigmoid layers, and refuse any other network (a ReLU layer or a softmax
output would need operations the tape does not have).  Nothing here replaces :class:`nnlib.Network`, which
remains the fast path; this module shows that the two are one computation.
"""

from collections.abc import Iterable

import numpy as np

from . import checks
from .activations import sigmoid
from .tape import Tape


def record(net, X, Y):
    """The forward pass of ``net`` on ``(X, Y)`` written onto a new tape.

    Returns ``(tape, C, ws, bs)``: the cost ``C`` and the parameters
    ``ws[i]`` (``w^{i+2}``) and ``bs[i]`` (``b^{i+2}``) as Vars.
    """
    _require_sigmoid_quadratic(net)
    X, Y = net._check_batch(X, Y)
    net._check_parameters()   # a NaN put there in place: every gradient NaN
    tape = Tape()
    a = tape.var(X, "a^1")
    ws, bs = [], []
    for l, (w, b) in enumerate(zip(net.weights, net.biases), start=2):
        ws.append(tape.var(w, f"w^{l}"))
        bs.append(tape.var(b, f"b^{l}"))
        z = ws[-1] @ a + bs[-1]          # z^l = w^l a^{l-1} + b^l
        a = z.sigmoid()                  # a^l = σ(z^l)
    C = tape.apply("quadratic_cost", a, tape.var(Y, "y"), name="C")
    return tape, C, ws, bs


def backprop(net, X, Y):
    """The gradient of the mean cost by the tape, ``(nabla_b, nabla_w)`` in the
    layout of :meth:`nnlib.Network.backprop`."""
    tape, C, ws, bs = record(net, X, Y)   # which checks its arguments
    tape.backward(C)
    return [b.grad for b in bs], [w.grad for w in ws]


def train(net, X, Y, *, epochs, batch_size, eta, rng):
    """Mini-batch SGD on ``net`` in place with :func:`backprop`'s gradients.

    Each epoch shuffles the columns with ``rng`` and steps through batches of
    ``batch_size``, in the same order as :func:`nnlib.sgd`.  Returns the mean
    batch cost of each epoch, measured before each step.
    """
    _require_sigmoid_quadratic(net)
    X, Y = net._check_batch(X, Y)
    epochs = checks.positive_int(epochs, "epochs")
    batch_size = checks.positive_int(batch_size, "batch_size")
    eta = checks.positive_number(eta, "eta", " (the learning rate)")
    rng = checks.require_generator(rng)
    m, costs = X.shape[1], []
    for _ in range(epochs):
        order, batch_costs = rng.permutation(m), []
        for k in range(0, m, batch_size):
            batch = order[k:k + batch_size]
            tape, C, ws, bs = record(net, X[:, batch], Y[:, batch])
            tape.backward(C)
            batch_costs.append(float(C.value))
            for p, v in zip(net.weights + net.biases, ws + bs):
                p -= eta * v.grad        # w ← w − η ∂C/∂w, in place
        costs.append(float(np.mean(batch_costs)))
    return costs


def jvp(net, X, Y, dw, db):
    """Forward mode: the cost and its rate of change along ``(dw, db)``.

    ``X`` is ``(sizes[0], m)`` and ``Y`` ``(sizes[-1], m)``, one example per
    column; ``dw`` and ``db`` are lists shaped like ``net.weights`` and
    ``net.biases``.  Only shapes are checked here, as
    :func:`forward_mode_gradient` calls it once per parameter (it checks the
    numbers once, before).  Every value carries its tangent (its rate of
    change) beside it, and each line applies the product rule or the chain
    rule to the tangent.  Returns ``(C, dC)``, two floats.
    """
    _require_sigmoid_quadratic(net)
    X, Y, dw, db = _require_shapes(net, X, Y, dw, db)
    a, da = X, np.zeros_like(X)          # the input does not move
    for w, b, dw_l, db_l in zip(net.weights, net.biases, dw, db):
        z = w @ a + b
        dz = dw_l @ a + w @ da + db_l    # product rule for w a, plus db
        a = sigmoid(z)
        da = a * (1.0 - a) * dz          # chain rule: σ'(z) dz
    m = X.shape[1]
    C = 0.5 * ((a - Y) ** 2).sum() / m
    dC = ((a - Y) * da).sum() / m
    return float(C), float(dC)


def forward_mode_gradient(net, X, Y):
    """Every gradient by forward mode: ``(nabla_b, nabla_w, passes)``.

    Each parameter in turn gets the direction "1 for me, 0 for everyone else",
    and one :func:`jvp` pass reads off its derivative: ``passes`` equals the
    number of weights and biases.
    """
    _require_sigmoid_quadratic(net)
    X, Y = net._check_batch(X, Y)
    net._check_parameters()
    zero_w = [np.zeros_like(w) for w in net.weights]
    zero_b = [np.zeros_like(b) for b in net.biases]
    nabla_w, nabla_b = [np.zeros_like(w) for w in zero_w], [
        np.zeros_like(b) for b in zero_b]
    passes = 0
    for directions, grads in ((zero_w, nabla_w), (zero_b, nabla_b)):
        for d, g in zip(directions, grads):
            for index in np.ndindex(d.shape):
                d[index] = 1.0
                g[index] = jvp(net, X, Y, zero_w, zero_b)[1]
                d[index] = 0.0
                passes += 1
    return nabla_b, nabla_w, passes


def jacobians(net, x, y):
    """The Jacobians ``J_1, …, J_K`` of one example's chain, as dense arrays.

    ``x`` is ``(sizes[0], 1)`` and ``y`` ``(sizes[-1], 1)``: one example.
    The chain starts from ``v_0 = θ``, every weight and bias in the order
    ``w^2`` (row by row), ``b^2``, ``w^3``, ``b^3``, …  Each layer makes two
    steps, ``z^l = w^l a^{l-1} + b^l`` and then ``a^l = σ(z^l)``, and each
    step passes on, unchanged, the parameters of the layers still to come;
    the last step is ``C = ½‖a^L − y‖²``.  So ``K = 2(L − 1) + 1``: ``J_1``
    has one column per parameter, ``J_K`` is the row ``(a^L − y)ᵀ``, and
    ``J_K ⋯ J_1`` is ``(∂C/∂θ)ᵀ``, shape ``(1, P)`` for P parameters.

    Written to be looked at, not to be fast: most entries are zeros, and
    the identity blocks only carry parameters along.  (The input ``x`` is
    data, not a value of the chain: ``J_1`` has no columns for it.)
    """
    _require_sigmoid_quadratic(net)
    x, y = net._check_batch(x, y, names=("x", "y"))
    if x.shape[1] != 1:
        raise ValueError(
            f"jacobians takes one example, x of shape ({net.sizes[0]}, 1); "
            f"received {x.shape[1]} columns")
    net._check_parameters()
    J = []
    a = x
    for i, (w, b) in enumerate(zip(net.weights, net.biases)):
        # how many weights and biases the later layers hold: passed on as is
        later = sum(p.size for p in net.weights[i + 1:] + net.biases[i + 1:])
        carried = np.eye(later)
        n = w.shape[0]
        # z^l = w^l a^{l-1} + b^l, by a^{l-1} (not by x: it is data), by
        # w^l (∂z_j/∂w_jk = a_k: row j of the kron) and by b^l (identity)
        by_a = [w] if i > 0 else []
        dz = np.hstack(by_a + [np.kron(np.eye(n), a.T), np.eye(n)])
        J.append(_diagonal_blocks(dz, carried))
        a = sigmoid(w @ a + b)
        # a^l = σ(z^l): ∂a_j/∂z_j = σ'(z_j) = a_j (1 − a_j), the rest 0
        da = np.diag(a[:, 0] * (1.0 - a[:, 0]))
        J.append(_diagonal_blocks(da, carried))
    J.append((a - y).T)                         # C = ½‖a^L − y‖²
    return J


def _diagonal_blocks(top, bottom):
    """The matrix ``[[top, 0], [0, bottom]]``."""
    (p, q), (r, s) = top.shape, bottom.shape
    out = np.zeros((p + r, q + s))
    out[:p, :q] = top
    out[p:, q:] = bottom
    return out


def _require_sigmoid_quadratic(net):
    """A clear error for a network this module cannot differentiate."""
    checks.network(net)
    activation, cost = net.activation.name, net.cost_function.name
    if activation != "sigmoid" or cost != "quadratic":
        raise ValueError(
            f"nnlib.autodiff handles sigmoid layers with the quadratic cost only; "
            f"this network has activation={activation!r} and cost={cost!r}. "
            f"Use net.backprop(X, Y) for it")


def _require_shapes(net, X, Y, dw, db):
    """``X, Y, dw, db`` as arrays and lists of arrays, with clear errors for
    arrays that would broadcast or be cut short by ``zip``.

    Shapes only, no pass over the data: :func:`forward_mode_gradient` calls
    :func:`jvp` once per parameter.  (``dw`` and ``db`` may be any iterables,
    generators too: each is read once, here.)
    """
    X, Y = checks.floats(X, "X"), checks.floats(Y, "Y")
    n_in, n_out = net.sizes[0], net.sizes[-1]
    if (np.ndim(X) != 2 or np.shape(X)[0] != n_in
            or np.shape(Y) != (n_out, np.shape(X)[1])):
        raise ValueError(
            f"X must have shape ({n_in}, m) and Y shape ({n_out}, m), one example "
            f"per column; received {np.shape(X)} and {np.shape(Y)}")
    directions = []
    for name, given, params in (("dw", dw, net.weights), ("db", db, net.biases)):
        shapes = [p.shape for p in params]
        if isinstance(given, (np.ndarray, str)) or not isinstance(given, Iterable):
            # an array would be read row by row, as if each row were a layer
            what = (f"an array of shape {given.shape}" if isinstance(given, np.ndarray)
                    else type(given).__name__)
            raise ValueError(f"{name} must be a list of arrays, one per layer, shaped "
                             f"{shapes}; received {what}")
        given = [checks.floats(d, f"{name}[{i}]") for i, d in enumerate(given)]
        if len(given) != len(params) or any(
                d.shape != p.shape for d, p in zip(given, params)):
            raise ValueError(
                f"{name} must hold one array shaped like each layer's parameters, "
                f"{shapes}; received {[d.shape for d in given]}")
        directions.append(given)
    return (X, Y, *directions)
