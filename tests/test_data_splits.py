"""The data sets: the digits as scikit-learn gives them; the three-way split: disjoint parts
that cover every column, the test part unchanged."""

import numpy as np
import pytest

from nnlib.data import (load_digits, one_hot, train_test_split,
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
