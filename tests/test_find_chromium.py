"""Which browser the browser tests take: the one $CHROMIUM names, else one on PATH."""

import sys

import pytest

from conftest import find_chromium


def test_chromium_names_the_browser(monkeypatch):
    monkeypatch.setenv("CHROMIUM", sys.executable)
    assert find_chromium() == sys.executable


def test_a_chromium_that_names_nothing_is_an_error(monkeypatch, tmp_path):
    missing = str(tmp_path / "no-such-chrome")
    monkeypatch.setenv("CHROMIUM", missing)
    with pytest.raises(FileNotFoundError, match="names no program") as err:
        find_chromium()
    assert missing in str(err.value)


def test_without_chromium_the_path_is_searched(monkeypatch, tmp_path):
    monkeypatch.delenv("CHROMIUM", raising=False)
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium() == str(fake)
