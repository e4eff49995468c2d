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
  ``<output>`` and the figure's frame (``img.nnlib-frame``) when moved with the keyboard;
* the theme's dark mode reaches the figures: the first chapter with a figure is
  screenshot in light and in dark mode, and every figure (and nnlib's HTML outputs) must
  be bright on the light page and dark on the dark one, not left as a bright block.

Beyond that it does not judge how a page looks; that is for a person with the
screenshots (the light/dark pair is saved in the test's tmp folder).
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

import nbformat
import pytest
import yaml
from PIL import Image, ImageStat

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


# --------------------------------------------------------------------------- dark mode

# What must follow the theme: figures (notebook output images, interactive frames) and
# nnlib's HTML outputs.  Their mean luma must be above this on the light page and below
# it on the dark one; the figures are dark-on-white PNGs that _static/book.css inverts.
FIGURE_SELECTOR = ".cell_output img, img.nnlib-frame, .nnlib-interactive, .nnlib-source"
LUMA_SPLIT = 0.5

# Document coordinates of every visible figure, and the page's own background.
FIGURE_BOXES_JS = """
(selector) => {
  window.scrollTo(0, 0);
  const boxes = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.checkVisibility && !el.checkVisibility()) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 20 || r.height < 20) continue;
    const name = el.tagName === 'IMG'
      ? `img ${el.className || ''} "${(el.alt || el.getAttribute('src') || '').slice(0, 50)}"`
      : `div.${el.className}`;
    boxes.push({name, x: r.left + window.scrollX, y: r.top + window.scrollY,
                w: r.width, h: r.height});
  }
  return {boxes, theme: document.documentElement.dataset.theme,
          background: getComputedStyle(document.body).backgroundColor};
}
"""

FIXTURE_NOTEBOOK = [
    # a plain matplotlib figure, an interactive figure and a show_source block, drawn
    # the way the chapters draw them
    """import matplotlib.pyplot as plt
import numpy as np
import nnlib
from nnlib.figures.style import BOOK_STYLE
from nnlib.interactive import InteractiveFigure, Param
from nnlib.source import show_source

plt.style.use(BOOK_STYLE)""",
    """x = np.linspace(-6, 6, 200)
fig, ax = plt.subplots()
ax.plot(x, nnlib.sigmoid(x), label="sigmoid")
ax.plot(x, nnlib.sigmoid_prime(x), label="its slope")
ax.legend();""",
    """def render(fig, values):
    ax = fig.add_subplot(xlim=(-6, 6), ylim=(-0.1, 1.1))
    ax.plot(x, nnlib.sigmoid(values["k"] * x))
    return f"k = {values['k']:.1f}"

InteractiveFigure([Param("k", "steepness k", 0.5, 2, 0.5, 1)], render,
                  alt="a sigmoid of steepness k", figsize=(6.4, 3.2), dpi=60)""",
    "show_source(nnlib.sigmoid)",
]


def has_figure(page):
    """Whether a built page shows a notebook output image or an interactive figure."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf8", errors="replace"), "html.parser")
    return soup.select_one(".cell_output img, .nnlib-interactive") is not None


def build_fixture_book(out):
    """A copy of the book's machinery (config, extension, templates, static files) around
    one fixture notebook with figures; build it and return the page."""
    src = out / "src"
    src.mkdir()
    for name in ("_config.yml", "references.bib"):
        shutil.copy(REPO / name, src / name)
    for name in ("_ext", "_templates", "_vendor", "_static"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, src / name,
                            ignore=shutil.ignore_patterns("__pycache__"))
    (src / "_toc.yml").write_text("format: jb-book\nroot: figures\n", encoding="utf8")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Figures")]
                                  + [nbformat.v4.new_code_cell(c) for c in FIXTURE_NOTEBOOK])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, src / "figures.ipynb")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run([str(jupyter_book), "build", str(src), "--all", "-W", "-n",
                           "--keep-going"], cwd=src, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"})
    if proc.returncode != 0:
        tail = "\n".join(ANSI.sub("", proc.stdout + proc.stderr).splitlines()[-40:])
        pytest.fail(f"the fixture book with figures did not build:\n{tail}", pytrace=False)
    return src / "_build" / "html" / "figures.html"


@pytest.fixture(scope="session")
def figure_page(book, tmp_path_factory):
    """The first page in _toc.yml with a figure; a fixture page while no chapter has one."""
    for page_path in PAGES:
        path = book["html"] / page_path
        if path.is_file() and not redirect_target(path) and has_figure(path):
            return path
    return build_fixture_book(tmp_path_factory.mktemp("figure_book"))


def figure_lumas(browser, page_path, mode, shot):
    """Open the page in the given theme mode, save a full-page screenshot to ``shot``;
    return the theme applied, the page's luma and [(figure, mean luma)]."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # pydata-sphinx-theme 0.17 keeps the reader's choice in localStorage "mode"
    # (light/dark/auto) and the applied one in "theme"; its <head> script reads both.
    context.add_init_script(f"localStorage.setItem('mode', '{mode}');"
                            f"localStorage.setItem('theme', '{mode}');")
    context.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(page_path.as_uri(), wait_until="load")
        page.evaluate(MATHJAX_JS)
        page.evaluate(IMAGES_JS)
        page.wait_for_timeout(300)  # let the theme's transitions settle
        found = page.evaluate(FIGURE_BOXES_JS, FIGURE_SELECTOR)
        page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    image = Image.open(shot).convert("L")
    lumas = []
    for box in found["boxes"]:
        left, top = round(box["x"]), round(box["y"])
        crop = image.crop((left, top, min(image.width, left + round(box["w"])),
                           min(image.height, top + round(box["h"]))))
        lumas.append((box["name"], ImageStat.Stat(crop).mean[0] / 255))
    rgb = [int(v) for v in re.findall(r"\d+", found["background"])[:3]]
    page_luma = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / 255 if rgb else None
    return found["theme"], page_luma, lumas


def test_figures_follow_dark_mode(book, browser, figure_page, tmp_path):
    problems = []
    for mode in ("light", "dark"):
        shot = tmp_path / f"{figure_page.stem}-{mode}.png"
        theme, page_luma, lumas = figure_lumas(browser, figure_page, mode, shot)
        if theme != mode:
            problems.append(f"{mode}: the page came up with data-theme={theme!r}")
            continue
        if page_luma is None or (page_luma < LUMA_SPLIT) != (mode == "dark"):
            problems.append(f"{mode}: the page background has luma {page_luma}")
        if not lumas:
            problems.append(f"{mode}: no visible figure found on {figure_page.name}")
        for name, luma in lumas:
            if mode == "dark" and luma >= LUMA_SPLIT:
                problems.append(f"dark: {name} is a bright block (mean luma {luma:.2f})")
            if mode == "light" and luma <= LUMA_SPLIT:
                problems.append(f"light: {name} is dark (mean luma {luma:.2f})")
    assert not problems, (f"{figure_page}: screenshots in {tmp_path}\n  "
                          + "\n  ".join(problems))
