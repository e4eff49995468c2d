"""Show nnlib's own source in a chapter, so the book and the library cannot drift apart.

``show_source(nnlib.Network.backward)`` displays the real, current code of a function,
class or module as a highlighted block, in JupyterLab and in the built book alike.  It
displays; it never copies code into the notebook.
"""

import inspect
import textwrap


class Source:
    """Source code that shows itself as a highlighted block (HTML) or plain text."""

    def __init__(self, code, title):
        self.code, self.title = code, title

    def __repr__(self):
        return f"# {self.title}\n{self.code}"

    def _repr_html_(self):
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer

        body = highlight(self.code, PythonLexer(), HtmlFormatter(nowrap=True))
        return (f'<div class="nnlib-source"><div class="nnlib-source-title">{self.title}</div>'
                f'<div class="highlight"><pre>{body}</pre></div></div>')


def show_source(obj):
    """The source of ``obj`` (a function, method, class or module) from the installed nnlib."""
    try:
        lines, start = inspect.getsourcelines(obj)
    except (TypeError, OSError):
        raise ValueError(f"no source available for {obj!r}: pass a function, class or module "
                         f"defined in Python") from None
    module = inspect.getmodule(obj)
    name = getattr(obj, "__qualname__", getattr(obj, "__name__", "source"))
    where = module.__name__ if module is not None else "?"
    title = where if inspect.ismodule(obj) else f"{where}.{name}"
    return Source(textwrap.dedent("".join(lines)).rstrip("\n"), title)
