"""Draw a scalar computational graph (:class:`nnlib.graph.Value`) as boxes and arrows.

Leaves sit on the left and the final node on the right; a node's column is the length of
the longest path that reaches it from a leaf.  Each box shows the node's label, its value
and (after ``backward()``) its gradient; each arrow carries its local derivative
∂child/∂parent.  Drawing only: the graph and every number on it come from
:mod:`nnlib.graph`.
"""

from matplotlib.patches import FancyBboxPatch

from .style import BLUE, INK, MUTED, ORANGE, VERMILLION

NODE_W, NODE_H = 0.95, 0.72


def _is_constant(node):
    """A leaf made from a plain number (its label is the number itself)."""
    if node.parents:
        return False
    try:
        return float(node.label) == node.data
    except ValueError:
        return False


def layout(root, *, hide_constants=True):
    """Positions ``{node: (x, y)}`` for a graph that is mostly one path (a chain).

    Nodes computed from other nodes sit in a row, in topological order, one column each
    along the longest path from the first operation; a leaf (weight, input, target) sits
    half a column before the node it feeds, above or below that row, alternating.
    """
    order = root.topological_order()
    column, positions, used = {}, {}, {}
    for node in order:
        if node.parents:
            inner = [column[p] for p in node.parents if p.parents]
            column[node] = 1 + max(inner, default=0)
            positions[node] = (1.7 * column[node], 0.0)
    for node in order:
        if node.parents:
            for parent in node.parents:
                if parent.parents or parent in positions:
                    continue
                if hide_constants and _is_constant(parent):
                    continue
                k = used.get(node, 0)
                used[node] = k + 1
                x, y = positions[node]
                positions[parent] = (x - 1.15, y + (1.35 if k % 2 == 0 else -1.35) * (1 + k // 2))
    return positions


def _tex(label):
    """A label such as ``w^l`` or ``a^{l-1}`` as matplotlib mathtext."""
    return f"${label}$" if any(ch in label for ch in "^_\\") or len(label) == 1 else label


def draw_graph(ax, root, *, show_grad=True, highlight=(), positions=None):
    """Draw the graph that ends in ``root`` on ``ax``; returns the positions used.

    ``highlight`` is a collection of nodes drawn in the weight colour (e.g. the weight
    whose gradient the chapter is after).  Intermediate nodes without a label show
    their operation instead.
    """
    positions = positions or layout(root)
    for parent, child, local in root.edges():
        if parent not in positions:  # a hidden constant
            continue
        (x0, y0), (x1, y1) = positions[parent], positions[child]
        # start and end the arrow on the boxes' edges
        dx, dy = x1 - x0, y1 - y0
        t = min(NODE_W / 2 / abs(dx) if dx else 1.0, NODE_H / 2 / abs(dy) if dy else 1.0)
        start, end = (x0 + t * dx, y0 + t * dy), (x1 - t * dx, y1 - t * dy)
        ax.annotate("", xy=end, xytext=start,
                    arrowprops={"arrowstyle": "-|>", "color": MUTED, "lw": 1.1,
                                "shrinkA": 0, "shrinkB": 0})
        xm, ym = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
        ax.text(xm, ym + (0.06 if y0 == y1 else 0), f"{local:.3g}", ha="center",
                va="bottom" if y0 == y1 else "center", fontsize=9, color=BLUE,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
    for node, (x, y) in positions.items():
        is_leaf = not node.parents
        face = ORANGE if node in highlight else ("#f2f2f2" if is_leaf else "white")
        ax.add_patch(FancyBboxPatch((x - NODE_W / 2, y - NODE_H / 2), NODE_W, NODE_H,
                                    boxstyle="round,pad=0.02,rounding_size=0.08",
                                    fc=face, ec=INK, lw=1.0))
        name = _tex(node.label) if node.label else node.op
        ax.text(x, y + 0.17, name, ha="center", va="center", fontsize=11, color=INK)
        ax.text(x, y - 0.07, f"{node.data:.3f}", ha="center", va="center", fontsize=9, color=INK)
        if show_grad:
            ax.text(x, y - 0.24, f"grad {node.grad:.3g}", ha="center", va="center",
                    fontsize=8, color=INK if node in highlight else VERMILLION)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    ax.set_xlim(min(xs) - 0.55, max(xs) + 0.55)
    ax.set_ylim(min(ys) - 0.42, max(ys) + 0.42)
    ax.set_aspect("equal")
    ax.axis("off")
    return positions
