"""The built book, opened page by page in headless Chromium.

What this checks, for every page the table of contents produces (plus the index
redirect, the search page and the general index):

* the book builds from scratch with warnings treated as errors;
* the page loads from ``file://`` with no console error, no uncaught exception and no
  failed request, and it requests nothing except ``file:`` and ``data:`` URLs: the
  site must work offline and must not call any other host;
* MathJax has finished and no TeX delimiter is left in the visible text;
* every image has loaded;
* every slider in an interactive figure (``.nnlib-interactive``) changes both its
  ``<output>`` and the figure's frame (``img.nnlib-frame``) when moved with the keyboard.

It does not judge how a page looks; that is for a person with the screenshots.
Run it alone with ``.venv/bin/python -m pytest tests/test_site.py``.  It needs a
Chromium on PATH; Playwright's own browser download is not used.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ALLOWED_SCHEMES = {"file", "data"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --------------------------------------------------------------------------- pages

def _toc_files(entries):
    """Yield the ``file:`` entries of a _toc.yml subtree, depth first."""
    for entry in entries or []:
        if "file" in entry:
            yield entry["file"]
        for key in ("chapters", "sections"):
            yield from _toc_files(entry.get(key))
        for part in entry.get("parts", []) or []:
            yield from _toc_files(part.get("chapters"))


def toc_pages():
    """Every HTML page the book should contain, relative to _build/html."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf8"))
    docs = [toc["root"]]
    for part in toc.get("parts", []) or []:
        docs += list(_toc_files(part.get("chapters")))
    docs += list(_toc_files(toc.get("chapters")))
    pages = [str(Path(doc).with_suffix("")) + ".html" for doc in docs]
    # Sphinx's own pages: the redirect to the root page, search, the general index.
    return pages + ["index.html", "search.html", "genindex.html"]


PAGES = toc_pages()


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def book(tmp_path_factory):
    """Build the whole book from scratch into a temporary folder; return its html dir."""
    out = tmp_path_factory.mktemp("book")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    if not jupyter_book.exists():
        pytest.fail(f"{jupyter_book} not found: install requirements.txt into this venv")
    cmd = [str(jupyter_book), "build", str(REPO), "--path-output", str(out),
           "--all", "-W", "-n", "--keep-going"]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"})
    log = ANSI.sub("", proc.stdout + proc.stderr)
    (out / "build.log").write_text(log, encoding="utf8")
    if proc.returncode != 0:
        tail = "\n".join(log.splitlines()[-60:])
        pytest.fail(f"`{' '.join(cmd)}` failed (exit {proc.returncode}); "
                    f"full log: {out / 'build.log'}\n...\n{tail}", pytrace=False)
    return {"html": out / "_build" / "html", "log": log}


def find_chromium():
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    if executable is None:
        pytest.fail("No Chromium found on PATH (looked for "
                    f"{', '.join(CHROMIUM_NAMES)}). Install one, e.g. "
                    "`sudo apt-get install chromium` on Debian/Ubuntu; Playwright's "
                    "own browser download is not used.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True,
                                    args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# --------------------------------------------------------------------------- tests

# Sphinx's own format ("file.md:12: WARNING: ..."); kernel log lines such as
# "[IPKernelApp] WARNING | ..." are the kernel talking, not the book.
SPHINX_PROBLEM = re.compile(r"\b(WARNING|ERROR|SEVERE|CRITICAL):")


def test_build_has_no_warnings(book):
    warnings = [line for line in book["log"].splitlines() if SPHINX_PROBLEM.search(line)]
    assert not warnings, "the book build printed warnings:\n" + "\n".join(warnings)


def test_every_built_page_is_checked(book):
    html = book["html"]
    built = {p.relative_to(html).as_posix() for p in html.rglob("*.html")
             if not p.relative_to(html).parts[0].startswith("_")}
    unchecked = built - set(PAGES)
    assert not unchecked, (f"pages built but not listed in _toc.yml, so not "
                           f"opened by this test: {sorted(unchecked)}")


# Visible text outside code, with MathJax's own output skipped.
VISIBLE_TEXT_JS = """
() => {
  const skip = 'pre, code, script, style, textarea, mjx-container, .highlight';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip)) continue;
    if (el.checkVisibility && !el.checkVisibility()) continue;
    parts.push(node.textContent);
  }
  return parts.join(' ');
}
"""

MATHJAX_JS = """
async () => {
  const mj = window.MathJax;
  if (!mj || !mj.startup) return {loaded: false};
  await mj.startup.promise;
  if (mj.typesetPromise) await mj.typesetPromise();
  await document.fonts.ready;
  return {loaded: true, containers: document.querySelectorAll('mjx-container').length,
          errors: Array.from(document.querySelectorAll('mjx-merror'))
                       .map(e => e.getAttribute('data-mjx-error') || e.textContent)};
}
"""

IMAGES_JS = """
async () => {
  const imgs = Array.from(document.images);
  await Promise.all(imgs.map(img => {
    img.loading = 'eager';
    if (img.complete) return Promise.resolve();
    return new Promise(done => {
      img.addEventListener('load', done, {once: true});
      img.addEventListener('error', done, {once: true});
      setTimeout(done, 10000);
    });
  }));
  return imgs.filter(img => !(img.complete && img.naturalWidth > 0))
             .map(img => img.currentSrc || img.src || img.outerHTML.slice(0, 120));
}
"""

# The <output> that belongs to a slider: the next <output> sibling inside its
# <label>, or failing that the first <output> in that label.
SLIDER_STATE_JS = """
(input) => {
  let out = input.nextElementSibling;
  while (out && out.tagName !== 'OUTPUT') out = out.nextElementSibling;
  const label = input.closest('label');
  if (!out && label) out = label.querySelector('output');
  const figure = input.closest('.nnlib-interactive');
  const frame = figure ? figure.querySelector('img.nnlib-frame') : null;
  return {
    output: out ? out.textContent : null,
    src: frame ? frame.getAttribute('src') : null,
    value: input.value, min: input.min, max: input.max,
    name: input.name || input.id || (label ? label.textContent.trim().slice(0, 40) : ''),
  };
}
"""


def redirect_target(path):
    """The page a ``<meta http-equiv="refresh">`` sends the reader to, if any."""
    text = path.read_text(encoding="utf8", errors="replace")
    match = re.search(r'http-equiv="refresh"[^>]*url=([^"\s>]+)', text, re.IGNORECASE)
    return match.group(1) if match else None


def check_sliders(page):
    """Move every slider of every interactive figure by one step; return problems."""
    problems = []
    figures = page.locator(".nnlib-interactive")
    for f in range(figures.count()):
        figure = figures.nth(f)
        sliders = figure.locator("input[type=range]")
        if sliders.count() == 0:
            problems.append(f"interactive figure #{f} has no slider")
        if figure.locator("img.nnlib-frame").count() == 0:
            problems.append(f"interactive figure #{f} has no img.nnlib-frame")
            continue
        for s in range(sliders.count()):
            slider = sliders.nth(s)
            slider.scroll_into_view_if_needed()
            slider.focus()
            before = slider.evaluate(SLIDER_STATE_JS)
            if before["output"] is None:
                problems.append(f"figure #{f} slider {before['name']!r}: no <output> "
                                "after it inside its <label>")
                continue
            at_max = float(before["value"]) >= float(before["max"] or 100)
            page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
            after = before
            for _ in range(40):  # up to 2 s for the figure to react
                after = slider.evaluate(SLIDER_STATE_JS)
                if after["output"] != before["output"] and after["src"] != before["src"]:
                    break
                page.wait_for_timeout(50)
            if after["value"] == before["value"]:
                problems.append(f"figure #{f} slider {before['name']!r}: the arrow key "
                                f"did not move it (value {before['value']})")
            if after["output"] == before["output"]:
                problems.append(f"figure #{f} slider {before['name']!r}: <output> stayed "
                                f"{before['output']!r} when the value went "
                                f"{before['value']} -> {after['value']}")
            if after["src"] == before["src"]:
                problems.append(f"figure #{f} slider {before['name']!r}: img.nnlib-frame "
                                "src did not change")
    return problems


@pytest.mark.parametrize("page_path", PAGES, ids=[p.removesuffix(".html") for p in PAGES])
def test_page(book, browser, page_path, tmp_path):
    path = book["html"] / page_path
    assert path.is_file(), f"{page_path} was not built (looked for {path})"

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    off_site = []

    def on_request(request):
        if urlparse(request.url).scheme not in ALLOWED_SCHEMES:
            off_site.append(request.url)

    # Record, then refuse, anything that is not a local file: the test never
    # touches the network, whatever the page asks for.
    context.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())
    page.on("request", on_request)
    page.on("console", lambda msg: msg.type == "error" and problems.append(
        f"console error: {msg.text} ({msg.location.get('url', '')}:"
        f"{msg.location.get('lineNumber', '')})"))
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("requestfailed", lambda req: urlparse(req.url).scheme in ALLOWED_SCHEMES
            and problems.append(f"failed request: {req.url} ({req.failure})"))

    try:
        page.goto(path.as_uri(), wait_until="load")
        target = redirect_target(path)
        if target:
            page.wait_for_url(re.compile(re.escape(target) + "$"), timeout=10_000)
            page.wait_for_load_state("load")

        mathjax = page.evaluate(MATHJAX_JS)
        problems += [f"MathJax error: {e}" for e in mathjax.get("errors", [])]
        text = " ".join(page.evaluate(VISIBLE_TEXT_JS).split())
        for delimiter in (r"\(", r"\)", r"\[", r"\]", "$$"):
            at = text.find(delimiter)
            if at >= 0:
                state = "loaded" if mathjax["loaded"] else "NOT loaded"
                problems.append(f"raw TeX left in the text (MathJax {state}): "
                                f"...{text[max(0, at - 60):at + 60]}...")
                break

        problems += [f"image did not load: {src}" for src in page.evaluate(IMAGES_JS)]
        problems += check_sliders(page)
        page.wait_for_timeout(100)  # let late requests or errors surface
        problems += [f"request to another host: {url}" for url in off_site]

        if problems:
            shot = tmp_path / (page_path.replace("/", "_") + ".png")
            page.screenshot(path=str(shot), full_page=True)
            pytest.fail(f"{page_path}: {len(problems)} problem(s); screenshot: {shot}\n  "
                        + "\n  ".join(problems), pytrace=False)
    finally:
        context.close()
