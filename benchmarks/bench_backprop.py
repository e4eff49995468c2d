"""How fast is nnlib's training, next to a per-example loop and next to the bare matrix products?

For each case we time one epoch of mini-batch SGD on synthetic data (shuffling included):

* ``nnlib``      – ``nnlib.sgd`` for one epoch;
* ``floor``      – the same forward and backward pass written as bare numpy matrix products
                   inline, with the same shuffle and update and nothing else: no checks, no
                   function calls per layer, no history.  nnlib cannot beat it by much;
* ``per-example``– the textbook loop: for every example of a mini-batch, a forward and backward
                   pass on one column, gradients summed (vectorised within an example only);
* ``reference``  – the per-example reference implementation kept in ``tests/`` (the oracle of
                   ``tests/test_network.py``; it also applies σ neuron by neuron), used for
                   the gradient of each mini-batch, with the same update.

Timings are the median of several epochs measured side by side in one run, so the ratios are
meaningful even on a busy machine.  Targets (issue "nnlib"): nnlib ≤ 1.6× the floor at batch
128, and ≥ 8× faster than the per-example reference at batch 10.  The textbook loop is the
harder baseline and is reported beside it.

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
    """One epoch of bare matrix products; XT, YT hold the examples as rows (as nnlib does)."""
    m = XT.shape[0]
    order = rng.permutation(m)
    XT, YT = XT[order], YT[order]
    for k in range(0, m, batch_size):
        x, y = XT[k:k + batch_size].T, YT[k:k + batch_size].T
        n = x.shape[1]
        z1 = weights[0] @ x + biases[0]
        a1 = sigmoid(z1)
        z2 = weights[1] @ a1 + biases[1]
        a2 = sigmoid(z2)
        d2 = (a2 - y) * sigmoid_prime(z2)
        d1 = (weights[1].T @ d2) * (a1 * (1 - a1))  # σ'(z1) from a1, as nnlib does
        weights[1] -= eta / n * (d2 @ a1.T)
        biases[1] -= eta / n * d2.sum(axis=1, keepdims=True)
        weights[0] -= eta / n * (d1 @ x.T)
        biases[0] -= eta / n * d1.sum(axis=1, keepdims=True)


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


def median_time(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def run_case(sizes, batch_size, m, repeats, with_loop):
    rng = np.random.default_rng(0)
    X, Y = synthetic(sizes, m, rng)
    net = nnlib.Network(sizes, rng=np.random.default_rng(1))
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    eta = 0.5
    results = {}
    XT, YT = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    # Phase 1: nnlib and the floor, interleaved so that machine noise hits both alike.
    # Each call runs warm-up epochs first (BLAS threads, caches and fresh memory pages take
    # a couple of epochs to settle); nnlib's epochs are timed by its own callback.
    t_nnlib, t_floor, t_loop, t_ref = [], [], [], []
    for _ in range(repeats):
        stamps = []
        nnlib.sgd(net, X, Y, epochs=3, batch_size=batch_size, eta=eta, rng=rng,
                  callback=lambda epoch, history: stamps.append(time.perf_counter()))
        t_nnlib.append(stamps[2] - stamps[1])
        for _ in range(2):
            floor_epoch(weights, biases, XT, YT, batch_size, eta, rng)
        t_floor.append(median_time(lambda: floor_epoch(weights, biases, XT, YT, batch_size, eta, rng), 1))
    # Phase 2: the slow loops, which take seconds an epoch and need no warm-up.
    if with_loop:
        for _ in range(max(1, repeats // 2)):
            t_loop.append(median_time(lambda: per_example_epoch(weights, biases, X, Y, batch_size,
                                                                eta, rng), 1))
            t_ref.append(median_time(lambda: reference_epoch(weights, biases, X, Y, batch_size,
                                                             eta, rng), 1))
    results["nnlib"] = float(np.median(t_nnlib))
    results["floor"] = float(np.median(t_floor))
    if with_loop:
        results["per-example"] = float(np.median(t_loop))
        results["reference"] = float(np.median(t_ref))
    return results


def main():
    print(__doc__.split("\n\n")[0])
    cases = [([784, 30, 10], 10, 5000, 5), ([784, 100, 10], 128, 10000, 7)]
    for sizes, batch_size, m, repeats in cases:
        r = run_case(sizes, batch_size, m, repeats, with_loop=True)
        print(f"\n{sizes}, batch {batch_size}, {m} examples per epoch (median of {repeats} epochs):")
        for name, t in r.items():
            print(f"  {name:12s} {t * 1000:9.1f} ms/epoch")
        ratio_floor = r["nnlib"] / r["floor"]
        speedup_ref = r["reference"] / r["nnlib"]
        print(f"  nnlib / floor          = {ratio_floor:5.2f}x"
              + ("   (target <= 1.6x: " + ("OK" if ratio_floor <= 1.6 else "OVER") + ")"
                 if batch_size == 128 else ""))
        print(f"  reference / nnlib      = {speedup_ref:5.1f}x"
              + ("   (target >= 8x: " + ("OK" if speedup_ref >= 8 else "UNDER") + ")"
                 if batch_size == 10 else ""))
        print(f"  per-example / nnlib    = {r['per-example'] / r['nnlib']:5.1f}x"
              f"   (floor: {r['per-example'] / r['floor']:.1f}x)")


if __name__ == "__main__":
    main()
