"""Every kind of bad input gets a ValueError saying what was expected and what was received."""

import numpy as np
import pytest

import nnlib
from nnlib.data import mazur_network, one_hot, train_test_split


@pytest.fixture
def net():
    return nnlib.Network([3, 4, 2], rng=np.random.default_rng(0))


@pytest.mark.parametrize("sizes, message", [
    ([3], r"at least two layers.*\[3\]"),
    ([], r"at least two layers"),
    ([3, 0, 2], r"positive integer.*\[3, 0, 2\]"),
    ([3, -1], r"positive integer"),
    ([3, 2.5], r"positive integer"),
    (5, r"list of layer sizes.*5"),
])
def test_bad_sizes(sizes, message):
    with pytest.raises(ValueError, match=message):
        nnlib.Network(sizes)


def test_unknown_names():
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod'.*expected one of"):
        nnlib.Network([2, 1], activation="sigmod")
    with pytest.raises(ValueError, match=r"unknown cost 'mse'.*'cross_entropy', 'quadratic'"):
        nnlib.Network([2, 1], cost="mse")


def test_rows_of_X(net):
    with pytest.raises(ValueError, match=r"X must have 3 rows.*received shape \(5, 3\).*transposing"):
        net.feedforward(np.ones((5, 3)))
    with pytest.raises(ValueError, match=r"X must have 3 rows.*\(4, 2\)"):
        net.backprop(np.ones((4, 2)), np.ones((2, 2)))


def test_rows_of_Y(net):
    with pytest.raises(ValueError, match=r"Y must have 2 rows.*received shape \(3, 4\)"):
        net.backprop(np.ones((3, 4)), np.ones((3, 4)))


def test_different_numbers_of_columns(net):
    with pytest.raises(ValueError, match=r"same number of columns.*5 in X and 4 in Y"):
        net.cost(np.ones((3, 5)), np.ones((2, 4)))


def test_three_dimensional_input(net):
    with pytest.raises(ValueError, match=r"shape \(3, m\).*\(3, 2, 2\)"):
        net.feedforward(np.ones((3, 2, 2)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_inputs(net, bad):
    X = np.ones((3, 4))
    X[1, 2] = bad
    with pytest.raises(ValueError, match=r"X must contain only finite numbers.*row 1, column 2"):
        net.feedforward(X)
    Y = np.ones((2, 4))
    Y[0, 3] = bad
    with pytest.raises(ValueError, match=r"Y must contain only finite numbers.*row 0, column 3"):
        net.backprop(np.ones((3, 4)), Y)


def test_non_numeric_input(net):
    with pytest.raises(ValueError, match=r"X must be an array of numbers"):
        net.feedforward([["a", "b", "c"]])


def test_bad_weights_assignment(net):
    with pytest.raises(ValueError, match=r"weights\[1\] must have shape \(2, 4\); received \(4, 2\)"):
        net.weights = [np.ones((4, 3)), np.ones((4, 2))]
    with pytest.raises(ValueError, match=r"list of 2 arrays.*received 1"):
        net.biases = [np.ones((4, 1))]
    with pytest.raises(ValueError, match=r"biases\[0\] must contain only finite"):
        net.biases = [np.full((4, 1), np.nan), np.ones((2, 1))]


@pytest.mark.parametrize("eta", [0, -0.1, np.nan, np.inf, "fast", True])
def test_bad_learning_rate(eta):
    net, X, Y = mazur_network()
    with pytest.raises(ValueError, match=r"eta must be a positive finite number \(the learning rate\)"):
        nnlib.sgd(net, X, Y, epochs=1, batch_size=1, eta=eta, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"eta must be a positive finite number"):
        nnlib.step(net, X, Y, eta)
    with pytest.raises(ValueError, match=r"eta must be a positive finite number"):
        nnlib.gradient_descent(lambda w: w, 1.0, eta=eta, steps=3)


@pytest.mark.parametrize("batch_size", [0, -3, 2.5, None])
def test_bad_batch_size(batch_size):
    net, X, Y = mazur_network()
    with pytest.raises(ValueError, match=r"batch_size must be an integer of at least 1; received"):
        nnlib.sgd(net, X, Y, epochs=1, batch_size=batch_size, eta=0.5, rng=np.random.default_rng(0))


def test_bad_epochs_and_rng():
    net, X, Y = mazur_network()
    with pytest.raises(ValueError, match=r"epochs must be an integer of at least 1; received 0"):
        nnlib.sgd(net, X, Y, epochs=0, batch_size=1, eta=0.5, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"rng must be a numpy.random.Generator.*received int"):
        nnlib.sgd(net, X, Y, epochs=1, batch_size=1, eta=0.5, rng=42)
    with pytest.raises(ValueError, match=r"rng must be a numpy.random.Generator.*received str"):
        nnlib.Network([2, 2], rng="seed")


def test_bad_gradient_descent_arguments():
    with pytest.raises(ValueError, match=r"steps must be a non-negative integer; received -1"):
        nnlib.gradient_descent(lambda w: w, 1.0, eta=0.1, steps=-1)
    with pytest.raises(ValueError, match=r"w0 must be a finite number"):
        nnlib.gradient_descent(lambda w: w, np.nan, eta=0.1, steps=1)


def test_bad_data_helpers():
    with pytest.raises(ValueError, match=r"labels must be a 1-D array of classes 0..9"):
        one_hot([0, 10], 10)
    with pytest.raises(ValueError, match=r"test_fraction must be between 0 and 1; received 1.5"):
        train_test_split(np.ones((2, 4)), np.ones((1, 4)), test_fraction=1.5, rng=0)


def test_gradcheck_arguments():
    with pytest.raises(ValueError, match=r"x must be a float numpy array.*received list"):
        nnlib.numerical_gradient(lambda x: 0.0, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"received an array of dtype int64 \(try x.astype"):
        nnlib.numerical_gradient(lambda x: 0.0, np.zeros(2, dtype=np.int64))
    with pytest.raises(ValueError, match=r"points must be 2 or 4; received 3"):
        nnlib.numerical_gradient(lambda x: 0.0, np.ones(2), points=3)
    with pytest.raises(ValueError, match=r"cannot compare shapes \(2,\) and \(3,\)"):
        nnlib.relative_error(np.ones(2), np.ones(3))


def test_no_examples_and_labels_of_the_wrong_length_are_refused():
    net = nnlib.Network([3, 4, 2], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="has no examples"):
        net.feedforward(np.ones((3, 0)))
    with pytest.raises(ValueError, match="one class per column of X"):
        net.accuracy(np.ones((3, 5)), np.zeros(4, dtype=int))
