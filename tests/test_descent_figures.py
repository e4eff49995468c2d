"""The gradient-descent chapter's figures: distinct frames, divergence drawn as divergence,
byte-identical static HTML, and the static drawing helpers."""

import math

import matplotlib

matplotlib.use("Agg")  # this process only; the notebooks' kernels are not affected

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnlib  # noqa: E402
from nnlib import linefit  # noqa: E402
from nnlib.data import line_points  # noqa: E402
from nnlib.figures import contour, descent  # noqa: E402
from nnlib.figures.png import small_png  # noqa: E402

from figure_checks import (assert_every_frame_differs,  # noqa: E402
                           assert_live_moves_redraw_in_place,
                           assert_static_html_is_deterministic_and_within_budget)

X, Y = 2.0, 6.0  # the chapter's one-weight example: C(w) = ½(wx − y)², minimum at w = 3


def cost(w):
    return 0.5 * (w * X - Y) ** 2


def grad(w):
    return (w * X - Y) * X


def says(readout, verdict):
    """Whether a line of the readout starts with ``verdict`` (the verdict is the last part)."""
    return any(line.startswith(verdict) for line in readout.splitlines()[2:])


def curve_figure(**kwargs):
    args = dict(w_star=3.0, eta=(0.1, 0.6, 0.25, 0.1), w0=(-1.0, 5.0, 3.0, -1.0), steps=12,
                figsize=(4, 2), dpi=50)
    return descent.curve_descent_figure(cost, grad, **{**args, **kwargs})


@pytest.fixture(scope="module")
def points():
    return line_points(np.random.default_rng(1), 40, slope=2.0, intercept=1.0, noise=0.5)


def line_figure(points, **kwargs):
    x, y = points
    args = dict(eta=(0.05, 0.35, 0.15, 0.2), starts=[(-0.5, 5.0), (4.5, -3.0)], steps=30,
                figsize=(4, 2), dpi=50)
    return contour.line_fit_descent_figure(x, y, **{**args, **kwargs})


def grid_pixels(png):
    """How many pixels of a picture have the style's grid grey (or close to it)."""
    import io

    from PIL import Image

    from nnlib.figures.style import GRID
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    grey = int(GRID[1:3], 16)
    return int(np.sum(np.all(np.abs(rgb - grey) <= 12, axis=2)))


@pytest.mark.parametrize("build", [curve_figure, lambda: line_figure(
    line_points(np.random.default_rng(1), 40, slope=2.0, intercept=1.0, noise=0.5))])
def test_the_static_pictures_keep_the_grid_the_live_figure_draws(build):
    # in a palette too small the grid's grey became white: no grid until Python ran
    figure = build()
    figure.figsize, figure.dpi = (7.2, 3.1), 90      # the chapter's size
    assert grid_pixels(figure.shown_png()) > 5000


# --- the figure on the cost curve -----------------------------------------------------

def test_curve_figure_frames_differ_across_parameter_values():
    assert_every_frame_differs(curve_figure(), 3 * 3)


@pytest.mark.parametrize("eta, w0, verdict", [
    (0.02, -1.0, "crawls"),             # r = 0.92
    (0.15, -1.0, "converges"),          # r = 0.4
    (0.4, 7.0, "converges, overshooting to and fro"),  # r = −0.6
    (0.5, 1.0, "bounces"),              # r = −1 exactly
    (0.6, 5.0, "diverges"),             # r = −1.4
    (0.3, 3.0, "stays put"),            # starts at the bottom
])
def test_curve_figure_readout_names_what_the_walk_does(eta, w0, verdict):
    fig = curve_figure(eta=(0.01, 0.61, 0.6, 0.01), w0=(-1.0, 7.0, 8.0, -1.0), steps=20)
    readout = fig.renderer().draw({"eta": eta, "w0": w0})
    assert says(readout, verdict), readout


def test_divergence_is_drawn_as_a_walk_that_leaves_not_as_an_error():
    fig = curve_figure(eta=(0.6, 3.0, 2.4, 3.0), w0=(5.0, 6.0, 1.0, 5.0), steps=2000)
    renderer = fig.renderer()
    readout = renderer.draw({"eta": 3.0, "w0": 5.0})  # overflows to infinity within 2000 steps
    assert "diverges" in readout and "overflowed" in readout
    assert "No finite result" not in readout
    assert all(ax.get_visible() for ax in renderer.fig.axes)  # the plot is still there
    status = renderer.state["status"]
    assert status.get_text() == "diverges"
    walk_w, walk_c = renderer.state["walk"].get_data()
    assert np.all(np.isfinite(walk_w)) and len(walk_w) >= 2  # drawn up to where it leaves


def test_divergence_within_the_plotted_steps_still_reads_as_divergence():
    renderer = curve_figure(eta=(0.1, 0.6, 0.5, 0.6), steps=20).renderer()
    readout = renderer.draw({"eta": 0.6, "w0": 7.0})
    assert says(readout, "diverges: the steps land ever farther")
    assert renderer.state["status"].get_text() == "diverges"


def test_curve_figure_static_html_is_deterministic_and_within_budget():
    figure = curve_figure()
    assert_static_html_is_deterministic_and_within_budget(figure, curve_figure())
    assert figure.static_html() != curve_figure(steps=10).static_html()


def test_curve_figure_live_moves_redraw_in_place():
    assert_live_moves_redraw_in_place(curve_figure(), [
        {"eta": 0.1, "w0": -1.0}, {"eta": 0.35, "w0": -1.0}, {"eta": 0.6, "w0": 5.0},
        {"eta": 0.1, "w0": 2.0}, {"eta": 0.1, "w0": -1.0}])


# --- the figure on the contour plot ---------------------------------------------------

def test_line_figure_frames_differ_across_parameter_values(points):
    frames = assert_every_frame_differs(line_figure(points), 3 * 2)
    assert "start 2: (w, b) = (4.5, −3)" in frames[1].readout


def test_line_figure_reports_the_least_squares_line_and_convergence(points):
    x, y = points
    best = linefit.least_squares(x, y)
    readout = line_figure(points, steps=400).renderer().draw({"eta": 0.2, "start": 1})
    assert f"least squares:  w = {best[0]:.4f}" in readout
    assert says(readout, "converges")


def test_line_figure_divergence_is_a_message_in_the_plot(points):
    renderer = line_figure(points).renderer()
    readout = renderer.draw({"eta": 0.35, "start": 2})  # above 2/λ_max ≈ 0.327
    assert says(readout, "diverges")
    assert "No finite result" not in readout
    assert renderer.state["fit_status"].get_text().startswith("no line to draw")
    assert len(renderer.state["fit_line"].get_data()[0]) == 0
    back = renderer.draw({"eta": 0.2, "start": 2})  # and it recovers
    assert not says(back, "diverges")
    assert renderer.state["fit_status"].get_text() == ""


def test_line_figure_static_html_is_deterministic_and_within_budget(points):
    assert_static_html_is_deterministic_and_within_budget(line_figure(points),
                                                          line_figure(points))


def test_line_figure_live_moves_redraw_in_place(points):
    # 0.35 diverges from both starts: the walk leaves and the fit line goes
    assert_live_moves_redraw_in_place(line_figure(points), [
        {"eta": 0.2, "start": 1}, {"eta": 0.05, "start": 1}, {"eta": 0.35, "start": 2},
        {"eta": 0.2, "start": 2}, {"eta": 0.2, "start": 1}])


# --- readouts and static helpers ------------------------------------------------------

def test_describe_labels():
    best = [0.0]
    assert descent.describe(np.array([[1.0], [-0.3], [0.05]]), best, False).startswith(
        "nearly there, overshooting")
    assert descent.describe(np.array([[1.0], [0.001], [0.0001]]), best, False).startswith(
        "converges")
    assert descent.describe(np.array([[1e300], [-1e308]]), best, False).startswith("diverges")
    assert descent.describe(np.array([[1.0]]), best, True).startswith("diverges")


def test_only_a_walk_that_moves_to_and_fro_bounces():
    # C(w) = w²: η = 1 sends w to −w at every step
    def grad(w):
        return 2 * w

    best = [0.0]
    bounce = nnlib.gradient_descent(grad, [3.0], eta=1.0, steps=6)
    assert descent.describe(bounce.w, best, False).startswith("bounces")
    # a walk that does not move is not a bounce: no steps, a flat start (the
    # top of C(w) = −w², where the slope is 0), a rate too small to show
    still = nnlib.gradient_descent(grad, [3.0], eta=1.0, steps=0)
    assert descent.describe(still.w, best, False) == "stays put: no step was taken"
    one = nnlib.gradient_descent(grad, [3.0], eta=1.0, steps=1)   # 3, then −3
    assert descent.describe(one.w, best, False).startswith("bounces")
    top = nnlib.gradient_descent(lambda w: -2 * w, [0.0], eta=0.1, steps=20)
    assert descent.describe(top.w, [5.0], False).startswith(
        "stays put: no step moves it (the slope is 0 where it starts")
    tiny = nnlib.gradient_descent(grad, [3.0], eta=1e-12, steps=20)
    assert descent.describe(tiny.w, best, False).startswith("crawls: 100% of")


def test_static_helpers_draw_and_return_artists(points):
    x, y = points
    fig, (ax, ax2) = plt.subplots(1, 2)
    w = np.linspace(-1, 7, 50)
    assert descent.draw_curve(ax, w, cost(w), w_star=3.0).get_xdata().size == 50
    descent.draw_tangent(ax, 1.0, cost(1.0), grad(1.0))
    line = descent.draw_walk(ax, np.array([1.0, 1e9]), np.array([8.0, 1e18]))
    assert np.all(np.abs(line.get_xdata()) <= descent.FAR)  # clipped for drawing
    M, Cs = np.meshgrid(np.linspace(0, 4, 20), np.linspace(-1, 3, 20))
    contour.draw_contours(ax2, M, Cs, linefit.cost_grid(M, Cs, x, y), best=[2, 1])
    contour.draw_path(ax2, [[0, 0], [1, 1], [2, 1]])
    contour.draw_points(ax2, x, y)
    fitted = contour.draw_line(ax2, [2.0, 1.0], (0, 4))
    assert list(fitted.get_ydata()) == [1.0, 9.0]
    png = small_png(fig, colors=32)
    assert png.startswith(b"\x89PNG") and b"tEXt" not in png
    assert not plt.fignum_exists(fig.number)  # small_png closes the figure


def test_small_png_has_the_pixels_savefig_draws():
    """small_png draws once on an Agg canvas; matplotlib's savefig, which lays the
    figure out in a draw of its own first, must give the same pixels, so the same
    palette PNG."""
    import io

    from PIL import Image

    from nnlib.figures.style import BOOK_STYLE

    def figure():
        fig, (left, right) = plt.subplots(1, 2, figsize=(6.8, 2.7))  # constrained layout
        steps = np.arange(1, 31)
        left.semilogy(steps, np.exp(-steps / 7), label="cost $C$")
        left.set(xlabel="epoch", ylabel="cost $C$ (log scale)", title="A log scale")
        left.legend()
        right.plot(steps, 90 + np.sqrt(steps))
        right.set(xlabel="epoch", title="Accuracy (%)", ylim=(80, 100))
        return fig

    with plt.style.context(BOOK_STYLE):
        fig = figure()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
        image = Image.open(buffer).convert("RGB").quantize(
            40, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        expected = io.BytesIO()
        image.save(expected, format="PNG", compress_level=8)
        assert small_png(figure(), colors=40) == expected.getvalue()


def test_the_figures_name_a_slider_argument_given_wrong():
    # eta=0.1 was "Value after * must be an iterable", a single start "'float'
    # object is not iterable", lists of points "'list' object has no attribute 'min'"
    import nnlib
    from nnlib.figures.contour import line_fit_descent_figure
    from nnlib.figures.descent import curve_descent_figure

    def cost(w):
        return (w - 3.0) ** 2

    def grad(w):
        return 2 * (w - 3.0)
    for eta in (0.1, ("0.1", 0.5, 0.1, 0.2)):
        with pytest.raises(ValueError, match=r"eta must be \(lo, hi, step, default\), "
                                             r"the four numbers of its slider"):
            curve_descent_figure(cost, grad, w_star=3.0, eta=eta, w0=(0, 6, 1, 0))
    xs, ys = nnlib.data.line_points(0)
    with pytest.raises(ValueError, match=r"starts must be a list of starting points "
                                         r"\(w, b\).*for one: \[\(w, b\)\]"):
        line_fit_descent_figure(xs, ys, eta=(0.02, 0.2, 0.02, 0.1), starts=(0.0, 0.0))
    assert line_fit_descent_figure(list(xs), list(ys), eta=(0.02, 0.2, 0.02, 0.1),
                                   starts=[(0.0, 0.0), (1.0, 1.0)])


def test_a_cost_that_cannot_draw_its_curve_is_named():
    # a TypeError from inside the figure before, or a curve of one number
    sliders = dict(w_star=3.0, eta=(0.1, 0.3, 0.1, 0.1), w0=(0.0, 1.0, 0.5, 0.0))

    def grad(w):
        return 2 * (w - 3)

    with pytest.raises(ValueError, match=r"cost must be a function of w.*received "
                                         r"ndarray \(pass the function"):
        descent.curve_descent_figure(np.zeros(300), grad, **sliders)
    with pytest.raises(ValueError, match=r"act on a whole array of w at once.*np.exp, "
                                         r"not math.exp"):
        descent.curve_descent_figure(lambda w: math.exp(w), grad, **sliders)
    with pytest.raises(ValueError, match=r"one cost per w; on an array of 300 points "
                                         r"it gave shape \(\)"):
        descent.curve_descent_figure(lambda w: 1.0, grad, **sliders)
    with pytest.raises(ValueError, match=r"grad must be a function of w"):
        descent.curve_descent_figure(lambda w: (w - 3) ** 2, 5, **sliders)
