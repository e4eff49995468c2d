"""Accessibility mends to the HTML that myst-nb, Sphinx and the theme write, page by page.

* myst-nb labels the bar that unfolds a hidden cell (its ``<summary>``) "Toggle hidden
  content", while the bar reads "Show code cell source": a screen reader user who says
  the words they see cannot name it, and a page reads out a different name from the
  one shown (WCAG 2.5.3).  Without the label the bar is named by its visible text.
* Sphinx marks each entry of the bibliography ``role="doc-biblioentry"`` inside a
  ``role="list"``; DPUB-ARIA 1.1 deprecates that role, and it is no list item, so
  for assistive technology the list has no items.  Each entry becomes a
  ``listitem``.
* Sphinx ends each heading, equation, figure, term and API entry with a link to it
  whose only text is "#" (shown on hover), titled "Link to this heading".  A link is
  named by its text before its title, so a screen reader listing the links read out
  "number sign" a few dozen times a page.  The link gets its title as its name
  (``aria-label``); the "#" stays as drawn.
* The theme's icons are Font Awesome glyphs drawn by CSS (``<i class="fa-solid
  fa-angle-left">``).  Font Awesome's script, which the book leaves out (it is the
  largest file the theme has, and the CSS draws every icon), is what would hide
  them from assistive technology: without it a screen reader reads a private-use
  character, and the links to the previous and next pages were named "\uf104
  Previous 1. Gradient descent".  Each icon gets ``aria-hidden="true"``; the buttons
  they sit in have names of their own.
* The sidebar marks the page being read with a class, which only the eye sees; its
  link gets ``aria-current="page"``, which a screen reader says.

The first three change the page's body, the last two the whole page (the theme's
header and sidebar too); nothing else is changed.
"""

import re

SUMMARY_LABEL = '<summary aria-label="Toggle hidden content">'

#: Sphinx's permalink: "#" as its text, what it links to in its title.
PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" title="([^"]*)")>#</a>')

#: An <i> or <span> whose classes include a Font Awesome one (fa-solid, fas, fa-bars...).
ICON = re.compile(r'<(i|span) class="(?=[^"]*(?<![\w-])(?:fa-[\w-]+|fa[srb]?)(?![\w-]))'
                  r'([^"]*)"(?![^>]*\baria-hidden=)')

#: The sidebar's link to the page itself (the book's first page is its "home" link,
#: which the theme writes without the class "current").
CURRENT = re.compile(r'(<li class="toctree-l\d+ current active">\s*'
                     r'<a class="(?:current )?reference internal" href="#")>')


def _mend_body(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not isinstance(body, str):
        return
    body = (body.replace(SUMMARY_LABEL, "<summary>")
            .replace('role="doc-biblioentry"', 'role="listitem"'))
    context["body"] = PERMALINK.sub(r'\1 aria-label="\2">#</a>', body)


def mend_page(html):
    """The whole rendered page with its icons hidden and its own link marked."""
    html = ICON.sub(r'<\1 class="\2" aria-hidden="true"', html)
    return CURRENT.sub(r'\1 aria-current="page">', html)


def _wrap_renderer(app):
    templates = getattr(app.builder, "templates", None)
    if templates is None:          # not an HTML builder
        return
    render = templates.render
    templates.render = lambda template, context: mend_page(render(template, context))


def setup(app):
    app.connect("html-page-context", _mend_body)
    app.connect("builder-inited", _wrap_renderer)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
