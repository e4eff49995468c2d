"""Show nnlib's own source in a chapter, so the book and the library cannot drift apart.

``show_source(nnlib.Network.backward)`` displays the real, current code of a function,
class or module as a highlighted block, in JupyterLab and in the built book alike.  It
displays; it never copies code into the notebook.
"""

import html
import inspect
import textwrap


class Source:
    """Source code that shows itself as a highlighted block (HTML) or plain text.

    ``marked`` lists line numbers (from 1) to set off with a background: the lines
    the text around the listing talks about.
    """

    def __init__(self, code, title, marked=()):
        self.code, self.title, self.marked = code, title, list(marked)

    def __repr__(self):
        if not self.marked:
            return f"# {self.title}\n{self.code}"
        # in plain text the marked lines get a bar in the margin instead
        lines = [("▌ " if n in self.marked else "  ") + line
                 for n, line in enumerate(self.code.split("\n"), start=1)]
        return f"# {self.title} (the lines marked ▌)\n" + "\n".join(lines)

    def _repr_html_(self):
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer

        body = highlight(self.code, PythonLexer(),
                         HtmlFormatter(nowrap=True, hl_lines=self.marked))
        title = html.escape(self.title)     # <locals>, <lambda>: not tags
        return (f'<div class="nnlib-source"><div class="nnlib-source-title">{title}</div>'
                f'<div class="highlight"><pre>{body}</pre></div></div>')


def show_source(obj, *, mark=None):
    """The source of ``obj`` (a function, method, class or module) from the installed nnlib.

    ``mark=(first, last)`` sets off the lines from the first one that contains the text
    ``first`` to the first one from there on that contains ``last`` (the same line, if it
    contains both): the heart of a long listing.  A
    ``ValueError`` if either is not found, so that a listing whose code has changed
    cannot mark the wrong lines without a word.
    """
    try:
        lines, start = inspect.getsourcelines(obj)
    except (TypeError, OSError):
        raise ValueError(f"no source available for {obj!r}: pass a function, class or module "
                         f"defined in Python") from None
    module = inspect.getmodule(obj)
    name = getattr(obj, "__qualname__", getattr(obj, "__name__", "source"))
    where = module.__name__ if module is not None else "?"
    title = where if inspect.ismodule(obj) else f"{where}.{name}"
    code = textwrap.dedent("".join(lines)).rstrip("\n")
    return Source(code, title, [] if mark is None else _marked(code, title, mark))


def _marked(code, title, mark):
    """The line numbers (from 1) from the line containing ``mark[0]`` to the next one
    containing ``mark[1]``."""
    first, last = mark
    lines = code.split("\n")
    start = next((n for n, line in enumerate(lines) if first in line), None)
    if start is None:
        raise ValueError(f"no line of {title} contains {first!r}")
    end = next((n for n in range(start, len(lines)) if last in lines[n]), None)
    if end is None:
        raise ValueError(f"no line of {title} after {first!r} contains {last!r}")
    return list(range(start + 1, end + 2))
