"""The digits chapter's figures: images, a confusion matrix, a prediction to browse.

* :func:`draw_digit_grid` shows 8×8 images (the columns of ``X``) in a grid, each
  with a caption, for example its label or "true 3, said 8".
* :func:`draw_confusion` draws a confusion matrix with the count written in each cell.
* :func:`prediction_figure` is an interactive figure: choose a test image and see it
  beside the network's ten output probabilities as bars, the predicted digit marked.

Drawing only: nothing here trains or evaluates a network.  The chapter computes the
probabilities with :meth:`nnlib.Network.feedforward` and passes them in, so the figure
shows exactly what the network said.  Images are dark ink on white; colours are
Okabe–Ito.
"""

import numpy as np

from nnlib import checks
from nnlib.interactive import InteractiveFigure, Param

from .style import BLUE, GREEN, GRID, INK, MUTED, VERMILION, text_colour

RIGHT, WRONG, TRUE = BLUE, VERMILION, GREEN  # the roles of the palette's colours

SIDE = 8  # the images are SIDE × SIDE pixels


def _image(column):
    """One column of 64 intensities as an 8×8 picture (rows of pixels from the top)."""
    return np.asarray(column, dtype=float).reshape(SIDE, SIDE)


def draw_digit_grid(fig, images, captions, *, columns=10, fontsize=8):
    """Draw the columns of ``images`` (shape ``(64, k)``) in a grid on ``fig``.

    ``captions`` holds one string per image, written above it.  Intensities are in
    [0, 1], drawn from white (0) to black (1).  Returns the list of axes.
    """
    images = np.asarray(images, dtype=float)
    if images.ndim != 2 or images.shape[0] != SIDE * SIDE:
        raise ValueError(f"images must have shape (64, k); received {images.shape}")
    k = images.shape[1]
    if len(captions) != k:
        raise ValueError(f"need one caption per image: {k} images, {len(captions)} captions")
    rows = -(-k // columns)
    axes = []
    for i in range(k):
        ax = fig.add_subplot(rows, columns, i + 1)
        ax.imshow(_image(images[:, i]), cmap="gray_r", vmin=0.0, vmax=1.0,
                  interpolation="nearest")
        ax.set_title(captions[i], fontsize=fontsize, color=INK, pad=2)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color(GRID)
        axes.append(ax)
    return axes


def draw_confusion(ax, counts, *, xlabel="predicted digit", ylabel="true digit"):
    """Draw the square matrix ``counts`` (row: true class, column: predicted) on ``ax``.

    Each cell shows its count; the diagonal (right answers) is blue, other non-zero
    cells (mistakes) vermilion, zeros left blank.  Returns ``ax``.
    """
    counts = np.asarray(counts)
    n = counts.shape[0] if counts.ndim else 0
    if counts.shape != (n, n) or n == 0:
        raise ValueError(f"counts must be a square matrix; received shape {counts.shape}")
    if not _whole_in(counts, 0, np.inf):
        raise ValueError("counts must be whole numbers of examples, each cell the number "
                         "of a class's examples given each answer (fractions of a row, "
                         "say, would be drawn as 0): pass the counts themselves")
    ax.set(xlim=(-0.5, n - 0.5), ylim=(n - 0.5, -0.5), xticks=range(n), yticks=range(n),
           xlabel=xlabel, ylabel=ylabel, aspect="equal")
    ax.grid(False)
    ax.tick_params(length=0)
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    for spine in ax.spines.values():
        spine.set_visible(False)
    for j in range(n):
        for k in range(n):
            c = int(counts[j, k])
            if j == k:
                ax.add_patch(_cell(j, k, RIGHT, 0.16))
            elif c:
                ax.add_patch(_cell(j, k, WRONG, 0.22))
            if c:
                ax.text(k, j, str(c), ha="center", va="center", fontsize=8,
                        color=INK, fontweight="bold" if j != k else "normal")
    for t in np.arange(-0.5, n, 1.0):
        ax.axhline(t, color=GRID, lw=0.6)
        ax.axvline(t, color=GRID, lw=0.6)
    return ax


def _cell(j, k, color, alpha):
    from matplotlib.patches import Rectangle
    return Rectangle((k - 0.5, j - 0.5), 1, 1, fc=color, alpha=alpha, ec="none")


def setup_prediction(fig, n_classes):
    """Draw the fixed parts (axes, labels); return the artists that change."""
    ax_img = fig.add_axes((0.02, 0.05, 0.28, 0.71))
    ax_img.set_xticks([])
    ax_img.set_yticks([])
    for spine in ax_img.spines.values():
        spine.set_visible(True)
        spine.set_color(GRID)
    picture = ax_img.imshow(np.zeros((SIDE, SIDE)), cmap="gray_r", vmin=0.0, vmax=1.0,
                            interpolation="nearest", animated=True)
    title = fig.text(0.16, 0.97, "", ha="center", va="top", fontsize=10, color=INK,
                     animated=True)
    which = fig.text(0.16, 0.86, "", ha="center", va="top", fontsize=8.5, color=MUTED,
                     animated=True)
    ax_bar = fig.add_axes((0.42, 0.2, 0.55, 0.62))
    ax_bar.set(xlim=(-0.6, n_classes - 0.4), ylim=(0, 1.05), xticks=range(n_classes),
               yticks=(0, 0.5, 1))
    ax_bar.set_xlabel("digit", fontsize=9, labelpad=1)
    ax_bar.set_ylabel("probability", fontsize=9)
    ax_bar.tick_params(labelsize=8.5)
    for side in ("top", "right"):
        ax_bar.spines[side].set_visible(False)
    ax_bar.grid(axis="y", color=GRID, lw=0.6)
    ax_bar.grid(axis="x", visible=False)
    bars = ax_bar.bar(range(n_classes), np.zeros(n_classes), color=MUTED, width=0.7)
    for bar in bars:
        bar.set_animated(True)
    verdict = fig.text(0.695, 0.96, "", ha="center", va="top", fontsize=10,
                       animated=True)
    truth = ax_bar.text(0, 1.02, "", ha="center", va="bottom", fontsize=8,
                        color=text_colour(TRUE),
                        fontweight="bold", animated=True)
    return {"picture": picture, "title": title, "which": which, "bars": bars,
            "verdict": verdict, "truth": truth}


def _listed(values):
    """A 1-D array's first entries for a message, or its kind if not numbers."""
    if values.dtype.kind in "iufb":
        return checks.shown(values)
    return "text" if values.dtype.kind in "US" else f"an array of {values.dtype}"


def _whole_in(values, lo, hi):
    """Whether every one of ``values`` (an array) is a whole number from ``lo`` to
    ``hi`` (booleans and text are not)."""
    if values.dtype.kind not in "iuf":
        return False
    whole = np.isfinite(values) & (values == np.round(values))
    return bool(np.all(whole & (values >= lo) & (values <= hi)))


def render_prediction(s, values, images, probabilities, labels, numbers):
    """Show image number ``values['k']`` (1-based) and its probabilities; the readout."""
    k, n = round(values["k"]), images.shape[1]
    i = k - 1                                  # the column of image k
    p = probabilities[:, i]
    predicted, true = int(np.argmax(p)), int(labels[i])
    s["picture"].set_data(_image(images[:, i]))
    which = "" if numbers is None else f"test image {numbers[i]}"
    s["title"].set_text(f"image {k} of {n}")
    s["which"].set_text(which)
    right = predicted == true
    answer = RIGHT if right else WRONG
    for digit, bar in enumerate(s["bars"]):
        bar.set_height(p[digit])
        bar.set_color(answer if digit == predicted else MUTED)
    s["truth"].set_position((true, min(p[true] + 0.03, 1.0)))
    s["truth"].set_text("true")
    s["verdict"].set_text(f"the network says {predicted}: "
                          f"{'right' if right else 'wrong'}")
    s["verdict"].set_color(RIGHT if right else text_colour(WRONG))
    ranked = np.argsort(-p, kind="stable")[:3]
    top = ", ".join(f"{d}: {p[d]:.3f}" for d in ranked)
    return (f"Image {k} of {n}" + (f", {which}" if which else "") + "\n"
            f"true digit {true}, predicted {predicted} ({'right' if right else 'wrong'})\n"
            f"largest probabilities: {top}")


def prediction_figure(images, probabilities, labels, *, numbers=None, k=1,
                      figsize=(6.0, 2.3), dpi=80, colors=64):
    """Browse test images: the picture, the output probabilities, predicted vs true.

    ``images`` ``(64, n)``, ``probabilities`` ``(10, n)`` (the network's output for
    those images, columns summing to 1) and ``labels`` ``(n,)`` (the true digits).
    The slider counts the images from 1 to n, and so do the captions: "image 3 of 16".
    ``numbers``, if given, says which test image each one is, counted from 1 as well
    (pass column indices plus 1), and the captions add it: a line "test image 38"
    under the picture's "image 11 of 16", and "Image 11 of 16, test image 38" in the
    readout.  ``k`` is the image shown first.
    """
    images = np.asarray(images, dtype=float)
    probabilities = np.asarray(probabilities, dtype=float)
    labels = np.asarray(labels)
    if images.ndim != 2 or probabilities.ndim != 2:
        raise ValueError(f"images and probabilities must have one column per image; "
                         f"received shapes {images.shape} and {probabilities.shape} (for "
                         f"one image, a column: x.reshape(-1, 1))")
    if images.shape[0] != SIDE * SIDE:
        raise ValueError(f"images must have {SIDE * SIDE} rows, the pixels of a "
                         f"{SIDE}×{SIDE} image, and one column per image; received "
                         f"shape {images.shape}")
    n = images.shape[1]
    if not 2 <= n <= 120:
        raise ValueError(f"the slider browses 2 to 120 images; received {n} (pick "
                         f"some columns, as X[:, :16])")
    checks.probability_columns(probabilities, "probabilities",
                               "for the bars to be labelled as probabilities",
                               "a softmax output, as a network with "
                               "cost='cross_entropy' gives")
    if probabilities.shape[1] != n or labels.shape != (n,):
        raise ValueError(f"need one column of probabilities and one label per image ({n}); "
                         f"received {probabilities.shape} and {labels.shape}")
    n_classes = probabilities.shape[0]
    if not _whole_in(labels, 0, n_classes - 1):
        raise ValueError(f"labels must be the true digits, whole numbers from 0 to "
                         f"{n_classes - 1}; received {_listed(labels)}")
    if numbers is not None:
        numbers = np.asarray(numbers)
        if numbers.shape != (n,):
            raise ValueError(f"need one number per image ({n}); received shape "
                             f"{numbers.shape}")
        if not _whole_in(numbers, 1, np.inf):
            raise ValueError(f"numbers must count the images from 1 (column indices "
                             f"plus 1); received {_listed(numbers)}")
        numbers = [int(v) for v in numbers]
    return InteractiveFigure(
        [Param("k", "image", 1, n, 1, k, f"{{:.0f}} of {n}")],
        lambda s, values: render_prediction(s, values, images, probabilities, labels,
                                            numbers),
        setup=lambda fig: setup_prediction(fig, n_classes),
        title="A test image and the network's output probabilities",
        alt="On the left an 8 by 8 pixel handwritten digit; on the right ten bars, the "
            "probability the network gives each digit 0 to 9, the tallest (its answer) in "
            "blue when right and vermilion when wrong, the true digit marked 'true'.",
        figsize=figsize, dpi=dpi, colors=colors)
