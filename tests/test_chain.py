"""nnlib.chain against an independent oracle: central finite differences of a forward pass
written here from scratch (plain floats and math.exp, no nnlib)."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from nnlib import chain
from nnlib.activations import sigmoid_prime

H = 1e-6  # central-difference step: error O(H²) ≈ 1e-12, round-off ≈ 1e-16 / H = 1e-10


def sigma(z):
    return 1.0 / (1.0 + math.exp(-z))


def oracle_forward(a_Lm2, w_Lm1, b_Lm1, w_L, b_L, y):
    """The chain computed independently: the cost C and every node on the way."""
    z_Lm1 = w_Lm1 * a_Lm2 + b_Lm1
    a_Lm1 = sigma(z_Lm1)
    z_L = w_L * a_Lm1 + b_L
    a_L = sigma(z_L)
    return {"z_Lm1": z_Lm1, "a_Lm1": a_Lm1, "z_L": z_L, "a_L": a_L,
            "C": 0.5 * (a_L - y) ** 2}


def central(f, x, h=H):
    return (f(x + h) - f(x - h)) / (2 * h)


def random_chain(seed):
    rng = np.random.default_rng(seed)
    names = ("a_Lm2", "w_Lm1", "b_Lm1", "w_L", "b_L", "y")
    values = rng.uniform(-2, 2, size=6)
    values[0], values[5] = rng.uniform(0, 1, size=2)  # an activation and a target in (0, 1)
    return dict(zip(names, (float(v) for v in values)))


DEFAULTS = {"a_Lm2": 0.8, "w_Lm1": 0.6, "b_Lm1": -0.2, "w_L": 1.2, "b_L": 0.3, "y": 0.1}
CHAINS = [DEFAULTS] + [random_chain(seed) for seed in range(8)]

# each link as a one-argument function of its parent, everything else held at `c`
LINKS = {
    ("w_Lm1", "z_Lm1"): lambda c: lambda w: w * c["a_Lm2"] + c["b_Lm1"],
    ("z_Lm1", "a_Lm1"): lambda c: sigma,
    ("a_Lm1", "z_L"): lambda c: lambda a: c["w_L"] * a + c["b_L"],
    ("w_L", "z_L"): lambda c: lambda w: w * oracle_forward(**c)["a_Lm1"] + c["b_L"],
    ("z_L", "a_L"): lambda c: sigma,
    ("a_L", "C"): lambda c: lambda a: 0.5 * (a - c["y"]) ** 2,
}


def test_forward_at_the_book_defaults():
    v = chain.forward()
    assert_allclose(v["z_Lm1"], 0.6 * 0.8 - 0.2)
    for name, value in oracle_forward(**DEFAULTS).items():
        assert_allclose(v[name], value, rtol=1e-15, err_msg=name)


@pytest.mark.parametrize("c", CHAINS)
@pytest.mark.parametrize("link", sorted(LINKS))
def test_each_local_derivative_matches_central_differences(c, link):
    values = {**oracle_forward(**c), **c}
    numeric = central(LINKS[link](c), values[link[0]])
    analytic = chain.local_derivatives(chain.forward(**c))[link]
    assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-9,
                    err_msg=f"∂{link[1]}/∂{link[0]}: analytic {analytic!r}, numeric {numeric!r}")


@pytest.mark.parametrize("c", CHAINS)
@pytest.mark.parametrize("which", ["w_L", "w_Lm1"])
def test_chain_rule_product_matches_central_differences(c, which):
    numeric = central(lambda w: oracle_forward(**{**c, which: w})["C"], c[which])
    analytic = chain.dC_dw(which, **c)
    assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-10,
                    err_msg=f"∂C/∂{which}: analytic {analytic!r}, numeric {numeric!r}")
    assert_allclose(chain.nudge(which, 0.1, **c).dC_dw, analytic, rtol=1e-15)


def test_the_oracle_catches_a_wrong_derivative(monkeypatch):
    """σ'(a^L) in place of σ'(z^L), the source's slip, fails the check above."""
    def slipped(which, **c):
        v = chain.forward(**c)
        return v["a_Lm1"] * sigmoid_prime(v["a_L"]) * (v["a_L"] - v["y"])

    monkeypatch.setattr(chain, "dC_dw", slipped)
    with pytest.raises(AssertionError, match="∂C/∂w_L: analytic"):
        test_chain_rule_product_matches_central_differences(DEFAULTS, "w_L")


@pytest.mark.parametrize("c", CHAINS[:4])
@pytest.mark.parametrize("which", ["w_L", "w_Lm1"])
@pytest.mark.parametrize("dw", [0.5, -0.5, 0.05, -0.05, 0.005])
def test_nudge_reports_true_changes_along_the_path(c, which, dw):
    n = chain.nudge(which, dw, **c)
    before, after = oracle_forward(**c), oracle_forward(**{**c, which: c[which] + dw})
    assert n.path[0] == which and n.path[-1] == "C"
    assert_allclose(n.changes[which], dw, rtol=1e-12)
    for node in n.path[1:]:
        assert_allclose(n.changes[node], after[node] - before[node], rtol=1e-9, atol=1e-15,
                        err_msg=node)
    assert_allclose(n.true_dC, after["C"] - before["C"], rtol=1e-9, atol=1e-15)
    # the forecast is the oracle's slope, by central differences, times Δw
    slope = central(lambda w: oracle_forward(**{**c, which: w})["C"], c[which])
    assert_allclose(n.predicted_dC, slope * dw, rtol=1e-6)


@pytest.mark.parametrize("c", CHAINS[:4])
@pytest.mark.parametrize("which", ["w_L", "w_Lm1"])
def test_prediction_error_is_second_order(c, which):
    """true ΔC − (∂C/∂w)Δw ≈ ½ C''(w) Δw²: the gap over Δw² settles on ½ C''."""
    C = lambda w: oracle_forward(**{**c, which: w})["C"]  # noqa: E731
    w, h = c[which], 1e-4
    half_curvature = 0.5 * (C(w + h) - 2 * C(w) + C(w - h)) / h ** 2
    for dw in (1e-1, 1e-2, 1e-3):
        n = chain.nudge(which, dw, **c)
        gap = n.true_dC - n.predicted_dC
        assert abs(gap) <= (abs(half_curvature) + 1.0) * dw ** 2, (dw, gap)
        assert_allclose(gap / dw ** 2, half_curvature, atol=2 * dw + 1e-4,
                        err_msg=f"Δw = {dw}: gap/Δw² {gap / dw**2!r}, ½C'' {half_curvature!r}")


def test_forward_accepts_arrays_for_a_cost_curve():
    w = np.linspace(-1, 3, 5)
    curve = chain.forward(w_L=w)["C"]
    assert curve.shape == (5,)
    assert_allclose(curve, [oracle_forward(**{**DEFAULTS, "w_L": x})["C"] for x in w])


def test_unknown_weight_is_rejected():
    with pytest.raises(ValueError, match="w_L"):
        chain.nudge("b_L", 0.1)


def test_a_list_is_taken_as_an_array_and_text_or_none_is_refused():
    assert_allclose(chain.forward(w_L=[0.5, 1.2])["C"],
                    chain.forward(w_L=np.array([0.5, 1.2]))["C"], rtol=0)
    with pytest.raises(ValueError, match="w_L must be a number or an array"):
        chain.forward(w_L="1.2")
    with pytest.raises(ValueError, match="y must be a number.*`return`"):
        chain.dC_dw("w_L", y=None)


@pytest.mark.parametrize("dw", ["0.1", None, np.nan, np.inf])
def test_nudge_refuses_a_dw_that_is_not_a_finite_number(dw):
    with pytest.raises(ValueError, match="dw must be a finite number"):
        chain.nudge("w_L", dw)


def test_nudge_says_it_takes_numbers_when_given_an_array():
    with pytest.raises(ValueError, match="w_L must be one number.*shape \\(3,\\)"):
        chain.nudge("w_Lm1", 0.1, w_L=[1.0, 1.2, 1.4])
    assert_allclose(chain.nudge("w_L", 0.1, w_L=np.array(1.2)).dC_dw,
                    chain.nudge("w_L", 0.1).dC_dw, rtol=0)


@pytest.mark.parametrize("which", ["w_L", "w_Lm1"])
@pytest.mark.parametrize("varied", ["w_L", "w_Lm1", "a_Lm2"])
def test_dC_dw_accepts_arrays_like_every_function_here(which, varied):
    # np.prod of a list mixing numbers and arrays fails ("inhomogeneous shape")
    values = np.linspace(-2, 2, 5)
    slopes = chain.dC_dw(which, **{varied: values})
    assert slopes.shape == (5,)
    assert_allclose(slopes, [chain.dC_dw(which, **{varied: v}) for v in values],
                    rtol=1e-15)


@pytest.mark.parametrize("c", CHAINS)
def test_backward_hands_the_error_back_to_the_same_gradients(c):
    """chain.backward (δ^L once, then δ^{L-1} from it) against central differences of
    the oracle, and its errors against the definition δ^l = ∂C/∂z^l: C as a function
    of z^L, and of z^{L-1} through everything after it."""
    g = chain.backward(chain.forward(**c))
    for which in ("w_L", "w_Lm1"):
        numeric = central(lambda w: oracle_forward(**{**c, which: w})["C"], c[which])
        assert_allclose(g["dC_d" + which], numeric, rtol=1e-6, atol=1e-10, err_msg=which)
    v = oracle_forward(**c)
    C_of_z_L = lambda z: 0.5 * (sigma(z) - c["y"]) ** 2
    C_of_z_Lm1 = lambda z: C_of_z_L(c["w_L"] * sigma(z) + c["b_L"])
    assert_allclose(g["delta_L"], central(C_of_z_L, v["z_L"]), rtol=1e-6, atol=1e-10)
    assert_allclose(g["delta_Lm1"], central(C_of_z_Lm1, v["z_Lm1"]),
                    rtol=1e-6, atol=1e-10)


def test_backward_takes_arrays_as_forward_does():
    w = np.linspace(-2, 2, 5)
    g = chain.backward(chain.forward(w_L=w))
    assert g["dC_dw_L"].shape == g["dC_dw_Lm1"].shape == (5,)
    assert_allclose(g["dC_dw_Lm1"], [chain.dC_dw("w_Lm1", w_L=x) for x in w], rtol=1e-14)
