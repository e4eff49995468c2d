"""The shared input checks, against numpy's own element-by-element answers."""

import numpy as np
import pytest

from nnlib import checks


def _arrays(rng):
    """Lists of float arrays, some with an ∞ or a NaN, some whose sum overflows."""
    for _ in range(200):
        arrays = [rng.normal(size=rng.integers(1, 5, size=2)) for _ in range(rng.integers(1, 4))]
        kind = rng.integers(4)
        a = arrays[rng.integers(len(arrays))]
        at = tuple(rng.integers(n) for n in a.shape)
        if kind == 1:
            a[at] = rng.choice([np.inf, -np.inf, np.nan])
        elif kind == 2:                      # finite, but the sum is ∞
            a[...] = 1e308
        elif kind == 3:                      # +∞ and -∞ sum to NaN, as huge ones cancel
            a[...] = 1e308
            a[at] = -np.inf
        yield arrays


def test_all_finite_agrees_with_isfinite_entry_by_entry():
    for arrays in _arrays(np.random.default_rng(0)):
        expected = all(np.isfinite(a).all() for a in arrays)
        assert checks.all_finite(arrays) is expected


def test_first_non_finite_is_the_first_in_c_order():
    a = np.zeros((3, 4))
    assert checks.first_non_finite(a) is None
    a[2, 0], a[1, 3] = np.nan, -np.inf
    assert checks.first_non_finite(a) == (1, 3)


@pytest.mark.parametrize("value, received", [(3.0, "float"), (None, "NoneType")])
def test_function_names_what_it_received(value, received):
    with pytest.raises(ValueError, match=rf"^grad must be a function of w, such as f; "
                                         rf"received {received} \(pass the function, "
                                         rf"not its value\)$"):
        checks.function(value, "grad", "of w", "f")
    assert checks.function(len, "grad", "of w") is len
