"""The finite-difference oracle itself: accuracy, and that it never leaves its input changed."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import nnlib


@pytest.mark.parametrize("points, h, tol", [(2, 1e-5, 1e-9), (4, 1e-3, 1e-11)])
def test_numerical_gradient_of_a_known_function(points, h, tol):
    x = np.array([[0.3, -1.2], [2.0, 0.7]])
    f = lambda x: float(np.sum(np.sin(x) * x ** 2))
    exact = np.cos(x) * x ** 2 + 2 * x * np.sin(x)
    assert_allclose(nnlib.numerical_gradient(f, x, h, points=points), exact, rtol=tol, atol=tol)


def test_input_is_restored_even_when_f_raises():
    x = np.array([1.0, 2.0, 3.0])
    before = x.copy()
    calls = []

    def f(v):
        calls.append(v.copy())
        if len(calls) == 3:
            raise RuntimeError("boom")
        return float(v.sum())

    with pytest.raises(RuntimeError, match="boom"):
        nnlib.numerical_gradient(f, x)
    assert np.array_equal(x, before)
    assert calls[2][1] == pytest.approx(2.0 + 1e-5)  # it really was nudging x in place


def test_input_is_bit_for_bit_unchanged_after_a_normal_run():
    x = np.random.default_rng(0).normal(size=(3, 4))
    before = x.copy()
    nnlib.numerical_gradient(lambda v: float(np.sum(v ** 3)), x, points=4)
    assert np.array_equal(x, before)


def test_relative_error():
    assert nnlib.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert nnlib.relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert nnlib.relative_error([1.0], [-1.0]) == pytest.approx(1.0)
    assert nnlib.relative_error([1.0], [1.0 + 2e-6]) == pytest.approx(1e-6, rel=1e-3)
    # zero up to rounding on both sides is agreement, not total disagreement
    assert nnlib.relative_error([0.0], [1e-17]) < 1e-8


def test_flat_function_gives_an_exactly_zero_difference():
    x = np.array([0.1, 0.2])
    assert np.array_equal(nnlib.numerical_gradient(lambda v: 0.7, x, points=4), [0.0, 0.0])


@pytest.mark.parametrize("error, expected", [
    (0.0, "below 1e-8"), (3.2e-11, "below 1e-8"), (9.99e-9, "below 1e-8"),
    (1e-8, "1.0e-08"), (0.031, "3.1e-02"), (1.0, "1.0e+00"),
])
def test_error_text_hides_digits_below_the_bound(error, expected):
    assert nnlib.error_text(error) == expected


def test_error_text_takes_other_bounds():
    assert nnlib.error_text(2e-13, bound=1e-12) == "below 1e-12"
    assert nnlib.error_text(2e-13, bound=5e-15) == "2.0e-13"
    assert nnlib.error_text(1e-20, bound=5e-15) == "below 5e-15"


@pytest.mark.parametrize("error, bound", [(-1e-3, 1e-8), (float("nan"), 1e-8), (1e-3, 0.0)])
def test_error_text_rejects_what_is_not_an_error(error, bound):
    with pytest.raises(ValueError, match="must be"):
        nnlib.error_text(error, bound=bound)


@pytest.mark.parametrize("error, bound, expected", [
    (1.2e-8, 1.5e-8, "below 1.5e-8"), (2.4e-3, 2.5e-3, "below 2.5e-3"),
    (1e-21, 1e-20, "below 1e-20"), (1e-16, 1e-15, "below 1e-15"),
    (1.5e-8, 1.5e-8, "1.5e-08")])
def test_error_text_states_the_bound_as_given(error, bound, expected):
    # the bound used to be rounded to one digit: 1.5e-8 read "below 1e-8", which was false
    assert nnlib.error_text(error, bound=bound) == expected


@pytest.mark.parametrize("h", [0, 0.0, -1e-5, float("nan"), float("inf"), "1e-5", None])
def test_numerical_gradient_needs_a_positive_finite_step(h):
    with pytest.raises(ValueError, match=r"h must be a positive finite number"):
        nnlib.numerical_gradient(lambda x: float(np.sum(x ** 2)), np.ones(2), h)


@pytest.mark.parametrize("shape", [(0,), (3, 0)])
def test_numerical_gradient_of_an_empty_array_is_empty(shape):
    def f(x):
        raise AssertionError("nothing to nudge, so f is never called")

    grad = nnlib.numerical_gradient(f, np.zeros(shape))
    assert grad.shape == shape


def test_a_step_that_rounds_away_is_refused():
    # x + h == x made a "gradient" of zeros, and a float32 x a gradient 0.1% off,
    # without a word
    def square(x):
        return float((x ** 2).sum())
    with pytest.raises(ValueError, match=r"h = 1e-20 is too small.*stored as x \+ 0,"):
        nnlib.numerical_gradient(square, np.ones(2), h=1e-20)
    with pytest.raises(ValueError, match=r"in float32.*use a float64 x \(x.astype\(float\)\), "
                                         r"or a larger h \(about 1e-2"):
        nnlib.numerical_gradient(square, np.array([1.0, 3.0], dtype=np.float32))
    x = np.array([1.0, 3.0], dtype=np.float32)
    np.testing.assert_allclose(nnlib.numerical_gradient(square, x, h=1e-2), [2, 6], rtol=1e-4)


@pytest.mark.parametrize("points", [2, 4])
@pytest.mark.parametrize("x0", [1.0, 0.1, 123456.789, 3e5, -2.5e6, 1e7, -256.0,
                                2.0**23 - 1e-5])
def test_the_quotient_divides_by_the_width_as_stored(x0, points):
    # f(x) = x / 2 is computed exactly, so its slope comes out exact when the
    # quotient divides by (x + h) - (x - h) as stored: dividing by 2h was off by
    # 3e-7 at 123456.789 and 9e-5 at 1e7 (for other slopes f's own rounding adds
    # its share, as it must)
    x = np.array([x0])
    grad = nnlib.numerical_gradient(lambda x: float(0.5 * x[0]), x, points=points)
    assert grad[0] == 0.5
    assert x[0] == x0


@pytest.mark.parametrize("points", [2, 4])
@pytest.mark.parametrize("x0, h", [(-256.0, 1e-5), (-1.0, 1e-7), (-0.5, 1e-8),
                                   (2.0**23 - 1e-5, 1e-5), (1.0, 1e-5)])
def test_negative_numbers_and_powers_of_two_are_nudged_like_any(x0, h, points):
    # beside a power of two the floats on one side are twice as far apart as on
    # the other: x + 2h (or x - h, for a negative x) rounds there, and a version
    # that required exact nudges refused -256 with the default h
    grad = nnlib.numerical_gradient(lambda v: float(v[0] ** 2), np.array([x0]), h=h,
                                    points=points)
    assert grad[0] == pytest.approx(2 * x0, rel=1e-7)


def test_an_h_too_small_for_float64_is_refused_with_advice():
    # at x = 1e4, x + 1e-12 is stored as x + 1.8e-12: the quotient came out 18% off
    with pytest.raises(ValueError, match=r"h = 1e-12 is too small for an entry of x of "
                                         r"10000 in float64.*about 1e-01 suits 10000"):
        nnlib.numerical_gradient(lambda v: float(v[0] ** 2), np.array([1e4]), h=1e-12)


def test_relative_error_holds_at_any_magnitude():
    # the norms squared their entries: 1e200 overflowed to NaN, 1e-170 vanished to
    # a "perfect agreement" of 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert nnlib.relative_error([1e200], [2e200]) == pytest.approx(1 / 3)
        assert nnlib.relative_error([1e-170], [3e-170], floor=1e-300) == pytest.approx(0.5)
        assert nnlib.relative_error([1e308, -1e308], [-1e308, 1e308]) == 1.0
        # the floor still counts in the numbers' own units
        assert nnlib.relative_error([1e-17], [0.0]) == pytest.approx(1e-9)
        assert nnlib.relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert np.isnan(nnlib.relative_error([np.inf], [1.0]))
    assert np.isnan(nnlib.relative_error([1.0, np.nan], [1.0, 1.0]))


def test_relative_error_names_an_int_beyond_the_floats():
    # a raw OverflowError ("int too large to convert to float") came through
    with pytest.raises(ValueError, match=r"relative_error compares real numbers; "
                                         r"analytic holds a number too large for a float"):
        nnlib.relative_error([10**400], [1.0])


def test_relative_error_takes_the_pair_backprop_returns():
    # (nabla_b, nabla_w) is a pair of lists: numpy's 'inhomogeneous shape' error
    net = nnlib.Network([2, 3, 2], rng=np.random.default_rng(0))
    X, Y = np.ones((2, 4)), np.zeros((2, 4))
    nabla_b, nabla_w = net.backprop(X, Y)
    assert nnlib.relative_error((nabla_b, nabla_w), (nabla_b, nabla_w)) == 0.0
    doubled = ([2 * b for b in nabla_b], [2 * w for w in nabla_w])
    assert nnlib.relative_error((nabla_b, nabla_w), doubled) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match=r"shapes \[\(3, 1\), \(2, 1\), \(3, 2\), \(2, 3\)\] "
                                         r"and \[\(3, 1\), \(2, 1\)\]"):
        nnlib.relative_error((nabla_b, nabla_w), [nabla_b])
    # a list of plain numbers is one array, as before
    assert nnlib.relative_error([np.array([1.0, 2.0])], [[1.0, 2.0]]) == 0.0


def test_derivative_error_names_a_function_without_return():
    def forgetful(z):
        1 / (1 + np.exp(-z))
    with pytest.raises(ValueError, match="fn must be a number.*NoneType.*`return`"):
        nnlib.derivative_error(forgetful, nnlib.sigmoid_prime, np.zeros(3))
    with pytest.raises(ValueError, match="prime must be a number.*NoneType.*`return`"):
        nnlib.derivative_error(nnlib.sigmoid, forgetful, np.zeros(3))


def test_any_layout_of_x_is_nudged_where_f_reads_it():
    # f(v) = Σ v², so the gradient is 2v, whatever order x is stored in
    def f(v):
        return float((v ** 2).sum())

    x = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    assert_allclose(nnlib.numerical_gradient(f, x), 2 * x, rtol=1e-9)
    assert_allclose(nnlib.numerical_gradient(f, x.T), 2 * x.T, rtol=1e-9)
    # a view into a larger array that f reads by a closure, not through its
    # argument: nudging a copy instead would have given zeros
    w = np.arange(12.0).reshape(3, 4) / 10
    column = w[:, 1]
    gradient = nnlib.numerical_gradient(lambda _: float((w ** 2).sum()), column)
    assert_allclose(gradient, 2 * w[:, 1], rtol=1e-9)
    assert_array_equal(w, np.arange(12.0).reshape(3, 4) / 10)   # put back


def test_a_layer_assigned_as_a_transpose_is_checked_like_any_other():
    rng = np.random.default_rng(3)
    net = nnlib.Network([3, 4, 2], rng=np.random.default_rng(0))
    w = rng.normal(size=(3, 4))
    net.weights[0] = w.T               # the right shape, stored column by column
    assert_array_equal(net.weights[0], w.T)
    assert net.weights[0].flags.c_contiguous    # stored like every other layer
    X, Y = rng.uniform(0, 1, (3, 5)), rng.uniform(0, 1, (2, 5))
    for row in nnlib.check_network_gradients(net, X, Y):
        assert row["weights"] < 1e-7 and row["biases"] < 1e-7


def test_the_network_check_numbers_layers_from_2_and_uses_its_points():
    net = nnlib.Network([3, 4, 5, 2], rng=np.random.default_rng(0))
    rng = np.random.default_rng(1)
    X, Y = rng.uniform(0, 1, (3, 5)), rng.uniform(0, 1, (2, 5))
    report = nnlib.check_network_gradients(net, X, Y)
    assert [r["layer"] for r in report] == [2, 3, 4]
    # at a large step the 4-point formula is far closer than the 2-point one,
    # for the weights and the biases alike
    two = nnlib.check_network_gradients(net, X, Y, h=0.1, points=2)
    four = nnlib.check_network_gradients(net, X, Y, h=0.1, points=4)
    for r2, r4 in zip(two, four):
        assert r4["weights"] < r2["weights"] / 20 and r4["biases"] < r2["biases"] / 20
