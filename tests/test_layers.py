"""The static frames as one picture and layers over it (nnlib.interactive.layers)."""

import io

import numpy as np
import pytest
from PIL import Image
from scipy.ndimage import binary_dilation

from nnlib.interactive import InteractiveFigure, Param
from nnlib.interactive.layers import SCALE, SPREAD, layer_png, picture_png, whole_pixels
from nnlib.interactive.renderer import Renderer


def rgba(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def blocks(mask):
    """Each SCALE × SCALE block of ``mask`` all True where any of its pixels is."""
    grown = np.zeros_like(mask)
    for y in range(0, mask.shape[0], SCALE):
        for x in range(0, mask.shape[1], SCALE):
            grown[y:y + SCALE, x:x + SCALE] = mask[y:y + SCALE, x:x + SCALE].any()
    return grown


def moving_dot():
    def setup(fig):
        ax = fig.add_subplot(xlim=(0, 4), ylim=(0, 4))
        dot, = ax.plot([], [], "o", color="#D55E00", animated=True)
        label = ax.text(0.2, 3.5, "", animated=True)
        return dot, label

    def render(state, values):
        dot, label = state
        dot.set_data([values["x"]], [2])
        label.set_text(f"x = {values['x']:.1f}")
        return f"x = {values['x']:.1f}"

    return InteractiveFigure([Param("x", "x", 0.5, 3.5, 0.5, 2.0)], render, setup=setup,
                             alt="a dot", figsize=(3, 2), dpi=60)


def test_each_frame_is_the_shown_picture_with_its_layer_over_it():
    fig = moving_dot()
    frames = fig.frames()
    shown = rgba(fig.shown_png())
    assert shown.shape == (2 * 60 * SCALE, 3 * 60 * SCALE, 4)
    for frame in frames:
        drawn = Renderer(fig, scale=SCALE)
        drawn.draw(frame.values)
        raw = drawn.pixels()
        if frame.values == fig.values():
            assert frame.layer == b""            # the shown frame needs no layer
            continue
        layer = rgba(frame.layer)
        opaque = layer[..., 3] == 255
        assert set(np.unique(layer[..., 3])) == {0, 255}
        # every pixel that differs from the shown frame is in the layer, with a
        # margin of SPREAD pixels, in whole blocks of SCALE × SCALE, and nothing more
        raw_shown = Renderer(fig, scale=SCALE)
        raw_shown.draw(fig.values())
        changed = np.any(raw != raw_shown.pixels(), axis=2)
        square = np.ones((2 * SPREAD + 1, 2 * SPREAD + 1), bool)
        assert changed.any() and np.array_equal(opaque, blocks(binary_dilation(changed,
                                                                               square)))
        # the layer holds the frame's own picture: a colour the shown picture has
        # as the shown picture draws it, a new one in a small palette of its own
        assert_drawn_as_the_shown_picture_draws_its_colours(layer, raw, fig)
        # where the layer is clear, the frame looks exactly like the shown one
        assert np.array_equal(raw[~opaque], raw_shown.pixels()[~opaque])


def assert_drawn_as_the_shown_picture_draws_its_colours(layer, raw, fig):
    """Every opaque pixel of ``layer`` whose colour in ``raw`` (the frame as drawn)
    occurs in the shown frame has the colour the shown picture gives it there."""
    shown_raw = Renderer(fig, scale=SCALE)
    shown_raw.draw(fig.values())
    shown_raw = whole_pixels(shown_raw.pixels())
    shown = rgba(fig.shown_png())[..., :3]
    drawn_as = {}                           # the shown picture's colour for each colour
    for colour, drawn in zip(shown_raw.reshape(-1, 3), shown.reshape(-1, 3)):
        drawn_as.setdefault(colour.tobytes(), drawn.tobytes())
    opaque = layer[..., 3] == 255
    checked = 0
    for colour, drawn in zip(whole_pixels(raw)[opaque], layer[opaque][:, :3]):
        if colour.tobytes() in drawn_as:
            assert drawn.tobytes() == drawn_as[colour.tobytes()]
            checked += 1
    assert checked > 0


def gridded_line(colors):
    """A line that moves over a light grid, drawn in a palette of ``colors``: the
    shown picture's palette turns the grid white, and a layer's own palette did not
    (ghost crosses of grid wherever a layer lay over the picture)."""
    def setup(fig):
        ax = fig.add_subplot(xlim=(0, 4), ylim=(0, 4))
        ax.grid(True, color="#d9d9d9", lw=0.6)
        ax.imshow([[0, 1], [1, 0]], extent=(0, 4, 0, 4), cmap="viridis", alpha=0.3)
        line, = ax.plot([], [], color="#D55E00", lw=2, animated=True)
        return line

    def render(line, values):
        line.set_data([0, 4], [values["x"], 4 - values["x"]])
        return f"x = {values['x']:.1f}"

    return InteractiveFigure([Param("x", "x", 0.5, 3.5, 0.5, 2.0)], render, setup=setup,
                             alt="a line", figsize=(3, 2), dpi=60, colors=colors)


def test_a_layer_draws_the_pixels_it_shares_with_the_shown_picture_as_the_picture_does():
    fig = gridded_line(colors=6)
    shown = rgba(fig.shown_png())
    shown_raw = Renderer(fig, scale=SCALE)
    shown_raw.draw(fig.values())
    shown_raw = whole_pixels(shown_raw.pixels())
    for frame in fig.frames():
        if not frame.layer:
            continue
        drawn = Renderer(fig, scale=SCALE)
        drawn.draw(frame.values)
        raw = whole_pixels(drawn.pixels())
        layer = rgba(frame.layer)
        shared = (layer[..., 3] == 255) & np.all(raw == shown_raw, axis=2)
        assert shared.any()
        assert np.array_equal(layer[shared], shown[shared])
        assert_drawn_as_the_shown_picture_draws_its_colours(layer, raw, fig)


def test_a_layer_is_empty_only_where_nothing_changed():
    white = np.full((8, 10, 3), 255, np.uint8)
    assert layer_png(white, white.copy(), 8) == b""
    dot = white.copy()
    dot[0, 9] = (0, 0, 0)
    layer = rgba(layer_png(dot, white, 8))
    assert layer[0, 9].tolist() == [0, 0, 0, 255]
    assert (layer[..., 3] == 255).sum() == (1 + SPREAD) * (1 + SPREAD)  # cut by the corner
    # one column further in: its margin reaches column 5, its block starts at 4
    dot = white.copy()
    dot[0, 8] = (0, 0, 0)
    kept = rgba(layer_png(dot, white, 8))[..., 3] == 255
    assert kept.sum() == 4 * 6 and kept[:4, 4:].all()


def test_bad_layers_are_refused():
    white = np.full((8, 10, 3), 255, np.uint8)
    with pytest.raises(ValueError, match="10 × 8 pixels cannot be laid over one of 8 × 10"):
        layer_png(white, white.transpose(1, 0, 2), 8)
    with pytest.raises(ValueError, match="one more palette entry"):
        picture_png(white, 256)
    with pytest.raises(ValueError, match="whole 2 × 2 blocks: pad it with whole_pixels"):
        layer_png(white[:7], white[:7], 8)


def test_a_picture_is_made_of_whole_SCALE_by_SCALE_blocks():
    odd = np.zeros((5, 7, 3), np.uint8)
    padded = whole_pixels(odd)
    assert padded.shape == (6, 8, 3) and not padded[:5, :7].any()
    assert (padded[5] == 255).all() and (padded[:, 7] == 255).all()
    assert whole_pixels(padded) is padded
    # 2.355 inches at 200 dpi: 471 pixels, padded to 472 (236 at 100 dpi), and shown
    # at the book's 110 pixels to the inch, 260 wide
    fig = moving_dot()
    fig.figsize, fig.dpi = (2.355, 2), 100
    assert png_width(fig.shown_png()) == 472
    assert 'width="260"' in fig.static_html()


def png_width(png):
    return Image.open(io.BytesIO(png)).size[0]


def test_colours_packed_into_ints_unpack_to_themselves():
    from nnlib.interactive.layers import _packed, _unpacked
    rgb = np.random.default_rng(0).integers(0, 256, (50, 3), dtype=np.uint8)
    rgb[:3] = [[0, 0, 0], [255, 255, 255], [255, 0, 1]]
    packed = _packed(rgb)
    assert packed[2] == 0xFF0001
    np.testing.assert_array_equal(_unpacked(packed), rgb)
    # sorted as ints is sorted as (red, green, blue): the layers' palettes keep
    # the order np.unique(rgb, axis=0) gave them
    np.testing.assert_array_equal(_unpacked(np.unique(packed)),
                                  np.unique(rgb, axis=0))
