"""nnlib: the small numpy library behind *The Maths behind Neural Networks*.

Each module holds one idea, named with the book's symbols:

* :mod:`nnlib.activations` — σ and friends, each beside its derivative
* :mod:`nnlib.costs` — quadratic and softmax cross-entropy costs with their output errors
* :mod:`nnlib.network` — :class:`Network`: feedforward and backpropagation over a batch
* :mod:`nnlib.train` — gradient descent, one step, mini-batch SGD
* :mod:`nnlib.gradcheck` — central finite differences as an independent oracle
* :mod:`nnlib.graph` — a scalar computational graph for the chain rule
* :mod:`nnlib.chain` — one path through a network, link by link, and a nudge along it
* :mod:`nnlib.weight_nudge` — nudge one weight of a network: true ΔC beside (∂C/∂w)·Δw
* :mod:`nnlib.linefit` — fitting a line by gradient descent: cost, gradient, mini-batches
* :mod:`nnlib.data` — the digits, the published 2-2-2 example, line-fitting points, XOR
* :mod:`nnlib.exercises` — checks that put a reader's answer beside an independent value
* :mod:`nnlib.checks` — the input checks behind every clear error message

Drawing and widgets live apart from the maths, in :mod:`nnlib.interactive` (with
:mod:`nnlib.renderer`, :mod:`nnlib.static_html`, :mod:`nnlib.live_widget`) and
:mod:`nnlib.figures`; :mod:`nnlib.source` shows this library's own code in the book.
Importing ``nnlib`` does not import matplotlib.
"""

from .activations import (identity, identity_prime, relu, relu_prime, sigmoid,
                          sigmoid_prime, tanh, tanh_prime)
from .costs import CrossEntropyCost, QuadraticCost, softmax, softmax_jacobian
from .gradcheck import (check_network_gradients, derivative_error, error_text,
                        numerical_gradient, relative_error)
from .network import Network
from .train import History, TrainingDiverged, Trajectory, gradient_descent, sgd, step

__all__ = [
    "Network", "sgd", "step", "gradient_descent", "History", "Trajectory", "TrainingDiverged",
    "sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime", "identity",
    "identity_prime", "softmax", "softmax_jacobian", "QuadraticCost", "CrossEntropyCost",
    "numerical_gradient", "relative_error", "error_text",
    "derivative_error", "check_network_gradients",
]
