"""A labelled diagram of a small fully connected network, in the book's notation.

Neurons are circles in columns (layer 1, the input, on the left); every weight is a line.
One weight can be picked out: its line is drawn in the weight colour and labelled
``w^l_{jk}``, and the neurons at its two ends are labelled with their activations and the
receiving neuron's bias and weighted input, so the reader can match each symbol of
``z^l_j = Σ_k w^l_{jk} a^{l-1}_k + b^l_j`` to a place in the picture.  Drawing only.
"""

from matplotlib.patches import Circle

from nnlib import checks

from .neurons import column_positions
from .style import INK, MUTED, ORANGE, SKY

RADIUS = 0.22


def neuron_positions(sizes, *, dx=2.2, dy=0.85):
    """``positions[l-1][j-1] = (x, y)`` of neuron j in layer l (book numbering from 1)."""
    return column_positions(sizes, dx=dx, dy=dy)


def draw_network(ax, sizes, *, weight=None):
    """Draw a network with layer sizes ``sizes``; ``weight=(l, j, k)`` picks out w^l_{jk}.

    ``l``, ``j`` and ``k`` count from 1, as the book does (the layers from the input
    layer, so the first weights are ``w^2``), not from 0 as ``net.weights`` does.
    """
    if hasattr(sizes, "sizes") and hasattr(sizes, "weights"):    # a Network
        raise ValueError("draw_network takes the layer sizes; for a network, pass "
                         "net.sizes")
    sizes = checks.sizes(sizes)
    pos = neuron_positions(sizes)
    if weight is not None:
        weight = _checked_weight(weight, sizes)
    for l in range(1, len(sizes)):           # weights into layer l + 1 (book numbering)
        for j, (xj, yj) in enumerate(pos[l], start=1):
            for k, (xk, yk) in enumerate(pos[l - 1], start=1):
                chosen = weight == (l + 1, j, k)
                ax.plot([xk, xj], [yk, yj], color=ORANGE if chosen else "#c8c8c8",
                        lw=2.6 if chosen else 0.9, zorder=2 if chosen else 1)
    for l, column in enumerate(pos, start=1):
        for j, (x, y) in enumerate(column, start=1):
            ax.add_patch(Circle((x, y), RADIUS, fc=SKY if l == 1 else "white", ec=INK,
                                lw=1.2, zorder=3))
        x = column[0][0]
        name = "input" if l == 1 else ("output" if l == len(sizes) else "hidden")
        top = column[0][1]
        ax.text(x, top + 0.55, f"layer {l}\n({name})", ha="center", va="bottom",
                fontsize=9, color=MUTED)
    if weight is not None:
        l, j, k = weight
        (xk, yk), (xj, yj) = pos[l - 2][k - 1], pos[l - 1][j - 1]
        t = 0.42
        ax.text(xk + t * (xj - xk), yk + t * (yj - yk) + 0.16, f"$w^{{{l}}}_{{{j}{k}}}$",
                ha="center", va="bottom", fontsize=13, color=INK,
                bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none"}, zorder=4)
        ax.text(xk - 0.32, yk, f"$a^{{{l - 1}}}_{{{k}}}$", ha="right", va="center",
                fontsize=12, color=INK, zorder=4)
        ax.text(xj + 0.32, yj + 0.05, f"$z^{{{l}}}_{{{j}}},\\ a^{{{l}}}_{{{j}}}$",
                ha="left", va="bottom", fontsize=12, color=INK, zorder=4)
        ax.text(xj + 0.32, yj - 0.05, f"bias $b^{{{l}}}_{{{j}}}$", ha="left", va="top",
                fontsize=11, color=MUTED, zorder=4)
    xs = [x for column in pos for x, _ in column]
    ys = [y for column in pos for _, y in column]
    ax.set_xlim(min(xs) - 0.9, max(xs) + 1.6)
    ax.set_ylim(min(ys) - 0.45, max(ys) + 1.15)
    ax.set_aspect("equal")
    ax.axis("off")
    return pos


def _checked_weight(weight, sizes):
    """``weight`` as a tuple of ints; a clear error unless ``(l, j, k)`` names a
    weight of the network in the book's numbering: layer ``l`` from 2 to L, neuron
    ``j`` of layer ``l`` and neuron ``k`` of layer ``l - 1``, each from 1."""
    place = checks.whole_numbers(weight, 3)
    if place is None:
        raise ValueError(f"weight must be three whole numbers (l, j, k) naming "
                         f"w^l_jk; received {weight!r}")
    l, j, k = place
    if not (2 <= l <= len(sizes) and 1 <= j <= sizes[l - 1] and 1 <= k <= sizes[l - 2]):
        raise ValueError(
            f"weight={weight} is not a weight of a {list(sizes)} network: in the book's "
            f"numbering, counted from 1, l runs from 2 to {len(sizes)} (layer 1 is the "
            f"input, which no weight feeds), j over the neurons of layer l and k over "
            f"those of layer l - 1")
    return l, j, k
