"""How fast is nnlib's training, next to a per-example loop and next to the bare matrix products?

For each case we time epochs of mini-batch SGD on synthetic data (shuffling included):

* ``nnlib``      – ``nnlib.sgd`` for one epoch;
* ``floor``      – the same forward and backward pass written as bare numpy matrix products
                   inline, with the same shuffle and update and nothing else: no checks, no
                   function calls per layer, no history.  nnlib cannot beat it by much;
* ``per-example``– the textbook loop: for every example of a mini-batch, a forward and backward
                   pass on one column, gradients summed (vectorised within an example only);
* ``reference``  – the per-example reference implementation kept in ``tests/`` (the oracle of
                   ``tests/test_network.py``; it also applies σ neuron by neuron), used for
                   the gradient of each mini-batch, with the same update.

This machine is shared, and its speed drifts by tens of percent over seconds.  So the
contenders are timed in rounds, one after the other within a round, each for about the same
short wall time (the slow loops on a tenth or so of the examples, scaled up); a ratio is
the median over the rounds of the ratio within each round.  Targets (issue "nnlib"):
nnlib ≤ 1.6× the floor at batch 128, and ≥ 8× faster than the per-example reference at
batch 10.  The textbook loop is reported beside it.

Run:  .venv/bin/python benchmarks/bench_backprop.py
"""

import sys
import time
from pathlib import Path

import numpy as np

import nnlib
from nnlib.activations import sigmoid, sigmoid_prime

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reference_backprop import per_example_backprop  # noqa: E402


def synthetic(sizes, m, rng):
    X = rng.uniform(0, 1, size=(sizes[0], m))
    Y = np.zeros((sizes[-1], m))
    Y[rng.integers(0, sizes[-1], size=m), np.arange(m)] = 1.0
    return X, Y


def floor_epoch(weights, biases, XT, YT, batch_size, eta, rng):
    """One epoch of bare matrix products; XT, YT hold the examples as rows (as nnlib does).

    It gathers each shuffled mini-batch and folds η/m into the small δ before the big
    products, as nnlib does, so that the two differ only in nnlib's checks, calls and cost.
    """
    m = XT.shape[0]
    order = rng.permutation(m)
    w1, w2 = weights
    b1, b2 = biases
    for k in range(0, m, batch_size):
        batch = order[k:k + batch_size]
        x, y = XT[batch].T, YT[batch].T
        a1 = sigmoid(w1 @ x + b1)
        a2 = sigmoid(w2 @ a1 + b2)
        d2 = (eta / x.shape[1]) * ((a2 - y) * (a2 * (1 - a2)))   # η/m · δ^L
        d1 = (w2.T @ d2) * (a1 * (1 - a1))                         # η/m · δ^{L-1}
        w2 -= d2 @ a1.T
        b2 -= d2.sum(axis=1, keepdims=True)
        w1 -= d1 @ x.T
        b1 -= d1.sum(axis=1, keepdims=True)


def per_example_epoch(weights, biases, X, Y, batch_size, eta, rng):
    m = X.shape[1]
    order = rng.permutation(m)
    for k in range(0, m, batch_size):
        batch = order[k:k + batch_size]
        nabla_w = [np.zeros_like(w) for w in weights]
        nabla_b = [np.zeros_like(b) for b in biases]
        for j in batch:
            x, y = X[:, [j]], Y[:, [j]]
            activations, zs, a = [x], [], x
            for w, b in zip(weights, biases):
                z = w @ a + b
                a = sigmoid(z)
                zs.append(z)
                activations.append(a)
            delta = (activations[-1] - y) * sigmoid_prime(zs[-1])
            for i in range(len(weights) - 1, -1, -1):
                nabla_b[i] += delta
                nabla_w[i] += delta @ activations[i].T
                if i > 0:
                    delta = (weights[i].T @ delta) * sigmoid_prime(zs[i - 1])
        for i in range(len(weights)):
            weights[i] -= eta / len(batch) * nabla_w[i]
            biases[i] -= eta / len(batch) * nabla_b[i]


def reference_epoch(weights, biases, X, Y, batch_size, eta, rng):
    m = X.shape[1]
    order = rng.permutation(m)
    for k in range(0, m, batch_size):
        batch = order[k:k + batch_size]
        nabla_b, nabla_w = per_example_backprop(weights, biases, X[:, batch], Y[:, batch])
        for i in range(len(weights)):
            weights[i] -= eta * nabla_w[i]
            biases[i] -= eta * nabla_b[i]


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_case(sizes, batch_size, m, m_slow, rounds):
    """Seconds per epoch of ``m`` examples for each contender: a list with one entry a round.

    The two slow loops are timed on ``m_slow`` of the examples (the same mini-batches, fewer
    of them) and scaled to ``m``, so that every contender takes about the same wall time.
    """
    rng = np.random.default_rng(0)
    X, Y = synthetic(sizes, m, rng)
    net = nnlib.Network(sizes, rng=np.random.default_rng(1))
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    eta = 0.5
    XT, YT = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    X_slow, Y_slow = X[:, :m_slow], Y[:, :m_slow]
    floor_epoch(weights, biases, XT, YT, batch_size, eta, rng)  # warm-up
    times = {"nnlib": [], "floor": [], "per-example": [], "reference": []}
    for _ in range(rounds):
        stamps = []  # nnlib: the second epoch, from the end of the first to its own end
        nnlib.sgd(net, X, Y, epochs=2, batch_size=batch_size, eta=eta, rng=rng,
                  callback=lambda epoch, history: stamps.append(time.perf_counter()))
        times["nnlib"].append(stamps[1] - stamps[0])
        times["floor"].append(timed(lambda: floor_epoch(weights, biases, XT, YT, batch_size,
                                                        eta, rng)))
        times["per-example"].append(m / m_slow * timed(
            lambda: per_example_epoch(weights, biases, X_slow, Y_slow, batch_size, eta, rng)))
        times["reference"].append(m / m_slow * timed(
            lambda: reference_epoch(weights, biases, X_slow, Y_slow, batch_size, eta, rng)))
    return times


def main():
    print(__doc__.split("\n\n")[0])
    cases = [([784, 30, 10], 10, 5000, 500, 15), ([784, 100, 10], 128, 10000, 512, 9)]
    for sizes, batch_size, m, m_slow, rounds in cases:
        times = run_case(sizes, batch_size, m, m_slow, rounds)
        print(f"\n{sizes}, batch {batch_size}, epochs of {m} examples (the loops timed on "
              f"{m_slow}), {rounds} rounds:")
        for name, t in times.items():
            print(f"  {name:12s} {np.median(t) * 1000:9.1f} ms/epoch (median)")

        def ratio(slow, fast):
            """Median over the rounds of the ratio measured within each round."""
            return float(np.median(np.array(times[slow]) / np.array(times[fast])))

        ratio_floor = ratio("nnlib", "floor")
        speedup_ref = ratio("reference", "nnlib")
        print(f"  nnlib / floor          = {ratio_floor:5.2f}x"
              + ("   target <= 1.6x: " + ("OK" if ratio_floor <= 1.6 else "OVER")
                 if batch_size == 128 else ""))
        print(f"  reference / nnlib      = {speedup_ref:5.2f}x"
              + ("   target >= 8x: " + ("OK" if speedup_ref >= 8 else "UNDER")
                 if batch_size == 10 else ""))
        print(f"  per-example / nnlib    = {ratio('per-example', 'nnlib'):5.2f}x")
        print(f"  per-example / floor    = {ratio('per-example', 'floor'):5.2f}x")


if __name__ == "__main__":
    main()
