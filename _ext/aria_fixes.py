"""Two accessibility mends to the HTML that myst-nb and Sphinx write, page by page.

* myst-nb labels the bar that unfolds a hidden cell (its ``<summary>``) "Toggle hidden
  content", while the bar reads "Show code cell source": a screen reader user who says
  the words they see cannot name it, and a page reads out a different name from the
  one shown (WCAG 2.5.3).  Without the label the bar is named by its visible text.
* Sphinx marks each entry of the bibliography ``role="doc-biblioentry"`` inside a
  ``role="list"``; DPUB-ARIA 1.1 deprecates that role, and it is no list item, so
  for assistive technology the list has no items.  Each entry becomes a
  ``listitem``.

It changes nothing else, and only in the page's body.
"""

SUMMARY_LABEL = '<summary aria-label="Toggle hidden content">'


def _mend(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not isinstance(body, str):
        return
    context["body"] = (body.replace(SUMMARY_LABEL, "<summary>")
                       .replace('role="doc-biblioentry"', 'role="listitem"'))


def setup(app):
    app.connect("html-page-context", _mend)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
