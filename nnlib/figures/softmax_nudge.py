"""The softmax chapter's figure: nudge the logits, watch probabilities, loss and gradient.

Three panels side by side.  Left: the logits ``z`` as bars, the target class marked.
Middle: the probabilities ``p = softmax(z)`` as bars, the one-hot target ``y`` as
dashed outlines, and the cross-entropy loss ``C = −log p_target`` in the title.
Right: the output error of softmax with cross-entropy, ``p − y``, beside the output
error that independent sigmoid outputs with the quadratic cost would have,
``(σ(z) − y) ⊙ σ'(z)``, for contrast.

Drawing only: the numbers come from :mod:`nnlib.costs`, computed once for every
grid point in :func:`softmax_nudge_figure` (by :func:`frame_numbers`) and looked up on
each move.  Okabe–Ito colours on white; the book's dark mode inverts the frames.
"""

from numbers import Integral

import numpy as np

from nnlib import checks
from nnlib.costs import CrossEntropyCost, QuadraticCost
from nnlib.interactive import InteractiveFigure, Param, exact_fmt
from .style import BLUE, INK, MUTED, ORANGE, VERMILION, num

SOFTMAX, SIGMOID, TARGET = BLUE, VERMILION, ORANGE  # the roles of the palette's colours


def subscript(k):
    """The whole number ``k`` in subscript digits: ``subscript(10)`` is ``"₁₀"``."""
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def frame_numbers(z, target):
    """Everything one frame shows, from :mod:`nnlib.costs`, for logits ``z`` (1-D).

    Returns a dict of 1-D arrays ``z``, ``y`` (one-hot), ``p`` (softmax), ``grad``
    (``p − y``, the cross-entropy cost's ``delta``), ``a`` (``σ(z)``) and ``quad``
    (the quadratic cost's ``delta`` with sigmoid outputs), and the float ``loss``.
    """
    z = np.asarray(z, dtype=float).reshape(-1, 1)
    y = np.zeros_like(z)
    y[target] = 1.0
    ce, quadratic = CrossEntropyCost(), QuadraticCost()
    p = ce.output(z)
    a = quadratic.output(z)
    return {"z": z.ravel(), "y": y.ravel(), "p": p.ravel(), "loss": ce.fn(p, y),
            "grad": ce.delta(z, p, y).ravel(), "a": a.ravel(),
            "quad": quadratic.delta(z, a, y).ravel()}


def _bar_labels(ax, n, fontsize=7.5, color=INK):
    return [ax.text(i, 0, "", ha="center", fontsize=fontsize, color=color)
            for i in range(n)]


def _set_label(text, x, value, spec, pad, beside=0.0):
    """Put ``value`` just beyond the end of its bar (above if positive, below if not),
    and beyond the bar ``beside`` it too when that one reaches further the same way:
    a label wider than its bar must not sit on its neighbour."""
    text.set_text(num(value, spec))
    if value >= 0:
        text.set_position((x, max(value, beside) + pad))
    else:
        text.set_position((x, min(value, beside) - pad))
    text.set_va("bottom" if value >= 0 else "top")


def setup_figure(fig, n, target, z_range):
    """Draw what never moves; return the state that :func:`render_nudge` updates."""
    names = [f"{i + 1}" + (" (target)" if i == target else "") for i in range(n)]
    xs = np.arange(n)
    lo, hi = z_range
    left = fig.add_axes((0.075, 0.29, 0.24, 0.6))
    middle = fig.add_axes((0.405, 0.29, 0.24, 0.6))
    right = fig.add_axes((0.735, 0.29, 0.25, 0.6))
    for ax in (left, middle, right):
        ax.set_xticks(xs)
        ax.set_xticklabels(names, fontsize=8)
        ax.set_xlim(-0.6, n - 0.4)
        ax.tick_params(labelsize=8)
        ax.axhline(0, color=INK, lw=0.8)
        ax.grid(axis="x", visible=False)
        ax.set_xlabel("class $i$", fontsize=9, labelpad=1)
    left.set_ylim(lo - 0.9, hi + 0.9)
    left.set_ylabel("logit $z_i$", fontsize=9, labelpad=1)
    left.set_title("logits $z$", fontsize=10, color=INK)
    middle.set_ylim(0, 1.18)
    middle.set_ylabel("probability $p_i$", fontsize=9, labelpad=1)
    middle.bar(xs, [1.0 if i == target else 0.0 for i in range(n)], width=0.78,
               fill=False, ec=INK, ls="--", lw=1.0)
    right.set_ylim(-1.25, 1.25)
    right.set_ylabel(r"$\partial\,\mathrm{cost}/\partial z_i$", fontsize=9, labelpad=1)
    right.set_title("output error $\\delta^L$", fontsize=10, color=INK)
    moving = {
        "z": list(left.bar(xs, np.zeros(n), width=0.6,
                           color=[TARGET if i == target else MUTED for i in range(n)])),
        "z_text": _bar_labels(left, n),
        "p": list(middle.bar(xs, np.zeros(n), width=0.6, color=SOFTMAX)),
        "p_text": _bar_labels(middle, n),
        "loss": middle.set_title("", fontsize=10, color=INK),
        "grad": list(right.bar(xs - 0.19, np.zeros(n), width=0.36, color=SOFTMAX)),
        "quad": list(right.bar(xs + 0.19, np.zeros(n), width=0.36, color=SIGMOID)),
        "grad_text": _bar_labels(right, n, 7.5, color=SOFTMAX),   # the p − y bars' values
    }
    fig.text(0.405, 0.085, "- - target $y$ (one-hot)", fontsize=8, color=INK)
    for y, colour, label in ((0.085, SOFTMAX, "softmax + cross-entropy: $p - y$"),
                             (0.025, SIGMOID, "sigmoid + quadratic: $(a - y)\\,\\sigma'(z)$")):
        fig.text(0.64, y, "■", fontsize=8, color=colour)
        fig.text(0.66, y, label, fontsize=8, color=INK)
    for artists in moving.values():
        for artist in (artists if isinstance(artists, list) else [artists]):
            artist.set_animated(True)
    return moving


def render_nudge(s, numbers):
    """Update the moving artists for one frame's ``numbers``; return the readout."""
    for i, (bar, text) in enumerate(zip(s["z"], s["z_text"])):
        bar.set_height(numbers["z"][i])
        _set_label(text, i, numbers["z"][i], "+.1f", 0.12)
    for i, (bar, text) in enumerate(zip(s["p"], s["p_text"])):
        bar.set_height(numbers["p"][i])
        _set_label(text, i, numbers["p"][i], ".3f", 0.02)
    target = int(np.argmax(numbers["y"]))
    s["loss"].set_text(f"softmax $p$;  $C = -\\log p_{target + 1}$ = "
                       f"{num(numbers['loss'], '.3f')}")
    for i, (g, q, text) in enumerate(zip(s["grad"], s["quad"], s["grad_text"])):
        g.set_height(numbers["grad"][i])
        q.set_height(numbers["quad"][i])
        _set_label(text, i - 0.19, numbers["grad"][i], "+.2f", 0.04,
                   beside=numbers["quad"][i])
    return readout(numbers)


def readout(numbers):
    """The frame's numbers as plain text, in the book's notation (≤ 60 characters a line)."""
    def vector(values, spec):
        return "(" + ", ".join(num(v, spec) for v in values) + ")"

    target = int(np.argmax(numbers["y"]))
    t = subscript(target + 1)
    return (f"z = {vector(numbers['z'], '+.2f')}, target class {target + 1}\n"
            f"p = softmax(z) = {vector(numbers['p'], '.4f')}\n"
            f"C = −log p{t} = {num(numbers['loss'], '.4f')}\n"
            f"∂C/∂z = p − y = {vector(numbers['grad'], '+.4f')}\n"
            f"sigmoid outputs, quadratic cost:\n"
            f"  (a − y) ⊙ σ'(z) = {vector(numbers['quad'], '+.4f')}")


def softmax_nudge_figure(*, z_others=(0.0,), target=0, z_max=3.0, z_step=1.5,
                         figsize=(6.6, 3.0), dpi=90, colors=16):
    """The interactive figure: sliders for ``z_1`` and ``z_2``; the other logits fixed.

    ``z_others`` are the fixed logits ``z_3, ...``; ``target`` is the index (from 0) of
    the target class.  Every frame's numbers are computed here, once, with
    :func:`frame_numbers`.
    """
    z_others = np.atleast_1d(checks.finite_floats(z_others, "z_others"))
    if z_others.ndim != 1:
        raise ValueError(f"z_others must be a list of numbers, the fixed logits z₃, ...; "
                         f"received shape {z_others.shape}")
    n = 2 + len(z_others)
    if (isinstance(target, bool) or not isinstance(target, Integral)
            or not 0 <= target < n):
        raise ValueError(f"target must be a class index from 0 to {n - 1}; "
                         f"received {target!r}")
    z_max = checks.positive_number(z_max, "z_max", " (the sliders' reach)")
    z_step = checks.positive_number(z_step, "z_step", " (the sliders' step)")
    # as many decimals as the steps need (at least one): 0.75 is not 0.8
    fmt = exact_fmt(z_step, z_max, sign=True, at_least=1)
    z1 = Param("z1", "z₁", -z_max, z_max, z_step, z_step, fmt)
    z2 = Param("z2", "z₂", -z_max, z_max, z_step, -z_step, fmt)
    table = {(a, b): frame_numbers([a, b, *z_others], target)
             for a in z1.grid for b in z2.grid}

    def render(state, values):
        return render_nudge(state, table[z1.grid[z1.index(values["z1"])],
                                         z2.grid[z2.index(values["z2"])]])

    return InteractiveFigure(
        [z1, z2], render,
        setup=lambda fig: setup_figure(fig, n, target, (-z_max, z_max)),
        title="Nudge the logits: softmax probabilities, cross-entropy loss and its gradient",
        alt=f"Three bar charts. Left: the logits z, with z{subscript(target + 1)} the target "
            f"class. Middle: the softmax probabilities with the one-hot target as a dashed "
            f"outline on its class and the cross-entropy loss in the title. Right: the "
            f"gradient p − y of the loss beside the output error of sigmoid outputs with "
            f"the quadratic cost.",
        figsize=figsize, dpi=dpi, colors=colors)
