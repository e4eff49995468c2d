"""show_source displays nnlib's real, current source."""

import inspect

import pytest

import nnlib
from nnlib.book.source import show_source


def test_source_is_the_real_source():
    shown = show_source(nnlib.Network.backward)
    assert shown.code == inspect.getsource(nnlib.Network.backward).replace("\n    ", "\n")[4:].rstrip("\n")
    assert repr(shown).startswith("# nnlib.network.Network.backward\ndef backward(self")
    assert "nnlib-source" in shown._repr_html_()


def test_module_source():
    assert show_source(nnlib.activations).title == "nnlib.activations"


def test_no_source_is_a_clear_error():
    with pytest.raises(ValueError, match="no source available"):
        show_source(len)


def test_marked_lines_are_set_off_and_must_be_found():
    shown = show_source(nnlib.train.descent_step, mark=("def descent_step", "return"))
    n_lines = shown.code.count("\n") + 1
    assert shown.marked[0] == 1 and len(shown.marked) >= 2
    assert shown.marked == list(range(1, shown.marked[-1] + 1))
    assert "return" in shown.code.split("\n")[shown.marked[-1] - 1]
    assert shown.marked[-1] <= n_lines
    assert shown._repr_html_().count('class="hll"') == len(shown.marked)
    assert repr(shown).count("\n▌ ") == len(shown.marked)
    # a mark inside: only the lines from first to last, not the whole listing
    inner = show_source(nnlib.train.descent_step, mark=("g = _checked", "return"))
    lines = inner.code.split("\n")
    assert inner.marked == [len(lines) - 1, len(lines)]
    assert lines[inner.marked[0] - 1].lstrip().startswith("g = _checked_gradient")
    assert repr(inner).count("▌") == 3   # the title's note and the two lines
    with pytest.raises(ValueError, match="no line of nnlib.train.descent_step contains"):
        show_source(nnlib.train.descent_step, mark=("no such text", "return"))
    with pytest.raises(ValueError, match="after 'return' contains 'def '"):
        show_source(nnlib.train.descent_step, mark=("return", "def "))


def test_the_title_of_a_nested_function_is_text_not_a_tag():
    from nnlib import train
    # <locals> would be read by a browser as the start of a tag and vanish
    html = show_source(train._checked_gradient(len, 1))._repr_html_()
    assert ">nnlib.train._checked_gradient.&lt;locals&gt;.checked</div>" in html
