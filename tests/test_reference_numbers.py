"""The published 2-2-2 worked example (Mazur, 2015), reproduced with nnlib (BOOK_BRIEF.md)."""

import pytest
from numpy.testing import assert_allclose

import nnlib
from nnlib.data import MAZUR_ETA, mazur_network
from reference_backprop import mazur_cost


def test_forward_pass():
    net, X, Y = mazur_network()
    zs, activations = net.forward(X)
    assert_allclose(activations[1].ravel(), [0.593269992, 0.596884378], atol=1e-9)
    assert_allclose(activations[2].ravel(), [0.751365070, 0.772928465], atol=1e-9)
    assert net.cost(X, Y) == pytest.approx(0.298371109, abs=1e-9)


def test_first_step_gradients_and_updated_weights():
    net, X, Y = mazur_network()
    nabla_b, nabla_w = net.backprop(X, Y)
    assert nabla_w[1][0, 0] == pytest.approx(0.082167041, abs=1e-9)   # ∂E/∂w5
    assert nabla_w[0][0, 0] == pytest.approx(0.000438568, abs=1e-9)   # ∂E/∂w1
    new_w = [w - MAZUR_ETA * g for w, g in zip(net.weights, nabla_w)]
    assert_allclose(new_w[1].ravel(), [0.358916480, 0.408666186, 0.511301270, 0.561370121], atol=1e-9)
    assert_allclose(new_w[0].ravel(), [0.149780716, 0.199561432, 0.249751144, 0.299502287], atol=1e-9)


def test_error_after_one_step_with_biases_fixed():
    # the book's reference number; its oracle is
    # test_the_errors_after_one_step_against_a_scalar_oracle below
    net, X, Y = mazur_network()
    nnlib.step(net, X, Y, MAZUR_ETA, update_biases=False)
    assert net.cost(X, Y) == pytest.approx(0.2910277737, abs=1e-10)
    assert_allclose(net.biases[0], 0.35)
    assert_allclose(net.biases[1], 0.60)


def test_widely_quoted_figure_comes_from_using_updated_output_weights():
    # the early code behind 0.291027924 passed δ back through the *new* w5..w8
    net, X, Y = mazur_network()
    zs, activations = net.forward(X)
    delta_out = (activations[2] - Y) * nnlib.sigmoid_prime(zs[1])
    w_out_new = net.weights[1] - MAZUR_ETA * delta_out @ activations[1].T
    delta_hidden = (w_out_new.T @ delta_out) * nnlib.sigmoid_prime(zs[0])
    w_hidden_new = net.weights[0] - MAZUR_ETA * delta_hidden @ X.T
    net.weights = [w_hidden_new, w_out_new]
    assert net.cost(X, Y) == pytest.approx(0.291027924, abs=1e-9)


def test_error_after_one_step_with_biases_updated():
    # the book's reference number; its oracle is the next test, too
    net, X, Y = mazur_network()
    nnlib.step(net, X, Y, MAZUR_ETA)
    assert net.cost(X, Y) == pytest.approx(0.2804714468, abs=1e-10)


@pytest.mark.parametrize("update_biases", [False, True])
def test_the_errors_after_one_step_against_a_scalar_oracle(update_biases):
    # the gradient by central differences of the scalar cost, one step, the cost
    w0 = [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55]
    b0 = [0.35, 0.35, 0.60, 0.60]
    h = 1e-6

    def slope(values, k, cost):
        up, down = list(values), list(values)
        up[k] += h
        down[k] -= h
        return (cost(up) - cost(down)) / (2 * h)

    w1 = [w - MAZUR_ETA * slope(w0, k, lambda w: mazur_cost(w, b0))
          for k, w in enumerate(w0)]
    b1 = ([b - MAZUR_ETA * slope(b0, k, lambda b: mazur_cost(w0, b))
           for k, b in enumerate(b0)] if update_biases else b0)
    net, X, Y = mazur_network()
    nnlib.step(net, X, Y, MAZUR_ETA, update_biases=update_biases)
    assert net.cost(X, Y) == pytest.approx(mazur_cost(w1, b1), abs=1e-9)
    assert mazur_cost(w1, b1) == pytest.approx(
        0.2804714468 if update_biases else 0.2910277737, abs=1e-9)


def test_ten_thousand_steps_drive_the_error_down():
    net, X, Y = mazur_network()
    for _ in range(10_000):
        nnlib.step(net, X, Y, MAZUR_ETA, update_biases=False)
    assert net.cost(X, Y) < 1e-4
    out = net.feedforward(X).ravel()
    assert out[0] == pytest.approx(0.01, abs=0.02) and out[1] == pytest.approx(0.99, abs=0.02)
