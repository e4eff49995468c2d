"""Drop duplicated inline <script> blocks from every HTML page.

Sphinx 7.4 registers an inline script added by an extension after the builder has
started (sphinx-thebe's ``const THEBE_JS_URL = ...``, sphinx-togglebutton's selector)
twice: once with ``filename=None`` and once with ``filename=''``, which compare as
different.  The page then declares ``const THEBE_JS_URL`` twice and the browser
reports "Identifier 'THEBE_JS_URL' has already been declared" on every page.
(Sphinx 8 normalises the filename; Jupyter Book 1 needs Sphinx 7.)

This extension does nothing else: it keeps the first of any scripts that are equal
once ``None`` is read as ``''``.
"""


def _dedupe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, kept = set(), []
    for js in scripts:
        key = (js.filename or "", js.priority, tuple(sorted(js.attributes.items())))
        if key not in seen:
            seen.add(key)
            kept.append(js)
    scripts[:] = kept


def setup(app):
    # priority 900: after every other handler has added its page-specific scripts
    app.connect("html-page-context", _dedupe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
