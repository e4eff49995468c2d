"""Execute notebooks top to bottom, a few at a time, and store their outputs.

``make execute`` runs this on every chapter, in place; ``benchmarks/book_budget.py`` runs
it on a copy and reports its times.  Each notebook gets a fresh kernel started in the
notebook's own folder, so it runs exactly as it would in JupyterLab after "Restart
Kernel and Run All Cells".  Most of the book's cells keep one core busy (the chapters
that train hold numpy to one core), so on a machine with two cores two notebooks at a
time take about half as long as one after the other.  When more than one runs at a time,
each kernel's numpy is held to one core (``OPENBLAS_NUM_THREADS=1`` and its kin, unless
they are set already), so that the kernels do not fight over the cores and the timing
tables of chapters 4 and 7 are not disturbed.

The stored outputs do not change when nothing that makes them has changed:

* ``NNLIB_STATIC_ONLY=1`` leaves out the live widgets, whose ids are random (see
  ``nnlib.interactive.figure``); running a cell in JupyterLab brings them back;
* no execution times and no widget state are recorded (and timings an earlier run
  left in a cell's metadata are dropped);
* printed text is merged into one stream per cell, however the kernel flushed it.

The notebooks start longest first, as long as they took last time (kept in
``.cache/execute-times.json``; a notebook never timed counts as the longest), so that the
last to finish does not start late.

A notebook whose cell raises is left as it was on disk, and the error is printed with
the notebook's name; the others are still executed and written.  The exit status is 1
if any notebook failed.

Run:  .venv/bin/python tools/execute_notebooks.py [--jobs N] [--output-dir DIR] NOTEBOOK ...
"""

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
TIMES = ROOT / ".cache" / "execute-times.json"


def cell_timeout(config=ROOT / "_config.yml"):
    """The seconds a cell may take: the book's own limit, ``execute.timeout`` in
    ``_config.yml``, so that a notebook fails here exactly when it would fail the build."""
    timeout = yaml.safe_load(config.read_text(encoding="utf-8"))["execute"]["timeout"]
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ValueError(f"{config.name}: execute.timeout must be a positive number of "
                         f"seconds; it is {timeout!r}")
    return timeout


TIMEOUT = cell_timeout()
#: The kernels' traffic encrypted, as in the build (_ext/kernel_encryption.py says why).
ENCRYPTED = Config({"KernelManager": {"transport_encryption": "auto"}})


async def execute(path, output, slots, env):
    """Execute the notebook at ``path`` in a kernel with the environment ``env`` and
    write it to ``output``; return ``(seconds, error)``, with ``error`` None on
    success."""
    async with slots:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:   # timings a run elsewhere left (not recording adds none)
            cell.metadata.pop("execution", None)
        client = NotebookClient(
            nb, timeout=TIMEOUT, kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False, store_widget_state=False, config=ENCRYPTED)
        start = time.perf_counter()
        try:
            await client.async_execute(env=env)
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as err:
            return time.perf_counter() - start, f"{type(err).__name__}: {err}"
        seconds = time.perf_counter() - start
        nb, _ = CoalesceStreamsPreprocessor(enabled=True).preprocess(nb, {})
        output.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, output)
        return seconds, None


async def execute_all(paths, outputs, jobs, env, order):
    slots = asyncio.Semaphore(jobs)
    tasks = {i: asyncio.create_task(execute(paths[i], outputs[i], slots, env))
             for i in order}   # the semaphore lets them in in the order created
    return [await tasks[i] for i in range(len(paths))]


def run(paths, outputs, jobs, times=None):
    """Execute the notebooks ``paths`` into ``outputs``, ``jobs`` at a time.

    ``times`` is a JSON file of how long each notebook (by file name) took last
    time: it decides the order, and is updated.  Returns ``(wall, results)``: the
    seconds the whole run took, and one ``(seconds, error)`` per notebook,
    ``error`` None if it ran to the end.
    """
    env = dict(os.environ, NNLIB_STATIC_ONLY="1")
    if jobs > 1:
        # one core per kernel: a kernel whose numpy spread over every core would
        # slow the others down and upset the timings some chapters measure
        for variable in THREAD_VARIABLES:
            env.setdefault(variable, "1")
    last = _read_times(times)
    order = sorted(range(len(paths)),
                   key=lambda i: -last.get(paths[i].name, float("inf")))
    start = time.perf_counter()
    results = asyncio.run(execute_all(paths, outputs, jobs, env, order))
    wall = time.perf_counter() - start
    if times is not None:
        last.update({p.name: round(seconds, 1) for p, (seconds, error) in zip(paths, results)
                     if error is None})
        times.parent.mkdir(parents=True, exist_ok=True)
        times.write_text(json.dumps(last, indent=1, sort_keys=True) + "\n")
    return wall, results


def _read_times(path):
    """{notebook file name: seconds} from ``path``; empty if it is missing or unreadable."""
    try:
        times = json.loads(path.read_text())
    except (AttributeError, OSError, ValueError):   # None, missing, not JSON
        return {}
    if not isinstance(times, dict):
        return {}
    return {name: float(t) for name, t in times.items() if isinstance(t, (int, float))}


def _cores():
    """How many processor cores this process may use (a container or ``taskset``
    may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=_cores(),
                        help="notebooks executed at the same time (default: one per "
                             "processor core this process may use)")
    parser.add_argument("--output-dir", type=Path,
                        help="write the executed notebooks here instead of in place")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1; received {args.jobs}")
    missing = [str(p) for p in args.notebooks if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    paths = [p.resolve() for p in args.notebooks]
    outputs = [args.output_dir.resolve() / p.name if args.output_dir else p for p in paths]

    wall, results = run(paths, outputs, args.jobs, times=TIMES)
    for path, (seconds, error) in zip(args.notebooks, results):
        print(f"{'FAILED' if error else 'done':6} {seconds:6.1f} s  {path}")
    total = sum(seconds for seconds, _ in results)
    print(f"{len(paths)} notebooks, {args.jobs} at a time: {wall:.1f} s "
          f"({total:.1f} s of notebook time)")
    failed = [(path, error) for path, (_, error) in zip(args.notebooks, results) if error]
    for path, error in failed:
        print(f"\n{path} failed and was left as it was:\n{error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
