/* The in-page runner: the page's code cells become editable and run in Python.
 *
 * Python runs in a web worker (worker.js), so the page stays responsive while it
 * loads and while a cell runs.  Each code cell gets a text box with its code, a Run
 * button and an output area that replaces the stored outputs as the cell runs (what
 * it prints appears as it prints it) and once it has run;
 * "Run all" runs them in order, except the exercises' worked solutions (folded
 * cells, which would answer the exercises for the reader: those run only when the
 * reader presses their own Run), and stops at the first error.  An interactive figure
 * that a cell returns comes back live: its sliders move over the whole range, and
 * each move is redrawn by the figure's own Python (a move made while one is being
 * drawn waits, and only the latest one is drawn).  NNRun.timings keeps what the
 * browser tests report: the time to Python-ready, per cell, per slider move.
 * "Stop" ends the worker while anything runs (WebAssembly cannot be interrupted
 * from outside without cross-origin isolation, which a static site cannot ask
 * for) and starts Python again: the edited cells stay, their results are gone.
 */
(function () {
  "use strict";
  var worker = null, nextId = 1, pending = {}, cells = [];
  var edited = false;   // has the reader run code of their own on this page?
  var allStatus = null;  // beside "Run all": how it ended
  var timings = {ready_ms: null, boot: null, cells: [], moves: []};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /* Send ``message`` to Python; a promise of its answer.  ``printed``, if given, gets
   * the text a running cell prints, piece by piece, before the answer comes. */
  function call(message, printed) {
    message.id = nextId++;
    return new Promise(function (resolve) {
      pending[message.id] = {resolve: resolve, type: message.type, printed: printed,
                             text: []};
      pythonBusy(true);
      worker.postMessage(message);
    });
  }

  function answered(id, m) {
    var waiting = pending[id];
    delete pending[id];
    pythonBusy(Object.keys(pending).length > 0);
    waiting.resolve(m);
  }

  /* Stop is enabled while Python has something to answer. */
  function pythonBusy(on) { if (stopButton) stopButton.disabled = !on; }

  /* End the worker, answer whatever waited on it, and start Python again. */
  function stop() {
    if (!worker || !Object.keys(pending).length) return;
    // asked first: disabling Stop below may move the focus off it (to the page's top)
    var hadFocus = document.activeElement === stopButton;
    worker.terminate();
    worker = null;
    var text = "Stopped: Python was ended and starts again. What the cells above " +
      "defined is gone; run them again (\u25B6 Run all cells).";
    Object.keys(pending).forEach(function (id) {
      // what the stopped cell printed stays, as in Jupyter: often why Stop was pressed
      var printed = pending[id].text.join("");
      answered(id, pending[id].type === "move" ? {error: text, ms: 0} :
        {ok: false, stopped: true, outputs: (printed ? [{type: "text", text: printed}] :
          []).concat([{type: "error", text: text}])});
    });
    document.documentElement.setAttribute("data-nnrun", "restarting");
    boot(true);
    // Stop is disabled now: the keyboard's place, if it was there, is the news beside it
    if (hadFocus) noteEl.focus();
  }

  var barEl = null, noteEl = null, baseUrl = "", stopButton = null;

  function start(bar, base) {
    var button = bar.querySelector(".nnrun-start"), note = bar.querySelector(".nnrun-note");
    barEl = bar; noteEl = note; baseUrl = base;
    note.tabIndex = -1;     // the button goes away: keyboard focus moves to the news
    note.focus();
    button.style.display = "none";
    boot(false);
  }

  /* Start Python in a new worker; ``again``: after a Stop, with the cells prepared. */
  function boot(again) {
    var bar = barEl, note = noteEl;
    // a Stop while Python was starting again: its bar goes with its worker
    Array.prototype.forEach.call(bar.querySelectorAll(".nnrun-progress"),
                                 function (old) { old.remove(); });
    var meter = el("progress", "nnrun-progress");
    meter.setAttribute("aria-label", "Starting Python");
    meter.max = 5; meter.value = 0;
    note.textContent = " Starting Python\u2026";
    bar.insertBefore(meter, note);
    if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
      note.textContent = " This browser cannot run WebAssembly in a worker; the " +
        "figures keep their precomputed frames.";
      meter.remove();
      return;
    }
    var t0 = performance.now();
    worker = new Worker(baseUrl + "worker.js");
    worker.onmessage = function (event) {
      var m = event.data;
      if (m.type === "progress") {
        meter.value = m.step - 1 + (m.step === m.of ? 1 : 0.5);
        note.textContent = " " + m.text + "\u2026";
      } else if (m.type === "ready") {
        meter.remove();
        if (again) {
          note.textContent = " Python was stopped and has started again (in " +
            ((performance.now() - t0) / 1000).toFixed(1) + " s): what the cells " +
            "defined is gone, so run them again, or ";
          bar.insertBefore(note, bar.querySelector(".nnrun-all"));
          document.documentElement.setAttribute("data-nnrun", "ready");
          return;
        }
        timings.ready_ms = performance.now() - t0;
        timings.boot = m;
        ready(bar, note);
      } else if (m.type === "failed" && !m.id) {
        note.textContent = " Python could not start: " + m.text;
        document.documentElement.setAttribute("data-nnrun", "failed");
      } else if (m.type === "printed") {
        var waiting = pending[m.id];
        if (waiting) waiting.text.push(m.text);
        if (waiting && waiting.printed) waiting.printed(m.text);
      } else if (pending[m.id]) {
        answered(m.id, m);
      }
    };
    worker.onerror = function (e) {
      note.textContent = " Python could not start: " + e.message;
      document.documentElement.setAttribute("data-nnrun", "failed");
    };
    worker.postMessage({type: "boot"});
  }

  function ready(bar, note) {
    note.textContent = " Python " + timings.boot.python + " is running in this page (ready in " +
      (timings.ready_ms / 1000).toFixed(1) + " s). Edit any cell and press Run (your " +
      "edits last while the page is open), or ";
    var all = el("button", "nnrun-all", "\u25B6 Run all cells");
    all.type = "button";
    all.addEventListener("click", function () { runAll(); });
    bar.appendChild(all);
    stopButton = el("button", "nnrun-stop", "\u25A0 Stop");
    stopButton.type = "button";
    stopButton.disabled = true;     // enabled while Python is busy
    stopButton.setAttribute("aria-label", "Stop Python (it starts again; the cells " +
                            "must then run again)");
    stopButton.addEventListener("click", stop);
    bar.appendChild(stopButton);
    allStatus = el("span", "nnrun-status nnrun-all-status");
    allStatus.setAttribute("role", "status");   // how "Run all" ended
    bar.appendChild(allStatus);
    bar.classList.add("nnrun-ready");
    prepare();
    document.documentElement.setAttribute("data-nnrun", "ready");
  }

  function prepare() {
    var found = document.querySelectorAll("div.cell");
    for (var i = 0; i < found.length; i++) {
      var cell = found[i], pre = cell.querySelector(".cell_input pre");
      if (!pre) continue;
      var code = pre.textContent.replace(/\n$/, "");
      var box = pre.closest(".highlight") || pre;
      var area = el("textarea", "nnrun-code");
      area.value = code;
      area.spellcheck = false;
      area.setAttribute("aria-label", "code of cell " + (cells.length + 1));
      area.rows = code.split("\n").length;
      area.addEventListener("input", function () { this.rows = this.value.split("\n").length; });
      box.style.display = "none";
      box.parentNode.insertBefore(area, box.nextSibling);
      var tools = el("div", "nnrun-tools");
      var run = el("button", "nnrun-run", "\u25B6 Run");
      run.type = "button";
      run.setAttribute("aria-label", "Run cell " + (cells.length + 1));
      var status = el("span", "nnrun-status");
      status.setAttribute("role", "status");   // "running…", then how it ended and the time
      tools.appendChild(run); tools.appendChild(status);
      area.parentNode.insertBefore(tools, area.nextSibling);
      var out = el("div", "cell_output nnrun-output");
      // beside the stored outputs: inside the fold of a folded cell (a solution)
      var stored = cell.querySelector(".cell_output");
      (stored ? stored.parentNode : cell).appendChild(out);
      var entry = {cell: cell, area: area, status: status, out: out, index: cells.length,
                   code: code, alts: storedAlts(cell), captions: storedCaptions(cell),
                   solution: cell.classList.contains("tag_hide-cell")};
      run.addEventListener("click", runCell.bind(null, entry));
      // as in Jupyter: Shift+Enter runs the cell and moves on to the next one,
      // Ctrl+Enter runs it and stays
      area.setAttribute("aria-description", "Tab indents and Shift+Tab dedents; " +
                        "press Escape, then Tab, to leave the code");
      area.addEventListener("keydown", editingKeys);
      area.addEventListener("keydown", function (entry, e) {
        if (e.key !== "Enter" || !(e.shiftKey || e.ctrlKey) || e.isComposing) return;
        e.preventDefault();
        runCell(entry);
        if (!e.shiftKey) return;
        var next = entry.index + 1;   // a folded solution is passed over, as Run all does
        while (next < cells.length && cells[next].solution) next++;
        if (next < cells.length) focusCode(cells[next]);
      }.bind(null, entry));
      area.addEventListener("blur", function () { delete this.dataset.tabLeaves; });
      cell.setAttribute("data-nnrun-cell", String(cells.length));
      cells.push(entry);
    }
  }

  /* Put the keyboard in a cell's code, unfolding it if the book folded it ("Show
   * code cell source"): a box in a closed fold cannot take the focus. */
  function focusCode(entry) {
    for (var node = entry.area.parentNode; node; node = node.parentNode) {
      if (node.tagName === "DETAILS" && !node.open) node.open = true;
    }
    entry.area.focus();
  }

  /* Keys that edit Python as an editor would: Tab indents the line (or every line
   * of a selection) by four spaces, Shift+Tab takes up to four away, and Enter
   * starts the new line at the indentation of the last (four more after a ":").
   * Tab would otherwise move the focus out of the box: Escape, then Tab, still does,
   * so that a keyboard can always leave the code. */
  function editingKeys(e) {
    var area = e.target;
    if (e.key === "Escape") { area.dataset.tabLeaves = "1"; return; }
    if (/^(Shift|Control|Alt|Meta)$/.test(e.key)) return;   // on the way to Shift+Tab
    var leave = area.dataset.tabLeaves === "1";
    delete area.dataset.tabLeaves;
    if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
    if (e.key === "Tab" && !leave) {
      e.preventDefault();
      indentLines(area, e.shiftKey ? -1 : 1);
    } else if (e.key === "Enter" && !e.shiftKey) {
      var text = area.value, at = area.selectionStart;
      var line = text.slice(text.lastIndexOf("\n", at - 1) + 1, at);
      var code = line.replace(/#.*$/, "");   // "if x:  # why" opens a block, "# note:" does not
      var indent = /^ */.exec(line)[0] + (/:\s*$/.test(code) ? "    " : "");
      e.preventDefault();
      typeText(area, "\n" + indent);
    }
  }

  /* Indent (``by`` 1) or dedent (-1) each line the selection touches by 4 spaces. */
  function indentLines(area, by) {
    var text = area.value, start = area.selectionStart, end = area.selectionEnd;
    if (by > 0 && start === end) {   // at the cursor: to the next multiple of 4
      typeText(area, "    ".slice((start - text.lastIndexOf("\n", start - 1) - 1) % 4));
      return;
    }
    var from = text.lastIndexOf("\n", start - 1) + 1;
    if (end > start && text[end - 1] === "\n") end--;   // a selection up to a line's start
    var to = text.indexOf("\n", end);
    if (to < 0) to = text.length;
    var lines = text.slice(from, to).split("\n").map(function (line) {
      return by > 0 ? "    " + line : line.replace(/^( {1,4}|\t)/, "");
    }).join("\n");
    var before = text.slice(from, to);
    if (lines === before) return;
    area.setSelectionRange(from, to);
    typeText(area, lines, lines.length > 20000);
    if (start === end) {   // a cursor on one line moves with its text
      var at = Math.max(from, start + lines.length - before.length);
      area.setSelectionRange(at, at);
    } else {               // a selection: the lines stay selected, for another Tab
      area.setSelectionRange(from, from + lines.length);
    }
  }

  /* Type ``text`` over the selection, keeping the browser's undo (Ctrl+Z), except for
   * a ``big`` text: the browser's insertText takes seconds for a thousand lines. */
  function typeText(area, text, big) {
    if (big || !(document.execCommand && document.execCommand("insertText", false, text))) {
      area.setRangeText(text, area.selectionStart, area.selectionEnd, "end");
      area.dispatchEvent(new Event("input"));
    }
  }

  /* The alt texts of the figures the book stored for this cell, in order: a
   * figure the unchanged code draws again is the same figure and keeps its words. */
  function storedAlts(cell) {
    return Array.prototype.map.call(storedImages(cell), function (img) { return img.alt; });
  }

  function storedImages(cell) {
    return cell.querySelectorAll(".cell_output img:not(.nnlib-frame, .nnlib-layer)");
  }

  /* The captions of the same figures ("Fig. 1.2 ..."), or null for a figure without
   * one: the figure drawn again keeps its number, and its words while they fit. */
  function storedCaptions(cell) {
    return Array.prototype.map.call(storedImages(cell), function (img) {
      var figure = img.closest("figure");
      var caption = figure && figure.querySelector("figcaption");
      return caption ? caption.cloneNode(true) : null;
    });
  }

  async function runCell(entry) {
    var t0 = performance.now();
    var run = entry.runs = (entry.runs || 0) + 1;   // Run pressed again: the last one speaks
    entry.status.textContent = "running\u2026";
    // until the run prints, what is under the cell is from before: dimmed (runner.css)
    entry.cell.setAttribute("data-nnrun-state", "running");
    var live = null;   // what the cell prints, shown as it prints it
    var res = await call({type: "run", code: entry.area.value}, function (text) {
      if (!live) {
        clearOutput(entry);
        live = el("pre", "nnrun-text nnrun-long");
        entry.out.classList.add("nnrun-streaming");
        entry.out.appendChild(el("div", "output text_plain")).appendChild(live);
      }
      var atEnd = live.scrollTop + live.clientHeight >= live.scrollHeight - 2;
      live.appendChild(document.createTextNode(text));
      if (atEnd) live.scrollTop = live.scrollHeight;   // follow the text, unless scrolled up
    });
    clearOutput(entry);   // the whole of the outputs, in their order, replace it
    entry.out.classList.remove("nnrun-streaming");
    var outs = res.outputs || [{type: "error", text: res.text || "the worker failed"}];
    // once the reader has run edited code anywhere on the page, a figure may show
    // their numbers, and the stored words may no longer fit it
    var mine = entry.area.value !== entry.code;
    if (mine) edited = true;
    var alts = edited ? null : entry.alts.slice();
    var captions = entry.captions.slice();
    var shown = true;
    for (var j = 0; j < outs.length; j++) {
      try {
        entry.out.appendChild(render(outs[j], alts, mine, captions));
      } catch (err) {   // never leave the cell "running…"
        shown = false;
        entry.out.appendChild(render({type: "error", text: "This page could not show an " +
          "output of type " + outs[j].type + ": " + err}, alts, mine, captions));
      }
    }
    await typeset(entry.out);
    var ok = res.ok === true && shown;
    var ms = Math.round(res.total_ms != null ? res.total_ms : performance.now() - t0);
    timings.cells[entry.index] = {ms: res.total_ms, python_ms: res.ms, ok: ok};
    if (run !== entry.runs) return ok;   // another run of this cell is on its way
    // not a tick: a cell that ran may still print that an answer is wrong
    entry.status.textContent = (ok ? "ran in " : res.stopped ? "\u25A0 stopped after " :
                                "\u2717 raised an error, ") + ms + " ms";
    entry.cell.setAttribute("data-nnrun-state", ok ? "done" : res.stopped ? "stopped" :
                            "error");
    return ok;
  }

  /* Hide the outputs the book stored for a cell, and empty its own. */
  function clearOutput(entry) {
    var stored = entry.cell.querySelectorAll(".cell_output:not(.nnrun-output)");
    for (var i = 0; i < stored.length; i++) stored[i].style.display = "none";
    if (window.MathJax && MathJax.typesetClear) MathJax.typesetClear([entry.out]);
    entry.out.textContent = "";
  }

  /* The maths in a table's cells, typeset by the page's own MathJax, one call after
   * another as MathJax asks (a reader may run two cells at once). */
  var typesetting = Promise.resolve();
  function typeset(node) {
    if (!node.querySelector(".math") || !(window.MathJax && MathJax.typesetPromise)) {
      return typesetting;
    }
    typesetting = typesetting.then(function () {
      return MathJax.typesetPromise([node]);
    }).catch(function () {});
    return typesetting;
  }

  var runningAll = false;
  async function runAll() {
    if (runningAll) return false;    // a second click while it runs: once is enough
    runningAll = true;
    var button = document.querySelector(".nnrun-all");
    // disabling a button takes the focus off it, to the page's top: given back below
    var hadFocus = button && document.activeElement === button;
    if (button) button.disabled = true;
    if (allStatus) allStatus.textContent = "running\u2026";
    try {
      for (var i = 0; i < cells.length; i++) {
        if (cells[i].solution) continue;   // a worked solution: only on its own Run
        if (!(await runCell(cells[i]))) {
          focusCode(cells[i]);
          if (allStatus) allStatus.textContent = "stopped at cell " + (i + 1) +
            " (an error, or Stop); the cells below it have not run";
          return false;
        }
      }
      if (allStatus) allStatus.textContent = "every cell ran (the folded solutions " +
        "only run on their own Run)";
      return true;
    } finally {
      runningAll = false;
      if (button) button.disabled = false;
      // unless a failed cell's code took it (the keyboard's place is then there)
      if (hadFocus && document.activeElement === document.body) button.focus();
    }
  }

  var LONG_LINES = 200;   // a text output longer than this scrolls in its own box

  /* One output as HTML.  ``alts``: the stored figures' alt texts still to use,
   * or null once the reader has run edited code on the page; ``mine``: this cell's
   * code is the reader's. */
  function render(o, alts, mine, captions) {
    if (o.type === "png") {
      var img = el("img", "nnrun-png");
      img.src = "data:image/png;base64," + o.data;
      if (o.width) img.style.width = o.width + "px";   // a sharp_image: shown at half size
      var words = alts ? alts.shift() : null;
      img.alt = alts ? words || "figure drawn by this cell" :
        mine ? "figure drawn by your edited code in this cell" :
        "figure drawn by this cell after your edits on this page";
      var caption = captions && captions.length ? captions.shift() : null;
      if (!caption) return img;
      var figure = el("figure", "nnrun-figure");
      figure.appendChild(img);
      caption = caption.cloneNode(true);
      if (!alts) {   // the words may no longer fit: keep the number, say whose code
        var number = caption.querySelector(".caption-number");
        caption.textContent = "";
        if (number) caption.appendChild(number);
        caption.appendChild(document.createTextNode(mine ?
          "(drawn by your edited code in this cell)" :
          "(drawn by this cell after your edits on this page)"));
      }
      figure.appendChild(caption);
      return figure;
    }
    if (o.type === "html") {
      var div = el("div", "output text_html");
      div.innerHTML = o.text;
      return div;
    }
    if (o.type === "figure") return liveFigure(o);
    if (o.type === "markdown") {
      var table = typeof o.text === "string" ? markdownTable(o.text) : null;
      if (table) return table;
    }
    var pre = el("pre", o.type === "error" ? "nnrun-error" : "nnrun-text", o.text);
    if (o.type !== "error" && (o.text.match(/\n/g) || []).length > LONG_LINES) {
      pre.classList.add("nnrun-long");   // scrolls in a box of its own (runner.css)
      pre.tabIndex = 0;                  // which the keyboard can scroll too
      pre.setAttribute("aria-label", "long output, scrolls");
    }
    var wrap = el("div", "output " + (o.type === "error" ? "traceback" : "text_plain"));
    wrap.appendChild(pre);
    return wrap;
  }

  /* A Markdown output as the book shows it.  The chapters print Markdown only as
   * tables: a header row, a |---| rule, then rows, each line starting and ending with
   * "|" ("\|" is a "|" inside a cell), with **bold**, `code` and $maths$ in the cells.
   * Anything else is null, and is shown as the text it is. */
  function markdownTable(text) {
    var lines = text.trim().split("\n").map(function (line) { return line.trim(); });
    var row = /^\|.*\|$/, rule = /^\|(\s*:?-+:?\s*\|)+$/;
    if (lines.length < 2 || !rule.test(lines[1]) ||
        !lines.every(function (line) { return row.test(line); })) return null;
    var split = function (line) {
      return line.slice(1, -1).split(/(?<!\\)\|/).map(function (cell) {
        return cell.trim().replace(/\\\|/g, "|");
      });
    };
    var width = split(lines[0]).length;
    var wrap = el("div", "output text_markdown");
    var scroll = el("div", "pst-scrollable-table-container");
    var table = el("table", "table");
    var head = el("thead"), body = el("tbody");
    lines.forEach(function (line, i) {
      if (i === 1) return;   // the rule
      var tr = el("tr"), texts = split(line);
      while (texts.length < width) texts.push("");   // a short row, as Markdown pads it
      texts.forEach(function (cell) {
        var td = el(i === 0 ? "th" : "td", i === 0 ? "head" : null);
        td.innerHTML = inlineMarkdown(cell);
        tr.appendChild(td);
      });
      (i === 0 ? head : body).appendChild(tr);
    });
    table.appendChild(head); table.appendChild(body);
    scroll.appendChild(table); wrap.appendChild(scroll);
    return wrap;
  }

  /* One cell's Markdown as HTML: $maths$ becomes what Sphinx writes for MathJax,
   * `code` code, and **bold** (outside those two) bold. */
  function inlineMarkdown(text) {
    return text.split(/(\$[^$]+\$|`[^`]+`)/).map(function (part, k) {
      var html = part.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      if (k % 2 === 0) return html.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
      if (part[0] === "$") {
        return '<span class="math notranslate nohighlight">\\(' + html.slice(1, -1) + "\\)</span>";
      }
      return "<code>" + html.slice(1, -1) + "</code>";
    }).join("");
  }

  /* A figure whose frames are drawn by Python on each move.  Same classes as the
   * static figure (nnlib/interactive/static_html.py), so the book's styles apply. */
  function liveFigure(o) {
    var wrap = el("div", "output text_html");
    var root = el("div", "nnlib-interactive nnrun-live");
    root.style.maxWidth = o.width + "px";
    root.setAttribute("data-live", o.id);
    /* the same inline styles and labels as the static figure's HTML */
    var controls = el("div", "nnlib-controls");
    controls.setAttribute("role", "group");
    controls.setAttribute("aria-label", o.title);
    controls.style.cssText = "display:flex;flex-wrap:wrap;gap:0.25em 2em;align-items:center";
    var inputs = [], outputs = [];
    o.params.forEach(function (p) {
      var label = el("label", null, p.label + " ");
      var input = el("input");
      input.type = "range";
      input.min = p.lo; input.max = p.hi;
      /* the static figure's steps: some figures can draw only those values, and
       * one arrow key press is one step, as in the static book */
      input.step = p.step;
      input.value = p.value;
      input.setAttribute("data-param", p.name);
      input.setAttribute("aria-label", p.label);
      input.style.cssText = "vertical-align:middle;width:16em";
      var output = el("output", null, "");
      output.style.cssText = "display:inline-block;min-width:4em;font-variant-numeric:tabular-nums";
      label.appendChild(input); label.appendChild(document.createTextNode(" "));
      label.appendChild(output);
      controls.appendChild(label);
      inputs.push(input); outputs.push(output);
    });
    /* the static figure's "Full size" button (shown on a phone by book.css, pressed by
     * _static/figure_zoom.js), and its picture inside a box that can scroll sideways */
    var enlarge = el("button", "nnlib-enlarge", "Full size");
    enlarge.type = "button";
    enlarge.setAttribute("aria-pressed", "false");
    enlarge.style.display = "none";
    controls.appendChild(enlarge);
    var pan = el("div", "nnlib-pan"), frames = el("div", "nnlib-frames");
    var img = el("img", "nnlib-frame");
    img.alt = o.alt; img.width = o.width; img.height = o.height;
    /* as the static figure's: narrower than the column on a phone, the height follows */
    img.style.cssText = "display:block;max-width:100%;height:auto";
    var readout = el("pre", "nnlib-readout");
    readout.style.whiteSpace = "pre-wrap";
    /* the readout again, for a screen reader only, once the reader pauses (as in
     * the static figure, whose style the kernel sends) */
    var said = el("p", "nnlib-said", "");
    said.setAttribute("role", "status");
    said.style.cssText = o.said_style;
    var pause = null;
    var note = el("div", "nnrun-note", "live: each move is drawn by Python");
    frames.appendChild(img); pan.appendChild(frames);
    root.appendChild(controls); root.appendChild(pan); root.appendChild(readout);
    root.appendChild(said); root.appendChild(note);
    wrap.appendChild(root);

    function show(r) {
      // an error (the reader's code raised, or Python was stopped): the picture
      // stays the last one drawn, and the readout says what went wrong
      readout.classList.toggle("nnrun-error", !!r.error);
      if (r.error) { readout.textContent = r.error; return; }
      img.src = "data:image/png;base64," + r.png;
      readout.textContent = r.readout;
      for (var i = 0; i < outputs.length; i++) {
        if (outputs[i].textContent === r.texts[i]) continue;  /* an <output> is read out */
        outputs[i].textContent = r.texts[i];
        inputs[i].setAttribute("aria-valuetext", r.texts[i]);
      }
    }
    function announce() {
      said.textContent = "";
      clearTimeout(pause);
      pause = setTimeout(function () { said.textContent = readout.textContent; }, 500);
    }
    show(o);
    var busy = false, again = false;
    async function update() {
      if (busy) { again = true; return; }
      busy = true;
      var values = {};
      inputs.forEach(function (input, i) { values[o.params[i].name] = parseFloat(input.value); });
      var t0 = performance.now();
      var r = await call({type: "move", fig: o.id, values: values});
      show(r);
      announce();
      await new Promise(requestAnimationFrame);
      timings.moves.push({figure: o.id, values: values, ms: performance.now() - t0,
                          python_ms: r.ms});
      note.textContent = r.error ? "live: this move failed; the picture is the " +
        "last one drawn" : "live: this move took " + Math.round(performance.now() - t0) +
        " ms (Python " + Math.round(r.ms) + " ms)";
      busy = false;
      if (again) { again = false; update(); }
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    return wrap;
  }

  window.NNRun = {start: start, runAll: runAll, timings: timings,
                  cells: function () { return cells; }, runCell: runCell};
})();
