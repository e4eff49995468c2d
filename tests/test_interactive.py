"""The interactive-figure mechanism: declarations, the static HTML contract, the live widget."""

import base64
import html
import io
import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest
from PIL import Image

from nnlib.figures.chain_nudge import chain_nudge_figure
from nnlib.interactive import InteractiveFigure, Param, exact_fmt, places
from nnlib.interactive.layers import SCALE
from nnlib.interactive.renderer import Renderer
from nnlib.interactive.static_html import CLEAR, SAID_STYLE, wrappable

from figure_checks import (assert_every_frame_differs, assert_live_moves_redraw_in_place,
                           assert_static_html_is_deterministic_and_within_budget)

# --- a small figure, drawn in place ------------------------------------------------

X = np.linspace(0, 6, 50)


def setup(fig):
    ax = fig.add_subplot(xlim=(0, 6), ylim=(-3.2, 3.2), xlabel="x", ylabel="y")
    line, = ax.plot(X, 0 * X, animated=True)
    return line


def render(line, values):
    k, amp = values["k"], values.get("amp", 1.0)
    line.set_data(X, amp * np.sin(k * X))
    return f"k = {k:.2f}\namplitude = {amp:.2f}\ngrowth e^(1000 k) = {np.exp(1000 * k):.3g}"


def small(params=None, **kwargs):
    params = params or [Param("k", "frequency k", -1, 1, 0.5, 0)]
    return InteractiveFigure(params, render, setup=setup, alt="a sine wave",
                             figsize=(3, 2), dpi=50, **kwargs)


# --- declarations --------------------------------------------------------------------

@pytest.mark.parametrize("lo, hi, step, default, why", [
    (1.0, 1.0, 0.1, 1.0, "empty range"),
    (2.0, 1.0, 0.1, 1.5, "empty range"),
    (0.0, 1.0, 0.0, 0.5, "step"),
    (0.0, 1.0, -0.1, 0.5, "step"),
    (0.0, 1.0, 0.1, 1.5, "outside"),
    (0.0, 1.0, 0.1, -0.1, "outside"),
    (0.0, 1.0, 0.3, 0.3, "whole number of steps"),
    (0.0, float("inf"), 0.1, 0.5, "finite"),
    (float("nan"), 1.0, 0.1, 0.5, "finite"),
])
def test_a_bad_declaration_is_rejected_naming_the_parameter(lo, hi, step, default, why):
    with pytest.raises(ValueError, match=f"'eta_zero'.*{why}"):
        Param("eta_zero", "η", lo, hi, step, default)


def test_bad_name_and_bad_format_are_rejected():
    with pytest.raises(ValueError, match="identifier"):
        Param("not a name", "x", 0, 1, 0.5, 0)
    with pytest.raises(ValueError, match="'x'.*fmt"):
        Param("x", "x", 0, 1, 0.5, 0, fmt="{:d}")  # the values are floats
    with pytest.raises(ValueError, match=r"'x'.*fmt must be a format string .*"
                                         r"received float"):
        Param("x", "x", 0, 1, 0.5, 0, fmt=0.5)     # an AttributeError before


def test_a_format_must_show_every_value_of_the_grid_exactly():
    # 0.125 written as 0.12 would make the numbers computed from it look wrong
    with pytest.raises(ValueError, match=r"'dw'.*'\{:\+\.2f\}' shows the value -0\.875"):
        Param("dw", "Δw", -1, 1, 0.125, 0.5, "{:+.2f}")
    with pytest.raises(ValueError, match="'n'.*shows the value"):
        Param("n", "weight", 1, 8, 1, 5, "weight")          # no number at all
    assert Param("dw", "Δw", -1, 1, 0.125, 0.5, "{:+.3f}").text(-0.875) == "−0.875"
    assert Param("n", "weight", 1, 8, 1, 5, "w{:.0f}").text(5) == "w5"
    assert Param("p", "share", 0, 1, 0.25, 0.5, "{:.0%}").text(0.25) == "25%"
    with pytest.raises(ValueError, match="'p'.*shows the value 0.125"):
        Param("p", "share", 0, 1, 0.125, 0.5, "{:.0%}")     # 12.5% shown as 12%


@pytest.mark.parametrize("lo, step, fmt", [(0, 1, "{:.0f}"), (-1, 0.5, "{:.1f}"),
                                           (-1, 0.125, "{:.3f}"), (0.05, 0.1, "{:.2f}"),
                                           (-2, 0.2, "{:.1f}")])
def test_the_default_format_has_the_decimals_the_grid_needs(lo, step, fmt):
    assert Param("x", "x", lo, lo + 8 * step, step, lo).fmt == fmt


def test_places_counts_the_decimals_that_write_numbers_exactly():
    assert places(0.125, 1.0) == 3 and places(2, 10) == 0 and places(0.2, -2) == 1
    assert places(0.1 + 0.2) == 1       # 0.30000000000000004 is 0.3 to round-off
    assert places(1 / 3) == 12          # never exact: as many as it gives


def test_param_grid_clamp_and_index():
    p = Param("dw", "Δw", -2, 2, 0.2, 0.4, "{:+.2f}")
    assert len(p.grid) == 21 and p.grid[0] == -2 and p.grid[-1] == 2 and p.grid[12] == 0.4
    assert p.clamp(7) == 2 and p.clamp(-7) == -2 and p.clamp(0.33) == 0.33
    assert all(type(p.clamp(v)) is float for v in (7, -7, 1))   # never the int bound
    assert p.index(0.4) == 12 and p.index(99) == 20 and p.text(0.4) == "+0.40"
    with pytest.raises(ValueError, match="'dw'"):
        p.clamp(float("nan"))


def test_too_many_frames_is_rejected_with_advice():
    big = [Param("k", "k", 0, 10, 0.5, 0), Param("amp", "amplitude", 0, 3, 0.5, 1)]  # 21 × 7
    with pytest.raises(ValueError, match=r"147 frames.*limit of 120.*step of parameter 'k'"):
        small(big)
    assert small(big, max_frames=200).n_frames == 147


def test_duplicate_names_and_unknown_values_are_rejected():
    with pytest.raises(ValueError, match="unique"):
        small([Param("k", "k", 0, 1, 0.5, 0), Param("k", "k", 0, 1, 0.5, 0)])
    with pytest.raises(ValueError, match="unknown"):
        small().values(q=1)


# --- drawing --------------------------------------------------------------------------

def test_values_are_clamped_into_the_range():
    fig = small()
    assert fig.values(k=5) == {"k": 1.0}
    assert fig.renderer().draw({"k": -40}).startswith("k = -1.00")


def test_a_non_finite_result_shows_a_message_not_a_traceback():
    r = small([Param("k", "frequency k", 0, 1, 0.5, 0)]).renderer()
    readout = r.draw({"k": 1})  # e^1000 overflows
    assert "No finite result" in readout and "frequency k = 1.0" in readout
    assert any("No finite result" in t.get_text() for t in r.fig.texts)
    assert not any(ax.get_visible() for ax in r.fig.axes)
    assert r.draw({"k": 0}).startswith("k = 0.00")  # and it recovers
    assert not r.fig.texts and all(ax.get_visible() for ax in r.fig.axes)


def test_without_setup_render_replots_a_cleared_figure():
    def replot(fig, values):
        ax = fig.add_subplot()
        ax.plot(X, np.exp(values["k"] * 800 * X))
        return f"k = {values['k']}"
    fig = InteractiveFigure([Param("k", "k", 0, 1, 0.5, 0)], replot, alt="growth",
                            figsize=(3, 2), dpi=50)
    readouts = [f.readout for f in fig.frames()]
    assert readouts[0] == "k = 0.0" and "No finite result" in readouts[2]
    assert len(fig.shown_png()) > 0 and all(f.layer for f in fig.frames()[1:])


def test_a_frame_does_not_depend_on_the_frames_drawn_before_it():
    fig = small()
    for scale in (1, SCALE):          # the live widget's, the static frames'
        r1, r2 = Renderer(fig, scale), Renderer(fig, scale)
        r1.draw({"k": -1}), r1.draw({"k": 1}), r1.draw({"k": 0.5})
        r2.draw({"k": 0.5})
        np.testing.assert_array_equal(r1.pixels(), r2.pixels())


def numbers_setup(fig, still=True):
    ax = fig.add_axes((0, 0, 1, 1))
    ax.axis("off")
    if still:
        ax.text(0.05, 0.1, "still: Δw = −0.25", fontsize=10)
    return [ax.text(0.05, 0.8, "", fontsize=11, animated=True),
            ax.text(0.55, 0.7, "", fontsize=9, fontweight="bold", rotation=30, animated=True),
            ax.text(0.05, 0.45, "", fontsize=12, animated=True),
            ax.text(0.7, 0.3, "", fontsize=10, antialiased=False, animated=True),
            ax.text(0.4, 0.25, "", fontsize=8, family="monospace", va="center", ha="center",
                    animated=True),
            ax.text(0.95, 0.98, "", fontsize=7, va="top", ha="right", animated=True),
            # the same string at the same place, in other colours, sizes, alignments
            ax.text(0.6, 0.08, "0.50", fontsize=9, animated=True),
            ax.text(0.8, 0.55, "0.50", fontsize=9, animated=True),
            # half off the canvas, and clipped by its axes
            ax.text(-0.05, 0.6, "edge 1.00", fontsize=10, animated=True, clip_on=True)]


def numbers_render(texts, values):
    k = values["k"]
    texts[0].set_text(f"Δ {k:+.4f}")
    texts[0].set_x(0.05 + k / 37)   # lands somewhere else within a pixel at every step
    texts[1].set_text(f"{k:.3f} σ'(z)")
    texts[2].set_text(f"$\\dfrac{{\\partial C}}{{\\partial w}} = {k:.2f}$")   # a fraction bar
    texts[3].set_text(f"{3 * k:.1f}")
    texts[4].set_text(f"a = {k:.2f}\ny = {-k:.2f}")   # two lines
    texts[5].set_text(f"top right {k:+.3f}")
    texts[6].set_color("white" if k < 0 else "#D55E00")
    texts[6].set_alpha(0.5 if k > 0.5 else None)
    texts[7].set_fontsize(9 if k < 0 else 11)
    texts[7].set_horizontalalignment("right" if k > 0.5 else "left")
    texts[7].set_rotation(15 if k == 1 else 0)
    return ""


def plain_agg_pixels(k, still=True):
    """The numbers figure at ``k`` drawn the ordinary way, on plain Agg."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    plain = Figure(figsize=(3, 2), dpi=80, facecolor="white", layout="none")
    FigureCanvasAgg(plain)
    texts = numbers_setup(plain, still)
    numbers_render(texts, {"k": k})
    for text in texts:
        text.set_animated(False)
    plain.canvas.draw()
    return np.asarray(plain.canvas.buffer_rgba())


def test_remembered_glyphs_give_exactly_the_pixels_of_plain_agg():
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.figure import Figure

    figure = InteractiveFigure([Param("k", "k", -1, 1, 0.125, 0)], numbers_render,
                               setup=numbers_setup, alt="numbers", figsize=(3, 2), dpi=80)
    renderer = Renderer(figure)       # at the figure's own dpi, as plain_agg_pixels draws
    assert type(renderer.fig.canvas.get_renderer()) is not RendererAgg
    # new values, then values seen before: texts drawn again come from their stamps
    for k in [-1, -0.875, 0.5, 0.625, 1, 0.5, -0.875, 0.625]:
        renderer.draw({"k": k})
        np.testing.assert_array_equal(np.asarray(renderer.fig.canvas.buffer_rgba()),
                                      plain_agg_pixels(k))


def test_remembered_texts_follow_the_fonts_of_the_moment(monkeypatch):
    # the same strings at the same places after the rcParams that choose the fonts have
    # changed: as on plain Agg, whose figure is drawn the same way (matplotlib keeps the
    # sizes it measured before the change, and so do both)
    import matplotlib

    from nnlib.interactive import renderer as renderer_module

    figure = InteractiveFigure([Param("k", "k", -1, 1, 0.125, 0)], numbers_render,
                               setup=lambda fig: numbers_setup(fig, still=False),
                               alt="numbers", figsize=(3, 2), dpi=80)
    cached = figure.renderer()
    monkeypatch.setattr(renderer_module, "GLYPH_CACHE", False)
    plain = figure.renderer()
    for renderer in (cached, plain):
        renderer.draw({"k": 0.5})
    before = np.asarray(cached.fig.canvas.buffer_rgba()).copy()
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Serif"],
                                "mathtext.fontset": "dejavuserif"}):
        for renderer in (cached, plain):
            renderer.draw({"k": 0.5})
    after = np.asarray(cached.fig.canvas.buffer_rgba())
    np.testing.assert_array_equal(after, np.asarray(plain.fig.canvas.buffer_rgba()))
    assert not np.array_equal(after, before)


def test_without_the_glyph_cache_figures_draw_on_plain_agg(monkeypatch):
    # an older matplotlib (the browser's) lacks the FreeType calls the cache makes
    from matplotlib.backends.backend_agg import RendererAgg

    from nnlib.interactive import renderer as renderer_module

    figure = InteractiveFigure([Param("k", "k", -1, 1, 0.125, 0)], numbers_render,
                               setup=numbers_setup, alt="numbers", figsize=(3, 2), dpi=80)
    cached = figure.renderer()
    monkeypatch.setattr(renderer_module, "GLYPH_CACHE", False)
    plain = figure.renderer()
    assert type(plain.fig.canvas.get_renderer()) is RendererAgg
    for k in [0.5, -0.875]:
        cached.draw({"k": k})
        plain.draw({"k": k})
        assert cached.png() == plain.png()


def test_frames_have_no_metadata_chunks():
    fig = small()
    for png in (fig.frames()[0].layer, fig.shown_png()):
        assert png.startswith(b"\x89PNG")
        for chunk in (b"tEXt", b"iTXt", b"zTXt", b"tIME"):
            assert chunk not in png


# --- the static HTML --------------------------------------------------------------------

class Tree(HTMLParser):
    """Every start tag as (tag, attrs, text inside it), plus the scripts' contents."""

    def __init__(self, page):
        super().__init__()
        self.tags, self.scripts, self._open = [], [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append([tag, dict(attrs), ""])
        if tag not in ("input", "img"):
            self._open.append(self.tags[-1])

    def handle_endtag(self, tag):
        node = self._open.pop()
        assert node[0] == tag, f"</{tag}> closes <{node[0]}>"
        if tag == "script":
            self.scripts.append(node)

    def handle_data(self, data):
        for node in self._open:
            node[2] += data

    def find(self, tag, cls=None):
        return [t for t in self.tags
                if t[0] == tag and (cls is None or cls in t[1].get("class", "").split())]


def png_size(png):
    return Image.open(io.BytesIO(png)).size


def test_static_html_follows_the_dom_contract():
    params = [Param("k", "frequency k", -1, 1, 0.5, 0),
              Param("amp", "amplitude", 1, 3, 1, 2, fmt="{:.1f}")]
    fig = small(params)
    page = fig.static_html()
    tree = Tree(page)
    assert page.isascii()
    (root,) = tree.find("div", "nnlib-interactive")
    assert re.fullmatch(r"nnfig-[0-9a-f]{12}", root[1]["id"])
    (controls,) = tree.find("div", "nnlib-controls")
    # the group of controls is named after the figure (its alt text, lacking a title)
    assert controls[1]["role"] == "group" and controls[1]["aria-label"] == "a sine wave"
    titled = Tree(small(params, title="Sine <waves>").static_html())
    assert titled.find("div", "nnlib-controls")[0][1]["aria-label"] == "Sine <waves>"
    labels, inputs, outputs = tree.find("label"), tree.find("input"), tree.find("output")
    assert len(labels) == len(inputs) == len(outputs) == 2
    for p, label, inp, out in zip(params, labels, inputs, outputs):
        a = inp[1]
        assert (a["type"], a["min"], a["step"], a["data-param"]) == ("range", "0", "1", p.name)
        assert int(a["max"]) == len(p.grid) - 1 and int(a["value"]) == p.index(p.default)
        assert a["aria-label"] == p.label and label[2].startswith(p.label)
        assert out[2] == p.text(p.default)
    # the shown frame's whole picture, at twice the pixels, shown at the book's scale;
    # over it the layer of the frame shown, here that frame itself: one clear pixel
    (frames,) = tree.find("div", "nnlib-frames")
    (img,) = tree.find("img", "nnlib-frame")
    (layer,) = tree.find("img", "nnlib-layer")
    assert tree.tags.index(frames) < tree.tags.index(img) < tree.tags.index(layer)
    # after the sliders, a "Full size" button, hidden unless the book's stylesheet
    # shows it (on a phone); the picture sits in a box that can scroll sideways
    (button,) = tree.find("button", "nnlib-enlarge")
    (pan,) = tree.find("div", "nnlib-pan")
    assert (button[1]["type"], button[1]["aria-pressed"], button[2]) == (
        "button", "false", "Full size")
    assert "display:none" in button[1]["style"]
    assert (tree.tags.index(controls) < tree.tags.index(inputs[-1])
            < tree.tags.index(button) < tree.tags.index(pan) < tree.tags.index(frames))
    assert "Full size" in controls[2]   # inside the figure's group of controls
    shown = [f for f in fig.frames() if f.values == {"k": 0.0, "amp": 2.0}][0]
    assert fig.frames().index(shown) == fig.shown_index() and shown.layer == b""
    assert img[1]["src"] == "data:image/png;base64," + base64.b64encode(
        fig.shown_png()).decode()
    # 3 × 2 in drawn at 50 dpi, shown at the book's 110 pixels to the inch
    assert (img[1]["width"], img[1]["height"]) == ("330", "220")
    assert png_size(fig.shown_png()) == (300, 200)
    assert img[1]["alt"] == "a sine wave"
    assert layer[1]["src"] == "data:image/png;base64," + CLEAR
    assert layer[1]["alt"] == "" and layer[1]["aria-hidden"] == "true"
    (pre,) = tree.find("pre", "nnlib-readout")
    assert pre[2] == wrappable(shown.readout)
    # after it, the status line a screen reader hears once the reader pauses: empty
    # until a move, hidden from the eye
    (said,) = tree.find("p", "nnlib-said")
    assert tree.tags.index(pre) < tree.tags.index(said)
    assert said[1]["role"] == "status" and said[2] == ""
    assert "width:1px;height:1px" in said[1]["style"] and "overflow:hidden" in said[1]["style"]
    # one script, after the figure, wired to its id; the frames travel with it as JSON
    (script,) = tree.scripts
    assert page.index("<script>") > page.index("</p>\n</div>")
    assert page.rstrip().endswith("</script>")
    assert root[1]["id"] in script[2]
    data = json.loads(re.search(r"var data = (\{.*?\});\n", script[2]).group(1))
    assert len(data["layer"]) == len(data["readout"]) == fig.n_frames == 5 * 3
    assert data["layer"] == [base64.b64encode(f.layer).decode() for f in fig.frames()]
    assert data["clear"] == CLEAR
    assert data["stride"] == [3, 1]
    assert data["readout"][3 * 2 + 1] == wrappable(shown.readout)
    # nothing is loaded from anywhere: every src is data:, the script fetches nothing
    for tag in tree.tags:
        for attr in ("src", "href"):
            assert tag[1].get(attr, "data:").startswith("data:"), tag
    code = script[2].replace(re.search(r"var data = (\{.*?\});", script[2]).group(1), "")
    for word in ("http", "fetch", "XMLHttpRequest", "import", "src=", "createElement"):
        assert word not in code


def test_static_html_is_byte_identical_when_built_twice():
    assert small().static_html() == small().static_html()
    a, b = chain_nudge_figure(dw_step=0.5), chain_nudge_figure(dw_step=0.5)
    assert a.static_html() == b.static_html()
    assert a.static_html() != chain_nudge_figure("w_Lm1", dw_step=0.5).static_html()


@pytest.mark.parametrize("which", ["w_L", "w_Lm1"])
def test_chain_nudge_figure_passes_every_interactive_figures_checks(which):
    figure = chain_nudge_figure(which)
    assert_static_html_is_deterministic_and_within_budget(figure,
                                                          chain_nudge_figure(which))
    assert_live_moves_redraw_in_place(figure, [{"dw": v} for v in (0.6, -2.0, 0.0, 2.0,
                                                                   0.2, 0.6)])


def test_chain_nudge_figure_has_21_distinct_frames():
    frames = assert_every_frame_differs(chain_nudge_figure("w_Lm1"), 21)
    assert "∂C/∂wᴸ⁻¹" in frames[0].readout and "Δw = −2.00" in frames[0].readout


# --- the live widget and the MIME bundle -------------------------------------------------

def test_a_readout_wraps_before_an_operator_never_just_after_one():
    text = ("w ← w − η·dC/dw = 1.2 − 0.5 × 0.07  gap = −0.0007 (a − y)\n"
            "true ΔC = 0.337656937 − 0.298371109 = +0.039285828  digit 0: 0.912\n"
            "      = 0.8000 × 0.2452")
    nb = "\u00a0"
    assert wrappable(text) == (
        f"w{nb}←{nb}w{nb}−{nb}η·dC/dw{nb}={nb}1.2{nb}−{nb}0.5 ×{nb}0.07  gap{nb}={nb}"
        f"−0.0007 (a{nb}−{nb}y)\ntrue ΔC{nb}={nb}0.337656937{nb}−{nb}0.298371109 "
        f"={nb}+0.039285828  digit 0:{nb}0.912\n      ={nb}0.8000 ×{nb}0.2452")
    # only spaces change: the text reads the same
    assert wrappable(text).replace(nb, " ") == text
    # wrapping points are the plain spaces; no piece ends with an operator
    for line in wrappable(text).split("\n"):
        for piece in line.split(" "):
            assert not piece.endswith(("=", "←", "−", "+", "×", "·", ":")), piece


def test_moving_a_slider_redraws_the_image_and_the_readout():
    box = small([Param("k", "frequency k", -1, 1, 0.25, 0)]).widget()
    image, readout = box.image.value, box.readout.value
    assert "k = 0.00" in readout
    box.sliders["k"].value = -0.5
    assert bytes(box.image.value) != bytes(image)
    assert bytes(box.image.value).startswith(b"\x89PNG")
    assert "k = -0.50" in box.readout.value and box.readout.value != readout
    assert box.children[0].children[0].children[1].value == "−0.50"  # printed value


def test_the_widgets_picture_is_described_for_a_screen_reader():
    # an ipywidgets Image has no alt text: text only a screen reader reads describes it
    fig = small([Param("k", "frequency k", -1, 1, 0.25, 0)])
    box = fig.widget()
    assert box.image.tooltip is None   # JupyterLab shows an error for an Image's tooltip
    described = box.children[box.children.index(box.image) - 1]
    assert described.value == f'<p style="{SAID_STYLE}">{html.escape(fig.alt)}</p>'


def test_the_bundle_carries_widget_html_and_text():
    fig = small()
    live, static = fig.mimebundle(live=True), fig.mimebundle(live=False)
    assert set(live) == {"text/plain", "text/html",
                         "application/vnd.jupyter.widget-view+json"}
    assert set(static) == {"text/plain", "text/html"}
    assert live["text/html"] == static["text/html"]
    assert live["text/plain"] == repr(fig) == ("<Interactive figure: a sine wave "
                                               "(frequency k from −1.0 to 1.0, 5 values)>")
    assert live["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert fig._repr_mimebundle_().keys() == static.keys()  # no kernel in pytest


def test_the_bundles_widget_draws_at_the_books_scale_as_a_fresh_one_does(monkeypatch):
    from ipywidgets.widgets.widget import _instances

    import nnlib.interactive.figure as interactive

    made = []

    class CountedRenderer(interactive.Renderer):
        def __init__(self, spec, scale=1):
            made.append(scale)
            super().__init__(spec, scale)

    monkeypatch.setattr(interactive, "Renderer", CountedRenderer)
    fig = small([Param("k", "frequency k", -1, 1, 0.25, 0)])
    bundle = fig.mimebundle(live=True)
    # the static frames' renderer, then the widget's, at 110 pixels to the inch as
    # the page shows the figure (static_html.READING_DPI): 2.2 times its 50 dpi
    assert made == [2, 2.2]
    shown = _instances[bundle["application/vnd.jupyter.widget-view+json"]["model_id"]]
    fresh = fig.widget()           # a second widget gets a renderer of its own
    assert made == [2, 2.2, 2.2]
    assert png_size(bytes(shown.image.value)) == (330, 220)   # 3 × 2 in at 110 dpi
    for k in (None, -0.5, 0.75):   # the first picture, then two moves
        if k is not None:
            shown.sliders["k"].value = fresh.sliders["k"].value = k
        assert bytes(shown.image.value) == bytes(fresh.image.value)
        assert shown.readout.value == fresh.readout.value
    fig.mimebundle(live=True)      # shown again: the frames are kept, a new widget
    assert made == [2, 2.2, 2.2, 2.2]


def test_static_only_environment_leaves_the_widget_out(monkeypatch):
    import IPython

    import nnlib.interactive.figure as interactive

    class FakeShell:  # what get_ipython() returns inside a live kernel
        kernel = object()

    monkeypatch.setattr(IPython, "get_ipython", lambda: FakeShell())
    monkeypatch.delenv("NNLIB_STATIC_ONLY", raising=False)
    assert interactive._kernel_is_running() is True
    monkeypatch.setenv("NNLIB_STATIC_ONLY", "1")
    assert interactive._kernel_is_running() is False


def test_merged_glyph_stamps_paste_exactly_as_the_glyphs_one_by_one():
    # glyphs side by side, some covering pixels of the one before (which must start a
    # new run, alone or not), pasted run by run and one by one over a noisy background
    from matplotlib.backends.backend_agg import RendererAgg

    from nnlib.interactive.renderer import _merged

    rng = np.random.default_rng(3)
    places = [(2, 20), (9, 21), (16, 20), (25, 20), (34, 24), (35, 20), (44, 22), (53, 20)]
    stamps = []
    for x, y in places:
        buffer = rng.integers(0, 256, size=(rng.integers(6, 12), 9)).astype(np.uint8)
        buffer[rng.random(buffer.shape) < 0.3] = 0
        stamps.append(("glyph", buffer, x, y))
    merged = _merged(stamps)
    assert 1 < len(merged) < len(stamps)
    pictures = []
    for pieces in (stamps, merged):
        agg = RendererAgg(64, 32, 72)
        np.asarray(agg.buffer_rgba())[...] = np.random.default_rng(4).integers(
            0, 256, size=(32, 64, 4), dtype=np.uint8)
        gc = agg.new_gc()
        gc.set_foreground((0.8, 0.3, 0.1, 1.0), isRGBA=True)
        gc.set_alpha(0.7)
        for _, buffer, x, y in pieces:
            agg._renderer.draw_text_image(buffer, x, y, 0, gc)
        pictures.append(np.asarray(agg.buffer_rgba()).copy())
    np.testing.assert_array_equal(*pictures)


def test_exact_fmt_has_the_decimals_and_sign_asked_for():
    assert exact_fmt(0.125, 1.0, sign=True, at_least=2) == "{:+.3f}"
    assert exact_fmt(0.5, 1.0, sign=True, at_least=2) == "{:+.2f}"
    assert exact_fmt(1, 5) == "{:.0f}"


def test_a_render_that_returns_no_text_is_told_so():
    def forgetful(fig, values):
        fig.add_subplot().plot(X, values["k"] * X)
    fig = InteractiveFigure([Param("k", "k", 0, 1, 0.5, 0)], forgetful, alt="a line",
                            figsize=(3, 2), dpi=50)
    with pytest.raises(ValueError, match=r"render must return the readout, a str.*"
                                         r"it returned NoneType"):
        fig.frames()


def test_every_interactive_figure_the_chapters_store_is_within_budget():
    """The chapters' own figures, as their notebooks store them (the HTML the book
    shows): each within the static budget the figure tests hold their small versions
    to, so that a change of grid or dpi in a chapter cannot slip past."""
    from pathlib import Path

    import nbformat

    from figure_checks import STATIC_BUDGET

    sizes = {}
    for path in sorted((Path(__file__).resolve().parents[1] / "chapters").glob("*.ipynb")):
        for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
            for out in cell.get("outputs", []):
                html = out.get("data", {}).get("text/html", "")
                if 'class="nnlib-interactive"' in html:
                    sizes[f"{path.stem}, cell {number}"] = len(html)
    assert len(sizes) >= 9, sizes
    over = {where: size for where, size in sizes.items() if size > STATIC_BUDGET}
    assert not over, f"over the budget of {STATIC_BUDGET} bytes: {over}"


def test_figures_are_shown_at_the_books_scale_within_the_column():
    """static_html.shown_size: the scale of the static figures (110 pixels to the
    inch), never below the figure's own dpi, never wider than the widest static
    figure."""
    from nnlib.figures.style import BOOK_STYLE
    from nnlib.interactive.static_html import READING_DPI, WIDEST, shown_size

    assert READING_DPI == BOOK_STYLE["figure.dpi"]
    assert shown_size((1152, 540), dpi=90) == (704, 330)       # 6.4 × 3 in
    assert shown_size((1412, 942), dpi=84) == (WIDEST, 499)    # capped by the column
    assert shown_size((1400, 600), dpi=120) == (700, 300)      # never below its own
    assert shown_size((1600, 400), dpi=50) == (800, 200)       # wider than WIDEST


def test_a_slider_that_counts_says_out_of_how_many():
    """A slider over steps, images or starting points says "3 of 9", not a bare "3"
    (beside it and in its aria-valuetext, which a screen reader speaks)."""
    from pathlib import Path

    import nbformat

    counting = ("backward step", "image", "input", "starting point")
    seen = []
    for path in sorted((Path(__file__).resolve().parents[1] / "chapters").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for out in cell.get("outputs", []):
                html = out.get("data", {}).get("text/html", "")
                for label, text in re.findall(r'aria-label="([^"]+)" aria-valuetext="'
                                              r'([^"]+)"', html):
                    if label in counting:
                        seen.append((path.stem, label, text))
    assert len(seen) >= 5, seen
    bare = [s for s in seen if not re.fullmatch(r"\d+ of \d+", s[2])]
    assert not bare, bare
