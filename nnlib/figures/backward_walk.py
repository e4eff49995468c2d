"""Chapter 7's figure: step through the backward pass of a scalar graph, one link at a time.

The graph (a :class:`nnlib.graph.Value` and everything it was computed from) is drawn
once by :func:`nnlib.figures.graph_drawing.draw_graph`: boxes with labels and values,
arrows with their local derivatives.  A slider is the step of the backward pass.  At
each step the link in use is drawn thick in vermilion, the box whose gradient is
being filled gets a vermilion frame, and every gradient filled so far is written in
its box; the others read "grad ?".  Below the graph, the step's addition in symbols.

Drawing only: the steps come from :mod:`nnlib.figures.backward_steps`, which replays
``Value.backward``; the frames look them up.
"""

import math

from matplotlib.patches import FancyBboxPatch

from nnlib.interactive import InteractiveFigure, Param

from .backward_steps import name, readout, steps
from .graph_drawing import (_NO_LINKS, NODE_H, NODE_W, _is_constant, _nodes, arrow_ends,
                            draw_graph, fitting_fontsize, label_place)
from .style import INK, MUTED, VERMILION, num, text_colour


def setup_figure(fig, root, walk, wrap=None):
    """Draw the graph (``wrap`` operations a row, see :func:`draw_graph`); return the
    artists :func:`render_step` moves."""
    ax = fig.add_axes((0.01, 0.1, 0.98, 0.89))   # the step's sum below it
    positions = draw_graph(ax, root, show_grad=False, wrap=wrap)
    # small enough for the widest gradient any step writes into a box
    size = fitting_fontsize(ax, ["grad ?"] + [_grad_text(g) for step in walk
                                              for g in step.grads.values()], 9)
    grads = {node: ax.text(x, y - 0.27, "", ha="center", va="center",
                           fontsize=size, animated=True)
             for node, (x, y) in positions.items()}
    frame = ax.add_patch(FancyBboxPatch(
        (0, 0), NODE_W + 0.1, NODE_H + 0.1, fc="none", ec=VERMILION, lw=2.6,
        boxstyle="round,pad=0.02,rounding_size=0.1", zorder=5, animated=True,
        clip_on=False))             # a box at the edge keeps its whole frame
    link = ax.plot([], [], color=VERMILION, lw=3.2, zorder=4,
                   solid_capstyle="round", animated=True)[0]
    local = ax.text(0, 0, "", ha="center", va="center", fontsize=10.5,
                    color=text_colour(VERMILION), fontweight="bold", zorder=6,
                    animated=True,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white",
                          "ec": VERMILION, "lw": 1.0})
    equation = fig.text(0.5, 0.05, "", ha="center", va="center", fontsize=11,
                        color=INK, animated=True)
    return {"positions": positions, "grads": grads, "frame": frame,
            "link": link, "local": local, "equation": equation, "walk": walk, "root": root}


def _grad_text(grad):
    return f"grad {num(grad, '.3g')}"


def _tex(node):
    label = name(node)
    return f"${label}$" if any(ch in label for ch in "^_") else label


def render_step(s, values):
    """Show step ``values["step"]``; return the readout."""
    walk = s["walk"]
    k = round(values["step"])
    step = walk[k]
    for node, text in s["grads"].items():
        filled = node in step.grads
        text.set_text(_grad_text(step.grads[node]) if filled else "grad ?")
        text.set_color(text_colour(VERMILION) if node is step.parent else
                       (INK if filled else MUTED))
    target = step.parent if step.parent is not None else s["root"]
    x, y = s["positions"][target]
    s["frame"].set_x(x - NODE_W / 2 - 0.05)
    s["frame"].set_y(y - NODE_H / 2 - 0.05)
    if step.parent is None:
        s["link"].set_data([], [])
        s["local"].set_visible(False)
        s["equation"].set_text(r"start: $\partial C/\partial C = 1$")
    else:
        at_parent, at_child = s["positions"][step.parent], s["positions"][step.child]
        (x0, y0), (x1, y1) = arrow_ends(at_parent, at_child)
        # stop short of the child, so that the arrow's own head shows the direction
        length = math.hypot(x1 - x0, y1 - y0)
        back = min(0.22, 0.4 * length) / length      # a fraction of the link
        s["link"].set_data([x0, x1 - back * (x1 - x0)], [y0, y1 - back * (y1 - y0)])
        # framed, and over the link's own label so that the two do not overlap
        x, y, ha, va = label_place(at_parent, at_child)
        s["local"].set_visible(True)
        s["local"].set_position((x, y))
        s["local"].set_horizontalalignment(ha)
        s["local"].set_verticalalignment(va)
        s["local"].set_text(num(step.local, ".3g"))
        p, c = _tex(step.parent), _tex(step.child)
        s["equation"].set_text(
            f"∂C/∂({p}) += {num(step.local, '.3f')} × "
            f"{num(step.grads[step.child], '.3f')}"
            f"  (local derivative × ∂C/∂({c}))")
    return readout(step, k, len(walk) - 1)


def backward_walk_figure(root, *, wrap=None, figsize=(9.0, 2.9), dpi=80, colors=24):
    """The interactive figure for the graph that ends in ``root`` (a Value), drawn with
    ``wrap`` operations a row (all in one if None).

    Links into constants (such as the ½ of the cost) are added but not shown.
    """
    _nodes(root, [], "root")              # root is a Value, or a clear error
    shown = {n for n in root.topological_order() if not _is_constant(n)}
    walk = steps(root, shown)
    if len(walk) < 2:                     # the start alone: no link to step along
        raise ValueError(_NO_LINKS)
    # "3 of 9": where the walk is, for the eye and for a screen reader
    step = Param("step", "backward step", 0, len(walk) - 1, 1, 0,
                 f"{{:.0f}} of {len(walk) - 1}")
    return InteractiveFigure(
        [step], render_step, setup=lambda fig: setup_figure(fig, root, walk, wrap),
        title="The backward pass of a graph, one link at a time",
        alt="A computational graph drawn as boxes joined by arrows, each arrow "
            "labelled with its local derivative. A slider steps through the "
            "backward pass from the cost to the leaves: the link in use is "
            "drawn thick, the box being filled is framed, and every gradient "
            "filled so far is written in its box.",
        figsize=figsize, dpi=dpi, colors=colors)
