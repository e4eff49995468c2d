"""Keep short inline code on one line.

docutils writes inline code word by word (``<span class="pre">zs[i</span> <span
class="pre">-</span> <span class="pre">1]</span>``), so a browser may break it at any
of its spaces: "zs[i -" ends one line and "1]" starts the next, which reads as two
pieces of code.  And on a phone, where book.css lets long literals break anywhere so
that they fit, a narrow table cell breaks even one word ("quadratic_" over "cost").
This extension gives every piece of inline code of at most ``MAX_CHARACTERS``
characters the class ``nowrap``, which ``_static/book.css`` keeps on one line; at that
length it fits the narrowest column, a phone's.  Longer ones (a whole call, say) may
still break.
"""

from docutils import nodes

#: The longest inline code kept on one line: about 200 px in the book's code font.
MAX_CHARACTERS = 24


def _mark_short_literals(app, doctree, docname):
    for node in doctree.findall(nodes.literal):
        text = node.astext()
        if len(text) <= MAX_CHARACTERS:
            node["classes"].append("nowrap")


def setup(app):
    app.connect("doctree-resolved", _mark_short_literals)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
