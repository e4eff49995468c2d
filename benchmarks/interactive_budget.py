"""Measure every interactive figure of the book against the budgets of such a figure.

Each figure is the one its chapter makes: the chapter's own code is run to make it
(see :func:`chapter_figures`).

* live: the median time from a new control value to a figure ready for display, that
  is the redraw (Agg) plus the PNG encoding, over 105 moves; budget 16 ms (60 frames
  a second).  Beside it, the figure's own floor, measured in the same run right after
  each move: encoding the same canvas to PNG again, without redrawing.  The ratio of
  the two (the median over the moves of the ratio within a move) says how much the
  drawing adds, whatever the machine's speed at the time;
* static: the bytes one figure adds to the page (its whole ``text/html``: frames,
  controls, script); budget 450 KB (1 KB = 1,000 bytes), the limit the tests hold
  every figure to.

The moves sweep the slider back and forth over its grid, one step at a time, as a
reader dragging it would, on a fresh renderer, as the live widget gets one (its first
sweep fills the renderer's caches of glyphs and texts); the figures take turns, 21
moves at a time, so that the machine's busy spells fall on all of them alike.  This
times the Python side only; the trip through the kernel and the browser comes on top
in a live notebook.

Run:  .venv/bin/python benchmarks/interactive_budget.py
"""

import ast
import contextlib
import io
import json
import time
from pathlib import Path

import matplotlib
import numpy as np

from nnlib.interactive.figure import InteractiveFigure

matplotlib.use("Agg")   # as a kernel draws off screen; the chapters set the book's style
CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"

LIVE_BUDGET_MS = 16.0
STATIC_BUDGET_BYTES = 450_000   # as tests/figure_checks.py
MOVES = 105
ROUNDS = 5


def sweeper(figure):
    """A function ``moves(n)`` making the next ``n`` moves of a back-and-forth sweep of the
    first parameter; for each it returns the seconds of the move (draw + PNG), its thread
    CPU seconds, and the seconds to encode the same canvas again (the floor)."""
    param = figure.params[0]
    grid = list(param.grid)
    sweep = grid + grid[-2:0:-1]  # there and back again
    renderer = figure.renderer()     # as the live widget gets it
    done = []

    def moves(n):
        times = []
        for _ in range(n):
            start, cpu = time.perf_counter(), time.thread_time()
            renderer.draw({param.name: sweep[len(done) % len(sweep)]})
            renderer.png()
            middle, cpu = time.perf_counter(), time.thread_time() - cpu
            renderer.png()
            times.append((middle - start, cpu, time.perf_counter() - middle))
            done.append(1)
        return times
    return moves


def chapter_figures(path):
    """Every interactive figure of the chapter notebook at ``path``, made by its own code.

    The chapter's code cells run in order in a fresh namespace, from its own folder, up to
    the last cell whose stored output is an interactive figure; the value of each such
    cell is kept.  So the benchmark measures exactly what the chapter shows, with no copy
    of the chapter's arguments to drift out of date.
    """
    cells = [cell for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
             if cell["cell_type"] == "code"]
    shown = [i for i, cell in enumerate(cells) if _shows_interactive_figure(cell)]
    namespace, figures = {"__name__": "__main__"}, []
    with contextlib.chdir(path.parent), contextlib.redirect_stdout(io.StringIO()):
        for cell in cells[:shown[-1] + 1] if shown else []:
            value = _run_cell("".join(cell["source"]), namespace, path.name)
            if isinstance(value, InteractiveFigure):
                figures.append(value)
    if len(figures) != len(shown):
        raise RuntimeError(f"{path.name}: its stored outputs show {len(shown)} interactive "
                           f"figure(s) but running its code made {len(figures)}; "
                           f"re-execute the notebook (make execute) and run this again")
    return figures


def _shows_interactive_figure(cell):
    """Whether a code cell's stored output is an interactive figure (by its text form)."""
    for output in cell.get("outputs", []):
        text = output.get("data", {}).get("text/plain", "")
        if "".join(text).startswith("<Interactive figure"):
            return True
    return False


def _run_cell(source, namespace, filename):
    """Run one cell's code as Jupyter would, returning the value of a final expression."""
    tree = ast.parse(source, filename)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, filename, "exec"), namespace)
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), filename, "eval"), namespace)


def book_figures():
    """``(name, figure)`` for every interactive figure, in the order of the book."""
    for path in sorted(CHAPTERS.glob("[0-9]*.ipynb")):
        for figure in chapter_figures(path):
            title = figure.title or figure.alt
            short = title if len(title) <= 30 else title[:29] + "…"
            yield f"ch{int(path.name[:2])} {short}", figure


def main():
    figures = list(book_figures())
    movers = [sweeper(figure) for _, figure in figures]
    times = [[] for _ in figures]
    for _ in range(ROUNDS):            # the figures take turns, so that a busy spell of
        for mover, record in zip(movers, times):   # the machine falls on all of them
            record += mover(MOVES // ROUNDS)
    print(f"{'figure':<36}{'live median':>13}{'p90':>9}{'CPU':>9}{'PNG floor':>11}"
          f"{'ratio':>7}{'/budget':>9}{'static size':>13}{'frames':>8}{'/budget':>9}"
          f"{'build':>8}")
    for (name, figure), record in zip(figures, times):
        moves, cpu, floors = np.array(record).T * 1e3
        start = time.perf_counter()
        page = figure.static_html().encode("utf-8")
        build = time.perf_counter() - start
        median = float(np.median(moves))
        print(f"{name:<36}{median:>10.1f} ms{np.percentile(moves, 90):>6.1f} ms"
              f"{np.median(cpu):>6.1f} ms{np.median(floors):>8.1f} ms"
              f"{np.median(moves / floors):>7.2f}{median / LIVE_BUDGET_MS:>9.2f}"
              f"{len(page) / 1000:>10.1f} KB{figure.n_frames:>8}"
              f"{len(page) / STATIC_BUDGET_BYTES:>9.2f}{build:>7.1f}s")
    print(f"budgets: live {LIVE_BUDGET_MS:.0f} ms per move ({MOVES} moves in {ROUNDS} "
          f"rounds, Agg, PNG included), static {STATIC_BUDGET_BYTES // 1000} KB per "
          f"figure; /budget = measured / budget, <= 1 passes; ratio = move / PNG floor; "
          f"CPU = the move's median thread CPU time")


if __name__ == "__main__":
    main()
