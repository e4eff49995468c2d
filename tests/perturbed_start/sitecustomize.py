"""Start every network a hair off: new ``nnlib.Network`` weights times ``1 + 1e-13 ε``.

Put this folder on ``PYTHONPATH`` and Python imports this module as it starts (every
Python started from that environment, a notebook's kernel too).  It is for one check only:
CI runs the chapters' notebooks once with it, and every printed number must still come
out as stored.

Why: another machine's rounding changes the last bits of a training run from its first
step, and a run near chaos blows such a change up.  The reruns as other processors and
with another maths library change the arithmetic by what those machines change it by,
a unit or so in the last place; a run that blows a change up a thousandfold more than
they happened to would still pass them, and fail on the next machine.  A change of one
part in 10^13, a thousand units of rounding, leaves room: what stays the same after it
is not balanced on the last bits.  It is the check CONTRIBUTING asks of every new
experiment, made on all of them at once.

What it does: when ``nnlib.network`` is first imported, ``Network.__init__`` is wrapped
so that after it has drawn the weights, each is multiplied by ``1 + 1e-13 ε``, ``ε``
standard normal numbers drawn from the weights themselves (a generator seeded by
``PERTURBED_START``, 1 if unset, and a hash of the array's bytes).  So the same start
always moves the same way: a rerun is the same rerun, and a chapter's twin networks,
made from the same seed and then moved apart by one part in 10^15, stay exactly that far
apart.  Weights assigned later (a chapter that sets a published network's numbers) are
not touched; nor are copies, or a module reloaded with ``importlib.reload`` (the hook
wraps the first import only; no chapter reloads).
"""

import functools
import hashlib
import importlib.abc
import importlib.util
import os
import sys

SHARE = 1e-13           # of each weight: about a thousand units of rounding


def _perturb(network_class):
    """Wrap ``network_class.__init__`` so that every new network starts a hair off."""
    import numpy as np

    original = network_class.__init__
    seed = int(os.environ.get("PERTURBED_START", "1"))

    def noise(w):
        # from the seed and the array's bytes: equal starts move alike
        digest = hashlib.blake2b(w.tobytes(), digest_size=16).digest()
        words = np.frombuffer(digest, dtype=np.uint32)
        return np.random.default_rng([seed, *words]).standard_normal(w.shape)

    # named as the original, so that what looks for Network.__init__ (an exercise
    # check that refuses it as a shortcut, an error message) still finds it
    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.weights = [w * (1 + SHARE * noise(w)) for w in self.weights]

    network_class.__init__ = __init__


class _WhenNetworkIsImported(importlib.abc.MetaPathFinder):
    """Finds ``nnlib.network`` as Python would, and wraps its ``Network`` once loaded."""

    def find_spec(self, name, path, target=None):
        if name != "nnlib.network":
            return None
        sys.meta_path.remove(self)          # find it the ordinary way, once
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            _perturb(module.Network)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _WhenNetworkIsImported())
