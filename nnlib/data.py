"""Small data sets for the book, all made here or shipped inside an installed package.

Nothing is downloaded: the handwritten digits come with scikit-learn, and everything else
is written out below or drawn with the ``rng`` passed in: a ``numpy.random.Generator``
or an int seed (``None`` means seed 0).  Every data matrix
follows the book's layout, examples as columns (labels and the line's points are 1-D).
"""

import numbers
import sys
from pathlib import Path

import numpy as np

from . import checks
from .network import Network

# The published 2-2-2 worked example (Mazur, 2015): inputs, targets, weights and biases.
# w1, w2 feed h1 from i1, i2; w3, w4 feed h2; w5, w6 feed o1 from h1, h2; w7, w8 feed o2.
#: The example's input ``(i1, i2) = (0.05, 0.10)``, a column of shape ``(2, 1)``.
MAZUR_X = np.array([[0.05], [0.10]])
#: The example's targets for ``(o1, o2)``, ``(0.01, 0.99)``, a column of shape ``(2, 1)``.
MAZUR_Y = np.array([[0.01], [0.99]])
#: ``[w^2, w^3]``, with ``w^2 = [[w1, w2], [w3, w4]] = [[0.15, 0.20], [0.25, 0.30]]``
#: and ``w^3 = [[w5, w6], [w7, w8]] = [[0.40, 0.45], [0.50, 0.55]]``.
MAZUR_WEIGHTS = [np.array([[0.15, 0.20], [0.25, 0.30]]),   # w^2 = [[w1, w2], [w3, w4]]
                 np.array([[0.40, 0.45], [0.50, 0.55]])]   # w^3 = [[w5, w6], [w7, w8]]
#: ``[b^2, b^3]``: 0.35 into both hidden neurons, 0.60 into both outputs (columns
#: of shape ``(2, 1)``).
MAZUR_BIASES = [np.array([[0.35], [0.35]]), np.array([[0.60], [0.60]])]
#: The example's learning rate η = 0.5.
MAZUR_ETA = 0.5


def mazur_network():
    """The published 2-2-2 example as ``(net, X, Y)``: sigmoid layers, quadratic cost.

    ``X`` and ``Y`` have shape ``(2, 1)``.  With one example the book's mean cost equals the
    example's total error ``E = Σ ½(target − out)²``.
    """
    net = Network([2, 2, 2], activation="sigmoid", cost="quadratic", rng=0)
    net.weights = MAZUR_WEIGHTS
    net.biases = MAZUR_BIASES
    return net, MAZUR_X.copy(), MAZUR_Y.copy()


def load_digits():
    """The 8×8 handwritten digits of scikit-learn: ``(X, Y, labels)``.

    ``X`` has shape ``(64, 1797)`` with pixel intensities scaled to [0, 1];
    ``Y`` is the one-hot ``(10, 1797)`` target; ``labels`` the digit of each
    column, shape ``(1797,)``.
    """
    # one image per row: its 64 pixels (0 to 16), then its digit
    rows = np.loadtxt(_digits_file(), delimiter=",")
    X = rows[:, :-1].T / 16.0
    labels = rows[:, -1].astype(int)
    return X, one_hot(labels, 10), labels


def _digits_file():
    """The path of the digits' file inside the installed scikit-learn.

    Looked for along ``sys.path``, where ``import sklearn`` would look, so as
    not to import scikit-learn, which takes a second, for a file that
    ``numpy.loadtxt`` reads as scikit-learn's own ``load_digits`` does
    (``tests/test_data_splits.py`` compares the two).
    """
    for folder in sys.path:
        path = Path(folder or ".", "sklearn", "datasets", "data",
                    "digits.csv.gz")
        if path.is_file():
            return path
    raise ImportError("the digits come with scikit-learn: "
                      "pip install scikit-learn")


def one_hot(labels, n_classes):
    """Columns of zeros with a 1 in row ``labels[k]``: shape ``(n_classes, len(labels))``.

    ``labels`` holds whole numbers 0 .. ``n_classes`` − 1 of any numeric type (the
    floats ``numpy.loadtxt`` gives are fine, 3.0 but not 3.5); True/False are refused,
    since numpy would read them as a mask rather than as classes.
    """
    n_classes = checks.positive_int(n_classes, "n_classes")
    labels = checks.rectangular(labels, "labels")
    expected = f"labels must be a 1-D array of classes 0..{n_classes - 1}"
    if labels.ndim != 1 or labels.dtype.kind not in "iuf":
        hint = (" (a column or row of labels? pass labels.ravel())"
                if labels.ndim == 2 and 1 in labels.shape else "")
        raise ValueError(f"{expected}; received an array of {labels.dtype} with "
                         f"shape {labels.shape}{hint}")
    whole = np.isfinite(labels) & (labels == np.round(labels))
    inside = (labels >= 0) & (labels < n_classes)
    bad = np.flatnonzero(~(whole & inside))
    if bad.size:
        raise ValueError(f"{expected}; received {labels[bad[0]].item()!r} "
                         f"at position {bad[0]}")
    Y = np.zeros((n_classes, labels.size))
    Y[labels.astype(np.intp), np.arange(labels.size)] = 1.0
    return Y


def train_test_split(X, Y, *, test_fraction, rng):
    """Shuffle the columns with ``rng`` and split them: ``(X_train, Y_train, X_test, Y_test)``.

    Each part keeps the rows of ``X`` and ``Y`` and takes its share of the columns,
    as :func:`train_validation_test_split` with no validation part.
    """
    (X_train, Y_train), _, (X_test, Y_test) = train_validation_test_split(
        X, Y, validation_fraction=0.0, test_fraction=test_fraction, rng=rng)
    return X_train, Y_train, X_test, Y_test


def train_validation_test_split(X, Y, *, validation_fraction, test_fraction,
                                rng):
    """Shuffle the columns with ``rng``; split into train, validation, test.

    Each part is a pair ``(X_part, Y_part)``; the fractions are of all the
    columns.  The validation part chooses what training cannot (the learning
    rate, the number of epochs); the test part is kept for one final
    measurement.  With the same ``rng`` and ``test_fraction``, the test part is
    the one :func:`train_test_split` gives, so adding a validation part takes
    its examples from the training part only.  ``X`` is ``(n, m)`` and ``Y``
    has the same ``m`` columns; a part asked for (a fraction above 0) that
    would be empty is an error.
    """
    X, Y = checks.rectangular(X, "X"), checks.rectangular(Y, "Y")
    m = _example_count(X, Y)
    n_validation, n_test = _part_sizes(m, validation_fraction, test_fraction)
    order = checks.generator(rng).permutation(m)
    test = order[:n_test]
    validation = order[n_test:n_test + n_validation]
    train = order[n_test + n_validation:]
    return tuple((X[:, part], Y[..., part])
                 for part in (train, validation, test))


def _example_count(X, Y):
    """``m``, after checking that ``X`` is ``(n, m)`` and ``Y`` has the same ``m``
    columns (``Y`` may be ``(m,)``, one label per example)."""
    if X.ndim != 2 or Y.ndim == 0:
        raise ValueError("X must have shape (n, m), one column per example, "
                         "and Y the same m columns; received shapes "
                         f"{X.shape} and {Y.shape}")
    m = X.shape[1]
    if Y.shape[-1] != m:
        rows = X.shape[0] == (Y.shape[0] if Y.ndim == 2 else Y.shape[-1])
        hint = (f" (one example per row? the book stores them as columns: pass "
                f"X.T{' and Y.T' if Y.ndim == 2 else ''})" if rows else "")
        if Y.shape == (m, 1):
            hint = " (a column of labels? pass Y.ravel(), or one-hot columns)"
        raise ValueError("X and Y must have the same number of columns, one per "
                         f"example; received {m} and {Y.shape[-1]}{hint}")
    return m


def _part_sizes(m, validation_fraction, test_fraction):
    """``(n_validation, n_test)`` out of ``m`` columns, each a rounded fraction.

    A ``ValueError`` if a fraction is out of range, or if a part asked for (or the
    training part) would get no columns at all.
    """
    for name, fraction in (("test_fraction", test_fraction),
                           ("validation_fraction", validation_fraction)):
        if isinstance(fraction, bool) or not isinstance(fraction, numbers.Real):
            raise ValueError(f"{name} must be a number between 0 and 1; received "
                             f"{fraction!r}")
    if not 0 < test_fraction < 1:
        raise ValueError("test_fraction must be between 0 and 1; "
                         f"received {test_fraction!r}")
    if not 0 <= validation_fraction < 1:
        raise ValueError("validation_fraction must be at least 0 and below 1; "
                         f"received {validation_fraction!r}")
    n_test = int(round(m * test_fraction))
    n_validation = int(round(m * validation_fraction))
    for name, fraction, n in (("test", test_fraction, n_test),
                              ("validation", validation_fraction, n_validation)):
        if fraction > 0 and n == 0:
            raise ValueError(
                f"{name}_fraction={fraction!r} of {m} examples leaves the {name} "
                f"part empty; use a larger fraction or more examples")
    if n_test + n_validation >= m:
        raise ValueError(
            "validation_fraction + test_fraction leave no training examples "
            f"out of {m}; received {validation_fraction!r} and "
            f"{test_fraction!r}")
    return n_validation, n_test


def line_points(rng, n=40, *, slope=2.0, intercept=1.0, noise=0.5, x_range=(0.0, 4.0)):
    """Noisy points around the line ``y = slope·x + intercept``: ``(x, y)``, each shape ``(n,)``.

    ``rng`` is a ``numpy.random.Generator`` or an int seed, and comes first:
    ``line_points(100)`` is 40 points drawn with seed 100, and 100 points are
    ``line_points(rng, n=100)``.
    """
    rng = checks.generator(rng)
    n = checks.positive_int(n, "n")
    slope = checks.finite_number(slope, "slope")
    intercept = checks.finite_number(intercept, "intercept")
    if checks.finite_number(noise, "noise") < 0:
        raise ValueError(f"noise (the spread of the points about the line) must be at "
                         f"least 0; received {noise!r}")
    try:
        low, high = (checks.finite_number(v, "x_range") for v in x_range)
    except (TypeError, ValueError):
        low = high = None
    if low is None or not low < high:
        raise ValueError(f"x_range must be two numbers (low, high) with low < high; "
                         f"received {x_range!r}")
    x = np.sort(rng.uniform(low, high, size=n))
    y = slope * x + intercept + rng.normal(0.0, noise, size=n)
    return x, y


def xor():
    """The four XOR examples: ``X`` of shape ``(2, 4)`` and targets ``Y`` of shape ``(1, 4)``."""
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    return X, Y
