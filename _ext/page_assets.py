"""Keep stylesheets and scripts off the pages that do not use them.

Jupyter Book 1 loads every extension's assets on every page.  Three kinds of them are
dead weight on most of this book's pages:

* sphinx-thebe (``sphinx-thebe.js``, ``sphinx-thebe.css`` and an inline script naming a
  CDN): it only serves the "Live Code" launch button, and the book has thebe off
  (``launch_buttons.thebe: false`` in ``_config.yml``).  Dropped from every page while
  thebe is off and not set to ``always_load``.
* sphinx-design (``sphinx-design.min.css``, 55 kB, and ``design-tabs.js``): it only
  styles its own components (tabs, cards, grids, dropdowns, badges, octicons), which all
  carry ``sd-`` classes.  Dropped from each page whose body has no ``sd-`` class, so a
  chapter that uses such a component keeps them.
* the ipywidgets state (an inline ``<script type="application/vnd.jupyter.widget-state+json">``,
  about 0.2 MB per page with interactive figures), which myst-nb copies from the executed
  notebook into the page for a widget manager to read.  The book loads no widget manager
  (``nb_ipywidgets_js: {}``; the static figures are plain HTML and JavaScript), so
  nothing reads it: dropped from every page while ``nb_ipywidgets_js`` is empty.

Sphinx's search scripts, which pydata-sphinx-theme adds to every page, are left out by
``_templates/layout.html`` instead (they come from the template, not from an extension).
This extension removes nothing else and adds nothing.
"""

import re

SD_CLASS = re.compile(r'class="(?:[^"]*\s)?sd-')
THEBE_FILES = {"sphinx-thebe.js", "sphinx-thebe.css"}
DESIGN_FILES = {"sphinx-design.min.css", "design-tabs.js"}
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _thebe_off(app):
    launch = (app.config.html_theme_options or {}).get("launch_buttons", {}) or {}
    always = str((getattr(app.config, "thebe_config", None) or {}).get("always_load", ""))
    return not launch.get("thebe") and always.lower() != "true"


def _name(asset):
    """The file name of a Sphinx asset (``_JavaScript``/``_CascadingStyleSheet``), or ''."""
    return (getattr(asset, "filename", None) or "").split("?")[0].rsplit("/", 1)[-1]


def _drop(app, pagename, templatename, context, doctree):
    thebe_off = _thebe_off(app)
    no_widget_manager = not getattr(app.config, "nb_ipywidgets_js", None)
    unused = set(THEBE_FILES) if thebe_off else set()
    if not SD_CLASS.search(context.get("body") or ""):
        unused |= DESIGN_FILES

    def keep(asset):
        attributes = getattr(asset, "attributes", None) or {}
        if _name(asset) in unused:
            return False
        if thebe_off and "THEBE_JS_URL" in attributes.get("body", ""):
            return False
        if no_widget_manager and attributes.get("type") == WIDGET_STATE:
            return False
        return True

    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if isinstance(assets, list):
            assets[:] = [a for a in assets if keep(a)]


def setup(app):
    # priority 900: after every other handler has added its page-specific assets
    app.connect("html-page-context", _drop, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
