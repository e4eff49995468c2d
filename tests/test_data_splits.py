"""The data sets: the digits as scikit-learn gives them; the three-way split: disjoint parts
that cover every column, the test part unchanged."""

import re

import numpy as np
import pytest
from numpy.testing import assert_allclose

from nnlib.data import (line_points, load_digits, one_hot, train_test_split,
                        train_validation_test_split)


def numbered(m):
    """Columns that say which example they are: X row 0 and Y's only row hold k."""
    k = np.arange(m, dtype=float)
    return np.vstack([k, -k]), k[None, :].copy()


@pytest.mark.parametrize("m, validation, test", [(100, 0.2, 0.25), (1797, 0.2, 0.25), (7, 0.3, 0.3)])
def test_parts_are_disjoint_cover_everything_and_keep_pairs(m, validation, test):
    X, Y = numbered(m)
    parts = train_validation_test_split(X, Y, validation_fraction=validation,
                                        test_fraction=test, rng=np.random.default_rng(4))
    seen = []
    for X_part, Y_part in parts:
        assert X_part.shape[0] == 2 and Y_part.shape[0] == 1
        np.testing.assert_array_equal(X_part[0], Y_part[0])      # columns stay paired
        np.testing.assert_array_equal(X_part[1], -Y_part[0])
        seen.extend(Y_part[0].astype(int))
    assert sorted(seen) == list(range(m))
    (_, Y_train), (_, Y_val), (_, Y_test) = parts
    assert Y_test.shape[1] == round(m * test)
    assert Y_val.shape[1] == round(m * validation)


def test_test_part_is_the_one_train_test_split_gives():
    X, Y = numbered(1797)
    _, _, X_test_2, Y_test_2 = train_test_split(X, Y, test_fraction=0.25, rng=np.random.default_rng(0))
    (X_train, _), (X_val, _), (X_test, Y_test) = train_validation_test_split(
        X, Y, validation_fraction=0.2, test_fraction=0.25, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(X_test, X_test_2)
    np.testing.assert_array_equal(Y_test, Y_test_2)
    assert X_train.shape[1] + X_val.shape[1] == 1797 - 449


def test_same_generator_state_gives_the_same_split():
    X, Y = numbered(50)
    a = train_validation_test_split(X, Y, validation_fraction=0.2, test_fraction=0.2, rng=3)
    b = train_validation_test_split(X, Y, validation_fraction=0.2, test_fraction=0.2, rng=3)
    for (Xa, Ya), (Xb, Yb) in zip(a, b):
        np.testing.assert_array_equal(Xa, Xb)
        np.testing.assert_array_equal(Ya, Yb)


@pytest.mark.parametrize("validation, test, message", [
    (0.2, 0.0, r"test_fraction must be between 0 and 1; received 0.0"),
    (-0.1, 0.2, r"validation_fraction must be at least 0 and below 1; received -0.1"),
    (0.5, 0.5, r"leave no training examples out of 10"),
])
def test_bad_fractions_are_named(validation, test, message):
    X, Y = numbered(10)
    with pytest.raises(ValueError, match=message):
        train_validation_test_split(X, Y, validation_fraction=validation, test_fraction=test, rng=0)


def test_digits_are_scikit_learns_in_the_books_layout():
    from sklearn.datasets import load_digits as sklearn_digits

    X, Y, labels = load_digits()
    bunch = sklearn_digits()
    np.testing.assert_array_equal(X, bunch.data.T / 16.0)
    np.testing.assert_array_equal(labels, bunch.target)
    assert labels.dtype.kind == "i"
    np.testing.assert_array_equal(Y, one_hot(bunch.target, 10))


@pytest.mark.parametrize("labels", [[2, 0, 1], [2.0, 0.0, 1.0], np.array([2, 0, 1], np.uint8),
                                    np.array([2.0, 0.0, 1.0], np.float32)])
def test_one_hot_takes_whole_numbers_of_any_numeric_type(labels):
    # floats are what np.loadtxt gives; they used to fail as indices
    np.testing.assert_array_equal(one_hot(labels, np.int64(3)),
                                  [[0, 1, 0], [0, 0, 1], [1, 0, 0]])


@pytest.mark.parametrize("labels, n_classes, message", [
    ([True, False], 2, r"classes 0..1; received an array of bool"),   # was [[1, 1], [0, 0]]
    ([0.0, 1.5], 2, r"received 1.5 at position 1"),
    ([0.0, float("nan")], 2, r"received nan at position 1"),
    ([0, 3], 3, r"classes 0..2; received 3 at position 1"),
    ([-1], 3, r"received -1 at position 0"),
    (["0"], 3, r"received an array of <U1"),
    ([[0, 1]], 2, r"1-D array.*shape \(1, 2\)"),
    ([0, 1], 2.0, r"n_classes must be an integer of at least 1; received 2.0"),
    ([0, 1], True, r"n_classes must be an integer"),
])
def test_one_hot_names_what_is_wrong(labels, n_classes, message):
    with pytest.raises(ValueError, match=message):
        one_hot(labels, n_classes)


@pytest.mark.parametrize("validation, test, part", [(0.0, 0.1, "test"), (0.1, 0.25, "validation")])
def test_a_part_too_small_for_the_data_is_an_error_not_empty(validation, test, part):
    # 4 examples: 10 % of them rounds to none, which used to give an empty part
    X, Y = numbered(4)
    with pytest.raises(ValueError, match=rf"{part}_fraction=0.1 of 4 examples leaves the {part} "
                                         rf"part empty"):
        train_validation_test_split(X, Y, validation_fraction=validation, test_fraction=test,
                                    rng=0)
    if validation == 0.0:
        with pytest.raises(ValueError, match="leaves the test part empty"):
            train_test_split(X, Y, test_fraction=test, rng=0)


def test_split_takes_lists_and_labels_as_y():
    X, Y = numbered(10)
    from_arrays = train_test_split(X, Y[0], test_fraction=0.3, rng=5)
    from_lists = train_test_split(X.tolist(), Y[0].tolist(), test_fraction=0.3, rng=5)
    for got, want in zip(from_lists, from_arrays):
        np.testing.assert_array_equal(got, want)
    assert from_arrays[3].shape == (3,)


@pytest.mark.parametrize("X, Y", [(np.ones(4), np.ones(4)), (np.ones((2, 4, 1)), np.ones(4)),
                                  (np.ones((2, 4)), np.float64(1.0))])
def test_split_wants_examples_as_columns(X, Y):
    with pytest.raises(ValueError, match=r"X must have shape \(n, m\), one column per example"):
        train_test_split(X, Y, test_fraction=0.25, rng=0)


@pytest.mark.parametrize("labels", [False, True])
def test_examples_stored_as_rows_are_told_to_turn(labels):
    # a data set from elsewhere often has one example per row: X (m, n), Y (m, k)
    X, Y = numbered(10)
    Y_rows = Y[0] if labels else Y.T
    turn = "X.T" if labels else "X.T and Y.T"
    with pytest.raises(ValueError, match=rf"same number of columns, one per example; "
                                         rf"received 2 and {Y_rows.shape[-1]} \(one "
                                         rf"example per row\? .*pass {re.escape(turn)}\)"):
        train_test_split(X.T, Y_rows, test_fraction=0.3, rng=0)


def test_other_mismatched_columns_get_no_such_hint():
    X, Y = numbered(10)
    with pytest.raises(ValueError, match=r"received 10 and 9$"):
        train_test_split(X, Y[:, :9], test_fraction=0.3, rng=0)


def test_the_split_shuffles_and_another_generator_gives_another_split():
    X, Y = numbered(100)
    parts = [train_validation_test_split(X, Y, validation_fraction=0.2, test_fraction=0.2,
                                         rng=np.random.default_rng(seed)) for seed in (0, 1)]
    tests = [part[2][0][0] for part in parts]   # the example numbers in each test part
    for numbers in tests:
        assert not np.array_equal(np.sort(numbers), np.arange(numbers.min(), numbers.max() + 1)) \
            or not np.array_equal(numbers, np.sort(numbers))
    assert not np.array_equal(tests[0], tests[1])


def test_line_points_lie_about_the_line_asked_for():
    # 4,000 points: the fitted line and the spread about it come out as asked
    x, y = line_points(np.random.default_rng(0), 4000, slope=-1.7, intercept=0.6,
                       noise=0.3, x_range=(1.0, 3.0))
    assert np.all(np.diff(x) >= 0) and 1.0 <= x.min() and x.max() <= 3.0
    slope, intercept = np.polyfit(x, y, 1)
    assert slope == pytest.approx(-1.7, abs=0.03)
    assert intercept == pytest.approx(0.6, abs=0.06)
    assert np.std(y - (slope * x + intercept)) == pytest.approx(0.3, rel=0.05)
    x0, y0 = line_points(np.random.default_rng(0), 5, slope=2.0, intercept=-1.0,
                         noise=0.0)
    assert_allclose(y0, 2.0 * x0 - 1.0, rtol=0, atol=1e-15)
