"""Autodoc helpers for the nnlib reference (``appendix/api.md``, ``api_contributors.md``).

Cross-references to names nnlib re-exports or imports.  nnlib's docstrings name things
the way a reader's code does: ``:func:`nnlib.sgd``` (a re-export: the function lives in
``nnlib.train``), or a name a module imports, written as that module sees it.  The
reference page documents each object once, under the module that defines it, so
Sphinx's Python domain finds neither name, and the strict build (``-n -W``) fails.

This extension handles only references Sphinx could not resolve: it looks the name up
the way Python would (in the module, and class, where the reference was written, or as a
dotted path from ``nnlib``), and if that reaches a class or function defined in nnlib it
links to where that object is documented.  Anything else stays unresolved and is
reported as usual.

Two smaller things keep autodoc's output about nnlib, not about Python: the fields of a
``NamedTuple`` (whose only docstring is "Alias for field number 0") are left out, since
the class's own docstring and signature name them; and ``object`` is dropped from a
class's listed bases.  None of this changes what a docstring says.
"""

import importlib


def _lookup(path):
    """The object at dotted ``path`` (``pkg.module.attr.attr``), or None."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                obj = getattr(obj, name)
        except AttributeError:
            return None
        return obj
    return None


def _candidates(node):
    """Dotted paths the reference may mean, as Python would look the name up."""
    target = node["reftarget"]
    module, cls = node.get("py:module"), node.get("py:class")
    if module and cls:
        yield f"{module}.{cls}.{target}"
    if module:
        yield f"{module}.{target}"
    yield target


def _resolve(app, env, node, contnode):
    if node.get("refdomain") != "py":
        return None
    domain = env.get_domain("py")
    for path in _candidates(node):
        if not path.startswith("nnlib"):
            continue
        obj = _lookup(path)
        where, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
        if not (isinstance(where, str) and where.startswith("nnlib") and qualname):
            continue
        canonical = f"{where}.{qualname}"
        if canonical == path or canonical not in domain.objects:
            continue
        return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"],
                                   canonical, node, contnode)
    return None


def _skip_field_alias(app, what, name, obj, skip, options):
    doc = getattr(obj, "__doc__", None) or ""
    if what == "class" and doc.startswith("Alias for field number"):
        return True
    return None


def setup(app):
    app.connect("missing-reference", _resolve)
    app.connect("autodoc-skip-member", _skip_field_alias)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
