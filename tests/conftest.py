"""Shared helpers for the tests: random networks and batches from seeded generators."""

import numpy as np
import pytest

import nnlib

ACTIVATIONS = ["sigmoid", "tanh", "relu", "identity"]
COSTS = ["quadratic", "cross_entropy"]


def random_case(seed):
    """A random architecture (1 to 4 hidden layers), activation, cost and batch (1..64)."""
    rng = np.random.default_rng(seed)
    depth = int(rng.integers(1, 5))
    sizes = [int(n) for n in rng.integers(2, 7, size=depth + 2)]
    activation = ACTIVATIONS[seed % len(ACTIVATIONS)]
    cost = COSTS[(seed // len(ACTIVATIONS)) % len(COSTS)]
    if cost == "cross_entropy":
        sizes[-1] = max(sizes[-1], 2)
    m = int(rng.choice([1, 2, 7, 16, 33, 64]))
    net = nnlib.Network(sizes, activation=activation, cost=cost, rng=rng)
    # biases away from zero, so every layer's gradient is exercised
    net.biases = [rng.normal(0, 0.5, size=b.shape) for b in net.biases]
    X = rng.normal(0, 1, size=(sizes[0], m))
    if cost == "cross_entropy":
        Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], size=m)]
    else:
        Y = rng.uniform(0, 1, size=(sizes[-1], m))
    return net, X, Y


@pytest.fixture
def rng():
    return np.random.default_rng(20261130)
