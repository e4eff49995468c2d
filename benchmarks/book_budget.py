"""Measure the book against its budgets: execution time, build time, page and site weight.

Run with ``make bench`` or ``.venv/bin/python benchmarks/book_budget.py [--strict]``.
It touches nothing in the repository: notebooks are executed from a temporary copy and
the book is built into a temporary folder, from scratch, as ``make book`` builds it.

Budgets (1 MB = 1,000,000 bytes):

* executing every chapter notebook as ``make execute`` does (one notebook per processor
  core at a time, see ``tools/execute_notebooks.py``):  30 s
* a clean build of the whole book (which executes them again):  90 s
* one page with everything it loads (before the reader presses "Run the code in
  your browser"):  3 MB
* the whole built site, without the Python that runs in the reader's browser:  40 MB
* that Python (``_static/nnlib-run/``: the Pyodide runtime, its packages and nnlib's
  wheel), counted once for the whole site, since every page shares it:  60 MB

A page's weight is the size of every distinct file it loads, the HTML included (which
already contains any image embedded as a data: URL).  With a Chromium on PATH the page
is opened over file:// and every file it actually requests is counted: scripts, styles,
images, and the fonts it really uses.  Without one the figure is a static estimate: the
HTML plus every local file named by ``src``/``href`` of ``<script>``, ``<link>``,
``<img>``, ``<source>``, ``<video>``, ``<audio>``, ``<iframe>``, ``<embed>`` and
``<object>``, plus all of MathJax's components and fonts on a page that loads MathJax
(an upper bound; fonts named in stylesheets are left out).  The heaviest page is then
broken down into its ten largest files, so a growing page shows what grew.

The script exits with status 1 if the build fails, and, with ``--strict``, also if any
budget is exceeded (plain runs only print OK/OVER, so ``make bench`` goes on to the next
benchmark).  It does not check correctness; ``make test`` does that.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parents[1]
# the browser tests' way of finding and starting Chromium
sys.path.insert(0, str(REPO / "tests"))
from conftest import CHROMIUM_ARGS, find_chromium  # noqa: E402

BIN = Path(sys.executable).parent
MB = 1_000_000
BUDGETS = {"execute": 30.0, "build": 90.0, "page": 3 * MB, "site": 40 * MB,
           "python": 60 * MB}
PYTHON_ASSETS = "_static/nnlib-run"  # loaded only when a reader asks for Python
MATHJAX = "_static/mathjax"
TOP = 10  # files listed for the heaviest page
JOBS = os.cpu_count() or 1   # notebooks executed at a time, as make execute does
RESOURCE_TAGS = {"script", "link", "img", "source", "video", "audio", "iframe",
                 "embed", "object"}


# --------------------------------------------------------------------------- timing

def execute_notebooks(tmp):
    """Execute every chapter notebook from a copy as ``make execute`` does, one per
    processor core at a time; return ``(wall seconds, [(name, seconds)])``."""
    notebooks = sorted((REPO / "chapters").glob("*.ipynb"))
    if not notebooks:
        return 0.0, []
    copy = tmp / "chapters"
    shutil.copytree(REPO / "chapters", copy,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    tool = _load_tool("execute_notebooks")
    # in the order make execute would choose, from a copy of its record of times
    times = tmp / "execute-times.json"
    if tool.TIMES.is_file():
        shutil.copy(tool.TIMES, times)
    paths = [copy / nb.name for nb in notebooks]
    wall, results = tool.run(paths, [tmp / "executed" / nb.name for nb in notebooks],
                             jobs=JOBS, times=times)
    failed = [nb.name for nb, (_, error) in zip(notebooks, results) if error]
    if failed:
        raise SystemExit(f"executing {', '.join(failed)} failed; run make execute to see why")
    return wall, [(nb.name, seconds) for nb, (seconds, _) in zip(notebooks, results)]


def _load_tool(name):
    """A script of tools/ as a module."""
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_book(tmp):
    """Build the book from scratch into tmp; return (seconds, html folder)."""
    start = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(REPO), "--path-output", str(tmp),
         "--all", "-W", "-n", "--keep-going"],
        cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        print((proc.stdout + proc.stderr)[-4000:])
        raise SystemExit(f"the book build failed (exit {proc.returncode})")
    return seconds, tmp / "_build" / "html"


# --------------------------------------------------------------------------- weight

class _Resources(HTMLParser):
    """Collect the URLs an HTML page loads (not the pages it links to)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        if tag not in RESOURCE_TAGS:
            return
        attrs = dict(attrs)
        if tag == "link":
            rel = (attrs.get("rel") or "").lower()
            if not any(r in rel for r in ("stylesheet", "icon", "preload", "modulepreload")):
                return  # rel="next", "prev", "index", ... are navigation
            self.urls.append(attrs.get("href"))
        else:
            self.urls.append(attrs.get("src") or attrs.get("data"))


def _local_file(base, url, root):
    """The file a relative URL points to, or None for data:, external or missing."""
    if not url or url.startswith(("data:", "#")):
        return None
    parsed = urlparse(url)
    if parsed.scheme or parsed.netloc:
        return None  # another host: the tests forbid it; nothing to weigh here
    path = (base / unquote(parsed.path)).resolve()
    if path.is_file() and root in path.parents:
        return path
    return None


def static_page_files(page, root):
    """Estimated {file: bytes} of the page and every distinct local file it references."""
    parser = _Resources()
    parser.feed(page.read_text(encoding="utf8", errors="replace"))
    files = {page.resolve()}
    for url in parser.urls:
        path = _local_file(page.parent, url, root)
        if path:
            files.add(path)
    if any("mathjax" in f.parts for f in files):
        # the components and fonts MathJax's loader fetches; not the TeX extensions,
        # which only a page using one of their macros loads
        extensions = root / MATHJAX / "input" / "tex" / "extensions"
        files.update(p.resolve() for p in (root / MATHJAX).rglob("*")
                     if p.is_file() and p.suffix in (".js", ".woff")
                     and extensions not in p.parents)
    return {f: f.stat().st_size for f in files}


REDIRECT = re.compile(r'<meta[^>]+http-equiv="refresh"', re.IGNORECASE)
SETTLE_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await document.fonts.ready;
}"""


def browser_page_files(pages, root):
    """{page: {file: bytes}} of every distinct file each page requests in Chromium;
    None without a Chromium."""
    executable = find_chromium()
    if executable is None:
        return None
    from playwright.sync_api import sync_playwright

    weights = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True,
                                    args=CHROMIUM_ARGS)
        for page_path in pages:
            if REDIRECT.search(page_path.read_text(encoding="utf8", errors="replace")):
                # a bare redirect (index.html): its target is weighed as its own page
                weights[page_path] = {page_path.resolve(): page_path.stat().st_size}
                continue
            context = browser.new_context()
            page = context.new_page()
            loaded = set()
            page.on("request", lambda r: r.url.startswith("file:") and loaded.add(
                Path(unquote(urlparse(r.url).path)).resolve()))
            page.goto(page_path.as_uri(), wait_until="load")
            page.evaluate(SETTLE_JS)
            page.wait_for_timeout(200)
            context.close()
            weights[page_path] = {f: f.stat().st_size for f in loaded
                                  if f.is_file() and root in f.parents}
        browser.close()
    return weights


# --------------------------------------------------------------------------- report

def verdict(value, budget):
    return "OK  " if value <= budget else "OVER"


def print_breakdown(page, files, html):
    """The heaviest page's largest files, biggest first."""
    sizes = files[page]
    total = sum(sizes.values())
    print(f"\nheaviest page: {page.relative_to(html).as_posix()}, {len(sizes)} files, "
          f"{total / MB:.2f} MB; its {min(TOP, len(sizes))} largest:")
    ranked = sorted(sizes.items(), key=lambda item: (-item[1], str(item[0])))
    for f, size in ranked[:TOP]:
        print(f"{'':4} {size / 1000:9.1f} kB {100 * size / total:5.1f}%  "
              f"{f.relative_to(html.resolve()).as_posix()}")
    rest = ranked[TOP:]
    if rest:
        print(f"{'':4} {sum(s for _, s in rest) / 1000:9.1f} kB "
              f"{100 * sum(s for _, s in rest) / total:5.1f}%  ({len(rest)} smaller files)")


def main(strict=False):
    with tempfile.TemporaryDirectory(prefix="book_budget_") as name:
        tmp = Path(name)
        print(f"executing the chapter notebooks ({JOBS} at a time, from a temporary copy)...")
        execute_s, executed = execute_notebooks(tmp)
        print("building the book from scratch (jupyter-book build --all -W)...")
        build_s, html = build_book(tmp / "book")

        pages = sorted(p for p in html.rglob("*.html")
                       if not p.relative_to(html).parts[0].startswith("_"))
        measured = browser_page_files(pages, html.resolve())
        how = "loaded in Chromium" if measured else "static estimate, no Chromium found"
        files = {p: measured[p] if measured else static_page_files(p, html.resolve())
                 for p in pages}
        weights = [(p.relative_to(html).as_posix(), sum(files[p].values())) for p in pages]
        every = [f for f in html.rglob("*") if f.is_file()]
        in_python = [f for f in every
                     if f.relative_to(html).as_posix().startswith(PYTHON_ASSETS + "/")]
        python = sum(f.stat().st_size for f in in_python)
        site = sum(f.stat().st_size for f in every) - python

        over = False
        print(f"\npage weights: {how}\n")
        print(f"{'':4} {'measure':44} {'value':>10} {'budget':>10}")
        for nb, s in executed:
            print(f"{'':4}   execute {nb:36} {s:9.1f}s")
        print(f"{'':4}   {'(one after the other they took':44} "
              f"{sum(s for _, s in executed):9.1f}s)")
        rows = [("execute", f"execute all {len(executed)}, {JOBS} at a time", execute_s, "s"),
                ("build", "clean build of the book", build_s, "s")]
        rows += [("page", f"page {name}", w, "MB") for name, w in weights]
        rows += [("site", f"site without Python ({len(every) - len(in_python)} files)",
                  site, "MB"),
                 ("python", f"Python in the browser ({len(in_python)} files)", python, "MB")]
        for key, label, value, unit in rows:
            budget = BUDGETS[key]
            over |= value > budget
            if unit == "s":
                shown, limit = f"{value:9.1f}s", f"{budget:9.0f}s"
            else:
                shown, limit = f"{value / MB:8.2f}MB", f"{budget / MB:8.0f}MB"
            print(f"{verdict(value, budget)} {label:44} {shown:>10} {limit:>10}")
        if pages:
            print_breakdown(max(pages, key=lambda p: sum(files[p].values())), files, html)
        if not executed:
            print("\n(no chapter notebooks in chapters/ yet: nothing to execute)")
        return 1 if over and strict else 0


if __name__ == "__main__":
    sys.exit(main(strict="--strict" in sys.argv[1:]))
