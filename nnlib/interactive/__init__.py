"""Interactive figures: declared once, live in Jupyter, still working in the static book.

A figure is declared by its parameters (:class:`Param`) and two functions::

    x = np.linspace(0, 6, 200)
    def setup(fig):           # once: draw what never moves, return what does
        ax = fig.add_subplot(xlim=(0, 6), ylim=(-1.1, 1.1), xlabel="x")
        curve, = ax.plot(x, 0 * x, animated=True)
        return curve
    def render(curve, values):  # every move: update those artists in place
        curve.set_data(x, np.sin(values["k"] * x))
        return f"k = {values['k']:.2f}"   # a plain-text readout
    fig = InteractiveFigure([Param("k", "frequency k", 0, 3, 0.25, 1)],
                            render, setup=setup, alt="a sine curve of frequency k")
    fig                       # last line of a cell: shows both outputs below

Only artists marked ``animated`` may change (they are blitted over a cached
background, which keeps a move within the 16 ms budget of
``benchmarks/interactive_budget.py``).  Without ``setup``, ``render(fig,
values)`` gets a cleared figure each time and re-plots it: simpler, slower.

One cell, two editions.  :meth:`InteractiveFigure._repr_mimebundle_` returns one
bundle with three representations of the same figure:

* ``application/vnd.jupyter.widget-view+json``: ipywidgets sliders that redraw the
  figure in place (included only when a kernel is running; :mod:`.live_widget`);
* ``text/html``: frames precomputed over the grid of every parameter's values (the
  Cartesian product when there are several, at most ``max_frames``), drawn with
  twice the pixels (sharp on screens with two pixels to the point) and switched by
  an HTML range input and a little inline JavaScript, so the control works in the
  built book with no kernel, no network, even from ``file://`` (:mod:`.static_html`);
* ``text/plain``: one short, deterministic line.

Each front end shows the richest type it can render: JupyterLab, VS Code and
Colab show the live widget, and the book is configured to prefer ``text/html``.
(A notebook reopened without running it has no widget to show, so the cell has to
be run again, as with any widget.)

Both paths clamp values into the declared ranges, and ``render`` runs with numpy's
floating-point errors raised, so an overflow or other non-finite result shows as
a message in the figure, not as a traceback.  A declaration that cannot work (an
empty range, a step that is not positive, a default outside the range) is
rejected at once with a ``ValueError`` that names the parameter.

The modules of this package:

* :mod:`.param` — :class:`Param`, one control and its grid of values;
* :mod:`.figure` — :class:`InteractiveFigure`, the figure and its MIME bundle;
* :mod:`.renderer` — one matplotlib figure redrawn in place, fast;
* :mod:`.layers` — the static frames as one picture and a layer per frame;
* :mod:`.static_html` — the kernel-free HTML of the static book;
* :mod:`.live_widget` — the ipywidgets controls of a live kernel.

It is machinery only: it imports no maths and no drawing from the rest of
:mod:`nnlib` (``tests/test_layering.py`` checks this), and it imports ipywidgets
only when a widget is asked for.
"""

from .figure import InteractiveFigure
from .param import Param, exact_fmt, places, slider_values

__all__ = ["InteractiveFigure", "Param", "exact_fmt", "places", "slider_values"]
