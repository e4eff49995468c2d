"""Draw a scalar computational graph (:class:`nnlib.graph.Value`) as boxes and arrows.

Operations sit in a row, left to right in the order they are computed; a leaf (a weight,
an input, a target) sits half a column before the node it feeds, above or below the row.
A long chain can wrap: after ``wrap`` columns it turns down and runs back right to left
in a second row, whose leaves sit below it.
Each box shows the node's label, its value and (after ``backward()``) its gradient; each
arrow carries its local derivative ∂child/∂parent.

``keep`` draws only the named nodes.  An arrow then stands for every path between two
kept nodes through hidden ones, and carries the product of the local derivatives along
the path (summed over paths): the chain rule, applied by the drawing itself to the
local derivatives of :mod:`nnlib.graph` (a test checks the products against it).
Every other number on the drawing, and the graph itself, come from that module.
"""

import math
from collections import defaultdict

from matplotlib.patches import FancyBboxPatch
from matplotlib.textpath import TextPath

from .style import BLUE, INK, MUTED, ORANGE, VERMILION, num, text_colour

NODE_W, NODE_H = 1.0, 0.78


def _is_constant(node):
    """A leaf made from a plain number (its label is the number itself)."""
    if node.parents:
        return False
    try:
        return float(node.label) == node.data
    except ValueError:
        return False


def _nodes(root, given, name):
    """``given`` as a list of nodes of the graph that ends in ``root`` (one node
    alone is a list of one), or a clear error: a name such as "w" in place of the
    node ``w`` would otherwise be drawn as nothing at all."""
    from nnlib.graph import Value

    if not isinstance(root, Value):
        raise ValueError(f"root must be the node the graph ends in (a Value, such as "
                         f"the cost C); received {type(root).__name__}")
    given = [given] if isinstance(given, Value) else list(given)
    graph = set(root.topological_order())
    wrong = [g for g in given if not isinstance(g, Value) or g not in graph]
    if wrong:
        raise ValueError(f"{name} must hold nodes of the graph that ends in root "
                         f"(Values, as [w]); received {wrong[0]!r}, which is "
                         f"{'not a node' if not isinstance(wrong[0], Value) else 'not in it'}")
    return given


def visible_edges(root, keep=None):
    """``(parent, child, local)`` links among the drawn nodes (see the module docstring)."""
    if keep is None:
        return [e for e in root.edges() if not _is_constant(e[0])]
    kept = set(keep) | {root}
    children = defaultdict(list)
    for parent, child, local in root.edges():
        children[parent].append((child, local))
    through = {}
    # walk the kept nodes in topological order (not set order), so that every drawing of
    # the same graph is the same picture
    for start in [n for n in root.topological_order() if n in kept]:
        stack = [(start, 1.0)]
        while stack:
            node, factor = stack.pop()
            for child, local in children[node]:
                if child in kept:
                    through[(start, child)] = through.get((start, child), 0.0) + factor * local
                else:
                    stack.append((child, factor * local))
    return [(p, c, d) for (p, c), d in through.items()]


def layout(root, edges, wrap=None):
    """Positions ``{node: (x, y)}`` of the nodes that appear in ``edges``; operations in
    ``wrap`` columns a row (all in one row if ``wrap`` is None)."""
    if wrap is not None and (isinstance(wrap, bool) or not isinstance(wrap, int)
                             or wrap < 1):
        raise ValueError(f"wrap must be a whole number of operations a row, at least 1, "
                         f"or None for one row; received {wrap!r}")
    parents = defaultdict(list)
    for parent, child, _ in edges:
        parents[child].append(parent)
    drawn = {n for e in edges for n in e[:2]}
    order = [n for n in root.topological_order() if n in drawn]
    column, positions, leftward = {}, {}, set()
    for node in order:
        if parents[node]:
            inner = [column[p] for p in parents[node] if parents[p]]
            column[node] = 1 + max(inner, default=0)
            row, place = divmod(column[node] - 1, wrap or column[node])
            if row % 2:                                  # a second row runs back leftwards
                place = wrap - 1 - place
                leftward.add(node)
            positions[node] = (2.0 * (place + 1), -ROW_GAP * row)
    for node in order:
        leaves = [p for p in parents[node] if not parents[p] and p not in positions]
        x, y = positions.get(node, (0.0, 0.0))
        row_from_left = any(parents[p] for p in parents[node])
        if node in leftward:                           # below the row, on the side it
            offsets = [-1.25 * (1 + k) for k in range(len(leaves))]   # arrives from
        elif row_from_left:                            # the row arrives from the left:
            offsets = [1.25 * (1 + k // 2) * (1 if k % 2 == 0 else -1)   # above, below, ...
                       for k in range(len(leaves))]
        else:                                          # leaves only: a column centred on the row
            offsets = [1.15 * ((len(leaves) - 1) / 2 - k) for k in range(len(leaves))]
        before = (1.3 if row_from_left else 2.0) * (-1 if node in leftward else 1)
        for leaf, dy in zip(leaves, offsets):
            positions[leaf] = (x - before, y + dy)
    return positions


#: The error for a graph with nothing to draw: a root that no operation made.
_NO_LINKS = ("root has no links to draw: no operation joins it to another node (it "
             "is a leaf, or made from constants alone); pass the node the graph ends "
             "in, such as the cost C")

ROW_GAP = 2.5   # from one row of a wrapped chain to the next: room for leaves between


def _tex(label):
    """A label such as ``w^l`` or ``a^{l-1}`` as matplotlib mathtext."""
    return f"${label}$" if any(ch in label for ch in "^_\\") or len(label) == 1 else label


def draw_graph(ax, root, *, keep=None, show_grad=True, highlight=(), wrap=None):
    """Draw the graph that ends in ``root`` on ``ax``; returns the positions used.

    ``highlight`` is a collection of nodes drawn in the weight colour (e.g. the weight
    whose gradient the chapter is after).  Nodes without a label show their operation.
    ``wrap``: operations a row, for a chain too long for one row (see :func:`layout`).
    With ``show_grad`` each box shows its node's ``grad`` too: 0 everywhere until
    ``root.backward()`` has run, so call it first (or pass ``show_grad=False``).
    """
    highlight = _nodes(root, highlight, "highlight")
    if keep is not None:
        keep = _nodes(root, keep, "keep")
    edges = visible_edges(root, keep)
    if not edges:
        raise ValueError(_NO_LINKS if keep is None else
                         "keep leaves no link to draw: it must hold at least one "
                         "node that root is built from, besides root itself")
    positions = layout(root, edges, wrap)
    for parent, child, local in edges:
        start, end = arrow_ends(positions[parent], positions[child])
        ax.annotate("", xy=end, xytext=start,
                    arrowprops={"arrowstyle": "-|>", "color": MUTED, "lw": 1.1,
                                "shrinkA": 0, "shrinkB": 0})
        x, y, ha, va = label_place(positions[parent], positions[child])
        ax.text(x, y, num(local, ".3g"), ha=ha, va=va, fontsize=10.5, color=BLUE,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.45, max(ys) + 0.45)
    ax.set_aspect("equal")
    ax.axis("off")
    shrink = _text_scale(ax, positions, show_grad)
    for node, (x, y) in positions.items():
        face = ORANGE if node in highlight else ("#f2f2f2" if not node.parents else "white")
        ax.add_patch(FancyBboxPatch((x - NODE_W / 2, y - NODE_H / 2), NODE_W, NODE_H,
                                    boxstyle="round,pad=0.02,rounding_size=0.08",
                                    fc=face, ec=INK, lw=1.0))
        name = _tex(node.label) if node.label else node.op
        ax.text(x, y + 0.17, name, ha="center", va="center", fontsize=12.5 * shrink,
                color=INK)
        for dy, size, text, colour in _box_lines(node, show_grad, highlight):
            ax.text(x, y + dy, text, ha="center", va="center", fontsize=size * shrink,
                    color=colour)
    return positions


def arrow_ends(p, c):
    """The ends of the arrow from the box centred at ``p`` to the one at ``c``, on the
    boxes' edges: ``(start, end)``, each an ``(x, y)``."""
    (x0, y0), (x1, y1) = p, c
    dx, dy = x1 - x0, y1 - y0
    t = min(NODE_W / 2 / abs(dx) if dx else 1.0, NODE_H / 2 / abs(dy) if dy else 1.0)
    return (x0 + t * dx, y0 + t * dy), (x1 - t * dx, y1 - t * dy)


def label_place(p, c):
    """Where the label of that arrow goes: ``(x, y, ha, va)``: just above the middle
    of a level arrow, on the middle of a long sloping one, and just right of the middle
    of a vertical one (the turn of a wrapped chain) or of a short one (a label on it
    would hide it)."""
    start, end = arrow_ends(p, c)
    x, y = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
    if p[1] == c[1]:
        return x, y + 0.06, "center", "bottom"
    dx, dy = end[0] - start[0], end[1] - start[1]
    if dx == 0 or math.hypot(dx, dy) < 0.8 * NODE_W:
        # clear of the arrow over the label's height (about 0.16), not only at its
        # middle: a sloping arrow runs on under a label placed beside its middle
        # (at most 0.2 more: a nearly level arrow would push it past its box)
        return x + 0.08 + min(0.08 * abs(dx / dy), 0.2), y, "left", "center"
    return x, y, "center", "center"


def fitting_fontsize(ax, texts, size):
    """The largest font size up to ``size`` at which each of ``texts`` fits in a box's
    width, once ``ax`` has its limits (as :func:`draw_graph` leaves it)."""
    return size * _fit(ax, [(text, size) for text in texts])


def _box_lines(node, show_grad, highlight):
    """The value and gradient lines of a box: (offset, font size, text, colour)."""
    lines = [(-0.09, 10.5, num(node.data, ".3f"), INK)]
    if show_grad:
        lines.append((-0.27, 9, f"grad {num(node.grad, '.3g')}",
                      INK if node in highlight else text_colour(VERMILION)))
    return lines


def _text_scale(ax, positions, show_grad):
    """A factor (at most 1) for the font sizes, so that every box's lines fit its width.

    Boxes are sized in data units and text in points; with many columns in a narrow
    figure a data unit shrinks below the width of "grad -0.628".
    """
    return _fit(ax, [(text, size) for node in positions
                     for _, size, text, _ in _box_lines(node, show_grad, ())])


def _fit(ax, sized_texts):
    """The factor (at most 1) for the font sizes of ``(text, size)`` pairs at which
    each fits in a box's width on ``ax``."""
    fig_w, fig_h = ax.figure.get_size_inches() * 72
    box = ax.get_position()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    points_per_unit = min(box.width * fig_w / (x1 - x0), box.height * fig_h / (y1 - y0))
    widest = max(TextPath((0, 0), text, size=size).get_extents().width
                 for text, size in sized_texts)
    return min(1.0, 0.9 * NODE_W * points_per_unit / widest)
