"""The in-page runner's Python half (``_browser/kernel.py``), run here in CPython.

In the book it runs in Pyodide, in a web worker; the browser tests in ``test_site.py``
drive it there.  These tests call it directly, each in a fresh interpreter, since the
kernel installs its own matplotlib backend when it starts.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

KERNEL = Path(__file__).resolve().parents[1] / "_browser"


def kernel_session(code):
    """Run ``code`` in a fresh Python with the kernel booted; return what it prints."""
    prelude = (f"import sys, json; sys.path.insert(0, {str(KERNEL)!r}); "
               "import kernel; kernel.boot()\n")
    done = subprocess.run([sys.executable, "-c", prelude + code], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_name_from_a_cell_not_yet_run_gets_a_hint():
    out = json.loads(kernel_session(
        "print(kernel.run('print(defined_in_a_cell_above)'))"))
    assert not out["ok"]
    error = out["outputs"][-1]["text"]
    assert "NameError" in error and "run that cell first" in error


def test_other_errors_get_no_such_hint():
    out = json.loads(kernel_session("print(kernel.run('1 / 0'))"))
    assert "ZeroDivisionError" in out["outputs"][-1]["text"]
    assert "run that cell first" not in out["outputs"][-1]["text"]


SPEC = """
from nnlib.interactive import InteractiveFigure, Param
def render(fig, values):
    fig.add_subplot().plot([0, 1], [0, values["k"]])
    return f"k drawn = {values['k']:.2f}"
figure = InteractiveFigure([Param("k", "k", 0, 2, 0.5, 1)], render, alt="a line")
"""


def test_a_live_figure_draws_its_slider_values_on_the_static_grid():
    # some figures can only look their numbers up on the grid: a value between two
    # grid points is drawn, and labelled, as the nearest one
    out = kernel_session(
        f"kernel.run({SPEC!r})\n"
        "shown = json.loads(kernel.run('figure'))['outputs'][-1]\n"
        "print(json.dumps([shown['params'][0]['step'], shown['texts'], "
        "shown['readout']]))\n"
        "print(kernel.move(shown['id'], json.dumps({'k': 1.3})))\n")
    first, moved = out.splitlines()
    step, texts, readout = json.loads(first)
    # the readout with the static figure's no-break spaces (static_html.wrappable)
    assert step == 0.5 and texts == ["1.0"] and readout == "k drawn\u00a0=\u00a01.00"
    moved = json.loads(moved)
    assert moved["texts"] == ["1.5"] and moved["readout"] == "k drawn\u00a0=\u00a01.50"


def test_a_live_figure_is_shown_at_the_size_of_the_pictures_it_draws():
    # one pixel per pixel shown, at the static figure's size (the page stretched a
    # 748-pixel picture into 666 pixels, and on a phone squashed it sideways)
    small = SPEC.replace('alt="a line"', 'alt="a line", figsize=(6.4, 3), dpi=80')
    out = kernel_session(
        f"kernel.run({small!r})\n"
        "shown = json.loads(kernel.run('figure'))['outputs'][-1]\n"
        f"exec({small!r})\n"                # the same figure, here
        "import base64, struct\n"
        "png = base64.b64decode(shown['png'])\n"
        "print(json.dumps([shown['width'], shown['height'], "
        "list(struct.unpack('>II', png[16:24])), figure.shown_size()]))\n")
    width, height, pixels, static = json.loads(out)
    assert [width, height] == pixels == static
    assert width > 6.4 * 80       # larger than at the figure's own dpi

def test_a_traceback_shows_the_lines_that_raised_and_no_frame_of_the_runner():
    out = kernel_session(
        "kernel.run('def f(a):\\n    b = a + 1\\n    return b / 0\\n')\n"
        "print(kernel.run('x = 2\\nf(x)'))\n"
        "print(kernel.run('for i in range(3)\\n    print(i)'))\n")
    called, syntax = (json.loads(line)["outputs"][-1]["text"]
                      for line in out.splitlines())
    # each run is a file of its own, and its lines are shown, as Jupyter shows them
    assert 'File "<cell, run 2>", line 2, in <module>' in called
    assert "    f(x)" in called and "    return b / 0" in called
    assert 'File "<cell, run 1>", line 3, in f' in called
    assert called.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "SyntaxError" in syntax and "for i in range(3)" in syntax
    assert "kernel.py" not in syntax and "ast.py" not in syntax


def test_printed_text_is_one_output_however_many_pieces_it_comes_in():
    out = json.loads(kernel_session(
        "print(kernel.run('for i in range(15000):\\n    print(i)'))"))
    assert [o["type"] for o in out["outputs"]] == ["text"]
    assert out["outputs"][0]["text"] == "".join(f"{i}\n" for i in range(15000))


def test_a_move_says_what_raised_and_when_its_figure_is_gone():
    raising = SPEC.replace('return f"k drawn', 'assert values["k"] < 1.5, "too big"\n'
                           '    return f"k drawn')
    out = kernel_session(
        f"kernel.run({raising!r})\n"
        "shown = json.loads(kernel.run('figure'))['outputs'][-1]\n"
        "print(kernel.move(shown['id'], json.dumps({'k': 2.0})))\n"
        "print(kernel.move('a figure of a Python since stopped', '{}'))\n")
    raised, gone = (json.loads(line)["error"] for line in out.splitlines())
    # the reader's own line and message, as a traceback
    assert 'assert values["k"] < 1.5, "too big"' in raised
    assert raised.rstrip().endswith("AssertionError: too big")
    assert "run the figure's cell again" in gone


def test_text_beyond_the_limit_is_counted_not_kept():
    # a print in a long loop must not grow the page without end
    out = json.loads(kernel_session(
        "print(kernel.run('for i in range(30_000): print(\"0123456789\")\\n"
        "print(\"after\")\\n42'))"))
    assert out["ok"]
    texts = [o for o in out["outputs"] if o["type"] == "text"]
    kept, note = texts[0]["text"][:100_000], texts[0]["text"][100_000:]
    assert kept.startswith("0123456789\n0123") and len(texts) == 1
    printed = 30_000 * 11 + len("after\n")
    # said where the text was cut, before the value that came after it
    assert note == (f"\n[\u2026 {printed - 100_000:,} more characters of output not "
                    "shown: the page keeps the first 100,000 of a cell]\n")
    assert out["outputs"][1] == {"type": "result", "text": "42\n"}   # a value still shows
    one = json.loads(kernel_session("print(kernel.run('print(\"y\" * 100_000)'))"))
    assert "[\u2026 1 more character of output not shown" in one["outputs"][0]["text"]
    # a figure shown after the cut: the note still belongs to the text before it
    figure = json.loads(kernel_session(
        "print(kernel.run('import matplotlib.pyplot as plt\\nprint(\"z\" * 100_005)\\n"
        "plt.plot([1, 2])\\nplt.show()\\nprint(\"after\")'))"))
    assert [o["type"] for o in figure["outputs"]] == ["text", "png"]
    assert figure["outputs"][0]["text"].endswith("12 more characters of output not "
                                                 "shown: the page keeps the first "
                                                 "100,000 of a cell]\n")
    long = json.loads(kernel_session("print(kernel.run('list(range(30_000))'))"))
    value = long["outputs"][0]["text"]
    assert value.startswith("[0, 1, 2,") and len(value) < 100_100
    assert value.endswith(f"{len(repr(list(range(30_000)))) - 100_000:,} more characters "
                          "of this value not shown]\n")
    # the next cell starts with the whole allowance again
    again = json.loads(kernel_session("print(kernel.run('print(\"x\" * 99_999)'))"))
    assert [o["text"] for o in again["outputs"]] == ["x" * 99_999 + "\n"]


@pytest.mark.parametrize("code", ["import builtins\\nbuiltins.input(\"again? \")",
                                  "import sys\\nsys.stdin.readline()"])
def test_every_way_of_reading_the_keyboard_says_why_it_cannot(code):
    out = json.loads(kernel_session(f"print(kernel.run('{code}'))"))
    error = out["outputs"][-1]["text"]
    assert "RuntimeError:" in error and "cannot ask for text here" in error, error
    assert "kernel" not in error   # no frame of the runner's own code


def test_input_says_why_it_cannot_ask_and_what_to_do():
    out = json.loads(kernel_session("print(kernel.run('name = input(\"Your name? \")'))"))
    assert not out["ok"]
    error = out["outputs"][-1]["text"]
    assert error.count("File ") == 1, error   # the cell's line only, not the runner's
    assert "RuntimeError: input('Your name? ') cannot ask for text here" in error
    assert "Put the value in the code instead" in error


def test_printed_text_reaches_the_page_while_the_cell_runs():
    # a long loop shows its progress: each line printed after a pause is sent at
    # once, a quick loop of prints in a few messages, and what was sent is the start
    # of the cell's output
    out = kernel_session(
        "sent = []\n"
        "kernel.listen(sent.append)\n"
        "kernel.namespace['sent'] = sent\n"
        "code = ('import time\\n'\n"
        "        'seen = []\\n'\n"
        "        'for i in range(3):\\n'\n"
        "        '    print(\"step\", i)\\n'\n"
        "        '    seen.append(\"\".join(sent))\\n'\n"
        "        '    t = time.perf_counter()\\n'\n"
        "        '    while time.perf_counter() - t < 0.02: pass\\n'\n"
        "        'for i in range(1000): print(i)\\n'\n"
        "        'seen')\n"
        "result = json.loads(kernel.run(code))\n"
        "print(json.dumps([sent, result['outputs']]))\n")
    sent, outputs = json.loads(out)
    assert outputs[1]["text"] == repr(["step 0\n", "step 0\nstep 1\n",
                                       "step 0\nstep 1\nstep 2\n"]) + "\n"
    assert len(sent) < 300   # the 1,000 quick lines: not 2,000 messages
    assert outputs[0]["text"].startswith("".join(sent))


def test_what_is_printed_before_a_pause_is_on_the_page_during_it():
    # two lines printed at once, or text without a newline with flush=True, then a
    # long computation: the reader sees them while it runs, not only at its end
    out = kernel_session(
        "sent = []\n"
        "kernel.listen(sent.append)\n"
        "kernel.namespace['sent'] = sent\n"
        "code = ('print(\"header 1\"); print(\"header 2\")\\n'\n"
        "        'seen = [\"\".join(sent)]\\n'\n"
        "        'print(\"Training...\", end=\"\", flush=True)\\n'\n"
        "        'seen.append(\"\".join(sent))\\n'\n"
        "        'seen')\n"
        "print(json.loads(kernel.run(code))['outputs'][-1]['text'])\n")
    assert out.strip() == repr(["header 1\nheader 2\n",
                                "header 1\nheader 2\nTraining..."])
