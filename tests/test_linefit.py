"""nnlib.linefit against independent oracles: central differences for the derivatives,
numpy's own least-squares solver for where descent must end up."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

import nnlib
from nnlib import linefit
from nnlib.data import line_points

H = 1e-6  # central differences: truncation ≈ 0 (the cost is quadratic), round-off ≈ 1e-10


def central_gradient(f, p, h=H):
    """(f(p + h e_i) − f(p − h e_i)) / 2h for every i, written out here from scratch."""
    p = np.asarray(p, dtype=float)
    grad = np.zeros_like(p)
    for i in range(p.size):
        e = np.zeros_like(p)
        e[i] = h
        grad[i] = (f(p + e) - f(p - e)) / (2 * h)
    return grad


def data(seed, n=30):
    rng = np.random.default_rng(seed)
    return line_points(rng, n, slope=float(rng.uniform(-3, 3)),
                       intercept=float(rng.uniform(-2, 2)), noise=0.4)


def lstsq_oracle(x, y):
    """The least-squares line from numpy's solver on the design matrix [x, 1]."""
    A = np.column_stack([x, np.ones_like(x)])
    return np.linalg.lstsq(A, y, rcond=None)[0]


@pytest.mark.parametrize("seed", range(8))
def test_cost_matches_its_definition_and_the_grid_version(seed):
    x, y = data(seed)
    rng = np.random.default_rng(100 + seed)
    p = rng.normal(0, 3, size=2)
    by_hand = sum(0.5 * (p[0] * xi + p[1] - yi) ** 2 for xi, yi in zip(x, y)) / len(x)
    assert_allclose(linefit.cost(p, x, y), by_hand, rtol=1e-12)
    M, Cs = np.meshgrid(rng.normal(0, 3, 4), rng.normal(0, 3, 5))
    grid = linefit.cost_grid(M, Cs, x, y)
    assert grid.shape == (5, 4)
    loop = np.array([[linefit.cost([m, c], x, y) for m, c in zip(mr, cr)]
                     for mr, cr in zip(M, Cs)])
    assert_allclose(grid, loop, rtol=1e-12)
    assert_allclose(linefit.predict(p, x), p[0] * x + p[1])


@pytest.mark.parametrize("seed", range(12))
def test_gradient_agrees_with_central_differences(seed):
    x, y = data(seed)
    p = np.random.default_rng(200 + seed).normal(0, 3, size=2)
    analytic = linefit.gradient(p, x, y)
    numeric = central_gradient(lambda q: linefit.cost(q, x, y), p)
    assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8,
                    err_msg=f"analytic {analytic} vs central differences {numeric} at p = {p}")


@pytest.mark.parametrize("seed", range(6))
def test_hessian_agrees_with_central_differences_of_the_gradient(seed):
    x, y = data(seed)
    p = np.random.default_rng(300 + seed).normal(0, 3, size=2)
    numeric = np.array([central_gradient(lambda q: linefit.gradient(q, x, y)[i], p)
                        for i in range(2)])
    assert_allclose(linefit.hessian(x), numeric, rtol=1e-6, atol=1e-8)


def test_the_checker_catches_a_wrong_gradient(monkeypatch):
    right = linefit.gradient
    # e.g. the ½ forgotten: the check above must fail
    monkeypatch.setattr(linefit, "gradient", lambda p, x, y: 2 * right(p, x, y))
    with pytest.raises(AssertionError, match="vs central differences"):
        test_gradient_agrees_with_central_differences(0)


@pytest.mark.parametrize("seed", range(8))
def test_least_squares_matches_numpy_and_zeroes_the_gradient(seed):
    x, y = data(seed)
    best = linefit.least_squares(x, y)
    assert_allclose(best, lstsq_oracle(x, y), rtol=1e-10, atol=1e-12)
    assert_allclose(linefit.gradient(best, x, y), [0, 0], atol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_gradient_descent_converges_to_the_least_squares_line(seed):
    x, y = data(seed)
    eta = 1.0 / np.linalg.eigvalsh(linefit.hessian(x))[-1]  # safely below 2 / λ_max
    traj = nnlib.gradient_descent(lambda p: linefit.gradient(p, x, y), [0.0, 0.0],
                                  eta=eta, steps=3000, cost=lambda p: linefit.cost(p, x, y))
    assert not traj.diverged
    assert_allclose(traj.w[-1], lstsq_oracle(x, y), rtol=1e-7, atol=1e-8)
    assert np.all(np.diff(traj.cost) <= 1e-15)  # below 1/λ_max the cost never rises


def test_gradient_descent_diverges_just_above_two_over_lambda_max():
    x, y = data(1)
    limit = 2.0 / np.linalg.eigvalsh(linefit.hessian(x))[-1]
    runs = {f: nnlib.gradient_descent(lambda p: linefit.gradient(p, x, y), [0.0, 0.0],
                                      eta=f * limit, steps=20000,
                                      cost=lambda p: linefit.cost(p, x, y))
            for f in (0.98, 1.02)}
    assert not runs[0.98].diverged and runs[1.02].diverged
    assert_allclose(runs[0.98].w[-1], lstsq_oracle(x, y), rtol=1e-6)


@pytest.mark.parametrize("batch_size", [1, 7, 30])
def test_minibatch_descent_gets_close_to_least_squares(batch_size):
    x, y = data(3)
    traj = linefit.minibatch_descent(linefit.gradient, [0.0, 0.0], x, y, eta=0.02,
                                     batch_size=batch_size, epochs=400,
                                     rng=np.random.default_rng(0), cost=linefit.cost)
    steps_per_epoch = -(-len(x) // batch_size)
    assert traj.w.shape == (400 * steps_per_epoch + 1, 2) and len(traj.cost) == len(traj.w)
    best = lstsq_oracle(x, y)
    assert_allclose(traj.w[-1], best, atol=0.15)  # noisy steps hover near the minimum
    assert traj.cost[-1] < 1.1 * linefit.cost(best, x, y) < traj.cost[0] / 10


def test_minibatch_descent_replays_a_fresh_shuffle_every_epoch():
    # the replay: a new permutation of the points each epoch, one step per slice
    # of 5, the gradient of ½·mean(r²) with r = w·x + b − y written out here
    x, y = line_points(np.random.default_rng(3), 23, slope=-1.2, intercept=0.5,
                       noise=0.3)
    traj = linefit.minibatch_descent(linefit.gradient, [0.0, 0.0], x, y, eta=0.05,
                                     batch_size=5, epochs=3, rng=np.random.default_rng(8))
    replay, p, path = np.random.default_rng(8), np.zeros(2), [np.zeros(2)]
    for _ in range(3):
        order = replay.permutation(len(x))
        for k in range(0, len(x), 5):
            batch = order[k:k + 5]
            r = p[0] * x[batch] + p[1] - y[batch]
            p = p - 0.05 * np.array([np.mean(r * x[batch]), np.mean(r)])
            path.append(p)
    assert_allclose(traj.w, np.array(path), rtol=1e-13, atol=1e-15)


def test_full_batch_is_exactly_plain_gradient_descent():
    x, y = data(4)
    rng = np.random.default_rng(5)
    batch = linefit.minibatch_descent(linefit.gradient, [1.0, -1.0], x, y, eta=0.05,
                                      batch_size=len(x), epochs=50, rng=rng,
                                      cost=linefit.cost)
    plain = nnlib.gradient_descent(lambda p: linefit.gradient(p, x, y), [1.0, -1.0],
                                   eta=0.05, steps=50, cost=lambda p: linefit.cost(p, x, y))
    assert np.array_equal(batch.w, plain.w) and np.array_equal(batch.cost, plain.cost)
    assert rng.integers(1 << 30) == np.random.default_rng(5).integers(1 << 30)  # rng untouched


def test_minibatch_descent_is_deterministic_for_a_seeded_generator():
    x, y = data(6)
    runs = [linefit.minibatch_descent(linefit.gradient, [0.0, 0.0], x, y, eta=0.05,
                                      batch_size=4, epochs=5, rng=np.random.default_rng(9))
            for _ in range(2)]
    assert np.array_equal(runs[0].w, runs[1].w) and runs[0].cost is None
    other = linefit.minibatch_descent(linefit.gradient, [0.0, 0.0], x, y, eta=0.05,
                                      batch_size=4, epochs=5, rng=np.random.default_rng(10))
    assert not np.array_equal(runs[0].w, other.w)


def test_minibatch_descent_reports_divergence_and_keeps_finite_points():
    x, y = data(2)
    traj = linefit.minibatch_descent(linefit.gradient, [0.0, 0.0], x, y, eta=5.0,
                                     batch_size=3, epochs=1000, rng=np.random.default_rng(0),
                                     cost=linefit.cost)
    assert traj.diverged and np.all(np.isfinite(traj.w)) and np.all(np.isfinite(traj.cost))
    assert len(traj.w) == len(traj.cost) < 1000 * 10 + 1


@pytest.mark.parametrize("call, message", [
    (lambda: linefit.cost([1.0, 2.0], [1, 2, 3], [1, 2]), "one entry per point"),
    (lambda: linefit.cost([1.0, 2.0], [[1, 2]], [[1, 2]]), "1-D"),
    (lambda: linefit.cost([1.0, 2.0], [], []), "empty"),
    (lambda: linefit.cost([1.0, 2.0], [1, np.nan], [1, 2]), "finite"),
    (lambda: linefit.cost([1.0, 2.0], ["a", "b"], [1, 2]), "numbers"),
    (lambda: linefit.gradient([1.0, 2.0, 3.0], [1, 2], [1, 2]), r"\[w, b\]"),
    (lambda: linefit.gradient([np.inf, 2.0], [1, 2], [1, 2]), "finite"),
    (lambda: linefit.least_squares([2, 2, 2], [1, 2, 3]),
     r"two different x values; all 3 points have x = 2\.0,"),
    (lambda: linefit.minibatch_descent(linefit.gradient, [0, 0], [1, 2], [1, 2], eta=0,
                                       batch_size=1, epochs=1, rng=np.random.default_rng()),
     "eta must be a positive"),
    (lambda: linefit.minibatch_descent(linefit.gradient, [0, 0], [1, 2], [1, 2], eta=0.1,
                                       batch_size=0, epochs=1, rng=np.random.default_rng()),
     "batch_size"),
    (lambda: linefit.minibatch_descent(linefit.gradient, [0, 0], [1, 2], [1, 2], eta=0.1,
                                       batch_size=1, epochs=1.5, rng=np.random.default_rng()),
     "epochs"),
    (lambda: linefit.minibatch_descent(linefit.gradient, [0, 0], [1, 2], [1, 2], eta=0.1,
                                       batch_size=1, epochs=1, rng=0), "Generator"),
    (lambda: linefit.minibatch_descent(linefit.gradient, [np.nan, 0], [1, 2], [1, 2], eta=0.1,
                                       batch_size=1, epochs=1, rng=np.random.default_rng()),
     "p0"),
])
def test_bad_input_is_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
