"""The exercise checks accept right answers and reject typical wrong ones, saying how."""

import numpy as np

from nnlib.book.exercises import WIDTH, check_derivative, check_number, check_values

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
