"""Interactive figures: declared once, live in Jupyter, still working in the static book.

A figure is declared by its parameters (:class:`Param`) and two functions::

    x = np.linspace(0, 6, 200)
    def setup(fig):                  # once: draw what never moves, return what does
        ax = fig.add_subplot(xlim=(0, 6), ylim=(-1.1, 1.1), xlabel="x")
        curve, = ax.plot(x, 0 * x, animated=True)
        return curve
    def render(curve, values):       # every move: update those artists in place
        curve.set_data(x, np.sin(values["k"] * x))
        return f"k = {values['k']:.2f}"          # a plain-text readout
    fig = InteractiveFigure([Param("k", "frequency k", 0, 3, 0.25, 1)], render,
                            setup=setup, alt="a sine curve of frequency k")
    fig                              # last line of a cell: shows both outputs below

Only artists marked ``animated`` may change (they are blitted over a cached
background, which keeps a move under 50 ms).  Without ``setup``, ``render(fig,
values)`` gets a cleared figure each time and re-plots it: simpler, slower.

One cell, two editions.  :meth:`InteractiveFigure._repr_mimebundle_` returns one
bundle with three representations of the same figure:

* ``application/vnd.jupyter.widget-view+json``: ipywidgets sliders that redraw the
  figure in place (included only when a kernel is running);
* ``text/html``: frames precomputed over the grid of every parameter's values (the
  Cartesian product when there are several, at most ``max_frames``), switched by
  an HTML range input and a little inline JavaScript, so the control works in the
  built book with no kernel, no network, even from ``file://``
  (:mod:`nnlib.static_html`);
* ``text/plain``: one short, deterministic line.

Each front end shows the richest type it can render: JupyterLab, VS Code and
Colab show the live widget, and the book is configured to prefer ``text/html``.
(A notebook reopened without running it has no widget to show, so the cell has to
be run again, as with any widget.)

Both paths clamp values into the declared ranges, and ``render`` runs with numpy's
floating-point errors raised, so an overflow or other non-finite result shows as
a message in the figure, not as a traceback.  A declaration that cannot work (an
empty range, a step that is not positive, a default outside the range) is
rejected at once with a ``ValueError`` that names the parameter.  This module
holds no maths and imports ipywidgets only when a widget is asked for.
"""

import itertools
import math
import os
from dataclasses import dataclass

from nnlib.renderer import Renderer


@dataclass(frozen=True)
class Param:
    """One control: values lo, lo + step, ..., hi; ``fmt`` formats a value for display."""

    name: str
    label: str
    lo: float
    hi: float
    step: float
    default: float
    fmt: str = "{:.2f}"

    def __post_init__(self):
        def bad(why):
            return ValueError(f"parameter {self.name!r}: {why}")
        if not (isinstance(self.name, str) and self.name.isidentifier()):
            raise bad("the name must be a Python identifier")
        for field in ("lo", "hi", "step", "default"):
            if not math.isfinite(getattr(self, field)):
                raise bad(f"{field} = {getattr(self, field)!r} is not a finite number")
        if not self.hi > self.lo:
            raise bad(f"empty range: lo = {self.lo} must be below hi = {self.hi}")
        if not self.step > 0:
            raise bad(f"step = {self.step} must be positive")
        if not self.lo <= self.default <= self.hi:
            raise bad(f"default {self.default} is outside the range [{self.lo}, {self.hi}]")
        n = (self.hi - self.lo) / self.step
        if abs(n - round(n)) > 1e-9 * max(1.0, n):
            raise bad(f"[{self.lo}, {self.hi}] is not a whole number of steps of {self.step}")
        try:
            self.fmt.format(float(self.default))
        except (ValueError, IndexError, KeyError) as err:
            raise bad(f"fmt {self.fmt!r} cannot format a number ({err})") from None

    @property
    def grid(self):
        """Every value the static book offers, lo to hi (rounded to clean decimals)."""
        n = round((self.hi - self.lo) / self.step)
        return tuple(round(self.lo + k * self.step, 12) for k in range(n + 1))

    def clamp(self, value):
        """``value`` as a float, clamped into [lo, hi]."""
        value = float(value)
        if math.isnan(value):
            raise ValueError(f"parameter {self.name!r}: value is NaN")
        return min(max(value, self.lo), self.hi)

    def index(self, value):
        """Index of the grid point nearest to ``value`` (after clamping)."""
        return round((self.clamp(value) - self.lo) / self.step)

    def text(self, value):
        """The value as the controls print it (with a true minus sign, −)."""
        return self.fmt.format(value).replace("-", "−")


@dataclass(frozen=True)
class Frame:
    """One precomputed state of the static figure."""

    values: dict
    png: bytes
    readout: str


class InteractiveFigure:
    """A figure with controls; see the module docstring for ``setup`` and ``render``.

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
        self._frames = None

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
        """A fresh :class:`Renderer`, as the live widget uses (handy for benchmarks)."""
        return Renderer(self)

    def frames(self):
        """Every frame of the static figure (computed once, then cached)."""
        if self._frames is None:
            renderer = Renderer(self)
            frames = []
            for values in self.grid():
                readout = renderer.draw(values)
                frames.append(Frame(values, renderer.png(self.colors), readout))
            self._frames = tuple(frames)
        return self._frames

    def static_html(self):
        """The kernel-free HTML: controls, the frame on show, the readout, a script."""
        from nnlib.static_html import figure_html
        return figure_html(self, self.frames())

    def widget(self):
        """Live ipywidgets controls; ``.sliders``, ``.image`` and ``.readout`` for tests."""
        from nnlib.live_widget import build_widget
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
