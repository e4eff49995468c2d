"""An interactive figure: its parameters, its frames and the MIME bundle Jupyter shows.

How to declare one, and what the two editions are, is in :mod:`nnlib.interactive`.
"""

import itertools
import math
import os
from dataclasses import dataclass

from .layers import SCALE, colour_map, layer_png, picture_png, whole_pixels
from .param import Param
from .renderer import Renderer


@dataclass(frozen=True)
class Frame:
    """One precomputed state of the static figure: its values, its picture as a
    layer over the frame shown first (:func:`.layers.layer_png`: the pixels that
    differ, transparent elsewhere; ``b""`` where none differ, as for that frame
    itself) and the readout under it."""

    values: dict
    layer: bytes
    readout: str


class InteractiveFigure:
    """A figure with controls; see :mod:`nnlib.interactive` for ``setup`` and ``render``.

    ``alt`` describes the picture for readers who cannot see it; ``title`` (optional)
    names it in the ``text/plain`` line.  ``colors`` is the palette size of the
    static frames; ``max_frames`` caps the static grid.
    """

    def __init__(self, params, render, *, setup=None, alt, title=None, figsize=(8, 5),
                 dpi=100, colors=24, max_frames=120):
        self.params = tuple(params)
        if not self.params or not all(isinstance(p, Param) for p in self.params):
            raise ValueError("params must be a non-empty sequence of Param")
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise ValueError(f"parameter names must be unique, got {names}")
        self.n_frames = math.prod(len(p.grid) for p in self.params)
        if self.n_frames > max_frames:
            sizes = " × ".join(f"{len(p.grid)} ({p.name})" for p in self.params)
            raise ValueError(
                f"the static grid has {sizes} = {self.n_frames} frames, over the limit of "
                f"{max_frames}: raise the step of parameter "
                f"{max(self.params, key=lambda p: len(p.grid)).name!r}, narrow a range, or "
                f"split the figure in two")
        self.render, self.setup = render, setup
        self.alt, self.title = alt, title
        self.figsize, self.dpi, self.colors = tuple(figsize), dpi, colors
        self._frames, self._shown_png = None, None

    def values(self, **overrides):
        """Defaults updated with ``overrides``, each clamped into its range."""
        unknown = set(overrides) - {p.name for p in self.params}
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}")
        return {p.name: p.clamp(overrides.get(p.name, p.default)) for p in self.params}

    def grid(self):
        """Every combination of grid values (the last parameter varies fastest)."""
        return [dict(zip([p.name for p in self.params], combo))
                for combo in itertools.product(*(p.grid for p in self.params))]

    def renderer(self):
        """A fresh :class:`Renderer`, as the live widget uses (handy for benchmarks):
        at the scale the page shows the static figure
        (:data:`.static_html.READING_DPI`), so that the live figure is as large and
        draws its pixels one for one."""
        from .static_html import zoom
        return Renderer(self, scale=zoom(self.figsize[0] * self.dpi, self.dpi))

    def shown_size(self):
        """``(width, height)`` in CSS pixels at which the page shows the figure, and
        the live figures (JupyterLab's and the page's own Python's) draw it, one pixel
        per pixel shown: its own size at its dpi, times
        :func:`.static_html.zoom`."""
        from .static_html import zoom
        width, height = (inches * self.dpi for inches in self.figsize)
        times = zoom(width, self.dpi)
        return round(width * times), round(height * times)

    def strides(self):
        """How far along :meth:`grid` one step of each parameter moves (the last
        parameter varies fastest)."""
        return [math.prod(len(q.grid) for q in self.params[i + 1:])
                for i in range(len(self.params))]

    def shown_index(self):
        """The index in :meth:`grid` of the frame shown first: the defaults' values."""
        return sum(p.index(p.default) * step for p, step in zip(self.params, self.strides()))

    def frames(self):
        """Every frame of the static figure (computed once, then cached), drawn at
        :data:`.layers.SCALE` times the dpi; see :class:`Frame` and :meth:`shown_png`."""
        if self._frames is None:
            renderer = Renderer(self, scale=SCALE)
            grid = self.grid()
            renderer.draw(grid[self.shown_index()])
            shown = whole_pixels(renderer.pixels())
            shown_colours = colour_map(shown, self.colors)
            frames = []
            for values in grid:
                readout = renderer.draw(values)
                layer = layer_png(whole_pixels(renderer.pixels()), shown, self.colors,
                                  shown_colours)
                frames.append(Frame(values, layer, readout))
            self._frames, self._shown_png = tuple(frames), picture_png(shown, self.colors)
        return self._frames

    def shown_png(self):
        """The whole picture of the frame shown first, as PNG bytes (at
        :data:`.layers.SCALE` times the dpi); the other frames are layers over it."""
        self.frames()
        return self._shown_png

    def static_html(self):
        """The kernel-free HTML: controls, the frame on show, the readout, a script."""
        from .static_html import figure_html
        return figure_html(self, self.shown_png(), self.frames())

    def widget(self):
        """Live ipywidgets controls; ``.sliders``, ``.image`` and ``.readout`` for tests.
        They draw with a :class:`Renderer` of their own, as :meth:`renderer` makes it."""
        from .live_widget import build_widget
        return build_widget(self)

    def __repr__(self):
        ranges = "; ".join(f"{p.label} from {p.text(p.lo)} to {p.text(p.hi)}, {len(p.grid)} "
                           f"values" for p in self.params)
        return f"<Interactive figure: {self.title or self.alt} ({ranges})>"

    def mimebundle(self, live=None):
        """The MIME bundle; ``live=None`` includes the widget only if a kernel runs."""
        bundle = {"text/plain": repr(self), "text/html": self.static_html()}
        if live is None:
            live = _kernel_is_running()
        try:
            widget = self.widget() if live else None
        except ImportError:  # no ipywidgets: the static figure still works
            widget = None
        if widget is not None:
            bundle["application/vnd.jupyter.widget-view+json"] = {
                "version_major": 2, "version_minor": 0, "model_id": widget.model_id}
        return bundle

    def _repr_mimebundle_(self, include=None, exclude=None):
        """What Jupyter calls to display the figure: :meth:`mimebundle` (``live=None``)."""
        return self.mimebundle()


def _kernel_is_running():
    """True in a live kernel, unless ``NNLIB_STATIC_ONLY`` is set.

    ``make execute`` sets ``NNLIB_STATIC_ONLY=1`` while it refreshes the stored outputs:
    a widget's model id is random, so leaving the widget out keeps the stored notebooks
    byte-identical from one execution to the next.  Running the cell in JupyterLab
    brings the live widget back.
    """
    if os.environ.get("NNLIB_STATIC_ONLY"):
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return getattr(shell, "kernel", None) is not None
