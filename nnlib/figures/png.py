"""Compact, sharp PNGs for the book's static figures.

A page's images share one weight budget (every page, with all it loads, stays under
3 MB), and line art needs far fewer colours than matplotlib's full-colour PNG spends on
it.  :func:`small_png` draws a finished figure into a palette PNG about a quarter of the
size that looks the same.  :func:`sharp_image` is what a chapter shows: the same PNG
drawn with twice the pixels and displayed at the figure's own size, so that its text
and lines stay sharp on screens with two pixels to the point (most phones and many
laptops) and when a reader zooms in.
"""

import matplotlib.pyplot as plt
import numpy as np
from IPython.display import Image as _DisplayImage
from matplotlib.backends.backend_agg import FigureCanvasAgg

from nnlib.interactive.layers import picture_png

#: The white margin :func:`sharp_image` keeps around a figure's drawing, in inches
#: (what Jupyter keeps when it trims a figure it shows).
PAD = 0.1


def small_png(fig, colors=64, scale=1):
    """``fig`` as PNG bytes in at most ``colors`` colours, and closed.

    ``scale`` multiplies the figure's dpi: ``scale=2`` draws every line and letter with
    twice the pixels each way, the layout unchanged.  For line art this looks the same
    as matplotlib's own PNG at about a quarter of the size (a page's images share one
    budget).  The bytes carry no metadata, so the same figure always gives the same
    bytes.
    """
    return picture_png(_pixels(fig, scale), colors)


def sharp_image(fig, colors=64):
    """``fig`` (closed) for a notebook to show: an ``IPython.display.Image`` of its
    palette PNG drawn at twice the figure's dpi, trimmed to the drawing and a margin
    of :data:`PAD` inches, and displayed at half its width in pixels.

    A screen with two pixels to the point (``window.devicePixelRatio`` 2) then shows
    every pixel of the PNG; one with one pixel to the point shrinks it by half, which
    browsers do smoothly.  Only the width is given, so a narrow page still scales the
    image down with its height in proportion.
    """
    pad = round(PAD * fig.dpi) * 2            # pixels at twice the dpi: even
    rgb = _trimmed(_pixels(fig, 2), pad)
    return _DisplayImage(picture_png(rgb, colors), width=rgb.shape[1] // 2)


def _pixels(fig, scale):
    """The RGB pixels of ``fig`` drawn at ``scale`` times its dpi; ``fig`` is closed."""
    if scale != 1:
        fig.set_dpi(fig.dpi * scale)
    # One draw on an Agg canvas, read straight from its pixels: savefig would
    # draw the figure twice (once to lay it out, once to paint it), then encode a
    # PNG only to decode it here.  The pixels are the same (a test compares them).
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    plt.close(fig)
    return np.asarray(canvas.buffer_rgba())[..., :3]


def _trimmed(rgb, pad):
    """``rgb`` cut down to the box around every pixel that is not white, widened by
    ``pad`` pixels on each side where the image allows, to an even width and height
    (so that half of each is a whole number of pixels)."""
    inked = np.any(rgb != 255, axis=2)
    rows, cols = np.flatnonzero(inked.any(axis=1)), np.flatnonzero(inked.any(axis=0))
    if rows.size == 0:                        # a blank figure: nothing to trim
        return rgb[:rgb.shape[0] // 2 * 2, :rgb.shape[1] // 2 * 2]
    (top, bottom), (left, right) = (
        _even_span(ink[0], ink[-1] + 1, pad, size)
        for ink, size in ((rows, rgb.shape[0]), (cols, rgb.shape[1])))
    return rgb[top:bottom, left:right]


def _even_span(start, stop, pad, size):
    """``[start - pad, stop + pad)`` clipped to ``[0, size)`` and made one pixel longer
    if its length is odd (one shorter, at the edge, if it already spans ``size``)."""
    start, stop = max(start - pad, 0), min(stop + pad, size)
    if (stop - start) % 2:
        if stop < size:
            stop += 1
        elif start > 0:
            start -= 1
        else:
            stop -= 1
    return start, stop
