"""Drawing one interactive figure, frame after frame, fast: the engine under both outputs.

A :class:`Renderer` owns one matplotlib figure on the Agg canvas (never through
pyplot, so nothing leaks into a notebook's inline output) and redraws it in place
for new parameter values.  The static book uses one to draw every frame, at twice
the figure's dpi (:mod:`.layers`); the live widget keeps one per widget, at the
scale the page shows the figure (:func:`.static_html.zoom`).  It knows nothing
about the maths or about widgets.

Speed comes from blitting: artists that ``setup`` marks ``set_animated(True)``
are the only ones ``render`` may change; they are painted over a cached picture
of everything else.  With no artist marked, every move redraws the whole figure.
"""

import math
import struct
import zlib

import numpy as np
from matplotlib import colors as mcolors
from matplotlib import rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager, get_font
from matplotlib.ft2font import FT2Font
from matplotlib.mathtext import MathTextParser
from matplotlib.text import Text
from PIL import Image

try:
    from matplotlib.ft2font import RenderMode
except ImportError:   # before matplotlib 3.10
    RenderMode = None

#: Whether this matplotlib has the FreeType calls that ``_GlyphCachingAgg`` makes
#: (3.11 has them).  Without them (the browser's matplotlib under Pyodide 0.27 is 3.8)
#: figures draw on plain Agg: the same pixels, only slower.
GLYPH_CACHE = (RenderMode is not None and hasattr(FT2Font, "_layout")
               and hasattr(RendererAgg, "_draw_text_glyphs_and_boxes"))


class Renderer:
    """One figure and its state, redrawn in place; ``spec`` is an InteractiveFigure,
    drawn at ``scale`` times its dpi (the same layout with that many more pixels each
    way)."""

    def __init__(self, spec, scale=1):
        self.spec = spec
        # layout "none": a chapter's rcParams (constrained layout, say) must not move the
        # axes that ``setup`` placed by hand
        self.fig = Figure(figsize=spec.figsize, dpi=spec.dpi * scale, facecolor="white",
                          layout="none")
        (_GlyphCachingCanvas if GLYPH_CACHE else FigureCanvasAgg)(self.fig)
        self.state, self._message, self._background, self._hidden = None, None, None, []
        if spec.setup is not None:
            self.state = spec.setup(self.fig)
            self._moving = self._find_moving()
            self.draw(spec.values())
            self.fig.set_layout_engine("none")  # freeze the layout: frames must not jitter

    def draw(self, values):
        """Redraw for ``values`` (clamped; missing names take defaults); return the readout."""
        values = self.spec.values(**values)
        if self.spec.setup is None:
            self.fig.clear()  # also removes any message
            self.state, self._message, self._hidden = self.fig, None, []
        self._show_message(None)
        try:
            with np.errstate(over="raise", divide="raise", invalid="raise"):
                readout = self.spec.render(self.state, values)
        except ArithmeticError as err:  # FloatingPointError, OverflowError, ZeroDivisionError
            where = ", ".join(f"{p.label} = {p.text(values[p.name])}" for p in self.spec.params)
            readout = f"No finite result at {where} ({err})."
            self._show_message(f"No finite result here\n({err})\nat {where}")
        if not isinstance(readout, str):
            raise ValueError(f"render must return the readout, a str (the text under the "
                             f"figure; '' for none); it returned {type(readout).__name__}")
        self._paint()
        return readout

    def pixels(self):
        """The last drawing, an ``(h, w, 3)`` uint8 array of RGB (a copy)."""
        rgba = np.asarray(self.fig.canvas.buffer_rgba())
        rgb = np.empty(rgba.shape[:2] + (3,), np.uint8)
        for channel in range(3):   # one at a time: five times faster than rgba[..., :3]
            rgb[..., channel] = rgba[..., channel]
        return rgb

    def png(self):
        """The last drawing as PNG bytes, written fast for a live move (no metadata:
        equal pictures give equal bytes); the static frames go through
        :meth:`pixels` and :mod:`.layers`."""
        return _fast_png(np.asarray(self.fig.canvas.buffer_rgba()))

    def _paint(self):
        canvas = self.fig.canvas
        moving = self._moving if self.spec.setup is not None else self._find_moving()
        if self._message is not None or not moving or self.spec.setup is None:
            canvas.draw()  # leaves out the moving artists, drawn below
            self._background = None
            if self._message is not None:
                return
        elif self._background is None:
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        agg = canvas.get_renderer()
        if isinstance(agg, _GlyphCachingAgg):
            agg.draw_moving(moving)   # texts drawn before come from their stamps
        else:
            for artist in moving:
                self.fig.draw_artist(artist)

    def _find_moving(self):
        return sorted(self.fig.findobj(lambda a: a.get_animated()), key=lambda a: a.get_zorder())

    def _show_message(self, text):
        """Replace the drawing by ``text`` (None: bring the drawing back)."""
        if self._message is not None:
            self._message.remove()
            self._message = None
        for ax in self._hidden:
            ax.set_visible(True)
        self._hidden = []
        if text is not None:
            self._hidden = [ax for ax in self.fig.axes if ax.get_visible()]
            for ax in self._hidden:
                ax.set_visible(False)
            self._message = self.fig.text(0.5, 0.5, text, ha="center", va="center",
                                          fontsize=12, color="#D55E00")


def _fast_png(rgba):
    """PNG bytes of an ``(h, w, 4)`` RGBA picture, written as RGB as fast as we can.

    The PNG format lets each row be "filtered" (stored as differences from its
    neighbours) before zlib compresses it.  Pillow tries all five filters on every row
    and keeps the most promising; on line art with large flat areas no filter at all
    compresses about as well (a live frame stays at 10 to 70 KB at zlib's fastest
    level), and skipping the trials takes about half off the encoding.
    """
    h, w, _ = rgba.shape
    rows = np.zeros((h, 1 + 3 * w), np.uint8)   # each row: its filter (0, none), then RGB
    # (Pillow drops the alpha bytes three times faster than numpy's rgba[..., :3])
    rows[:, 1:] = np.asarray(Image.fromarray(rgba).convert("RGB")).reshape(h, 3 * w)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)   # 8-bit RGB, no interlacing
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


_FONT_RC = tuple(f"font.{name}" for name in ("family", "style", "variant", "weight", "stretch",
                                              "size", "serif", "sans-serif", "cursive",
                                              "fantasy", "monospace"))
#: Everything else in rcParams that decides the pixels of a string (read once a frame).
_TEXT_RC = _FONT_RC + ("text.hinting", "text.hinting_factor", "text.kerning_factor",
                       "mathtext.fontset", "mathtext.default", "mathtext.fallback",
                       "mathtext.rm", "mathtext.it", "mathtext.bf", "mathtext.bfit",
                       "mathtext.sf", "mathtext.tt", "mathtext.cal")


class _GlyphCachingAgg(RendererAgg):
    """Agg that keeps the glyphs it has drawn and the layouts of the strings it has set.

    matplotlib 3.11 lays out every string anew and asks FreeType to render (and hint)
    every glyph anew at each draw; in our figures, whose moving parts are mostly
    numbers, that was over half the time of a move.  A glyph's bitmap depends only on
    the font, size, angle, glyph and where it falls within a pixel (FreeType places it
    in 64ths of a pixel), so it is kept under those and pasted again; a layout depends
    only on the font, size and string.  Text also asks its renderer for the font's line
    heights, and reads them from the font's tables itself when the renderer has no
    answer: we give the same numbers, remembered.  The pixels are exactly plain Agg's
    (``tests/test_interactive.py`` compares them).  Each figure has its own caches,
    emptied when they grow large.

    The moving texts of a figure mostly come back to the same places with the same
    strings (a neuron's activation, a readout), and matplotlib's own work for a text
    (its layout, transforms, lines) then costs several times the pasting of its glyphs.
    So :meth:`draw_moving` remembers what each text pasted where, its "stamps", under
    everything that decides them (the string, the font, the alignment, the angle and
    the exact place on the canvas), and pastes them again with the text's colour and
    clipping of the moment.
    """

    LIMIT = 20_000   # entries per cache
    # matplotlib remembers the last 50 mathtext expressions it parsed (parsing one takes
    # tens of milliseconds), but under each renderer's own parser: one parser for every
    # figure lets the live widget, the static frames and the next figure share them
    MATHTEXT = MathTextParser("path")

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self.mathtext_parser = self.MATHTEXT
        self._glyphs, self._layouts, self._fonts, self._heights = {}, {}, {}, {}
        self._stamps, self._recording = {}, None

    def _font_key(self, font):
        self._fonts[id(font)] = font   # held, so that its id stays its own
        return id(font)

    @staticmethod
    def _prop_key(prop):
        """What decides the font of ``prop``: itself and the rcParams findfont reads."""
        rc = (rcParams[name] for name in _FONT_RC)
        return prop, tuple(tuple(v) if isinstance(v, list) else v for v in rc)

    def _get_font_height_metrics(self, prop):
        """``(ascent, descent, line gap)`` of ``prop``'s font in pixels, as Text reads them
        from the font's OS/2 (else hhea) table; ``(None, None, None)`` without either."""
        key = self._prop_key(prop)
        if key not in self._heights:
            key = (prop.copy(), key[1])   # kept as it is now, whatever becomes of prop
            font = get_font(fontManager._find_fonts_by_props(prop))
            heights = (None, None, None)
            for table_name, gap, ascent, descent in [
                    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                    ("hhea", "lineGap", "ascent", "descent")]:
                table = font.get_sfnt_table(table_name)
                if table is not None:
                    scale = (1 / font.get_sfnt_table("head")["unitsPerEm"]
                             * prop.get_size_in_points() * self.dpi / 72)
                    heights = (table[ascent] * scale, -table[descent] * scale,
                               table[gap] * scale)
                    break
            self._heights[key] = heights
        return self._heights[key]

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        """As Agg's ``draw_text``, with the string's layout remembered."""
        if ismath:
            return self.draw_mathtext(gc, x, y, s, prop, angle)
        size = prop.get_size_in_points()
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        # keyed by the font's properties, not the font: finding and sizing the font
        # costs more than drawing a short string's glyphs from the cache
        font_key = self._prop_key(prop)
        key = (font_key, size, s, get_hinting_flag(), features, language)
        if key not in self._layouts:
            if len(self._layouts) > self.LIMIT:
                self._layouts.clear()
            key = ((prop.copy(), font_key[1]), *key[1:])   # prop as it is now
            font = self._prepare_font(prop)
            self._layouts[key] = font._layout(s, flags=get_hinting_flag(), features=features,
                                              language=language)
        self._draw_text_glyphs_and_boxes(
            gc, x, y, angle, ((item.ft_object, size, item.glyph_index, 0, 1, item.x, item.y)
                              for item in self._layouts[key]), [])

    def draw_moving(self, artists):
        """Draw ``artists`` in turn, each plain text from its stamps when it has some."""
        rc = tuple(tuple(v) if isinstance(v, list) else v
                   for v in (rcParams[name] for name in _TEXT_RC))
        for artist in artists:
            key = self._stamp_key(artist, rc) if type(artist) is Text else None
            if key is None:
                artist.draw(self)
            elif key not in self._stamps:
                if len(self._stamps) > self.LIMIT:
                    self._stamps.clear()
                self._recording = []
                try:
                    artist.draw(self)
                    stamps = self._recording
                finally:
                    self._recording = None
                prop = artist.get_fontproperties().copy()   # as it is now
                self._stamps[(key[0], prop, *key[2:])] = _merged(stamps)
            else:
                self._stamp(artist, self._stamps[key])

    @staticmethod
    def _stamp_key(text, rc):
        """What decides where ``text`` pastes which glyphs (on this canvas, whose size
        and dpi are fixed); None if it must be drawn the long way (hidden, empty,
        wrapped, TeX, a box or effects around it, not at a finite place)."""
        if (not text.get_visible() or not text.get_text() or text.get_wrap()
                or text.get_usetex() or text.get_bbox_patch() is not None
                or text.get_path_effects() or text.get_agg_filter() is not None
                or text.get_rasterized()):
            return None
        try:
            x, y = text.get_transform().transform(text.get_unitless_position())
        except (TypeError, ValueError):
            return None
        if not (math.isfinite(x) and math.isfinite(y)):
            return None
        return (text.get_text(), text.get_fontproperties(), rc, float(x), float(y),
                text.get_rotation(), text.get_rotation_mode(),
                text.get_horizontalalignment(), text.get_verticalalignment(),
                text._multialignment, text._linespacing, text.get_antialiased(),
                text.get_parse_math(), text.get_fontfeatures(), text.get_language())

    def _stamp(self, text, stamps):
        """Paste ``text``'s remembered stamps with the graphics context Text.draw makes."""
        text._renderer = self
        gc = self.new_gc()
        gc.set_foreground(mcolors.to_rgba(text.get_color()), isRGBA=True)
        gc.set_alpha(text.get_alpha())
        gc.set_url(text.get_url())
        gc.set_antialiased(text.get_antialiased())
        gc.set_snap(text.get_snap())
        text._set_gc_clip(gc)
        for kind, *stamp in stamps:
            if kind == "glyph":   # a coverage bitmap and where it goes
                buffer, left, bottom = stamp
                self._renderer.draw_text_image(buffer, left, bottom, 0, gc)
            else:                 # mathtext's rules: the string's x, y and angle, boxes
                super()._draw_text_glyphs_and_boxes(gc, *stamp[:3], (), stamp[3])
        gc.restore()
        text.stale = False

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        """As Agg's, rendering each glyph at its place within a pixel only once."""
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        flags, antialiased = get_hinting_flag(), gc.get_antialiased()
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:   # dy is upwards
            # the glyph's origin in 64ths of a pixel, FreeType's y upwards
            x64 = round(0x40 * (x + dx * cos - dy * sin))
            y64 = round(0x40 * (self.height - y + dx * sin + dy * cos))
            key = (self._font_key(font), size, glyph_index, angle, slant, extend, x64 % 64,
                   y64 % 64, flags, antialiased)
            if key not in self._glyphs:
                if len(self._glyphs) > self.LIMIT:
                    self._glyphs.clear()
                font.set_size(size, self.dpi)
                font._set_transform((0x10000 * np.array([[cos, -sin], [sin, cos]])
                                     @ [[extend, extend * slant], [0, 1]]).round().astype(int),
                                    [x64 % 64, y64 % 64])
                bitmap = font._render_glyph(
                    glyph_index, flags, RenderMode.NORMAL if antialiased else RenderMode.MONO)
                buffer = bitmap.buffer if antialiased else bitmap.buffer * 0xff
                self._glyphs[key] = buffer.copy(), bitmap.left, bitmap.top
            buffer, left, top = self._glyphs[key]
            # the whole pixels of the origin, then draw_text_image's y: downwards, to the
            # bitmap's bottom side
            left, top = left + x64 // 64, top + y64 // 64
            bottom = int(self.height) - top + buffer.shape[0]
            self._renderer.draw_text_image(buffer, left, bottom, 0, gc)
            if self._recording is not None:
                self._recording.append(("glyph", buffer, left, bottom))
        if boxes:   # the rules of mathtext (fraction bars, roots): Agg's own way
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, (), boxes)
            if self._recording is not None:
                self._recording.append(("rules", x, y, angle, tuple(boxes)))


def _merged(stamps):
    """``stamps`` with each run of glyphs that share no pixel made into one stamp.

    Pasting the one is pasting each glyph of the run in turn (Agg leaves a pixel of
    coverage 0 as it is), with one call instead of one per glyph.  A glyph that covers
    a pixel of the run before it starts a new run, and mathtext's rules stay apart, so
    that Agg still blends what overlaps in the order it did.
    """
    glyphs = [stamp for stamp in stamps if stamp[0] == "glyph"]
    if len(glyphs) < 2:
        return stamps
    left = min(x for _, _, x, _ in glyphs)
    top = min(y - buffer.shape[0] for _, buffer, _, y in glyphs)
    right = max(x + buffer.shape[1] for _, buffer, x, _ in glyphs)
    bottom = max(y for _, _, _, y in glyphs)
    sheet = np.zeros((bottom - top, right - left), np.uint8)   # the run so far
    merged, run = [], []

    def place(buffer, x, y):
        return sheet[y - buffer.shape[0] - top:y - top, x - left:x - left + buffer.shape[1]]

    def close_run():
        if not run:
            return
        x0 = min(x for _, _, x, _ in run)
        x1 = max(x + buffer.shape[1] for _, buffer, x, _ in run)
        y0 = min(y - buffer.shape[0] for _, buffer, _, y in run)
        y1 = max(y for _, _, _, y in run)
        piece = sheet[y0 - top:y1 - top, x0 - left:x1 - left]
        merged.append(run[0] if len(run) == 1 else ("glyph", piece.copy(), x0, y1))
        piece[...] = 0    # a clean sheet for the next run
        run.clear()

    for stamp in stamps:
        if stamp[0] != "glyph":
            close_run()
            merged.append(stamp)
            continue
        _, buffer, x, y = stamp
        if np.any(place(buffer, x, y)[buffer > 0]):
            close_run()
        np.maximum(place(buffer, x, y), buffer, out=place(buffer, x, y))
        run.append(stamp)
    close_run()
    return merged


class _GlyphCachingCanvas(FigureCanvasAgg):
    """The Agg canvas, drawing with ``_GlyphCachingAgg``."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        if self._lastKey != (w, h, self.figure.dpi):
            self.renderer = _GlyphCachingAgg(w, h, self.figure.dpi)
            self._lastKey = (w, h, self.figure.dpi)
        return self.renderer
