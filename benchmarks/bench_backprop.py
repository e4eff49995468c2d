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
    # Every repeat times one epoch of each contender, one after the other, so that machine
    # noise (this machine is shared) hits all of them alike.  nnlib and the floor first run
    # warm-up epochs (BLAS threads, caches and fresh memory pages take a couple of epochs to
    # settle); nnlib's epochs are timed by its own callback.  The slow loops take seconds
    # an epoch and need no warm-up.
    t_nnlib, t_floor, t_loop, t_ref = [], [], [], []
    for _ in range(repeats):
        stamps = []
        nnlib.sgd(net, X, Y, epochs=3, batch_size=batch_size, eta=eta, rng=rng,
                  callback=lambda epoch, history: stamps.append(time.perf_counter()))
        t_nnlib.append(stamps[2] - stamps[1])
        for _ in range(2):
            floor_epoch(weights, biases, XT, YT, batch_size, eta, rng)
        t_floor.append(median_time(lambda: floor_epoch(weights, biases, XT, YT, batch_size, eta, rng), 1))
        if with_loop:
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
