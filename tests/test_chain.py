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


def oracle_forward(a_lm2, w_lm1, b_lm1, w_l, b_l, y):
    """The chain computed independently: the cost C and every node on the way."""
    z_lm1 = w_lm1 * a_lm2 + b_lm1
    a_lm1 = sigma(z_lm1)
    z_l = w_l * a_lm1 + b_l
    a_l = sigma(z_l)
    return {"z_lm1": z_lm1, "a_lm1": a_lm1, "z_l": z_l, "a_l": a_l,
            "C": 0.5 * (a_l - y) ** 2}


def central(f, x, h=H):
    return (f(x + h) - f(x - h)) / (2 * h)


def random_chain(seed):
    rng = np.random.default_rng(seed)
    names = ("a_lm2", "w_lm1", "b_lm1", "w_l", "b_l", "y")
    values = rng.uniform(-2, 2, size=6)
    values[0], values[5] = rng.uniform(0, 1, size=2)  # an activation and a target in (0, 1)
    return dict(zip(names, (float(v) for v in values)))


DEFAULTS = {"a_lm2": 0.8, "w_lm1": 0.6, "b_lm1": -0.2, "w_l": 1.2, "b_l": 0.3, "y": 0.1}
CHAINS = [DEFAULTS] + [random_chain(seed) for seed in range(8)]

# each link as a one-argument function of its parent, everything else held at `c`
LINKS = {
    ("w_lm1", "z_lm1"): lambda c: lambda w: w * c["a_lm2"] + c["b_lm1"],
    ("z_lm1", "a_lm1"): lambda c: sigma,
    ("a_lm1", "z_l"): lambda c: lambda a: c["w_l"] * a + c["b_l"],
    ("w_l", "z_l"): lambda c: lambda w: w * oracle_forward(**c)["a_lm1"] + c["b_l"],
    ("z_l", "a_l"): lambda c: sigma,
    ("a_l", "C"): lambda c: lambda a: 0.5 * (a - c["y"]) ** 2,
}


def test_forward_at_the_book_defaults():
    v = chain.forward()
    assert_allclose(v["z_lm1"], 0.6 * 0.8 - 0.2)
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
@pytest.mark.parametrize("which", ["w_l", "w_lm1"])
def test_chain_rule_product_matches_central_differences(c, which):
    numeric = central(lambda w: oracle_forward(**{**c, which: w})["C"], c[which])
    analytic = chain.dC_dw(which, **c)
    assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-10,
                    err_msg=f"∂C/∂{which}: analytic {analytic!r}, numeric {numeric!r}")
    assert_allclose(chain.nudge(which, 0.1, **c).dC_dw, analytic, rtol=1e-15)


def test_the_oracle_catches_a_wrong_derivative():
    """σ'(a^l) in place of σ'(z^l), the source's slip, is caught by the same check."""
    v = chain.forward()
    wrong = v["a_lm1"] * sigmoid_prime(v["a_l"]) * (v["a_l"] - v["y"])
    numeric = central(lambda w: oracle_forward(**{**DEFAULTS, "w_l": w})["C"], 1.2)
    with pytest.raises(AssertionError):
        assert_allclose(wrong, numeric, rtol=1e-6)


@pytest.mark.parametrize("c", CHAINS[:4])
@pytest.mark.parametrize("which", ["w_l", "w_lm1"])
@pytest.mark.parametrize("dw", [0.5, -0.5, 0.05, -0.05, 0.005])
def test_nudge_reports_true_changes_along_the_path(c, which, dw):
    n = chain.nudge(which, dw, **c)
    before, after = oracle_forward(**c), oracle_forward(**{**c, which: c[which] + dw})
    assert n.path[0] == which and n.path[-1] == "C"
    assert_allclose(n.delta[which], dw, rtol=1e-12)
    for node in n.path[1:]:
        assert_allclose(n.delta[node], after[node] - before[node], rtol=1e-9, atol=1e-15,
                        err_msg=node)
    assert_allclose(n.true_dC, after["C"] - before["C"], rtol=1e-9, atol=1e-15)
    assert_allclose(n.predicted_dC, n.dC_dw * dw, rtol=1e-15)


@pytest.mark.parametrize("c", CHAINS[:4])
@pytest.mark.parametrize("which", ["w_l", "w_lm1"])
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
    curve = chain.forward(w_l=w)["C"]
    assert curve.shape == (5,)
    assert_allclose(curve, [oracle_forward(**{**DEFAULTS, "w_l": x})["C"] for x in w])


def test_unknown_weight_is_rejected():
    with pytest.raises(ValueError, match="w_l"):
        chain.nudge("b_l", 0.1)
