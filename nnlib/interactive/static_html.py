"""The kernel-free HTML of an interactive figure: precomputed frames, a range input, a script.

:func:`figure_html` writes this, and a browser test relies on its shape::

    <div class="nnlib-interactive" id="nnfig-<hash>">
      <div class="nnlib-controls" role="group" aria-label="TITLE">
        <label>LABEL <input type="range" min="0" max="N-1" step="1"
               value="k" data-param="NAME" aria-label="LABEL">
               <output aria-live="off">VALUE</output></label> ...
        <button type="button" class="nnlib-enlarge" aria-pressed="false">
          Full size</button>
      </div>
      <div class="nnlib-pan">
        <div class="nnlib-frames">
          <img class="nnlib-frame" src="data:image/png;base64,..." alt="...">
          <img class="nnlib-layer" src="data:image/png;base64,..." alt="">
        </div>
      </div>
      <pre class="nnlib-readout">READOUT</pre>
      <p class="nnlib-said" role="status"></p>
    </div>
    <script>...</script>

TITLE is the figure's title (its alt text if it has none): it names the group of
controls, so that a screen reader can tell two figures' "Δw" sliders apart.  Each
range input moves over grid *indices* 0..N-1 (so arrow keys step exactly one
frame); the script maps the indices of all inputs to one frame of the Cartesian
grid and swaps the layer, the printed values and the readout.  Half a second after
the reader stops moving, the readout is copied into the ``nnlib-said`` status line,
which only a screen reader sees: it reads the result once, not at every step of a
held arrow key (the slider's own value it reads at once, from ``aria-valuetext``;
an ``<output>`` is a live region of its own, so each is told to keep quiet, else
the value would be read twice).  The button is hidden here; on a narrow screen the
book's stylesheet shows it, and pressed (``_static/figure_zoom.js``) it shows the
picture at its full size in ``nnlib-pan``, which then scrolls sideways: shrunk to
a phone's column, a figure's lettering is 4 to 5 pixels high.  The frame shown
first is the whole picture; every frame is a layer laid over it, transparent
where it looks the same (:mod:`.layers`; the shown frame's own layer is one
transparent pixel).  Both are drawn with twice the pixels and shown at the
book's scale, :data:`READING_DPI` pixels to the inch (see there).  The layers sit
in the script as JSON.  Output is deterministic:
the id is a hash of the declaration and the frames, the PNGs carry no metadata,
and nothing is loaded from anywhere (no CDN, no fonts), so it works offline and on
``file://``.  Every non-ASCII character is written as an escape, so the page's
encoding does not matter.
"""

import base64
import hashlib
import html
import io
import json
import re

from PIL import Image

from .layers import SCALE

_SCRIPT = """<script>
(function () {
  var data = %(data)s;
  var roots = document.querySelectorAll('[id="%(id)s"]');
  for (var r = 0; r < roots.length; r++) wire(roots[r]);
  function wire(root) {
    if (root.getAttribute("data-wired")) return;  /* the same figure shown twice */
    root.setAttribute("data-wired", "1");
    var inputs = root.querySelectorAll(".nnlib-controls input[type=range]");
    var outputs = root.querySelectorAll(".nnlib-controls output");
    var layer = root.querySelector("img.nnlib-layer");
    var pre = root.querySelector("pre.nnlib-readout");
    var said = root.querySelector(".nnlib-said"), pause = null;
    function show(moved) {
      var k = 0;
      for (var i = 0; i < inputs.length; i++) {
        var last = data.text[i].length - 1;
        var j = Math.min(last, Math.max(0, parseInt(inputs[i].value, 10) || 0));
        k += j * data.stride[i];
        /* only those that change (the slider announces its own aria-valuetext) */
        if (outputs[i].textContent !== data.text[i][j]) {
          outputs[i].textContent = data.text[i][j];
          inputs[i].setAttribute("aria-valuetext", data.text[i][j]);
        }
      }
      layer.src = "data:image/png;base64," + (data.layer[k] || data.clear);
      pre.textContent = data.readout[k];
      /* moved: an input event (the call at load has none); emptied now, so that the
         same readout said again is a change */
      if (moved && said) {
        said.textContent = "";
        clearTimeout(pause);
        pause = setTimeout(function () { said.textContent = pre.textContent; }, 500);
      }
    }
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].addEventListener("input", show);
      inputs[i].addEventListener("change", show);
    }
    show();  /* a browser may restore a moved input on reload */
  }
})();
</script>"""


#: The status line's style: a screen reader hears it, nobody sees it, nothing moves.
SAID_STYLE = ("position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;"
              "overflow:hidden;clip-path:inset(50%);white-space:nowrap")

#: A PNG of one transparent pixel: the layer of a frame that looks like the first.
CLEAR = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQAB"
         "pfZFQAAAAABJRU5ErkJggg==")


#: The scale at which the page shows a figure: the dpi of the book's static figures
#: (``nnlib.figures.style.BOOK_STYLE``).  Interactive figures are drawn at a lower
#: dpi (80 to 96), for the weight of the frames the page stores (at twice that dpi,
#: each of them); shown at their own dpi, their lettering was a fifth
#: smaller than the static figures', 7 to 8 pixels high.  The page shows them at
#: this scale instead, no wider than :data:`WIDEST` unless their own dpi already
#: makes them wider (never below their own dpi); the live widget in JupyterLab
#: draws them at the same size.  At this scale the browser resamples the picture
#: and the layer over it separately, with different filters in Chromium (the layer
#: has transparent pixels), so their edges can differ by a shade in a pixel, which
#: the eye does not see; shown at exactly half their pixels they match exactly
#: (:mod:`.layers`).
READING_DPI = 110
#: The widest a figure is shown, in CSS pixels: the book's widest static figure
#: (6.8 inches), which keeps its size in the text column from a 1100-pixel window.
WIDEST = 748


def zoom(width, dpi):
    """How many times its own size a figure ``width`` pixels wide at ``dpi`` is
    shown: see :data:`READING_DPI`."""
    return max(1.0, min(READING_DPI / dpi, WIDEST / width))


def shown_size(pixels, dpi):
    """``(width, height)`` in CSS pixels at which a frame of ``pixels`` (drawn at
    :data:`.layers.SCALE` times ``dpi``) is shown: see :data:`READING_DPI`."""
    width, height = (n / SCALE for n in pixels)
    times = zoom(width, dpi)
    return round(width * times), round(height * times)


def figure_html(spec, shown_png, frames):
    """The whole static figure as one HTML string (ASCII only, byte-for-byte
    repeatable): ``shown_png`` is the first frame's whole picture, ``frames`` every
    frame with its layer over it (:meth:`.figure.InteractiveFigure.frames`)."""
    params = spec.params
    start = [p.index(p.default) for p in params]
    shown = frames[spec.shown_index()]
    fig_id = "nnfig-" + _digest(spec, shown_png, frames)
    width, height = shown_size(Image.open(io.BytesIO(shown_png)).size, spec.dpi)

    controls = []
    for p, k in zip(params, start):
        label, value = html.escape(p.label), html.escape(p.text(p.grid[k]))
        controls.append(
            f'    <label>{label} <input type="range" min="0" max="{len(p.grid) - 1}" '
            f'step="1" value="{k}" data-param="{p.name}" aria-label="{label}" '
            f'aria-valuetext="{value}" style="vertical-align:middle;width:16em">'
            f' <output aria-live="off" style="display:inline-block;min-width:4em;'
            f'font-variant-numeric:tabular-nums">{value}</output></label>')
    controls.append('    <button type="button" class="nnlib-enlarge" aria-pressed="false" '
                    'style="display:none">Full size</button>')
    data = {"stride": spec.strides(), "text": [[p.text(v) for v in p.grid] for p in params],
            "layer": [_base64(f.layer) for f in frames], "clear": CLEAR,
            "readout": [wrappable(f.readout) for f in frames]}
    # ensure_ascii, and no "<" at all, so nothing in the JSON can end the script early
    data_js = json.dumps(data, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")
    page = (
        f'<div class="nnlib-interactive" id="{fig_id}" style="max-width:{width}px">\n'
        f'  <div class="nnlib-controls" role="group" '
        f'aria-label="{html.escape(spec.title or spec.alt)}" style="display:flex;'
        f'flex-wrap:wrap;gap:0.25em 2em;align-items:center">\n'
        + "\n".join(controls) + "\n  </div>\n"
        f'  <div class="nnlib-pan">\n'
        f'    <div class="nnlib-frames" style="position:relative">\n'
        f'      <img class="nnlib-frame" src="data:image/png;base64,{_base64(shown_png)}" '
        f'alt="{html.escape(spec.alt)}" width="{width}" height="{height}" '
        f'style="display:block;max-width:100%;height:auto">\n'
        f'      <img class="nnlib-layer" src="data:image/png;base64,'
        f'{_base64(shown.layer) or CLEAR}" alt="" aria-hidden="true" '
        f'style="position:absolute;left:0;top:0;width:100%;height:100%">\n'
        f'    </div>\n'
        f'  </div>\n'
        f'  <pre class="nnlib-readout" style="white-space:pre-wrap">'
        f'{html.escape(wrappable(shown.readout))}</pre>\n'
        f'  <p class="nnlib-said" role="status" style="{SAID_STYLE}"></p>\n'
        f'</div>\n'
        + _SCRIPT % {"data": data_js, "id": fig_id})
    return page.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _base64(png):
    return base64.b64encode(png).decode("ascii")


def wrappable(readout):
    """``readout`` with no-break spaces where a line must not wrap on a narrow screen.

    The readout's lines (up to 79 characters) wrap on a phone.  A name stays with
    its ``=``, ``←`` or ``≈`` and what follows ("Δz = +0.1130"); in a chain of
    equalities a continued line starts with its operator, as in typeset maths, so a
    no-break space follows every ``=``, ``←``, ``≈``, ``·`` and ``×``.  A sum or
    difference stays whole (no break beside a binary ``+`` or ``−``), so does a
    bracket of up to 24 characters, and so does a label with its number ("0: 0.912").
    """
    readout = re.sub(" ([+−]) ", "\u00a0\\1\u00a0", readout)
    readout = re.sub(r"(\S+) ([=←≈]) ", _relation, readout)
    readout = re.sub("([=←≈·×]) ", "\\1\u00a0", readout)   # the rest: "  = 0.8 × 0.2"
    readout = re.sub(": (?=[−+0-9])", ":\u00a0", readout)
    return re.sub(r"\([^()\n]{1,24}\)", lambda m: m[0].replace(" ", "\u00a0"), readout)


def _relation(match):
    """``left = `` joined to what follows, and to ``left`` too unless it is a number
    (the end of a chain's previous term, where a line may break)."""
    left, op = match[1], match[2]
    number = re.fullmatch(r"[−+]?[0-9.,]+(e[−+-]?[0-9]+)?", left)
    return left + (" " if number else "\u00a0") + op + "\u00a0"


def _digest(spec, shown_png, frames):
    """12 hex digits of SHA-256 over the declaration and every frame."""
    h = hashlib.sha256()
    h.update(repr((spec.params, spec.alt, spec.title, spec.figsize, spec.dpi,
                   spec.colors)).encode())
    h.update(shown_png)
    for f in frames:
        h.update(f.layer)
        h.update(f.readout.encode())
    return h.hexdigest()[:12]
