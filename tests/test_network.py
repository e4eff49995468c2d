"""Network.backprop against finite differences and against a per-example reference."""

import re

import numpy as np
import pytest
from numpy.testing import assert_allclose

import nnlib
from conftest import random_case
from reference_backprop import per_example_backprop, per_example_cost

SEEDS = list(range(64))  # 4 activations x 2 costs x 8 random architectures


@pytest.mark.parametrize("seed", SEEDS)
def test_backprop_matches_finite_differences(seed):
    net, X, Y = random_case(seed)
    # the four-point difference is accurate enough to resolve the small gradients of deep
    # sigmoid layers; ReLU gets a tiny h so that no nudge crosses its kink at z = 0
    h = 1e-6 if net.activation.name == "relu" else 1e-4
    report = nnlib.check_network_gradients(net, X, Y, h=h, points=4)
    assert all(np.any(g) for g in net.backprop(X, Y)[1])   # see random_case
    worst = max(max(r["weights"], r["biases"]) for r in report)
    assert worst < 1e-7, f"{net} with m={X.shape[1]}: relative errors per layer {report}"


@pytest.mark.parametrize("seed", SEEDS)
def test_backprop_equals_per_example_reference(seed):
    net, X, Y = random_case(seed)
    name, cost = net.activation.name, net.cost_function.name
    nabla_b, nabla_w = net.backprop(X, Y)
    ref_b, ref_w = per_example_backprop(net.weights, net.biases, X, Y, name, cost)
    assert all(np.any(g) for g in nabla_w)   # zeros against zeros would prove nothing
    for i in range(len(net.weights)):
        assert_allclose(nabla_w[i], ref_w[i], rtol=1e-10, atol=1e-14, err_msg=f"nabla_w[{i}]")
        assert_allclose(nabla_b[i], ref_b[i], rtol=1e-10, atol=1e-14, err_msg=f"nabla_b[{i}]")
    assert net.cost(X, Y) == pytest.approx(per_example_cost(net.weights, net.biases, X, Y, name, cost),
                                          rel=1e-12)


def test_gradient_checker_catches_a_wrong_backprop():
    # plant a classic slip: σ(z) used where σ'(z) belongs, when passing δ back a layer
    wrong_sigmoid = nnlib.activations.Activation("sigmoid", nnlib.sigmoid, nnlib.sigmoid)
    net = nnlib.Network([3, 4, 2], activation=wrong_sigmoid, rng=np.random.default_rng(1))
    X = np.random.default_rng(2).normal(size=(3, 5))
    Y = np.random.default_rng(3).uniform(size=(2, 5))
    report = nnlib.check_network_gradients(net, X, Y)
    assert report[0]["weights"] > 1e-2, report


def test_shapes_follow_the_book():
    net = nnlib.Network([4, 3, 2], rng=np.random.default_rng(0))
    assert [w.shape for w in net.weights] == [(3, 4), (2, 3)]
    assert [b.shape for b in net.biases] == [(3, 1), (2, 1)]
    X = np.ones((4, 5))
    assert net.feedforward(X).shape == (2, 5)
    assert net.feedforward(np.ones(4)).shape == (2,)
    nabla_b, nabla_w = net.backprop(X, np.zeros((2, 5)))
    assert [g.shape for g in nabla_w] == [(3, 4), (2, 3)]
    assert [g.shape for g in nabla_b] == [(3, 1), (2, 1)]


def test_one_dimensional_input_is_one_example():
    net = nnlib.Network([3, 2, 2], rng=np.random.default_rng(5))
    x = np.array([0.1, -0.3, 0.8])
    assert_allclose(net.feedforward(x), net.feedforward(x[:, None])[:, 0])


def test_same_seed_same_network_and_copy_is_independent():
    a = nnlib.Network([3, 4, 2], rng=np.random.default_rng(7))
    b = nnlib.Network([3, 4, 2], rng=np.random.default_rng(7))
    assert all(np.array_equal(u, v) for u, v in zip(a.weights, b.weights))
    c = a.copy()
    c.weights[0][0, 0] += 1.0
    assert a.weights[0][0, 0] != c.weights[0][0, 0]


def test_weights_and_biases_are_assignable_and_copied():
    net = nnlib.Network([2, 2, 2], rng=0)
    w = [np.array([[0.15, 0.20], [0.25, 0.30]]), np.array([[0.40, 0.45], [0.50, 0.55]])]
    net.weights = w
    w[0][0, 0] = 99.0
    assert net.weights[0][0, 0] == 0.15


def test_batch_gradient_is_mean_of_single_example_gradients():
    net, X, Y = random_case(11)
    nabla_b, nabla_w = net.backprop(X, Y)
    singles = [net.backprop(X[:, [k]], Y[:, [k]]) for k in range(X.shape[1])]
    for i in range(len(net.weights)):
        assert_allclose(nabla_w[i], np.mean([s[1][i] for s in singles], axis=0), rtol=1e-10, atol=1e-15)
        assert_allclose(nabla_b[i], np.mean([s[0][i] for s in singles], axis=0), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("seed", [0, 5, 9, 14])
def test_deltas_are_the_derivatives_of_the_cost_by_the_weighted_inputs(seed):
    # independent oracle: nudge z^l of one example and rerun the layers above it
    net, X, Y = random_case(seed)
    x, y = X[:, [0]], Y[:, [0]]
    zs, activations = net.forward(x)
    deltas = net.deltas(zs, activations, y)
    assert [d.shape for d in deltas] == [z.shape for z in zs]
    # the example's error is not zero in any layer: zeros would match anything
    assert all(np.any(d) for d in deltas), deltas

    def cost_from(i, z):
        a = net.cost_function.output(z) if i == len(zs) - 1 else net.activation.fn(z)
        for j in range(i + 1, len(zs)):
            z = net.weights[j] @ a + net.biases[j]
            a = net.cost_function.output(z) if j == len(zs) - 1 else net.activation.fn(z)
        return net.cost_function.fn(a, y)

    h = 1e-6 if net.activation.name == "relu" else 1e-4
    for i, z in enumerate(zs):
        numeric = nnlib.numerical_gradient(lambda v: cost_from(i, v), z.copy(), h, points=4)
        assert nnlib.relative_error(deltas[i], numeric) < 1e-7, (i, deltas[i], numeric)


def test_backward_scale_multiplies_every_gradient_against_the_reference(rng):
    net = nnlib.Network([4, 5, 3], rng=np.random.default_rng(5))
    X, Y = rng.normal(size=(4, 7)), rng.uniform(size=(3, 7))
    ref_b, ref_w = per_example_backprop(net.weights, net.biases, X, Y)
    zs, activations = net.forward(X)
    nabla_b, nabla_w = net.backward(zs, activations, Y, scale=0.3)
    for got, ref in zip(nabla_b + nabla_w, ref_b + ref_w):
        assert_allclose(got, 0.3 * ref, rtol=1e-10, atol=1e-14)


def test_backward_writes_the_weight_gradients_into_the_arrays_it_is_given(rng):
    net = nnlib.Network([4, 5, 3], rng=np.random.default_rng(5))
    X, Y = rng.normal(size=(4, 7)), rng.uniform(size=(3, 7))
    zs, activations = net.forward(X)
    nabla_b, nabla_w = net.backward(zs, activations, Y, scale=0.3)
    out = [np.full_like(w, np.nan) for w in net.weights]
    into_b, into_w = net.backward(zs, activations, Y, scale=0.3, out=out)
    assert all(got is o for got, o in zip(into_w, out))
    for got, ref in zip(into_b + into_w, nabla_b + nabla_w):
        np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("out", [
    [np.zeros((5, 4))],                          # one array short
    [np.zeros((5, 4)), np.zeros((3, 4))],        # the second the wrong shape
    [np.zeros((5, 4)), np.zeros((3, 5), dtype=np.float32)],
])
def test_backward_rejects_out_arrays_unlike_the_weights(out, rng):
    net = nnlib.Network([4, 5, 3], rng=np.random.default_rng(5))
    X, Y = rng.normal(size=(4, 7)), rng.uniform(size=(3, 7))
    zs, activations = net.forward(X)
    with pytest.raises(ValueError, match=r"out must be a list of float64 arrays shaped "
                                         r"like the weights, \[\(5, 4\), \(3, 5\)\]; "
                                         r"received \['float64 \(5, 4\)'") as err:
        net.backward(zs, activations, Y, out=out)
    if len(out) == 2:   # the message names what is wrong with the second array
        assert f"{out[1].dtype} {out[1].shape}" in str(err.value)


def test_one_layer_assigned_is_checked_like_the_whole_list():
    # net.weights[i] = ... is how chapter 5 rescales a layer; a transposed or
    # one-dimensional array there used to broadcast into wrong results.
    net = nnlib.Network([2, 3, 2], rng=np.random.default_rng(0))
    X = np.array([[0.1, 0.9], [0.4, 0.2]])
    before = net.feedforward(X)
    for bad, match in ((np.array([0.5, -2.0]), r"biases\[1\] must have shape \(2, 1\)"),
                       (np.ones((2, 3)).T.T, r"biases\[1\] must have shape"),
                       (np.full((2, 1), np.inf), r"biases\[1\] must contain only finite")):
        with pytest.raises(ValueError, match=match):
            net.biases[1] = bad
    with pytest.raises(ValueError, match=r"weights\[0\] must have shape \(3, 2\)"):
        net.weights[0] = np.ones((2, 3))
    with pytest.raises(ValueError, match="a slice must be replaced"):
        net.weights[:1] = []
    with pytest.raises(TypeError, match="one array per layer"):
        net.weights.append(np.ones((2, 3)))
    np.testing.assert_array_equal(net.feedforward(X), before)   # nothing changed
    ints = np.array([[1, 2], [3, 4], [5, 6]])
    net.weights[0] = ints                    # a float copy, not the caller's array
    assert net.weights[0].dtype == float and net.weights[0] is not ints
    net.weights[-1] = 10 * net.weights[-1]
    np.testing.assert_array_equal(net.copy().weights[-1], net.weights[-1])
    # a layer's own array, changed and given back, is checked too
    w = net.weights[0]
    w[0, 0] = np.nan
    with pytest.raises(ValueError, match=r"weights\[0\] must contain only finite"):
        net.weights[0] = w


def test_a_copy_of_a_subclass_keeps_its_class_and_attributes():
    # chapter 4's networks override backward; weight_nudge copies networks
    class Marked(nnlib.Network):
        def backward(self, zs, activations, Y, **kwargs):
            return "overridden"

    net = Marked([2, 3, 2], rng=np.random.default_rng(0))
    net.note, net.history = "kept", [1.0]
    twin = net.copy()
    assert type(twin) is Marked and twin.note == "kept"
    twin.history.append(2.0)                 # copied, not shared
    assert net.history == [1.0]
    assert twin.backward(None, None, None) == "overridden"
    for a, b in zip(twin.weights + twin.biases, net.weights + net.biases):
        np.testing.assert_array_equal(a, b)
        assert a is not b


def test_copies_and_pickles_keep_the_checked_layers():
    import copy
    import pickle
    net = nnlib.Network([2, 3, 2], rng=np.random.default_rng(0))
    for twin in (copy.deepcopy(net), pickle.loads(pickle.dumps(net)), net.copy()):
        for a, b in zip(twin.weights + twin.biases, net.weights + net.biases):
            np.testing.assert_array_equal(a, b)
            assert a is not b
        with pytest.raises(ValueError, match="must have shape"):
            twin.biases[0] = np.zeros(3)


@pytest.mark.parametrize("shape", [(5,), (1, 5)])     # classes, or one row of targets
def test_accuracy_with_one_output_thresholds_at_a_half(shape):
    # argmax over a single row is always 0, which made any network score as
    # well as the share of zeros (or 100% with one-hot targets).
    # a = σ(x): outputs 0.12, 0.475, 0.525, 0.55 and 0.88, on both sides of ½
    # and near it, so that a threshold of 0.45 or 0.6 would score otherwise
    net = nnlib.Network([1, 1], rng=0)
    net.weights, net.biases = [np.array([[1.0]])], [np.array([[0.0]])]
    X = np.array([[-2.0, -0.1, 0.1, 0.2, 2.0]])
    right = np.array([0, 0, 1, 1, 1]).reshape(shape)
    assert net.accuracy(X, right) == 1.0
    assert net.accuracy(X, 1 - right) == 0.0
    assert net.accuracy(X, np.array([0, 0, 0, 0, 1]).reshape(shape)) == pytest.approx(3 / 5)
    with pytest.raises(ValueError, match="labels must be 0 or 1"):
        net.accuracy(X, np.array([0, 1, 2, 0, 1]))


def test_one_output_of_exactly_a_half_is_class_0():
    # "exceeds ½" is class 1, so a network whose every weight and bias is 0,
    # whose output is σ(0) = 0.5 exactly, says 0 for every example
    net = nnlib.Network([2, 3, 1], rng=np.random.default_rng(0))
    net.weights = [np.zeros_like(w) for w in net.weights]
    net.biases = [np.zeros_like(b) for b in net.biases]
    X = np.array([[0.0, 0.3, 1.0], [0.0, 1.0, -2.0]])
    assert np.all(net.feedforward(X) == 0.5)
    assert net.accuracy(X, np.array([0, 0, 0])) == 1.0


def test_label_columns_need_exactly_one_1():
    net = nnlib.Network([2, 3, 2], rng=np.random.default_rng(0))
    X = np.ones((2, 3))
    for labels in (np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]),     # two 1s
                   np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])):    # none
        with pytest.raises(ValueError, match=r"must be one-hot.*column 2"):
            net.accuracy(X, labels)


@pytest.mark.parametrize("activation, gain", [("sigmoid", 1.0), ("relu", 2.0)])
def test_starting_weights_have_variance_gain_over_inputs_and_biases_are_zero(
        activation, gain):
    # 200 inputs, 50 outputs: a spread over n_out (or without the gain) is
    # far outside the sampling error of 10,000 weights (about 1.4% in the
    # standard deviation)
    net = nnlib.Network([200, 50, 400], activation=activation,
                        rng=np.random.default_rng(0))
    for w, n_in in zip(net.weights, [200, 50]):
        assert np.mean(w) == pytest.approx(0.0, abs=4 * np.sqrt(gain / n_in / w.size))
        assert np.std(w) == pytest.approx(np.sqrt(gain / n_in), rel=0.05)
    for b in net.biases:
        assert np.all(b == 0.0)


@pytest.mark.parametrize("sizes, labels", [
    ([2, 3, 1], np.array([[1, 0, 1, 0], [0, 1, 0, 1]])),   # two rows for one output
    ([2, 3, 4], np.eye(3)[:, [0, 1, 2, 0]]),               # three rows for four
    ([2, 3, 4], np.eye(4)[:, [0, 1, 2]]),                  # a column short
])
def test_accuracy_refuses_label_columns_of_the_wrong_shape(sizes, labels):
    net = nnlib.Network(sizes, rng=np.random.default_rng(0))
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    expected = re.escape(f"must have shape {(sizes[-1], 4)}")
    received = re.escape(f"received shape {labels.shape}")
    with pytest.raises(ValueError, match=f"{expected}.*{received}"):
        net.accuracy(X, labels)
