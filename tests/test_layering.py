"""nnlib's layers, as its folders show them, checked from the source of every module.

* the maths (the modules at the top of ``nnlib``) imports no sub-package of nnlib and
  no drawing or display library (matplotlib, ipywidgets, ...);
* ``nnlib.interactive``, the figure machinery, imports neither the maths nor the
  drawings;
* ``nnlib.figures``, the drawings, may import the maths and the machinery, never the
  book's apparatus or ipywidgets;
* ``nnlib.book``, the book's apparatus, may import the maths, never the machinery or
  the drawings.

The imports are read with ``ast``, never executed, so the order in which modules happen
to be imported cannot hide a bad one; an import inside a function counts like any
other.  Imports must be statements: ``importlib`` and ``__import__`` are refused, since
they could not be checked.  A test runs the checker on small made-up sources to show
that it does catch each kind of bad import.
"""

import ast
from pathlib import Path

import pytest

NNLIB = Path(__file__).resolve().parents[1] / "nnlib"

SUBPACKAGES = ("interactive", "figures", "book")
DISPLAY = ("matplotlib", "ipywidgets", "IPython", "PIL", "pygments", "cycler")

# layer -> (layers of nnlib it may import, outside libraries it must not import)
RULES = {
    "maths": ({"maths"}, DISPLAY),
    "interactive": ({"interactive"}, ()),
    "figures": ({"maths", "interactive", "figures"}, ("ipywidgets",)),
    "book": ({"maths", "book"}, ("matplotlib", "ipywidgets")),
}


def module_name(path):
    """``nnlib/figures/style.py`` -> ``nnlib.figures.style``; a package's ``__init__.py``
    gives the package's name."""
    parts = path.relative_to(NNLIB.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def nnlib_sources():
    """``{module name: (path, is_package)}`` for every module under nnlib/."""
    return {module_name(p): (p, p.name == "__init__.py") for p in sorted(NNLIB.rglob("*.py"))}


def layer(module):
    """The layer of an nnlib module (``maths``, or a sub-package's name); None outside."""
    parts = module.split(".")
    if parts[0] != "nnlib":
        return None
    return parts[1] if len(parts) > 1 and parts[1] in SUBPACKAGES else "maths"


def imported_modules(module, source, is_package, known):
    """``(line, imported module)`` for every import statement in ``source``.

    Relative imports are resolved against ``module``; ``from package import name``
    counts as importing ``package.name`` when that is one of the ``known`` modules
    (``from nnlib import figures``), and ``package`` otherwise.
    """
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.append((node.lineno, full if full in known else base))
        elif isinstance(node, ast.Name) and node.id == "__import__":
            found.append((node.lineno, "__import__"))
    return found


def violations(module, source, is_package=False, known=()):
    """Every import in ``source`` that breaks the rules for ``module``'s layer."""
    allowed, banned = RULES[layer(module)]
    problems = []
    for line, target in imported_modules(module, source, is_package, set(known)):
        top = target.split(".")[0]
        if top in ("importlib", "__import__"):
            problems.append(f"{module}:{line} imports through {top}: write an import "
                            "statement, which this test can check")
        elif layer(target) is not None and layer(target) not in allowed:
            problems.append(f"{module}:{line} imports {target}: the {layer(module)} "
                            f"layer may not import the {layer(target)} layer")
        elif top in banned:
            problems.append(f"{module}:{line} imports {target}: the {layer(module)} "
                            f"layer may not import {top}")
    return problems


def test_every_module_keeps_to_its_layer():
    sources = nnlib_sources()
    problems = []
    for module, (path, is_package) in sources.items():
        problems += violations(module, path.read_text(encoding="utf8"), is_package,
                               sources)
    assert not problems, "layering broken:\n  " + "\n  ".join(problems)


def test_the_folders_are_the_layers():
    """Each folder of nnlib is a package (so the wheel's package discovery finds it)
    and is one of the sub-packages the rules above know."""
    folders = {p.parent for p in NNLIB.rglob("*.py")} - {NNLIB}
    missing_init = sorted(str(f.relative_to(NNLIB)) for f in folders
                          if not (f / "__init__.py").is_file())
    assert not missing_init, f"folders of nnlib without an __init__.py: {missing_init}"
    top = {f.relative_to(NNLIB).parts[0] for f in folders}
    assert top == set(SUBPACKAGES), (f"nnlib's sub-packages are {sorted(top)}; "
                                     f"this test's rules know {sorted(SUBPACKAGES)}")
    assert all(layer(m) in RULES for m in nnlib_sources())


KNOWN = {"nnlib", "nnlib.network", "nnlib.linefit", "nnlib.figures", "nnlib.figures.style",
         "nnlib.interactive", "nnlib.interactive.renderer", "nnlib.book",
         "nnlib.book.source"}


@pytest.mark.parametrize("module, is_package, source, expected", [
    # the maths reaching for drawing, directly, lazily, by a relative path, by name
    ("nnlib.network", False, "import matplotlib.pyplot as plt", "may not import matplotlib"),
    ("nnlib.network", False, "def f():\n    import ipywidgets", "may not import ipywidgets"),
    ("nnlib.network", False, "from .figures import style", "may not import the figures"),
    ("nnlib.network", False, "from nnlib import figures", "may not import the figures"),
    ("nnlib.network", False, "import nnlib.interactive.renderer",
     "may not import the interactive"),
    ("nnlib", True, "from .book.source import show_source", "may not import the book"),
    # the machinery reaching for the maths or a drawing
    ("nnlib.interactive.renderer", False, "from nnlib import Network",
     "may not import the maths"),
    ("nnlib.interactive.renderer", False, "from .. import linefit", "may not import the maths"),
    ("nnlib.interactive", True, "from ..figures.style import BLUE",
     "may not import the figures"),
    # a drawing reaching for widgets or the book
    ("nnlib.figures.style", False, "import ipywidgets as w", "may not import ipywidgets"),
    ("nnlib.figures.style", False, "from nnlib.book.source import show_source",
     "may not import the book"),
    # the book reaching for a drawing
    ("nnlib.book.source", False, "from ..figures import style", "may not import the figures"),
    # imports the checker could not read
    ("nnlib.network", False, "import importlib\nm = importlib.import_module('matplotlib')",
     "imports through importlib"),
    ("nnlib.network", False, "m = __import__('matplotlib')", "imports through __import__"),
])
def test_the_checker_catches_a_bad_import(module, is_package, source, expected):
    found = violations(module, source, is_package, KNOWN)
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize("module, is_package, source", [
    ("nnlib.network", False, "import numpy as np\nfrom . import checks\nfrom .costs import get_cost"),
    ("nnlib", True, "from .network import Network"),
    ("nnlib.interactive", True, "from .renderer import Renderer"),
    ("nnlib.interactive.figure", False, "def f():\n    from .live_widget import build_widget"),
    ("nnlib.figures.contour", False, "from nnlib import linefit\n"
     "from nnlib.interactive import InteractiveFigure\nfrom .style import BLUE"),
    ("nnlib.book.exercises", False, "import numpy as np\nfrom nnlib.gradcheck import relative_error"),
])
def test_the_checker_accepts_the_allowed_imports(module, is_package, source):
    assert violations(module, source, is_package, KNOWN) == []
