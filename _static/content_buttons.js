/* What the small buttons inside the pages say to a screen reader.

   - A folded aside ("Why two curvatures?") has a button that shows "Click to show"
     (sphinx-togglebutton) but was named "Toggle hidden content": someone who speaks
     the words they see could not press it, and a screen reader did not say what it
     unfolds (WCAG 2.5.3).  Here its name is the words it shows, then the aside's
     title: "Click to show: Why two curvatures? ...", following the button as it
     turns to "Click to hide".
   - A code block's copy button (sphinx-copybutton) says "Copied!" only in a tooltip
     and an icon, which a screen reader does not read out.  The same word goes into
     a status line, which it does (WCAG 4.1.3).
   Both buttons are made by their extensions' scripts after the page loads, so this
   watches for them.  Added to every page by Jupyter Book, like every script in
   _static/; tests/test_site.py checks both. */
(function () {
  "use strict";

  function nameToggle(button) {
    var hint = button.getAttribute("data-toggle-hint");
    var title = button.closest(".admonition-title");
    if (!hint) return;
    var words = title ? title.textContent.replace(/\s+/g, " ").trim() : "";
    button.setAttribute("aria-label", words ? hint + ": " + words : hint);
  }

  function start() {
    var said = document.createElement("div");
    said.setAttribute("role", "status");
    said.className = "visually-hidden";
    document.body.appendChild(said);

    document.querySelectorAll("button.toggle-button").forEach(nameToggle);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        var el = change.target;
        if (change.type === "childList") {
          change.addedNodes.forEach(function (node) {
            if (node.nodeType !== 1) return;
            if (node.matches("button.toggle-button")) nameToggle(node);
            node.querySelectorAll("button.toggle-button").forEach(nameToggle);
          });
        } else if (change.attributeName === "data-toggle-hint") {
          nameToggle(el);
        } else if (change.attributeName === "data-tooltip" && el.matches(".copybtn")
                   && el.classList.contains("success")) {
          // "Copied!" (or "Failed to copy"); emptied first, so that a second copy
          // is news too.  Two seconds later the tooltip says "Copy" again, unsaid.
          var word = el.getAttribute("data-tooltip");
          said.textContent = "";
          setTimeout(function () { said.textContent = word; }, 50);
        }
      });
    }).observe(document.body, { subtree: true, childList: true, attributes: true,
                                attributeFilter: ["data-toggle-hint", "data-tooltip"] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
