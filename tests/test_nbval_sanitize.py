"""What strict nbval compares in an interactive figure's output (.nbval_sanitize.cfg).

A figure's pictures may differ by a pixel on another machine (another BLAS, another
``exp``: the last bit of a float moves an edge); its words must not.  The sanitizer
drops the pictures (the first frame's data: URL, every layer's base64, the id hashed
over them) and keeps the rest: these tests check it on the HTML that
``figure_html`` writes into the chapters' outputs.
"""

import dataclasses
import io
import re
from pathlib import Path

from nbval.plugin import get_sanitize_patterns
from PIL import Image

from nnlib.interactive import InteractiveFigure, Param
from nnlib.interactive.static_html import figure_html

CONFIG = Path(__file__).resolve().parent.parent / ".nbval_sanitize.cfg"
PATTERNS = get_sanitize_patterns(CONFIG.read_text(encoding="utf8"))


def sanitized(text):
    """``text`` as nbval compares it: every pattern applied in the file's order."""
    for regex, replace in PATTERNS:
        text = re.sub(regex, replace, text)
    return text


def setup(fig):
    ax = fig.add_subplot(xlim=(0, 1), ylim=(-1, 1))
    (line,) = ax.plot([0, 1], [0, 0], animated=True)
    return line


def render(line, values):
    line.set_ydata([0, values["k"]])
    return f"slope k = {values['k']:.2f}"


def figure():
    return InteractiveFigure([Param("k", "slope k", -1, 1, 0.5, 0)], render, setup=setup,
                             alt="a line", figsize=(2, 1.5), dpi=40)


def one_pixel_off(png):
    """``png`` with its top-left pixel a shade darker, as another machine might draw it."""
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    r, g, b, a = image.getpixel((0, 0))
    image.putpixel((0, 0), (max(r - 1, 0), g, b, max(a, 1)))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_the_pixels_of_an_interactive_figure_are_not_compared():
    fig = figure()
    frames, shown = fig.frames(), fig.shown_png()
    here = figure_html(fig, shown, frames)
    # another machine: every picture a pixel off, and the shown frame's empty layer
    # (it looks like the first frame) now one pixel, another frame's now empty
    layers = [one_pixel_off(f.layer) if f.layer else one_pixel_off(frames[0].layer)
              for f in frames]
    layers[0] = b""
    there = figure_html(fig, one_pixel_off(shown),
                        [dataclasses.replace(f, layer=layer) for f, layer in zip(frames, layers)])
    assert here != there                       # the pixels and the id differ...
    assert re.search(r"nnfig-[0-9a-f]{12}", here)
    assert sanitized(here) == sanitized(there)  # ...and nbval does not mind
    assert '"layer":[...]' in sanitized(here) and "data:image/png;base64,..." in sanitized(here)


def test_the_words_of_an_interactive_figure_are_compared():
    fig = figure()
    frames, shown = fig.frames(), fig.shown_png()
    here = figure_html(fig, shown, frames)
    reworded = [dataclasses.replace(f, readout=f.readout.replace("0.50", "0.49"))
                for f in frames]
    assert sanitized(here) != sanitized(figure_html(fig, shown, reworded))
    assert "slope k" in sanitized(here) and "0.50" in sanitized(here)
