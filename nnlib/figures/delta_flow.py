"""Chapter 4's figure: watch the error δ flow backward through a network, layer by layer.

Top: the network as columns of neurons (layer 1, the input, on the left), each neuron
showing its activation, the output layer its target.  A slider steps through the
backward pass: stage 0 shows the forward pass only; stage 1 colours the output layer by
its error δ^L (equation BP1); each later stage colours one more layer, further back
(BP2), and highlights the weights δ travelled back through.  Colour is δ's sign and size
on a diverging blue–vermilion scale (Okabe–Ito ends, safe for colour-blind readers);
white means "not computed yet".  Bottom: the weight gradients ∂C/∂w^l = δ^l (a^{l-1})^T
(BP4) as heatmaps, one cell per weight with thin lines between the cells, each appearing
as soon as its δ is known, and a colour bar that says the scale is a signed square root.
A second slider picks one of a few inputs.

Drawing only: what each stage shows, and the numbers behind it, come from
:mod:`nnlib.figures.delta_stages`, computed once with nnlib's own forward and backward
pass; the frames look the results up.
The colour scale is a signed square root (one scale for every δ and every gradient),
so that the errors of earlier layers, which are smaller, still show their sign.
"""

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import Circle

from nnlib import checks
from nnlib.interactive import InteractiveFigure, Param

from .delta_stages import compute, equation_text, known_layers, readout
from .neurons import column_positions, rim_to_rim
from .style import BLUE, INK, MUTED, VERMILION, nice_ceiling, num

EDGE, EMPTY = "#b0b0b0", "#eeeeee"
#: A matplotlib colormap: negative δ in blue, zero in white, positive δ in vermilion.
#:
#: :meta hide-value:
CMAP = mcolors.LinearSegmentedColormap.from_list(
    "delta", [BLUE, "#ffffff", VERMILION]).with_extremes(bad=EMPTY)
RADIUS, DY = 0.17, 0.4      # neuron radius and spacing, in inches
HEADER = 1.1                # inches above the top neuron: the equation and layer names
CELL = 0.27                 # a heatmap cell's side, in inches, where the width allows
HEATMAP_BOTTOM = 0.34       # inches below the heatmaps, for their axis labels


def signed_sqrt_norm(limit):
    """A colour norm on [−limit, limit] that spreads small values: sign(v)·√|v|."""
    return _SignedSqrtNorm(limit)


class _SignedSqrtNorm(mcolors.Normalize):
    """sign(v)·√|v|, with [−√limit, √limit] mapped onto the colour scale's [0, 1].

    The arithmetic of matplotlib's ``FuncNorm`` with this function, number for number,
    on plain arrays: ``FuncNorm`` goes through masked arrays, which cost about half a
    millisecond per heatmap at every move of the slider.  A NaN stays NaN, which the
    colour map shows as its "bad" colour.
    """

    def __init__(self, limit):
        super().__init__(vmin=-limit, vmax=limit)

    def __call__(self, value, clip=None):
        root = np.sqrt(self.vmax)
        v = np.asarray(value, dtype=float)
        return (np.sign(v) * np.sqrt(np.abs(v)) + root) / (2 * root)

    def inverse(self, value):
        root = np.sqrt(self.vmax)
        u = np.asarray(value, dtype=float) * (2 * root) - root
        return np.sign(u) * u ** 2


def neuron_positions(sizes, width, top):
    """``pos[l-1][j-1] = (x, y)`` in inches: layers spread over ``width``, centred rows."""
    return column_positions(sizes, dx=(width - 1.6) / (len(sizes) - 1), dy=DY, x0=0.7,
                            centre=top - DY * (max(sizes) - 1) / 2)


def heatmap_cell(sizes, width):
    """A heatmap cell's side in inches: ``CELL``, or less where the widest would crowd."""
    gap = (width - 1.6) / (len(sizes) - 1)      # between the centres of two heatmaps
    return min(CELL, (gap - 0.32) / max(sizes))


def figure_height(sizes, width):
    """The height, in inches, that fits the network above and its heatmaps below."""
    network = HEADER + DY * (max(sizes) - 1) + RADIUS
    return network + 0.4 + max(sizes) * heatmap_cell(sizes, width) + HEATMAP_BOTTOM


def add_heatmap(fig, box, l, rows, cols, norm):
    """The heatmap of ∂C/∂w^l in ``box`` (left, bottom, width, height in inches).

    Returns its image, its "not yet" text, and the thin lines between its cells as
    segments in inches (drawn once the heatmap shows, so that a column of zeros shows
    as white cells, not as a gap).
    """
    width, height = fig.get_size_inches()
    hax = fig.add_axes((box[0] / width, box[1] / height, box[2] / width,
                        box[3] / height))
    hax.set_xticks([])
    hax.set_yticks([])
    hax.grid(False)
    for spine in hax.spines.values():
        spine.set(visible=True, linewidth=0.5, color=MUTED)
    # colour the few cells first, then enlarge: the same picture as colouring every
    # pixel of the enlarged image, for a fraction of the work of a move; "auto" aspect:
    # the box already has the cells' shape, and nothing moves at draw time
    image = hax.imshow(np.full((rows, cols), np.nan), cmap=CMAP, norm=norm,
                       interpolation="nearest", interpolation_stage="rgba",
                       aspect="auto")
    remember_pixels(image)
    left, bottom, w, h = box
    lines = [[(left + k * w / cols, bottom), (left + k * w / cols, bottom + h)]
             for k in range(1, cols)]
    lines += [[(left, bottom + j * h / rows), (left + w, bottom + j * h / rows)]
              for j in range(1, rows)]
    hax.set_title(f"$\\partial C/\\partial w^{{{l}}} = \\delta^{{{l}}}\\,(a^{{{l - 1}}})^T$",
                  fontsize=8.5, color=INK, pad=5)
    hax.set_xlabel(f"from $k$ (layer {l - 1})", fontsize=7, color=MUTED, labelpad=2)
    hax.set_ylabel(f"to $j$ (layer {l})", fontsize=7, color=MUTED, labelpad=2)
    pending = hax.text(0.5, 0.5, "not yet", transform=hax.transAxes, ha="center",
                       va="center", fontsize=8, color=MUTED)
    return image, pending, lines


def remember_pixels(image):
    """Make ``image`` (an AxesImage) remember the pixels it makes for each array it shows.

    A heatmap shows only a few arrays (one gradient per input, or "not yet"), always in
    the same place with the same colours, and matplotlib's work to colour and enlarge an
    image of a few cells, about a millisecond, would be most of a heatmap's share of a
    move.  So the pixels made for an array are kept and drawn again whenever it comes
    back.  This holds only while the image's colours, extent and axes stay as
    ``setup_figure`` left them, which in this figure they do.
    """
    make_image, made = image.make_image, {}

    def remembered(renderer, magnification=1.0, unsampled=False):
        shown = image.get_array()
        key = (np.ma.getdata(shown).tobytes(), np.ma.getmaskarray(shown).tobytes(),
               shown.shape, magnification, unsampled, renderer.get_canvas_width_height())
        if key not in made:
            made[key] = make_image(renderer, magnification, unsampled=unsampled)
        return made[key]

    image.make_image = remembered


def setup_figure(fig, sizes, results, limit):
    """Draw what never moves; return the state :func:`render_flow` updates."""
    width, height = fig.get_size_inches()
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set(xlim=(0, width), ylim=(0, height))
    ax.axis("off")
    L = len(sizes)
    pos = neuron_positions(sizes, width, top=height - HEADER)
    norm = signed_sqrt_norm(limit)
    # weights: grey, and a darker copy per layer, shown while δ travels back through it
    highlight = {}
    for l in range(2, L + 1):
        segments = [rim_to_rim(pos[l - 2][k], pos[l - 1][j], RADIUS)
                    for j in range(sizes[l - 1]) for k in range(sizes[l - 2])]
        # not antialiased: one solid grey survives the static frames' small palette
        ax.add_collection(LineCollection(segments, colors=EDGE, lw=0.6, zorder=1,
                                         antialiased=False))
        highlight[l] = ax.add_collection(LineCollection(segments, colors=INK, lw=1.3,
                                                        zorder=2, visible=False))
    # every neuron in one collection, layer after layer: one call draws them all at
    # each move (a call per layer cost more than the circles); ``layers[l-1]`` picks
    # layer l's out of it
    neurons = ax.add_collection(PatchCollection(
        [Circle(xy, RADIUS) for column in pos for xy in column], facecolors="white",
        edgecolors=INK, linewidths=1.0, zorder=3))
    starts = np.cumsum([0, *sizes])
    layers = [slice(a, b) for a, b in zip(starts[:-1], starts[1:])]
    values = []
    for l, column in enumerate(pos, start=1):
        values.append([ax.text(*xy, "", ha="center", va="center", fontsize=7,
                               zorder=4) for xy in column])
        name = "input" if l == 1 else ("output" if l == L else "hidden")
        ax.text(column[0][0], height - 0.82, f"layer {l} ({name})", ha="center",
                va="bottom", fontsize=8, color=MUTED)
    targets = [ax.text(x + RADIUS + 0.08, y, "", ha="left", va="center", fontsize=7.5,
                       color=MUTED) for x, y in pos[-1]]
    equation = ax.text(0.15, height - 0.12, "", ha="left", va="top", fontsize=10,
                       color=INK)
    reading = ax.text(0.15, height - 0.38, "", ha="left", va="top", fontsize=8.5,
                      color=MUTED)
    # the weight gradients, one heatmap under each layer of weights, and their scale
    cell = heatmap_cell(sizes, width)
    top = HEATMAP_BOTTOM + max(sizes) * cell    # the heatmaps hang from one line
    heatmaps, pending, grids = {}, {}, {}
    for l in range(2, L + 1):
        mid = (pos[l - 2][0][0] + pos[l - 1][0][0]) / 2
        rows, cols = sizes[l - 1], sizes[l - 2]
        box = (mid - cols * cell / 2, top - rows * cell, cols * cell, rows * cell)
        heatmaps[l], pending[l], grids[l] = add_heatmap(fig, box, l, rows, cols, norm)
    # the lines between the cells of the heatmaps on show: one collection, drawn above
    # the images at every move (one call is cheaper than one per heatmap), in one
    # solid grey like the weights
    borders = ax.add_collection(LineCollection([], colors=EDGE, lw=0.6, zorder=1,
                                               antialiased=False))
    right = box[0] + box[2]                     # the last heatmap's right edge, inches
    cax = fig.add_axes(((right + 0.36) / width, HEATMAP_BOTTOM / height,
                        0.12 / width, (top - HEATMAP_BOTTOM) / height))
    bar = fig.colorbar(heatmaps[L], cax=cax)
    ticks = [-limit, -limit / 4, 0, limit / 4, limit]
    bar.set_ticks(ticks)
    bar.set_ticklabels([num(t, "+.3g") if t else "0" for t in ticks])
    bar.ax.tick_params(labelsize=7.2, length=2)
    bar.outline.set_linewidth(0.5)
    bar.set_label("δ and ∂C/∂w\nsigned square-root scale", fontsize=8, color=MUTED,
                  labelpad=2, linespacing=1.2)
    cax.yaxis.set_label_position("left")
    moving = [*highlight.values(), neurons,
              *(t for col in values for t in col), *targets, equation, reading,
              *heatmaps.values(), borders, *pending.values()]
    for artist in moving:
        artist.set_animated(True)
    return {"sizes": sizes, "results": results, "norm": norm, "neurons": neurons,
            "layers": layers,
            "values": values, "targets": targets, "equation": equation,
            "reading": reading, "heatmaps": heatmaps, "pending": pending,
            "highlight": highlight, "borders": borders, "grids": grids}


def render_flow(s, values):
    """Update the moving artists for ``values`` (stage, example); return the readout."""
    L = len(s["sizes"])
    stage, pick = round(values["stage"]), round(values["example"])
    r = s["results"][pick - 1]
    known = known_layers(stage, L)
    faces = np.ones((sum(s["sizes"]), 4))          # white, until δ is known
    for l in range(1, L + 1):
        # where δ^l sits on the colour scale, 0 to 1 (one call for the layer: a call of
        # the norm costs as much for one number as for many)
        u = s["norm"](r["delta"][l - 2]) if l in known else None
        if u is not None:
            faces[s["layers"][l - 1]] = CMAP(u)
        for j, text in enumerate(s["values"][l - 1]):
            text.set_text(num(r["a"][l - 1][j], ".2f"))
            text.set_color("white" if u is not None and abs(u[j] - 0.5) > 0.3 else INK)
    s["neurons"].set_facecolor(faces)
    for text, y in zip(s["targets"], r["y"]):
        text.set_text(f"y = {num(y, '.0f')}")
    for l, lines in s["highlight"].items():
        lines.set_visible(stage >= 2 and l == L - stage + 2)
    for l, image in s["heatmaps"].items():
        ready = l in known
        grad = r["nabla_w"][l - 2]
        image.set_data(grad if ready else np.full(grad.shape, np.nan))
        s["pending"][l].set_visible(not ready)
    s["borders"].set_segments([line for l in known for line in s["grids"][l]])
    tex, plain = equation_text(stage, L)
    s["equation"].set_text(tex)
    if stage == 0:
        s["reading"].set_text("Numbers in the circles are activations a; colour will "
                              "show the error δ.")
    else:
        l = known[-1]
        s["reading"].set_text(f"Then BP3, BP4: $\\partial C/\\partial b^{{{l}}} = "
                              f"\\delta^{{{l}}}$, $\\partial C/\\partial w^{{{l}}} = "
                              f"\\delta^{{{l}}} (a^{{{l - 1}}})^T$ (heatmap below)")
    return readout(r, stage, pick, len(s["results"]), L)


def delta_flow_figure(net, X, Y, *, width=6.6, dpi=90, colors=64):
    """The interactive figure for ``net`` and a few inputs, the columns of ``X`` and ``Y``.

    ``net`` uses the sigmoid and the quadratic cost (the equations shown are theirs);
    ``X`` has shape ``(sizes[0], k)`` and ``Y`` ``(sizes[-1], k)`` with ``k`` from 1 to
    6 inputs to choose from.  Stages run from 0 (forward pass only) to L − 1 (δ^2).
    The figure is ``width`` inches wide and as tall as the largest layer needs.
    """
    checks.network(net)
    if net.activation.name != "sigmoid" or net.cost_function.name != "quadratic":
        raise ValueError("the figure writes the equations of the sigmoid with the quadratic "
                         f"cost; received {net!r}")
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    if X.ndim != 2 or X.shape[0] != net.sizes[0] or Y.shape != (net.sizes[-1], X.shape[1]):
        raise ValueError(f"X must have shape ({net.sizes[0]}, k) and Y ({net.sizes[-1]}, k); "
                         f"received {X.shape} and {Y.shape}")
    if not checks.all_finite([X, Y]):
        raise ValueError("X and Y must hold finite numbers (the figure prints every "
                         "number it draws)")
    if not 1 <= X.shape[1] <= 6 or max(net.sizes) > 6 or len(net.sizes) < 3:
        raise ValueError("the figure draws 1 to 6 inputs, at most 6 neurons per layer and "
                         f"at least 3 layers; received {X.shape[1]} inputs, sizes {net.sizes}")
    results = compute(net, X, Y)
    largest = max(max(np.abs(d).max() for d in r["delta"]) for r in results)
    largest = max(largest, *(np.abs(g).max() for r in results for g in r["nabla_w"]))
    limit = nice_ceiling(largest, (1, 1.5, 2, 2.5, 5))
    L, k = len(net.sizes), X.shape[1]
    params = [Param("stage", "backward step", 0, L - 1, 1, 0, f"{{:.0f}} of {L - 1}")]
    if k > 1:
        params.append(Param("example", "input", 1, k, 1, 1, f"{{:.0f}} of {k}"))

    def render(s, values):
        return render_flow(s, {"example": 1, **values})

    sizes = list(net.sizes)
    return InteractiveFigure(
        params, render,
        setup=lambda fig: setup_figure(fig, sizes, results, limit),
        title="δ flows backward through the network, one layer per step",
        alt=f"A network with layer sizes {sizes} drawn as columns of circles joined by "
            "lines, each circle showing its activation. As the backward step grows, the "
            "output layer and then each earlier layer fill with colour: blue for a "
            "negative error δ, vermilion for a positive one, stronger for a larger one. "
            "The equation being applied is written above, and below the network each "
            "weight gradient δ(a)ᵀ appears as a heatmap, one bordered cell per weight, "
            "once its δ is known; a colour bar beside them reads off the values on its "
            "signed square-root scale.",
        figsize=(width, figure_height(sizes, width)), dpi=dpi, colors=colors)
