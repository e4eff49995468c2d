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
