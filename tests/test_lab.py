"""The chapter notebooks in JupyterLab, started as ``make lab`` starts it, in headless Chromium.

What this checks, for every chapter:

* jupyterlab-myst renders every markdown cell, and the rendered text shows none of the
  book's MyST source: no role (``{term}`...```, ``{eq}`...```), no directive fence, no
  ``$$`` and no equation label as a bare ``(label)``; every labelled equation is a numbered
  target and every ``{eq}`` reference a link to it; and the renderer flags no problem
  (a maths error, a reference it cannot find) except "Citation Not Found": the
  bibliography is the book's, which JupyterLab does not read;
* the worked solutions (cells tagged ``hide-cell``) open collapsed, and no other cell
  does.

And for one chapter, what a learner does: Run All, move a slider of a live figure (it must
redraw), save.  The saved notebook must still pass the strict nbval comparison of
``make test``, and its solutions' code must still be collapsed (their outputs unfold:
JupyterLab shows a cell's output whenever it runs the cell).

JupyterLab listens on 127.0.0.1 only, with a token, and serves copies of the chapters
from a temporary folder; its settings, workspaces, runtime files and data live there too,
so neither the repository's notebooks nor the learner's own settings are touched.  Three
of those settings are the test's, not the learner's: windowing off (so every cell of a
long notebook is rendered, not only those on screen), no news fetching, and no autosave
(the test saves when a learner would).  The page may not reach any other host.
Screenshots of each chapter's first screen and of its first collapsed solution are saved
in the test's tmp folder, for a person to look at.
Run it alone with ``.venv/bin/python -m pytest tests/test_lab.py``.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest


pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.name for p in (REPO / "chapters").glob("*.ipynb"))
# The learner's run-and-save is slow (a whole chapter in JupyterLab, then again under
# nbval), so it is done for one chapter: one with two live figures and three exercises.
SAVED_CHAPTER = "02_chain_rule.ipynb"

SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
}


# --------------------------------------------------------------------------- source

LABEL = re.compile(r"^\$\$[ \t]*\(([^)\s]+)\)[ \t]*$", re.MULTILINE)
EQ_REF = re.compile(r"\{eq\}`([^`]+)`")
RAW_MYST = [
    (re.compile(r"\{[a-z][\w:-]*\}"), "a MyST role"),  # its `text` may show as code
    (re.compile(r"(```|:::)\{"), "a directive fence"),
    (re.compile(r"\$\$"), "a $$ delimiter"),
]


def source_facts(path):
    """What the rendered notebook must show, read from the notebook file."""
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = [c for c in nb.cells if c.cell_type == "code"]
    return {
        "markdown_cells": sum(c.cell_type == "markdown" for c in nb.cells),
        "labels": LABEL.findall(markdown),
        "eq_refs": sorted(set(EQ_REF.findall(markdown))),
        "solutions": [i for i, c in enumerate(code)
                      if "hide-cell" in c.metadata.get("tags", [])],
    }


# --------------------------------------------------------------------------- JupyterLab

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on copies of the chapters; yields its base URL, token and folders."""
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "chapters"
    root.mkdir()
    for name in CHAPTERS:
        shutil.copy(REPO / "chapters" / name, root / name)
    settings = tmp / "settings"
    for plugin, values in SETTINGS.items():
        file = settings / (plugin + ".jupyterlab-settings")
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(values), encoding="utf8")
    env = {**os.environ,
           "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
           "JUPYTER_CONFIG_DIR": str(tmp / "config"),
           "JUPYTER_DATA_DIR": str(tmp / "data"),
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "IPYTHONDIR": str(tmp / "ipython")}
    port, token = free_port(), secrets.token_hex(16)
    jupyter = Path(sys.executable).with_name("jupyter")
    # `make lab` runs `jupyter lab [--allow-root] --KernelManager.transport_encryption=auto
    # chapters`; the rest keeps it private.
    cmd = [str(jupyter), "lab", *(["--allow-root"] if os.geteuid() == 0 else []),
           "--KernelManager.transport_encryption=auto", str(root),
           "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}"]
    log = tmp / "lab.log"
    with open(log, "w", encoding="utf8") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(log.read_text(encoding="utf8").splitlines()[-30:])
                pytest.fail(f"JupyterLab did not start:\n{tail}", pytrace=False)
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield {"base": base, "token": token, "root": root, "log": log}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def api(lab, path, method="GET"):
    request = urllib.request.Request(f"{lab['base']}{path}?token={lab['token']}",
                                     method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


def shut_down_kernels(lab):
    for session in api(lab, "/api/sessions"):
        api(lab, f"/api/sessions/{session['id']}", method="DELETE")


@pytest.fixture
def page(lab, browser):
    """A fresh page that may reach JupyterLab and nothing else; fails on other requests."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    off_site = []
    own = urlparse(lab["base"]).netloc

    def route(r):
        if urlparse(r.request.url).netloc == own:
            r.continue_()
        else:
            off_site.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    yield context.new_page()
    context.close()
    shut_down_kernels(lab)
    assert not off_site, f"the page asked for other hosts: {off_site}"


# The notebook on show (other tabs' panels stay in the page, hidden).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def open_notebook(page, lab, path):
    """Open a notebook by its URL, alone (``reset``: no tabs restored from before)."""
    page.goto(f"{lab['base']}/lab/tree/{path}?reset&token={lab['token']}")
    page.wait_for_selector(f"{PANEL} .jp-Notebook .jp-Cell", timeout=120_000)


# --------------------------------------------------------------------------- rendering

# Per cell of the open notebook: markdown cells as rendered by MyST (their visible text,
# without maths and code), the ids and links, the problems the renderer flags; code
# cells' collapsed state.
RENDERED_JS = """
() => {
  const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const textOf = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement.closest('.katex, pre, code')) parts.push(n.textContent);
    }
    return parts.join('');
  };
  const markdown = Array.from(notebook.querySelectorAll('.jp-MarkdownCell')).map(cell => {
    const myst = cell.querySelector('.jp-Cell-inputArea > .myst');
    const plain = cell.querySelector('.jp-RenderedMarkdown');  // JupyterLab's own renderer
    return {myst: !!myst, text: myst || plain ? textOf(myst || plain) : null};
  });
  const scope = Array.from(notebook.querySelectorAll('.jp-MarkdownCell .myst'));
  const all = (sel) => scope.flatMap(m => Array.from(m.querySelectorAll(sel)));
  return {
    markdown,
    ids: all('[id]').map(e => e.id),
    links: all('a[href^="#"]').map(e => [e.getAttribute('href'), e.textContent]),
    flagged: all('[title].text-yellow-600, [title].text-red-500, pre[title]')
               .map(e => [e.getAttribute('title'), e.textContent.slice(0, 80)]),
    code: Array.from(notebook.querySelectorAll('.jp-CodeCell')).map(cell => ({
      input_hidden: !!cell.querySelector('.jp-InputPlaceholder'),
      outputs_hidden: cell.querySelector('.jp-Cell-outputWrapper')
                          .classList.contains('lm-mod-hidden'),
    })),
  };
}
"""


def html_id(label):
    """The id jupyterlab-myst gives a label: lower case, other characters as hyphens."""
    return re.sub(r"[^a-z0-9_-]+", "-", label.lower())


def rendering_problems(facts, seen):
    """Every way the rendered notebook ``seen`` falls short of the source ``facts``."""
    problems = []
    markdown = seen["markdown"]
    if len(markdown) != facts["markdown_cells"]:
        problems.append(f"{len(markdown)} markdown cells on the page, "
                        f"{facts['markdown_cells']} in the notebook")
    for number, cell in enumerate(markdown):
        if not cell["myst"]:
            problems.append(f"markdown cell {number} is not rendered by jupyterlab-myst")
        text = cell["text"] or ""
        for pattern, what in RAW_MYST:
            match = pattern.search(text)
            if match:
                at = match.start()
                problems.append(f"markdown cell {number} shows {what}: "
                                f"...{text[max(0, at - 50):at + 50]}...")
        for label in facts["labels"]:
            if f"({label})" in text:
                problems.append(f"markdown cell {number} shows the label ({label})")
    ids = set(seen["ids"])
    problems += [f"equation ({label}) is not a numbered target"
                 for label in facts["labels"] if html_id(label) not in ids]
    links = dict(seen["links"])
    for ref in facts["eq_refs"]:
        shown = links.get("#" + html_id(ref))
        if shown is None or not re.fullmatch(r"\(\d+\)", shown):
            problems.append(f"{{eq}}`{ref}` is shown as {shown!r}, not a link like (3)")
    problems += [f"flagged by the renderer: {title!r} at {text!r}"
                 for title, text in seen["flagged"] if title != "Citation Not Found"]
    for number, cell in enumerate(seen["code"]):
        solution = number in facts["solutions"]
        if solution and not cell["input_hidden"]:
            problems.append(f"solution (code cell {number}) shows its code")
        if not solution and (cell["input_hidden"] or cell["outputs_hidden"]):
            problems.append(f"code cell {number} is collapsed but is no solution")
    return problems


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_renders_in_jupyterlab(lab, page, name, tmp_path):
    facts = source_facts(lab["root"] / name)
    open_notebook(page, lab, name)
    # jupyterlab-myst renders each cell, then the notebook as a whole (numbering and
    # references): wait until the page is right, or give up after a minute.
    deadline = time.monotonic() + 60
    while True:
        seen = page.evaluate(RENDERED_JS)
        problems = rendering_problems(facts, seen)
        if not problems or time.monotonic() > deadline:
            break
        page.wait_for_timeout(500)
    page.screenshot(path=str(tmp_path / f"{Path(name).stem}-first-screen.png"))
    if facts["solutions"]:
        solution = page.locator(f"{PANEL} .jp-CodeCell").nth(facts["solutions"][0])
        solution.scroll_into_view_if_needed()
        page.mouse.wheel(0, -300)  # the exercise above its solution
        page.wait_for_timeout(300)
        page.screenshot(path=str(tmp_path / f"{Path(name).stem}-solution.png"))
    assert not problems, (f"{name} in JupyterLab ({len(problems)} problems; screenshots "
                          f"in {tmp_path}):\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------- saving

# Run All marks every cell [*] at once and each gets its number as it finishes; cells
# with their input collapsed show no prompt, so the kernel's idle state counts too.
RUN_STATE_JS = """
() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const prompts = Array.from(panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
                       .map(p => p.textContent);
  return {
    prompts,
    running: prompts.some(p => p.includes('*')),
    idle: !!document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']"),
    stderr: panel.querySelectorAll(".jp-OutputArea-output"
                                   + "[data-mime-type='application/vnd.jupyter.stderr']")
                 .length,
  };
}
"""


def make_test_nbval_args():
    """The nbval options of ``make test``, read from the Makefile."""
    makefile = (REPO / "Makefile").read_text(encoding="utf8")
    recipe = re.search(r"^test:.*\n\t(.*)$", makefile, re.MULTILINE).group(1)
    # make's variables, $(NAME), as the Makefile defines them (NAME := value)
    variables = dict(re.findall(r"^(\w+)\s*:?=\s*(.*)$", makefile, re.MULTILINE))
    recipe = re.sub(r"\$\((\w+)\)", lambda m: variables[m.group(1)], recipe)
    args = recipe.split("-m pytest", 1)[1].split()
    return [str(REPO / a) if a.endswith(".cfg") else a for a in args]


def test_a_learners_saved_chapter_still_passes(lab, page, tmp_path):
    learner = lab["root"] / "learner"
    learner.mkdir()
    shutil.copy(lab["root"] / SAVED_CHAPTER, learner / SAVED_CHAPTER)
    saved = learner / SAVED_CHAPTER
    before = saved.stat().st_mtime_ns

    open_notebook(page, lab, f"learner/{SAVED_CHAPTER}")
    # Run All before the kernel is up clears the outputs and runs nothing: wait for the
    # status bar's "Python 3 (ipykernel) | Idle".
    page.wait_for_function("""() => {
      const bar = document.querySelector('#jp-main-statusbar');
      return bar && /\\| Idle/.test(bar.textContent) && !/No Kernel/.test(bar.textContent);
    }""", timeout=120_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(f"() => ({RUN_STATE_JS})().running", timeout=30_000)
    deadline, finished = time.monotonic() + 300, 0
    while finished < 2:  # twice in a row, a second apart
        state = page.evaluate(RUN_STATE_JS)
        finished = finished + 1 if state["idle"] and not state["running"] else 0
        if time.monotonic() > deadline:
            page.screenshot(path=str(tmp_path / "run-all.png"))
            pytest.fail(f"Run All did not finish in 300 s; prompts: {state['prompts']}")
        page.wait_for_timeout(1000)
    assert state["stderr"] == 0, f"Run All wrote {state['stderr']} error/stderr outputs"
    # the kernel's traffic with JupyterLab is encrypted, as `make lab` asks: ipykernel
    # writes a warning into the server's log when it starts a kernel whose traffic is not
    assert "without encryption" not in lab["log"].read_text(encoding="utf8")
    # a widget whose view failed in JupyterLab shows "Click to show javascript error"
    broken = page.locator(f"{PANEL} .jupyter-widgets-error-widget").count()
    assert broken == 0, f"{broken} widget view(s) failed to draw"

    # A live figure: its first slider moved by one step must redraw the image.
    figure = page.locator(f"{PANEL} .jp-OutputArea-output .widget-vbox").first
    handle = figure.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    image = figure.locator("img").first
    src = image.get_attribute("src")
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("([img, src]) => img.getAttribute('src') !== src",
                           arg=[image.element_handle(), src], timeout=20_000)

    page.get_by_role("menuitem", name="File", exact=True).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Save Notebook$")).click()
    # Saved: the tab loses its "modified" mark and the file on disk is new.
    deadline = time.monotonic() + 120
    while (page.locator(".lm-TabBar-tab.jp-mod-dirty").count()
           or saved.stat().st_mtime_ns == before):
        if time.monotonic() > deadline:
            page.screenshot(path=str(tmp_path / "save.png"))
            pytest.fail(f"File > Save Notebook did not save in 120 s (screenshot in "
                        f"{tmp_path})", pytrace=False)
        page.wait_for_timeout(500)

    nb = nbformat.read(saved, as_version=4)
    live = sum("application/vnd.jupyter.widget-view+json" in o.get("data", {})
               for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert live, "the saved notebook holds no live widget output: was it run live?"
    code = [c for c in nb.cells if c.cell_type == "code"]
    opened = [i for i in source_facts(saved)["solutions"]
              if not code[i].metadata.get("jupyter", {}).get("source_hidden")]
    assert not opened, f"after Run All and save, solutions {opened} show their code"

    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                           "-q", *make_test_nbval_args(), str(saved)],
                          cwd=learner, capture_output=True, text=True)
    tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
    assert proc.returncode == 0, (f"`make test`'s nbval fails on {SAVED_CHAPTER} as saved "
                                  f"by JupyterLab after Run All ({saved}):\n{tail}")
