"""The chapter notebooks' metadata, which decides how they open in JupyterLab.

* A worked solution (a code cell tagged ``hide-cell``, folded away in the book) has its
  code collapsed in JupyterLab too (``jupyter.source_hidden``), so a learner meets the
  exercise before its answer; and no other cell is collapsed, so nothing else is hidden
  from the learner by accident.  The stored notebooks collapse the solutions' outputs as
  well (``jupyter.outputs_hidden``), but that is not required here: JupyterLab unfolds a
  cell's output whenever it runs the cell, so a chapter a learner has run and saved has
  lost it, and must still pass.  A solution's first line is ``# Solution``: it says what
  the cell is and gives nothing away (the docstring of a function may).
* Each notebook names its kernel with the display name of the installed ``python3``
  kernel; with any other name JupyterLab rewrites it on opening, and the chapter shows as
  modified before the learner has touched it.
* No cell keeps the times of a run (``execution``), which would change the file at every
  run.

These keys are cell and notebook metadata: the book ignores them; ``make execute`` keeps
the first two and drops the times.
"""

import re
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager

CHAPTERS = sorted((Path(__file__).resolve().parents[1] / "chapters").glob("*.ipynb"))


def read(path):
    return nbformat.read(path, as_version=4)


def test_every_chapter_of_the_table_of_contents_is_checked():
    # an empty CHAPTERS would leave every test below with nothing to check
    toc = (Path(__file__).resolve().parents[1] / "_toc.yml").read_text(encoding="utf8")
    listed = [line.split("file:")[1].strip() for line in toc.splitlines()
              if "file: chapters/" in line]
    assert [f"chapters/{p.stem}" for p in CHAPTERS] == listed and len(listed) >= 7


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_solutions_and_only_solutions_are_collapsed(path):
    problems = []
    for number, cell in enumerate(read(path).cells):
        is_solution = "hide-cell" in cell.metadata.get("tags", [])
        jupyter = cell.metadata.get("jupyter", {})
        if is_solution and not jupyter.get("source_hidden"):
            problems.append(f"cell {number} (hide-cell) does not have its code collapsed")
        if is_solution and not cell.source.startswith("# Solution\n"):
            problems.append(f"cell {number} (hide-cell) does not begin with the line "
                            "'# Solution'")
        hidden = [key for key in ("source_hidden", "outputs_hidden") if jupyter.get(key)]
        if not is_solution and hidden:
            problems.append(f"cell {number} is collapsed ({', '.join(hidden)}) but is not "
                            "a hide-cell solution: a learner would not see it")
    assert not problems, (
        f"{path.name}:\n  " + "\n  ".join(problems) + "\nIn JupyterLab: select the cell, "
        "View > Collapse Selected Code and Collapse Selected Outputs (Expand... to undo), "
        "then save.")


def test_kernel_display_name_is_the_installed_one():
    installed = KernelSpecManager().get_kernel_spec("python3").display_name
    wrong = {p.name: read(p).metadata.get("kernelspec", {}).get("display_name")
             for p in CHAPTERS}
    wrong = {name: shown for name, shown in wrong.items() if shown != installed}
    assert not wrong, (f"kernelspec.display_name should be {installed!r} (the python3 "
                       f"kernel's), so that JupyterLab does not rewrite it on opening: {wrong}")


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_code_lines_fit_the_book_column(path):
    """At most 79 characters a line: the book's column shows that much without
    wrapping or scrolling (the site test measures the rendered listings too)."""
    long = [f"cell {number}: {len(line)} characters: {line.strip()[:50]}"
            for number, cell in enumerate(read(path).cells) if cell.cell_type == "code"
            for line in cell.source.splitlines() if len(line) > 79]
    assert not long, f"{path.name}:\n  " + "\n  ".join(long)


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_nnlib_source_shown_in_a_chapter_fits_the_book_column(path):
    """The same 79 characters for the library code a chapter shows with
    ``show_source`` (read from its stored listing, which strict nbval keeps equal
    to the current source; in a listing with marked lines, every line starts with
    two characters, "▌ " or two spaces, that are not part of the code)."""
    long = []
    for number, cell in enumerate(read(path).cells):
        if cell.cell_type != "code" or not cell.source.startswith("show_source("):
            continue
        for output in cell.outputs:
            title, *lines = output.get("data", {}).get("text/plain", "").splitlines()
            for line in lines:
                code = line[2:] if title.endswith("(the lines marked ▌)") else line
                if len(code) > 79:
                    long.append(f"cell {number}: {len(code)} characters: {code.strip()[:50]}")
    assert not long, f"{path.name}:\n  " + "\n  ".join(long)


def test_every_static_figure_has_alt_text_and_a_numbered_caption():
    """A figure a cell stores (a PNG output) carries its words in the cell's metadata:
    ``mystnb.image.alt`` for readers who cannot see it, and ``mystnb.figure``'s
    ``caption`` and ``name``, which number it (Fig. 2.3) and say how to read it where
    the reader looks.  Names are unique across the book (they are Sphinx labels)."""
    problems, names = [], {}
    for path in CHAPTERS:
        for number, cell in enumerate(read(path).cells):
            if cell.cell_type != "code" or not any(
                    "image/png" in out.get("data", {}) for out in cell.outputs):
                continue
            meta = cell.metadata.get("mystnb", {})
            figure = meta.get("figure", {})
            where = f"{path.stem}, code cell {number}"
            if not meta.get("image", {}).get("alt", "").strip():
                problems.append(f"{where}: no alt text (mystnb.image.alt)")
            if not figure.get("caption", "").strip():
                problems.append(f"{where}: no caption (mystnb.figure.caption)")
            name = figure.get("name")
            if not name:
                problems.append(f"{where}: no name (mystnb.figure.name)")
            elif name in names:
                problems.append(f"{where}: name {name!r} already used in {names[name]}")
            else:
                names[name] = where
    assert not problems, "\n".join(problems)


def test_no_cell_keeps_the_times_of_a_run():
    """Timestamps in a cell's metadata (``execution``: JupyterLab's "record timing", or
    a run with timing on) change at every run and say nothing to a reader: each
    re-execution would rewrite the chapter's file for nothing."""
    timed = {p.name: n for p in CHAPTERS
             if (n := sum("execution" in c.metadata for c in read(p).cells))}
    assert not timed, (f"cells with execution times, by chapter: {timed}; `make execute` "
                       "drops them (tools/execute_notebooks.py)")


def _numbers(text):
    """The numbers written in ``text`` (true minus signs read as hyphens), as strings."""
    return re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?", text.replace("\u2212", "-"))


def _as_printed(number):
    """``number`` (a string) and each rounding of it to fewer decimals."""
    whole, _, decimals = number.partition(".")
    value = float(number)
    return {f"{value:.{d}f}" for d in range(len(decimals) + 1)} | {number, whole}


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_the_numbers_in_a_figures_words_come_from_the_page(path):
    """A figure's alt text and caption are written by hand, in the cell's metadata, so
    a number in them could outlive a change to the code that drew the figure.  Each
    number in them must appear in the chapter's code or in what its cells printed,
    exactly or rounded (0.57 for a printed 0.574443)."""
    notebook = read(path)
    found = set()
    for cell in notebook.cells:
        texts = [cell.source]
        for out in cell.get("outputs", []):
            texts.append(out.get("text", ""))
            texts += [out.get("data", {}).get(kind, "")
                      for kind in ("text/plain", "text/html", "text/markdown")]
        for text in texts:
            for number in _numbers("".join(text)):
                found |= _as_printed(number)
    unexplained = []
    for number, cell in enumerate(notebook.cells):
        mystnb = cell.metadata.get("mystnb", {})
        words = [mystnb.get("image", {}).get("alt", ""),
                 mystnb.get("figure", {}).get("caption", "")]
        for text in words:
            unexplained += [f"cell {number}: {n}" for n in _numbers(text)
                            if n not in found]
    assert not unexplained, (
        f"{path.name}: numbers in a figure's alt text or caption that neither its code "
        "nor its outputs contain:\n  " + "\n  ".join(unexplained))


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_equations_are_cited_within_their_own_chapter(path):
    # the book would resolve a label from another chapter, but JupyterLab looks only
    # inside the open notebook and shows "Cross Reference Not Found"
    cells = [cell.source for cell in read(path).cells if cell.cell_type == "markdown"]
    text = "\n".join(cells)
    labels = set(re.findall(r"\$\$[ \t]*\(([\w-]+)\)", text))
    cited = set(re.findall(r"\{eq\}`([\w-]+)`", text))
    assert labels and not cited - labels, (
        f"{path.name} cites equations of another chapter: {sorted(cited - labels)}; "
        f"name them in words")
