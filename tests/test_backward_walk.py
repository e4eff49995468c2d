"""Chapter 7's figure: stepping through Value.backward one link at a time.

The replayed steps must end with exactly the grads of Value.backward (the oracle) and
fill them in its order; the frames differ, the static HTML is deterministic and within
budget, and a live move redraws.
"""

import pytest

from nnlib.figures.backward_steps import readout, steps
from nnlib.figures.backward_walk import backward_walk_figure
from nnlib.graph import Value

from figure_checks import (assert_every_frame_differs, assert_live_moves_redraw_in_place,
                           assert_static_html_is_deterministic_and_within_budget)


def neuron():
    """The one-neuron graph of the chapter, every node named."""
    w, x, b, y = Value(1.2, "w"), Value(0.57, "x"), Value(0.3, "b"), Value(0.1, "y")
    wx = w * x; wx.label = "w·x"
    z = wx + b; z.label = "z"
    a = z.sigmoid(); a.label = "a"
    d = a - y; d.label = "a−y"
    sq = d ** 2; sq.label = "(a−y)²"
    C = 0.5 * sq; C.label = "C"
    return C


@pytest.fixture(scope="module")
def figure():
    return backward_walk_figure(neuron())


def test_the_last_step_holds_the_grads_of_backward():
    C = neuron()
    walk = steps(C)
    C.backward()
    nodes = C.topological_order()
    assert set(walk[-1].grads) == set(nodes)
    for node in nodes:
        assert walk[-1].grads[node] == node.grad   # same additions, same order


def test_a_node_used_twice_gets_two_additions():
    x = Value(3.0, "x")
    f = x * x
    walk = steps(f)
    assert [s.parent for s in walk[1:]] == [x, x]
    assert walk[1].grads[x] == 3.0 and walk[2].grads[x] == 6.0
    f.backward()
    assert x.grad == 6.0


def test_each_step_fills_the_parent_from_its_child():
    walk = steps(neuron())
    assert walk[0].parent is None and list(walk[0].grads.values()) == [1.0]
    for before, step in zip(walk, walk[1:]):
        assert step.child in before.grads          # the child was filled first
        added = step.grads[step.parent] - before.grads.get(step.parent, 0.0)
        assert added == pytest.approx(step.local * before.grads[step.child])


def test_the_figure_hides_the_link_into_the_constant(figure):
    assert figure.n_frames == 10                   # 9 links and the start
    texts = [f.readout for f in figure.frames()]
    assert texts[0].startswith("step 0 of 9")
    assert "the link y → a−y" in texts[4] and "−1.0000 × 0.6279" in texts[4]
    assert not any("0.5 →" in t for t in texts)


def test_readout_lines_are_short():
    walk = steps(neuron())
    for k, step in enumerate(walk):
        assert all(len(line) <= 60 for line in readout(step, k, 9).splitlines())


def test_every_frame_differs(figure):
    assert_every_frame_differs(figure, 10)


def test_static_html_is_deterministic_and_within_budget(figure):
    assert_static_html_is_deterministic_and_within_budget(
        figure, backward_walk_figure(neuron()))


def test_a_live_move_redraws_in_place(figure):
    assert_live_moves_redraw_in_place(
        figure, [{"step": k} for k in (0, 3, 9, 1, 5, 0, 8)])


def test_every_gradient_fits_its_box_and_the_framed_label_covers_the_links(figure):
    """At every step the gradients written so far fit inside their boxes (9-point text
    once pushed "grad 0.0708" past both sides of the w box), and the framed local
    derivative sits where the link's own label is, so that the two never overlap."""
    r = figure.renderer()
    s = r.state
    ax = s["frame"].axes
    boxes = [p for p in ax.patches if p is not s["frame"]]
    labels = [(t.get_text(), t.get_position()) for t in ax.texts
              if t not in s["grads"].values() and t is not s["local"]]
    for k in range(figure.n_frames):
        r.draw({"step": k})
        renderer = r.fig.canvas.get_renderer()
        extents = [b.get_window_extent(renderer) for b in boxes]
        for t in s["grads"].values():
            e = t.get_window_extent(renderer)
            assert any(b.x0 <= e.x0 and e.x1 <= b.x1 for b in extents), \
                f"step {k}: {t.get_text()!r} is wider than its box"
        if s["local"].get_visible():
            text, (x, y) = s["local"].get_text(), s["local"].get_position()
            assert any(label == text and (x, y) == pytest.approx(place)
                       for label, place in labels), \
                f"step {k}: the framed {text} is not on a link's label {text}"


def test_a_graph_with_no_link_to_walk_is_refused():
    # an empty range of steps, or an AttributeError for a number, before
    with pytest.raises(ValueError, match=r"root has no links to draw"):
        backward_walk_figure(Value(2.0, "w"))
    with pytest.raises(ValueError, match=r"root must be the node the graph ends in "
                                         r"\(a Value.*received float"):
        backward_walk_figure(3.0)
