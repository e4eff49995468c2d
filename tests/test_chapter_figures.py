"""The chain-rule chapter's static drawings: the graph layout and the network diagram."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nnlib.figures.graph_drawing import (NODE_H, NODE_W, draw_graph, layout,  # noqa: E402
                                         visible_edges)
from nnlib.figures.network_diagram import draw_network, neuron_positions  # noqa: E402
from nnlib.figures.style import num  # noqa: E402
from nnlib.graph import Value  # noqa: E402


def chain_graph():
    w, a, b, y = Value(1.2, "w^l"), Value(0.57, "a^{l-1}"), Value(0.3, "b^l"), Value(0.1, "y")
    z = w * a + b
    C = 0.5 * (z.sigmoid() - y) ** 2
    return C, (w, a, b, y)


def test_layout_places_every_node_but_hidden_constants():
    C, leaves = chain_graph()
    pos = layout(C, visible_edges(C))
    assert all(leaf in pos for leaf in leaves)
    assert len(pos) == len(C.topological_order()) - 1  # the constant 0.5 is hidden
    # operations sit in one row, left to right in topological order
    ops = [n for n in C.topological_order() if n.parents]
    xs = [pos[n][0] for n in ops]
    assert xs == sorted(xs) and len(set(xs)) == len(xs) and {pos[n][1] for n in ops} == {0.0}


@pytest.mark.parametrize("wrap", [2, 3])
def test_a_wrapped_chain_turns_down_and_runs_back_without_overlaps(wrap):
    C, _ = chain_graph()
    edges = visible_edges(C)
    pos = layout(C, edges, wrap=wrap)
    assert set(pos) == set(layout(C, edges))              # the same nodes, placed anew
    ops = [n for n in C.topological_order() if n.parents]
    rows = [ops[k:k + wrap] for k in range(0, len(ops), wrap)]
    assert len(rows) > 1
    heights = []
    for r, row in enumerate(rows):
        xs = [pos[n][0] for n in row]
        assert len({pos[n][1] for n in row}) == 1         # a row is level
        heights.append(pos[row[0]][1])
        assert xs == sorted(xs, reverse=r % 2 == 1)       # even rows rightwards, odd back
    assert heights == sorted(heights, reverse=True)       # each row below the last
    assert pos[rows[1][0]][0] == pos[rows[0][-1]][0]      # the turn goes straight down
    assert pos[rows[1][0]][1] < pos[rows[0][-1]][1]
    # no two boxes overlap
    placed = list(pos.values())
    for i, (x0, y0) in enumerate(placed):
        for x1, y1 in placed[i + 1:]:
            assert abs(x0 - x1) >= NODE_W or abs(y0 - y1) >= NODE_H


@pytest.mark.parametrize("wrap", [0, -2, 2.5, True, "3"])
def test_a_wrap_that_is_not_a_count_of_operations_is_refused(wrap):
    C, _ = chain_graph()
    with pytest.raises(ValueError, match=r"wrap must be a whole number .*received"):
        layout(C, visible_edges(C), wrap=wrap)


def test_collapsed_links_multiply_local_derivatives_along_hidden_paths():
    C, (w, a, b, y) = chain_graph()
    z = C.topological_order()[5]          # w*a, then +b: the weighted input
    assert z.op == "+"
    edges = {(p, c): d for p, c, d in visible_edges(C, keep=[w, a, b, y, z])}
    assert edges[(w, z)] == pytest.approx(a.data)        # ∂z/∂w = a, through the product
    assert edges[(a, z)] == pytest.approx(w.data)
    C.backward()
    # every kept node's grad equals the sum over its links of local × child's grad
    for node in (w, a, b, z):
        total = sum(d * c.grad for (p, c), d in edges.items() if p is node)
        assert total == pytest.approx(node.grad)


def test_draw_graph_labels_every_link_with_its_local_derivative():
    C, (w, *_) = chain_graph()
    C.backward()
    fig, ax = plt.subplots()
    draw_graph(ax, C, highlight=[w])
    texts = [t.get_text() for t in ax.texts]
    for parent, child, local in visible_edges(C):
        assert num(local, ".3g") in texts          # with a true minus sign
    assert f"grad {num(w.grad, '.3g')}" in texts
    plt.close(fig)


@pytest.mark.parametrize("sizes", [[3, 4, 2], [2, 2, 2], [1, 5]])
def test_network_diagram_has_a_circle_per_neuron_and_a_line_per_weight(sizes):
    fig, ax = plt.subplots()
    draw_network(ax, sizes, weight=(2, 1, 1))
    n_weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    assert len(ax.patches) == sum(sizes)
    assert len(ax.lines) == n_weights
    assert any("$w^{2}_{11}$" == t.get_text() for t in ax.texts)
    assert [len(col) for col in neuron_positions(sizes)] == sizes
    plt.close(fig)


@pytest.mark.parametrize("weight", [(1, 1, 1), (4, 1, 1), (3, 3, 1), (2, 1, 4),
                                    (2, 0, 1), (3, 1.0, 1), (3, 1), "w321"])
def test_network_diagram_refuses_a_weight_the_network_lacks(weight):
    # counted from 1 as in the book: [3, 4, 2] has w^2 (4 × 3) and w^3 (2 × 4)
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="weight"):
        draw_network(ax, [3, 4, 2], weight=weight)
    draw_network(ax, [3, 4, 2], weight=[3, 2, 4])      # a list will do
    assert any("$w^{3}_{24}$" == t.get_text() for t in ax.texts)
    plt.close(fig)


def test_every_line_of_a_box_fits_inside_it_however_many_columns():
    # Chapter 7's nine columns in a 9-inch figure once pushed "grad 0.0708"
    # past both sides of its box.
    from nnlib.graph import Value
    w, x, b, y = Value(1.2, "w"), Value(0.57, "x"), Value(0.3, "b"), Value(0.1, "y")
    C = 0.5 * ((w * x + b).sigmoid() - y) ** 2
    C.backward()
    for width in (9.0, 6.0):
        fig, ax = plt.subplots(figsize=(width, 2.6))
        draw_graph(ax, C, highlight=[w])
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        boxes = [p.get_window_extent(renderer) for p in ax.patches]
        inside = [t for t in ax.texts if t.get_text().startswith("grad")]
        assert inside
        for t in inside:
            extent = t.get_window_extent(renderer)
            assert any(b.x0 <= extent.x0 and extent.x1 <= b.x1 for b in boxes), \
                f"{t.get_text()!r} at {width} in: {extent} not inside any box"
        plt.close(fig)
