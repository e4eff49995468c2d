"""The book's own Sphinx extensions (``_ext/``) and the pages built from them.

* ``exercise_list``: a tiny Sphinx project with MyST text notebooks is built from
  scratch, strictly (``-W -n``), and its ``{exercise-list}`` must link every
  "Exercise ..." heading in table-of-contents order, and beside it the exercise's
  folded solution cell (``# Solution``), whose drop-down says "Show the solution"; an
  exercise without one gets no such link, and other folded cells keep myst-nb's words;
  after a chapter gains an exercise, an *incremental* rebuild must list it too; a
  parallel build (``-j 2``) must give the same list.
* the two API pages (``appendix/api.md`` for learners, ``appendix/api_contributors.md``
  for the figures and internals) document every nnlib module once, the learners' page
  names every re-exported name and no figure module, and every colour the chapters
  import from ``nnlib.figures.style`` is documented, so nothing is left out unnoticed.

* ``kernel_shutdown``: a notebook executed as the build executes it has its kernel
  stopped outright, not shut down by the kernel itself (and without the extension, it
  is the kernel that shuts itself down).
* ``kernel_encryption``: a notebook executed as the build executes it has a kernel whose
  traffic is encrypted, so ipykernel does not warn (and without the extension, it does).
* ``stream_merge``: a cell's printed pieces, cut just before a newline, are merged
  with nothing added (myst-nb's own merge, which it wraps, adds a blank line there).
* ``source_archive``: the zip of the project holds what git tracks (untracked files and
  the tools' folders stay out), keeps a script executable and comes out byte for byte
  the same twice; outside a git checkout it skips the tools' folders.

Each build takes a second or two; the only notebooks run here are the four of
``kernel_shutdown`` and ``kernel_encryption`` (with and without each), of one cell each.
"""

import importlib
import json
import pkgutil
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import book_extension

REPO = Path(__file__).resolve().parents[1]

CONF = f"""
import sys
import zipfile
sys.path.insert(0, {str(REPO / "_ext")!r})
project = "tiny"
extensions = ["myst_nb", "exercise_list"]
myst_enable_extensions = ["dollarmath"]
nb_execution_mode = "off"
root_doc = "index"
exclude_patterns = ["_build"]
"""

# Chapters in table-of-contents order, deliberately not alphabetical.  Six of them, so
# that Sphinx really reads in parallel with -j 2 (it does not for five or fewer).  An
# exercise whose title says "unsolved" has no folded solution.
CHAPTERS = {
    "zeta": ("Zeta", ["Exercise 1: the first one", "Exercise 2: with $w^l$ in it"]),
    "alpha": ("Alpha", ["Exercise 1: alpha has only one"]),
    "mid": ("No exercises here", []),
    "beta": ("Beta", ["Exercise 1: `code` in a title", "Exercise 2: unsolved"]),
    "gamma": ("Gamma", ["Exercise 1: gamma"]),
    "delta": ("Delta", ["Exercise 1: delta"]),
}

# A text notebook (MyST), so that its code cells are cells as in the book's chapters.
NOTEBOOK_HEADER = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
  language: python
---
"""


def code_cell(source, tags=("hide-cell",)):
    return ["```{code-cell} ipython3", f":tags: [{', '.join(tags)}]", "", source, "```", ""]


def chapter_source(title, exercises):
    lines = [NOTEBOOK_HEADER + f"# {title}", "", "Some text.", "",
             *code_cell("# A folded cell that is no solution"),
             "## Exercises", "",
             "An exercise mentioned in passing is not an Exercise heading.", ""]
    for ex in exercises:
        lines += [f"### {ex}", "", "Do something.", "", *code_cell("answer = None  # yours")]
        if "unsolved" not in ex:
            lines += code_cell("# Solution\nanswer = 42")
    return "\n".join(lines)


def make_project(src):
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf8")
    toc = "\n".join(list(CHAPTERS) + ["exercises"])
    (src / "index.md").write_text(f"# Tiny book\n\n```{{toctree}}\n{toc}\n```\n",
                                  encoding="utf8")
    for name, (title, exercises) in CHAPTERS.items():
        (src / f"{name}.md").write_text(chapter_source(title, exercises), encoding="utf8")
    (src / "exercises.md").write_text("# All the exercises\n\n```{exercise-list}\n```\n",
                                      encoding="utf8")


def build(src, out, *extra):
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "--keep-going", "-q",
           *extra, str(src), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def listed(out):
    """[(chapter title, chapter href, [(exercise text, href, solution href or None),
    ...]), ...] from the page."""
    soup = BeautifulSoup((out / "exercises.html").read_text(encoding="utf8"), "html.parser")
    box = soup.select_one("div.exercise-list")
    assert box is not None, "no div.exercise-list on the page"
    groups = []
    for head in box.select("p.exercise-list-chapter"):
        link = head.find("a")
        items = []
        for item in head.find_next_sibling("ul").select("li"):
            task, *solution = item.select("a")
            assert len(solution) <= 1, item
            items.append((" ".join(task.get_text().split()), task["href"],
                          solution[0]["href"] if solution else None))
            if solution:
                assert solution[0].get_text(" ", strip=True).startswith("solution to "
                                                                        "Exercise"), item
        groups.append((link.get_text(), link["href"], items))
    return groups


def expected():
    groups = []
    for name, (title, exercises) in CHAPTERS.items():
        if exercises:
            groups.append((title, f"{name}.html",
                           [(re.sub(r"\$(.*?)\$", r"\\(\1\\)", ex).replace("`", ""),
                             f"{name}.html#", "unsolved" not in ex)
                            for ex in exercises]))
    return groups


def check_groups(groups, want):
    assert [(t, h) for t, h, _ in groups] == [(t, h) for t, h, _ in want], \
        "chapters missing, extra or out of toc order"
    for (title, _, got), (_, _, exp) in zip(groups, want):
        assert [text for text, _, _ in got] == [text for text, _, _ in exp], title
        for (text, href, solution), (_, prefix, solved) in zip(got, exp):
            assert href.startswith(prefix) and len(href) > len(prefix), (text, href)
            assert (solution is not None) == solved, (text, solution)
            if solved:
                assert solution == href + "-solution", (text, href, solution)


def summaries(details):
    return [" ".join(p.get_text().split()) for p in details.find("summary").find_all("p")]


def test_exercise_list_links_every_exercise_in_toc_order(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    make_project(src)
    build(src, out)
    groups = listed(out)
    check_groups(groups, expected())
    # every link lands on the heading it names, or on its solution's folded cell
    for _, _, items in groups:
        for text, href, solution in items:
            page, anchor = href.split("#")
            target = BeautifulSoup((out / page).read_text(encoding="utf8"), "html.parser")
            section = target.find(id=anchor)
            assert section is not None, f"{href}: no element with id {anchor!r}"
            assert " ".join(section.find(re.compile("^h[1-6]$")).get_text().split()) \
                .rstrip("¶#").strip() == text
            if solution:
                cell = target.find(id=solution.split("#")[1])
                assert cell is not None and cell.find_parent("section") is section, solution
                folded = cell.find("details", recursive=False)
                assert folded is not None, f"{solution}: not a folded cell"
                assert "# Solution" in folded.get_text()
                assert summaries(folded) == ["Show the solution", "Hide the solution"]
            # the folded cells that are no solution keep myst-nb's words
            others = [summaries(d) for d in target.select("details")
                      if "# Solution" not in d.get_text()]
            assert others and all(s == ["Show code cell content", "Hide code cell content"]
                                  for s in others), others
    # inline maths in a title stays maths, and the page then loads MathJax
    page = (out / "exercises.html").read_text(encoding="utf8")
    assert '<span class="math notranslate nohighlight">\\(w^l\\)</span>' in page
    assert "mathjax" in page.lower()


def test_a_solution_whose_anchor_is_taken_gets_one_id_of_its_own():
    # docutils' set_id records the id it makes; appending it as well gave the cell
    # the same id twice
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    exercise_list = book_extension("exercise_list")
    doc = new_document("chapter", get_default_settings(Parser))
    section = nodes.section(ids=["exercise-1"])
    doc += section
    doc.ids["exercise-1"] = section
    doc.ids["exercise-1-solution"] = nodes.paragraph()      # taken already
    source = nodes.literal_block("# Solution\nanswer = 42", "# Solution\nanswer = 42")
    cell = nodes.container(nb_element="cell_code", hide_mode="all")
    cell += nodes.container("", source, nb_element="cell_code_source")
    section += cell
    anchor = exercise_list._mark_solution(doc, section, "exercise-1")
    assert cell["ids"] == [anchor] and anchor != "exercise-1-solution"
    assert doc.ids[anchor] is cell
    assert cell["prompt_show"] == "Show the solution"


def test_a_new_exercise_appears_after_an_incremental_build(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    make_project(src)
    build(src, out)
    # a chapter gains an exercise; only that chapter's source changes
    alpha = src / "alpha.md"
    alpha.write_text(alpha.read_text(encoding="utf8")
                     + "\n### Exercise 2: added later\n\nNew.\n", encoding="utf8")
    build(src, out)
    titles = dict((t, items) for t, _, items in listed(out))
    assert [text for text, _, _ in titles["Alpha"]] == ["Exercise 1: alpha has only one",
                                                        "Exercise 2: added later"]
    # and a chapter that loses its exercises drops out of the list
    (src / "gamma.md").write_text("# Gamma\n\nNo exercises any more.\n", encoding="utf8")
    build(src, out)
    assert "Gamma" not in [t for t, _, _ in listed(out)]


def test_parallel_build_gives_the_same_list(tmp_path):
    src = tmp_path / "src"
    make_project(src)
    build(src, tmp_path / "serial")
    build(src, tmp_path / "parallel", "-j", "2")
    assert listed(tmp_path / "parallel") == listed(tmp_path / "serial")


# --------------------------------------------------------------------------- the API pages

API_PAGE = REPO / "appendix" / "api.md"                       # for learners
CONTRIBUTORS_PAGE = REPO / "appendix" / "api_contributors.md"  # figures and internals
FIGURE_PACKAGES = ("nnlib.interactive", "nnlib.figures")


def nnlib_modules():
    import nnlib

    names = ["nnlib"]
    for info in pkgutil.walk_packages(nnlib.__path__, "nnlib."):
        names.append(info.name)
    return sorted(names)


def automodules(page):
    return re.findall(r"^\.\. automodule:: (\S+)", page.read_text("utf8"), re.MULTILINE)


def test_api_pages_document_every_module_once():
    documented = automodules(API_PAGE) + automodules(CONTRIBUTORS_PAGE)
    missing = sorted(set(nnlib_modules()) - set(documented))
    assert not missing, (f"no `.. automodule::` for {missing}: add each to the right group "
                         "of appendix/api.md (what chapters and exercises call) or "
                         "appendix/api_contributors.md (figures and internals)")
    twice = sorted({m for m in documented if documented.count(m) > 1})
    assert not twice, f"documented twice across the API pages: {twice}"


def test_the_learners_page_leaves_the_figures_to_the_contributors_page():
    on_learners_page = [m for m in automodules(API_PAGE) if m.startswith(FIGURE_PACKAGES)]
    assert not on_learners_page, (f"appendix/api.md documents {on_learners_page}: figure "
                                  "machinery and drawings belong on api_contributors.md")


def test_api_page_names_every_reexport():
    nnlib = importlib.import_module("nnlib")
    text = API_PAGE.read_text("utf8")
    missing = [name for name in nnlib.__all__ if f"`nnlib.{name}`" not in text]
    assert not missing, f"appendix/api.md does not list nnlib.{missing} under 'The package'"


def names_chapters_import(module):
    """Every name a chapter notebook imports from ``module`` (read with ast)."""
    import ast

    import nbformat

    names = set()
    for path in sorted((REPO / "chapters").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code = "\n".join(line for cell in nb.cells if cell.cell_type == "code"
                         for line in cell.source.splitlines()
                         if not line.lstrip().startswith(("%", "!")))
        names |= {alias.name for node in ast.walk(ast.parse(code))
                  if isinstance(node, ast.ImportFrom) and node.module == module
                  for alias in node.names}
    return names


def test_every_colour_the_chapters_import_is_documented():
    from sphinx.pycode import ModuleAnalyzer

    imported = names_chapters_import("nnlib.figures.style")
    assert {"BLUE", "BOOK_STYLE"} <= imported  # the chapters were read
    documented = {name for (_, name) in
                  ModuleAnalyzer.for_module("nnlib.figures.style").find_attr_docs()}
    from nnlib.figures import style
    functions = {name for name in imported if callable(getattr(style, name))}  # docstrings
    undocumented = sorted(imported - documented - functions)
    assert not undocumented, (f"chapters import {undocumented} from nnlib.figures.style, "
                              "but it has no `#:` comment there, so the reference page "
                              "cannot say what it is for")
    assert "nnlib.figures.style" in automodules(CONTRIBUTORS_PAGE)


@pytest.mark.parametrize("name", ["exercise_list", "nnlib_api", "dedupe_inline_scripts",
                                  "page_assets", "short_literals", "source_archive",
                                  "kernel_encryption"])
def test_extensions_declare_parallel_safety(name):
    module = book_extension(name)

    class App:
        def __getattr__(self, attr):
            return lambda *args, **kwargs: None

    meta = module.setup(App())
    assert meta["parallel_read_safe"] and meta["parallel_write_safe"]


def test_short_inline_code_is_marked_to_stay_on_one_line(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "conf.py").write_text(CONF.replace('"exercise_list"', '"short_literals"'),
                                 encoding="utf8")
    longest = "x" * 10 + " " + "y" * 13                  # 24 characters
    (src / "index.md").write_text(
        "# Tiny\n\nThe `zs[i - 1]`, `one_word`, `" + longest + "` and "
        "`" + longest + "z` and `nnlib.sgd(net, X, Y, epochs=30)`.\n", encoding="utf8")
    build(src, out)
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf8"), "html.parser")
    marked = {" ".join(code.get_text().split()): "nowrap" in code["class"]
              for code in soup.select("code.literal")}
    assert marked == {"zs[i - 1]": True, "one_word": True, longest: True,
                      longest + "z": False, "nnlib.sgd(net, X, Y, epochs=30)": False}


# A notebook whose kernel, if it ends its own life, leaves a file behind (Python runs
# atexit handlers on a normal exit, not when the process is killed).  It is executed
# the way myst-nb executes a notebook in the build: jupyter-cache's single_nb_execution.
KERNEL_EXIT_SCRIPT = """
import json, sys, time
from pathlib import Path
import nbformat
from jupyter_cache.executors.utils import single_nb_execution

ext, marker = sys.argv[1], Path(sys.argv[2])
if ext != "-":
    sys.path.insert(0, ext)
    import kernel_shutdown

    class App:
        pass

    kernel_shutdown.setup(App())
nb = nbformat.v4.new_notebook()
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                             "language": "python"}
nb.cells = [nbformat.v4.new_code_cell(
    "import atexit\\n"
    f"atexit.register(lambda: open({str(marker)!r}, 'w').close())\\n"
    "print('ran')")]
result = single_nb_execution(nb, cwd=str(marker.parent), timeout=60,
                             allow_errors=False)
time.sleep(1)        # a kernel that shuts itself down has time to finish
print(json.dumps({"error": repr(result.err) if result.err else None,
                  "output": nb.cells[0].outputs[0].get("text"),
                  "exited_on_its_own": marker.exists()}))
"""


@pytest.mark.parametrize("with_extension", [False, True])
def test_kernel_shutdown_stops_the_kernel_without_its_shutdown(tmp_path, with_extension):
    """With ``_ext/kernel_shutdown.py`` the build's kernels are stopped outright, so
    ipykernel's own shutdown (and its race, see that file) never runs; without it they
    shut themselves down, which shows the check below can tell the two apart."""
    script = tmp_path / "run.py"
    script.write_text(KERNEL_EXIT_SCRIPT, encoding="utf8")
    ext = str(REPO / "_ext") if with_extension else "-"
    proc = subprocess.run([sys.executable, str(script), ext, str(tmp_path / "exited")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["error"] is None and report["output"] == "ran\n"
    assert report["exited_on_its_own"] is not with_extension


# A notebook executed as the build executes it, with or without kernel_encryption; the
# kernel writes to this script's standard error, where ipykernel's warning would land.
KERNEL_WARNING_SCRIPT = """
import sys
import nbformat
from jupyter_cache.executors.utils import single_nb_execution

if sys.argv[1] != "-":
    sys.path.insert(0, sys.argv[1])
    import kernel_encryption
    kernel_encryption.setup(None)
nb = nbformat.v4.new_notebook()
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                             "language": "python"}
nb.cells = [nbformat.v4.new_code_cell("print('ran')")]
result = single_nb_execution(nb, cwd=sys.argv[2], timeout=60, allow_errors=False)
print(repr(result.err), nb.cells[0].outputs[0]["text"].strip())
"""


@pytest.mark.parametrize("with_extension", [False, True])
def test_kernel_encryption_gives_the_builds_kernels_keys(tmp_path, with_extension):
    """With ``_ext/kernel_encryption.py`` the build's kernels get CurveZMQ keys, and
    ipykernel has no warning about plain-text traffic to give; without it, it warns,
    which shows the check below can tell the two apart."""
    script = tmp_path / "run.py"
    script.write_text(KERNEL_WARNING_SCRIPT, encoding="utf8")
    ext = str(REPO / "_ext") if with_extension else "-"
    proc = subprocess.run([sys.executable, str(script), ext, str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "None ran"
    assert ("without encryption" in proc.stderr) is not with_extension


def test_the_pages_packages_licences_are_copied_from_their_installs(tmp_path):
    """_ext/licences.py: one licence text for each package whose files the pages use,
    byte for byte the file the installed package carries; a package that is not
    installed stops the build with a message that says so."""
    from importlib import metadata

    licences = book_extension("licences")
    licences.write_licences(tmp_path)
    folder = tmp_path / licences.FOLDER
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{name}.txt" for name in licences.PAGE_PACKAGES)
    sphinx = metadata.distribution("sphinx")
    (own,) = [f for f in sphinx.files if f.name.startswith("LICENSE")]
    assert (folder / "sphinx.txt").read_bytes() == sphinx.locate_file(own).read_bytes()
    with pytest.raises(RuntimeError, match="no-such-package is not installed"):
        licences.licence_file("no-such-package")


def test_the_run_button_says_how_much_the_browser_will_fetch(tmp_path):
    """browser_python.write_size: the note beside the button gets the size of the files
    the site serves for Python in the page (the browser tests compare it with what a
    chapter fetches); a loader.js without the line to fill in stops the build."""
    import shutil

    browser_python = book_extension("browser_python")
    shutil.copy(REPO / "_browser" / "loader.js", tmp_path / "loader.js")
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "big.wasm").write_bytes(b"\0" * 2_600_000)
    (tmp_path / "worker.js").write_bytes(b"\0" * 900_000)
    assert browser_python.write_size(tmp_path) == 3_500_000
    assert 'var SIZE = "4 MB";' in (tmp_path / "loader.js").read_text(encoding="utf8")
    with pytest.raises(browser_python.AssetError, match="var SIZE"):
        browser_python.write_size(tmp_path)   # filled in already: the line is gone


def test_stream_merge_joins_printed_pieces_without_blank_lines():
    """_ext/stream_merge.py: a cell's printed pieces, cut just before a newline (as the
    kernel's flush timer now and then cuts them), become one text with nothing added;
    myst-nb's own merge, which the extension wraps, puts a blank line at such a cut."""
    from myst_nb.core import render
    from nbformat import v4

    stream_merge = book_extension("stream_merge")

    def pieces():
        return [v4.new_output("stream", name="stdout", text="a = 1"),
                v4.new_output("stream", name="stdout", text="\nb = 2\n"),
                v4.new_output("display_data", data={"text/plain": "x"}),
                v4.new_output("stream", name="stderr", text="careful\n"),
                v4.new_output("stream", name="stdout", text="c = 3\n")]

    def texts(outputs):
        return [(o["name"], o["text"]) for o in outputs if o["output_type"] == "stream"]

    original = render.coalesce_streams
    assert texts(original(pieces()))[0] == ("stdout", "a = 1\n\nb = 2\nc = 3\n")
    try:
        stream_merge.setup(None)
        stream_merge.setup(None)            # a rebuild: wrapped once, not twice
        assert render.coalesce_streams.__wrapped__ is original
        merged = render.coalesce_streams(pieces())
    finally:
        render.coalesce_streams = original
    assert texts(merged) == [("stdout", "a = 1\nb = 2\nc = 3\n"), ("stderr", "careful\n")]
    assert [o["output_type"] for o in merged].count("display_data") == 1


def _source_archive():
    return book_extension("source_archive")


def test_the_source_archive_holds_what_git_tracks_and_the_same_bytes_twice(
        tmp_path, monkeypatch):
    archive = _source_archive()
    project = tmp_path / "project"
    (project / "nnlib").mkdir(parents=True)
    (project / "nnlib" / "__init__.py").write_text("x = 1\n")
    (project / "run").write_text("#!/bin/sh\n")
    (project / "run").chmod(0o755)
    (project / "notes.txt").write_text("untracked\n")          # not the project's

    class Listed:             # what `git ls-files -z` prints for the two tracked files
        stdout = b"run\0nnlib/__init__.py\0"

    monkeypatch.setattr(archive.subprocess, "run", lambda *args, **kwargs: Listed)
    (project / ".venv").mkdir()
    (project / ".venv" / "lib.py").write_text("")
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert archive.write_archive(project, first) == 2
    archive.write_archive(project, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        names = z.namelist()
        mode = z.getinfo(f"{archive.NAME}/run").external_attr >> 16
    assert names == [f"{archive.NAME}/nnlib/__init__.py", f"{archive.NAME}/run"]
    assert mode & 0o111, "an executable script must stay executable"


def test_outside_git_the_source_archive_skips_the_tools_folders(tmp_path):
    archive = _source_archive()
    project = tmp_path / "unpacked"
    for name in ("README.md", "chapters/01.ipynb", ".venv/x.py", "_build/html/i.html",
                 ".cache/p.whl", "nnlib/__pycache__/a.pyc", "nnlib.egg-info/PKG-INFO"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("")
    assert archive.source_files(project) == ["README.md", "chapters/01.ipynb"]
