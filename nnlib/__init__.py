"""nnlib: the small numpy library behind *The Maths behind Neural Networks*.

Each module holds one idea, named with the book's symbols:

* :mod:`nnlib.activations` — σ and friends, each beside its derivative
* :mod:`nnlib.costs` — quadratic and softmax cross-entropy costs with their output errors
* :mod:`nnlib.network` — :class:`Network`: feedforward and backpropagation over a batch
* :mod:`nnlib.train` — gradient descent, one step, mini-batch SGD
* :mod:`nnlib.gradcheck` — central finite differences as an independent oracle
* :mod:`nnlib.graph` — a scalar computational graph for the chain rule
* :mod:`nnlib.data` — the digits, the published 2-2-2 example, line-fitting points, XOR

Drawing and widgets live apart from the maths, in :mod:`nnlib.interactive` and
:mod:`nnlib.figures`; importing ``nnlib`` does not import matplotlib.
"""

from .activations import (identity, identity_prime, relu, relu_prime, sigmoid,
                          sigmoid_prime, tanh, tanh_prime)
from .costs import CrossEntropyCost, QuadraticCost, softmax, softmax_jacobian
from .gradcheck import (check_derivative, check_network_gradients, numerical_gradient,
                        relative_error)
from .network import Network
from .train import History, TrainingDiverged, Trajectory, gradient_descent, sgd, step

__all__ = [
    "Network", "sgd", "step", "gradient_descent", "History", "Trajectory", "TrainingDiverged",
    "sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime", "identity",
    "identity_prime", "softmax", "softmax_jacobian", "QuadraticCost", "CrossEntropyCost",
    "numerical_gradient", "relative_error", "check_derivative", "check_network_gradients",
]
