"""The live half of an interactive figure: ipywidgets sliders that redraw it in place.

Deliberately thin: a slider move calls the figure's own ``render`` through a
:class:`~nnlib.interactive.renderer.Renderer` (one matplotlib figure per widget, updated in
place, never through pyplot) and shows the PNG in an ``ipywidgets.Image``.  The
sliders step over the same grid as the static book, and print their value with the
parameter's ``fmt``, so both editions show the same numbers.  Imported only when a
widget is asked for, so the rest of :mod:`nnlib` works without ipywidgets.
"""

import html

import ipywidgets as widgets

from .static_html import SAID_STYLE


def build_widget(spec):
    """A VBox of [controls, image, readout] for ``spec``, an InteractiveFigure.

    It draws with a renderer of its own, at the scale the page shows the static
    figure (:data:`.static_html.READING_DPI`), one pixel per pixel shown (a move
    must stay fast; the static frames are drawn with twice the pixels).  The box
    also carries ``.sliders`` (name -> FloatSlider), ``.image`` and ``.readout``,
    so tests and notebooks can reach them by name.

    An ``ipywidgets.Image`` takes no alt text, so the description a screen reader
    needs, ``spec.alt``, is text just before the picture that only a screen reader
    reads, as in the static figure.  (Not the Image's ``tooltip``: in ipywidgets
    8.1 it makes JupyterLab show a JavaScript error in the picture's place.)
    """
    renderer = spec.renderer()
    width, _ = spec.shown_size()
    image = widgets.Image(format="png", layout=widgets.Layout(width="100%",
                                                               max_width=f"{width}px"))
    described = widgets.HTML(f'<p style="{SAID_STYLE}">{html.escape(spec.alt)}</p>',
                             layout=widgets.Layout(height="0px", margin="0px"))
    readout = widgets.HTML()
    sliders, printed, rows = {}, {}, []
    for p in spec.params:
        slider = widgets.FloatSlider(
            value=p.grid[p.index(p.default)], min=p.lo, max=p.hi, step=p.step,
            description=p.label, readout=False, continuous_update=True,
            style={"description_width": "initial"}, layout=widgets.Layout(width="22em"))
        # the value clear of the slider's handle, and a gap before the next slider's
        # name: side by side, "0.14" and "start w" read as one label
        printed[p.name] = widgets.Label(p.text(slider.value),
                                        layout=widgets.Layout(margin="0 0 0 0.75em"))
        sliders[p.name] = slider
        rows.append(widgets.HBox([slider, printed[p.name]],
                                 layout=widgets.Layout(margin="0 2em 0 0")))

    def update(change=None):
        values = spec.values(**{name: s.value for name, s in sliders.items()})
        text = renderer.draw(values)
        image.value = renderer.png()
        readout.value = (f'<pre class="nnlib-readout" style="white-space:pre-wrap">'
                         f'{html.escape(text)}</pre>')
        for p in spec.params:
            printed[p.name].value = p.text(values[p.name])

    for slider in sliders.values():
        slider.observe(update, names="value")
    update()
    controls = widgets.HBox(rows, layout=widgets.Layout(flex_flow="row wrap"))
    box = widgets.VBox([controls, described, image, readout])
    box.sliders, box.image, box.readout = sliders, image, readout
    return box
