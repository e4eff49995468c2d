"""Nudging one weight of the 2-2-2 example: nnlib.weight_nudge against an independent oracle,
and the figure drawn from it (distinct frames, deterministic static HTML within its budget).

The oracle is the published network written out from scratch with plain floats and
math.exp (no nnlib: reference_backprop.mazur_cost), differentiated by central differences.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from nnlib import weight_nudge
from nnlib.data import mazur_network
from nnlib.figures.network_nudge import network_nudge_figure
from nnlib.figures.style import nice_ceiling
from nnlib.weight_nudge import MAZUR_PLACES, nudge_weight

from figure_checks import (assert_every_frame_differs, assert_live_moves_redraw_in_place,
                           assert_static_html_is_deterministic_and_within_budget)
from reference_backprop import mazur_cost

W0 = [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55]  # w1..w8 as published


def oracle_cost(w):
    """The published example's total cost for weights w = [w1, ..., w8], from scratch."""
    return mazur_cost(w, [0.35, 0.35, 0.60, 0.60])


def oracle_along(n, dw):
    """The oracle's cost with weight number n moved by dw."""
    w = list(W0)
    w[n - 1] += dw
    return oracle_cost(w)


def oracle_slope(n, h=1e-6):
    return (oracle_along(n, h) - oracle_along(n, -h)) / (2 * h)


def oracle_curvature(n, h=1e-4):
    return (oracle_along(n, h) - 2 * oracle_along(n, 0.0) + oracle_along(n, -h)) / h ** 2


@pytest.fixture(scope="module")
def figure():
    net, X, Y = mazur_network()
    return network_nudge_figure(net, X, Y)


# --- the maths ----------------------------------------------------------------------------

@pytest.mark.parametrize("n", range(1, 9))
def test_the_nudge_matches_the_oracle(n):
    net, X, Y = mazur_network()
    r = nudge_weight(net, X, Y, MAZUR_PLACES[n], 0.3)
    assert r.w == W0[n - 1]
    assert_allclose(r.cost_before, oracle_cost(W0), rtol=1e-14)
    assert_allclose(r.cost_after, oracle_along(n, 0.3), rtol=1e-14)
    assert_allclose(r.gradient, oracle_slope(n), rtol=1e-6, atol=1e-12,
                    err_msg=f"∂C/∂w{n}: backprop {r.gradient!r}, oracle {oracle_slope(n)!r}")


@pytest.mark.parametrize("n", range(1, 9))
def test_forecast_and_true_change_differ_by_order_dw_squared(n):
    net, X, Y = mazur_network()
    half_curvature = 0.5 * oracle_curvature(n)
    gaps = []
    for dw in (4e-2, 2e-2, 1e-2, 5e-3):
        r = nudge_weight(net, X, Y, MAZUR_PLACES[n], dw)
        gaps.append(r.gap)
        # gap = ½ C''(w) Δw² + O(Δw³): compare with the oracle's second difference
        assert_allclose(r.gap / dw ** 2, half_curvature, rtol=0.05, atol=1e-7,
                        err_msg=f"w{n}, Δw={dw}: gap/Δw² = {r.gap / dw ** 2!r}, "
                                f"oracle ½C'' = {half_curvature!r}")
    # halving Δw divides the gap by about four
    for big, small in zip(gaps, gaps[1:]):
        assert big / small == pytest.approx(4.0, rel=0.1)


def test_a_wrong_gradient_fails_the_order_dw_squared_test():
    # the slip in the source text: h1's weight from i2 taken to be w3 instead of w2, so
    # ∂C/∂w2 would come out as ∂C/∂w3's value; its forecast misses by O(Δw), not O(Δw²)
    net, X, Y = mazur_network()
    wrong = nudge_weight(net, X, Y, MAZUR_PLACES[3], 0.0).gradient
    ratios = []
    for dw in (1e-2, 5e-3):
        r = nudge_weight(net, X, Y, MAZUR_PLACES[2], dw)
        ratios.append(abs(r.true_dC - wrong * dw) / dw ** 2)
    assert ratios[1] > 1.8 * ratios[0]  # the "gap" over Δw² grows as Δw shrinks


def test_nudging_leaves_the_network_untouched_and_reaches_only_downstream():
    net, X, Y = mazur_network()
    before = [w.copy() for w in net.weights]
    r5 = nudge_weight(net, X, Y, MAZUR_PLACES[5], 0.5)
    r1 = nudge_weight(net, X, Y, MAZUR_PLACES[1], 0.5)
    for w, w_before in zip(net.weights, before):
        assert_allclose(w, w_before, rtol=0, atol=0)
    changed = [[not np.array_equal(a, b) for a, b in zip(r.activations_before,
                                                         r.activations_after)]
               for r in (r5, r1)]
    assert changed == [[False, False, True], [False, True, True]]
    assert r5.activations_after[2][1] == r5.activations_before[2][1]   # w5 does not reach o2
    assert r1.activations_after[1][1] == r1.activations_before[1][1]   # w1 does not reach h2


def test_cost_along_and_with_weight():
    net, X, Y = mazur_network()
    costs = weight_nudge.cost_along(net, X, Y, MAZUR_PLACES[7], [-0.5, 0.0, 0.5])
    assert_allclose(costs, [oracle_along(7, d) for d in (-0.5, 0.0, 0.5)], rtol=1e-14)
    twin = weight_nudge.with_weight(net, MAZUR_PLACES[6], 9.0)
    assert twin.weights[1][0, 1] == 9.0 and net.weights[1][0, 1] == 0.45


@pytest.mark.parametrize("where, why", [((2, 0, 0), "layer index"), ((0, 2, 0), "outside"),
                                        ((1, 0, -1), "outside"), ("w5", "place"),
                                        # (1, 0.9, 0) used to be truncated to (1, 0, 0)
                                        ((1, 0.9, 0), "three integers"),
                                        ((1.0, 0, 0), "three integers"),
                                        ((True, 0, 0), "three integers"),
                                        ("100", "three integers"), ((0, 0), "three integers"),
                                        (5, "three integers")])
def test_a_bad_place_is_rejected(where, why):
    net, X, Y = mazur_network()
    with pytest.raises(ValueError, match=why):
        nudge_weight(net, X, Y, where, 0.1)


def test_a_place_may_hold_numpy_integers():
    net, X, Y = mazur_network()
    place = np.array(MAZUR_PLACES[5])
    assert weight_nudge.check_place(net, place) == (1, 0, 0)
    assert nudge_weight(net, X, Y, place, 0.1).where == (1, 0, 0)


# --- the figure ---------------------------------------------------------------------------

def test_every_frame_differs_across_weights_and_nudges(figure):
    assert_every_frame_differs(figure, 8 * 5)


def test_the_readout_shows_the_published_gradient(figure):
    (frame,) = [f for f in figure.frames() if f.values == {"n": 5.0, "dw": 0.5}]
    assert "∂C/∂w5 = 0.082167041" in frame.readout
    assert "Δw = +0.50" in frame.readout
    (frame,) = [f for f in figure.frames() if f.values == {"n": 1.0, "dw": -1.0}]
    assert "∂C/∂w1 = 0.000438568" in frame.readout and "Δw = −1.00" in frame.readout


def test_no_nudge_forecasts_a_change_of_plus_zero(figure):
    # ∂C/∂w7 is negative, and a negative number times 0.0 is −0.0
    (frame,) = [f for f in figure.frames() if f.values == {"n": 7.0, "dw": 0.0}]
    assert "= +0.000000000" in frame.readout and "−0.000000000" not in frame.readout


def test_static_html_is_deterministic_and_within_budget(figure):
    assert_static_html_is_deterministic_and_within_budget(
        figure, network_nudge_figure(*mazur_network()))


def test_a_live_move_updates_the_moving_artists_in_place(figure):
    moves = [(5, 0.5)] + [(1, -1.0), (8, 1.0), (3, 0.0), (6, 0.5), (2, -0.5)] * 2
    assert_live_moves_redraw_in_place(figure, [{"n": n, "dw": dw} for n, dw in moves])


def test_the_figure_rejects_another_architecture():
    import nnlib
    net = nnlib.Network([2, 3, 2])
    with pytest.raises(ValueError, match="2-2-2"):
        network_nudge_figure(net, np.zeros((2, 1)), np.zeros((2, 1)))


@pytest.mark.parametrize("largest, scale", [(0.0823, 0.1), (0.1, 0.1), (0.000475, 0.0005),
                                            (0.0019, 0.002), (3.0, 5.0)])
def test_the_forecast_axis_ends_on_a_nice_scale(largest, scale):
    assert nice_ceiling(largest) == pytest.approx(scale)


def test_a_weight_without_effect_gets_a_scale_instead_of_a_crash():
    # an input of 0 leaves w1 and w3 without effect: log10(0) was "math domain error"
    net, X, Y = mazur_network()
    X = np.array([[0.0], [X[1, 0]]])
    figure = network_nudge_figure(net, X, Y)
    assert figure.mimebundle(live=False)
    assert nice_ceiling(0.0) == 1.0
    with pytest.raises(ValueError, match=r"must be finite to be drawn; the largest is nan"):
        nice_ceiling(float("nan"))


def test_no_names_or_too_few_curve_points_are_named():
    # an IndexError and a numpy reduction error before
    net, X, Y = mazur_network()
    with pytest.raises(ValueError, match=r"names must map at least one weight"):
        network_nudge_figure(net, X, Y, names={})
    with pytest.raises(ValueError, match=r"names must map .*received list"):
        network_nudge_figure(net, X, Y, names=[(5, (1, 0, 0))])
    for points in (0, 1):
        with pytest.raises(ValueError, match=r"curve_points must be"):
            network_nudge_figure(net, X, Y, curve_points=points)


def test_one_weight_is_shown_without_a_slider_to_choose_it():
    # a slider from w5 to w5 was refused as an empty range
    net, X, Y = mazur_network()
    one = network_nudge_figure(net, X, Y, names={5: (1, 0, 0)})
    with pytest.raises(ValueError, match=r"weight, the one shown first, must be one of "
                                         r"names' numbers \[7\]; received 5"):
        network_nudge_figure(net, X, Y, names={7: (1, 1, 0)})
    assert [p.name for p in one.params] == ["dw"]
    both = network_nudge_figure(net, X, Y, names={5: (1, 0, 0), 6: (1, 0, 1)})
    # the same readouts as the two-weight figure's at w5
    (shown,) = [f.readout for f in one.frames() if f.values == {"dw": 0.5}]
    (same,) = [f.readout for f in both.frames() if f.values == {"n": 5.0, "dw": 0.5}]
    assert shown == same and "∂C/∂w5 = 0.082167041" in shown
