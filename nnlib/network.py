"""A fully connected feedforward network and backpropagation over a whole mini-batch.

The notation is the book's: layers are numbered 1..L with layer 1 the input, so
``w^l`` (shape ``(n_l, n_{l-1})``) and ``b^l`` (shape ``(n_l, 1)``) feed layer ``l``;
``z^l = w^l a^{l-1} + b^l`` and ``a^l = σ(z^l)``.  Python lists start at 0, so
``weights[0]`` is ``w^2`` and ``weights[-1]`` is ``w^L``.  Examples are the columns of
``X`` (shape ``(n_1, m)``), and every gradient is that of the *mean* cost over the ``m``
columns, computed with matrix products and no loop over examples.

Training loops live in :mod:`nnlib.train`; this module only evaluates and differentiates.
"""

import numpy as np

from . import checks
from .activations import get_activation
from .costs import get_cost


class Network:
    """A network with layer sizes ``sizes``, e.g. ``[2, 3, 1]``.

    ``activation`` (``"sigmoid"``, ``"tanh"``, ``"relu"``, ``"identity"``) is used in every
    layer after the input, except that ``cost="cross_entropy"`` puts softmax in the last
    layer.  Weights start as Gaussians with variance ``1/n_{l-1}`` (``2/n_{l-1}`` for
    ReLU) so that ``z`` starts in the useful range of σ; biases start at zero.  ``rng``
    is a ``numpy.random.Generator`` or an int seed (``None`` means seed 0).
    """

    def __init__(self, sizes, *, activation="sigmoid", cost="quadratic", rng=None):
        self.sizes = checks.sizes(sizes)
        self.activation = get_activation(activation)
        self.cost_function = get_cost(cost, self.activation)
        rng = checks.generator(rng)
        gain = 2.0 if self.activation.name == "relu" else 1.0
        self._weights = [rng.normal(0.0, np.sqrt(gain / n_in), size=(n_out, n_in))
                         for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        self._biases = [np.zeros((n, 1)) for n in self.sizes[1:]]

    def __repr__(self):
        return (f"Network(sizes={self.sizes}, activation={self.activation.name!r}, "
                f"cost={self.cost_function.name!r})")

    # -- parameters: assignable lists, checked against the layer sizes ---------------
    @property
    def weights(self):
        """``[w^2, ..., w^L]``; ``weights[i]`` has shape ``(sizes[i+1], sizes[i])``."""
        return self._weights

    @weights.setter
    def weights(self, new):
        shapes = [(n_out, n_in) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        self._weights = _checked_list(new, shapes, "weights")

    @property
    def biases(self):
        """``[b^2, ..., b^L]``; ``biases[i]`` has shape ``(sizes[i+1], 1)``."""
        return self._biases

    @biases.setter
    def biases(self, new):
        shapes = [(n, 1) for n in self.sizes[1:]]
        self._biases = _checked_list(new, shapes, "biases")

    # -- evaluating ------------------------------------------------------------------
    def feedforward(self, X):
        """The output ``a^L`` for inputs ``X`` of shape ``(sizes[0], m)`` → ``(sizes[-1], m)``.

        A 1-D ``X`` is a single example and gives a 1-D output.
        """
        A, was_1d = checks.as_matrix(X, self.sizes[0], "X")
        a = self.forward(A)[1][-1]
        return a.ravel() if was_1d else a

    def forward(self, X):
        """Forward pass keeping each layer: ``(zs, activations)``; no input checks.

        ``zs[i]`` is ``z^{i+2}`` and ``activations[i]`` is ``a^{i+1}`` (so
        ``activations[0]`` is ``X`` itself); each has ``m`` columns.
        """
        zs, activations = [], [X]
        a = X
        last = len(self._weights) - 1
        for i, (w, b) in enumerate(zip(self._weights, self._biases)):
            z = w @ a + b
            a = (self.cost_function.output(z) if i == last
                 else self.activation.fn(z))
            zs.append(z)
            activations.append(a)
        return zs, activations

    def cost(self, X, Y):
        """Mean cost (a float) of inputs ``X`` ``(sizes[0], m)`` against targets ``Y`` ``(sizes[-1], m)``."""
        X, Y = self._check_batch(X, Y)
        return self.cost_function.fn(self.forward(X)[1][-1], Y)

    def backprop(self, X, Y):
        """Gradient of the mean cost over the columns of ``X``: ``(nabla_b, nabla_w)``.

        ``nabla_b[i]`` and ``nabla_w[i]`` have the shapes of ``biases[i]`` and ``weights[i]``.
        """
        X, Y = self._check_batch(X, Y)
        zs, activations = self.forward(X)
        return self.backward(zs, activations, Y)

    def backward(self, zs, activations, Y, *, scale=1.0, out=None):
        """The backward pass alone, from the output of :meth:`forward`:
        ``(nabla_b, nabla_w)``.

        ``scale`` multiplies every gradient: :func:`nnlib.sgd` passes η to get
        its steps, and scaling the small δ^l costs less than scaling the large
        products.  ``out``, if given, is a list of arrays shaped like
        ``weights`` that receive ``nabla_w`` (:func:`nnlib.sgd` reuses the same
        ones at every mini-batch; it says why).
        """
        m = Y.shape[1]
        # each example's share of the mean, δ^l / m (times scale)
        shares = [delta / m * scale for delta in self.deltas(zs, activations, Y)]
        # ∂C/∂b^l is the sum of the shares over the batch;
        # ∂C/∂w^l = shares · (a^{l-1})^T (written into out's arrays if given)
        nabla_b = [share.sum(axis=1, keepdims=True) for share in shares]
        outs = ([None] * len(shares) if out is None
                else _checked_out(out, self._weights))
        nabla_w = [np.matmul(share, a.T, out=o)
                   for share, a, o in zip(shares, activations, outs)]
        return nabla_b, nabla_w

    def deltas(self, zs, activations, Y):
        """The error ``δ^l = ∂C_x/∂z^l`` of layers l = 2..L, shaped like ``zs``.

        ``deltas[i]`` is ``δ^{i+2}``, shape ``(sizes[i+1], m)``: one column per
        example.
        """
        # δ^L at the output
        delta = self.cost_function.delta(zs[-1], activations[-1], Y)
        deltas = [delta]
        for i in range(len(self._weights) - 1, 0, -1):
            # pass the error back: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)
            delta = ((self._weights[i].T @ delta)
                     * self._prime(zs[i - 1], activations[i]))
            deltas.append(delta)
        return deltas[::-1]

    def _prime(self, z, a):
        """σ'(z), reusing the forward pass's ``a = σ(z)`` when the activation allows it."""
        if self.activation.prime_from_a is not None:
            return self.activation.prime_from_a(a)
        return self.activation.prime(z)

    def accuracy(self, X, labels):
        """Fraction of columns whose largest output is the correct class.

        ``labels`` holds class numbers, shape ``(m,)``, or one-hot columns ``(sizes[-1], m)``.
        """
        A, _ = checks.as_matrix(X, self.sizes[0], "X")
        labels = np.asarray(labels)
        if labels.ndim == 2:
            labels = labels.argmax(axis=0)
        if labels.shape != (A.shape[1],):
            raise ValueError(f"labels must have one class per column of X ({A.shape[1]}); "
                             f"received shape {labels.shape}")
        predicted = self.forward(A)[1][-1].argmax(axis=0)
        return float(np.mean(predicted == labels))

    def copy(self):
        """An independent copy with the same sizes, activation, cost and parameters."""
        twin = Network.__new__(Network)
        twin.sizes, twin.activation = list(self.sizes), self.activation
        twin.cost_function = self.cost_function
        twin._weights = [w.copy() for w in self._weights]
        twin._biases = [b.copy() for b in self._biases]
        return twin

    def _check_batch(self, X, Y):
        X, _ = checks.as_matrix(X, self.sizes[0], "X")
        Y, _ = checks.as_matrix(Y, self.sizes[-1], "Y")
        checks.same_columns(X, Y)
        return X, Y


def _checked_out(out, weights):
    """``out`` as a list, if it holds one float array shaped like each weight matrix."""
    out = list(out)
    shapes = [w.shape for w in weights]
    if len(out) != len(shapes) or any(
            not isinstance(o, np.ndarray) or o.shape != shape or o.dtype != float
            for o, shape in zip(out, shapes)):
        got = [getattr(o, "shape", type(o).__name__) for o in out]
        raise ValueError(f"out must be a list of float arrays shaped like the weights, "
                         f"{shapes}; received {got}")
    return out


def _checked_list(new, shapes, name):
    """Copy ``new`` into a list of float arrays, checking the count and every shape."""
    new = list(new)
    if len(new) != len(shapes):
        raise ValueError(f"{name} must be a list of {len(shapes)} arrays, one per layer after the "
                         f"input; received {len(new)}")
    out = []
    for i, (p, shape) in enumerate(zip(new, shapes)):
        p = np.array(p, dtype=float)
        if p.shape != shape:
            raise ValueError(f"{name}[{i}] must have shape {shape}; received {p.shape}")
        if not np.all(np.isfinite(p)):
            raise ValueError(f"{name}[{i}] must contain only finite numbers")
        out.append(p)
    return out
