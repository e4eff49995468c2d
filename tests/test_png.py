"""The static figures' PNGs: sharp_image draws at twice the dpi, trims to the drawing
plus a margin, and asks to be shown at half its pixel width."""

import io

import matplotlib

matplotlib.use("Agg")  # this process only; the notebooks' kernels are not affected

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from PIL import Image  # noqa: E402

from nnlib.figures.png import PAD, sharp_image, small_png  # noqa: E402


def square_figure(x0, y0, side, size=(4.0, 3.0), dpi=100):
    """A white figure with one black square, ``side`` inches, its corner at
    ``(x0, y0)`` inches from the lower left, drawn without anti-aliasing so
    that its edges fall exactly on pixel boundaries."""
    fig = plt.figure(figsize=size, dpi=dpi, layout="none")
    fig.patches.append(Rectangle((x0 / size[0], y0 / size[1]), side / size[0],
                                 side / size[1], transform=fig.transFigure,
                                 facecolor="black", linewidth=0, antialiased=False))
    return fig


def pixels(image):
    return np.asarray(Image.open(io.BytesIO(image.data)).convert("RGB"))


def test_a_drawing_is_trimmed_to_itself_and_the_margin_at_twice_the_dpi():
    image = sharp_image(square_figure(1.0, 1.0, 1.0))
    rgb = pixels(image)
    margin = round(PAD * 100) * 2                      # 20 pixels at 200 dpi
    assert rgb.shape[:2] == (200 + 2 * margin, 200 + 2 * margin)
    assert image.width == rgb.shape[1] // 2 == 120     # shown at 100 dpi
    inked = np.any(rgb != 255, axis=2)
    assert inked[margin:-margin, margin:-margin].all()
    assert not inked[:margin].any() and not inked[-margin:].any()
    assert not inked[:, :margin].any() and not inked[:, -margin:].any()


def test_no_margin_is_invented_beyond_the_figure_and_sizes_stay_even():
    # a square touching the left edge, and a figure whose pixel width is odd
    image = sharp_image(square_figure(0.0, 1.0, 1.005, size=(4.005, 3.0)))
    rgb = pixels(image)
    assert rgb.shape[0] % 2 == 0 and rgb.shape[1] % 2 == 0
    assert np.any(rgb[:, 0] != 255)                     # the ink starts at the edge
    assert image.width == rgb.shape[1] // 2


def test_a_blank_figure_is_kept_whole():
    fig = plt.figure(figsize=(2.0, 1.5), dpi=100, layout="none")
    image = sharp_image(fig)
    assert pixels(image).shape[:2] == (300, 400) and image.width == 200
    assert not plt.fignum_exists(fig.number)           # closed, like small_png's


def test_sharp_image_shows_the_figure_small_png_draws_at_twice_the_dpi():
    # a figure that fills itself to the edges is not trimmed: its pixels are
    # small_png's at scale 2, and half that size is the figure at its own dpi
    def figure():
        fig, ax = plt.subplots(figsize=(3.0, 2.0), dpi=100)
        ax.set_facecolor("#eeeeee")
        fig.set_facecolor("#dddddd")
        ax.plot([0, 1], [1, 0])
        return fig

    image = sharp_image(figure())
    expected = Image.open(io.BytesIO(small_png(figure(), scale=2)))
    assert expected.size == (600, 400) and image.width == 300
    assert np.array_equal(pixels(image), np.asarray(expected.convert("RGB")))
