"""The Python half of the book's in-page runner; it runs in Pyodide, in a web worker.

It runs a page's cells the way a Jupyter kernel would, in one namespace: printed
text, the value of a cell's last expression, and every matplotlib figure the cell
drew (shown by ``plt.show()`` or left open at its end) come back as outputs.  An
:class:`nnlib.interactive.InteractiveFigure` comes back as a *live* figure: the
page draws its controls, and each move calls :func:`move`, which redraws it with
the figure's own ``render`` for the slider's values, on the static figure's grid.

``IPython.display`` (``Image``, ``Markdown``, ``HTML``, ``display``) is provided by a
small stand-in when IPython itself is not installed: the chapters only use it to
show a PNG, a Markdown table or HTML, and IPython would add megabytes to the download.

Every function the worker calls returns JSON text, but ``listen``, which takes the
function that sends what a running cell prints.  Not for anything else: it is
not part of ``nnlib``, and outside the browser only ``tests/test_browser_kernel.py``
imports it.
"""

import ast
import base64
import builtins
import io
import json
import linecache
import os
import sys
import time
import traceback
import types

os.environ["MPLBACKEND"] = "module://nnrun_backend"

_outputs = []      # the outputs of the cell running now
_figures = {}      # live figure id -> (InteractiveFigure, Renderer)
namespace = {"__name__": "__main__", "__builtins__": builtins}

# A cell's text beyond this many characters is counted, not kept: a print in a
# long loop would otherwise grow the worker's memory, and then the page, without end.
TEXT_LIMIT = 100_000
_kept = 0          # characters of text the cell running now has kept
_cut = 0           # characters it printed beyond TEXT_LIMIT
_cut_into = None   # the output where the text was cut, which says so at the end

# While a cell runs, what it prints goes to the page too (the worker sets ``_live``,
# a function of the text), so that a long loop shows its progress as it goes; the
# cell's outputs, at its end, replace what was sent.  Python here cannot set a timer
# to send later, so each piece is sent as it is written, as long as the messages
# allowed last: LIVE_BURST at once, then one more every LIVE_EVERY seconds.  A quick
# loop of a million prints is then a few hundred messages, not a million, and text
# printed before a pause is on the page during the pause unless such a loop has just
# used the messages up; ``print(..., flush=True)`` sends whatever is waiting.
LIVE_BURST, LIVE_EVERY = 200, 0.002
_live = None
_unsent = []       # printed text not yet sent
_allowed = 0.0     # messages that may be sent now
_counted_at = 0.0  # time.perf_counter() when _allowed was last brought up to date


# ------------------------------------------------------------------ outputs

def _text(text, kind="text"):
    # printed text comes in many small pieces: they are kept in a list and joined
    # once the cell is done (adding each to a string would copy it every time)
    global _kept, _cut, _cut_into
    cutting = False
    if kind == "text":   # printed; a value's repr is cut in _show
        room = TEXT_LIMIT - _kept
        if len(text) > room:
            cutting = _cut == 0
            _cut += len(text) - room
            text = text[:room]
        _kept += len(text)
        if text and _live is not None:
            _stream(text)
    if _outputs and _outputs[-1]["type"] == kind == "text":
        _outputs[-1]["parts"].append(text)
    elif text or cutting:
        _outputs.append({"type": kind, "parts": [text]})
    if cutting:
        _cut_into = _outputs[-1]


def _stream(text):
    """Send ``text`` to the page now if a message is allowed, else with a later one."""
    global _allowed, _counted_at
    _unsent.append(text)
    now = time.perf_counter()
    _allowed = min(LIVE_BURST, _allowed + (now - _counted_at) / LIVE_EVERY)
    _counted_at = now
    if _allowed >= 1:
        _allowed -= 1
        _send()


def _send():
    """Send the printed text not yet sent to the page."""
    if not _unsent:
        return
    text = "".join(_unsent)
    _unsent.clear()
    try:
        _live(text)
    except Exception:  # noqa: BLE001 - only a preview: the outputs still come at the end
        pass


def listen(live):
    """Send what a cell prints, while it runs, to ``live`` (a function of the text)."""
    global _live
    _live = live


def _not_shown(count, what):
    return (f"[\u2026 {count:,} more character{'s' if count != 1 else ''} of {what} "
            "not shown")


def _cut_note():
    """The words that end a cell's kept text when some of it was not kept."""
    return (f"\n{_not_shown(_cut, 'output')}: the page keeps the first "
            f"{TEXT_LIMIT:,} of a cell]\n")


_NO_KEYBOARD = ("cannot ask for text here: the Python in the page reads no keyboard. "
                "Put the value in the code instead (answer = ...), or run the notebook "
                "in Jupyter, where input() works.")


def _no_input(prompt=""):
    """``input`` in the page, which has no keyboard for Python to read."""
    raise RuntimeError(f"input({prompt!r}) {_NO_KEYBOARD}")


class _NoKeyboard(io.TextIOBase):
    """``sys.stdin`` in the page: reading it says why it cannot."""

    def readable(self):
        return True

    def read(self, size=-1):
        raise RuntimeError(f"sys.stdin {_NO_KEYBOARD}")

    def readline(self, size=-1):
        raise RuntimeError(f"sys.stdin {_NO_KEYBOARD}")


def _traceback(err, tb):
    """``err``'s traceback from ``tb`` on, without the frames of this runner (its
    ``input``, say): the reader's code is what raised."""
    shown = traceback.TracebackException(type(err), err, tb)
    shown.stack = traceback.StackSummary.from_list(
        [frame for frame in shown.stack if frame.filename != __file__])
    return "".join(shown.format())


class _Stream(io.TextIOBase):
    def write(self, text):
        _text(text)
        return len(text)

    def flush(self):
        if _live is not None:
            _send()


def _png_of(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, facecolor=fig.get_facecolor())
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _flush_figures(*args, **kwargs):
    """Show every open pyplot figure, then close it (as Jupyter's inline backend does)."""
    import matplotlib.pyplot as plt
    for num in plt.get_fignums():
        _outputs.append({"type": "png", "data": _png_of(plt.figure(num))})
    plt.close("all")


def _install_backend():
    from matplotlib.backend_bases import FigureManagerBase
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    backend = types.ModuleType("nnrun_backend")
    backend.FigureCanvas, backend.FigureManager = FigureCanvasAgg, FigureManagerBase
    backend.show = _flush_figures
    sys.modules["nnrun_backend"] = backend


def display(*objs, **kwargs):
    """Show each object under the cell, as Jupyter's ``display`` does."""
    for obj in objs:
        _show(obj)


def _show(value):
    if value is None:
        return
    from nnlib.interactive import InteractiveFigure
    if isinstance(value, InteractiveFigure):
        _outputs.append(_live_figure(value))
        return
    for method, kind in (("_repr_png_", "png"), ("_repr_html_", "html"),
                         ("_repr_markdown_", "markdown")):
        if hasattr(value, method):
            try:
                data = getattr(value, method)()
            except ImportError:  # pygments, on a page that did not import nnlib.book
                continue
            if data is None:
                continue
            # any _repr_*_ may give (data, metadata), as IPython's Image with a width
            # (nnlib's sharp_image) does
            data, metadata = data if isinstance(data, tuple) else (data, {})
            if kind == "png":
                _outputs.append({"type": "png", "width": metadata.get("width"),
                                 "data": base64.b64encode(data).decode("ascii")})
            else:
                _outputs.append({"type": kind, "text": str(data)})
            return
    text = repr(value)
    if len(text) > TEXT_LIMIT:
        text = (text[:TEXT_LIMIT] + "\n"
                + _not_shown(len(text) - TEXT_LIMIT, "this value") + "]")
    _text(text + "\n", "result")


def _install_ipython_stand_in():
    try:
        import IPython.display  # noqa: F401  (a real IPython wins)
        return
    except ImportError:
        pass

    class _Shown:
        def __init__(self, data=None, **kwargs):
            self.data = data

    class Image(_Shown):
        def __init__(self, data=None, width=None, **kwargs):
            super().__init__(data)
            self.width = width

        def _repr_png_(self):   # as IPython's: the width, if any, as metadata
            return (self.data, {"width": self.width}) if self.width else self.data

    class Markdown(_Shown):
        def _repr_markdown_(self):
            return self.data

    class HTML(_Shown):
        def _repr_html_(self):
            return self.data

    package = types.ModuleType("IPython")
    module = types.ModuleType("IPython.display")
    module.Image, module.Markdown, module.HTML, module.display = Image, Markdown, HTML, display
    package.display = module
    package.get_ipython = lambda: None
    sys.modules["IPython"], sys.modules["IPython.display"] = package, module


# ------------------------------------------------------------------ live figures

def _live_figure(spec):
    from nnlib.interactive.static_html import SAID_STYLE
    fig_id = f"live-{len(_figures)}"
    renderer = spec.renderer()
    _figures[fig_id] = (spec, renderer)
    values = spec.values()
    first = _draw(fig_id, values)
    width, height = spec.shown_size()        # the size of the pictures it draws
    params = [{"name": p.name, "label": p.label, "lo": p.lo, "hi": p.hi, "step": p.step,
               "value": p.grid[p.index(values[p.name])]} for p in spec.params]
    return {"type": "figure", "id": fig_id, "params": params, "alt": spec.alt,
            "title": spec.title or spec.alt, "said_style": SAID_STYLE,
            "width": width, "height": height, **first}


def _draw(fig_id, values):
    from nnlib.interactive.static_html import wrappable
    spec, renderer = _figures[fig_id]
    start = time.perf_counter()
    # each value on its slider's grid, as the page's sliders step: some figures look
    # their numbers up there, and the label must show the value that is drawn
    clamped = spec.values(**values)
    values = {p.name: p.grid[p.index(clamped[p.name])] for p in spec.params}
    readout = renderer.draw(values)
    png = base64.b64encode(renderer.png()).decode("ascii")
    # with the static figure's no-break spaces, so that it wraps alike on a phone
    return {"png": png, "readout": wrappable(readout),
            "texts": [p.text(values[p.name]) for p in spec.params],
            "ms": (time.perf_counter() - start) * 1000}


def move(fig_id, values_json):
    """Redraw live figure ``fig_id`` for ``{name: value}``; JSON of png, readout, texts."""
    if fig_id not in _figures:   # drawn by a Python that was stopped since
        return json.dumps({"error": "This figure's Python is gone (it was stopped and "
                                    "started again): run the figure's cell again."})
    try:
        return json.dumps(_draw(fig_id, json.loads(values_json)))
    except Exception as err:  # noqa: BLE001 - shown to the reader, not raised in JS
        # the reader's code raised: its traceback, without this function's frame
        tb = err.__traceback__.tb_next if err.__traceback__ else None
        return json.dumps({"error": _traceback(err, tb)})


# ------------------------------------------------------------------ cells

_runs = 0   # cells run so far: each run's code is a "file" of its own in tracebacks


def run(code):
    """Run one cell in the page's namespace; JSON of its outputs and its time."""
    global _outputs, _runs, _kept, _cut, _cut_into, _allowed, _counted_at
    _outputs, _kept, _cut, _cut_into = [], 0, 0, None
    _unsent.clear()
    _runs += 1
    name = f"<cell, run {_runs}>"
    # a traceback shows the lines of the code that raised, as in Jupyter
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    start = _counted_at = time.perf_counter()
    _allowed = LIVE_BURST
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = _Stream()
    ok = True
    try:
        tree = ast.parse(code, name)
        last = None
        quiet = code.rstrip().endswith(";")
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        exec(compile(tree, name, "exec"), namespace)
        if last is not None:
            value = eval(compile(last, name, "eval"), namespace)
            if not quiet:
                _show(value)
        _flush_figures()
    except BaseException as err:  # noqa: BLE001 - the reader's code may raise anything
        ok = False
        import matplotlib.pyplot as plt
        plt.close("all")
        tb = err.__traceback__.tb_next if err.__traceback__ else None
        if isinstance(err, SyntaxError) and err.filename == name:
            tb = None   # raised while reading the cell: no frame of this runner
        text = _traceback(err, tb)
        if type(err) is NameError:   # most often: a cell above has not run yet
            text += ("\nIf the name comes from a cell above, run that cell first "
                     "(or \u25b6 Run all cells).\n")
        _outputs.append({"type": "error", "text": text})
    finally:
        sys.stdout, sys.stderr = stdout, stderr
    if _cut:   # said where the text was cut, not after what came later
        _cut_into["parts"].append(_cut_note())
    for output in _outputs:
        if "parts" in output:
            output["text"] = "".join(output.pop("parts"))
    return json.dumps({"ok": ok, "outputs": _outputs,
                       "ms": (time.perf_counter() - start) * 1000})


def imports(code):
    """JSON list of the modules ``code`` imports, by their full dotted names."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return "[]"
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return json.dumps(names)


def boot():
    """Import what every page needs, so the first cell runs at full speed."""
    start = time.perf_counter()
    _install_backend()
    _install_ipython_stand_in()
    import logging
    import matplotlib
    matplotlib.use("module://nnrun_backend")
    # the font cache is built at every start (0.2 s): no need to warn of it each time
    fonts = logging.getLogger("matplotlib.font_manager")
    fonts.setLevel(logging.ERROR)
    import matplotlib.pyplot  # noqa: F401  (builds the font cache once)
    fonts.setLevel(logging.NOTSET)
    import numpy  # noqa: F401
    import nnlib  # noqa: F401
    import nnlib.interactive  # noqa: F401
    namespace["display"] = display
    builtins.input, sys.stdin = _no_input, _NoKeyboard()
    return json.dumps({"ms": (time.perf_counter() - start) * 1000,
                       "python": sys.version.split()[0]})
