"""nnlib: the small numpy library behind *The Maths behind Neural Networks*.

The folders show the layers.  The maths sits at the top of the package, each module
holding one idea, named with the book's symbols:

* :mod:`nnlib.activations` — σ and friends, each beside its derivative
* :mod:`nnlib.costs` — quadratic and softmax cross-entropy costs with their output errors
* :mod:`nnlib.network` — :class:`Network`: feedforward and backpropagation over a batch
* :mod:`nnlib.train` — gradient descent, one step, mini-batch SGD
* :mod:`nnlib.gradcheck` — central finite differences as an independent oracle
* :mod:`nnlib.graph` — a scalar computational graph for the chain rule
* :mod:`nnlib.tape` — reverse mode on arrays: a tape of operations, each with its VJP
* :mod:`nnlib.autodiff` — a :class:`Network` differentiated in reverse and in forward mode
* :mod:`nnlib.chain` — one path through a network, link by link, and a nudge along it
* :mod:`nnlib.weight_nudge` — nudge one weight of a network: true ΔC beside (∂C/∂w)·Δw
* :mod:`nnlib.linefit` — fitting a line by gradient descent: cost, gradient, mini-batches
* :mod:`nnlib.data` — the digits, the published 2-2-2 example, line-fitting points, XOR
* :mod:`nnlib.checks` — the input checks behind every clear error message
* :mod:`nnlib.minibatches` — how :func:`sgd` hands out shuffled mini-batches fast

Three sub-packages stand apart from it:

* :mod:`nnlib.book` — the book's apparatus: checks for the exercises, and
  :func:`~nnlib.book.source.show_source`, which shows this library's own code on a
  page;
* :mod:`nnlib.interactive` — the interactive-figure machinery, which knows no maths;
* :mod:`nnlib.figures` — the drawings, which take results from the maths and hand
  them to the machinery.

The maths imports none of them, nor matplotlib or ipywidgets, so importing ``nnlib``
does not import matplotlib.
"""

from .activations import (identity, identity_prime, relu, relu_prime, sigmoid,
                          sigmoid_prime, tanh, tanh_prime)
from .costs import CrossEntropyCost, QuadraticCost, softmax, softmax_jacobian
from .gradcheck import (check_network_gradients, derivative_error, error_text,
                        numerical_gradient, relative_error)
from .network import Network
from .train import History, TrainingDiverged, Trajectory, gradient_descent, sgd, step

# loaded with the package, so that nnlib.data.one_hot, which error messages
# suggest, works after a plain `import nnlib`
from . import data

__all__ = [
    "Network", "sgd", "step", "gradient_descent", "History", "Trajectory", "TrainingDiverged",
    "sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime", "identity",
    "identity_prime", "softmax", "softmax_jacobian", "QuadraticCost", "CrossEntropyCost",
    "numerical_gradient", "relative_error", "error_text",
    "derivative_error", "check_network_gradients",
]
