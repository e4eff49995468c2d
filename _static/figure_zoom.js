/* An interactive figure at its full size on a narrow screen.

   A figure is drawn up to 748 pixels wide; in a phone's column of about 360 its
   lettering is 4 to 5 pixels high.  On a narrow screen book.css (section 11) shows the
   figure's "Full size" button; pressed, it marks the figure nnlib-enlarged, and
   book.css shows the picture at its own width in the figure's nnlib-pan, which then
   scrolls sideways while the sliders and the readout stay in the column.  Pressed
   again, the picture fits the column.  The same for the figures Python draws live in
   the page (_browser/runner.js), whose HTML has the same classes.  Added to every page
   by Jupyter Book, like every script in _static/; tests/test_site.py checks it. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".nnlib-enlarge");
    var root = button && button.closest(".nnlib-interactive");
    if (!root) return;
    var enlarged = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", enlarged ? "true" : "false");
    root.classList.toggle("nnlib-enlarged", enlarged);
  });
})();
