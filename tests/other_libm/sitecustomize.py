"""Make this Python's exp, log and tanh those of another maths library.

Put this folder on ``PYTHONPATH`` and Python imports this module as it starts (every
Python started from that environment, a notebook's kernel too).  It is for one check only:
CI runs the chapters' notebooks once with it, and every printed number must still come
out as stored.

Why: a learner on another operating system runs our notebooks with another C maths
library, whose ``exp`` and ``log`` may round a result the other way, one unit in the
last place (ulp) off from ours.  The notebooks' other reruns in CI change the BLAS
kernel and numpy's vector loops, never these functions; and a story that hangs on a
chaotic number (a run whose verdict a one-ulp change flips) would pass them all.

What it does: each float64 result of ``numpy.exp``, ``log``, ``tanh``, ``log1p``,
``expm1``, SciPy's ``expit`` and ``math.exp``, ``math.log`` moves one ulp up, one ulp
down or not at all, chosen by a hash of the input's bits.  So, like any real library,
it is a function: the same input gives the same output every time (a difference of two
equal computations is still exactly 0).  Results a real library gets exactly (0, 1,
infinity, NaN) are left alone.  Only float64 is changed; float32 and float16 pass
through.  It must be imported before the code that uses these functions is:
``from scipy.special import expit`` made before it keeps the original.
"""

import math
import os

import numpy as np
import scipy.special

_SALT = np.uint64(0x9E3779B97F4A7C15)   # spreads the input's bits over the hash
# another library for each number: OTHER_LIBM=2, 3, ... (CI runs the first)
_LIBRARY = np.uint64(int(os.environ.get("OTHER_LIBM", "1")))


def _moved(x, r):
    """``r``, the float64 result of a function at ``x``, moved by at most one ulp."""
    x = np.asarray(x, dtype=np.float64)
    result = np.array(r, dtype=np.float64)           # a copy, at least 1 number
    bits = np.broadcast_to(x, result.shape).view(np.uint64)
    with np.errstate(over="ignore"):                  # the product wraps around
        way = ((bits + _LIBRARY) * _SALT) >> np.uint64(62)   # 0 to 3: from x alone
    free = np.isfinite(result) & (result != 0) & (result != 1)
    down = free & (way == 0)
    up = free & (way == 1)
    result[down] = np.nextafter(result[down], -np.inf)
    result[up] = np.nextafter(result[up], np.inf)
    return result


def _numpy_like(original):
    """``original`` (a numpy function of one array) with every float64 result moved."""
    def other(x, *args, **kwargs):
        r = original(x, *args, **kwargs)
        if np.result_type(r) != np.float64 or args or kwargs:
            return r
        moved = _moved(x, r)
        return moved if isinstance(r, np.ndarray) else np.float64(moved[()])
    other.__wrapped__ = original
    other.__name__ = original.__name__
    return other


def _math_like(original):
    """``original`` (a ``math`` function of one number) with its result moved."""
    def other(x, *args):
        r = original(x, *args)
        if args or not isinstance(r, float) or abs(x) > 1e308:   # log(x, base), 10**400
            return r
        return float(_moved(x, r)[()])
    other.__wrapped__ = original
    other.__name__ = original.__name__
    return other


for _name in ("exp", "log", "tanh", "log1p", "expm1"):
    setattr(np, _name, _numpy_like(getattr(np, _name)))
scipy.special.expit = _numpy_like(scipy.special.expit)
math.exp = _math_like(math.exp)
math.log = _math_like(math.log)
