"""The licence texts of the packages whose scripts and style sheets the pages use.

The site's ``_static/licences/NOTICES.txt`` says whose each third-party file the site
serves is, and under which licence.  It and the licence texts that the served files do
not carry themselves are vendored in ``_vendor/_static/licences/`` (``html_extra_path``
copies them into the site).  The scripts and style sheets that Sphinx, its theme and its
extensions put in ``_static/`` come from Python packages installed with the book's
requirements: when the build finishes, this extension copies each one's own licence
file, out of the package as installed, into ``_static/licences/<package>.txt``, so the
texts are those of the versions the site was built with.  (``_ext/browser_python.py``
adds scikit-learn's, the package the digits come from.)
"""

import re
import shutil
from importlib import metadata
from pathlib import Path

#: The site's folder of notices and licence texts, relative to the html root.
FOLDER = "_static/licences"
#: The packages whose files the build puts in the site's ``_static/``, by their names on
#: PyPI (``pygments.css``: Sphinx writes it with Pygments, in accessible-pygments' colours).
PAGE_PACKAGES = ("sphinx", "pydata-sphinx-theme", "sphinx-book-theme", "myst-nb",
                 "sphinx-copybutton", "sphinx-togglebutton", "sphinx-design",
                 "sphinx-thebe", "pygments", "accessible-pygments")


def licence_file(name):
    """The path of the licence file that package ``name`` installed with its metadata.

    A clear error if it has none, or several: then this list must say which to copy.
    """
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        raise RuntimeError(f"licences: the package {name} is not installed; the book's "
                           "requirements bring it (make install)") from None
    found = [f for f in dist.files or ()
             if ".dist-info/" in f.as_posix()
             and re.fullmatch(r"(LICEN[CS]E|COPYING)(\.\w+)?", f.name)]
    if len(found) != 1:
        raise RuntimeError(f"licences: {name} {dist.version} installed "
                           f"{len(found)} licence files ({[str(f) for f in found]}); "
                           "expected one: see PAGE_PACKAGES in _ext/licences.py")
    return Path(dist.locate_file(found[0]))


def write_licences(outdir):
    """Copy the licence file of each of ``PAGE_PACKAGES`` into ``outdir``'s ``FOLDER``."""
    folder = Path(outdir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name in PAGE_PACKAGES:
        shutil.copyfile(licence_file(name), folder / f"{name}.txt")


def _write(app, exception):
    if exception is None and app.builder.format == "html":
        write_licences(app.outdir)


def setup(app):
    app.connect("build-finished", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
