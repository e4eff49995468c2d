/* The "Run the code in your browser" button of a chapter page.
 *
 * This is all a page loads until the reader presses the button: then runner.css and
 * runner.js (from this folder) start Python in a web worker.  From file:// the button
 * explains instead: browsers do not let a page start WebAssembly workers from files.
 */
(function () {
  "use strict";
  // How much the reader's browser will fetch, at most: the build writes it in
  // (_ext/browser_python.py, from the files it serves).
  var SIZE = "";
  var script = document.currentScript;
  var base = script ? script.src.replace(/[^/]*$/, "") : "";
  function add() {
    var first = document.querySelector("div.cell");
    if (!first || document.querySelector(".nnrun-bar")) return;
    var bar = document.createElement("div");
    bar.className = "nnrun-bar";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nnrun-start";
    var arrow = document.createElement("span");   // drawn, not read out
    arrow.setAttribute("aria-hidden", "true");
    arrow.textContent = "\u25B6 ";
    button.appendChild(arrow);
    button.appendChild(document.createTextNode("Run the code in your browser"));
    var note = document.createElement("span");
    note.className = "nnrun-note";
    note.setAttribute("role", "status");   // its news (starting, ready, failed) is read out
    note.textContent = " Loads Python (Pyodide) into this page" +
      (SIZE ? ", about " + SIZE + " the first time" : "") + "; then you can edit " +
      "every code cell and run it, and the figures’ sliders redraw them with your code.";
    bar.appendChild(button);
    bar.appendChild(note);
    var heading = document.querySelector("article h1");
    if (heading && heading.parentNode) heading.parentNode.insertBefore(bar, heading.nextSibling);
    else first.parentNode.insertBefore(bar, first);
    button.addEventListener("click", function () {
      if (location.protocol === "file:") {
        note.textContent = " This page was opened from a file. Browsers do not run " +
          "Python's WebAssembly from file:// pages: serve the book instead (make serve, " +
          "or python -m http.server --bind 127.0.0.1 in _build/html) and open it at " +
          "http://localhost:8000.";
        return;
      }
      button.disabled = true;
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = base + "runner.css";
      document.head.appendChild(css);
      var js = document.createElement("script");
      js.src = base + "runner.js";
      js.onload = function () { window.NNRun.start(bar, base); };
      js.onerror = function () { note.textContent = " Could not load " + js.src + "."; };
      document.head.appendChild(js);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", add);
  else add();
})();
