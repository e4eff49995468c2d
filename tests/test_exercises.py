"""The exercise checks accept right answers and reject typical wrong ones, saying how."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

import nnlib
from nnlib.costs import softmax as imported_softmax   # a name of the reader's module
from nnlib.book.exercises import (WIDTH, check_choice, check_derivative, check_network,
                                  check_number, check_values)

f = lambda w: (w - 3.0) ** 2


def test_right_derivative_passes_with_a_line_per_point():
    result = check_derivative(lambda w: 2 * (w - 3.0), f, [0.0, 1.5, 4.0])
    assert result.passed and bool(result)
    assert repr(result).startswith("✓ your derivative agrees with the finite-difference value at all 3")
    assert repr(result).count("✓") == 4


def test_forgotten_factor_two_fails_and_shows_both_values():
    result = check_derivative(lambda w: w - 3.0, f, [0.0, 1.5])
    assert not result.passed
    assert "yours -3 finite-difference -6 ✗" in " ".join(result.report.split())


def test_the_points_of_a_report_line_up():
    report = check_derivative(lambda x: 3 * x ** 2, lambda x: x ** 3,
                              [0.5, -1.0, 10.0]).report
    lines = report.splitlines()[1:]
    assert lines == ["  at (0.5): yours 0.75   finite-difference 0.75   ✓",
                     "  at (-1):  yours 3      finite-difference 3      ✓",
                     "  at (10):  yours 300    finite-difference 300    ✓"]


def test_wrong_sign_fails():
    assert not check_derivative(lambda w: -2 * (w - 3.0), f, [1.0])


def test_not_answered_is_not_called_wrong():
    def todo(w):
        raise NotImplementedError

    result = check_derivative(todo, f, [0.0])
    assert not result.passed and "not answered yet" in result.report
    assert "not answered yet" in check_derivative(lambda w: ..., f, [0.0]).report


def test_errors_in_the_readers_code_are_reported_not_raised():
    result = check_derivative(lambda w: 1 / 0, f, [0.0])
    assert not result.passed and "raised ZeroDivisionError" in result.report


def test_shape_mismatch_is_reported():
    result = check_values(lambda x: np.zeros(3), lambda x: np.zeros((2, 2)), [1.0])
    assert not result.passed and "shape (3,), expected (2, 2)" in result.report


def test_the_same_numbers_in_another_shape_fail():
    """Examples are columns: a row where a column belongs, or a matrix read the
    other way round, is wrong even when its numbers come in the same order."""
    six, column = np.arange(6.0), np.array([[1.0], [2.0], [3.0]])
    turned = check_values(lambda k: six.reshape(2, 3), lambda k: six.reshape(3, 2),
                          [2], name="tanh_delta")
    assert not turned.passed
    assert turned.report.startswith("✗ tanh_delta(2): shape (2, 3), expected (3, 2).")
    assert "transpose (.T)" in turned.report
    row = check_values(lambda: column.T, lambda: column, [()], name="delta")
    assert not row.passed and "delta: shape (1, 3), expected (3, 1)" in row.report
    assert all(len(line) <= WIDTH for line in turned.report.splitlines())
    flat = check_values(lambda: np.zeros(6), lambda: np.zeros((2, 3)), [()])
    assert not flat.passed and "shape (6,), expected (2, 3)" in flat.report
    assert "transpose" not in flat.report


def test_a_flat_vector_may_stand_for_a_column_or_a_row():
    """A 1-D vector of n numbers passes against (n, 1) or (1, n), either way round."""
    flat, column = np.array([1.0, 2.0, 3.0]), np.array([[1.0], [2.0], [3.0]])
    for got, want in [(flat, column), (column, flat), (flat, column.T),
                      (column.T, flat), (column, column), ([1.0], [[1.0]])]:
        assert check_values(lambda: got, lambda: want, [()]).passed, (got, want)
    assert not check_values(lambda: flat, lambda: 2 * column, [()]).passed


def test_text_and_other_non_numbers_are_reported_never_passed():
    """numpy reads "1.0" as a number; the checks do not, and report the rest."""
    for answer, what in [("abc", "a str"), ("1.0", "a str"), ({"w": 1.0}, "a dict"),
                         (["1.0", 2.0], "a list holding a str"),
                         ([1.0, None], "a list holding None"),
                         ([[1.0, 2.0], [3.0]], "a list whose parts differ in shape"),
                         (np.array(["1.0"]), "an array holding a str")]:
        result = check_values(lambda x: answer, lambda x: 1.0, [0.0], name="f")
        assert not result.passed
        assert " ".join(result.report.split()) == (
            f"✗ f returned {what}; expected a number or an array of numbers.")
        assert all(len(line) <= WIDTH for line in result.report.splitlines())
    number = check_number("0.5", 0.5, name="eta")
    assert not number.passed and "✗ eta returned a str" in number.report
    # numbers of mixed kinds are numbers
    assert check_values(lambda: [np.float64(1.0), 2, 3.0], lambda: [1, 2, 3],
                        [()]).passed


def test_check_number():
    assert check_number(0.2910277737, 0.29102777370001).passed
    assert not check_number(0.291027924, 0.2910277737).passed
    assert "not answered yet" in check_number(None, 1.0).report
    # a value left at None is not a `raise NotImplementedError` to replace
    assert "in place of `None`" in check_number(None, 1.0).report


def test_derivative_with_respect_to_the_first_of_several_arguments():
    g = lambda w, a: 0.5 * (w * a - 1.0) ** 2
    assert check_derivative(lambda w, a: (w * a - 1.0) * a, g, [(0.5, 2.0), (1.0, -1.0)]).passed


def test_reports_fit_the_width_of_a_code_cell():
    """Vectors and matrices go one under the other instead of past the right edge."""
    rng = np.random.default_rng(3)
    A = rng.normal(size=(3, 4)) * 1e-3
    cases = [
        check_values(lambda p: 2 * p, lambda p: 2.0 * p,
                     [np.array([0.5, -1.25, 3.0]), np.array([1e3, -2e-3, 7.0])],
                     expected_label="finite-difference"),
        check_values(lambda k: A * k, lambda k: A * k, [1, 3],
                     expected_label="net.backprop"),
        check_number(np.linspace(0.9, 1.0, 10), np.linspace(0.9, 1.0, 10)),
        check_values(lambda x: x, lambda x: x, [1.0, 2.0], name="a long name for a check "
                     "of one step", expected_label="the bottom y/x"),
    ]
    for check in cases:
        assert check.passed
        too_long = [line for line in check.report.splitlines() if len(line) > WIDTH]
        assert not too_long, check.report
    lines = cases[1].report.splitlines()
    yours = next(line for line in lines if "yours" in line)
    theirs = next(line for line in lines if "net.backprop [[" in line)
    assert yours.index("[[") == theirs.index("[[")  # the two values line up



def test_an_array_is_shown_to_the_digits_of_its_largest_entry():
    """A small entry beside large ones is shown to the largest's last digit, in fixed
    point: a central difference is off by about the same amount in every entry, so its
    further digits would differ from one machine to another (the two arrays below are
    one difference as two processors round it)."""
    here = np.array([[-1.388519], [1.319937], [9.98316319e-04]])
    there = np.array([[-1.388519], [1.319937], [9.98316207e-04]])
    reports = [check_values(lambda k: here, lambda k: want, [1],
                            expected_label="finite-difference").report
               for want in (here, there)]
    assert reports[0] == reports[1]
    assert "0.000998]]" in reports[0] and "e-0" not in reports[0]
    shown = check_values(lambda k: np.array([1.0, -3e-12]), lambda k: np.array([1.0, 0.0]),
                         [1], atol=1e-9).report
    assert "[1., 0.]" in shown and "-0" not in shown        # no sign on nothing
    # small entries alone keep their own digits; infinities and NaN stay as they are
    small = check_values(lambda k: np.array([1e-7, 3.3e-7]),
                         lambda k: np.array([2e-7, 3.3e-7]), [1]).report
    assert "[1.0e-07, 3.3e-07]" in small and "[2.0e-07, 3.3e-07]" in small
    odd = check_values(lambda k: np.array([1.0, np.inf]), lambda k: np.array([1.0, np.nan]),
                       [1]).report
    assert "[ 1., inf]" in odd and "[ 1., nan]" in odd


def test_a_wrong_array_names_the_entry_furthest_off():
    """The arrays show the digits of their largest entries, so a mistake in a small
    entry can look right in them: the report names that entry, with both values."""
    want = np.array([[0.5, 1.0], [3e-5, -2.23456789e-5]])
    mistaken = want.copy()
    mistaken[1, 1] = -2.5e-5
    report = check_values(lambda k: mistaken, lambda k: want, [1, 2],
                          expected_label="finite-difference").report
    assert not report.startswith("✓")
    assert report.count("furthest off, entry [1, 1]:") == 2
    assert "yours -2.5e-05, finite-difference -2.23456789e-05" in report
    assert all(len(line) <= WIDTH for line in report.splitlines()), report
    with_nan = want.copy()
    with_nan[0, 1] = np.nan                   # NaN is the furthest off of all
    report = check_values(lambda: with_nan + 1e-3, lambda: want, [()]).report
    assert "furthest off, entry [0, 1]: yours nan, expected 1" in report
    assert "furthest off" not in check_values(lambda: want, lambda: want, [()]).report

# -- check_network: a network the reader trained, scored on examples it did not see --

def argmax_network(activation="relu", sign=1.0):
    """A one-layer softmax network that answers the class of the largest input
    (``sign=-1``: of the smallest, which is always wrong on ``POINTS``)."""
    net = nnlib.Network([3, 3], activation=activation, cost="cross_entropy", rng=0)
    net.weights = [sign * 10.0 * np.eye(3)]
    return net


POINTS = np.eye(3)[:, [0, 1, 2, 0, 1]] + 0.1
CLASSES = np.array([0, 1, 2, 0, 1])


def test_check_network_passes_a_good_network_and_says_how_good():
    result = check_network(lambda: argmax_network(), POINTS, CLASSES, at_least=0.8,
                            name="train", sizes=[3, 3], activation="relu")
    assert result.passed
    assert result.report.startswith("✓ train: 100.0% of the validation examples right "
                                    "(5 of 5).\n  At least 80% is asked.")
    assert all(len(line) <= WIDTH for line in result.report.splitlines())


def test_check_network_asks_at_least_its_threshold():
    # 4 of 5 right: 80% passes "at least 80%", and fails at 81%
    classes = np.array([0, 1, 2, 0, 2])
    assert check_network(argmax_network, POINTS, classes, at_least=0.8).passed
    assert not check_network(argmax_network, POINTS, classes, at_least=0.81).passed
    assert check_network(argmax_network, POINTS, CLASSES, at_least=1.0).passed


def test_check_network_scores_one_example_given_as_a_vector():
    result = check_network(argmax_network, POINTS[:, 1], CLASSES[1:2], at_least=1.0)
    assert result.passed and "(1 of 1)" in result.report


def test_check_values_refuses_to_check_at_no_point():
    # with no points the check would have nothing to compare
    with pytest.raises(ValueError, match="at least one point"):
        check_values(f, f, [])


def test_check_network_fails_a_poor_network_a_wrong_kind_or_shape():
    poor = check_network(lambda: argmax_network(sign=-1.0), POINTS, CLASSES,
                          at_least=0.8)
    assert not poor.passed and poor.report.startswith("✗") and "(0 of 5)" in poor.report
    kind = check_network(lambda: argmax_network("sigmoid"), POINTS, CLASSES,
                          at_least=0.8, activation="relu")
    assert not kind.passed and "use sigmoid, expected relu" in kind.report
    shape = check_network(lambda: argmax_network(), POINTS, CLASSES, at_least=0.8,
                           sizes=[3, 4, 3])
    assert not shape.passed and "sizes [3, 3], expected [3, 4, 3]" in shape.report
    # a network for other data is reported, not raised, even when sizes is not given
    other = check_network(lambda: nnlib.Network([2, 3]), POINTS, CLASSES, at_least=0.8)
    assert not other.passed and "cannot be scored" in other.report
    assert "X must have 2 rows" in other.report


def test_check_network_reports_a_history_or_a_pair_in_place_of_the_network():
    """sgd returns a History and trains the network in place: returning what sgd
    returned, or a pair, is a slip to point out, not an AttributeError."""
    def train(net):
        return nnlib.sgd(net, POINTS, np.eye(3)[:, CLASSES], epochs=1, batch_size=5,
                         eta=0.1, rng=np.random.default_rng(0))

    for answer, kind in [(lambda: train(argmax_network()), "a History"),
                         (lambda: (argmax_network(), nnlib.History()), "a tuple")]:
        result = check_network(answer, POINTS, CLASSES, at_least=0.8, name="train")
        assert not result.passed
        assert result.report.startswith(f"✗ train should return the trained Network; "
                                        f"it returned {kind}."), result.report
        assert "return the network itself (net)" in " ".join(result.report.split())
        assert all(len(line) <= WIDTH for line in result.report.splitlines())


def test_check_network_lets_sgd_name_a_mistake_in_its_call():
    """The check watches sgd while the answer runs; a call sgd cannot take keeps
    Python's own words (the watcher said "missing a required argument: 'epochs'"
    for epoch=1)."""
    def train():
        net = argmax_network()
        nnlib.sgd(net, POINTS, np.eye(3)[:, CLASSES], epoch=1, batch_size=5,
                  eta=0.1, rng=np.random.default_rng(0))
        return net

    result = check_network(train, POINTS, CLASSES, at_least=0.8, name="train",
                           trained_on=(POINTS, np.eye(3)[:, CLASSES]), epochs=1)
    assert not result.passed
    assert "unexpected keyword argument 'epoch'" in result.report, result.report


def test_check_network_reports_errors_and_unanswered_exercises():
    def diverges():
        raise nnlib.TrainingDiverged("the cost became infinite at η = 100; try a "
                                     "smaller learning rate")

    def todo():
        raise NotImplementedError

    result = check_network(diverges, POINTS, CLASSES, at_least=0.8)
    assert not result.passed and "raised TrainingDiverged" in result.report
    assert all(len(line) <= WIDTH for line in result.report.splitlines())
    assert "not answered yet" in check_network(todo, POINTS, CLASSES, at_least=0.8).report


# -- check_choice: the choice is the best on the validation data, and only there --

VALIDATION = {0.1: 0.80, 0.5: 0.93, 2.0: 0.90}
TEST = {0.1: 0.82, 0.5: 0.91, 2.0: 0.94}
TRAINING = {0.1: 0.85, 0.5: 0.97, 2.0: 0.99}
OTHERS = {"test": TEST, "training": TRAINING}


def choose(chosen, scores):
    return check_choice(lambda candidates: (chosen, scores), list(VALIDATION),
                        VALIDATION, name="choose_eta", others=OTHERS)


def test_check_choice_passes_the_best_on_validation():
    result = choose(0.5, dict(VALIDATION))
    assert result.passed, result.report
    assert result.report.startswith("✓ choose_eta: your scores are the validation "
                                    "scores, and 0.5 has the highest.")
    assert result.report.count("✓") == 4


def test_check_choice_fails_a_choice_made_on_the_test_or_training_data():
    test = choose(2.0, dict(TEST))
    assert not test.passed
    assert "these are the scores on the test data" in test.report
    training = choose(2.0, dict(TRAINING))
    assert not training.passed and "on the training data" in training.report


def test_check_choice_fails_right_scores_with_the_wrong_choice():
    """The scores are the validation ones, but the choice went by something else (the
    test accuracy, say): the check names the right one."""
    result = choose(2.0, dict(VALIDATION))
    assert not result.passed
    assert "you chose 2, but the highest validation score is that of 0.5" in result.report


def test_check_choice_fails_scores_from_nowhere_and_reports_misuse():
    made_up = choose(0.5, {0.1: 0.5, 0.5: 0.99, 2.0: 0.9})
    assert not made_up.passed and "differ from the validation scores" in made_up.report
    marked = [line for line in made_up.report.splitlines()[1:] if line.endswith("✗")]
    assert [line.split(":")[0].strip() for line in marked] == ["at 0.1", "at 0.5"]
    assert "no score for 2" in choose(0.5, {0.1: 0.8, 0.5: 0.93}).report
    assert "should return a pair" in check_choice(lambda c: 0.5, [0.5], {0.5: 1.0}).report
    assert "not answered yet" in check_choice(lambda c: ..., [0.5], {0.5: 1.0}).report


def test_check_choice_reports_scores_that_are_not_numbers():
    as_text = choose(0.5, {eta: str(v) for eta, v in VALIDATION.items()})
    assert not as_text.passed
    assert as_text.report == "✗ choose_eta: the score for 0.1 is a str; expected a number."
    several = choose(0.5, {**VALIDATION, 2.0: np.array([0.9, 0.8])})
    assert not several.passed
    assert "the score for 2 is an array of shape (2,)" in several.report
    not_a_dict = choose(0.5, 0.93)
    assert not not_a_dict.passed and "should return a pair" in not_a_dict.report
    chosen_as_text = choose("0.5", dict(VALIDATION))
    assert not chosen_as_text.passed
    assert "you chose '0.5', but the highest validation score" in chosen_as_text.report


def test_check_choice_accepts_any_of_equal_best():
    tie = {0.1: 0.9, 0.5: 0.93, 2.0: 0.93}
    assert check_choice(lambda c: (2.0, tie), [0.1, 0.5, 2.0], tie).passed
    assert check_choice(lambda c: (0.5, tie), [0.1, 0.5, 2.0], tie).passed


def test_integers_are_reported_as_integers():
    # Layer sizes and shapes the reader returns print as 3 and 2, not 3. and 2.;
    # a float answer keeps its decimals.
    def shapes(sizes):
        return [(3, 2), (1, 3)]
    report = check_values(shapes, lambda sizes: [(3, 2), (2, 3)], [([2, 3, 1],)],
                          name="gradient_shapes").report
    assert "[[3, 2]," in report and "[2, 3]]" in report and "3." not in report
    assert "[2, 3, 1]" in report
    floats = check_values(lambda: [0.5, 1.0], lambda: [0.5, 2.0], [()]).report
    assert "1." in floats and "2." in floats


def test_a_forgotten_return_is_named_not_called_unanswered():
    def forgot(w):
        2 * (w - 3.0)          # computed, never returned

    report = check_derivative(forgot, f, [0.0]).report
    assert "returned None" in report and "`return`" in report
    assert "not answered yet" not in report
    assert all(len(line) <= WIDTH for line in report.splitlines())


def test_exact_shape_refuses_a_vector_for_a_column():
    column = lambda: np.ones((3, 1))
    assert check_values(lambda: np.ones(3), column, [()])          # lenient by default
    strict = check_values(lambda: np.ones(3), column, [()], exact_shape=True)
    assert not strict and "shape (3,), expected (3, 1)" in strict.report
    assert check_values(column, column, [()], exact_shape=True)


def test_the_answer_can_be_labelled():
    report = check_values(lambda x: 2 * x, lambda x: 2 * x, [1.0],
                          answer_label="landing", expected_label="bottom").report
    assert "landing 2   bottom 2   ✓" in report


def test_an_answer_that_changes_its_argument_in_place_is_told_so():
    def relu_in_place(z):
        z[z < 0] = 0
        return z

    points = [np.array([-1.0, 2.0]), np.array([0.5, -0.5])]
    report = check_values(relu_in_place, lambda z: np.maximum(z, 0), points, name="relu")
    assert not report.passed
    assert "changed its argument in place" in report.report and "z.copy()" in report.report
    assert np.array_equal(points[0], [-1.0, 2.0])          # the test points are intact
    assert check_values(lambda z: np.maximum(z, 0), lambda z: np.maximum(z, 0),
                        points).passed


def test_a_value_where_a_function_belongs_is_told_so():
    report = check_values(nnlib.sigmoid(0.5), nnlib.sigmoid, [0.5], name="my_sigmoid")
    assert not report.passed
    assert "is not a function" in report.report and "not what it returns" in report.report


def test_a_none_or_a_shape_error_from_deep_inside_gets_a_hint():
    def forgot(z):
        return None

    report = check_values(lambda z: forgot(z)[0], lambda z: z, [1.0], name="helper")
    assert not report.passed
    assert "does each function or method end with `return`" in " ".join(report.report.split())
    report = check_values(lambda z: np.ones((3, 2)) @ np.ones((3, 2)), lambda z: z, [1.0])
    assert not report.passed
    assert "print the .shape of each array" in " ".join(report.report.split())
    for wrong_shape in (lambda z: np.ones((3, 2)) + np.ones((2, 3)),
                        lambda z: np.dot(np.ones((3, 2)), np.ones((3, 2))),
                        lambda z: np.matmul(np.ones((3, 2)), np.ones((2, 2)),
                                            out=np.empty((2, 2)))):
        report = check_values(wrong_shape, lambda z: z, [1.0])
        assert "print the .shape of each array" in " ".join(report.report.split())
    # an error that only names an operation is not a shape error
    def names_matmul(z):
        raise ValueError("fixed_vjp takes the arguments of matmul's VJP")

    report = check_values(names_matmul, lambda z: z, [1.0])
    assert "matmul's VJP" in report.report and ".shape" not in report.report


def test_a_flat_array_for_a_column_and_a_list_of_the_wrong_length_are_named():
    report = check_values(lambda: np.ones(3), lambda: np.ones((3, 1)), [()],
                          exact_shape=True)
    assert not report.passed and "keepdims=True" in report.report
    report = check_values(lambda: [(1, 2), (3, 4), (5, 6)], lambda: [(1, 2), (3, 4)], [()])
    assert not report.passed and "returned 3 items, expected 2" in report.report


def test_check_network_can_require_the_training_examples_and_epochs():
    """A network trained on the examples it is scored on passes for the wrong reason."""
    rng = np.random.default_rng(0)
    X_train, X_val = rng.uniform(0, 1, (3, 40)), rng.uniform(0, 1, (3, 20))
    Y_train = np.eye(3)[:, X_train.argmax(axis=0)]
    Y_val = np.eye(3)[:, X_val.argmax(axis=0)]

    def trained(X, Y, epochs=3, copy=False, sgd=None, batch_size=5):
        def answer():
            net = nnlib.Network([3, 3], rng=1)
            (sgd or nnlib.sgd)(net, X, Y, epochs=epochs, batch_size=batch_size, eta=2.0,
                               rng=np.random.default_rng(2))
            return net.copy() if copy else net
        return answer

    def check(answer):
        return check_network(answer, X_val, Y_val, at_least=0.0, trained_on=(X_train, Y_train),
                             epochs=3, batch_size=5)

    assert check(trained(X_train, Y_train)).passed
    for answer, says in [(trained(X_val, Y_val), "other examples than the training set"),
                         (trained(X_train, Y_train, epochs=5), "trained for 5 epochs; the "
                                                               "exercise asks for 3"),
                         (trained(X_train, Y_train, batch_size=1), "in mini-batches of 1; "
                                                                   "the exercise asks for "
                                                                   "mini-batches of 5"),
                         (trained(X_train, Y_train, copy=True), "not one that nnlib.sgd "
                                                                "trained"),
                         (trained(X_train, Y_train[::-1]), "other examples than the "
                                                           "training set"),
                         # sgd held where the check cannot see it (here in a
                         # closure) is not watched: the report must not call the
                         # network untrained
                         (trained(X_train, Y_train, sgd=nnlib.sgd),
                          "saw no call of nnlib.sgd while your function ran"),
                         (lambda: nnlib.Network([3, 3], rng=1), "saw no call of nnlib.sgd")]:
        report = check(answer)
        assert not report.passed and says in " ".join(report.report.split())
    assert nnlib.sgd is nnlib.train.sgd and nnlib.sgd.__name__ == "sgd"   # put back
    # sgd imported by name into the answer's module (a notebook's) is watched
    module = {"nnlib": nnlib, "np": np, "X_train": X_train, "Y_train": Y_train}
    exec("from nnlib import sgd\n\n"
         "def answer():\n"
         "    net = nnlib.Network([3, 3], rng=1)\n"
         "    sgd(net, X_train, Y_train, epochs=3, batch_size=5, eta=2.0,\n"
         "        rng=np.random.default_rng(2))\n"
         "    return net\n", module)
    assert check(module["answer"]).passed
    assert module["sgd"] is nnlib.train.sgd                               # put back


def test_a_partly_written_answer_hears_how_the_written_part_does():
    def partly(rule):
        if rule == "sigmoid":
            raise NotImplementedError
        return {"add": 2.0, "mul": 3.0}[rule]

    def by_hand(rule):
        return {"add": 2.0, "mul": 3.0, "sigmoid": 0.5}[rule]

    report = check_values(partly, by_hand, ["add", "mul", "sigmoid"], name="rules")
    assert not report.passed
    assert " ".join(report.report.split()).startswith(
        "○ rules agrees with the expected value at the 2 point(s) answered; 1 not "
        "answered yet.")
    assert "at ('sigmoid'): ○ not answered yet" in report.report
    wrong = check_values(lambda rule: partly(rule) + (rule == "mul"), by_hand,
                         ["add", "mul", "sigmoid"], name="rules")
    assert not wrong.passed and wrong.report.startswith("✗ rules disagrees")
    nothing = check_values(lambda rule: (_ for _ in ()).throw(NotImplementedError), by_hand,
                           ["add", "mul"], name="rules")
    assert not nothing.passed and "not answered yet" in nothing.report


def test_check_derivative_shows_only_the_digits_a_finite_difference_has():
    # at h = 1e-5 the ninth digit of the difference is rounding, and changed with
    # the machine's exp: the stored report must read the same everywhere
    report = check_derivative(np.cos, np.sin, [0.3]).report
    assert "yours 0.9553365   finite-difference 0.9553365   ✓" in report
    assert "0.955336489" not in report


def test_one_number_in_a_one_element_array_is_a_number():
    # gradient_descent takes such a cost; the checks said only "shape (1,),
    # expected ()" of a right answer
    report = check_derivative(lambda w: np.array([2 * (w - 3)]), lambda w: (w - 3) ** 2,
                              [0.0, 1.0], name="slope")
    assert report.passed, report.report
    assert check_number(np.array([[0.5]]), 0.5).passed
    assert not check_number(np.array([0.4]), 0.5).passed
    assert not check_number(np.array([0.5, 0.5]), 0.5).passed


def test_a_weight_from_the_wrong_layer_is_not_blamed_on_a_half():
    # ch. 2's example has w^L = 2 w^{L-1}: an answer to Exercise 2 with w^{L-1}
    # in place of w^L is half the right one, and "a ½ too many" alone misled
    from nnlib import chain

    def wrong_layer(b):
        v = chain.forward(b_Lm1=b)
        delta_L = nnlib.sigmoid_prime(v["z_L"]) * (v["a_L"] - v["y"])
        return v["w_Lm1"] * delta_L * nnlib.sigmoid_prime(v["z_Lm1"])

    report = check_derivative(wrong_layer, lambda b: chain.forward(b_Lm1=b)["C"],
                              [-1.5, -0.2, 1.0]).report
    assert "half the expected one" in report, report
    assert "wrong layer" in report, report


def test_a_slip_that_every_value_shares_is_named():
    # the sign, a constant factor, a percentage, an overflow: each gets its own hint
    def report(answer):
        return check_values(answer, lambda x: 0.5 * x - 1.0, [0.0, 1.0, 4.0]).report

    assert "opposite sign" in report(lambda x: 1.0 - 0.5 * x)
    assert "twice the expected one" in report(lambda x: x - 2.0)
    assert "half the expected one" in report(lambda x: 0.25 * x - 0.5)
    assert "percentage" in report(lambda x: 50 * x - 100)
    assert "nan or inf" in report(lambda x: x * float("inf"))
    # any other factor is named as it is, for the reader to find in the formula
    assert "Each value is 0.6667 times the expected one" in " ".join(
        report(lambda x: (0.5 * x - 1.0) / 1.5).split())
    assert "Each value is 3 times" in report(lambda x: 3 * (0.5 * x - 1.0))
    # no shared slip, a right point among the wrong ones, a factor of rounding
    # (1.00001), or one number alone: no factor to mislead (the last is told that
    # digits were lost)
    for answer in (lambda x: 0.5 * x, lambda x: 0.5 * x - 1.0 + (x == 4.0),
                   lambda x: 1.00001 * (0.5 * x - 1)):
        assert not any(word in report(answer)
                       for word in ("times", "twice", "half", "opposite sign"))
    assert "to only about 5 significant digits" in " ".join(
        report(lambda x: 1.00001 * (0.5 * x - 1)).split())
    assert "yours 0.3   expected 0.5" in check_number(0.3, 0.5).report
    assert not any(word in check_number(0.3, 0.5).report
                   for word in ("times", "twice", "half", "sign"))
    # nan that the expected value holds too is no slip of the reader's
    both = check_values(lambda x: [x, float("nan")], lambda x: [2 * x, float("nan")],
                        [1.0, 2.0])
    assert "nan or inf" not in both.report


def test_check_number_can_keep_the_expected_number_to_itself():
    hidden = check_number(8, 12, name="passes", reveal=False, hint="Count again.")
    assert not hidden.passed and "12" not in hidden.report
    assert "8 is not right" in hidden.report and "Count again." in hidden.report
    assert check_number(12, 12, reveal=False).passed
    # wrong in kind or in shape: the usual report, which names no expected value
    assert "returned a str" in check_number("12", 12, reveal=False).report
    assert "shape" in check_number([12, 1], 12, reveal=False).report


def test_an_error_names_the_point_that_raised_it():
    result = check_values(lambda x: 1 / x, lambda x: 1.0, [2.0, 0.0])
    assert "at (0)" in result.report and "ZeroDivisionError" in result.report


def test_arrays_a_check_keeps_reach_the_answer_as_copies():
    from nnlib.book.exercises import on_copies

    kept = np.array([1.0, 2.0])

    def in_place(z):
        z *= 2
        return z

    result = check_values(lambda i: on_copies(in_place, kept), lambda i: 2 * kept, [1])
    assert not result.passed and "changed its argument in place" in result.report
    assert np.array_equal(kept, [1.0, 2.0])    # the check's own array is untouched
    assert check_values(lambda i: on_copies(lambda z: 2 * z, kept),
                        lambda i: 2 * kept, [1]).passed
    # inside a list or a network, and beside an argument that cannot be copied
    net = nnlib.Network([2, 1], rng=0)
    weights = net.weights[0].copy()

    def nested(gen, arrays, network):
        arrays[0] += 1
        return 0.0

    def network_changed(network):
        network.weights[0] *= 2
        return 0.0

    for answer, args in ((nested, ((x for x in []), [kept], net)),
                         (network_changed, (net,))):
        result = check_values(lambda i: on_copies(answer, *args), lambda i: 0.0, [1])
        assert "changed its argument in place" in result.report, result.report
    assert np.array_equal(kept, [1.0, 2.0]) and np.array_equal(net.weights[0], weights)


def test_a_none_that_nnlib_refuses_gets_the_return_hint():
    # the answer's None reaches nnlib first, which refuses it by name
    def eta(x):
        pass

    def landing(x):
        return nnlib.gradient_descent(lambda w: w, 1.0, eta=eta(x), steps=1).w[-1, 0]

    result = check_values(landing, lambda x: 0.0, [1.0])
    assert "received None" in result.report and "`return`" in result.report


def test_check_network_can_require_the_cost():
    quadratic = nnlib.Network([3, 3], activation="relu", rng=0)
    quadratic.weights = [10.0 * np.eye(3)]
    result = check_network(lambda: quadratic, POINTS, CLASSES, at_least=0.8,
                           cost="cross_entropy")
    assert not result.passed
    assert "the network's cost is quadratic, expected cross_entropy" in result.report
    assert check_network(argmax_network, POINTS, CLASSES, at_least=0.8,
                         cost="cross_entropy").passed


def test_check_choice_accepts_float32_scores_and_tells_rounded_ones_to_stay_unrounded():
    exact = {0.1: 0.8635097493, 0.5: 0.93, 2.0: 0.90}

    def check(scores):
        return check_choice(lambda candidates: (0.5, scores), list(exact), exact,
                            name="choose_eta", others=OTHERS)

    assert check({eta: np.float32(s) for eta, s in exact.items()}).passed
    rounded = check({eta: round(s, 4) for eta, s in exact.items()})
    assert not rounded.passed
    assert " ".join(rounded.report.split()).startswith(
        "✗ choose_eta: your scores are the validation scores, but only to about three "
        "or four digits")
    assert "yours 0.8635   validation 0.863509749   ✗" in rounded.report


def test_a_factor_that_changes_with_the_point_is_named_as_a_sum_or_a_mean():
    # per-example gradients summed where their mean belongs: m times too large,
    # m being different at each point (3 and 5 examples)
    rng = np.random.default_rng(0)
    mean = {3: rng.normal(size=(2, 3)), 5: rng.normal(size=(2, 3))}
    summed = check_values(lambda m: m * mean[m], lambda m: mean[m], [3, 5])
    said = " ".join(summed.report.split())      # as read, line breaks aside
    assert not summed.passed
    assert "whole number of times too large (3×, 5×)" in said
    assert "a sum (or a count) where a mean (or a fraction) belongs, a 1/m too few?" in said
    halved = check_values(lambda m: mean[m] / m, lambda m: mean[m], [3, 5])
    said = " ".join(halved.report.split())
    assert "(1/3, 1/5)" in said and "a 1/m too many" in said
    # one factor at every point keeps its own hint; no shared pattern, no hint
    doubled = check_values(lambda m: 2 * mean[m], lambda m: mean[m], [3, 5])
    assert "twice the expected one" in doubled.report
    assert "whole number" not in doubled.report
    noise = check_values(lambda m: mean[m] + rng.normal(size=(2, 3)),
                         lambda m: mean[m], [3, 5])
    assert not noise.passed and "Each" not in noise.report
    assert all(len(line) <= WIDTH for r in (summed, halved)
               for line in r.report.splitlines())


def test_a_count_for_a_fraction_and_probabilities_not_divided_by_their_sum_are_named():
    # chapter 6's exercise 1 returning how many are right, not what fraction: one
    # number a point, as many times too large as the point has examples
    right = np.tile([True, True, False, True], 250)
    counted = check_values(lambda k: np.sum(right[:k]), lambda k: np.mean(right[:k]),
                           [4, 200, 1000])
    said = " ".join(counted.report.split())
    assert "(4×, 200×, 1000×)" in said and "a count) where a mean (or a fraction)" in said
    # chapter 5's exercise 1 without the division by the sum: at each logits, the
    # softmax times a factor of their own (the point where it is right is left out)
    points = [np.array([1000.0, 1001.0, 999.0]), np.array([0.0, 2000.0]),
              np.array([0.5, -2.0, 3.0, 0.0])]
    for wrong in (lambda z: np.exp(z - z.max()),                # no division at all
                  lambda z: np.exp(z - z.max()) / len(z)):      # by the count
        said = " ".join(check_values(wrong, nnlib.softmax, points).report.split())
        assert "the expected probabilities times a factor, so they do not sum to 1" in said
        assert "division by their sum missing, or another number" in said
    # the same factors on values that are no probabilities: no such hint
    scaled = check_values(lambda z: np.exp(z - z.max()), lambda z: 2 * nnlib.softmax(z),
                          points)
    assert "sum to 1" not in scaled.report


def test_points_wrong_only_where_one_argument_differs_name_it():
    """An answer that ignores its scale passes at scale 1 and fails elsewhere: the
    report names the argument, as the expected function calls it."""
    def expected(kind, l, scale):
        return scale * np.arange(1.0, 4.0) * l

    def ignores_scale(kind, l, scale):
        return np.arange(1.0, 4.0) * l

    points = [("w", 2, 1), ("w", 3, 1), ("b", 2, 3), ("w", 2, 3)]
    result = check_values(ignores_scale, expected, points)
    said = " ".join(result.report.split())
    assert not result.passed
    assert "Only the points where scale is 3 are wrong" in said
    assert "what is different there?" in said
    # a single wrong point, or wrong points with nothing in common: no such hint
    wrong_at_one = check_values(
        lambda kind, l, scale: expected(kind, l, scale) + (l == 3),
        expected, points)
    assert not wrong_at_one.passed and "Only the points" not in wrong_at_one.report
    mixed = check_values(
        lambda kind, l, scale: expected(kind, l, scale) + (kind == "b") + (l == 3),
        expected, points)
    assert not mixed.passed and "Only the points" not in mixed.report
    # check_derivative's expected is central(x, *rest): no name for the second
    slope = check_derivative(lambda x, c: 2 * c * x + (c == 3), lambda x, c: c * x * x,
                             [(1.0, 2.0), (2.0, 2.0), (1.0, 3.0), (2.0, 3.0)])
    said = " ".join(slope.report.split())
    assert "Only the points where argument 2 is 3 are wrong" in said


def page_cost(w, scale=2.0):
    """A page's cost of several arguments; a check's f fixes all but w."""
    return scale * (w - 1.0) ** 2


def test_a_finite_difference_of_the_function_f_is_made_from_is_refused_too():
    def f_of_w(w):
        return page_cost(w)

    def around_f(w):               # a difference of page_cost, not of f_of_w
        return (page_cost(w + 1e-5) - page_cost(w - 1e-5)) / 2e-5

    def derived(w):
        return 4.0 * (w - 1.0)

    # without refuse, the difference agrees; with it, the check says why not
    assert check_derivative(around_f, f_of_w, [0.0, 2.0]).passed
    refused = check_derivative(around_f, f_of_w, [0.0, 2.0], refuse=[page_cost])
    assert not refused.passed
    assert "calls page_cost." in " ".join(refused.report.split())
    assert check_derivative(derived, f_of_w, [0.0, 2.0], refuse=[page_cost]).passed
    assert page_cost(2.0) == 2.0        # back as it was


def test_an_answer_given_the_forward_values_may_not_run_the_forward_pass():
    """With given=, the answer receives the chain's values at each point, computed
    before it runs, so chain.forward, which a finite difference would need, can be
    refused wherever the answer reaches it; the report names the points as given."""
    from nnlib import chain

    def cost(b):
        return chain.forward(b_L=b)["C"]

    def derived(v):           # ∂C/∂b^L = σ'(z^L) (a^L − y)
        return nnlib.sigmoid_prime(v["z_L"]) * (v["a_L"] - v["y"])

    def nudged(v):            # a finite difference through the module
        b, h = v["b_L"], 1e-5
        return (chain.forward(b_L=b + h)["C"] - chain.forward(b_L=b - h)["C"]) / (2 * h)

    def by_library(v):
        return chain.backward(v)["delta_L"]

    points = [-1.0, 0.3]
    kwargs = dict(name="dC_db_L", given=lambda b: chain.forward(b_L=b),
                  refuse=[chain.forward], shortcuts=[chain.backward])
    good = check_derivative(derived, cost, points, **kwargs)
    assert good.passed and "at (0.3)" in good.report
    assert check_derivative(nudged, cost, points, name="dC_db_L",
                            given=lambda b: chain.forward(b_L=b)).passed
    refused = check_derivative(nudged, cost, points, **kwargs)
    said = " ".join(refused.report.split())
    assert not refused.passed
    assert "calls chain.forward, which it has no need of" in said
    shortcut = check_derivative(by_library, cost, points, **kwargs)
    said = " ".join(shortcut.report.split())
    assert not shortcut.passed
    assert "calls chain.backward, which does the exercise's work" in said
    assert cost(0.3) == chain.forward(b_L=0.3)["C"]     # both back as they were
    assert np.isclose(chain.backward(chain.forward())["delta_L"],
                      derived(chain.forward()), rtol=1e-12, atol=0)


def test_long_answers_in_a_report_are_cut_to_the_width_of_a_cell():
    huge = {eta: list(range(40)) for eta in VALIDATION}     # not a (choice, dict) pair
    result = check_choice(lambda candidates: huge, list(VALIDATION), VALIDATION)
    assert not result.passed and "…" in result.report
    assert all(len(line) <= WIDTH for line in result.report.splitlines())
    one = check_values(lambda: [1.0], lambda: [1.0, 2.0], [()])
    assert "returned 1 item, expected 2" in one.report


def test_a_derivative_that_is_a_finite_difference_is_told_so():
    """A finite difference of the function gives the check's own numbers: while the
    answer runs, the function it differentiates and numerical_gradient refuse, under
    whatever name the answer reaches them, and are back afterwards."""
    def by_nudging(w):
        return (f(w + 1e-5) - f(w - 1e-5)) / 2e-5

    def by_library(w):
        return nnlib.numerical_gradient(lambda v: f(v[0]), np.array([w]))[0]

    for answer, says in [(by_nudging, "calls f."), (by_library, "calls numerical_gradient.")]:
        report = check_derivative(answer, f, [0.0, 1.0])
        assert not report.passed and says in " ".join(report.report.split())
        assert "chain rule" in report.report
    assert f(1.0) == 4.0 and nnlib.numerical_gradient is nnlib.gradcheck.numerical_gradient
    assert np.isclose(nnlib.numerical_gradient(f, np.array(2.0)), -2.0)
    # check_values refuses only what it is told to, and a right answer passes
    cost = lambda p: float(np.sum(p ** 2))
    grad = lambda p: 2 * p
    central = lambda p: nnlib.numerical_gradient(cost, p)
    assert check_values(grad, central, [np.array([1.0, -2.0])], refuse=[cost]).passed
    report = check_values(lambda p: central(p), central, [np.array([1.0, -2.0])],
                          refuse=[cost])
    assert not report.passed and "numerical_gradient" in report.report


def test_a_plain_number_meeting_a_dual_number_is_told_to_lift_it():
    class Dual:
        def __init__(self, val, dot):
            self.val, self.dot = val, dot

        def __add__(self, other):                 # forgot to lift a plain number
            return Dual(self.val + other.val, self.dot + other.dot)

    report = check_values(lambda x: (Dual(x, 1.0) + 2.0).dot, lambda x: 1.0, [0.5])
    assert not report.passed and "Dual.lift" in report.report


def test_an_answer_that_calls_the_library_function_it_should_write_is_told_so():
    """The library's own function does the exercise: refused however it is reached (a
    module's name, a method), and put back afterwards."""
    z = [np.array([0.5, -2.0, 3.0])]
    mine = lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    assert check_values(mine, nnlib.softmax, z, shortcuts=[nnlib.softmax]).passed
    for copycat, called in ((lambda z: nnlib.softmax(z), "nnlib.softmax"),
                            (lambda z: imported_softmax(z), "imported_softmax")):
        report = check_values(copycat, nnlib.softmax, z, shortcuts=[nnlib.softmax],
                              name="stable_softmax")
        assert not report.passed
        assert f"calls {called}, which does the exercise's work" in " ".join(
            report.report.split())
    net = nnlib.Network([2, 3], rng=0)
    X, labels = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([0, 1])
    report = check_values(lambda k: net.accuracy(X[:, :k], labels[:k]),
                          lambda k: net.accuracy(X[:, :k], labels[:k]), [1, 2],
                          shortcuts=[nnlib.Network.accuracy])
    assert not report.passed and "calls Network.accuracy" in report.report
    assert nnlib.softmax is imported_softmax
    answers = np.argmax(net.feedforward(X), axis=0)   # the accuracy still works
    assert net.accuracy(X, labels) == np.mean(answers == labels)
    assert nnlib.Network.accuracy.__qualname__ == "Network.accuracy"
    # another library's function, reached through the package that exports it
    import scipy.special

    real = scipy.special.softmax
    report = check_values(lambda z: scipy.special.softmax(z), nnlib.softmax, z,
                          shortcuts=[nnlib.softmax, real], name="stable_softmax")
    assert "calls scipy.special.softmax, which does" in " ".join(report.report.split())
    assert scipy.special.softmax is real


def test_check_choice_names_a_percentage_and_says_its_hint_for_other_scores():
    percent = choose(0.5, {eta: 100 * score for eta, score in VALIDATION.items()})
    assert not percent.passed and "100 times the validation scores" in percent.report
    hinted = check_choice(lambda candidates: (0.5, {0.1: 0.5, 0.5: 0.99, 2.0: 0.9}),
                          list(VALIDATION), VALIDATION, name="choose_eta",
                          hint="Each rate needs a network of its own.")
    assert not hinted.passed and "a network of its own" in " ".join(hinted.report.split())
    assert "a network of its own" not in choose(0.5, dict(TEST)).report


def test_a_sum_over_the_wrong_axis_is_named():
    A = np.arange(12.0).reshape(3, 4)
    report = check_values(lambda: A.sum(axis=0, keepdims=True),
                          lambda: A.sum(axis=1, keepdims=True), [()]).report
    assert "shape (1, 4), expected (3, 1)" in report and "wrong axis" in report
    assert "wrong axis" not in check_values(lambda: A.T, lambda: A, [()]).report


# ----------------------------------------------------------- cells, as in a notebook

def run_cell(source, namespace, number):
    """Run ``source`` as IPython runs a notebook cell: compiled under a name of its
    own, its text kept in linecache under that name; returns the last line's value."""
    import linecache

    name = f"<notebook cell {number}>"
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    *body, last = source.rstrip("\n").split("\n")
    exec(compile("\n".join(body), name, "exec"), namespace)
    return eval(compile(last, name, "eval"), namespace)


ANSWER = "def slope(x):\n    raise NotImplementedError\n\nNone\n"
CHECK = "check_derivative(slope, lambda x: x ** 3, [1.0, 2.0], name='slope')\n"
SOLUTION = ("# Solution\ndef slope(x):\n    return 3 * x ** 2\n\n" + CHECK)


def notebook():
    return {"check_derivative": check_derivative}


def test_not_answered_says_which_cells_to_run():
    # the answer in a cell of its own, its check in the next: running the check
    # again changes nothing until the answer's cell has run
    ns = notebook()
    run_cell(ANSWER, ns, 1)
    report = " ".join(repr(run_cell(CHECK, ns, 2)).split())
    assert "not answered yet" in report
    assert "run that cell, then this one again" in report
    # answer and check in one cell: that cell is the one to run again
    same = " ".join(repr(run_cell(ANSWER.replace("None\n", CHECK), notebook(), 3)).split())
    assert "not answered yet" in same and "and run the cell again" in same


def test_the_worked_solution_does_not_pass_for_the_readers_answer():
    # Run All in JupyterLab runs the folded solution after the reader's answer, and
    # its function takes the answer's name: a later check of that name must not pass
    ns = notebook()
    run_cell(ANSWER, ns, 1)
    assert "not answered yet" in repr(run_cell(CHECK, ns, 2))
    solved = run_cell(SOLUTION, ns, 3)          # the solution checks itself: it passes
    assert solved.passed, solved
    again = run_cell(CHECK, ns, 4)
    assert not again.passed
    assert "slope: the check ran the worked solution's slope, not yours" in \
        " ".join(repr(again).split())
    assert "Run your answer's cell again" in " ".join(repr(again).split())
    run_cell(ANSWER.replace("raise NotImplementedError", "return 3 * x * x"), ns, 5)
    assert run_cell(CHECK, ns, 6).passed        # the reader's own answer, right


def test_a_solution_of_an_earlier_exercise_is_named_with_the_cell_to_run_again():
    # the answer calls the reader's function of an earlier exercise, which that
    # exercise's worked solution replaced: its cell must be run again, not this one
    ns = notebook()
    run_cell(ANSWER.replace("raise NotImplementedError", "return 3 * x * x"), ns, 1)
    assert run_cell(SOLUTION, ns, 2).passed
    later = ("def double_slope(x):\n    return 2 * slope(x)\n\n"
             "check_derivative(double_slope, lambda x: 2 * x ** 3, [1.0], "
             "name='double_slope')\n")
    report = " ".join(repr(run_cell(later, ns, 3)).split())
    assert "double_slope: the check ran the worked solution's slope" in report
    assert "Run the cell where you wrote your slope again" in report


def test_a_solution_may_check_itself_through_a_helper_of_another_cell():
    ns = notebook()
    run_cell("def check_slope(f):\n    return check_derivative(f, lambda x: x ** 3, "
             "[1.0], name='slope')\n\nNone\n", ns, 1)
    solved = run_cell("# Solution\ndef slope(x):\n    return 3 * x ** 2\n\n"
                      "check_slope(slope)\n", ns, 2)
    assert solved.passed, solved
    assert not run_cell("check_slope(slope)\n", ns, 3).passed


def test_a_check_that_reaches_the_answer_through_its_own_function_knows_the_solution():
    # the check cell wraps the reader's function (to hand it copies, or pieces of a
    # network); after Run All the name is the solution's, reached by the wrapper
    ns = {**notebook(), "check_values": check_values}
    wrapped = ("check_values(lambda x: slope(x), lambda x: 3 * x ** 2, [1.0, 2.0], "
               "name='slope')\n")
    run_cell(ANSWER, ns, 1)
    unanswered = " ".join(repr(run_cell(wrapped, ns, 2)).split())
    # the stub is in the answer's cell, not in the check's: run that one first
    assert "not answered yet" in unanswered
    assert "run that cell, then this one again" in unanswered
    assert run_cell(SOLUTION, ns, 3).passed
    again = run_cell(wrapped, ns, 4)
    assert not again.passed
    assert "slope: the check ran the worked solution's slope, not yours" in \
        " ".join(repr(again).split())
    # a class of the solution's is seen by its methods
    run_cell("# Solution\nclass Cube:\n    def slope(self, x):\n"
             "        return 3 * x ** 2\n\nNone\n", ns, 5)
    by_method = run_cell("check_values(lambda x: Cube().slope(x), lambda x: 3 * x ** 2, "
                         "[1.0], name='Cube')\n", ns, 6)
    assert "the worked solution's Cube.slope" in repr(by_method)
    # the reader's own answer again: it passes, and nothing else is watched after
    run_cell(ANSWER.replace("raise NotImplementedError", "return 3 * x * x"), ns, 7)
    assert run_cell(wrapped, ns, 8).passed
    assert sys.getprofile() is None


def test_network_and_choice_checks_know_the_solution_too():
    ns = {"check_choice": check_choice, "check_network": check_network,
          "np": np}
    run_cell("# Solution\ndef choose(c):\n    return c[0], {k: 1.0 for k in c}\n\n"
             "def trained():\n    return None\n\nNone\n", ns, 1)
    choice = run_cell("check_choice(choose, [1, 2], {1: 1.0, 2: 1.0}, "
                      "name='choose')\n", ns, 2)
    network = run_cell("check_network(trained, np.zeros((2, 1)), np.zeros(1), "
                       "at_least=0, name='trained')\n", ns, 3)
    for report in (choice, network):
        assert not report.passed
        assert "the check ran the worked solution's" in " ".join(repr(report).split())


def test_a_number_the_worked_solution_set_is_not_taken_for_the_readers(tmp_path):
    # Run All sets chapter 7's passes_forward in the folded solution after the
    # reader's cell: checked again, the value is the solution's.  IPython's own
    # record of the cells run (In) says so; in a shell of its own, in a process of
    # its own, so that no other test sees an IPython shell.
    script = tmp_path / "shell.py"
    script.write_text(textwrap.dedent('''
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        def run(source):
            return shell.run_cell(source, store_history=True).result
        run("from nnlib.book.exercises import check_number")
        check = "check_number(passes, 12, name='passes', reveal=False)"
        run("passes = None  # your answer")
        print("1", run(check).passed)
        run("# Solution\\npasses = 12\\n" + check)          # checks itself: passes
        print("2", run("# Solution\\npasses = 12\\n" + check).passed)
        again = run(check)
        print("3", again.passed, " ".join(repr(again).split()))
        run("passes = 13  # the reader's own, wrong")
        print("4", run(check).passed)
        run("passes = 12")
        print("5", run(check).passed)
        run("passes += 0")                                 # any assignment counts
        print("6", run(check).passed)
    '''))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         check=True).stdout
    lines = dict(line.split(" ", 1) for line in out.splitlines())
    assert lines["1"] == "False" and lines["2"] == "True"
    assert lines["3"].startswith("False ○ passes: the value is the worked solution's.")
    assert "Run your answer's cell again" in lines["3"]
    assert lines["4"] == "False" and lines["5"] == "True" and lines["6"] == "True"


def test_a_number_left_none_in_another_cell_asks_for_both_cells(tmp_path):
    # chapter 7 sets passes_forward = None in the answer's cell and checks it in
    # the next: the reader must run the answer's cell, then the check's, and is
    # told so; with the answer in the check's own cell, once is enough.  The same
    # whether or not the cells run are recorded (nbval's kernel records none).  A
    # shell of its own in a process of its own, as in the test above.
    script = tmp_path / "shell.py"
    script.write_text(textwrap.dedent('''
        import sys
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        def run(source):
            return shell.run_cell(source, store_history=sys.argv[1] == "1").result
        run("from nnlib.book.exercises import check_number")
        check = "check_number(passes, 12, name='passes')"
        run("passes = None  # your answer")
        print("1", " ".join(repr(run(check)).split()))
        print("2", " ".join(repr(run("passes = None\\n" + check)).split()))
        print("3", " ".join(repr(run("check_number(None, 12)")).split()))
    '''))
    for recorded in ("1", "0"):
        out = subprocess.run([sys.executable, str(script), recorded],
                             capture_output=True, text=True, check=True).stdout
        lines = dict(line.split(" ", 1) for line in out.splitlines())
        assert "not answered yet" in lines["1"]
        assert "run that cell, then this one again" in lines["1"]
        for same_cell in (lines["2"], lines["3"]):  # set here, or no name to seek
            assert "in place of `None` and run the cell again" in same_cell


def test_assigns_finds_every_kind_of_assignment():
    from nnlib.book.exercises import _assigns
    for source in ("x = 1", "a, x = 1, 2", "x += 1", "x: int = 3", "for x in y: pass",
                   "if (x := 2): pass", "[a, *x] = [1, 2]"):
        assert _assigns(source, "x"), source
    for source in ("y = x", "print(x)", "x.attr = 1", "x[0] = 1", "def f(x): pass",
                   "not python (", "def f():\n    x = 1", "class C:\n    x = 0",
                   "n = sum(x for x in y)", "z = [x for x in y]", "f = lambda x: x",
                   "globals()['y'] = 1"):
        assert not _assigns(source, "x"), source
    # blocks, a name set through globals(), and the body of a cell magic (%%time)
    for source in ("if c:\n    x = 1", "with o as x: pass", "try:\n    x = 1\nexcept E:\n    pass",
                   "globals()['x'] = 8",
                   "get_ipython().run_cell_magic('time', '', 'x = 8\\n')"):
        assert _assigns(source, "x"), source


def test_values_computed_in_float32_are_told_to_keep_float64():
    # chapter 1's exercise 1 in single precision: right to 6 digits, wrong to 1e-6 at
    # w = 3, where σ(3x) is close to 1 and 1 − σ loses digits
    def cost(w):
        return 0.5 * (float(nnlib.sigmoid(1.5 * w)) - 0.2) ** 2

    def single(w):
        s = np.float32(nnlib.sigmoid(np.float32(1.5) * np.float32(w)))
        return (s - np.float32(0.2)) * s * (np.float32(1) - s) * np.float32(1.5)

    report = " ".join(repr(check_derivative(single, cost, [1.0, 3.0])).split())
    assert "✗" in report and "Your values are float32" in report
    assert "about 6 significant digits" in report and "float64" in report
    # in float64 the same formula passes; a loose check does not blame float32
    def double(w):
        s = nnlib.sigmoid(1.5 * w)
        return (s - 0.2) * s * (1 - s) * 1.5

    assert check_derivative(double, cost, [1.0, 3.0]).passed
    loose = repr(check_values(lambda: np.float32(1.1), lambda: 1.0, [()], rtol=1e-3))
    assert "✗" in loose and "float32" not in loose
    # wrong for another reason, in float32: that reason's hint, not float32's
    right = np.tile([True, True, False, True], 250)
    counted = " ".join(check_values(
        lambda k: np.sum(right[:k], dtype=np.float32), lambda k: np.mean(right[:k]),
        [4, 200, 1000]).report.split())
    assert "float32" not in counted and "(4×, 200×, 1000×)" in counted
    missing = " ".join(check_derivative(
        lambda w: np.float32(double(w) / 1.5), cost, [1.0, 2.0, 3.0]).report.split())
    assert "float32" not in missing and "0.6667 times the expected one" in missing


def test_values_right_to_a_few_digits_only_are_told_digits_were_lost():
    # float32 on the way to a float64 result (chapter 6's exercise 3 mixes the answer
    # with float64), or an approximation: every value right to about five digits
    want = np.array([[0.000966777852, -0.0123456789], [0.5, 2.25]])
    near = check_values(lambda: want * (1 + 2.3e-6), lambda: want, [()])
    said = " ".join(near.report.split())
    assert not near.passed
    assert "agree with the expected ones to only about 5 significant digits" in said
    # farther off: no such hint
    assert "significant digits" not in check_values(lambda: want * 1.01, lambda: want,
                                                     [()]).report


def test_a_backward_that_calls_backprop_is_told_which_calls_go_round():
    # chapter 4's exercise 4: backprop calls backward, so a backward that calls
    # backprop never returns; the report names the two and where to look
    class Looping(nnlib.Network):
        def backward(self, zs, activations, Y, *, scale=1.0, out=None):
            return self.backprop(activations[0], Y)

    class Itself(nnlib.Network):
        def backward(self, zs, activations, Y, *, scale=1.0, out=None):
            return self.backward(zs, activations, Y)

    X, Y = np.ones((3, 5)), np.zeros((2, 5))

    def weight_gradient(net):
        zs, activations = net.forward(X)
        return net.backward(zs, activations, Y)[1][0]

    right = nnlib.Network([3, 4, 2], rng=0)
    reports = [" ".join(repr(check_values(lambda: weight_gradient(cls([3, 4, 2], rng=0)),
                                          lambda: weight_gradient(right), [()],
                                          name="FixedNetwork")).split())
               for cls in (Looping, Itself)]
    assert "raised RecursionError" in reports[0]
    assert ("Looping.backward calls Network.backprop, which calls Looping.backward "
            "again, without end") in reports[0]
    assert "Itself.backward calls itself without end" in reports[1]
    assert "super().backward" in reports[1]
    # raised with a short traceback, no cycle to name: the plain hint

    def raises():
        raise RecursionError("too deep")

    plain = " ".join(repr(check_values(raises, lambda: 1.0, [()])).split())
    assert "raised RecursionError: too deep" in plain
    assert "calls itself without end, directly or through another function" in plain

    # a plain function has no super(); two of the reader's own functions need no library
    def slope(w):
        return 2 * slope(w)

    class Dual:
        def __init__(self, val):
            self.val = val

        def __add__(self, other):
            return self - other

        def __sub__(self, other):
            return self + other

    alone = " ".join(repr(check_values(slope, lambda w: w, [1.0])).split())
    assert "slope calls itself without end" in alone
    assert "super()" not in alone and "a function of nnlib's, say" in alone
    pair = " ".join(repr(check_values(lambda: (Dual(1.0) + Dual(2.0)).val,
                                      lambda: 3.0, [()])).split())
    assert "Dual.__add__ calls Dual.__sub__, which calls Dual.__add__ again" in pair
    assert "one of them must find its result without calling the other" in pair


def test_a_whole_number_is_shown_with_every_digit():
    report = check_number(1234567891, 1234567891).report
    assert "yours 1234567891   expected 1234567891" in report


def test_a_column_where_a_flat_array_belongs_is_told_how_to_flatten_it():
    report = check_values(lambda: np.ones((3, 1)), lambda: np.ones(3), [()],
                          exact_shape=True, name="f").report
    assert "shape (3, 1), expected (3,)" in report
    assert "A column where a flat array belongs: make it flat, .ravel()" in \
        " ".join(report.split())


def test_a_placeholder_found_by_the_check_says_what_to_do():
    # a check's own test for a placeholder left in the answer raises with a message
    def answer(x):
        raise NotImplementedError("put the slope in place of the ... above, run "
                                  "that cell, then this one again.")

    report = check_values(answer, lambda x: 2 * x, [1.0], name="slope").report
    assert report.startswith("○ slope: not answered yet.")
    assert "put the slope in place of the ... above" in report
    assert "raise NotImplementedError" not in report


def test_a_plain_number_where_a_dual_belongs_gets_a_hint():
    def answer(x):
        return x.val              # x is a float: a method returned a number

    report = " ".join(check_values(answer, lambda x: x, [1.0], name="Dual").report.split())
    assert "raised AttributeError: 'float' object has no attribute 'val'" in report
    assert "does each method return a Dual" in report


def test_a_readers_stub_with_a_message_still_says_which_cells_to_run():
    # only the check's own words replace the advice; a stub's message does not
    ns = notebook()
    run_cell(ANSWER.replace("raise NotImplementedError",
                            "raise NotImplementedError('write the slope here')"), ns, 1)
    report = " ".join(repr(run_cell(CHECK, ns, 2)).split())
    assert "not answered yet" in report
    assert "run that cell, then this one again" in report
