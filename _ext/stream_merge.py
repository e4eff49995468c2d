"""Merge what a cell prints into one block without adding blank lines.

``nb_merge_streams`` (``_config.yml``) makes myst-nb join a cell's printed pieces into
one output before it renders them.  The kernel sends what a cell prints in pieces,
cut wherever its flush timer happens to fire, and ``print`` writes its text and its
newline separately, so now and then a piece ends just before a newline and the next
one starts with it.  myst-nb 1.4's ``coalesce_streams`` strips the end of each piece
and adds a newline of its own, so such a cut becomes a blank line on the page (seen in
chapters 1 and 5, once in several builds), which the browser tests then report as a
difference from what the same code prints in the page.

So the pieces of each stream are first joined exactly as they came, and myst-nb's own
function then does the rest (carriage returns, backspaces, stdout before stderr).
"""

from sphinx.errors import ExtensionError


def joined_streams(outputs):
    """``outputs`` with the texts of each stream (stdout, stderr) joined, in order, into
    the first output of that stream (changed in place, as myst-nb changes it): nothing
    added, nothing stripped."""
    joined, first = [], {}
    for output in outputs:
        if output.get("output_type") != "stream":
            joined.append(output)
        elif output["name"] in first:
            first[output["name"]]["text"] += output["text"]
        else:
            first[output["name"]] = output
            joined.append(output)
    return joined


def setup(app):
    from myst_nb.core import render

    original = getattr(render, "coalesce_streams", None)
    if original is None:
        raise ExtensionError(
            "_ext/stream_merge.py: myst_nb.core.render has no coalesce_streams; read "
            "the file's docstring, check whether myst-nb still adds blank lines, and "
            "update or remove the file")
    if getattr(original, "__module__", "") == __name__:   # set up already (a rebuild)
        return {"parallel_read_safe": True, "parallel_write_safe": True}

    def coalesce_streams(outputs):
        return original(joined_streams(outputs))

    coalesce_streams.__wrapped__ = original
    render.coalesce_streams = coalesce_streams
    return {"parallel_read_safe": True, "parallel_write_safe": True}
