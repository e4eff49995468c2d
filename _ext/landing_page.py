"""The site's ``index.html``: a small page that sends the reader to the book's first page.

The table of contents starts at ``intro``, so the site has no ``index`` of its own, and
sphinx-external-toc writes one line in its place, a ``<meta>`` refresh with no
``<html lang>``, no title and nothing to click.  A browser that does not follow
refreshes at once (some readers switch them off) then shows an empty, untitled page.
This writes the same redirect as a whole page: the book's title, its language and a
link to the first page.  (No icon: the refresh leaves at once, and the browser would
drop the icon's request half-way, which the browser tests count as a failed request.)
It runs before sphinx-external-toc's own handler, which leaves an ``index.html`` that
exists alone.
"""

import html

PAGE = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url={first}">
<title>{title}</title>
</head>
<body>
<p><a href="{first}">{title}</a></p>
</body>
</html>
"""


def _write(app, exception):
    if exception is not None or app.builder.name != "html":
        return
    root = app.config.root_doc
    if root == "index":
        return
    page = PAGE.format(language=html.escape(app.config.language or "en"),
                       first=html.escape(f"{root}.html"),
                       title=html.escape(app.config.html_title or app.config.project))
    (app.outdir / "index.html").write_text(page, encoding="utf8")


def setup(app):
    # priority 400: before sphinx-external-toc's handler (500), which then skips
    app.connect("build-finished", _write, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
