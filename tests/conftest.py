"""Shared helpers for the tests: random networks and batches from seeded generators, and
the headless Chromium of the browser tests (one for the whole run), and the book's
Sphinx extensions loaded as modules."""

import importlib
import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

import nnlib
from reference_backprop import per_example_backprop

#: The folder of the book's own Sphinx extensions (_config.yml's local_extensions).
EXTENSIONS = Path(__file__).resolve().parents[1] / "_ext"

ACTIVATIONS = ["sigmoid", "tanh", "relu", "identity"]
COSTS = ["quadratic", "cross_entropy"]


def random_case(seed):
    """A random architecture (1 to 4 hidden layers), activation, cost and batch (1..64)
    in which every layer's weights have a gradient that is not zero.

    Drawn again from the same generator while some layer's gradient, by the tests'
    per-example reference, is all zeros (ReLU units that are off for every example):
    there a comparison of zeros with zeros would pass whatever backprop computed.
    """
    rng = np.random.default_rng(seed)
    while True:
        net, X, Y = _draw_case(rng, seed)
        _, ref_w = per_example_backprop(net.weights, net.biases, X, Y,
                                        net.activation.name, net.cost_function.name)
        if all(np.any(g) for g in ref_w):
            return net, X, Y


def _draw_case(rng, seed):
    depth = int(rng.integers(1, 5))
    sizes = [int(n) for n in rng.integers(2, 7, size=depth + 2)]
    activation = ACTIVATIONS[seed % len(ACTIVATIONS)]
    cost = COSTS[(seed // len(ACTIVATIONS)) % len(COSTS)]
    if cost == "cross_entropy":
        sizes[-1] = max(sizes[-1], 2)
    m = int(rng.choice([1, 2, 7, 16, 33, 64]))
    net = nnlib.Network(sizes, activation=activation, cost=cost, rng=rng)
    # biases away from zero, so that most layers' units are on
    net.biases = [rng.normal(0, 0.5, size=b.shape) for b in net.biases]
    X = rng.normal(0, 1, size=(sizes[0], m))
    if cost == "cross_entropy":
        Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], size=m)]
    else:
        Y = rng.uniform(0, 1, size=(sizes[-1], m))
    return net, X, Y


@pytest.fixture
def rng():
    return np.random.default_rng(20261130)


# -------------------------------------------------------------- the book's extensions

def book_extension(name):
    """The module ``_ext/<name>.py``, imported as the build imports it: the folder is on
    ``sys.path`` only while it is imported, so no other test finds its modules there."""
    sys.path.insert(0, str(EXTENSIONS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(EXTENSIONS))


# --------------------------------------------------------------------------- Chromium

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Where the macOS apps keep the browser, which is not on PATH there.
CHROMIUM_APPS = ("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
                 "/Applications/Chromium.app/Contents/MacOS/Chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium():
    """The browser for the tests: the one $CHROMIUM names (a path or a command), else
    the first of CHROMIUM_NAMES on PATH, else a macOS app; None if there is none.
    A $CHROMIUM that names no program is an error, not a silent fall-back."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise FileNotFoundError(
                f"CHROMIUM={chosen!r} names no program that can run; set it to the "
                "path of a Chromium or Google Chrome, or unset it to let the tests "
                "look for one")
        return found
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((app for app in CHROMIUM_APPS if os.access(app, os.X_OK)), None)


@pytest.fixture(scope="session")
def browser():
    try:
        executable = find_chromium()
    except FileNotFoundError as err:
        pytest.fail(str(err), pytrace=False)
    if executable is None:
        pytest.fail("No Chromium found on PATH (looked for "
                    f"{', '.join(CHROMIUM_NAMES)}) nor among the macOS apps; "
                    "name one with CHROMIUM=/path/to/chrome, or install one, e.g. "
                    "`sudo apt-get install chromium` on Debian (Ubuntu's package is a "
                    "snap, which does not run in containers); Playwright's own browser "
                    "download is not used.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True,
                                    args=CHROMIUM_ARGS)
        yield browser
        browser.close()
