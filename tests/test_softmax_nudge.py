"""The softmax chapter's figure: its numbers against an independent oracle, its frames.

The oracle is the cross-entropy loss of a softmax written out here with ``math`` only
(a log-sum-exp, no nnlib), differentiated by central differences.  The figure must show
a gradient equal to those differences, in every frame, and its static HTML must be
deterministic and within budget.
"""

import math
import re

import numpy as np
import pytest
from numpy.testing import assert_allclose

from nnlib.figures.softmax_nudge import frame_numbers, softmax_nudge_figure

from figure_checks import (assert_every_frame_differs, assert_live_moves_redraw_in_place,
                           assert_static_html_is_deterministic_and_within_budget)

NUMBER = r"[+−-]?\d+\.\d+"


def oracle_loss(z, target):
    """−log softmax(z)[target] = log Σ_j e^{z_j} − z_target, computed stably."""
    top = max(z)
    return top + math.log(sum(math.exp(v - top) for v in z)) - z[target]


def oracle_gradient(z, target, h=1e-6):
    grad = []
    for i in range(len(z)):
        up, down = list(z), list(z)
        up[i] += h
        down[i] -= h
        grad.append((oracle_loss(up, target) - oracle_loss(down, target)) / (2 * h))
    return np.array(grad)


def oracle_sigmoid_delta(z, target):
    """(σ(z) − y) σ'(z) for independent sigmoid outputs and the quadratic cost."""
    a = np.array([1 / (1 + math.exp(-v)) for v in z])
    y = np.array([1.0 if i == target else 0.0 for i in range(len(z))])
    return (a - y) * a * (1 - a)


def shown_vector(readout, label):
    """The numbers of the vector printed after ``label`` in a readout."""
    line = next(line for line in readout.splitlines() if label in line)
    inside = line.split(label, 1)[1]
    inside = inside[inside.index("(") + 1:inside.index(")")]
    return np.array([float(v.replace("−", "-")) for v in re.findall(NUMBER, inside)])


@pytest.fixture(scope="module")
def figure():
    return softmax_nudge_figure()


# --- the numbers ----------------------------------------------------------------------

@pytest.mark.parametrize("z, target", [([1.5, -1.5, 0.0], 0), ([-3.0, 3.0, 0.0], 0),
                                       ([0.2, 0.1, -0.4, 2.0], 2), ([40.0, -30.0, 5.0], 1)])
def test_frame_numbers_match_the_oracle(z, target):
    n = frame_numbers(z, target)
    assert_allclose(n["p"].sum(), 1.0, rtol=1e-15)
    assert_allclose(n["loss"], oracle_loss(z, target), rtol=1e-12)
    assert_allclose(n["grad"], oracle_gradient(z, target), rtol=1e-6, atol=1e-8,
                    err_msg=f"p − y = {n['grad']}, central differences "
                            f"{oracle_gradient(z, target)}")
    assert_allclose(n["quad"], oracle_sigmoid_delta(z, target), rtol=1e-12, atol=1e-15)
    assert n["y"][target] == 1.0 and n["y"].sum() == 1.0


def test_the_oracle_rejects_a_wrong_gradient(monkeypatch):
    # the gradient without the "− y" (just p) must fail the check above
    right = frame_numbers

    def slipped(z, target):
        numbers = right(z, target)
        return {**numbers, "grad": numbers["p"]}

    monkeypatch.setitem(globals(), "frame_numbers", slipped)
    with pytest.raises(AssertionError, match="central differences"):
        test_frame_numbers_match_the_oracle([1.5, -1.5, 0.0], 0)


# --- the figure -----------------------------------------------------------------------

def test_every_frame_differs(figure):
    assert_every_frame_differs(figure, 5 * 5)


def test_the_gradient_shown_equals_finite_differences_of_the_loss(figure):
    for frame in figure.frames():
        z = [frame.values["z1"], frame.values["z2"], 0.0]
        shown = shown_vector(frame.readout, "p − y =")
        assert_allclose(shown, oracle_gradient(z, 0), atol=5.1e-5,
                        err_msg=f"at z = {z}: shown {shown}")
        assert_allclose(shown_vector(frame.readout, "softmax(z) ="),
                        shown + np.array([1.0, 0.0, 0.0]), atol=1.1e-4)
        loss = float(re.search(r"C = −log p₁ = (\d+\.\d+)", frame.readout).group(1))
        assert loss == pytest.approx(oracle_loss(z, 0), abs=5.1e-5)
        assert_allclose(shown_vector(frame.readout, "σ'(z) ="), oracle_sigmoid_delta(z, 0),
                        atol=5.1e-5)


def test_static_html_is_deterministic_and_within_budget(figure):
    assert_static_html_is_deterministic_and_within_budget(figure, softmax_nudge_figure())


def test_a_live_move_updates_the_moving_artists_in_place(figure):
    moves = [(1.5, -1.5)] + [(-3.0, 3.0), (0.0, 0.0), (3.0, -3.0), (1.5, 1.5), (-1.5, 0.0)] * 2
    assert_live_moves_redraw_in_place(figure, [{"z1": z1, "z2": z2} for z1, z2 in moves])


def test_another_target_and_more_classes():
    fig = softmax_nudge_figure(z_others=(0.5, -0.5), target=3)
    readout = fig.renderer().draw({"z1": 0.0, "z2": 0.0})
    assert "target class 4" in readout
    assert_allclose(shown_vector(readout, "p − y ="),
                    oracle_gradient([0.0, 0.0, 0.5, -0.5], 3), atol=5.1e-5)


def test_a_target_outside_the_classes_is_rejected():
    with pytest.raises(ValueError, match="target"):
        softmax_nudge_figure(target=3)


def test_ten_classes_a_finer_step_and_bad_arguments():
    # the tenth class's subscript was out of a table of nine ("string index out of
    # range"), and a step of 0.75 met a slider format of one decimal
    figure = softmax_nudge_figure(z_others=(0.0,) * 8, target=9)
    assert "z₁₀ the target" in figure.alt
    assert softmax_nudge_figure(z_step=0.75).mimebundle(live=False)
    with pytest.raises(ValueError, match=r"target must be a class index from 0 to 2; "
                                         r"received 1.5"):
        softmax_nudge_figure(target=1.5)
    with pytest.raises(ValueError, match=r"z_others must be .*numbers; received str"):
        softmax_nudge_figure(z_others="a")
