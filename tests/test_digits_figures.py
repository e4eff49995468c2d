"""The digits chapter's figures: the prediction browser shows what the network computed,
its frames differ, its static HTML is byte-identical across builds and within budget;
the digit grid and the confusion matrix draw what they are given."""

import re

import matplotlib

matplotlib.use("Agg")  # this process only; the notebooks' kernels are not affected

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import nnlib  # noqa: E402
from nnlib.data import load_digits, train_test_split  # noqa: E402
from nnlib.figures.digits import (draw_confusion, draw_digit_grid,  # noqa: E402
                                  prediction_figure)

from figure_checks import (assert_every_frame_differs, assert_live_moves_redraw_in_place,  # noqa: E402
                           assert_static_html_is_deterministic_and_within_budget)


@pytest.fixture(scope="module")
def trained():
    """A small network trained briefly on the digits, and 12 test images."""
    X, Y, _ = load_digits()
    X_train, Y_train, X_test, Y_test = train_test_split(
        X, Y, test_fraction=0.25, rng=np.random.default_rng(0))
    net = nnlib.Network([64, 20, 10], cost="cross_entropy", rng=1)
    nnlib.sgd(net, X_train, Y_train, epochs=3, batch_size=10, eta=1.0,
              rng=np.random.default_rng(2))
    picks = np.arange(12)
    images, labels = X_test[:, picks], Y_test[:, picks].argmax(axis=0)
    return net, images, labels, picks


def figure_for(trained):
    net, images, labels, picks = trained
    return prediction_figure(images, net.feedforward(images), labels, numbers=picks + 1)


def test_the_shown_prediction_is_the_networks(trained):
    net, images, labels, picks = trained
    frames = figure_for(trained).frames()
    assert len(frames) == len(picks)
    for i, frame in enumerate(frames):
        output = net.feedforward(images[:, i])  # one image, straight from the network
        got = re.search(r"true digit (\d), predicted (\d) \((right|wrong)\)", frame.readout)
        assert got, frame.readout
        assert int(got[1]) == labels[i]
        assert int(got[2]) == int(np.argmax(output)), (frame.readout, output)
        assert (got[3] == "right") == (int(np.argmax(output)) == labels[i])
        best = re.search(r"largest probabilities: (\d): ([0-9.]+)", frame.readout)
        assert int(best[1]) == int(np.argmax(output))
        assert float(best[2]) == pytest.approx(output.max(), abs=5e-4)


def test_the_slider_and_the_captions_count_the_images_alike(trained):
    """Slider value k shows "image k of n", in the readout and on the picture, and the
    test image's own number as given (here counted from 1 too: column c is test image
    c + 1)."""
    net, images, labels, picks = trained
    figure = figure_for(trained)
    (param,) = figure.params
    n = len(picks)
    assert (param.lo, param.hi) == (1, n)
    renderer = figure.renderer()
    for k in range(1, n + 1):
        readout = renderer.draw({"k": k})
        first = readout.splitlines()[0]
        assert first == f"Image {k} of {n}, test image {picks[k - 1] + 1}"
        assert renderer.state["title"].get_text() == f"image {k} of {n}"
        assert renderer.state["which"].get_text() == f"test image {picks[k - 1] + 1}"
    plain = prediction_figure(images, net.feedforward(images), labels).renderer()
    assert plain.draw({"k": 3}).splitlines()[0] == f"Image 3 of {n}"
    assert plain.state["which"].get_text() == ""


def test_frames_differ(trained):
    assert_every_frame_differs(figure_for(trained))


def test_static_html_is_deterministic_and_within_budget(trained):
    assert_static_html_is_deterministic_and_within_budget(figure_for(trained),
                                                          figure_for(trained))


def test_a_live_move_updates_the_figure_in_place(trained):
    assert_live_moves_redraw_in_place(figure_for(trained), [{"k": k} for k in range(1, 8)])


def test_mismatched_inputs_are_rejected():
    with pytest.raises(ValueError, match="one label per image"):
        prediction_figure(np.zeros((64, 3)), np.full((10, 3), 0.1), np.zeros(2, int))
    with pytest.raises(ValueError, match="one number per image"):
        prediction_figure(np.zeros((64, 3)), np.full((10, 3), 0.1), np.zeros(3, int),
                          numbers=[1, 2])


def test_digit_grid_draws_each_image_with_its_caption():
    rng = np.random.default_rng(0)
    images = rng.uniform(0, 1, size=(64, 7))
    fig = plt.figure()
    axes = draw_digit_grid(fig, images, [f"#{i}" for i in range(7)], columns=4)
    assert [ax.get_title() for ax in axes] == [f"#{i}" for i in range(7)]
    for i, ax in enumerate(axes):
        np.testing.assert_array_equal(ax.images[0].get_array(), images[:, i].reshape(8, 8))
    plt.close(fig)
    with pytest.raises(ValueError, match="shape"):
        draw_digit_grid(plt.figure(), np.zeros((63, 2)), ["a", "b"])
    with pytest.raises(ValueError, match="caption"):
        draw_digit_grid(plt.figure(), np.zeros((64, 2)), ["a"])
    plt.close("all")


def test_confusion_matrix_writes_every_non_zero_count():
    counts = np.array([[5, 0, 1], [0, 7, 0], [2, 0, 3]])
    fig, ax = plt.subplots()
    draw_confusion(ax, counts)
    written = sorted(int(t.get_text()) for t in ax.texts)
    assert written == sorted(int(c) for c in counts.ravel() if c)
    plt.close(fig)
    with pytest.raises(ValueError, match="square"):
        draw_confusion(ax, np.zeros((2, 3)))


def test_a_confusion_matrix_of_fractions_is_refused():
    # int(0.93) is 0: the cells of a row-normalised matrix were drawn blank
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match=r"counts must be whole numbers of examples"):
        draw_confusion(ax, np.eye(3) * 0.93)
    plt.close("all")


@pytest.mark.parametrize("n, message", [
    (1, r"the slider browses 2 to 120 images; received 1"),
    (121, r"the slider browses 2 to 120 images; received 121"),
])
def test_the_prediction_figure_names_a_count_its_slider_cannot_browse(n, message):
    # the errors named the slider's inner parameter 'k' and its step
    with pytest.raises(ValueError, match=message):
        prediction_figure(np.zeros((64, n)), np.full((10, n), 0.1), np.zeros(n, int))
    with pytest.raises(ValueError, match=r"one column per image.*reshape\(-1, 1\)"):
        prediction_figure(np.zeros(64), np.full(10, 0.1), np.array(3))


@pytest.mark.parametrize("images, labels, numbers, message", [
    # each was accepted, then failed deep in drawing or drew a wrong digit
    (np.zeros((784, 3)), [1, 2, 3], None, r"images must have 64 rows.*\(784, 3\)"),
    (np.zeros((64, 3)), [1, 2, 10], None, r"labels must be .* 0 to 9; received "
                                          r"\[1, 2, 10\]"),
    (np.zeros((64, 3)), [1.7, 2, 3], None, r"whole numbers from 0 to 9; received "
                                           r"\[1.7, 2, 3\]"),
    (np.zeros((64, 3)), ["1", "2", "3"], None, r"0 to 9; received text"),
    (np.zeros((64, 3)), [1, 2, 3], [3.9, 1, 2], r"numbers must count the images "
                                                r"from 1.*\[3.9, 1, 2\]"),
    (np.zeros((64, 3)), [1, 2, 3], [0, 1, 2], r"from 1 .*received \[0, 1, 2\]"),
    (np.zeros((64, 3)), [1, 2, 3], [np.inf, 1, 2], r"from 1 .*received \[inf, 1, 2\]"),
    (np.zeros((64, 3)), [1, 2, 3], [1, 2], r"one number per image \(3\); received "
                                           r"shape \(2,\)"),
])
def test_the_prediction_figure_checks_what_it_shows(images, labels, numbers, message):
    with pytest.raises(ValueError, match=message):
        prediction_figure(images, np.full((10, 3), 0.1), np.array(labels),
                          numbers=numbers)
    # whole numbers stored as floats are whole numbers
    prediction_figure(np.zeros((64, 3)), np.full((10, 3), 0.1), np.array([1.0, 2, 9]),
                      numbers=np.array([4.0, 1, 2]))


def test_outputs_that_are_not_probabilities_are_refused():
    # sigmoid outputs were drawn as "probability" bars, whatever their sum
    with pytest.raises(ValueError, match=r"each column of probabilities must hold "
                                         r"probabilities.*column 1 is .*sums to 2"):
        prediction_figure(np.zeros((64, 3)), np.array([[0.5, 1.0, 0.5]] * 2),
                          np.zeros(3, int))
