"""Drawing one interactive figure, frame after frame, fast: the engine under both outputs.

A :class:`Renderer` owns one matplotlib figure on the Agg canvas (never through
pyplot, so nothing leaks into a notebook's inline output) and redraws it in place
for new parameter values.  The live widget keeps one per widget; the static book
uses one to draw every frame.  It knows nothing about the maths or about widgets.

Speed comes from blitting: artists that ``setup`` marks ``set_animated(True)``
are the only ones ``render`` may change; they are painted over a cached picture
of everything else.  With no artist marked, every move redraws the whole figure.
"""

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


class Renderer:
    """One figure and its state, redrawn in place; ``spec`` is an InteractiveFigure."""

    def __init__(self, spec):
        self.spec = spec
        # layout "none": a chapter's rcParams (constrained layout, say) must not move the
        # axes that ``setup`` placed by hand
        self.fig = Figure(figsize=spec.figsize, dpi=spec.dpi, facecolor="white", layout="none")
        FigureCanvasAgg(self.fig)
        self.state, self._message, self._background, self._hidden = None, None, None, []
        if spec.setup is not None:
            self.state = spec.setup(self.fig)
            self._moving = self._find_moving()
            self.draw(spec.values())
            self.fig.set_layout_engine("none")  # freeze the layout: frames must not jitter
            self._background = None

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
        self._paint()
        return readout

    def png(self, colors=None):
        """The last drawing as PNG bytes; ``colors`` quantises it to a small palette.

        Pillow writes no metadata (no date, no software name), so equal pictures
        give equal bytes.
        """
        image = Image.fromarray(np.asarray(self.fig.canvas.buffer_rgba())).convert("RGB")
        buffer = io.BytesIO()
        if colors:  # static frames: small; anti-aliased text survives 24 colours
            image = image.quantize(colors, method=Image.Quantize.FASTOCTREE,
                                   dither=Image.Dither.NONE)
            image.save(buffer, format="PNG", optimize=True)
        else:       # live frames: fast
            image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()

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
