"""Text in the book's figures is written in colours that read: 4.5 : 1 or more against
the white page (WCAG 2 AA for text, images of text included).  The dark mode inverts
figures and keeps that contrast (book.css, section 1; measured in Chromium when the
shades were chosen).  The contrast is computed from WCAG's definition (tests/contrast.py)."""

import ast
import json
from pathlib import Path

import pytest

from contrast import contrast
from nnlib.figures import style

REPO = Path(__file__).resolve().parents[1]
WHITE = "#ffffff"


def test_the_text_shades_read_where_the_palette_does_not():
    for colour, shade in style.TEXT_SHADES.items():
        assert contrast(colour, WHITE) < 4.5 <= contrast(shade, WHITE), (colour, shade)
        assert style.text_colour(colour) == shade
    for colour in (style.BLUE, style.INK, style.MUTED):
        assert contrast(colour, WHITE) >= 4.5 and style.text_colour(colour) == colour


PALETTE = {name: getattr(style, name) for name in dir(style)
           if name.isupper() and isinstance(getattr(style, name), str)
           and getattr(style, name).startswith("#")}
TEXT_CALLS = {"text", "annotate", "set_title", "suptitle"}


def faint_text_colours(tree):
    """``(line, name)`` of every text call whose ``color=`` is a name standing for a
    colour below 4.5 : 1 on white (the palette's names, and aliases such as
    ``TRUE, PREDICTED = VERMILION, BLUE`` made of them)."""
    names = dict(PALETTE)
    for node in ast.walk(tree):              # aliases: A = B and A, B = C, D
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            pairs = (zip(target.elts, value.elts)
                     if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
                     else [(target, value)])
            for t, v in pairs:
                if isinstance(t, ast.Name) and isinstance(v, ast.Name) and v.id in names:
                    names[t.id] = names[v.id]
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in TEXT_CALLS):
            for keyword in node.keywords:
                value = keyword.value
                if (keyword.arg in ("color", "c") and isinstance(value, ast.Name)
                        and value.id in names and contrast(names[value.id], WHITE) < 4.5):
                    found.append((node.lineno, value.id))
    return found


def sources():
    for path in sorted((REPO / "nnlib" / "figures").glob("*.py")):
        yield path.name, path.read_text(encoding="utf8")
    for path in sorted((REPO / "chapters").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf8"))["cells"]
        code = "\n\n".join("".join(c["source"]) for c in cells
                           if c["cell_type"] == "code"
                           and not "".join(c["source"]).lstrip().startswith(("%", "!")))
        yield path.name, code


@pytest.mark.parametrize("name, source", list(sources()), ids=lambda v: v[:30])
def test_no_figure_writes_text_in_a_faint_colour(name, source):
    found = faint_text_colours(ast.parse(source))
    assert not found, (f"{name}: text in a colour under 4.5 : 1 on white (use "
                       f"style.text_colour): {found}")


def test_the_check_finds_text_in_a_faint_colour():
    source = ("from style import VERMILION\nTRUE, X = VERMILION, BLUE\n"
              "ax.text(0, 0, 'a', color=TRUE)\nax.text(0, 0, 'b', color=BLUE)\n"
              "ax.annotate('c', (0, 0), color=text_colour(TRUE))\n")
    assert faint_text_colours(ast.parse(source)) == [(3, "TRUE")]
