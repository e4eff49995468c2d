"""The backward pass of chapter 4's figure as a sequence of stages, in numbers and words.

Stage 0 is the forward pass alone; stage 1 adds the output error δ^L (BP1); each later
stage adds the error of one more layer, further back (BP2).  This module says what is
known at each stage, computes the numbers with nnlib's own forward and backward pass, and
writes the figure's plain-text readout.  The drawing is :mod:`nnlib.figures.delta_flow`.
"""

import numpy as np

from .style import num

SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def vector(values, spec="+.4f"):
    """A column as ``(v1, v2, ...)`` in plain text."""
    return "(" + ", ".join(num(float(v), spec) for v in np.ravel(values)) + ")"


def compute(net, X, Y):
    """For each column of ``X``/``Y``: activations, δ of every layer and weight gradients.

    Returns a list of dicts ``{"x", "y", "a", "delta", "nabla_w"}``; ``a[i]`` is
    ``a^{i+1}``, ``delta[i]`` is ``δ^{i+2}`` and ``nabla_w[i]`` is ``∂C_x/∂w^{i+2}``,
    all from nnlib's own forward and backward pass on that one input.
    """
    results = []
    for i in range(X.shape[1]):
        x, y = X[:, [i]], Y[:, [i]]
        zs, activations = net.forward(x)
        deltas = net.deltas(zs, activations, y)
        _, nabla_w = net.backward(zs, activations, y)
        results.append({"x": x.ravel(), "y": y.ravel(),
                        "a": [a.ravel() for a in activations],
                        "delta": [d.ravel() for d in deltas], "nabla_w": nabla_w})
    return results


def known_layers(stage, L):
    """The layers whose δ is known at ``stage``: none at 0, then L, L−1, ... down to 2."""
    return list(range(L, L - stage, -1))


def equation_text(stage, L):
    """The equation applied at ``stage`` (mathtext) and a plain-text name for it."""
    if stage == 0:
        return ("Forward pass: $z^l = w^l a^{l-1} + b^l,\\ a^l = \\sigma(z^l)$",
                "forward pass only: no δ yet")
    l = L - stage + 1
    if stage == 1:
        return (f"BP1: $\\delta^{{{L}}} = (a^{{{L}}} - y) \\odot \\sigma'(z^{{{L}}})$",
                f"BP1 gives δ{str(L).translate(SUP)} at the output")
    up, here = str(l + 1).translate(SUP), str(l).translate(SUP)
    return (f"BP2: $\\delta^{{{l}}} = ((w^{{{l + 1}}})^T \\delta^{{{l + 1}}}) \\odot "
            f"\\sigma'(z^{{{l}}})$",
            f"BP2 gives δ{here} from δ{up} through (w{up})ᵀ")


def readout(r, stage, pick, n_inputs, L):
    """The figure's numbers as plain text (lines of at most 60 characters)."""
    lines = [f"input {pick} of {n_inputs}: x = {vector(r['x'], '.2f')}",
             f"target y = {vector(r['y'], '.0f')}, "
             f"output a{str(L).translate(SUP)} = {vector(r['a'][-1], '.3f')}",
             f"stage {stage} of {L - 1}: {equation_text(stage, L)[1]}"]
    for l in range(L, 1, -1):
        name = f"δ{str(l).translate(SUP)}"
        shown = l in known_layers(stage, L)
        lines.append(f"{name} = {vector(r['delta'][l - 2]) if shown else 'not yet'}")
    return "\n".join(lines)
