"""The stand-in for another maths library (tests/other_libm), which CI puts on
PYTHONPATH for one run of the notebooks: it must really change exp and log, by one unit in
the last place at most, as a function of the input, and leave alone what any library
gets exactly.  Else that run would check nothing, or something no machine does."""

import json
import os
import subprocess
import sys
from pathlib import Path

SHIM = Path(__file__).resolve().parent / "other_libm"

PROBE = r"""
import json, math
import numpy as np, scipy.special

x = np.linspace(-20, 20, 4001)
report = {}
for f, xs in ((np.exp, x), (np.log, np.abs(x) + 0.01), (np.tanh, x),
              (np.log1p, np.abs(x)), (np.expm1, x), (scipy.special.expit, x)):
    new, old = f(xs), f.__wrapped__(xs)
    neighbour = ((new == np.nextafter(old, np.inf))
                 | (new == np.nextafter(old, -np.inf)))
    report[f.__name__] = {
        "moved": float(np.mean(new != old)),
        "next float": bool(np.all((new == old) | neighbour)),
        "again": bool(np.array_equal(f(xs), new)),
        "one at a time": bool(all(f(np.float64(v)) == n for v, n in zip(xs[::97], new[::97]))),
    }
report["exact"] = [float(np.exp(0.0)), float(np.log(1.0)), float(np.tanh(0.0)),
                   float(scipy.special.expit(800.0)), repr(np.exp(np.array([-np.inf, np.nan])))]
report["float32"] = bool(np.exp(np.float32(0.3)) == np.exp.__wrapped__(np.float32(0.3)))
values = np.linspace(0.1, 9, 200)
report["math moved"] = sum(math.exp(v) != math.exp.__wrapped__(v) for v in values)
report["math again"] = all(math.exp(v) == math.exp(v) for v in values)
report["log base"] = math.log(8, 2)
report["huge"] = math.log(10 ** 400)
print(json.dumps(report))
"""


def probe():
    env = {**os.environ, "PYTHONPATH": str(SHIM)}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                         text=True, check=True, timeout=120).stdout
    return json.loads(out)


def test_another_library_rounds_about_half_the_results_the_other_way():
    report = probe()
    for name in ("exp", "log", "tanh", "log1p", "expm1", "expit"):
        result = report[name]
        assert 0.4 < result["moved"] < 0.6, (name, result)
        assert result["next float"], (name, result)    # one ulp, no more
        # a function, as a real library is: the same input, the same output
        assert result["again"] and result["one at a time"], (name, result)
    assert 60 < report["math moved"] < 140 and report["math again"]


def test_what_every_library_gets_exactly_is_left_alone():
    report = probe()
    assert report["exact"][:4] == [1.0, 0.0, 0.0, 1.0]
    assert report["exact"][4] == "array([ 0., nan])"
    assert report["float32"]
    assert report["log base"] == 3.0 and 921 < report["huge"] < 922
