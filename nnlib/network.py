"""A fully connected feedforward network and backpropagation over a whole mini-batch.

The notation is the book's: layers are numbered 1..L with layer 1 the input, so
``w^l`` (shape ``(n_l, n_{l-1})``) and ``b^l`` (shape ``(n_l, 1)``) feed layer ``l``;
``z^l = w^l a^{l-1} + b^l`` and ``a^l = σ(z^l)``.  Python lists start at 0, so
``weights[0]`` is ``w^2`` and ``weights[-1]`` is ``w^L``.  Examples are the columns of
``X`` (shape ``(n_1, m)``), and every gradient is that of the *mean* cost over the ``m``
columns, computed with matrix products and no loop over examples.

Training loops live in :mod:`nnlib.train`; this module only evaluates and differentiates.
"""

import copy
import difflib
from collections.abc import Iterable

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
    is a ``numpy.random.Generator`` or an int seed (``None`` means seed 0).  The
    arithmetic is float64: integer or float32 inputs and parameters are converted
    (``forward`` still hands back ``X`` itself as ``activations[0]``).  The
    cross-entropy needs at least two outputs (softmax of one number is always 1).
    """

    def __init__(self, sizes, *, activation="sigmoid", cost="quadratic", rng=None):
        self._sizes = checks.sizes(sizes)
        self.activation = activation      # both looked up by name (see below)
        self.cost_function = cost
        rng = checks.generator(rng)
        gain = 2.0 if self.activation.name == "relu" else 1.0
        self._weights = _Layers(
            [rng.normal(0.0, np.sqrt(gain / n_in), size=(n_out, n_in))
             for n_in, n_out in self._pairs()], self._weight_shapes(), "weights")
        self._biases = _Layers([np.zeros((n, 1)) for n in self.sizes[1:]],
                               self._bias_shapes(), "biases")

    def __repr__(self):
        return (f"Network(sizes={self.sizes}, activation={self.activation.name!r}, "
                f"cost={self.cost_function.name!r})")

    def __setattr__(self, name, value):
        # A new attribute of your own is kept (net.note = ...); but one that would
        # hide a method (net.cost = "cross_entropy") or that is a letter or two from
        # a setting (net.weight = ...) is a slip, which would otherwise go unseen.
        if not name.startswith("_"):
            _check_setting(type(self), name)
        super().__setattr__(name, value)

    @property
    def sizes(self):
        """The layer sizes ``[n_1, ..., n_L]``, fixed when the network is made (a
        copy: changing it changes nothing)."""
        return list(self._sizes)

    @sizes.setter
    def sizes(self, new):
        wanted = list(new) if isinstance(new, (list, tuple)) else new
        raise AttributeError(
            f"a network's sizes are fixed when it is made ({self._sizes}); for "
            f"others make a new network, nnlib.Network({wanted!r}), and assign it "
            f"any layers you want to keep")

    # -- the activation and the cost: assigned by name, like the constructor's ------
    @property
    def activation(self):
        """The activation of every layer after the input (softmax aside); assign a
        name, ``net.activation = "tanh"``, to change it (the weights stay as they
        are)."""
        return self._activation

    @activation.setter
    def activation(self, name):
        self._activation = get_activation(name)
        if hasattr(self, "_cost_function"):    # the cost's δ^L uses the activation
            self._cost_function = get_cost(self._cost_function, self._activation)

    @property
    def cost_function(self):
        """The cost object (``fn``, ``delta``, ``output``); assign a name,
        ``net.cost_function = "cross_entropy"``, to change it."""
        return self._cost_function

    @cost_function.setter
    def cost_function(self, name):
        cost = get_cost(name, self._activation)
        if cost.name == "cross_entropy" and self.sizes[-1] < 2:
            # the softmax of a single number is 1, whatever the number
            raise ValueError(
                "cost='cross_entropy' puts a softmax on the output layer, which needs at "
                f"least 2 output neurons; received sizes={self.sizes}. For a yes/no "
                "answer use 2 outputs with one-hot targets, or cost='quadratic'")
        self._cost_function = cost

    # -- parameters: assignable lists, checked against the layer sizes ---------------
    # Assigning the whole list or one layer (``net.weights[-1] = 10 * w``) is
    # checked alike: a float copy of the right shape, finite.
    @property
    def weights(self):
        """``[w^2, ..., w^L]``; ``weights[i]`` has shape ``(sizes[i+1], sizes[i])``.

        Assign a whole list (``net.weights = [...]``) or one layer
        (``net.weights[-1] = ...``): each array is copied as floats and checked
        for its shape and for finite numbers; the number of layers is fixed.
        """
        return self._weights

    @weights.setter
    def weights(self, new):
        self._weights = _Layers(new, self._weight_shapes(), "weights")

    @property
    def biases(self):
        """``[b^2, ..., b^L]``; ``biases[i]`` has shape ``(sizes[i+1], 1)``.

        Assigned as :attr:`weights` are, and checked alike.
        """
        return self._biases

    @biases.setter
    def biases(self, new):
        self._biases = _Layers(new, self._bias_shapes(), "biases")

    def _pairs(self):
        return list(zip(self.sizes[:-1], self.sizes[1:]))

    def _weight_shapes(self):
        return [(n_out, n_in) for n_in, n_out in self._pairs()]

    def _bias_shapes(self):
        return [(n, 1) for n in self.sizes[1:]]

    # -- evaluating ------------------------------------------------------------------
    def feedforward(self, X):
        """The output ``a^L`` for inputs ``X`` of shape ``(sizes[0], m)`` → ``(sizes[-1], m)``.

        A 1-D ``X`` is a single example and gives a 1-D output.
        """
        A, was_1d = checks.as_matrix(X, self.sizes[0], "X")
        self._check_parameters()
        a = self.forward(A)[1][-1]
        return a.ravel() if was_1d else a

    def forward(self, X):
        """Forward pass keeping each layer: ``(zs, activations)``.

        ``X`` is a numpy array of shape ``(sizes[0], m)``, one example per column
        (its shape is checked, its numbers are not; unlike :meth:`feedforward`,
        it refuses a list).  ``zs[i]`` is ``z^{i+2}`` and
        ``activations[i]`` is ``a^{i+1}`` (so ``activations[0]`` is ``X``
        itself); each has ``m`` columns.
        """
        checks.batch_shape(X, self.sizes[0], "forward")   # (n_1, m), or an error
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
        self._check_parameters()
        return self.cost_function.fn(self.forward(X)[1][-1], Y)

    def backprop(self, X, Y):
        """Gradient of the mean cost over the columns of ``X``: ``(nabla_b, nabla_w)``.

        ``nabla_b[i]`` and ``nabla_w[i]`` have the shapes of ``biases[i]`` and ``weights[i]``.
        """
        X, Y = self._check_batch(X, Y)
        self._check_parameters()
        zs, activations = self.forward(X)
        return self.backward(zs, activations, Y)

    def backward(self, zs, activations, Y, *, scale=1.0, out=None):
        """The backward pass alone, from the output of :meth:`forward`:
        ``(nabla_b, nabla_w)``.

        ``nabla_b[i]`` and ``nabla_w[i]`` have the shapes of ``biases[i]`` and
        ``weights[i]``; like :meth:`deltas`, this checks shapes (and that ``scale``
        is a finite number), not the numbers in the arrays.
        ``scale`` multiplies every gradient: :func:`nnlib.sgd` passes η to get
        its steps.  It is applied once, to the errors δ^l with the division by
        m, and so reaches both gradients.  ``out``, if given, is a list of
        float64 arrays of your own (not views of the weights) shaped like
        ``weights`` that receive ``nabla_w`` (:func:`nnlib.sgd`
        reuses the same ones at every mini-batch:
        :class:`nnlib.minibatches.MiniBatches` says why).
        """
        deltas = self.deltas(zs, activations, Y)   # which checks the arguments
        scale = checks.finite_number(scale, "scale")
        m = Y.shape[1]
        # each example's share of the mean, δ^l / m (times scale)
        shares = [delta / m * scale for delta in deltas]
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
        example.  ``Y`` is ``(sizes[-1], m)``.  Only shapes are checked here, not
        the numbers of ``Y`` or of the parameters: :meth:`backprop` checks those.
        """
        self._check_passes(zs, activations, Y)
        # δ^L at the output
        delta = self.cost_function.delta(zs[-1], activations[-1], Y)
        deltas = [delta]
        for i in range(len(self._weights) - 1, 0, -1):
            # pass the error back: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l),
            # for l = i + 1 (_weights[i] is w^{l+1}, zs[i - 1] is z^l)
            delta = ((self._weights[i].T @ delta)
                     * self._prime(zs[i - 1], activations[i]))
            deltas.append(delta)
        return deltas[::-1]

    def _check_passes(self, zs, activations, Y):
        """Check the arguments of :meth:`backward` and :meth:`deltas`: the two lists
        :meth:`forward` returns, in its order, and targets shaped like the output.
        It compares lengths and shapes only (it runs at every mini-batch)."""
        layers = len(self._weights)
        if (not isinstance(zs, (list, tuple)) or not isinstance(activations, (list, tuple))
                or len(zs) != layers or len(activations) != layers + 1):
            raise ValueError(
                f"zs and activations must be the two lists forward(X) returns, in that "
                f"order: {layers} weighted inputs and {layers + 1} activations; "
                f"received {_length(zs)} and {_length(activations)}")
        output = np.shape(activations[-1])
        if np.shape(Y) != output:
            raise ValueError(
                f"Y must have the shape of the output activations[-1], {output}, one "
                f"column per example; received {np.shape(Y)}"
                f"{checks.targets_hint(output, Y, 'Y')}")
        # from another network's forward pass, or another batch's?  zs[i] is
        # z^{i+2}, activations[i] a^{i+1}; the rest of activations comes from the
        # pass that made zs, so its input a^1 is the one left to check
        sizes = self._sizes
        for layer, array in enumerate(zs, start=1):     # zs[i] is z^{i+2}
            shape = np.shape(array)
            if len(shape) != 2 or shape[0] != sizes[layer] or shape[1:] != output[1:]:
                self._not_this_networks(f"zs[{layer - 1}]", shape, layer, output)
        if np.shape(activations[0]) != (sizes[0], *output[1:]):
            self._not_this_networks("activations[0]", np.shape(activations[0]), 0,
                                    output)

    def _not_this_networks(self, name, shape, layer, output):
        """The error for an array of ``shape`` that no forward pass of this network
        made (``layer`` is an index into ``sizes``)."""
        raise ValueError(
            f"{name} has shape {shape}, but layer {layer + 1} of this network has "
            f"{self._sizes[layer]} neurons, one row each, and every array has the "
            f"columns of activations[-1], shape {output}: zs and activations must "
            f"come from this network's forward(X)")

    def _prime(self, z, a):
        """σ′(z), reusing the forward pass's ``a = σ(z)`` when the activation allows it."""
        if self.activation.prime_from_a is not None:
            return self.activation.prime_from_a(a)
        return self.activation.prime(z)

    def accuracy(self, X, labels):
        """Fraction of columns whose predicted class is the correct one.

        ``X`` is ``(sizes[0], m)``, one example per column.  The predicted
        class is the largest output's row.  With a single output neuron there
        are two classes: 1 where the output exceeds ½, else 0.
        ``labels`` holds class numbers, shape ``(m,)``, or one-hot columns
        ``(sizes[-1], m)`` (for one output, the targets 0 or 1, shape ``(1, m)``).
        """
        A, _ = checks.as_matrix(X, self.sizes[0], "X")
        classes = self._classes(labels, A.shape[1])
        self._check_parameters()
        return self._score(self.forward(A)[1][-1], classes)

    def _classes(self, labels, m):
        """``labels`` (as :meth:`accuracy` takes them) checked, as the class
        number of each of ``m`` columns: shape ``(m,)``."""
        labels = checks.rectangular(labels, "labels")    # names a None
        one_output = self.sizes[-1] == 1
        if labels.ndim == 2:
            expected = (self.sizes[-1], m)
            if labels.shape != expected:
                hint = (" (a column of class numbers? pass labels.ravel())"
                        if labels.shape == (m, 1) else "")
                raise ValueError(
                    f"labels given as columns must have shape {expected}, one row "
                    f"per output neuron and one column per column of X; received "
                    f"shape {labels.shape}{hint}")
            if not one_output:
                # argmax would name a "class" for any columns, a regression's too
                one_hot = np.isin(labels, (0, 1)).all(axis=0) & (labels.sum(axis=0) == 1)
                if not one_hot.all():
                    k = int(np.argmin(one_hot))
                    raise ValueError(
                        "labels given as columns must be one-hot (a single 1 in each "
                        f"column, 0 elsewhere); column {k} is {checks.shown(labels[:, k])}")
            labels = labels[0] if one_output else labels.argmax(axis=0)
        if labels.shape != (m,):
            raise ValueError(f"labels must have one class per column of X ({m}); "
                             f"received shape {labels.shape}")
        if one_output and not np.isin(labels, (0, 1)).all():
            raise ValueError("with one output neuron the classes are 0 and 1 (output "
                             "above ½ means 1); labels must be 0 or 1")
        n = self.sizes[-1]
        named = np.isin(labels, np.arange(n))   # a class number of an output neuron
        if not one_output and not named.all():
            bad = labels[~named][0]
            bad = bad.item() if isinstance(bad, np.generic) else bad   # 3, not np.int64(3)
            raise ValueError(
                f"labels must be class numbers 0 to {n - 1}, one per output neuron "
                f"(counted from 0); received {bad!r}")
        return labels

    def _score(self, out, classes):
        """Fraction of the columns of the output ``out`` ``(sizes[-1], m)`` whose
        predicted class is the one in ``classes`` ``(m,)``."""
        if self.sizes[-1] == 1:
            predicted = (out[0] > 0.5).astype(int)
        else:
            predicted = out.argmax(axis=0)
        return float(np.mean(predicted == classes))

    def copy(self):
        """An independent copy with the same sizes, activation, cost and parameters."""
        self._check_parameters("cannot copy the network: ")
        cls = type(self)                 # a subclass stays a subclass
        twin = cls.__new__(cls)
        # sizes, activation, cost and anything a subclass added, copied deeply
        twin.__dict__.update(copy.deepcopy(
            {k: v for k, v in self.__dict__.items() if k not in ("_weights", "_biases")}))
        twin._weights = _Layers(self._weights, self._weight_shapes(), "weights")
        twin._biases = _Layers(self._biases, self._bias_shapes(), "biases")
        return twin

    def _check_parameters(self, prefix=""):
        """A clear error if a weight or bias is infinite or NaN.  Assigning a layer
        checks its numbers, but an in-place change (``net.weights[0] += ...``) cannot
        be checked before it is made; without this, σ would turn an infinite weight
        into finite outputs and wrong answers, with no word."""
        bad = non_finite_parameter(self._weights, self._biases)
        if bad is not None:
            where, value, at = bad
            raise ValueError(f"{prefix}{where} holds {value} at {at} (an in-place "
                             f"change such as {where} += ... put it there?); assign "
                             f"finite numbers to the layer: {where} = ...")

    def _check_batch(self, X, Y, names=("X", "Y")):
        """``X`` and ``Y`` as float arrays ``(sizes[0], m)`` and ``(sizes[-1], m)``,
        checked (``names`` are what the messages call them)."""
        X, _ = checks.as_matrix(X, self.sizes[0], names[0])
        Y, _ = checks.as_matrix(Y, self.sizes[-1], names[1])
        checks.same_columns(X, Y, names)
        if self.cost_function.name == "cross_entropy":
            # δ^L = p − y only if each column of y sums to 1
            checks.probability_columns(Y, names[1], "with cost='cross_entropy'")
        return X, Y


def _length(value):
    """``len(value)`` for a list or tuple, else the name of its type (for messages)."""
    return len(value) if isinstance(value, (list, tuple)) else type(value).__name__


def _check_setting(cls, name):
    """A clear error for assigning ``name`` to a network of class ``cls`` when it
    would hide a method or is a misspelt setting (see ``Network.__setattr__``)."""
    if isinstance(getattr(cls, name, None), property):    # weights, activation, ...
        return
    settings = sorted(n for n in dir(cls) if isinstance(getattr(cls, n), property))
    listed = ", ".join(settings)
    if callable(getattr(cls, name, None)):
        instead = (" To train with another cost, assign its name to the setting "
                   "net.cost_function = 'cross_entropy'." if name == "cost" else "")
        raise AttributeError(
            f"net.{name} is a method of the network, not a setting: assigning to it "
            f"would hide the method.{instead} Its settings are {listed}.")
    close = difflib.get_close_matches(name, settings, n=1, cutoff=0.8)
    if close:
        raise AttributeError(f"a network has no setting {name!r}; did you mean "
                             f"net.{close[0]}? Its settings are {listed}.")


def _checked_out(out, weights):
    """``out`` as a list, if it holds one float array shaped like each weight matrix."""
    out = list(out)
    shapes = [w.shape for w in weights]
    if len(out) != len(shapes) or any(
            not isinstance(o, np.ndarray) or o.shape != shape or o.dtype != float
            for o, shape in zip(out, shapes)):
        got = [f"{o.dtype} {o.shape}" if isinstance(o, np.ndarray) else type(o).__name__
               for o in out]
        raise ValueError(f"out must be a list of float64 arrays shaped like the weights, "
                         f"{shapes}; received {got}")
    for i, (o, w) in enumerate(zip(out, weights)):
        # the gradient would overwrite the weights (checked every step, so only
        # whether the two arrays' memory overlaps, not whether the same numbers do)
        if np.may_share_memory(o, w):
            raise ValueError(f"out[{i}] shares its memory with net.weights[{i}]: the "
                             f"gradient would overwrite the weights; give arrays of "
                             f"your own, e.g. [np.empty_like(w) for w in net.weights]")
    return out


class _Layers(list):
    """One float array per layer after the input: ``net.weights`` or ``net.biases``.

    A plain list, except that what is put in is checked and copied: the whole list
    when it is made, one array when one layer is assigned (``layers[i] = new``), so
    that a transposed, one-dimensional or non-finite array is refused at once
    instead of broadcasting into wrong results later (integers become floats).  The
    number of layers is fixed by the network's sizes.
    """

    def __init__(self, arrays, shapes, name):
        count = f"a list of {len(shapes)} array{'s' if len(shapes) != 1 else ''}"
        if isinstance(arrays, np.ndarray) and arrays.ndim < 3 and arrays.dtype != object:
            # its rows would be taken for layers (a stack of matrices, one per
            # layer, is a list of them): say what the array is for
            advice = (f"for the one layer, put it in a list: net.{name} = [array]"
                      if len(shapes) == 1 else "assign one layer at a time: "
                      + ", ".join(f"net.{name}[{i}] = ..." for i in range(len(shapes))))
            raise ValueError(f"{name} must be {count}, one per layer after the "
                             f"input; received one array of shape {arrays.shape}; "
                             f"{advice}")
        if not isinstance(arrays, Iterable) or isinstance(arrays, (dict, str)):
            raise ValueError(f"{name} must be {count}, one per layer after the "
                             f"input; received {type(arrays).__name__}")
        arrays = list(arrays)
        if len(arrays) != len(shapes):
            raise ValueError(f"{name} must be {count}, one per layer after the "
                             f"input; received {len(arrays)}")
        super().__init__(_checked(p, shape, f"{name}[{i}]")
                         for i, (p, shape) in enumerate(zip(arrays, shapes)))
        self._shapes, self._name = shapes, name

    def __setitem__(self, index, value):
        new = list(self)
        new[index] = value
        if len(new) != len(self):
            raise ValueError(f"{self._name} has one array per layer; a slice must be "
                             f"replaced by as many arrays as it holds")
        assigned = range(len(self))[index]      # the layers given, even unchanged
        for i in [assigned] if isinstance(assigned, int) else assigned:
            name = f"{self._name}[{i}]"
            try:
                checked = _checked(new[i], self._shapes[i], name)
            except ValueError as error:
                if new[i] is not super().__getitem__(i):
                    raise
                # net.weights[0] += x changes the stored array, then assigns it
                raise ValueError(
                    f"{error}: an in-place operation (+=, -=, *=, /=) changed the "
                    f"layer before it could be checked, so its old numbers are gone; "
                    f"assign finite numbers to restore it: net.{name} = ...") from None
            super().__setitem__(i, checked)

    def _fixed_length(self, *args, **kwargs):
        raise TypeError(f"{self._name} has one array per layer, as many as the network's "
                        f"sizes say; assign layers instead of adding or removing them")

    append = extend = insert = pop = remove = clear = _fixed_length
    reverse = sort = __delitem__ = __iadd__ = __imul__ = _fixed_length

    def __reduce__(self):     # copy and pickle go through __init__ again
        return _Layers, (list(self), self._shapes, self._name)


def non_finite_parameter(weights, biases):
    """Find the first infinite or NaN parameter in the two lists of layers:
    ``("net.weights[i]", value, (j, k))``, or ``None`` if every one is finite."""
    if checks.all_finite([*weights, *biases]):
        return None
    for name, layers in (("weights", weights), ("biases", biases)):
        for i, p in enumerate(layers):
            at = checks.first_non_finite(p)
            if at is not None:
                return f"net.{name}[{i}]", p[at], at
    return None


def _checked(p, shape, name):
    """``p`` as a new float array, if it has ``shape`` and only finite numbers."""
    try:
        # numpy alone would make None NaN, "0.5" 0.5, and drop imaginary parts
        # a copy, of floats, row by row whatever the order of p: every layer is
        # stored alike
        p = np.array(checks.as_real(p), order="C")
    except checks.NotReal as error:                  # None, text, complex numbers
        what = ("NoneType: does the function that made it end with `return`?"
                if p is None else f"{type(p).__name__}, which {error}")
        raise ValueError(f"{name} must hold real numbers, an array of shape {shape}; "
                         f"received {what}") from None
    except (TypeError, ValueError):                  # a ragged list of rows, say
        raise ValueError(f"{name} must be an array of numbers of shape {shape}; "
                         f"received {type(p).__name__}") from None
    if p.shape != shape:
        if p.shape == shape[:1] and shape[1:] == (1,):
            hint = " (a flat array: make it a column, .reshape(-1, 1))"
        elif p.shape == shape[::-1] and shape[1] == 1:
            hint = " (a row: make it a column, .reshape(-1, 1))"
        elif p.shape == shape[::-1] and shape[0] != shape[1]:
            hint = (" (transposed? a weight matrix has one row per neuron of the layer "
                    "it feeds: try .T)")
        else:
            hint = ""
        raise ValueError(f"{name} must have shape {shape}; received {p.shape}{hint}")
    at = checks.first_non_finite(p)
    if at is not None:
        raise ValueError(f"{name} must contain only finite numbers; received {p[at]} "
                         f"at {at}")
    return p
