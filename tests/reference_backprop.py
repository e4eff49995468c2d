"""A plain, per-example backpropagation written independently of nnlib, as a test oracle.

It loops over the examples one at a time, uses its own activation functions and its own
softmax, and averages the per-example gradients at the end: the slow, obvious way.
"""

import math

import numpy as np

FUNCTIONS = {
    "sigmoid": (lambda z: 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z)),
                None),
    "tanh": (math.tanh, lambda z: 1.0 - math.tanh(z) ** 2),
    "relu": (lambda z: max(z, 0.0), lambda z: 1.0 if z > 0 else 0.0),
    "identity": (lambda z: z, lambda z: 1.0),
}


def _act(name, z):
    f = FUNCTIONS[name][0]
    return np.array([[f(v)] for v in z[:, 0]])


def _act_prime(name, z):
    if name == "sigmoid":
        s = _act("sigmoid", z)
        return s * (1 - s)
    g = FUNCTIONS[name][1]
    return np.array([[g(v)] for v in z[:, 0]])


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def per_example_backprop(weights, biases, X, Y, activation="sigmoid", cost="quadratic"):
    """Gradient of the mean cost, one example (column) at a time: ``(nabla_b, nabla_w)``."""
    m = X.shape[1]
    sum_b = [np.zeros_like(b) for b in biases]
    sum_w = [np.zeros_like(w) for w in weights]
    for k in range(m):
        a = X[:, [k]]
        y = Y[:, [k]]
        activations, zs = [a], []
        for i, (w, b) in enumerate(zip(weights, biases)):
            z = w.dot(a) + b
            last = i == len(weights) - 1
            a = _softmax(z) if (last and cost == "cross_entropy") else _act(activation, z)
            zs.append(z)
            activations.append(a)
        if cost == "cross_entropy":
            # not the shortcut p - y: the chain rule through softmax's Jacobian,
            # ∂p_i/∂z_j = p_i (1[i = j] - p_j), times ∂C/∂p = -y / p
            p = activations[-1]
            jacobian = np.diagflat(p) - p @ p.T
            delta = jacobian.T @ (-y / p)
        else:
            delta = (activations[-1] - y) * _act_prime(activation, zs[-1])
        for i in reversed(range(len(weights))):
            sum_b[i] += delta
            sum_w[i] += delta.dot(activations[i].T)
            if i > 0:
                delta = weights[i].T.dot(delta) * _act_prime(activation, zs[i - 1])
    return [s / m for s in sum_b], [s / m for s in sum_w]


def per_example_cost(weights, biases, X, Y, activation="sigmoid", cost="quadratic"):
    """The mean cost, one example at a time."""
    total = 0.0
    for k in range(X.shape[1]):
        a = X[:, [k]]
        for i, (w, b) in enumerate(zip(weights, biases)):
            z = w.dot(a) + b
            last = i == len(weights) - 1
            a = _softmax(z) if (last and cost == "cross_entropy") else _act(activation, z)
        y = Y[:, [k]]
        if cost == "cross_entropy":
            total += -float(np.sum(y * np.log(a)))
        else:
            total += 0.5 * float(np.sum((y - a) ** 2))
    return total / X.shape[1]


def mazur_cost(w, b):
    """The published 2-2-2 example's cost, written out neuron by neuron in plain
    floats: inputs 0.05, 0.10, targets 0.01, 0.99, weights ``w = [w1, ..., w8]``,
    biases ``b`` of h1, h2, o1, o2."""
    sigma = FUNCTIONS["sigmoid"][0]
    (w1, w2, w3, w4, w5, w6, w7, w8), (b1, b2, b3, b4) = w, b
    h1, h2 = sigma(w1 * 0.05 + w2 * 0.10 + b1), sigma(w3 * 0.05 + w4 * 0.10 + b2)
    o1, o2 = sigma(w5 * h1 + w6 * h2 + b3), sigma(w7 * h1 + w8 * h2 + b4)
    return 0.5 * (0.01 - o1) ** 2 + 0.5 * (0.99 - o2) ** 2
