"""Gradient descent, one step, and mini-batch SGD."""

import threading

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import nnlib
from nnlib.data import load_digits, train_test_split, xor
from reference_backprop import per_example_backprop, per_example_cost


def test_gradient_descent_on_a_parabola_matches_the_closed_form():
    # C(w) = (w - 3)², so w_k - 3 = (1 - 2η)^k (w_0 - 3)
    traj = nnlib.gradient_descent(lambda w: 2 * (w - 3), 0.0, eta=0.1, steps=20,
                                  cost=lambda w: float((w[0] - 3) ** 2))
    k = np.arange(21)
    assert traj.w.shape == (21, 1) and traj.cost.shape == (21,)
    assert_allclose(traj.w[:, 0], 3 + 0.8 ** k * (0 - 3), rtol=1e-12)
    assert not traj.diverged


def test_one_step_takes_a_number_or_a_list_as_well_as_an_array():
    # chapter 1 shows descent_step; a learner tries it on the one weight of its example
    step = nnlib.train.descent_step(lambda w: 2 * (w - 3), 1.0, eta=0.1)
    assert step == pytest.approx(1.4) and np.ndim(step) == 0
    assert_allclose(nnlib.train.descent_step(lambda w: 2 * (w - 3), [1.0, 2.0], eta=0.1),
                    [1.4, 2.2], rtol=1e-15)


def test_gradient_descent_reports_divergence_and_keeps_only_finite_points():
    traj = nnlib.gradient_descent(lambda w: 2 * w, [1.0], eta=1.5, steps=5000)
    assert traj.diverged
    assert np.all(np.isfinite(traj.w))
    assert 1 < len(traj.w) < 5001
    assert_allclose(traj.w[:4, 0], [1, -2, 4, -8])


def test_a_cost_is_never_asked_of_parameters_that_overflowed():
    # linefit.cost refuses infinite parameters: the run reports divergence
    # instead of raising the cost's error
    from nnlib import linefit
    from nnlib.data import line_points
    x, y = line_points(np.random.default_rng(0))
    traj = linefit.minibatch_descent(linefit.gradient, [0.0, 0.0], x, y, eta=1e308,
                                     batch_size=40, epochs=3, rng=np.random.default_rng(0),
                                     cost=linefit.cost)
    assert traj.diverged and np.all(np.isfinite(traj.cost))


def test_gradient_descent_in_two_dimensions():
    traj = nnlib.gradient_descent(lambda w: np.array([2 * w[0], 8 * w[1]]), [1.0, 1.0], eta=0.1, steps=100)
    assert traj.w.shape == (101, 2)
    assert_allclose(traj.w[-1], [0, 0], atol=1e-8)


def test_sgd_learns_xor():
    X, Y = xor()
    net = nnlib.Network([2, 4, 1], rng=np.random.default_rng(1))
    history = nnlib.sgd(net, X, Y, epochs=4000, batch_size=4, eta=4.0, rng=np.random.default_rng(2))
    assert len(history.cost) == 4000
    assert history.cost[-1] < history.cost[0] / 10
    assert_allclose(np.round(net.feedforward(X)), Y)


def test_sgd_is_deterministic_for_a_seeded_generator():
    X, Y = xor()
    runs = []
    for _ in range(2):
        net = nnlib.Network([2, 3, 1], rng=np.random.default_rng(0))
        nnlib.sgd(net, X, Y, epochs=5, batch_size=2, eta=1.0, rng=np.random.default_rng(9))
        runs.append(net.weights[0].copy())
    assert np.array_equal(*runs)


def test_sgd_one_epoch_at_a_time_matches_one_call():
    # an epoch depends only on the weights it starts from and the generator's draws
    rng = np.random.default_rng(5)
    X, Y = rng.uniform(0, 1, size=(6, 23)), rng.uniform(0, 1, size=(2, 23))
    nets = [nnlib.Network([6, 4, 2], rng=np.random.default_rng(0)) for _ in range(2)]
    costs = nnlib.sgd(nets[0], X, Y, epochs=3, batch_size=5, eta=2.0,
                      rng=np.random.default_rng(8)).cost
    one_at_a_time = np.random.default_rng(8)
    for epoch in range(3):
        history = nnlib.sgd(nets[1], X, Y, epochs=1, batch_size=5, eta=2.0,
                            rng=one_at_a_time)
        assert history.cost == [costs[epoch]]
    for p, q in zip(nets[0].weights + nets[0].biases, nets[1].weights + nets[1].biases):
        assert_array_equal(p, q)


@pytest.mark.parametrize("m", [23, 21])
@pytest.mark.parametrize("layout", "CF")
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_sgd_steps_down_the_reference_gradient_of_each_shuffled_mini_batch(cost, layout, m):
    # An epoch of m examples in mini-batches of 5 (the last of 3, or of 1), replayed with the
    # per-example oracle of tests/reference_backprop.py: the same permutation from the
    # same seed, a step of -η times the mean gradient per mini-batch.  sgd gathers each
    # mini-batch into arrays it reuses, so the short last one and the order of the
    # batches are where a mistake would show.
    rng = np.random.default_rng(3)
    X, Y = rng.uniform(0, 1, size=(6, m)), rng.uniform(0, 1, size=(2, m))
    if cost == "cross_entropy":                 # softmax outputs: one-hot targets
        Y = np.eye(2)[:, rng.integers(0, 2, size=m)]
    net = nnlib.Network([6, 4, 2], cost=cost, rng=np.random.default_rng(0))
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    history = nnlib.sgd(net, np.asarray(X, order=layout), np.asarray(Y, order=layout),
                        epochs=2, batch_size=5, eta=2.0, rng=np.random.default_rng(8))
    replay, costs = np.random.default_rng(8), []
    for _ in range(2):
        order, batch_costs = replay.permutation(m), []
        for k in range(0, m, 5):
            batch = order[k:k + 5]
            x, y = X[:, batch], Y[:, batch]
            batch_costs.append(per_example_cost(weights, biases, x, y, cost=cost))
            nabla_b, nabla_w = per_example_backprop(weights, biases, x, y, cost=cost)
            for i in range(2):
                weights[i] -= 2.0 * nabla_w[i]
                biases[i] -= 2.0 * nabla_b[i]
        costs.append(np.mean(batch_costs))
    assert_allclose(history.cost, costs, rtol=1e-12)
    for got, ref in zip(net.weights + net.biases, weights + biases):
        assert_allclose(got, ref, rtol=1e-11, atol=1e-14)


@pytest.mark.parametrize("m", [1030, 1024, 32768, 32771])
def test_sgd_trains_alike_whatever_the_memory_layout_of_x(m):
    # sgd copies the examples into rows (minibatches._examples_as_rows: 8 rows at a time when
    # rows lie a multiple of 4096 bytes apart, as with 1024 columns; in two threads from
    # 4 MB on, as with 32768) unless X is already stored that way: every way must give
    # the same weights (20 rows = 8 + 8 + 4).
    rng = np.random.default_rng(5)
    X, Y = rng.uniform(0, 1, size=(20, m)), rng.uniform(0, 1, size=(2, m))
    runs = []
    for layout in "CF":
        net = nnlib.Network([20, 4, 2], rng=np.random.default_rng(0))
        nnlib.sgd(net, np.asarray(X, order=layout), np.asarray(Y, order=layout), epochs=2,
                  batch_size=64, eta=2.0, rng=np.random.default_rng(8))
        runs.append(net.weights + net.biases)
    for p, q in zip(*runs):
        assert_array_equal(p, q)


def test_sgd_trains_a_network_through_its_own_backward_pass():
    # Chapter 4's exercise 4 promises that sgd trains a class with a backward pass of
    # its own through that pass, asking for the gradients times η through scale.
    class Doubled(nnlib.Network):
        def backward(self, zs, activations, Y, *, scale=1.0, out=None):
            nabla_b, nabla_w = super().backward(zs, activations, Y, scale=scale)
            return [2 * g for g in nabla_b], [2 * g for g in nabla_w]

    rng = np.random.default_rng(4)
    X, Y = rng.uniform(0, 1, size=(5, 40)), rng.uniform(0, 1, size=(2, 40))
    doubled = Doubled([5, 4, 2], rng=1)
    plain = nnlib.Network([5, 4, 2], rng=1)
    nnlib.sgd(doubled, X, Y, epochs=2, batch_size=8, eta=0.5, rng=np.random.default_rng(6))
    nnlib.sgd(plain, X, Y, epochs=2, batch_size=8, eta=1.0, rng=np.random.default_rng(6))
    for got, ref in zip(doubled.weights + doubled.biases, plain.weights + plain.biases):
        assert_allclose(got, ref, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("shape", [(20, 32768), (21, 30001), (3, 5), (16, 512)])
@pytest.mark.parametrize("threads", ["available", "unavailable"])
def test_examples_as_rows_is_the_transpose_in_c_order(shape, threads, monkeypatch):
    # the two large shapes are copied in two threads (on any machine: two cores are
    # pretended), unless threads cannot start
    monkeypatch.setattr(nnlib.minibatches, "_cores", lambda: 2)
    if threads == "unavailable":
        def no_thread(*args, **kwargs):
            raise RuntimeError("can't start new thread")
        monkeypatch.setattr(nnlib.minibatches.ThreadPoolExecutor, "submit", no_thread)
    A = np.random.default_rng(4).normal(size=shape)
    rows = nnlib.minibatches._examples_as_rows(A)
    assert rows.flags.c_contiguous
    assert_array_equal(rows, A.T)


def test_examples_as_rows_raises_what_its_helper_thread_raised(monkeypatch):
    copy = nnlib.minibatches._transpose_into

    def fails_in_a_helper(rows, A):
        if threading.current_thread() is not threading.main_thread():
            raise MemoryError("the helper's copy failed")
        copy(rows, A)

    monkeypatch.setattr(nnlib.minibatches, "_transpose_into", fails_in_a_helper)
    monkeypatch.setattr(nnlib.minibatches, "_cores", lambda: 2)
    with pytest.raises(MemoryError, match="helper"):
        nnlib.minibatches._examples_as_rows(np.zeros((20, 32768)))


def test_sgd_history_with_evaluation_data_and_callback():
    X, Y, labels = load_digits()
    X_train, Y_train, X_test, Y_test = train_test_split(X, Y, test_fraction=0.25,
                                                        rng=np.random.default_rng(0))
    net = nnlib.Network([64, 30, 10], cost="cross_entropy", rng=np.random.default_rng(1))
    seen, measured = [], []

    def callback(epoch, h):
        # the evaluation data's cost and accuracy, measured here independently
        seen.append(epoch)
        measured.append((net.cost(X_test, Y_test), net.accuracy(X_test, Y_test)))
        # and the history already holds this epoch when the callback sees it
        assert len(h.cost) == len(h.eval_cost) == len(h.eval_accuracy) == epoch + 1
        assert h.eval_cost[-1] == pytest.approx(measured[-1][0], rel=1e-12)
        assert h.eval_accuracy[-1] == measured[-1][1]
    history = nnlib.sgd(net, X_train, Y_train, epochs=10, batch_size=10, eta=0.5,
                        rng=np.random.default_rng(2), eval_data=(X_test, Y_test),
                        callback=callback)
    assert seen == list(range(10))
    np.testing.assert_allclose(history.eval_cost, [c for c, _ in measured], rtol=1e-12)
    assert history.eval_accuracy == [a for _, a in measured]
    assert len(history.eval_accuracy) == len(history.eval_cost) == len(history.cost) == 10
    assert history.eval_accuracy[-1] > 0.9
    assert history.cost[-1] < history.cost[0]


def test_sgd_records_no_accuracy_for_a_regression():
    """A single output with targets other than 0 and 1 has a cost but no accuracy
    (asking for one raised after the first epoch had already moved the weights)."""
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, size=(1, 40))
    Y = 0.3 * X + 0.1
    net = nnlib.Network([1, 4, 1], rng=np.random.default_rng(1))
    history = nnlib.sgd(net, X, Y, epochs=3, batch_size=10, eta=0.5,
                        rng=np.random.default_rng(2), eval_data=(X, Y))
    np.testing.assert_allclose(history.eval_cost[-1], net.cost(X, Y), rtol=1e-12)
    assert len(history.eval_cost) == 3 and history.eval_accuracy == []
    # targets 0 and 1 are classes: then the accuracy is recorded
    labels = (X > 0.5).astype(float)
    after = []
    history = nnlib.sgd(net, X, labels, epochs=2, batch_size=10, eta=0.5,
                        rng=np.random.default_rng(2), eval_data=(X, labels),
                        callback=lambda epoch, h: after.append(net.accuracy(X, labels)))
    assert history.eval_accuracy == after and len(after) == 2


def test_sgd_records_no_accuracy_for_a_regression_with_several_outputs():
    # argmax named a "class" for any columns: a regression's targets got an
    # accuracy of 0.8, which meant nothing
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 30))
    Y = rng.uniform(size=(2, 30))
    net = nnlib.Network([2, 3, 2], rng=np.random.default_rng(1))
    history = nnlib.sgd(net, X, Y, epochs=2, batch_size=10, eta=0.5,
                        rng=np.random.default_rng(2), eval_data=(X, Y))
    assert len(history.eval_cost) == 2 and history.eval_accuracy == []
    with pytest.raises(ValueError, match=r"must be one-hot.*column 0 is \["):
        net.accuracy(X, Y)
    one_hot = np.eye(2)[:, (X[0] > 0).astype(int)]
    history = nnlib.sgd(net, X, one_hot, epochs=2, batch_size=10, eta=0.5,
                        rng=np.random.default_rng(2), eval_data=(X, one_hot))
    assert history.eval_accuracy[-1] == net.accuracy(X, one_hot)


def test_sgd_stops_on_divergence_naming_eta_and_keeps_finite_weights():
    X = np.random.default_rng(0).normal(size=(3, 20))
    Y = np.random.default_rng(1).normal(size=(1, 20))
    net = nnlib.Network([3, 8, 1], activation="identity", rng=np.random.default_rng(2))
    with pytest.raises(nnlib.TrainingDiverged, match=r"eta=1e\+06.*smaller eta"):
        nnlib.sgd(net, X, Y, epochs=50, batch_size=5, eta=1e6, rng=np.random.default_rng(3))
    assert all(np.all(np.isfinite(w)) for w in net.weights + net.biases)


@pytest.mark.parametrize("eta, epochs_done", [(1e6, 0), (1.0, 1)])
def test_sgd_divergence_puts_back_the_weights_the_epoch_started_with(eta, epochs_done):
    X = np.random.default_rng(0).normal(size=(3, 20))
    Y = np.random.default_rng(1).normal(size=(1, 20))
    net = nnlib.Network([3, 8, 1], activation="identity", rng=np.random.default_rng(2))
    arrays = net.weights + net.biases
    saved = [[p.copy() for p in arrays]]  # at the start of each epoch
    record = lambda epoch, history: saved.append([p.copy() for p in arrays])  # noqa: E731
    with pytest.raises(nnlib.TrainingDiverged) as diverged:
        nnlib.sgd(net, X, Y, epochs=50, batch_size=5, eta=eta, rng=np.random.default_rng(3),
                  callback=record)
    assert len(saved) == epochs_done + 1
    # the history of the epochs that finished goes with the error
    assert len(diverged.value.history.cost) == epochs_done
    with pytest.raises(nnlib.TrainingDiverged) as diverged:
        nnlib.step(net, X, Y, 1e308)
    assert diverged.value.history is None
    for p, q, last in zip(net.weights + net.biases, arrays, saved[-1]):
        assert p is q  # restored in place, like every update
        assert_array_equal(p, last)


def test_sgd_catches_infinite_weights_behind_a_finite_cost():
    # One step with a huge eta overflows the hidden layer's change to ±∞.  The sigmoid
    # saturates (σ(±∞) is 0 or 1), so the cost after that step is still finite: only a
    # look at the weights themselves can tell.
    net = nnlib.Network([2, 2, 1], rng=np.random.default_rng(0))
    net.weights = [np.zeros((2, 2)), np.array([[60.0, -60.0]])]
    X, Y = np.ones((2, 2)), np.zeros((1, 2))
    step_net = net.copy()
    with np.errstate(over="ignore", invalid="ignore"):
        nnlib.train._apply(step_net, *nnlib.train._changes(step_net, X[:, :1], Y[:, :1], 1e308)[1:])
        assert not np.all(np.isfinite(step_net.weights[0]))
        # (net.cost would refuse the infinite weight: the cost as sgd sees it)
        assert np.isfinite(step_net.cost_function.fn(step_net.forward(X)[1][-1], Y))
    with pytest.raises(nnlib.TrainingDiverged, match="eta=1e"):
        nnlib.sgd(net, X, Y, epochs=1, batch_size=1, eta=1e308, rng=np.random.default_rng(1))
    assert_array_equal(net.weights[0], np.zeros((2, 2)))
    assert_array_equal(net.weights[1], [[60.0, -60.0]])


def test_step_returns_cost_before_the_step_and_moves_downhill():
    X, Y = xor()
    net = nnlib.Network([2, 3, 1], rng=np.random.default_rng(4))
    before = net.cost(X, Y)
    assert nnlib.step(net, X, Y, 0.5) == pytest.approx(before)
    assert net.cost(X, Y) < before


def test_gradient_descent_accepts_a_cost_returning_a_one_element_array():
    traj = nnlib.gradient_descent(lambda w: 2 * w, [1.0], eta=0.25, steps=3, cost=lambda w: w ** 2)
    assert_allclose(traj.cost, [1.0, 0.25, 0.0625, 0.015625])


def test_gradient_descent_rejects_a_cost_returning_several_numbers():
    with pytest.raises(ValueError, match=r"cost must return one number.*shape \(2,\)"):
        nnlib.gradient_descent(lambda w: w, [1.0, 2.0], eta=0.1, steps=1, cost=lambda w: w)


def test_gradient_descent_names_grad_when_it_returns_the_wrong_size():
    # it used to say only "cannot reshape array of size 3 into shape (2,)"
    with pytest.raises(ValueError, match=r"grad must return the gradient at w, 2 number\(s\) like "
                                         r"w itself; it returned an array of shape \(3,\)"):
        nnlib.gradient_descent(lambda w: np.ones(3), np.zeros(2), eta=0.1, steps=1)
    column = nnlib.gradient_descent(lambda w: np.ones((2, 1)), np.zeros(2), eta=0.1, steps=1)
    assert_allclose(column.w[-1], [-0.1, -0.1])


@pytest.mark.parametrize("eval_data, received", [
    ("triple", r"a tuple of length 3"), ("X only", r"ndarray"), (None, None)])
def test_sgd_wants_eval_data_as_a_pair(eval_data, received):
    # (X, Y, Z) used to fail with "_check_batch() takes 3 positional arguments"
    X, Y = xor()
    eval_data = {"triple": (X, Y, Y), "X only": X, None: [X, Y]}[eval_data]
    net = nnlib.Network([2, 3, 1], rng=np.random.default_rng(0))
    args = dict(epochs=1, batch_size=2, eta=0.5, rng=np.random.default_rng(1))
    if received is None:   # a list is a pair too
        assert len(nnlib.sgd(net, X, Y, eval_data=eval_data, **args).eval_cost) == 1
        return
    with pytest.raises(ValueError, match=rf"eval_data must be a pair \(X_eval, Y_eval\); "
                                         rf"received {received}"):
        nnlib.sgd(net, X, Y, eval_data=eval_data, **args)


def test_step_that_would_diverge_raises_and_leaves_the_network_untouched():
    # Output weights this large saturate the hidden layer's σ': a huge η then
    # makes the change of the weights infinite.
    net = nnlib.Network([2, 2, 1], rng=np.random.default_rng(0))
    net.weights[1] = np.array([[60.0, -60.0]])
    X, Y = np.array([[0.1, 0.9], [0.8, 0.3]]), np.array([[1.0, 0.0]])
    before = [p.copy() for p in net.weights + net.biases]
    with pytest.raises(nnlib.TrainingDiverged, match="eta=1e"):
        nnlib.step(net, X, Y, 1e308)
    for p, q in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, q)


def test_gradient_descent_asks_grad_once_a_step():
    points = []
    nnlib.gradient_descent(lambda w: points.append(w.copy()) or 2 * w, 1.0, eta=0.25,
                           steps=3)
    assert_allclose(np.concatenate(points), [1.0, 0.5, 0.25], rtol=0)
