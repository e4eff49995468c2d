"""The exercise checks accept right answers and reject typical wrong ones, saying how."""

import numpy as np

from nnlib.book.exercises import check_derivative, check_number, check_values

f = lambda w: (w - 3.0) ** 2


def test_right_derivative_passes_with_a_line_per_point():
    result = check_derivative(lambda w: 2 * (w - 3.0), f, [0.0, 1.5, 4.0])
    assert result.passed and bool(result)
    assert repr(result).startswith("✓ your derivative agrees with the finite-difference value at all 3")
    assert repr(result).count("✓") == 4


def test_forgotten_factor_two_fails_and_shows_both_values():
    result = check_derivative(lambda w: w - 3.0, f, [0.0, 1.5])
    assert not result.passed
    assert "yours -3   finite-difference -6   ✗" in result.report


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


def test_check_number():
    assert check_number(0.2910277737, 0.29102777370001).passed
    assert not check_number(0.291027924, 0.2910277737).passed
    assert "not answered yet" in check_number(None, 1.0).report


def test_derivative_with_respect_to_the_first_of_several_arguments():
    g = lambda w, a: 0.5 * (w * a - 1.0) ** 2
    assert check_derivative(lambda w, a: (w * a - 1.0) * a, g, [(0.5, 2.0), (1.0, -1.0)]).passed
