"""The stand-in for a machine whose rounding sets every network a hair off
(tests/perturbed_start), which CI puts on PYTHONPATH for one run of the notebooks: it must
really move every new network's weights, by about one part in 10^13, the same way on
every run, and touch nothing else.  Else that run would check nothing, or something
else."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

import nnlib

SHIM = Path(__file__).resolve().parent / "perturbed_start"

PROBE = r"""
import json
import numpy as np
import nnlib


class WithBiases(nnlib.Network):
    def __init__(self, sizes):
        super().__init__(sizes, rng=0)
        self.biases = [np.full(b.shape, 0.25) for b in self.biases]


net = nnlib.Network([3, 4, 2], rng=0)
relu = nnlib.Network([3, 4, 2], activation="relu", rng=0)
again = nnlib.Network([3, 4, 2], rng=0)
copied = net.copy()
published = nnlib.Network([2, 2])
published.weights = [np.full((2, 2), 0.5)]
print(json.dumps({
    "weights": [w.tolist() for w in net.weights],
    "relu": [w.tolist() for w in relu.weights],
    "the same start moves alike": all(np.array_equal(a, b)
                                      for a, b in zip(again.weights, net.weights)),
    "subclass weights": [w.tolist() for w in WithBiases([3, 4, 2]).weights],
    "subclass biases": [b.tolist() for b in WithBiases([3, 4, 2]).biases],
    "copy is the same": all(np.array_equal(a, b)
                            for a, b in zip(copied.weights, net.weights)),
    "assigned": published.weights[0].tolist(),
    "name": nnlib.Network.__init__.__qualname__,
    "module": nnlib.Network.__init__.__module__,
}))
"""


def probe(**env):
    env = {**os.environ, "PYTHONPATH": str(SHIM), **env}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    return json.loads(out)


def test_every_new_network_starts_about_one_part_in_ten_to_the_13_off():
    report = probe()
    for key, activation in (("weights", "sigmoid"), ("relu", "relu")):
        ours = nnlib.Network([3, 4, 2], activation=activation, rng=0).weights
        for moved, w in zip(report[key], ours):
            share = np.abs(np.array(moved) / w - 1)
            assert np.all(share > 0), "every weight moves"
            assert 1e-14 < np.median(share) < 1e-12
            assert share.max() < 1e-11
    # a subclass's network moves as any other; the biases it sets do not
    assert report["subclass weights"] == report["weights"]
    assert report["subclass biases"] == [[[0.25]] * 4, [[0.25]] * 2]


def test_the_same_rerun_every_time_and_another_with_another_seed():
    first = probe()
    assert probe()["weights"] == first["weights"]
    assert probe(PERTURBED_START="2")["weights"] != first["weights"]


def test_twins_made_from_the_same_start_stay_as_far_apart_as_the_chapter_put_them():
    # the same start, made twice, moves alike: a twin moved by 1e-15 afterwards stays
    # 1e-15 from its run, not 1e-13
    assert probe()["the same start moves alike"]


def test_the_wrapped_constructor_keeps_its_name():
    # an exercise check that refuses Network.__init__ as a shortcut finds it by name
    report = probe()
    assert (report["name"], report["module"]) == ("Network.__init__", "nnlib.network")


def test_copies_and_weights_assigned_later_are_left_alone():
    report = probe()
    assert report["copy is the same"]
    assert report["assigned"] == [[0.5, 0.5], [0.5, 0.5]]


def test_without_the_shim_nothing_moves():
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    ours = nnlib.Network([3, 4, 2], rng=0).weights
    assert json.loads(out)["weights"] == [w.tolist() for w in ours]
