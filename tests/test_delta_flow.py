"""The δ-flow figure of chapter 4: the errors it shows are Network.deltas, its frames
differ, and its static HTML is deterministic and within budget.

The oracle for δ is a central difference of the cost with respect to the weighted input
of one neuron, written here from scratch with numpy (no nnlib), so the figure is checked
against both nnlib's backward pass and the definition δ^l_j = ∂C_x/∂z^l_j.
"""


import matplotlib
import numpy as np
import pytest
from numpy.testing import assert_allclose

import nnlib
from nnlib.figures.delta_flow import CMAP, delta_flow_figure
from nnlib.figures.delta_stages import known_layers, vector
from nnlib.figures.style import nice_ceiling

from figure_checks import (assert_every_frame_differs, assert_live_moves_redraw_in_place,
                           assert_static_html_is_deterministic_and_within_budget)

X = np.array([[1, 0, 0, 1], [0, 1, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1]], float).T
Y = np.eye(3)[:, [0, 1, 2, 0]]


def network():
    net = nnlib.Network([4, 5, 5, 3], rng=2)
    net.weights = [2.0 * w for w in net.weights]
    net.biases = [np.linspace(-0.5, 0.5, len(b)).reshape(-1, 1) for b in net.biases]
    return net


@pytest.fixture(scope="module")
def figure():
    return delta_flow_figure(network(), X, Y)


def oracle_delta(net, x, y, layer, j, h=1e-6):
    """∂C_x/∂z^layer_j by central differences, with a forward pass written from scratch."""
    def cost(dz):
        a = x
        for l, (w, b) in enumerate(zip(net.weights, net.biases), start=2):
            z = w @ a + b
            if l == layer:
                z[j] += dz
            a = 1 / (1 + np.exp(-z))
        return 0.5 * np.sum((a - y) ** 2)
    return (cost(h) - cost(-h)) / (2 * h)


@pytest.mark.parametrize("example", [1, 2, 3, 4])
def test_the_errors_shown_are_network_deltas_and_their_definition(figure, example):
    net = network()
    zs, activations = net.forward(X)
    deltas = net.deltas(zs, activations, Y)        # the whole batch at once
    renderer = figure.renderer()
    readout = renderer.draw({"stage": 3, "example": example})
    state = renderer.state
    for l in (2, 3, 4):
        delta = deltas[l - 2][:, example - 1]
        x, y = X[:, [example - 1]], Y[:, [example - 1]]
        oracle = [oracle_delta(net, x, y, l, j) for j in range(len(delta))]
        assert_allclose(delta, oracle, rtol=1e-5, atol=1e-10,
                        err_msg=f"δ^{l}: Network.deltas {delta}, oracle {oracle}")
        shown = state["neurons"].get_facecolor()[state["layers"][l - 1]]
        expected = [CMAP(float(state["norm"](d))) for d in delta]
        assert_allclose(shown, expected, atol=1e-12)
        assert vector(delta) in readout
        # the heatmap is δ^l (a^{l-1})^T, the one-example gradient backprop returns
        _, nabla_w = net.backprop(x, y)
        image = state["heatmaps"][l].get_array()
        assert_allclose(image, nabla_w[l - 2], rtol=1e-12, atol=1e-15)
        assert_allclose(image, np.outer(delta, activations[l - 2][:, example - 1]),
                        rtol=1e-12, atol=1e-15)


def test_stage_zero_shows_no_error_and_each_stage_adds_one_layer(figure):
    renderer = figure.renderer()
    readout = renderer.draw({"stage": 0, "example": 1})
    state = renderer.state
    white = matplotlib.colors.to_rgba("white")
    assert (state["neurons"].get_facecolor() == white).all()
    assert all(np.isnan(np.ma.filled(im.get_array(), np.nan)).all()
               for im in state["heatmaps"].values())
    assert readout.count("not yet") == 3
    for stage in (1, 2, 3):
        readout = renderer.draw({"stage": stage, "example": 1})
        assert readout.count("not yet") == 3 - stage
        coloured = [l for l in (2, 3, 4)
                    if (state["neurons"].get_facecolor()[state["layers"][l - 1]]
                        != white).any()]
        assert coloured == sorted(known_layers(stage, 4))
    assert "BP1" in renderer.draw({"stage": 1})
    assert "BP2" in renderer.draw({"stage": 2})


def test_every_frame_differs(figure):
    frames = assert_every_frame_differs(figure, 4 * 4)
    assert all(len(line) <= 60 for f in frames for line in f.readout.splitlines())


def test_static_html_is_deterministic_and_within_budget(figure):
    assert_static_html_is_deterministic_and_within_budget(
        figure, delta_flow_figure(network(), X, Y))


def test_a_live_move_updates_the_moving_artists_in_place(figure):
    moves = [(1, 1)] + [(0, 2), (3, 4), (2, 1), (1, 3), (3, 2)] * 2
    assert_live_moves_redraw_in_place(
        figure, [{"stage": stage, "example": example} for stage, example in moves])


def visible_boxes(renderer):
    """The window extents of what the reader must be able to tell apart: every label
    outside the network's circles, every heatmap and the colour bar; each label's
    widened by 1.5 pixels on every side, so that touching counts as overlapping."""
    fig, r = renderer.fig, renderer.fig.canvas.get_renderer()
    main, *heatmaps, bar = fig.axes
    state = renderer.state
    inside = {t for column in state["values"] for t in column}   # in the circles
    texts = [t for t in main.texts if t not in inside and t.get_visible() and t.get_text()]
    for ax in heatmaps:
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label]
    texts += [bar.yaxis.label, *bar.get_yticklabels()]
    boxes = {f"text {t.get_text()!r}": t.get_window_extent(r).padded(1.5) for t in texts}
    boxes.update({f"heatmap {i}": ax.get_window_extent(r)
                  for i, ax in enumerate(heatmaps, start=2)})
    boxes["colour bar"] = bar.get_window_extent(r)
    network = [main.transData.transform_bbox(path.get_extents())
               for path in state["neurons"].get_paths()]
    return boxes, network


@pytest.mark.parametrize("stage", [0, 1, 2, 3])
@pytest.mark.parametrize("example", [1, 4])
def test_no_label_overlaps_a_heatmap_or_another_label(figure, stage, example):
    renderer = figure.renderer()
    renderer.draw({"stage": stage, "example": example})
    boxes, network = visible_boxes(renderer)
    fig_box = renderer.fig.bbox
    names = list(boxes)
    for i, a in enumerate(names):
        box = boxes[a]
        assert fig_box.x0 <= box.x0 and box.x1 <= fig_box.x1, f"{a} is cut off"
        assert fig_box.y0 <= box.y0 and box.y1 <= fig_box.y1, f"{a} is cut off"
        for b in names[i + 1:]:
            assert not box.overlaps(boxes[b]), f"{a} overlaps {b}"
        for circle in network:
            assert not box.overlaps(circle), f"{a} overlaps a neuron"


def test_the_heatmaps_have_square_cells_and_lines_between_them(figure):
    renderer = figure.renderer()
    state = renderer.state
    r = renderer.fig.canvas.get_renderer()
    for stage in (0, 1, 2, 3):
        renderer.draw({"stage": stage})
        lines = 0
        for l in known_layers(stage, 4):
            rows, cols = state["heatmaps"][l].get_array().shape
            box = state["heatmaps"][l].axes.get_window_extent(r)
            assert box.width / cols == pytest.approx(box.height / rows, rel=0.02)
            assert box.width / cols >= 0.24 * renderer.fig.dpi     # at least 0.24 inches
            lines += rows + cols - 2
            # every line lies inside its heatmap, on a boundary between two cells
            pixels = state["borders"].axes.transData.transform(
                np.reshape(state["grids"][l], (-1, 2)))
            assert (pixels[:, 0] >= box.x0 - 0.5).all() and (pixels[:, 0] <= box.x1 + 0.5).all()
            assert (pixels[:, 1] >= box.y0 - 0.5).all() and (pixels[:, 1] <= box.y1 + 0.5).all()
            steps = np.concatenate([(pixels[:, 0] - box.x0) / (box.width / cols),
                                    (pixels[:, 1] - box.y0) / (box.height / rows)])
            assert_allclose(steps, np.round(steps), atol=1e-6)
        # the lines of the heatmaps on show, and of no other
        assert len(state["borders"].get_segments()) == lines


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="shape"):
        delta_flow_figure(network(), X[:3], Y)
    with pytest.raises(ValueError, match="quadratic"):
        delta_flow_figure(nnlib.Network([4, 5, 3], cost="cross_entropy"), X, Y)
    with pytest.raises(ValueError, match="at most 6"):
        delta_flow_figure(nnlib.Network([4, 7, 3]), X, Y)


@pytest.mark.parametrize("largest, limit", [(0.144, 0.15), (0.15, 0.15), (0.09, 0.1),
                                            (0.0021, 0.0025), (3.0, 5.0)])
def test_the_colour_scale_ends_on_a_nice_limit(largest, limit):
    assert nice_ceiling(largest, (1, 1.5, 2, 2.5, 5)) == pytest.approx(limit)


def test_saturated_layers_and_non_finite_inputs():
    # every δ 0 where σ saturates: the colour scale's log10(0) crashed the figure
    net = nnlib.Network([4, 5, 5, 3], rng=2)
    net.biases = [b + 40 for b in net.biases]
    targets = np.eye(3)[:, [0, 1, 2, 0]]
    assert delta_flow_figure(net, np.eye(4), targets).mimebundle(live=False)
    with pytest.raises(ValueError, match=r"X and Y must hold finite numbers"):
        delta_flow_figure(net, np.full((4, 1), np.nan), targets[:, :1])
