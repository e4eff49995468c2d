"""How fast is one call of ``nnlib.sgd``, next to the floors below it and to PyTorch?

Each case times whole calls of ``nnlib.sgd`` on synthetic data, input checks, shuffling
and history included, with ``X`` made as numpy makes an array (row by row, so that sgd
copies it into rows of examples) and, as ``nnlib rows.T``, with ``X`` stored example by
example (the transpose of a C-ordered array of rows, as ``nnlib.data.load_digits`` gives
it), beside these contenders doing the same epochs:

* ``gemm``       – the floor of the work: only the matrix products of the same forward
                   and backward passes (``w @ a`` and ``δ @ aᵀ`` for every layer, ``wᵀ @ δ``
                   for every layer but the first, which backpropagation never needs) on
                   mini-batches that need no gathering, and nothing elementwise;
* ``terse``      – the whole algorithm written tersely inline: the same shuffle, σ, δ and
                   update as nnlib, with the examples already stored as rows, and no checks,
                   no calls per layer, no cost, no history;
* ``per-example``– the textbook loop: for every example of a mini-batch, a forward and
                   backward pass on one column, gradients summed;
* ``reference``  – the per-example reference implementation kept in ``tests/`` (the oracle
                   of ``tests/test_network.py``; it also applies σ neuron by neuron);
                   these two loops are epochs with no work of their own per call, so
                   they are compared with ``nnlib epoch``, the second epoch of a call of
                   two (which leaves out the call's input checks and copy of the data),
                   as well as with whole calls;
* ``gathers``, ``σ``, ``calls`` – at batch 128, three parts of nnlib's epoch alone: copying
                   the shuffled mini-batches' rows (``gather_epoch``), σ of every layer, and
                   the same ``sgd`` call on a network of two neurons a layer, whose arrays
                   are so small that its time is what calling numpy for each operation
                   costs.  Added to the products they bound from below what an epoch done
                   this way can cost, before any other elementwise work;
* ``pytorch``    – the same network in PyTorch on the CPU, in float64: ``nn.Sequential`` of
                   ``Linear`` and ``Sigmoid``, ``optim.SGD``, the same quadratic cost and the
                   same mini-batches, the examples as the rows of a tensor made beforehand;
* ``pytorch X``  – the same, given the same ``X`` as ``nnlib`` (one example per column,
                   stored row by row) and making its tensor of rows within the call,
                   as ``nnlib`` must.

PyTorch is not one of the book's dependencies.  To measure against it, install it beside
the book's requirements in a separate environment, and run this script from there:

    python3 -m venv ../torch-venv
    ../torch-venv/bin/pip install -r requirements.txt
    ../torch-venv/bin/pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
    ../torch-venv/bin/python benchmarks/bench_backprop.py

Without it, its column says "not measured".  Both libraries get the same number of
threads (numpy's BLAS's, which the script prints) and compute in float64.

This machine is shared, and its speed drifts by tens of percent over seconds.  So the
contenders take turns in rounds, each for about the same wall time (the slow loops on a
part of the examples, scaled up), after a short pause that lets the other library's idle
threads go to sleep; a ratio is the median over the rounds of the ratio within a round.
Targets (issue 16): one call of one epoch at batch 128 within 1.6× the gemm floor, and a
30-epoch call within 1.3×; nnlib at least as fast as PyTorch at both sizes; at batch 10,
nnlib at least 8× faster than the per-example reference.

Run:  .venv/bin/python benchmarks/bench_backprop.py [--threads N]
"""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import nnlib
from nnlib.activations import sigmoid, sigmoid_prime_from_a

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from reference_backprop import per_example_backprop  # noqa: E402

try:
    import torch
except ImportError:
    torch = None

PAUSE = 0.15  # seconds of rest before each contender (idle BLAS threads spin for a while)
ETA = 0.5


@dataclass
class Case:
    sizes: list
    batch_size: int
    m: int             # training examples
    epochs: int        # epochs per call
    rounds: int
    m_slow: int = 0    # examples for the slow loops (0: leave them out)
    parts: bool = False  # also time the parts of nnlib's epoch beside the products


CASES = [Case([784, 30, 10], 10, 4000, 1, 15, m_slow=400),
         Case([784, 100, 10], 128, 16384, 1, 9, m_slow=512, parts=True),
         Case([784, 100, 10], 128, 16384, 30, 3)]


def synthetic(sizes, m, rng):
    X = rng.uniform(0, 1, size=(sizes[0], m))
    Y = np.zeros((sizes[-1], m))
    Y[rng.integers(0, sizes[-1], size=m), np.arange(m)] = 1.0
    return X, Y


def gemm_epoch(weights, XT, batch_size):
    """Only the matrix products of one epoch, on buffers of the right shapes."""
    m = XT.shape[0]
    a = [np.ones((w.shape[0], batch_size)) for w in weights]   # a^2 .. a^L
    delta = [np.ones((w.shape[0], batch_size)) for w in weights]
    for k in range(0, m, batch_size):
        x = XT[k:k + batch_size].T                              # a^1, a slice: no gather
        inputs = [x] + a[:-1]
        for w, a_in in zip(weights, inputs):
            w @ a_in                                            # z^l = w^l a^{l-1}
        for i in range(len(weights) - 1, -1, -1):
            delta[i] @ inputs[i].T                              # ∂C/∂w^l = δ^l (a^{l-1})^T
            if i > 0:
                weights[i].T @ delta[i]                         # (w^l)^T δ^l, for δ^{l-1}


def terse_epoch(weights, biases, XT, YT, batch_size, eta, rng):
    """One epoch of the algorithm inline, gathering each shuffled mini-batch of rows and
    folding η/m into the small δ before the big products, as nnlib does; like nnlib, it
    gathers the rows and makes the changes of the weights in arrays it reuses."""
    m = XT.shape[0]
    order = rng.permutation(m)
    w1, w2 = weights
    b1, b2 = biases
    x_rows, y_rows = np.empty((batch_size, XT.shape[1])), np.empty((batch_size, YT.shape[1]))
    dw1, dw2 = np.empty_like(w1), np.empty_like(w2)
    for k in range(0, m, batch_size):
        batch = order[k:k + batch_size]
        x = np.take(XT, batch, axis=0, out=x_rows[:len(batch)], mode="clip").T
        y = np.take(YT, batch, axis=0, out=y_rows[:len(batch)], mode="clip").T
        a1 = sigmoid(w1 @ x + b1)
        a2 = sigmoid(w2 @ a1 + b2)
        d2 = (eta / x.shape[1]) * ((a2 - y) * (a2 * (1 - a2)))   # η/m · δ^L
        d1 = (w2.T @ d2) * (a1 * (1 - a1))                         # η/m · δ^{L-1}
        w2 -= np.matmul(d2, a1.T, out=dw2)
        b2 -= d2.sum(axis=1, keepdims=True)
        w1 -= np.matmul(d1, x.T, out=dw1)
        b1 -= d1.sum(axis=1, keepdims=True)


def gather_epoch(XT, YT, batch_size, rng):
    """Only the gathers of one epoch: each shuffled mini-batch's rows of ``X`` and ``Y``
    copied into arrays reused from batch to batch, as nnlib copies them."""
    m = XT.shape[0]
    order = rng.permutation(m)
    x_rows, y_rows = np.empty((batch_size, XT.shape[1])), np.empty((batch_size, YT.shape[1]))
    for k in range(0, m, batch_size):
        batch = order[k:k + batch_size]
        np.take(XT, batch, axis=0, out=x_rows[:len(batch)], mode="clip")
        np.take(YT, batch, axis=0, out=y_rows[:len(batch)], mode="clip")


def sigma_epoch(sizes, m, batch_size):
    """Only σ of one epoch: σ(z^l) for every layer of every mini-batch."""
    zs = [np.linspace(-4, 4, n * batch_size).reshape(n, batch_size) for n in sizes[1:]]
    for _ in range(0, m, batch_size):
        for z in zs:
            sigmoid(z)


def per_example_epoch(weights, biases, X, Y, batch_size, eta, rng):
    m = X.shape[1]
    order = rng.permutation(m)
    for k in range(0, m, batch_size):
        batch = order[k:k + batch_size]
        nabla_w = [np.zeros_like(w) for w in weights]
        nabla_b = [np.zeros_like(b) for b in biases]
        for j in batch:
            x, y = X[:, [j]], Y[:, [j]]
            activations, a = [x], x
            for w, b in zip(weights, biases):
                a = sigmoid(w @ a + b)
                activations.append(a)
            # σ'(z) from a = σ(z), as nnlib's backward pass takes it
            delta = (activations[-1] - y) * sigmoid_prime_from_a(activations[-1])
            for i in range(len(weights) - 1, -1, -1):
                nabla_b[i] += delta
                nabla_w[i] += delta @ activations[i].T
                if i > 0:
                    delta = ((weights[i].T @ delta)
                             * sigmoid_prime_from_a(activations[i]))
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


def torch_trainer(net, XT, YT, batch_size, eta):
    """One epoch of PyTorch training, as a function of a numpy Generator (for the order)."""
    layers = []
    for w, b in zip(net.weights, net.biases):
        linear = torch.nn.Linear(w.shape[1], w.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(w))
            linear.bias.copy_(torch.from_numpy(b.ravel()))
        layers += [linear, torch.nn.Sigmoid()]
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.SGD(model.parameters(), lr=eta)
    rows = torch.from_numpy(XT), torch.from_numpy(YT)

    def epoch(rng, rows=rows):
        """An epoch on ``rows = (X_rows, Y_rows)``, by default those made beforehand."""
        X_rows, Y_rows = rows
        order = torch.from_numpy(rng.permutation(X_rows.shape[0]))
        for k in range(0, X_rows.shape[0], batch_size):
            batch = order[k:k + batch_size]
            x, y = X_rows[batch], Y_rows[batch]
            cost = 0.5 * ((model(x) - y) ** 2).sum() / x.shape[0]   # mean of ½‖a − y‖²
            optimizer.zero_grad()
            cost.backward()
            optimizer.step()
    return epoch


def openblas_kernels():
    """The names of the kernels the loaded OpenBLAS libraries use."""
    return sorted({i.get("architecture", "?") for i in threadpool_info()
                   if i["internal_api"] == "openblas"})


def own_kernels():
    """The kernels OpenBLAS would choose on this processor if OPENBLAS_CORETYPE were
    not set: asked of a fresh Python, since OpenBLAS reads the variable once, as numpy
    loads it."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    probe = ("from threadpoolctl import threadpool_info; import numpy; "
             "print(', '.join(sorted({i.get('architecture', '?') for i in "
             "threadpool_info() if i['internal_api'] == 'openblas'})))")
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, timeout=60)
    return done.stdout.strip() or "?"


def blas_threads():
    return max((i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"),
               default=1)


def timed(fn):
    """``fn`` made to return the seconds it took, after a short pause."""
    def run():
        time.sleep(PAUSE)
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    return run


def run_case(case):
    """Seconds per call of ``case.epochs`` epochs on ``case.m`` examples, per contender:
    a dict of lists with one entry a round (the slow loops scaled up from ``m_slow``)."""
    rng = np.random.default_rng(0)
    X, Y = synthetic(case.sizes, case.m, rng)
    net = nnlib.Network(case.sizes, rng=np.random.default_rng(1))
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    XT, YT = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    bs, E = case.batch_size, case.epochs

    def repeat(epoch):
        return timed(lambda: [epoch() for _ in range(E)])

    def second_epoch():
        """nnlib's second epoch in a call of two: an epoch without the call's own work."""
        time.sleep(PAUSE)
        stamps = []
        nnlib.sgd(net, X, Y, epochs=2, batch_size=bs, eta=ETA, rng=rng,
                  callback=lambda epoch, history: stamps.append(time.perf_counter()))
        return stamps[1] - stamps[0]

    contenders = {
        "nnlib": timed(lambda: nnlib.sgd(net, X, Y, epochs=E, batch_size=bs, eta=ETA, rng=rng)),
        # the same examples stored example by example, as load_digits returns them
        "nnlib rows.T": timed(lambda: nnlib.sgd(net, XT.T, YT.T, epochs=E, batch_size=bs,
                                                eta=ETA, rng=rng)),
        "gemm": repeat(lambda: gemm_epoch(weights, XT, bs)),
        "terse": repeat(lambda: terse_epoch(weights, biases, XT, YT, bs, ETA, rng)),
    }
    scale = {}
    if case.m_slow:
        X_slow, Y_slow = X[:, :case.m_slow], Y[:, :case.m_slow]
        contenders["nnlib epoch"] = second_epoch
        contenders["per-example"] = repeat(
            lambda: per_example_epoch(weights, biases, X_slow, Y_slow, bs, ETA, rng))
        contenders["reference"] = repeat(
            lambda: reference_epoch(weights, biases, X_slow, Y_slow, bs, ETA, rng))
        scale["per-example"] = scale["reference"] = case.m / case.m_slow
    if case.parts:
        contenders["gathers"] = repeat(lambda: gather_epoch(XT, YT, bs, rng))
        contenders["σ"] = repeat(lambda: sigma_epoch(case.sizes, case.m, bs))
        # the same calls on a network of two neurons a layer: what calling numpy
        # once an operation costs, whatever the size of the arrays
        tiny = [2] * len(case.sizes)
        X_tiny, Y_tiny = synthetic(tiny, case.m, np.random.default_rng(2))
        net_tiny = nnlib.Network(tiny, rng=np.random.default_rng(3))
        contenders["calls"] = timed(lambda: nnlib.sgd(
            net_tiny, X_tiny, Y_tiny, epochs=E, batch_size=bs, eta=ETA, rng=rng))
    if torch is not None:
        torch_epoch = torch_trainer(net, XT, YT, bs, ETA)
        contenders["pytorch"] = repeat(lambda: torch_epoch(rng))

        def torch_from_x():
            """PyTorch given the same ``X`` as nnlib: it makes its rows within the call."""
            rows = (torch.from_numpy(X).T.contiguous(), torch.from_numpy(Y).T.contiguous())
            for _ in range(E):
                torch_epoch(rng, rows)
        contenders["pytorch X"] = timed(torch_from_x)
    if E == 1:  # warm up (first calls, caches, thread pools); a 30-epoch call warms itself
        for fn in contenders.values():
            fn()
    times = {name: [] for name in contenders}
    for _ in range(case.rounds):
        for name, fn in contenders.items():
            times[name].append(scale.get(name, 1.0) * fn())
    return times


def main():
    print(__doc__.split("\n\n")[0])
    if "--threads" in sys.argv:   # e.g. --threads 1: both libraries on one thread
        threadpool_limits(int(sys.argv[sys.argv.index("--threads") + 1]))
    threads = blas_threads()
    kernels = ", ".join(openblas_kernels()) or "?"
    print(f"numpy {np.__version__}, OpenBLAS kernel {kernels}, "
          f"{threads} BLAS thread(s); float64")
    if "OPENBLAS_CORETYPE" in os.environ:
        # a machine's environment may set it for every program (this project's did)
        print(f"  the kernel set by OPENBLAS_CORETYPE={os.environ['OPENBLAS_CORETYPE']}; "
              f"this processor's own would be {own_kernels()} (to measure that one: "
              f"env -u OPENBLAS_CORETYPE ...)")
    if torch is not None:
        torch.set_num_threads(threads)
        print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s)")
    else:
        print("torch: not importable, so PyTorch is not measured (see the docstring)")
    for case in CASES:
        times = run_case(case)

        def ratio(slow, fast):
            """Median over the rounds of the ratio measured within each round."""
            return float(np.median(np.array(times[slow]) / np.array(times[fast])))

        calls = f"calls of {case.epochs} epoch{'s' if case.epochs > 1 else ''}"
        print(f"\n{case.sizes}, batch {case.batch_size}, {case.m} examples, {calls}, "
              f"{case.rounds} rounds" + (f" (the loops timed on {case.m_slow} examples)"
                                         if case.m_slow else "") + ":")
        for name, t in times.items():
            print(f"  {name:12s} {np.median(t) * 1000:9.1f} ms per call (median)")
        target = {(128, 1): 1.6, (128, 30): 1.3}.get((case.batch_size, case.epochs))

        def against_floor(name, label):
            """``name``'s ratio to the gemm floor, its range over the rounds and,
            for the targets, the verdict: none where a round's floor took longer
            than the whole call (the floor is part of the call's work, so that
            round measured the machine's other load, not nnlib)."""
            rounds = np.array(times[name]) / np.array(times["gemm"])
            line = (f"  {label:<22} = {np.median(rounds):5.2f}x  (rounds "
                    f"{rounds.min():.2f} to {rounds.max():.2f})")
            busy = int(np.sum(rounds < 1))
            if target and busy:
                line += (f"   target <= {target}x: not judged: in {busy} of "
                         f"{len(rounds)} rounds the floor took longer than the whole "
                         "call (the machine was busy); run again")
            elif target:
                line += f"   target <= {target}x: " + (
                    "OK" if np.median(rounds) <= target else "OVER")
            return line

        print(against_floor("nnlib", "nnlib / gemm floor"))
        print(f"  nnlib / terse floor    = {ratio('nnlib', 'terse'):5.2f}x")
        print(against_floor("nnlib rows.T", "nnlib rows.T / gemm"))
        if "pytorch" in times:
            speed = ratio("pytorch", "nnlib")
            print(f"  pytorch / nnlib        = {speed:5.2f}x" + (
                "   target >= 1: " + ("OK" if speed >= 1 else "UNDER")
                if case.epochs == 1 else ""))
            print(f"  pytorch / nnlib rows.T = {ratio('pytorch', 'nnlib rows.T'):5.2f}x")
            print(f"  pytorch X / nnlib      = {ratio('pytorch X', 'nnlib'):5.2f}x"
                  "  (both copy X into rows within the call)")
            print(f"  pytorch / gemm floor   = {ratio('pytorch', 'gemm'):5.2f}x")
        else:
            print("  pytorch / nnlib        = not measured")
        if case.parts:
            print("  beside the products, as a share of them (nnlib does each of these):")
            shares = {name: ratio(name, "gemm") for name in ("gathers", "σ", "calls")}
            for name, what in [("gathers", "copying the shuffled mini-batches' rows"),
                               ("σ", "σ of every layer"),
                               ("calls", f"the same calls on a {[2] * len(case.sizes)} network")]:
                print(f"    {name:8s} {shares[name]:5.2f}   {what}")
            print(f"  products + these three = {1 + sum(shares.values()):5.2f}x the products, "
                  "before any other elementwise work")
        if case.m_slow:
            print(f"  reference / nnlib      = {ratio('reference', 'nnlib'):5.2f}x  (a call)")
            speedup = ratio("reference", "nnlib epoch")
            print(f"  reference / nnlib      = {speedup:5.2f}x  (an epoch)" + (
                "   target >= 8x: " + ("OK" if speedup >= 8 else "UNDER")
                if case.batch_size == 10 else ""))
            print(f"  per-example / nnlib    = {ratio('per-example', 'nnlib epoch'):5.2f}x"
                  "  (an epoch)")


if __name__ == "__main__":
    main()
