"""Checks every interactive figure of the book must pass, shared by the figure tests.

Each chapter's test file says what its figure shows; these three say that it behaves as an
interactive figure should: every frame is a different picture, the static HTML is the same
on every build and within its budget, and a live move redraws the picture in place.
"""

STATIC_BUDGET = 450_000  # bytes of text/html for one interactive figure


def assert_every_frame_differs(figure, n_frames=None, *, readouts=True):
    """Every precomputed frame has its own layer, so its own picture (and, if
    ``readouts``, its own readout)."""
    frames = figure.frames()
    assert figure.n_frames == len(frames)
    if n_frames is not None:
        assert len(frames) == n_frames
    assert len({f.layer for f in frames}) == len(frames), "two frames show the same picture"
    if readouts:
        assert len({f.readout for f in frames}) == len(frames), "two frames read the same"
    return frames


def assert_static_html_is_deterministic_and_within_budget(figure, twin):
    """``figure`` and ``twin``, built again from the same arguments, give the same HTML."""
    page = figure.static_html()
    assert page == twin.static_html()
    assert page.isascii()
    assert len(page) <= STATIC_BUDGET, f"{len(page)} bytes, budget {STATIC_BUDGET}"


def assert_live_moves_redraw_in_place(figure, moves):
    """Each of ``moves`` (dicts of control values) changes the live picture, into the
    picture a fresh renderer draws for the same values (so nothing the renderer or the
    figure remembers from earlier moves shows).

    The renderer must have marked some artists as moving: otherwise every move re-plots
    the whole figure.  How fast a move is, is measured by
    ``benchmarks/interactive_budget.py``, not here.
    """
    renderer = figure.renderer()
    assert renderer._moving, "setup marked no artist as animated: every move would re-plot"
    renderer.draw(moves[0])
    renderer.png()  # warm up
    previous = renderer.png()
    for values in moves[1:]:
        renderer.draw(values)
        frame = renderer.png()
        assert frame != previous, f"moving to {values} left the picture unchanged"
        previous = frame
        fresh = figure.renderer()
        fresh.draw(values)
        assert fresh.png() == frame, f"moving to {values} drew what a fresh renderer does not"
