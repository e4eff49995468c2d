"""The static frames of an interactive figure: one whole picture and a layer per frame.

The static book draws its frames with :data:`SCALE` times the pixels of the
figure's size each way, so that lines and numbers stay sharp on screens with two
pixels to the point (most phones and many laptops), and shows them a little larger
than that size (:data:`.static_html.READING_DPI`).  Twice the
pixels each way would make every frame about two and a half times heavier; but
the frames of one figure differ only where something moves (a marker, a bar, the
numbers), so the page stores one whole picture, the frame shown first, and for
every other frame only a *layer*: a PNG of the pixels where that frame differs
from the shown one, transparent everywhere else.  The page lays the layer over
the picture (``static_html``).  In all, the book's figures weigh less than their
frames did at the figures' own size; a figure whose every frame changes most of
its pixels weighs more.

A picture and its layers are drawn in small palettes (a few dozen colours), and a
colour the shown picture has is drawn in a layer exactly as in the picture
(:func:`colour_map`): else the margin of a layer, pixels the two frames share, could
come out in another shade than the picture under it, and a faint grid line that the
picture's palette turned white would show through in grey patches.

A layer keeps :data:`SPREAD` more pixels around every pixel that changed, and
then whole blocks of SCALE × SCALE pixels.  A browser that shows the picture at
exactly 1/SCALE of its pixels (a screen with one pixel to the point) makes each
pixel it shows from one such block, of the picture or of the layer alone: the
halved composite is exactly the halved frame.  At other scales it blends a few
neighbours, in the picture and in the layer separately; the margin keeps that
blending on pixels the two frames share.  (The book's pages show a figure at such
a scale, a little above half its pixels, :data:`.static_html.READING_DPI`; there
Chromium filters the layer, which has transparent pixels, differently from the
picture, and edges can differ by a shade in a pixel.)

Pure functions of pixels; nothing here draws.
"""

import io

import numpy as np
from PIL import Image

#: How many times the figure's dpi the static frames are drawn at (the live widget
#: draws one pixel per pixel shown: a move must stay fast).
SCALE = 2
#: Pixels kept around every changed pixel of a layer (see the module's docstring).
SPREAD = 3


def whole_pixels(rgb):
    """``rgb`` (``(h, w, 3)`` uint8, drawn at :data:`SCALE` times the dpi) with white
    columns and rows added on the right and at the bottom up to a multiple of
    :data:`SCALE` each way, so that it shows at exactly 1/SCALE of its pixels (a
    picture 1411 pixels wide, shown 705.5 pixels wide, would be resampled)."""
    h, w, _ = rgb.shape
    tall, wide = -h % SCALE, -w % SCALE
    if not (tall or wide):
        return rgb
    return np.pad(rgb, ((0, tall), (0, wide), (0, 0)), constant_values=255)


def picture_png(rgb, colors):
    """PNG bytes of the ``(h, w, 3)`` uint8 picture ``rgb`` in at most ``colors``
    colours (line art and anti-aliased text survive a small palette)."""
    return _png(_quantized(rgb, colors))


def colour_map(shown, colors):
    """How :func:`picture_png` draws each colour of the picture ``shown``:
    ``(colours, drawn)``, the picture's distinct colours packed as sorted ints
    (``0xRRGGBB``) and the colour each is drawn in, as ``(n, 3)`` uint8."""
    drawn = np.asarray(_quantized(shown, colors).convert("RGB"))
    colours, first = np.unique(_packed(shown).ravel(), return_index=True)
    return colours, drawn.reshape(-1, 3)[first]


def layer_png(rgb, shown, colors, shown_colours=None):
    """PNG bytes of the pixels of ``rgb`` that differ from ``shown`` (both
    ``(h, w, 3)`` uint8, sides multiples of :data:`SCALE`: :func:`whole_pixels`), of
    those within :data:`SPREAD` pixels of them and of the rest of their blocks of
    SCALE × SCALE; transparent elsewhere.  ``b""`` if no pixel differs.

    A colour of ``shown`` is drawn as :func:`picture_png` draws it there
    (``shown_colours``, :func:`colour_map`'s, made here if not given); the colours
    new to ``rgb`` in at most ``colors`` more."""
    if rgb.shape != shown.shape:
        raise ValueError(f"a frame of {rgb.shape[1]} × {rgb.shape[0]} pixels cannot "
                         f"be laid over one of {shown.shape[1]} × {shown.shape[0]}")
    if rgb.shape[0] % SCALE or rgb.shape[1] % SCALE:
        raise ValueError(f"a layer of {rgb.shape[1]} × {rgb.shape[0]} pixels is not made "
                         f"of whole {SCALE} × {SCALE} blocks: pad it with whole_pixels")
    differs = rgb != shown
    # where any of a pixel's three channels differs (written out: numpy's
    # any(axis=2), a reduction over three numbers at a time, is six times slower)
    changed = differs[..., 0] | differs[..., 1] | differs[..., 2]
    if not changed.any():
        return b""
    colours, drawn = colour_map(shown, colors) if shown_colours is None else shown_colours
    kept = _blocks(_spread(changed, SPREAD))
    pixels = rgb[kept]                                  # (k, 3)
    keys = _packed(pixels)
    at = np.minimum(np.searchsorted(colours, keys), colours.size - 1)
    known = colours[at] == keys
    final = np.empty_like(pixels)
    final[known] = drawn[at[known]]
    if not known.all():                                 # colours the picture lacks
        new = pixels[~known][None]                      # as a picture one pixel tall
        final[~known] = np.asarray(_quantized(new, colors).convert("RGB"))[0]
    # the distinct colours, sorted, and each pixel's place among them (packed into
    # ints first: np.unique(final, axis=0) sorts rows as raw bytes, ten times slower)
    packed, index = np.unique(_packed(final), return_inverse=True)
    palette = _unpacked(packed)
    if len(palette) > 255:                              # one entry for "clear"
        raise ValueError(f"a layer needs {len(palette)} colours, over 255: make the "
                         f"figure's colors smaller (it is {colors})")
    clear = len(palette)
    indices = np.full(kept.shape, clear, np.uint8)
    indices[kept] = index.ravel()
    layer = Image.fromarray(indices, mode="P")
    layer.putpalette(palette.ravel().tolist() + [255, 255, 255])
    # zlib's best, level 9, writes a whole picture 2% smaller than level 8 in three
    # times the time, but a layer (mostly one transparent colour) 10 to 15% smaller
    return _png(layer, level=9, transparency=clear)


def _packed(rgb):
    """Each colour of ``rgb`` (``(..., 3)`` uint8) as one int, ``0xRRGGBB``."""
    rgb = rgb.astype(np.uint32)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def _unpacked(packed):
    """The inverse of :func:`_packed`: ints ``0xRRGGBB`` as ``(..., 3)`` uint8."""
    return (np.stack([packed >> 16, packed >> 8, packed], axis=-1) & 0xFF).astype(np.uint8)


def _quantized(rgb, colors):
    if not 2 <= colors <= 255:
        raise ValueError(f"colors must be from 2 to 255 (a layer needs one more "
                         f"palette entry for its transparent colour), got {colors}")
    return Image.fromarray(np.ascontiguousarray(rgb)).quantize(
        colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def _png(image, level=8, **options):
    """PNG bytes with no metadata, so equal pictures give equal bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=level, **options)
    return buffer.getvalue()


def _spread(mask, r):
    """``mask`` (2-D bool) grown by ``r`` pixels in every direction (a square)."""
    rows = mask.copy()
    for shift in range(1, r + 1):             # up and down ...
        rows[shift:] |= mask[:-shift]
        rows[:-shift] |= mask[shift:]
    grown = rows.copy()
    for shift in range(1, r + 1):             # ... then left and right
        grown[:, shift:] |= rows[:, :-shift]
        grown[:, :-shift] |= rows[:, shift:]
    return grown


def _blocks(mask):
    """``mask`` (2-D bool, sides multiples of SCALE) grown to whole SCALE × SCALE
    blocks: a block is kept if any of its pixels is."""
    h, w = mask.shape
    any_kept = np.zeros((h // SCALE, w // SCALE), bool)
    for dy in range(SCALE):       # the pixel at (dy, dx) of every block at once (a
        for dx in range(SCALE):   # reduction over the small axes is 20 times slower)
            any_kept |= mask[dy::SCALE, dx::SCALE]
    return any_kept.repeat(SCALE, axis=0).repeat(SCALE, axis=1)
