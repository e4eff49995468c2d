"""Every kind of bad input gets a ValueError saying what was expected and what was received."""

import re

import numpy as np
import pytest

import nnlib
from nnlib import autodiff
from nnlib.data import mazur_network, one_hot, train_test_split
from nnlib.graph import Value
from nnlib.weight_nudge import nudge_weight


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
    with pytest.raises(ValueError, match=r"X must have 3 rows.*received shape \(5, 3\) "
                                         r"\(examples go in columns: try X\.T\)"):
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


def test_a_flat_array_that_is_not_one_example_says_how_to_give_many():
    net = nnlib.Network([1, 4, 1], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"X is 1-D with 10 numbers.*read as one example, "
                                         r"which needs 1.*X.reshape\(1, -1\)"):
        net.feedforward(np.linspace(0, 1, 10))
    with pytest.raises(ValueError, match=r"Y is 1-D with 4 numbers"):
        net.cost(np.ones((1, 4)), np.ones(4))
    assert net.feedforward(np.array([0.5])).shape == (1,)    # one example is fine


def test_class_labels_given_as_targets_are_pointed_to_one_hot():
    # the advice Y.reshape(1, -1) led a ten-output network into a second error
    net = nnlib.Network([3, 4, 10], rng=np.random.default_rng(0))
    labels = np.array([3, 0, 9, 3, 1])
    with pytest.raises(ValueError, match=r"look like class labels.*"
                                         r"nnlib.data.one_hot\(labels, 10\)") as caught:
        net.cost(np.ones((3, 5)), labels)
    assert "reshape" not in str(caught.value)
    assert np.isfinite(net.cost(np.ones((3, 5)), one_hot(labels, 10)))
    with pytest.raises(ValueError, match=r"Y is 1-D with 5 numbers.*needs 10") as caught:
        # not classes: no such guess
        net.cost(np.ones((3, 5)), np.array([0.5, 0.1, 0.2, 0.3, 0.4]))
    assert "class labels" not in str(caught.value)
    with pytest.raises(ValueError, match=r"X is 1-D with 6 numbers.*needs 4") as caught:
        # inputs are never class labels
        nnlib.Network([4, 3, 2], rng=0).feedforward(np.array([0, 1, 1, 0, 2, 3]))
    assert "class labels" not in str(caught.value)


def test_forward_refuses_one_example_as_a_flat_array():
    # w @ x + b broadcast a flat x of 2 numbers into a (3, 3) "batch" of three
    # wrong examples, and nothing failed until the backward pass
    net = nnlib.Network([2, 3, 2], rng=np.random.default_rng(0))
    x = np.array([0.1, 0.2])
    with pytest.raises(ValueError, match=r"forward takes X of shape \(2, m\).*"
                                         r"received shape \(2,\).*x.reshape\(-1, 1\)"):
        net.forward(x)
    with pytest.raises(ValueError, match=r"received shape \(3, 4\)$"):
        net.forward(np.ones((3, 4)))
    with pytest.raises(ValueError, match=r"received shape \(5, 2\) \(examples go in "
                                         r"columns: try X.T\)"):
        net.forward(np.ones((5, 2)))
    zs, activations = net.forward(x.reshape(-1, 1))
    np.testing.assert_allclose(activations[-1].ravel(), net.feedforward(x))


def test_cross_entropy_needs_two_outputs_and_targets_that_sum_to_one():
    with pytest.raises(ValueError, match=r"softmax.*at least 2 output neurons.*\[2, 3, 1\]"):
        nnlib.Network([2, 3, 1], cost="cross_entropy")
    net = nnlib.Network([2, 3, 2], cost="cross_entropy", rng=np.random.default_rng(0))
    X = np.ones((2, 3))
    Y = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    for call in (lambda: net.backprop(X, Y), lambda: net.cost(X, Y),
                 lambda: nnlib.step(net, X, Y, 0.1),
                 lambda: nnlib.sgd(net, X, Y, epochs=1, batch_size=2, eta=0.1,
                                   rng=np.random.default_rng(0))):
        with pytest.raises(ValueError, match=r"each column of Y must hold probabilities "
                                             r"\(at least 0\) that sum to 1.*one_hot.*"
                                             r"column 2 is \[1, 1\], which sums to 2"):
            call()
    soft = np.array([[0.25, 0.5, 1.0], [0.75, 0.5, 0.0]])   # probabilities are fine
    assert np.isfinite(net.cost(X, soft))
    # a column summing to 1 with a negative entry gave a negative "cost", -0.67
    negative = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]])
    with pytest.raises(ValueError, match=r"column 2 is \[2, -1\], which sums to 1"):
        net.cost(X, negative)
    # a long column is cut, and says so
    wide = nnlib.Network([2, 3, 12], cost="cross_entropy", rng=np.random.default_rng(0))
    Y12 = np.zeros((12, 2))
    Y12[0, 0], Y12[11, 1] = 1.0, 2.0
    with pytest.raises(ValueError, match=r"column 1 is \[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, …\], "
                                         r"which sums to 2"):
        wide.cost(np.ones((2, 2)), Y12)


def test_the_cross_entropy_cost_takes_probabilities_not_scores():
    # the scores z given by mistake were clipped at log(tiny) or used as they
    # were: a cost of -0.69 for z = (2, 3), no word said
    cost = nnlib.costs.CrossEntropyCost()
    z, y = np.array([[2.0], [3.0]]), np.array([[1.0], [0.0]])
    with pytest.raises(ValueError, match=r"a must hold probabilities.*softmax.*"
                                         r"from 2 to 3 \(scores z\?\)"):
        cost.fn(z, y)
    assert cost.fn(nnlib.softmax(z), y) == pytest.approx(np.log(1 + np.e))
    with pytest.raises(ValueError, match=r"a must hold probabilities.*from -2 to 0.5"):
        cost.fn(np.array([[-2.0], [0.5]]), y)       # scores below 0, none above 1
    # targets that are not probabilities gave a number, for a cost that is not one
    p = nnlib.softmax(np.array([[2.0, 0.0], [3.0, 1.0]]))
    for bad, column in (([[1.0, 0.0], [1.0, 1.0]], "0 is \\[1, 1\\], which sums to 2"),
                        ([[1.0, 2.0], [0.0, -1.0]], "1 is \\[2, -1\\], which sums to 1")):
        with pytest.raises(ValueError, match=r"^for the cross-entropy, each column of y "
                                             r"must hold probabilities \(at least 0\) "
                                             rf"that sum to 1.*column {column}$"):
            cost.fn(p, np.array(bad))


def test_class_numbers_must_name_an_output():
    net = nnlib.Network([2, 3, 3], rng=np.random.default_rng(0))
    X = np.ones((2, 3))
    for labels, shown in [([1, 2, 3], "3"), ([0, -1, 2], "-1"), ([0.5, 1, 2], "0.5"),
                          (["a", "b", "c"], "'a'")]:
        with pytest.raises(ValueError, match=r"class numbers 0 to 2.*counted from 0\); "
                                             rf"received {shown}"):
            net.accuracy(X, labels)
    # three equal columns: one answer for all three, right for exactly one label
    answer = int(np.argmax(net.feedforward(X[:, 0])))
    assert net.accuracy(X, [0, 1, 2]) == pytest.approx(1 / 3)
    assert net.accuracy(X, [answer] * 3) == 1.0


def test_backward_names_its_arguments_when_given_the_wrong_ones():
    net = nnlib.Network([2, 3, 1], rng=np.random.default_rng(0))
    X, Y = np.ones((2, 4)), np.ones((1, 4))
    zs, activations = net.forward(X)
    with pytest.raises(ValueError, match=r"the two lists forward\(X\) returns, in that "
                                         r"order: 2 weighted inputs and 3 activations; "
                                         r"received 3 and 2"):
        net.backward(activations, zs, Y)
    with pytest.raises(ValueError, match=r"received NoneType and NoneType"):
        net.deltas(None, None, Y)
    with pytest.raises(ValueError, match=r"Y must have the shape of the output.*\(1, 4\).*"
                                         r"received \(4,\)"):
        net.backward(zs, activations, Y.ravel())


def test_something_that_is_not_a_network_is_named():
    net, X, Y = mazur_network()
    triple = mazur_network()
    for call in (lambda: nnlib.step(triple, X, Y, 0.5),
                 lambda: nnlib.sgd(X, Y, net, epochs=1, batch_size=1, eta=0.5,
                                   rng=np.random.default_rng(0)),
                 lambda: nnlib.check_network_gradients(triple, X, Y),
                 lambda: autodiff.backprop(triple, X, Y),
                 lambda: autodiff.record(triple, X, Y)):
        with pytest.raises(ValueError, match=r"net must be an nnlib.Network; received"):
            call()
    with pytest.raises(ValueError, match=r"received tuple \(.*mazur_network\(\).*unpack"):
        nnlib.step(triple, X, Y, 0.5)


def test_the_tape_checks_the_batch_it_records():
    net, X, Y = mazur_network()
    with pytest.raises(ValueError, match=r"X is 1-D with 4 numbers"):
        autodiff.record(net, np.ones(4), Y)
    with pytest.raises(ValueError, match=r"Y must have 2 rows"):
        autodiff.record(net, X, Y.T)


def test_eval_data_is_named_in_its_own_errors():
    net, X, Y = mazur_network()
    with pytest.raises(ValueError, match=r"X_eval must have 2 rows"):
        nnlib.sgd(net, X, Y, epochs=1, batch_size=1, eta=0.5,
                  rng=np.random.default_rng(0), eval_data=(np.ones((3, 1)), Y))
    with pytest.raises(ValueError, match=r"X_eval and Y_eval must have the same number"):
        nnlib.sgd(net, X, Y, epochs=1, batch_size=1, eta=0.5,
                  rng=np.random.default_rng(0), eval_data=(X, np.ones((2, 3))))


@pytest.mark.parametrize("fn", [nnlib.sigmoid, nnlib.activations.sigmoid_prime,
                                nnlib.activations.tanh, nnlib.activations.tanh_prime,
                                nnlib.activations.relu, nnlib.activations.relu_prime,
                                nnlib.activations.identity,
                                nnlib.activations.identity_prime, nnlib.softmax])
def test_none_is_not_taken_for_a_number(fn):
    """np.asarray(None, dtype=float) is NaN: a forgotten return would pass unnoticed."""
    with pytest.raises(ValueError, match=r"z must be a number or an array of numbers; "
                                         r"received NoneType: does the function.*`return`"):
        fn(None)
    with pytest.raises(ValueError, match=r"received str"):
        fn("0.5")


def test_a_gradient_or_cost_without_return_is_not_called_divergence():
    with pytest.raises(ValueError, match=r"grad returned None: does your function end "
                                         r"with `return`"):
        nnlib.gradient_descent(lambda w: None, 1.0, eta=0.1, steps=5)
    with pytest.raises(ValueError, match=r"cost returned None"):
        nnlib.gradient_descent(lambda w: 2 * w, 1.0, eta=0.1, steps=5, cost=lambda w: None)


def test_numerical_gradient_says_when_f_does_not_return_one_number():
    x = np.zeros(2)
    with pytest.raises(ValueError, match=r"f returned None: does it end with `return`"):
        nnlib.numerical_gradient(lambda x: None, x)
    with pytest.raises(ValueError, match=r"one number \(a cost\); it returned an array of "
                                         r"shape \(2,\).*derivative_error"):
        nnlib.numerical_gradient(lambda x: x ** 2, x)
    assert np.array_equal(x, [0.0, 0.0])      # left as it was
    with pytest.raises(ValueError, match=r"h must be a positive finite number"):
        nnlib.gradcheck.derivative_error(np.tanh, lambda z: 1 - np.tanh(z) ** 2, 0.5, h=0)


def test_relative_error_compares_lists_of_layers_as_one_vector():
    net = nnlib.Network([2, 3, 1], rng=np.random.default_rng(0))
    X, Y = np.ones((2, 4)), np.ones((1, 4))
    nabla_w = net.backprop(X, Y)[1]
    assert nnlib.relative_error(nabla_w, [w.copy() for w in nabla_w]) == 0.0
    doubled = [2 * w for w in nabla_w]
    flat = np.concatenate([w.ravel() for w in nabla_w])
    assert nnlib.relative_error(nabla_w, doubled) == pytest.approx(
        nnlib.relative_error(flat, 2 * flat))
    with pytest.raises(ValueError, match=r"cannot compare lists of arrays of shapes"):
        nnlib.relative_error(nabla_w, nabla_w[::-1])
    # a list of layers against one flat array gave numpy's "inhomogeneous shape"
    with pytest.raises(ValueError, match=r"received a list of arrays and an array: "
                                         r"give both the same way"):
        nnlib.relative_error(nabla_w, flat)
    with pytest.raises(ValueError, match=r"received an array and a list of arrays"):
        nnlib.relative_error(flat, nabla_w)
    assert nnlib.relative_error([1.0, 2.0], np.array([1.0, 2.0])) == 0.0   # numbers
    # a list that numpy stacks into the other's shape is compared as before
    rows = [np.array([1.0, 2.0]), np.array([3.0, 4.0])]
    assert nnlib.relative_error(rows, np.array([[1.0, 2.0], [3.0, 4.0]])) == 0.0
    assert nnlib.relative_error([np.float64(0.5), np.array(1.0)], [0.5, 1.0]) == 0.0


def test_the_tape_names_what_it_cannot_record():
    from nnlib.tape import Tape
    tape = Tape()
    a, b = tape.var(np.ones((3, 2)), "a"), tape.var(np.ones((4, 2)), "b")
    with pytest.raises(ValueError, match=r"matmul: every input must be a Var of this tape "
                                         r"\(put an array on it first.*received ndarray"):
        a @ np.ones((2, 2))
    with pytest.raises(ValueError, match=r"add: every input.*received float"):
        a + 1.0
    # the same with the bare array or number on the left, where numpy would try first
    with pytest.raises(ValueError, match=r"matmul: every input must be a Var of this tape "
                                         r"\(put an array on it first.*received ndarray"):
        np.ones((2, 3)) @ a
    with pytest.raises(ValueError, match=r"add: every input.*received ndarray"):
        np.ones((3, 1)) + a
    with pytest.raises(ValueError, match=r"add: every input.*received float"):
        1.0 + a
    with pytest.raises(ValueError, match=r"matmul of arrays of shapes \(3, 2\) and \(4, 2\)"):
        a @ b
    with pytest.raises(ValueError, match=r"backward: its C, the cost, must be a Var of this "
                                         r"tape.*received a Var of another tape"):
        Tape().backward(a)


def test_a_cost_given_lists_or_flat_arrays_says_what_it_needs():
    cost = nnlib.QuadraticCost()
    with pytest.raises(ValueError, match=r"numpy arrays of shape \(n_L, m\); received "
                                         r"list and list"):
        cost.fn([[0.2], [0.9]], [[0.0], [1.0]])
    with pytest.raises(ValueError, match=r"received \(2,\) and \(2,\) \(for one example, "
                                         r"make columns"):
        cost.fn(np.array([0.2, 0.9]), np.array([0.0, 1.0]))


def test_data_helpers_name_a_bad_argument():
    X, Y = np.ones((2, 10)), np.ones((1, 10))
    for bad in ("0.2", None, True):
        with pytest.raises(ValueError, match=r"test_fraction must be a number between 0 "
                                             r"and 1; received"):
            train_test_split(X, Y, test_fraction=bad, rng=0)
    from nnlib.data import line_points
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"noise .* must be at least 0; received -1"):
        line_points(rng, noise=-1)
    with pytest.raises(ValueError, match=r"x_range must be two numbers \(low, high\) with "
                                         r"low < high; received \(4, 0\)"):
        line_points(rng, x_range=(4, 0))
    with pytest.raises(ValueError, match=r"slope must be a finite number; received '2'"):
        line_points(rng, slope="2")


def test_a_weight_nudge_names_a_bad_dw_and_how_places_are_counted():
    from nnlib.weight_nudge import nudge_weight
    net, X, Y = mazur_network()
    for bad in (np.nan, np.inf, None, "0.1", [0.1]):
        with pytest.raises(ValueError, match=r"dw must be a finite number"):
            nudge_weight(net, X, Y, (0, 0, 0), bad)
    with pytest.raises(ValueError, match=r"i = 0 to 1 \(counted from 0; -1 is not accepted\)"):
        nudge_weight(net, X, Y, (-1, 0, 0), 0.1)


def test_the_tape_adds_a_column_to_every_column_never_a_flat_bias_to_the_rows():
    from nnlib.tape import Tape
    tape = Tape()
    A = tape.var(np.ones((3, 3)), "A")
    with pytest.raises(ValueError, match=r"add: b must be a column \(3, 1\).*received "
                                         r"\(3,\)"):
        A + tape.var(np.arange(3.0), "b")
    assert np.array_equal((A + tape.var(np.arange(3.0).reshape(3, 1))).value,
                          [[1, 1, 1], [2, 2, 2], [3, 3, 3]])


def test_error_text_takes_one_number():
    for bad in (np.array([1e-9, 2e-9]), None, "1e-9", -0.1):
        with pytest.raises(ValueError, match=r"error must be one number >= 0 \(a relative "
                                             r"error\); received"):
            nnlib.error_text(bad)
    assert nnlib.error_text(np.float64(3e-11)) == "below 1e-8"


def test_a_negative_seed_is_named():
    # numpy said only "expected non-negative integer"
    with pytest.raises(ValueError, match=r"rng: a seed is a whole number 0 or more; "
                                         r"received -1"):
        nnlib.Network([2, 2], rng=-1)


def test_functions_that_take_a_network_name_the_mazur_triple():
    # mazur_network() returns (net, X, Y): passed whole, an AttributeError said
    # only that a tuple has no 'weights'
    from nnlib import weight_nudge
    from nnlib.figures.delta_flow import delta_flow_figure
    from nnlib.figures.network_nudge import network_nudge_figure
    triple = mazur_network()
    net, X, Y = triple
    for call in (lambda: weight_nudge.nudge_weight(triple, X, Y, (0, 0, 0), 0.1),
                 lambda: weight_nudge.cost_along(triple, X, Y, (0, 0, 0), [0.1]),
                 lambda: weight_nudge.with_weight(triple, (0, 0, 0), 0.1),
                 lambda: delta_flow_figure(triple, X, Y),
                 lambda: network_nudge_figure(triple, X, Y)):
        with pytest.raises(ValueError, match=r"net must be an nnlib.Network; received "
                                             r"tuple \(a tuple such as mazur_network"):
            call()


# --- found by a review of a learner's likely mistakes (5 December) -----------------

@pytest.mark.parametrize("value, held", [
    (np.array([1 + 1j]), r"ndarray holding complex numbers"),
    (["a"], r"list holding text"),
    (np.array([None, 1.0]), r"ndarray holding Python objects"),
])
def test_an_array_of_other_things_than_numbers_says_what_it_holds(value, held):
    with pytest.raises(ValueError, match=held):
        nnlib.sigmoid(value)


def test_complex_numbers_are_refused_not_cut_to_their_real_parts(net):
    # numpy would drop the imaginary parts with only a ComplexWarning
    with pytest.raises(ValueError, match=r"X must hold real numbers.*X\.real"):
        net.feedforward(np.ones((3, 2)) + 1j)
    with pytest.raises(ValueError, match=r"weights\[0\] must hold real numbers"):
        net.weights = [np.ones((4, 3)) + 1j, np.ones((2, 4))]


@pytest.mark.parametrize("layers, message", [
    (None, r"list of 2 arrays.*received NoneType"),
    ({0: np.ones((4, 3)), 1: np.ones((2, 4))}, r"list of 2 arrays.*received dict"),
    ([[[1.0, 2.0], [3.0]], np.ones((2, 4))], r"weights\[0\] must be an array of "
                                             r"numbers of shape \(4, 3\); received list"),
])
def test_weights_that_are_not_a_list_of_arrays_are_named(net, layers, message):
    with pytest.raises(ValueError, match=message):
        net.weights = layers


def test_one_array_for_the_list_of_layers_says_how_to_give_it():
    # its rows would have been taken for layers, and refused for their shape
    one = nnlib.Network([2, 1], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"^weights must be a list of 1 array, .*"
                                         r"received one array of shape \(1, 2\); for "
                                         r"the one layer, put it in a list: "
                                         r"net.weights = \[array\]$"):
        one.weights = np.array([[0.5, -0.5]])
    two = nnlib.Network([2, 2, 2], rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"^biases must be a list of 2 arrays, .*"
                                         r"assign one layer at a time: "
                                         r"net.biases\[0\] = ..., net.biases\[1\] "):
        two.biases = np.ones((2, 1))
    with pytest.raises(ValueError, match=r"list of 1 array, .*received float$"):
        one.biases = 0.5
    one.weights = [np.array([[0.5, -0.5]])]     # the list is taken
    assert one.weights[0].tolist() == [[0.5, -0.5]]
    two.weights = np.stack([np.eye(2), 2 * np.eye(2)])  # a stack, one per layer
    assert two.weights[1].tolist() == [[2.0, 0.0], [0.0, 2.0]]
    layers = np.empty(2, dtype=object)        # as np.load(..., allow_pickle=True)
    layers[:] = [np.eye(2), 3 * np.eye(2)]
    two.weights = layers
    assert two.weights[1].tolist() == [[3.0, 0.0], [0.0, 3.0]]


def test_the_activation_and_the_cost_can_be_assigned_by_name(net):
    x = np.array([0.5, -1.0, 2.0])
    net.activation = "tanh"
    w, b = net.weights, net.biases
    hidden = np.tanh(w[0] @ x + b[0].ravel())
    np.testing.assert_allclose(net.feedforward(x), np.tanh(w[1] @ hidden + b[1].ravel()))
    assert net.cost_function.activation.name == "tanh"    # δ^L uses it too
    net.cost_function = "cross_entropy"
    np.testing.assert_allclose(net.feedforward(x),
                               nnlib.softmax(w[1] @ hidden + b[1].ravel()))
    with pytest.raises(ValueError, match=r"unknown activation 'softmax'"):
        net.activation = "softmax"
    with pytest.raises(ValueError, match=r"at least 2 output neurons"):
        nnlib.Network([2, 1]).cost_function = "cross_entropy"


def test_a_function_or_class_given_for_a_name_is_told_to_pass_the_name():
    with pytest.raises(ValueError, match=r"pass its name, e\.g\. 'sigmoid'"):
        nnlib.Network([2, 2], activation=nnlib.sigmoid)
    with pytest.raises(ValueError, match=r"pass its name, e\.g\. 'cross_entropy'"):
        nnlib.Network([2, 2], cost=nnlib.CrossEntropyCost)


def test_float32_probabilities_are_targets_that_sum_to_1():
    net = nnlib.Network([2, 3, 2], cost="cross_entropy", rng=np.random.default_rng(0))
    X = np.ones((2, 1))
    y32 = np.array([[0.9], [0.1]], dtype=np.float32)   # sums to 0.99999998
    assert net.cost(X, y32) == pytest.approx(net.cost(X, np.array([[0.9], [0.1]])),
                                             rel=1e-6)
    with pytest.raises(ValueError, match=r"column 0 is \[0\.9, 0\.2\], which sums to 1\.1$"):
        net.cost(X, np.array([[0.9], [0.2]]))


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_the_cross_entropy_takes_a_softmax_in_any_precision(dtype):
    # a float16 softmax's columns sum to 1 only within float16's rounding (0.9995
    # here), which the float32 tolerance refused as "not probabilities"
    z = np.random.default_rng(0).normal(size=(10, 5))
    y = np.eye(10)[:, :5]
    a = nnlib.softmax(z.astype(dtype))
    exact = nnlib.CrossEntropyCost().fn(nnlib.softmax(z), y)
    rounding = float(np.finfo(dtype).eps)
    assert nnlib.CrossEntropyCost().fn(a, y) == pytest.approx(exact, rel=10 * rounding)
    a[0, 0] += dtype(0.05)                   # no longer a softmax, in any precision
    with pytest.raises(ValueError, match=r"column 0 is .* which sums to 1\.0"):
        nnlib.CrossEntropyCost().fn(a, y)


def test_a_cross_entropy_of_nan_is_refused():
    # NaN compared false with every bound, so fn returned nan without a word
    cost = nnlib.CrossEntropyCost()
    with pytest.raises(ValueError, match=r"each column of a must hold probabilities.*"
                                         r"column 0 is \[nan, 1\], which sums to nan"):
        cost.fn(np.array([[np.nan], [1.0]]), np.array([[1.0], [0.0]]))
    with pytest.raises(ValueError, match=r"each column of y must hold probabilities.*"
                                         r"column 0 is \[nan, 1\], which sums to nan"):
        cost.fn(np.array([[0.5], [0.5]]), np.array([[np.nan], [1.0]]))


def test_a_python_int_beyond_64_bits_is_a_number():
    # numpy keeps 10**20 as an object, which was called "None, text or a mix of types"
    assert nnlib.sigmoid(10**20) == 1.0
    np.testing.assert_array_equal(nnlib.sigmoid([10**20, -10**20]), [1.0, 0.0])
    with pytest.raises(ValueError, match=r"z holds a number too large for a float"):
        nnlib.sigmoid(10**400)
    with pytest.raises(ValueError, match=r"holding Python objects"):
        nnlib.sigmoid([1, None])


def test_the_best_line_through_huge_or_tiny_numbers():
    # the squares of x = 1e200 overflowed: the slope came out 0 and the line flat
    from nnlib import linefit
    best = linefit.least_squares([1e200, 2e200, 3e200], [1.0, 2.0, 3.0])
    assert best[0] == pytest.approx(1e-200, rel=1e-12)
    assert abs(best[1]) < 1e-12
    # the means of 1e308s overflowed, and so did a sum of products of 1e308s
    best = linefit.least_squares([1e308, 1.7e308], [0.0, 1.0])
    np.testing.assert_allclose(best, [1 / 0.7e308, -1 / 0.7], rtol=1e-12)
    np.testing.assert_allclose(linefit.least_squares([0.0, 1.0, 2.0], [-1e308, 0.0, 1e308]),
                               [1e308, -1e308], rtol=1e-12)
    with pytest.raises(ValueError, match=r"beyond the largest float: measure x or y"):
        linefit.least_squares([1e-300, 2e-300], [0.0, 1e300])
    with pytest.raises(ValueError, match=r"at least two different x values"):
        linefit.least_squares([0.0, 0.0], [1.0, 2.0])


def test_the_advice_to_use_nnlib_data_works_after_a_plain_import():
    import subprocess
    import sys
    code = "import nnlib; print(nnlib.data.one_hot([2, 0], 3).tolist())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[[0.0, 1.0], [0.0, 0.0], [1.0, 0.0]]"


def test_a_parameter_made_nan_in_place_is_named_not_blamed_on_eta():
    net, X, Y = mazur_network()
    net.weights[0][1, 0] = np.nan          # in place: the layer's check never sees it
    expected = r"net\.weights\[0\] held nan at \(1, 0\) {}.*net\.weights\[0\] = "
    with pytest.raises(ValueError, match=expected.format("before the step")) as caught:
        nnlib.step(net, X, Y, 0.5)
    assert not isinstance(caught.value, nnlib.TrainingDiverged)
    with pytest.raises(ValueError, match=expected.format("before training")):
        nnlib.sgd(net, X, Y, epochs=2, batch_size=1, eta=0.5, rng=np.random.default_rng(0))


def test_a_callback_that_spoils_a_parameter_is_named_at_the_next_epoch():
    net, X, Y = mazur_network()

    def spoil(epoch, history):
        if epoch == 1:
            net.biases[1][0, 0] = np.inf

    with pytest.raises(ValueError, match=r"net\.biases\[1\] held inf at \(0, 0\) at the "
                                         r"start of epoch 3,") as caught:
        nnlib.sgd(net, X, Y, epochs=4, batch_size=1, eta=0.5, rng=np.random.default_rng(0),
                  callback=spoil)
    assert not isinstance(caught.value, nnlib.TrainingDiverged)


@pytest.mark.parametrize("call, message", [
    (lambda g: nnlib.gradient_descent(1.0, g, eta=0.1, steps=2),
     r"grad must be a function.*received float \(are grad and w0 swapped\?\)"),
    (lambda g: nnlib.gradient_descent(g, 1.0, eta=0.1, steps=2, cost=3.0),
     r"cost must be a function called as cost\(w\).*; received float"),
    (lambda g: nnlib.gradient_descent(lambda w: "x", 1.0, eta=0.1, steps=2),
     r"grad must return numbers.*returned str"),
    (lambda g: nnlib.gradient_descent(g, 1 + 1j, eta=0.1, steps=2),
     r"w0 must be a finite number or 1-D vector; received \(1\+1j\)"),
    (lambda g: nnlib.gradient_descent(g, [], eta=0.1, steps=2),
     r"w0 must be a finite number or 1-D vector; received \[\]"),
])
def test_gradient_descent_names_a_swapped_or_broken_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call(lambda w: w)


def test_a_derivative_written_as_a_constant_is_told_to_return_one_per_entry():
    z = np.linspace(-1, 1, 5)
    with pytest.raises(ValueError, match=r"prime\(z\) returned shape \(\), but z has "
                                         r"shape \(5,\).*np\.full_like\(z, c\)"):
        nnlib.derivative_error(nnlib.identity, lambda z: 1.0, z)
    with pytest.raises(ValueError, match=r"z must be .*`return`"):
        nnlib.derivative_error(np.tanh, nnlib.tanh_prime, None)


@pytest.mark.parametrize("analytic, numeric, message", [
    (None, 1.0, r"analytic is None: does the function"),
    (np.ones(2), None, r"numeric is None: does the function"),
    ("a", "b", r"compares real numbers; analytic holds text"),
    # numpy would read "1" as 1.0, and keep a complex number's real part
    (1.0, "1", r"compares real numbers; numeric holds text"),
    (np.array([1 + 1j]), np.ones(1), r"compares real numbers; analytic holds complex"),
    ([np.ones(2), np.array(["a", "b"])], [np.ones(2), np.ones(2)],
     r"compares real numbers; analytic holds text"),
])
def test_relative_error_names_none_and_text(analytic, numeric, message):
    with pytest.raises(ValueError, match=message):
        nnlib.relative_error(analytic, numeric)


def test_error_text_names_a_bound_that_is_not_a_number():
    with pytest.raises(ValueError, match=r"bound must be a positive finite number; "
                                         r"received '1e-8'"):
        nnlib.error_text(1e-9, bound="1e-8")


def test_a_weight_nudge_names_a_bad_value_not_the_weights():
    from nnlib.weight_nudge import cost_along, with_weight
    net, X, Y = mazur_network()
    for value in (np.nan, "x", np.array([1.0, 2.0])):
        with pytest.raises(ValueError, match=r"value \(the weight's new value\) must "
                                             r"be a finite number"):
            with_weight(net, (0, 0, 0), value)
    with pytest.raises(ValueError, match=r"dws must hold finite numbers; received nan"):
        cost_along(net, X, Y, (0, 0, 0), [0.1, np.nan])
    with pytest.raises(ValueError, match=r"dws must be .*holding text"):
        cost_along(net, X, Y, (0, 0, 0), ["a"])


def test_the_tape_checks_what_a_vjp_returns():
    from nnlib.tape import OPS, Tape, check_vjp
    sigmoid = OPS["sigmoid"][0]
    bare = {**OPS, "sigmoid": (sigmoid, lambda g, z, out: g * out * (1 - out))}
    tape = Tape(ops=bare)
    A = tape.var(np.ones((2, 2)))
    C = tape.apply("quadratic_cost", A.sigmoid(), tape.var(np.zeros((2, 2))))
    # zip would hand A one row of the bare array: a gradient of shape (2,)
    with pytest.raises(ValueError, match=r"VJP of 'sigmoid' must return a tuple of 1 "
                                         r"array\(s\).*\[\(2, 2\)\]; it returned ndarray "
                                         r"of shape \(2, 2\) \(a one-input VJP returns "
                                         r"\(g,\), with the comma\)"):
        tape.backward(C)
    rng = np.random.default_rng(0)
    none = {"sigmoid": (sigmoid, lambda g, z, out: None)}
    with pytest.raises(ValueError, match=r"returned None \(does it end with `return`\?\)"):
        check_vjp("sigmoid", [np.ones(3)], rng, ops=none)
    summed = {"sigmoid": (sigmoid, lambda g, z, out: ((g * out * (1 - out)).sum(),))}
    with pytest.raises(ValueError, match=r"it returned tuple of shapes \[\(\)\]$"):
        check_vjp("sigmoid", [np.ones(3)], rng, ops=summed)   # no word of a comma
    half = {"matmul": (OPS["matmul"][0], lambda g, A, B, out: (g @ B.T,))}
    with pytest.raises(ValueError, match=r"tuple of 2 array\(s\).*it returned tuple of "
                                         r"shapes \[\(2, 3\)\]"):
        check_vjp("matmul", [np.ones((2, 3)), np.ones((3, 2))], rng, ops=half)
    with pytest.raises(ValueError, match=r"inputs must be a list of arrays.*for one: "
                                         r"check_vjp\('sigmoid', \[z\], rng\)"):
        check_vjp("sigmoid", np.ones(2), rng)
    with pytest.raises(ValueError, match=r"ops\['f'\] must be a pair \(operation, vjp\)"):
        Tape(ops={"f": np.exp}).apply("f", None)


def test_sizes_without_an_order_or_as_text_are_refused():
    for sizes in ({3: 1, 2: 1}, {3, 2}, "32"):
        with pytest.raises(ValueError, match=r"sizes must be a list of layer sizes"):
            nnlib.Network(sizes)


def test_update_biases_takes_true_or_false_only():
    net, X, Y = mazur_network()
    with pytest.raises(ValueError, match=r"update_biases must be True or False; "
                                         r"received 'no'"):
        nnlib.step(net, X, Y, 0.5, update_biases="no")


def test_a_cost_of_no_examples_is_refused_not_nan():
    for cost in (nnlib.QuadraticCost(), nnlib.CrossEntropyCost()):
        with pytest.raises(ValueError, match=r"no examples \(shape \(2, 0\)\)"):
            cost.fn(np.ones((2, 0)), np.ones((2, 0)))


def test_a_fraction_is_a_learning_rate_like_any_real_number():
    from fractions import Fraction
    net, X, Y = mazur_network()
    twin = net.copy()
    assert nnlib.step(net, X, Y, Fraction(1, 2)) == nnlib.step(twin, X, Y, 0.5)


def test_a_value_where_a_number_belongs_is_told_where_its_number_is():
    from nnlib.graph import Value
    with pytest.raises(ValueError, match=r"received Value \(its number is v\.data\)$"):
        nnlib.sigmoid(Value(0.5))


def test_the_chain_names_a_non_finite_value_and_a_which_that_is_not_a_name():
    from nnlib import chain
    with pytest.raises(ValueError, match=r"w_L must hold finite numbers; received nan"):
        chain.forward(w_L=np.nan)
    with pytest.raises(ValueError, match=r"b_L must hold finite numbers; received inf"):
        chain.dC_dw("w_L", b_L=np.array([0.3, np.inf]))
    with pytest.raises(ValueError, match=r"which must be one of \['w_L', 'w_Lm1'\], "
                                         r"not \['w_L'\]"):
        chain.dC_dw(["w_L"])


def test_a_layer_spoiled_in_place_is_named_by_everything_that_uses_it():
    net, X, Y = mazur_network()
    with pytest.raises(ValueError, match=r"weights\[0\] must contain only finite numbers; "
                                         r"received inf at \(0, 0\): an in-place operation "
                                         r".*old numbers are gone"):
        net.weights[0] += np.inf          # numpy changes the array before the check
    held = r"net\.weights\[0\] holds inf at \(0, 0\) \(an in-place change"
    for call in (lambda: net.feedforward(X), lambda: net.cost(X, Y),
                 lambda: net.backprop(X, Y), lambda: net.accuracy(X, [0]),
                 lambda: nnlib.check_network_gradients(net, X, Y),
                 lambda: nudge_weight(net, X, Y, (1, 0, 0), 0.1)):
        with pytest.raises(ValueError, match=held):
            call()
    with pytest.raises(ValueError, match="cannot copy the network: " + held):
        net.copy()
    # step, like sgd, names the parameter (σ saturates: the cost alone stays finite)
    with pytest.raises(ValueError, match=r"net\.weights\[0\] held inf at \(0, 0\) "
                                         r"before the step") as caught:
        nnlib.step(net, X, Y, 0.5)
    assert not isinstance(caught.value, nnlib.TrainingDiverged)


def test_numerical_gradient_refuses_to_nudge_an_infinite_entry():
    with pytest.raises(ValueError, match=r"x must hold finite numbers to be nudged; "
                                         r"received inf at 1"):
        nnlib.numerical_gradient(lambda v: float(nnlib.sigmoid(v).sum()),
                                 np.array([0.0, np.inf]))


def test_a_networks_sizes_are_fixed_and_a_copy_is_handed_out():
    net = nnlib.Network([3, 4, 2], rng=0)
    with pytest.raises(AttributeError, match=r"sizes are fixed .*\[3, 4, 2\].*"
                                             r"nnlib\.Network\(\[3, 10, 2\]\)"):
        net.sizes = [3, 10, 2]
    net.sizes.append(5)
    assert net.sizes == [3, 4, 2]
    assert "sizes=[3, 4, 2]" in repr(net)


def test_forward_takes_a_numpy_array_of_numbers_only():
    net = nnlib.Network([2, 3, 1], rng=0)
    with pytest.raises(ValueError, match=r"forward takes X as a numpy array of numbers, "
                                         r"shape \(2, m\); received list"):
        net.forward([[0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match="received an array of text"):
        net.forward(np.array([["0", "1"], ["1", "0"]]))
    assert net.feedforward([[0.0, 1.0], [1.0, 0.0]]).shape == (1, 2)


@pytest.mark.parametrize("call, name", [
    (lambda: nnlib.Network([2, 3, 1], rng=0).feedforward([[0.0, 1.0, 1.0], [1.0, 0.0]]),
     "X"),
    (lambda: nnlib.sigmoid([[1.0, 2.0], [3.0]]), "z"),
    (lambda: one_hot([[0, 1], [1]], 2), "labels"),
    (lambda: nnlib.data.train_validation_test_split(
        [[1.0, 2.0], [3.0]], [0, 1], validation_fraction=0.2, test_fraction=0.2, rng=0),
     "X"),
])
def test_rows_of_different_lengths_are_named(call, name):
    with pytest.raises(ValueError, match=rf"{name} must be a rectangular array of numbers"
                                         rf".*rows have \d, \d entries"):
        call()


def test_labels_where_targets_belong_are_pointed_to_one_hot_by_the_costs():
    labels = np.array([3, 1, 4, 1])
    with pytest.raises(ValueError, match=r"received \(10, 4\) and \(4,\) \(y holds one "
                                         r"number per example.*one_hot\(y, 10\)"):
        nnlib.CrossEntropyCost().fn(nnlib.softmax(np.zeros((10, 4))), labels)
    with pytest.raises(ValueError, match=r"one output: y\.reshape\(1, -1\)"):
        nnlib.QuadraticCost().delta(np.zeros((1, 4)), np.zeros((1, 4)), labels)
    net = nnlib.Network([3, 4, 2], rng=0)
    zs, activations = net.forward(np.ones((3, 5)))
    with pytest.raises(ValueError, match=r"one_hot\(Y, 2\)"):
        net.deltas(zs, activations, np.array([0, 1, 1, 0, 1]))


def test_passes_from_another_network_are_named():
    net = nnlib.Network([3, 4, 2], rng=0)
    zs, activations = nnlib.Network([3, 5, 2], rng=0).forward(np.ones((3, 5)))
    with pytest.raises(ValueError, match=r"zs\[0\] has shape \(5, 5\), but layer 2 of "
                                         r"this network has 4 neurons"):
        net.backward(zs, activations, np.zeros((2, 5)))


@pytest.mark.parametrize("grad, w, eta, message", [
    (lambda w: None, 1.0, 0.1, "grad returned None: does your function end with"),
    (lambda w: 2 * w, 1.0, -0.1, r"eta must be a positive finite number"),
    (lambda w: 2 * w, 1.0, "0.1", r"eta must be a positive finite number"),
    (lambda w: np.ones(3), [1.0, 2.0], 0.1, r"2 number\(s\) like w itself; it returned "
                                              r"an array of shape \(3,\)"),
    (3.0, 1.0, 0.1, "grad must be a function of w"),
    (lambda w: 2 * w, "a", 0.1, "w must be a number or an array of numbers"),
])
def test_descent_step_checks_what_it_is_given(grad, w, eta, message):
    with pytest.raises(ValueError, match=message):
        nnlib.train.descent_step(grad, w, eta=eta)


def test_derivative_error_names_a_value_or_a_whole_vector_function_given_as_fn():
    with pytest.raises(ValueError, match=r"fn must be a function of z.*received float64 "
                                         r"\(pass the function, not its value\)"):
        nnlib.derivative_error(np.sin(0.3), np.cos, np.array([0.3]))
    with pytest.raises(ValueError, match=r"fn\(z\) returned shape \(\), but z has shape "
                                         r"\(2,\): fn must be elementwise"):
        nnlib.derivative_error(lambda z: np.sum(np.sin(z)), np.cos, np.array([0.1, 0.2]))


@pytest.mark.parametrize("analytic, numeric, hint", [
    (np.cos(1.0), np.array([np.cos(1.0)]), r"the same numbers in other shapes\? reshape"),
    (np.ones(3), np.ones((3, 1)), r"the same numbers in other shapes\? reshape"),
    (np.ones((2, 3)), np.ones((3, 2)), r"transposed\? compare with numeric\.T"),
])
def test_relative_error_says_how_to_match_shapes_of_the_same_numbers(analytic, numeric,
                                                                      hint):
    with pytest.raises(ValueError, match=r"cannot compare shapes .*\(analytic, numeric\): "
                                         + hint):
        nnlib.relative_error(analytic, numeric)


def test_line_fit_helpers_name_a_grid_that_is_not_one_and_a_cost_given_as_a_value():
    from nnlib import linefit
    xs, ys = nnlib.data.line_points(0)
    with pytest.raises(ValueError, match=r"W and B must broadcast together \(from W, B = "
                                         r"np\.meshgrid.*\(121,\) and \(100,\)"):
        linefit.cost_grid(np.linspace(-1, 5, 121), np.linspace(-4, 6, 100), xs, ys)
    with pytest.raises(ValueError, match="x must be a number or an array of numbers"):
        linefit.predict([2.0, 1.0], None)
    with pytest.raises(ValueError, match=r"cost must be a function of \(p, x, y\).*"
                                         r"received float"):
        linefit.minibatch_descent(linefit.gradient, [0, 0], xs, ys, eta=0.1, batch_size=4,
                                  epochs=1, rng=np.random.default_rng(0),
                                  cost=linefit.cost([0, 0], xs, ys))


@pytest.mark.parametrize("callback, message", [
    (5, r"callback must be a function called as callback\(epoch, history\).*; "
        r"received int"),
    (lambda history: None, r"callback\(epoch, history\) after every epoch, two "
                           r"arguments; yours cannot be \(too many.*def callback"),
])
def test_a_callback_that_cannot_be_called_so_is_refused_before_any_training(callback,
                                                                           message):
    net, X, Y = mazur_network()
    before = [w.copy() for w in net.weights]
    with pytest.raises(ValueError, match=message):
        nnlib.sgd(net, X, Y, epochs=2, batch_size=1, eta=0.5,
                  rng=np.random.default_rng(0), callback=callback)
    assert all(np.array_equal(w, b) for w, b in zip(net.weights, before))


def test_any_callback_that_takes_two_arguments_is_taken():
    net, X, Y = mazur_network()
    seen = []
    nnlib.sgd(net, X, Y, epochs=2, batch_size=1, eta=0.5, rng=np.random.default_rng(0),
              callback=lambda *args: seen.append(args[0]))
    assert seen == [0, 1]


@pytest.mark.parametrize("call, hint", [
    (lambda net: setattr(net, "weights", [np.zeros((3, 4)), np.zeros((2, 4))]),
     r"received \(3, 4\) \(transposed\?.*try \.T\)"),
    (lambda net: setattr(net, "biases", [np.zeros(4), np.zeros((2, 1))]),
     r"received \(4,\) \(a flat array: make it a column, \.reshape\(-1, 1\)\)"),
    (lambda net: setattr(net, "biases", [np.zeros((1, 4)), np.zeros((2, 1))]),
     r"received \(1, 4\) \(a row: make it a column, \.reshape\(-1, 1\)\)"),
    (lambda net: net.backward([np.zeros(4), np.zeros((2, 1))],
                              [np.zeros((3, 1)), np.zeros((4, 1)), np.zeros((2, 1))],
                              np.zeros((2, 1))),
     r"zs\[0\] has shape \(4,\), but layer 2 of this network has 4 neurons, one row"),
])
def test_a_layer_of_the_wrong_shape_is_told_the_likely_fix(call, hint):
    with pytest.raises(ValueError, match=hint):
        call(nnlib.Network([3, 4, 2], rng=0))


def test_small_mistakes_get_their_fix_named():
    with pytest.raises(ValueError, match=r"a column or row of labels\? pass labels\.ravel"):
        one_hot(np.array([[3], [1]]), 10)
    with pytest.raises(ValueError, match=r"softmax goes on the output layer alone: pass "
                                         r"cost='cross_entropy'"):
        nnlib.Network([3, 4, 2], activation="softmax")
    with pytest.raises(ValueError, match=r"one number from an array: float\(x\)"):
        Value(np.array(2.0))
    for compare in (lambda v: v > 0, lambda v: 0 < v, lambda v: max(0, v)):
        with pytest.raises(TypeError, match=r"has no order: compare the numbers, as in "
                                            r"v\.data > 0"):
            compare(Value(-1.0))


def test_the_chain_names_arrays_that_do_not_broadcast():
    from nnlib import chain
    with pytest.raises(ValueError, match=r"the chain's arrays must broadcast together.*"
                                         r"received w_L \(5,\), b_L \(3,\)"):
        chain.dC_dw("w_L", w_L=np.linspace(0, 2, 5), b_L=np.linspace(0, 1, 3))


def test_the_tape_says_when_the_column_came_first_and_copies_what_check_vjp_nudges():
    from nnlib import tape
    T = tape.Tape()
    w, x, b = (T.var(np.ones((3, 2))), T.var(np.ones((2, 4))), T.var(np.ones((3, 1))))
    with pytest.raises(ValueError, match=r"write w @ a \+ b, not b \+ w @ a"):
        b + w @ x
    with pytest.raises(ValueError, match=r"A must be a matrix"):
        tape.add(np.float64(1.0), np.float64(2.0))
    # float32 and transposed inputs are copied to C-ordered float64, never nudged
    z = np.full((2, 3), 0.5, dtype=np.float32)
    A = np.ones((3, 2)).T
    assert max(tape.check_vjp("sigmoid", [z], np.random.default_rng(0))) < 1e-6
    assert max(tape.check_vjp("matmul", [A, np.ones((3, 2))],
                              np.random.default_rng(0))) < 1e-6
    assert z.dtype == np.float32 and np.all(z == 0.5) and np.all(A == 1.0)


def test_gradient_descent_refuses_a_cost_that_is_not_finite_at_the_start():
    with pytest.raises(ValueError, match=r"cost\(w0\) is nan: the cost must be finite"):
        nnlib.gradient_descent(lambda w: 2 * w, [1.0], eta=0.1, steps=3,
                               cost=lambda w: np.nan if w[0] == 1.0 else float(w @ w))


def test_backward_refuses_a_scale_that_is_not_a_finite_number():
    net = nnlib.Network([2, 3, 2], rng=0)
    X, Y = np.ones((2, 1)), np.full((2, 1), 0.5)
    zs, activations = net.forward(X)
    for bad in ("0.5", np.nan, None):
        with pytest.raises(ValueError, match="scale must be a finite number"):
            net.backward(zs, activations, Y, scale=bad)


def test_the_line_fit_names_its_own_gradient_function():
    from nnlib import linefit
    x, y = np.array([0.0, 1.0]), np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=r"such as linefit\.gradient;"):
        linefit.minibatch_descent(linefit.gradient([0, 0], x, y), [0.0, 0.0], x, y,
                                  eta=0.05, batch_size=1, epochs=1,
                                  rng=np.random.default_rng(0))


def test_relative_error_refuses_a_floor_that_is_not_positive():
    for bad in (0, -1.0, np.nan):
        with pytest.raises(ValueError, match="floor must be"):
            nnlib.relative_error(np.zeros(3), np.zeros(3), floor=bad)


def test_a_batch_that_is_none_text_or_a_dict_is_named_so():
    net = nnlib.Network([2, 3, 2], rng=0)
    for bad, says in [(None, r"received NoneType: does the function that computed it "
                              r"end with"),
                      ("ab", r"received str holding text"),
                      ({"a": 1}, r"received dict holding Python objects"),
                      ([["x", "y"]], r"received list holding text")]:
        with pytest.raises(ValueError, match=says):
            net.feedforward(bad)


def test_a_column_of_labels_is_told_to_ravel():
    from nnlib.data import train_validation_test_split
    with pytest.raises(ValueError, match=r"a column of labels\? pass Y\.ravel\(\)"):
        train_validation_test_split(np.ones((2, 10)), np.arange(10).reshape(-1, 1),
                                    validation_fraction=0, test_fraction=0.2, rng=0)
    with pytest.raises(ValueError, match=r"a column of class numbers\? pass "
                                         r"labels\.ravel\(\)"):
        nnlib.Network([2, 3, 2], rng=0).accuracy(np.ones((2, 4)), np.zeros((4, 1)))


# --------------------------------------------------------------------------- text and
# complex numbers, which numpy turns into floats without a word (text) or with only a
# warning (a complex number's real part): every numeric entry point refuses them

@pytest.mark.parametrize("returned, held", [
    ("1.5", "str, which holds text"),
    (np.complex128(1 + 1j), "complex128, which holds complex numbers"),
])
def test_numerical_gradient_refuses_a_cost_that_is_text_or_complex(returned, held):
    with pytest.raises(ValueError, match=r"f must return one number \(a cost\); it "
                                         r"returned " + re.escape(held)):
        nnlib.numerical_gradient(lambda v: returned, np.ones(3))


def test_gradient_descent_refuses_text_and_complex_numbers():
    with pytest.raises(ValueError, match=r"w0 must be a finite number .*received '1\.0'"):
        nnlib.gradient_descent(lambda w: 2 * w, "1.0", eta=0.1, steps=2)
    with pytest.raises(ValueError, match=r"w0 must be .*received array\(\[1\.\+1\.j\]\)"):
        nnlib.gradient_descent(lambda w: 2 * w, np.array([1 + 1j]), eta=0.1, steps=2)
    with pytest.raises(ValueError, match=r"grad must return numbers.*returned str, "
                                         r"which holds text"):
        nnlib.gradient_descent(lambda w: "2", 1.0, eta=0.1, steps=2)
    with pytest.raises(ValueError, match=r"grad must return numbers.*holds complex"):
        nnlib.gradient_descent(lambda w: 2 * w + 0j, 1.0, eta=0.1, steps=2)


def test_the_line_fit_refuses_text_and_complex_numbers():
    from nnlib import linefit

    with pytest.raises(ValueError, match=r"p must be the pair \[w, b\].*received 'ab'"):
        linefit.predict("ab", [1.0])
    with pytest.raises(ValueError, match=r"p must be the pair \[w, b\].*\(1\+1j\)"):
        linefit.cost([1 + 1j, 0], [1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"x and y must be 1-D arrays of numbers"):
        linefit.cost([1, 0], ["1", "2"], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"p0 must be a non-empty 1-D vector .*'ab'"):
        linefit.minibatch_descent(linefit.gradient, "ab", [1.0, 2.0], [1.0, 2.0],
                                  eta=0.1, batch_size=1, epochs=1,
                                  rng=np.random.default_rng(0))


def test_a_cost_refuses_complex_outputs():
    a, y = np.array([[0.2], [0.9]]) + 1j, np.array([[0.0], [1.0]])
    with pytest.raises(ValueError, match=r"a must hold real numbers; received complex"):
        nnlib.QuadraticCost().fn(a, y)      # was −0.975: a negative quadratic cost


def test_the_cross_entropy_refuses_outputs_that_are_not_a_softmax():
    # sigmoid outputs sum to 1.83 here; −Σ y log a would be 0.127, not the cost
    a = nnlib.sigmoid(np.array([[2.0], [3.0]]))
    with pytest.raises(ValueError, match=r"each column of a must hold probabilities.*"
                                         r"sigmoid outputs are not\); column 0 .*sums "
                                         r"to 1\.83337"):
        nnlib.CrossEntropyCost().fn(a, np.array([[1.0], [0.0]]))
    p = nnlib.softmax(np.array([[2.0], [3.0]]))
    assert nnlib.CrossEntropyCost().fn(p, np.array([[1.0], [0.0]])) == pytest.approx(
        np.log1p(np.e))                     # −log(e² / (e² + e³)) = log(1 + e)


def test_derivative_error_refuses_a_step_lost_in_rounding():
    # it returned 1.0, "completely wrong", for the right derivative
    with pytest.raises(ValueError, match=r"h = 1e-20 is lost in rounding beside an "
                                         r"entry of z of 0\.3"):
        nnlib.derivative_error(np.sin, np.cos, 0.3, 1e-20)
    with pytest.raises(ValueError, match=r"z must hold finite numbers; received inf"):
        nnlib.derivative_error(np.sin, np.cos, np.inf)


@pytest.mark.parametrize("z", [3e5, 1e7, 1e10])
def test_derivatives_at_large_points_are_checked_with_the_step_taken(z):
    from nnlib.book.exercises import check_derivative

    # rounding makes (z + h) - (z - h) differ from 2h there: dividing by 2h gave
    # errors up to 0.024 for the right derivative, and the check marked it wrong
    assert nnlib.derivative_error(np.sin, np.cos, z) < 1e-6
    assert check_derivative(np.cos, np.sin, [z]).passed


def test_check_derivative_refuses_a_point_where_the_step_is_lost():
    from nnlib.book.exercises import check_derivative

    # it marked the right derivative wrong: x + h was x, the difference 0
    with pytest.raises(ValueError, match=r"h = 1e-05 is lost in rounding beside an "
                                         r"entry of x of 1e\+12"):
        check_derivative(lambda x: 2 * x, lambda x: x ** 2, [1e12])
    # points may come from a generator, read once
    points = (x for x in [1.0, 2.0])
    assert not check_derivative(lambda x: 3 * x, lambda x: x ** 2, points).passed


def test_backward_refuses_activations_from_another_network():
    # zs fit both networks; activations[0] is the other one's input: the weight
    # gradient came out (4, 2) for weights of (4, 3)
    other = nnlib.Network([2, 4, 2], rng=0).forward(np.ones((2, 5)))
    net = nnlib.Network([3, 4, 2], rng=0)
    for method in (net.backward, net.deltas):
        with pytest.raises(ValueError, match=re.escape(
                "activations[0] has shape (2, 5), but layer 1 of this network has 3 "
                "neurons")):
            method(*other, np.zeros((2, 5)))


def test_backward_will_not_write_the_gradient_over_the_weights():
    net = nnlib.Network([2, 2], rng=0)
    before = net.weights[0].copy()
    zs, activations = net.forward(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"out\[0\] shares its memory with "
                                         r"net.weights\[0\].*overwrite"):
        net.backward(zs, activations, np.full((2, 3), 0.5), out=net.weights)
    # a view of the weights is the same memory under another name
    with pytest.raises(ValueError, match=r"out\[0\] shares its memory"):
        net.backward(zs, activations, np.full((2, 3), 0.5), out=[net.weights[0][:]])
    assert np.array_equal(net.weights[0], before)


def test_numerical_gradient_says_a_read_only_x_must_be_copied():
    x = np.ones(3)
    x.flags.writeable = False
    with pytest.raises(ValueError, match=r"x is read-only.*x\.copy\(\)"):
        nnlib.numerical_gradient(lambda v: float(v.sum()), x)


def test_the_checks_say_when_an_answer_is_not_a_function_or_too_large():
    from nnlib.book.exercises import check_choice, check_network, check_number

    net = nnlib.Network([2, 2], rng=0)
    for report in (check_network(net, np.ones((2, 1)), [0], at_least=0.5),
                   check_choice({0.1: 0.5}, [0.1], {0.1: 0.5})):
        assert not report.passed and "is not a function" in report.report
    report = check_number(10 ** 400, 1.0)      # raised OverflowError
    assert not report.passed and "too large for a float" in report.report


def test_check_values_says_when_the_expected_value_is_not_one_array():
    from nnlib.book.exercises import check_values

    layers = lambda z: [np.ones((2, 1)), np.ones((3, 1))]   # noqa: E731
    # it reported the right answer as "a list whose parts differ in shape"
    with pytest.raises(ValueError, match=r"the expected value at \(0\.0,\) is a list "
                                         r"whose parts differ in shape"):
        check_values(layers, layers, [0.0])


@pytest.mark.parametrize("method", ["backprop", "forward_mode_gradient", "train"])
def test_autodiff_names_a_weight_made_nan_in_place(method):
    net, X, Y = mazur_network()
    net.weights[0][0, 0] = np.nan         # in place: the layer's check cannot see it
    extra = (dict(epochs=1, batch_size=1, eta=0.5, rng=np.random.default_rng(0))
             if method == "train" else {})
    # it returned NaN gradients, or a NaN cost, without a word
    with pytest.raises(ValueError, match=r"net.weights\[0\] holds nan at \(0, 0\)"):
        getattr(autodiff, method)(net, X, Y, **extra)


@pytest.mark.parametrize("call", ["dC_dw", "nudge"])
def test_the_chain_names_an_unknown_value_and_lists_the_names(call):
    from nnlib import chain

    args = ("w_L",) if call == "dC_dw" else ("w_L", 0.1)
    # Python's own error named forward(), which the reader had not called
    with pytest.raises(ValueError, match=r"unknown name 'wL' for a value of the chain; "
                                         r"the names are a_Lm2, w_Lm1, b_Lm1, w_L, b_L, y"):
        getattr(chain, call)(*args, wL=1.0)


def test_labels_and_targets_that_are_none_are_named_so():
    # they were "received shape ()" and "an array of object with shape ()"
    net = nnlib.Network([3, 4, 2], rng=0)
    for call in (lambda: net.accuracy(np.ones((3, 5)), None),
                 lambda: one_hot(None, 3)):
        with pytest.raises(ValueError, match=r"labels must be a number or an array of "
                                             r"numbers; received NoneType: does"):
            call()
    with pytest.raises(ValueError, match=r"Y must be .*received NoneType: does"):
        train_test_split(np.ones((2, 10)), None, test_fraction=0.2, rng=0)


@pytest.mark.parametrize("setting, message", [
    ("cost", r"net.cost is a method of the network, not a setting.*"
             r"net.cost_function = 'cross_entropy'"),
    ("forward", r"net.forward is a method of the network, not a setting"),
    ("weight", r"no setting 'weight'; did you mean net.weights\?"),
    ("bias", r"no setting 'bias'; did you mean net.biases\?"),
    ("activations", r"no setting 'activations'; did you mean net.activation\?"),
])
def test_a_network_refuses_a_setting_that_would_change_nothing(setting, message):
    # net.cost = "cross_entropy" was kept beside the method and training went on
    # with the quadratic cost; net.weight = ... left the weights as they were
    net = nnlib.Network([2, 3, 2], rng=0)
    before = [p.copy() for p in net.weights + net.biases]
    with pytest.raises(AttributeError, match=message):
        setattr(net, setting, "cross_entropy")
    assert net.cost_function.name == "quadratic" and callable(net.cost)
    for p, old in zip(net.weights + net.biases, before):
        np.testing.assert_array_equal(p, old)
    net.note = "a name of my own"            # other new names are the reader's
    assert net.note == "a name of my own"


@pytest.mark.parametrize("layer, message", [
    (None, r"weights\[0\] must hold real numbers.*received NoneType: does the "
           r"function that made it end with `return`\?"),
    ([["0.5", "1"]] * 3, r"weights\[0\] must hold real numbers.*which holds text"),
    ([[1.0, None]] * 3, r"weights\[0\] must hold real numbers.*Python objects"),
])
def test_a_layer_of_none_or_text_is_refused(layer, message):
    # np.array(..., dtype=float) made None NaN ("received nan") and "0.5" 0.5
    net = nnlib.Network([2, 3, 2], rng=0)
    before = net.weights[0].copy()
    with pytest.raises(ValueError, match=message):
        net.weights[0] = layer
    np.testing.assert_array_equal(net.weights[0], before)


def test_descent_says_how_its_gradient_is_called():
    from nnlib import linefit

    xs, ys = nnlib.data.line_points(0)
    # it was a TypeError from inside the walk: gradient() missing 2 arguments
    with pytest.raises(ValueError, match=r"grad is called as grad\(w\).*missing a "
                                         r"required argument: 'x'.*lambda w: "
                                         r"linefit.gradient\(w, x, y\)"):
        nnlib.gradient_descent(linefit.gradient, [0.0, 0.0], eta=0.1, steps=3)
    with pytest.raises(ValueError, match=r"grad is called as grad\(w\)"):
        nnlib.train.descent_step(linefit.gradient, [0.0, 0.0], eta=0.1)
    with pytest.raises(ValueError, match=r"cost is called as cost\(w\)"):
        nnlib.gradient_descent(lambda w: w, [0.0, 0.0], eta=0.1, steps=3,
                               cost=linefit.cost)
    # and the other way round: minibatch_descent hands grad a batch's points
    with pytest.raises(ValueError, match=r"grad is called as grad\(p, x, y\).*too many "
                                         r"positional arguments"):
        linefit.minibatch_descent(lambda p: linefit.gradient(p, xs, ys), [0.0, 0.0],
                                  xs, ys, eta=0.1, batch_size=8, epochs=1,
                                  rng=np.random.default_rng(0))
    # an error inside a gradient that can be called so is its own
    with pytest.raises(AttributeError, match="foo"):
        nnlib.train.descent_step(lambda w: w.foo(), [0.0], eta=0.1)


def test_a_gradient_that_changes_w_in_place_does_not_move_the_walk():
    def grad(w):          # 2w, the gradient of w², computed in place
        w *= 2
        return w
    path = nnlib.gradient_descent(grad, [1.0], eta=0.25, steps=2).w.ravel()
    np.testing.assert_allclose(path, [1.0, 0.5, 0.25])   # it walked [1, 1.5, 2.25]


def test_numerical_gradient_refuses_a_value_and_an_f_that_changes_x():
    x = np.array([1.0, 2.0])
    with pytest.raises(ValueError, match=r"f must be a function of x.*received float "
                                         r"\(pass the function, not its value\)"):
        nnlib.numerical_gradient(float(x @ x), x)

    def f(v):
        v *= 3
        return float(v.sum())
    # it blamed the step: "h = 1e-05 is too small", and left x as [1, 18]
    with pytest.raises(ValueError, match=r"f changed x, its argument.*x \* 3, not "
                                         r"x \*= 3"):
        nnlib.numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_check_vjp_refuses_a_vjp_that_changes_its_arguments():
    from nnlib import tape

    def sigmoid_vjp(g, z, out):    # right numbers, but g is the tape's own array
        g *= out * (1.0 - out)
        return (g,)
    z = np.linspace(-1.0, 1.0, 6).reshape(2, 3)
    with pytest.raises(ValueError, match=r"VJP of 'sigmoid' changed its argument g in "
                                         r"place"):
        tape.check_vjp("sigmoid", [z], np.random.default_rng(0),
                       ops={"sigmoid": (tape.sigmoid, sigmoid_vjp)})
    # the same VJP written with a new array passes
    errors = tape.check_vjp("sigmoid", [z], np.random.default_rng(0),
                            ops={"sigmoid": (tape.sigmoid,
                                             lambda g, z, out: (g * out * (1 - out),))})
    assert max(errors) < 1e-8


def test_math_on_a_value_says_what_to_write_instead():
    import math
    z = Value(0.5)
    with pytest.raises(TypeError, match=r"write v.exp\(\).*v.data for the number"):
        1 / (1 + math.exp(-z))


def test_a_cost_of_small_integers_is_refused_not_wrapped_around():
    q = nnlib.QuadraticCost()
    # uint8: 0 - 1 is 255, and the cost came out 32512.5 instead of 0.5
    with pytest.raises(ValueError, match=r"a and y hold uint8 and uint8.*a.astype"):
        q.fn(np.array([[0]], np.uint8), np.array([[1]], np.uint8))
    assert q.fn(np.array([[0]]), np.array([[1]])) == 0.5          # int64 is exact
    assert q.fn(np.array([[0.0]]), np.array([[1]], np.uint8)) == 0.5


def test_the_chain_asks_for_forward_values_not_forward_itself():
    from nnlib import chain

    # 'function' object is not subscriptable, and KeyError: 'a_Lm2'
    with pytest.raises(ValueError, match=r"backward needs the dict of values that "
                                         r"forward\(\) returns.*received function "
                                         r"\(call it: forward\(\)\)"):
        chain.backward(chain.forward)
    with pytest.raises(ValueError, match=r"local_derivatives needs.*a dict missing"):
        chain.local_derivatives({})


def test_a_label_that_is_none_is_named_in_a_list_of_classes():
    net = nnlib.Network([2, 3, 3], rng=0)
    # AttributeError: 'NoneType' object has no attribute 'item'
    with pytest.raises(ValueError, match=r"class numbers 0 to 2.*received None"):
        net.accuracy(np.ones((2, 3)), np.array([0, 1, None], dtype=object))


def test_graph_and_network_drawings_name_what_they_were_given():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from nnlib.figures.graph_drawing import draw_graph
    from nnlib.figures.network_diagram import draw_network

    w, x = Value(0.5, "w"), Value(2.0, "x")
    C = (w * x).sigmoid()
    C.backward()
    _, ax = plt.subplots()
    draw_graph(ax, C, highlight=w)            # one node alone is a list of one
    # a name in place of the node was drawn as nothing ("w" is no node), or
    # failed inside: "argument of type 'Value' is not iterable"
    with pytest.raises(ValueError, match=r"highlight must hold nodes of the graph.*"
                                         r"received 'w', which is not a node"):
        draw_graph(ax, C, highlight=["w"])
    with pytest.raises(ValueError, match=r"keep must hold nodes.*not in it"):
        draw_graph(ax, C, keep=[Value(1.0)])
    # a leaf alone: "min() arg is an empty sequence" before
    with pytest.raises(ValueError, match=r"root has no links to draw"):
        draw_graph(ax, w)
    with pytest.raises(ValueError, match=r"keep leaves no link to draw"):
        draw_graph(ax, C, keep=[C])
    with pytest.raises(ValueError, match=r"for a network, pass net.sizes"):
        draw_network(ax, nnlib.Network([3, 4, 2], rng=0))
    with pytest.raises(ValueError, match=r"every layer size must be a positive integer"):
        draw_network(ax, [3, 0, 2])
    plt.close("all")


def test_the_published_network_picture_is_of_a_2_2_2_network_only():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from nnlib.figures.network_222 import draw_published_network
    from nnlib.weight_nudge import MAZUR_PLACES

    # a [3, 3, 2] network was drawn as 2-2-2, its third neurons left out
    net = nnlib.Network([3, 3, 2], rng=0)
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"the picture is of a 2-2-2 network.*received "
                                         r"weights \[\(3, 3\), \(2, 3\)\]"):
        draw_published_network(ax, MAZUR_PLACES, net.weights, net.biases,
                               [0.05, 0.1, 0.2], [0.01, 0.99])
    plt.close("all")
