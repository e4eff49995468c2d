"""tools/execute_notebooks.py, which ``make execute`` runs: outputs stored reproducibly,
several notebooks at a time, and a failing notebook left as it was."""

import importlib.util
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_notebook

TOOL = Path(__file__).resolve().parents[1] / "tools" / "execute_notebooks.py"
spec = importlib.util.spec_from_file_location("execute_notebooks", TOOL)
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)


@pytest.fixture(autouse=True)
def times_in_tmp(tmp_path, monkeypatch):
    """Keep the tests' notebooks out of the repository's record of times."""
    monkeypatch.setattr(execute_notebooks, "TIMES", tmp_path / "times.json")
    return tmp_path / "times.json"


def notebook(path, *sources):
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_outputs_are_stored_reproducibly(tmp_path, monkeypatch):
    monkeypatch.delenv("NNLIB_STATIC_ONLY", raising=False)
    (tmp_path / "data.txt").write_text("read from the notebook's own folder")
    good = notebook(
        tmp_path / "good.ipynb",
        "import os, sys\nprint('one', flush=True)\nprint('two', flush=True)",
        "print(open('data.txt').read())",
        "print(os.environ.get('NNLIB_STATIC_ONLY'), "
        "os.environ.get('OPENBLAS_NUM_THREADS'))")
    other = notebook(tmp_path / "other.ipynb", "6 * 7")
    # timings that a run with them switched on left behind
    stale = nbformat.read(other, as_version=4)
    stale.cells[0].metadata["execution"] = {"iopub.status.busy": "2026-11-30T10:00:00Z"}
    nbformat.write(stale, other)
    assert execute_notebooks.main([str(good), str(other), "--jobs", "2"]) == 0
    cells = nbformat.read(good, as_version=4).cells
    # the two flushed prints are one stream, as the stored chapters have it
    assert [o["text"] for o in cells[0].outputs] == ["one\ntwo\n"]
    assert cells[1].outputs[0]["text"] == "read from the notebook's own folder\n"
    # no widgets in the stored outputs; numpy on one core per kernel with 2 at a time
    expected = os.environ.get("OPENBLAS_NUM_THREADS", "1")
    assert cells[2].outputs[0]["text"] == f"1 {expected}\n"
    assert all("execution" not in c.metadata for c in cells)   # no timings
    other_cell = nbformat.read(other, as_version=4).cells[0]
    assert other_cell.outputs[0]["data"] == {"text/plain": "42"}
    assert "execution" not in other_cell.metadata
    # set for the kernels only, not for this process and the tests after this one
    assert "NNLIB_STATIC_ONLY" not in os.environ
    before = good.read_bytes()
    assert execute_notebooks.main([str(good), "--jobs", "2"]) == 0
    assert good.read_bytes() == before


def test_the_kernels_traffic_is_encrypted(tmp_path, capfd):
    """Each kernel gets CurveZMQ keys, as the build's do (_ext/kernel_encryption.py):
    ipykernel warns on its standard error when it starts over TCP without them."""
    good = notebook(tmp_path / "good.ipynb", "print('fine')")
    assert execute_notebooks.main([str(good)]) == 0
    out, err = capfd.readouterr()
    assert "without encryption" not in out + err


def test_a_failing_notebook_is_left_as_it_was(tmp_path, capsys):
    bad = notebook(tmp_path / "bad.ipynb", "print('fine')", "1 / 0")
    good = notebook(tmp_path / "good.ipynb", "print('fine')")
    before = bad.read_bytes()
    assert execute_notebooks.main([str(bad), str(good)]) == 1
    assert bad.read_bytes() == before
    assert nbformat.read(good, as_version=4).cells[0].outputs[0]["text"] == "fine\n"
    out, err = capsys.readouterr()
    assert "FAILED" in out and "ZeroDivisionError" in err and "bad.ipynb" in err


def test_output_dir_leaves_the_original(tmp_path):
    nb = notebook(tmp_path / "nb.ipynb", "print('hi')")
    before = nb.read_bytes()
    assert execute_notebooks.main([str(nb), "--output-dir", str(tmp_path / "out")]) == 0
    assert nb.read_bytes() == before
    assert nbformat.read(tmp_path / "out" / "nb.ipynb", as_version=4).cells[0].outputs


def test_the_longest_last_time_starts_first(tmp_path, times_in_tmp):
    log = tmp_path / "log.txt"
    names = ["quick", "slow", "new"]
    for name in names:
        notebook(tmp_path / f"{name}.ipynb",
                 f"with open({str(log)!r}, 'a') as f: f.write('{name} ')")
    times_in_tmp.write_text(json.dumps({"quick.ipynb": 1.0, "slow.ipynb": 9.0}))
    paths = [str(tmp_path / f"{name}.ipynb") for name in names]
    assert execute_notebooks.main(paths + ["--jobs", "1"]) == 0
    # never timed counts as the longest; then the slow one; the quick one last
    assert log.read_text() == "new slow quick "
    recorded = json.loads(times_in_tmp.read_text())
    assert set(recorded) == {f"{name}.ipynb" for name in names}
    assert all(seconds > 0 for seconds in recorded.values())


def test_an_unreadable_record_of_times_is_ignored(tmp_path, times_in_tmp):
    times_in_tmp.write_text("not JSON")
    nb = notebook(tmp_path / "nb.ipynb", "1")
    assert execute_notebooks.main([str(nb)]) == 0
    assert set(json.loads(times_in_tmp.read_text())) == {"nb.ipynb"}


def test_bad_arguments(tmp_path, capsys, monkeypatch):
    # a command line that would run: the tool must parse the list it is given
    monkeypatch.setattr(sys, "argv", ["execute_notebooks.py",
                                      str(notebook(tmp_path / "ok.ipynb", "1"))])
    for argv, message in (([str(tmp_path / "missing.ipynb")], "no such notebook"),
                          ([str(notebook(tmp_path / "a.ipynb", "1")), "--jobs", "0"],
                           "--jobs must be at least 1")):
        try:
            execute_notebooks.main(argv)
        except SystemExit as exit_:
            assert exit_.code == 2
        else:
            raise AssertionError("a bad argument must stop the tool")
        assert message in capsys.readouterr().err


def test_the_cell_timeout_is_the_books(tmp_path):
    book = yaml.safe_load((TOOL.parents[1] / "_config.yml").read_text(encoding="utf-8"))
    assert execute_notebooks.TIMEOUT == book["execute"]["timeout"]
    config = tmp_path / "_config.yml"
    config.write_text("execute:\n  timeout: 7.5\n", encoding="utf-8")
    assert execute_notebooks.cell_timeout(config) == 7.5
    for bad in ("-1", "'two minutes'", "true"):
        config.write_text(f"execute:\n  timeout: {bad}\n", encoding="utf-8")
        with pytest.raises(ValueError, match="execute.timeout must be a positive"):
            execute_notebooks.cell_timeout(config)
