/* The part of a figure's slider track left of its thumb, in the book's primary colour.

   book.css draws the sliders itself (the browser's own track is a light grey, 2.1 : 1
   on the white page, under the 3 : 1 that WCAG 1.4.11 asks of a control's parts).  A
   track drawn in CSS cannot tell where its thumb is, so this keeps the custom property
   --nnlib-fill of each slider at its thumb's place, a share from 0 to 1.  Without the
   script the whole track is grey and the slider works as before.  A slider added
   later (a figure Python draws live in the page) is filled when it arrives.  Added to
   every page by Jupyter Book, like every script in _static/; tests/test_site.py checks
   it. */
(function () {
  "use strict";

  var SLIDERS = '.nnlib-interactive input[type="range"]';

  function fill(slider) {
    var low = parseFloat(slider.min) || 0;
    var high = parseFloat(slider.max);
    var value = parseFloat(slider.value);
    var share = high > low ? (value - low) / (high - low) : 0;
    slider.style.setProperty("--nnlib-fill", share.toFixed(4));
  }

  function fillAll() {
    var sliders = document.querySelectorAll(SLIDERS);
    for (var i = 0; i < sliders.length; i++) fill(sliders[i]);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches(SLIDERS)) fill(event.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fillAll);
  } else {
    fillAll();
  }
  /* a browser restores a moved slider on reload and history navigation */
  window.addEventListener("pageshow", fillAll);
  /* the figures Python draws live in the page (_browser/runner.js) come later */
  new MutationObserver(function (changes) {
    for (var i = 0; i < changes.length; i++) {
      var added = changes[i].addedNodes;
      for (var j = 0; j < added.length; j++) {
        if (!added[j].querySelectorAll) continue;   /* text, not an element */
        var sliders = added[j].querySelectorAll(SLIDERS);
        for (var k = 0; k < sliders.length; k++) fill(sliders[k]);
      }
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
