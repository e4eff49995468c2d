"""Input checks shared by the library: each failure is a ``ValueError`` that says what
was expected and what was received, so a learner can fix the call at once.

This module only inspects arguments; it never changes them.
"""

import inspect
import math
import numbers

import numpy as np


def as_matrix(X, rows, name):
    """Return ``X`` as a float array of shape ``(rows, m)``, plus whether it was 1-D.

    A 1-D ``X`` of length ``rows`` is one example and becomes a single column.
    """
    given, X = X, rectangular(X, name)
    if X.dtype.kind == "c":   # numpy would drop the imaginary parts with only a warning
        raise ValueError(f"{name} must hold real numbers; received complex numbers "
                         f"(take the real part, {name}.real, or the size, abs({name}))")
    if X.dtype.kind not in "fbiu":   # None would become a 0-d NaN, text an error
        raise ValueError(f"{name} must be an array of numbers; received "
                         f"{_received(given, X)}")
    A = np.asarray(X, dtype=float)
    was_1d = A.ndim == 1
    if was_1d:
        if A.size != rows:
            raise ValueError(
                f"{name} is 1-D with {A.size} numbers, and a 1-D {name} is read as one "
                f"example, which needs {rows}; for {A.size} examples of {rows} number(s) "
                f"each, pass a 2-D array with one example per column"
                f"{_one_row_hint(A, rows, name)}")
        A = A.reshape(-1, 1)
    if A.ndim != 2:
        raise ValueError(
            f"{name} must have shape ({rows}, m) with examples as columns (or be one example of "
            f"length {rows}); received an array with shape {A.shape}"
        )
    if A.shape[0] != rows:
        hint = _transposed_hint(A.shape, rows, name)
        raise ValueError(
            f"{name} must have {rows} rows, one per neuron of its layer; received shape "
            f"{A.shape}{hint}"
        )
    if A.shape[1] == 0:
        raise ValueError(f"{name} has no examples (shape {A.shape}); give at least one column")
    if not all_finite([A]):
        bad = first_non_finite(A)
        raise ValueError(
            f"{name} must contain only finite numbers; received {A[bad]} at row "
            f"{bad[0]}, column {bad[1]}"
        )
    return A, was_1d


def all_finite(arrays):
    """True if every entry of every float array in ``arrays`` is finite.

    A sum is finite only if every term is (an ∞ or a NaN anywhere makes it ∞ or NaN),
    and summing reads the data once without building a True/False array as large as
    it.  A sum of large finite numbers can still overflow: then look entry by entry.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        if math.isfinite(sum(float(a.sum()) for a in arrays)):
            return True
    return all(first_non_finite(a) is None for a in arrays)


def first_non_finite(a):
    """The index (a tuple of ints) of the first infinite or NaN entry of the array
    ``a``, or None if every entry is finite."""
    bad = np.argwhere(~np.isfinite(a))
    return tuple(int(k) for k in bad[0]) if bad.size else None


def rectangular(value, name):
    """``np.asarray(value)``, with a clear error for rows of different lengths
    (numpy's own speaks of "an inhomogeneous shape after 1 dimensions"), and for
    ``None``, which numpy makes a 0-d array of one object."""
    if value is None:
        raise ValueError(f"{name} must be a number or an array of numbers; received "
                         f"{_received(value, None)}")
    try:
        return np.asarray(value)
    except ValueError:
        if not isinstance(value, (list, tuple)):
            raise
        lengths = [len(row) if hasattr(row, "__len__") else 1 for row in value]
        shown = ", ".join(map(str, lengths[:10])) + (", …" if len(lengths) > 10 else "")
        raise ValueError(f"{name} must be a rectangular array of numbers, every row as "
                         f"long as the others; its rows have {shown} entries") from None


def _one_row_hint(A, rows, name):
    """The fix for a flat array of one number per example, as the error's last words."""
    if rows == 1:
        return f" (with one number per example: {name}.reshape(1, -1))"
    targets = name.startswith("Y")
    if targets and A.size and np.all((A == np.round(A)) & (A >= 0) & (A < rows)):
        return (f" (these look like class labels: for one-hot columns, pass "
                f"nnlib.data.one_hot(labels, {rows}))")
    return ""


def batch_shape(X, rows, caller):
    """Check, cheaply, that ``X`` is a numpy array of numbers of shape ``(rows, m)``:
    its type and shape only, not its numbers.

    A flat array of one example would otherwise broadcast against a column of biases
    into a square "batch" of wrong examples, without a word; a list would pass
    through the forward pass and fail in the backward one, which takes ``X.T``.
    """
    if not isinstance(X, np.ndarray):
        raise ValueError(f"{caller} takes X as a numpy array of numbers, shape "
                         f"({rows}, m); received {type(X).__name__} (np.array(X, "
                         f"dtype=float) makes one; feedforward takes lists as they are)")
    if X.dtype.kind not in "biuf":
        raise ValueError(f"{caller} takes X as a numpy array of numbers, shape "
                         f"({rows}, m); received an array of "
                         f"{_HELD.get(X.dtype.kind, f'dtype {X.dtype}')}")
    shape = X.shape
    if len(shape) == 2 and shape[0] == rows:
        return
    hint = (" (one example x: x.reshape(-1, 1))" if shape == (rows,)
            else _transposed_hint(shape, rows, "X"))
    raise ValueError(f"{caller} takes X of shape ({rows}, m), one example per column; "
                     f"received shape {shape}{hint}")


def _transposed_hint(shape, rows, name):
    """The fix for a 2-D array holding its examples in rows, as the error's last words."""
    if len(shape) == 2 and shape[1] == rows:
        return f" (examples go in columns: try {name}.T)"
    return ""


def floats(value, name="z"):
    """``value`` as a float array; a clear error for ``None`` or anything but numbers.

    ``np.asarray(None, dtype=float)`` is NaN, so without this a function that forgot
    its ``return`` would hand an activation a NaN and no word of the mistake.
    """
    arr = rectangular(value, name)
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind == "O" and all(isinstance(v, numbers.Real) for v in arr.flat):
        try:   # Python ints beyond 64 bits (10**20, say), which numpy keeps as objects
            return arr.astype(float)
        except OverflowError:
            raise ValueError(f"{name} holds {TOO_LARGE}") from None
    if arr.dtype.kind not in "biu":
        raise ValueError(f"{name} must be a number or an array of numbers; received "
                         f"{_received(value, arr)}")
    return arr.astype(float)


def _received(value, arr):
    """What ``value`` (``arr`` is ``np.asarray(value)``), which is not numbers, is:
    its type, and what it holds or the likely slip, for an error's last words."""
    kind = type(value).__name__
    if value is None:
        return f"{kind}: does the function that computed it end with `return`?"
    if kind == "Value":   # nnlib.graph's, which holds one number
        return f"{kind} (its number is v.data)"
    return f"{kind} holding {_HELD.get(arr.dtype.kind, f'values of dtype {arr.dtype}')}"


class NotReal(TypeError):
    """Raised by :func:`as_real`; its message says what the value holds."""


def as_real(value):
    """``np.asarray(value, dtype=float)``, but a :class:`NotReal` error (saying what
    ``value`` holds) where numpy would quietly convert: text (``"1.5"`` becomes 1.5),
    complex numbers (their imaginary parts dropped, with only a warning) and ``None``
    (NaN)."""
    arr = np.asarray(value)
    if arr.dtype.kind in "USc":
        raise NotReal(f"holds {_HELD[arr.dtype.kind]}")
    if arr.dtype.kind == "O" and not all(isinstance(v, numbers.Real) for v in arr.flat):
        raise NotReal(f"holds {_HELD['O']}")
    try:
        return np.asarray(arr, dtype=float)
    except OverflowError:   # a Python int such as 10**400
        raise NotReal(f"holds {TOO_LARGE}") from None


def finite_floats(value, name):
    """``value`` as a float array (as :func:`floats` makes it) if every entry is
    finite; else a ``ValueError`` naming the first that is not."""
    arr = floats(value, name)
    bad = arr[~np.isfinite(arr)]
    if bad.size:
        raise ValueError(f"{name} must hold finite numbers; received {bad.flat[0]}")
    return arr


#: What a Python int beyond the floats is, for messages (10**400, say).
TOO_LARGE = "a number too large for a float (above about 1.8e308)"

# what an array of each numpy kind holds, for messages
_HELD = {"c": "complex numbers (take the real part, .real, or the size, abs())",
         "U": "text", "S": "text",
         "O": "Python objects (None, text or a mix of types?)",
         "M": "dates", "m": "time spans"}


def class_scores(z):
    """``z`` as a float array of scores, one row per class (at least two) and
    one column per example: shape ``(n, m)`` or, for one example, ``(n,)``.

    Softmax runs down each column, so a row of scores ``(1, n)`` would be read
    as ``n`` examples of one class each, and every "probability" would be 1.
    """
    z = floats(z)
    if z.ndim in (1, 2) and z.shape[0] >= 2:
        return z
    hint = ("; a row of scores? pass z.T (or z.reshape(-1, 1) for one example)"
            if z.ndim == 2 and z.shape[0] == 1 and z.shape[1] > 1 else "")
    raise ValueError("softmax needs the scores of at least 2 classes down each column "
                     f"of z, shape (n, m) or (n,) with n ≥ 2; received shape {z.shape}"
                     f"{hint}")


def one_number(value, name, hint=""):
    """What the function ``name`` returned, as a float, if it is one number (a
    one-element array is fine); else a ``ValueError`` saying what it returned,
    ``hint`` added for an array of several numbers."""
    if value is None:
        raise ValueError(f"{name} returned None: does it end with `return`?")
    try:
        arr = as_real(value)
    except (TypeError, ValueError) as err:
        held = f", which {err}" if str(err).startswith("holds") else ""
        raise ValueError(f"{name} must return one number (a cost); it returned "
                         f"{type(value).__name__}{held}") from None
    if arr.size != 1:
        raise ValueError(f"{name} must return one number (a cost); it returned an array "
                         f"of shape {arr.shape}{hint}")
    return float(arr.reshape(()))


def network(net, name="net"):
    """Check that ``net`` is an :class:`nnlib.Network` (not, say, the ``(net, X, Y)``
    triple that :func:`nnlib.data.mazur_network` returns)."""
    from .network import Network   # here: network.py imports this module
    if not isinstance(net, Network):
        hint = (" (a tuple such as mazur_network()'s (net, X, Y): unpack it first)"
                if isinstance(net, tuple) else "")
        raise ValueError(f"{name} must be an nnlib.Network; received "
                         f"{type(net).__name__}{hint}")
    return net


def same_columns(X, Y, names=("X", "Y")):
    """Check that inputs and targets describe the same number of examples."""
    if X.shape[1] != Y.shape[1]:
        x, y = names
        raise ValueError(
            f"{x} and {y} must have the same number of columns (examples); received "
            f"{X.shape[1]} in {x} and {Y.shape[1]} in {y}"
        )


def output_pair(a, y):
    """The number of examples ``m``, after checking that a cost's ``a`` and ``y``
    are both ``(n_L, m)``.

    Without it numpy would broadcast a ``(n, 1)`` against a ``(n,)`` into an
    ``(n, n)`` array and return a wrong cost without a word; and two arrays of
    small integers (``uint8``, say) would give differences that wrap around.  It
    compares shapes and types only: every mini-batch of training passes through
    here.
    """
    if not isinstance(a, np.ndarray) or not isinstance(y, np.ndarray):
        raise ValueError(
            "a and y must be numpy arrays of shape (n_L, m); received "
            f"{type(a).__name__} and {type(y).__name__} (np.array(...) makes one)")
    if a.dtype.kind not in "fbiu" or y.dtype.kind not in "fbiu":   # complex, say
        arr, name = (a, "a") if a.dtype.kind not in "fbiu" else (y, "y")
        raise ValueError(f"{name} must hold real numbers; received "
                         f"{_HELD.get(arr.dtype.kind, f'dtype {arr.dtype}')}")
    difference = np.result_type(a, y)     # the type numpy computes a − y in
    if difference.kind != "f" and (difference.kind, difference.itemsize) != ("i", 8):
        raise ValueError(
            f"a and y hold {a.dtype} and {y.dtype}, so numpy would compute a − y in "
            f"{difference}, where it wraps around or fails (0 − 1 is 255 in uint8); "
            f"give floats, such as a.astype(float)")
    if a.ndim != 2 or a.shape != y.shape:
        raise ValueError(
            "a and y must have the same shape (n_L, m), one column per "
            f"example; received {a.shape} and {y.shape}{targets_hint(a.shape, y)}")
    if a.shape[1] == 0:   # a mean over no examples is 0 / 0
        raise ValueError(f"a and y have no examples (shape {a.shape}); give at "
                         f"least one column")
    return a.shape[1]


def probability_columns(y, name, why, hint=None):
    """A ``ValueError`` unless every column of the float array ``y`` holds
    probabilities, at least 0 and summing to 1 (``why`` begins the message, ``hint``
    says how to make such columns: by default, one-hot targets).

    The sums are compared to 1 within the rounding of float32 numbers (0.9 + 0.1
    is 0.99999998 there), or of ``y``'s own dtype where that is coarser (a float16
    softmax's column can sum to 0.9995).  The roundings of n entries add up to
    about √n of them, not n; float32's bound allows n, and is still small.
    """
    n = y.shape[0]
    own = float(np.finfo(y.dtype).eps) if y.dtype.kind == "f" else 0.0   # ints: exact
    tolerance = max(4 * _FLOAT32_EPS * n, 4 * own * np.sqrt(n))
    sums = y.sum(axis=0, dtype=np.float64)
    off = np.flatnonzero(~(np.abs(sums - 1) <= tolerance)   # NaN too
                         | (y < 0).any(axis=0))
    if off.size:
        hint = hint or f"one-hot targets: nnlib.data.one_hot(labels, {y.shape[0]})"
        raise ValueError(
            f"{why}, each column of {name} must hold probabilities (at least 0) that "
            f"sum to 1 ({hint}); "
            f"column {off[0]} is {shown(y[:, off[0]])}, which sums to "
            f"{sums[off[0]]:.10g}")


_FLOAT32_EPS = float(np.finfo(np.float32).eps)


def shown(column, most=10):
    """A column's entries as a list for a message, the first ``most`` and '…'."""
    entries = ", ".join(f"{v:g}" for v in column[:most])
    return f"[{entries}{', …' if column.size > most else ''}]"


def targets_hint(shape, y, name="y"):
    """The fix for targets ``y`` that do not have the output's ``shape``, as the
    error's last words: one label per example, or a flat array of one example."""
    y_shape = np.shape(y)
    if len(shape) == 2 and y_shape == (shape[1],) and shape[1] > 1:
        if shape[0] == 1:
            return f" (one output: {name}.reshape(1, -1))"
        return (f" ({name} holds one number per example: class labels? For one-hot "
                f"columns, pass nnlib.data.one_hot({name}, {shape[0]}))")
    if len(shape) == 1 or len(y_shape) == 1:
        return " (for one example, make columns: a.reshape(-1, 1))"
    return ""


def points(x, y):
    """``x`` and ``y``, the coordinates of n points, as float arrays of one shape
    ``(n,)``, n ≥ 1, finite (:mod:`nnlib.linefit`'s data); else a ``ValueError``."""
    try:
        x, y = as_real(x), as_real(y)
    except (TypeError, ValueError):
        raise ValueError("x and y must be 1-D arrays of numbers") from None
    if x.ndim != 1 or y.ndim != 1:
        raise ValueError("x and y must be 1-D arrays, one entry per point; "
                         f"received shapes {x.shape} and {y.shape}")
    if x.size != y.size:
        raise ValueError(f"x and y must have one entry per point each; "
                         f"received {x.size} x values and {y.size} y values")
    if x.size == 0:
        raise ValueError("x and y are empty: give at least one point")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must contain only finite numbers "
                         "(no inf or NaN)")
    return x, y


def sizes(value):
    """Check a list of layer sizes: at least two layers, each a positive integer."""
    try:
        if isinstance(value, (dict, set, frozenset, str)):   # no order, or not numbers
            raise TypeError
        sizes = list(value)
    except TypeError:
        raise ValueError(f"sizes must be a list of layer sizes like [2, 3, 1]; received {value!r}") from None
    if len(sizes) < 2:
        raise ValueError(
            f"sizes needs at least two layers (an input and an output layer); received {sizes!r}"
        )
    for n in sizes:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"every layer size must be a positive integer; received {sizes!r}")
    return [int(n) for n in sizes]


def function(f, name, of, example=""):
    """``f`` if it can be called, else a ``ValueError``: ``name`` must be a function
    ``of`` (words such as "of z"), ``example`` naming one (such as "nnlib.sigmoid")."""
    if not callable(f):
        such_as = f", such as {example}" if example else ""
        raise ValueError(f"{name} must be a function {of}{such_as}; received "
                         f"{type(f).__name__} (pass the function, not its value)")
    return f


def called_as(f, name, count, call, advice):
    """``f`` if it can be called with ``count`` positional arguments, as ``call``
    (words such as "grad(w)") says the library will; else a ``ValueError`` with
    ``advice``.  Run before any work, it keeps a mistake from surfacing mid-way,
    or as a ``TypeError`` from inside the library."""
    function(f, name, f"called as {call}")
    error = signature_error(f, name, count, call, advice)
    if error is not None:
        raise error
    return f


def signature_error(f, name, count, call, advice):
    """The ``ValueError`` of :func:`called_as` if ``f``'s signature cannot take
    ``count`` positional arguments, else None (also when it has none to read, as
    some built-ins)."""
    try:
        signature = inspect.signature(f)
    except (TypeError, ValueError):
        return None
    try:
        signature.bind(*range(count))
    except TypeError as error:
        return ValueError(f"{name} is called as {call}; yours cannot be ({error}): "
                          f"{advice}")
    return None


def positive_number(value, name, advice=""):
    """Check a strictly positive, finite real number such as a learning rate."""
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value) or value <= 0):   # math: a Fraction too
        raise ValueError(f"{name} must be a positive finite number{advice}; received {value!r}")
    return float(value)


def positive_int(value, name):
    """Check an integer that is at least 1, such as a batch size or a number of epochs."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be an integer of at least 1; received {value!r}")
    return int(value)


def finite_number(value, name):
    """Check a finite real number (not a bool, not text) such as a nudge ``dw``."""
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value)):
        raise ValueError(f"{name} must be a finite number; received {value!r}")
    return float(value)


def whole_numbers(value, count):
    """``value`` as a tuple of ``count`` ints if it is a sequence of that many whole
    numbers (bools excluded), else ``None``: the caller says what the numbers name."""
    try:
        items = tuple(value)
    except TypeError:
        return None
    if len(items) != count or not all(isinstance(n, numbers.Integral)
                                      and not isinstance(n, bool) for n in items):
        return None
    return tuple(int(n) for n in items)


def require_generator(rng, name="rng"):
    """Check that ``rng`` is a ``numpy.random.Generator`` (no seed is made up for you)."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"{name} must be a numpy.random.Generator, e.g. "
                         f"np.random.default_rng(0); received {type(rng).__name__}")
    return rng


def generator(rng, name="rng"):
    """Turn ``rng`` into a ``numpy.random.Generator``: ``None`` means seed 0, an int is a seed."""
    if rng is None:
        return np.random.default_rng(0)
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"{name}: a seed is a whole number 0 or more; received {rng}")
        return np.random.default_rng(int(rng))
    raise ValueError(
        f"{name} must be a numpy.random.Generator (e.g. np.random.default_rng(0)) or an int seed; "
        f"received {type(rng).__name__}"
    )
