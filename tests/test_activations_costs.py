"""Activations and costs against central differences, and the checker against a wrong derivative."""

import math
import warnings
from decimal import Decimal, localcontext

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import nnlib
from nnlib import activations
from nnlib.activations import ACTIVATIONS, get_activation
from nnlib.costs import CrossEntropyCost, QuadraticCost, softmax, softmax_jacobian

H = 1e-6


def central(f, z):
    return (f(z + H) - f(z - H)) / (2 * H)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_each_derivative_matches_central_differences(name, rng):
    act = ACTIVATIONS[name]
    z = rng.uniform(-6, 6, size=200)
    z = z[np.abs(z) > 1e-3]  # keep away from ReLU's kink
    analytic, numeric = act.prime(z), central(act.fn, z)
    assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9,
                    err_msg=f"{name}': analytic vs central difference")


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_from_a_equals_derivative_from_z(name, rng):
    act = ACTIVATIONS[name]
    z = rng.uniform(-6, 6, size=200)
    assert_allclose(act.prime_from_a(act.fn(z)), act.prime(z), rtol=1e-12, atol=1e-15)


def test_relus_slope_at_the_kink_is_the_one_the_book_takes():
    # central differences cannot speak at z = 0 (the test above keeps away from it):
    # the slope there is a choice, and the book says nnlib takes 0, from z and from a
    z = np.array([-1.0, -0.0, 0.0, 1e-300, 2.0])
    assert_array_equal(nnlib.relu_prime(z), [0.0, 0.0, 0.0, 1.0, 1.0])
    assert_array_equal(activations.relu_prime_from_a(nnlib.relu(z)), [0.0, 0.0, 0.0, 1.0, 1.0])


def test_checker_catches_a_wrong_derivative(rng):
    z = rng.uniform(-4, 4, size=100)
    right = nnlib.derivative_error(nnlib.sigmoid, nnlib.sigmoid_prime, z)
    # a classic slip: σ'(a) written where σ'(z) is meant
    wrong = nnlib.derivative_error(nnlib.sigmoid, lambda z: nnlib.sigmoid_prime(nnlib.sigmoid(z)), z)
    assert right < 1e-8
    assert wrong > 1e-2


# σ takes one of two ways by the size of its input (see nnlib.activations.sigmoid):
# every check of σ's values runs on a small array and on one past the switch
SIGMOID_SIZES = [1, activations._NUMPY_FROM]


@pytest.mark.parametrize("copies", SIGMOID_SIZES)
def test_sigmoid_is_stable_for_huge_inputs(copies):
    z = np.tile([-1e4, -800.0, -40.0, 0.0, 40.0, 800.0, 1e4], (copies, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s, ds = nnlib.sigmoid(z), nnlib.sigmoid_prime(z)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds))
    assert np.all(s == s[0])
    s = s[0]
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    # math's exp, one number at a time: not the arithmetic sigmoid does on arrays
    assert_allclose(s[2], 1 / (1 + math.exp(40.0)), rtol=1e-14)
    assert_allclose(s[4], 1 / (1 + math.exp(-40.0)), rtol=1e-15)


@pytest.mark.parametrize("chunk", [activations._NUMPY_FROM // 10, 4 * activations._NUMPY_FROM])
def test_sigmoid_to_the_last_digits_against_fifty_digit_decimals(rng, chunk):
    z = np.concatenate([np.linspace(-700.0, 700.0, 1401), rng.normal(0.0, 8.0, size=2000)])
    with localcontext() as ctx:
        ctx.prec = 50
        exact = np.array([float(1 / (1 + (-Decimal(float(v))).exp())) for v in z])
    s = np.concatenate([nnlib.sigmoid(z[k:k + chunk]) for k in range(0, len(z), chunk)])
    ulps = np.abs(s - exact) / np.spacing(exact)
    assert ulps.max() <= 4


def test_sigmoid_keeps_the_shape_and_takes_numbers_lists_and_integers():
    assert nnlib.sigmoid(0.0) == 0.5
    assert_allclose(nnlib.sigmoid([0, 1]), [0.5, 1 / (1 + math.exp(-1.0))], rtol=1e-15)
    for n in SIGMOID_SIZES:
        z = np.arange(-n, n).reshape(2, n) // 4      # integers, e^{-z} finite
        s = nnlib.sigmoid(z)
        assert s.shape == z.shape and s.dtype == float
        exact = [1 / (1 + math.exp(-float(v))) for v in z.ravel()]
        assert_allclose(s.ravel(), exact, rtol=1e-15)


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match=r"unknown activation 'softsign'.*'relu'"):
        get_activation("softsign")


def test_quadratic_cost_is_half_squared_norm_averaged_over_columns():
    a = np.array([[0.2, 0.9], [0.4, 0.1]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    expected = (0.5 * (0.2**2 + 0.6**2) + 0.5 * (0.1**2 + 0.1**2)) / 2
    assert QuadraticCost().fn(a, y) == pytest.approx(expected, rel=1e-15)


def test_cross_entropy_value_and_log_zero():
    p = np.array([[0.7, 0.0], [0.3, 1.0]])
    y = np.array([[1.0, 1.0], [0.0, 0.0]])
    c = CrossEntropyCost().fn(p, y)
    assert np.isfinite(c)
    assert c == pytest.approx((-np.log(0.7) - np.log(np.finfo(float).tiny)) / 2)


def test_a_certain_right_answer_costs_zero_not_minus_zero():
    # softmax([40, 0]) is (1, 4e-18) in floating point: log 1 = 0, and the sum
    # of −y log p over zeros must not come out as −0.0 (printed "-0.0")
    p = nnlib.softmax(np.array([[40.0, 0.0], [0.0, 40.0]]))
    c = CrossEntropyCost().fn(p, np.eye(2))
    assert c == 0.0 and math.copysign(1.0, c) == 1.0, c
    assert str(c) == "0.0"


@pytest.mark.parametrize("cost_name", ["quadratic", "cross_entropy"])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "identity"])
def test_output_error_is_derivative_of_per_example_cost(cost_name, activation, rng):
    cost = nnlib.costs.get_cost(cost_name, activation)
    z = rng.normal(0, 2, size=(4, 1))
    y = np.eye(4)[:, [2]] if cost_name == "cross_entropy" else rng.uniform(size=(4, 1))
    delta = cost.delta(z, cost.output(z), y)
    numeric = np.zeros_like(z)
    for j in range(4):
        dz = np.zeros_like(z)
        dz[j] = H
        numeric[j] = (cost.fn(cost.output(z + dz), y) - cost.fn(cost.output(z - dz), y)) / (2 * H)
    assert_allclose(delta, numeric, rtol=1e-6, atol=1e-9, err_msg="δ^L vs central difference")


def test_softmax_columns_sum_to_one_without_overflow():
    z = np.array([[1000.0, -5.0], [1001.0, 5.0], [999.0, 0.0]])
    p = softmax(z)
    assert_allclose(p.sum(axis=0), 1.0)
    assert np.all(np.isfinite(p))


def test_softmax_of_an_infinite_score_is_its_limit():
    # z − max(z) would be ∞ − ∞ = NaN; the limit is defined and numpy must not warn
    inf = np.inf
    z = np.array([[inf, inf, -inf, np.nan],
                  [0.0, inf, -inf, 0.0],
                  [-inf, 2.0, -inf, 1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = softmax(z)
    assert_array_equal(p[:, :3], [[1, 0.5, 1 / 3], [0, 0.5, 1 / 3], [0, 0, 1 / 3]])
    assert np.isnan(p[:, 3]).all()   # NaN in, NaN out, as σ does
    assert_array_equal(softmax(np.array([inf, 1.0])), [1.0, 0.0])


def test_softmax_jacobian_matches_central_differences(rng):
    z = rng.normal(size=5)
    numeric = np.zeros((5, 5))
    for j in range(5):
        dz = np.zeros(5)
        dz[j] = H
        numeric[:, j] = (softmax((z + dz)[:, None]) - softmax((z - dz)[:, None])).ravel() / (2 * H)
    assert_allclose(softmax_jacobian(z), numeric, rtol=1e-6, atol=1e-10)


@pytest.mark.parametrize("cost", [QuadraticCost(), CrossEntropyCost()], ids=["quadratic", "ce"])
@pytest.mark.parametrize("a_shape, y_shape", [((3, 1), (3,)), ((3,), (3,)), ((3, 2), (3, 1)),
                                              ((3, 2), (2, 3)), ((3, 2, 1), (3, 2, 1))])
def test_costs_refuse_a_and_y_that_would_broadcast(cost, a_shape, y_shape):
    # (3, 1) against (3,) broadcast to (3, 3): a wrong cost and a (3, 3) δ without a word
    a, y = np.full(a_shape, 0.5), np.full(y_shape, 0.25)
    for call in (lambda: cost.fn(a, y), lambda: cost.delta(a, a, y)):
        with pytest.raises(ValueError, match=r"a and y must have the same shape \(n_L, m\)"):
            call()


@pytest.mark.parametrize("shape", [(4, 1), (4,)])
def test_softmax_jacobian_takes_a_column_or_a_vector(shape, rng):
    z = rng.normal(size=4)
    assert_allclose(softmax_jacobian(z.reshape(shape)), softmax_jacobian(z), rtol=0)


@pytest.mark.parametrize("shape", [(4, 3), (2, 2), (1, 4), ()])
def test_softmax_jacobian_refuses_a_batch(shape):
    # an (n, m) batch used to be flattened into one (nm × nm) Jacobian
    with pytest.raises(ValueError, match=r"one example, z of shape \(n,\) or \(n, 1\)"):
        softmax_jacobian(np.zeros(shape))


def test_softmax_refuses_a_row_of_scores_and_fewer_than_two_classes():
    # softmax runs down columns: a row (1, n) was n examples of one class each,
    # and came back as all ones
    with pytest.raises(ValueError, match=r"at least 2 classes.*received shape \(1, 3\); "
                                         r"a row of scores\? pass z.T"):
        nnlib.softmax(np.array([[1.0, 2.0, 3.0]]))
    for z in ([[1.0]], [1.0], 2.0, np.zeros((0, 3)), np.zeros((2, 2, 2))):
        with pytest.raises(ValueError, match="at least 2 classes"):
            nnlib.softmax(z)
    with pytest.raises(ValueError, match="z must be a number.*received str"):
        nnlib.softmax_jacobian("ab")
    assert nnlib.softmax(np.array([[1.0, 2.0, 3.0]]).T).sum() == pytest.approx(1.0)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_sigmoid_gives_the_same_numbers_and_type_for_any_batch_size(dtype):
    # small arrays go through expit, large ones through numpy's exp: in half
    # precision the second overflowed, σ(−12) = 0 against 6.1e-06
    small = np.full(3, -12.0, dtype=dtype)
    large = np.full(4096, -12.0, dtype=dtype)
    a, b = nnlib.sigmoid(small), nnlib.sigmoid(large)
    assert a.dtype == b.dtype
    assert np.all(b == b[0]) and b[0] == pytest.approx(a[0], rel=1e-6)
    assert a[0] == pytest.approx(1 / (1 + np.exp(12.0)), rel=1e-3)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_each_activation_and_its_slopes_keep_single_precision(name):
    # a float32 batch stays float32 through fn, prime and prime_from_a alike
    # (relu's slopes once came back float64 while every other stayed float32)
    act = ACTIVATIONS[name]
    z = np.array([[-1.5, 0.0, 2.0]], dtype=np.float32)
    slopes = [act.fn(z), act.prime(z), act.prime_from_a(act.fn(z))]
    assert [s.dtype for s in slopes] == [np.float32] * 3
    np.testing.assert_allclose(slopes[2], slopes[1], rtol=1e-6)


def test_slopes_from_the_activation_are_floats_for_whole_numbers():
    # an int array of activations gives float slopes, as a float one does
    for name in ("relu", "identity"):
        slope = ACTIVATIONS[name].prime_from_a(np.array([0, 2, -1]))
        assert slope.dtype == np.float64, name


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_slopes_from_the_activation_take_lists_and_name_a_none(name):
    # a list of activations gives the slopes of the array it holds; a None
    # (a function that forgot its return) is named, not a TypeError
    act = ACTIVATIONS[name]
    a = [0.2, 0.5, 0.9]
    np.testing.assert_array_equal(act.prime_from_a(a),
                                  act.prime_from_a(np.array(a)))
    with pytest.raises(ValueError, match="a must be a number.*`return`"):
        act.prime_from_a(None)


def _exact_slope(name, z):
    """σ'(z) or tanh'(z) to 50 digits, from e^{-|z|} (decimal arithmetic)."""
    with localcontext() as ctx:
        ctx.prec = 50
        if name == "sigmoid":               # e^{-|z|} / (1 + e^{-|z|})^2
            e = Decimal(-abs(z)).exp()
            return float(e / (1 + e) ** 2)
        e = Decimal(-2 * abs(z)).exp()      # 4 e^{-2|z|} / (1 + e^{-2|z|})^2
        return float(4 * e / (1 + e) ** 2)


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_the_s_curves_slopes_keep_their_digits_where_the_curve_is_flat(name):
    # 1 - σ(z) and 1 - tanh²(z) cancel every digit where the curve nears its
    # ceiling: σ'(40) came out 0, not 4.2e-18, and σ'(20) 3.6e-8 off
    prime = nnlib.sigmoid_prime if name == "sigmoid" else nnlib.tanh_prime
    zs = [0.0, 0.5, 3.0, 5.52, 10.0, 19.32, 20.0, 30.0, 40.0, 100.0, 300.0]
    for z in zs + [-z for z in zs]:
        exact = _exact_slope(name, z)
        assert exact > 0
        assert float(prime(z)) == pytest.approx(exact, rel=1e-15, abs=0), z
    assert float(prime(1e4)) == 0.0          # below the smallest float: 0, no warning


def test_softmax_of_scores_farther_apart_than_the_largest_float_says_nothing():
    # z − max(z) is −∞ there (an overflow numpy warned of), and e^{−∞} = 0 is the
    # right limit: no warning, the right answer
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_array_equal(softmax(np.array([1e308, -1e308])), [1.0, 0.0])
        assert_array_equal(softmax(np.array([3e38, -3e38], dtype=np.float32)), [1.0, 0.0])
        assert_array_equal(softmax(np.array([np.inf, -1e308, 0.0])), [1.0, 0.0, 0.0])
