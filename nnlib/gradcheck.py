"""Checking derivatives numerically, by central finite differences.

``(f(x + h) − f(x − h)) / (2h)`` differs from ``f'(x)`` by about ``h² f'''(x) / 6``, a much
smaller error than the one-sided difference gives, and needs nothing but two evaluations of
``f``.  That makes it an independent oracle for every derivative in the book.  This module
compares; it does not decide what "close enough" means for you, beyond the thresholds you pass.
"""

import numbers

import numpy as np

from . import checks


def numerical_gradient(f, x, h=1e-5, *, points=2):
    """Central-difference gradient of the scalar function ``f`` at the float array ``x``.

    ``f`` is called with ``x`` itself, nudged one entry at a time by ``±h``; every entry is
    put back before the next one, and ``x`` is left exactly as it was even if ``f`` raises.
    ``x`` may be a view of a larger array that ``f`` reads (a column of a weight matrix,
    a transposed array): each entry is nudged where it is stored.
    Returns an array shaped like ``x`` (empty, without calling ``f``, if ``x``
    is).  ``h`` must be a positive finite number.

    ``points=2`` is the two-point formula above.  ``points=4`` uses
    ``(−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / (12h)``, whose error shrinks like
    ``h⁴``: it allows a larger ``h`` and so loses less to rounding when a gradient is
    tiny.

    In both, each width ``2kh`` (k = 1, 2) is the width as stored,
    ``(x + kh) − (x − kh)``: where ``x`` is large, the floats near it are far enough
    apart to change it by more than a check allows (at ``x = 1e5``, by up to 1e-6 of
    it).  An ``h`` so small that the width is more than 0.1% off is refused, with
    advice.
    """
    checks.function(f, "f", "of x, returning one number")
    if points not in (2, 4):
        raise ValueError(f"points must be 2 or 4; received {points!r}")
    h = checks.positive_number(h, "h", " (the step of the finite difference)")
    # each term is a weight times a difference f(x + kh) − f(x − kh), so a flat
    # f gives exactly 0; the quotient divides by the same sum of the widths
    # 2kh, as stored (2h for two points; 8·2h − 4h = 12h for four)
    terms = ((1, 1.0),) if points == 2 else ((1, 8.0), (2, -1.0))
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        what = (f"an array of dtype {x.dtype} (try x.astype(float))"
                if isinstance(x, np.ndarray) else type(x).__name__)
        raise ValueError("x must be a float numpy array (it is nudged in place and restored); "
                         f"received {what}")
    if not x.flags.writeable:
        raise ValueError("x is read-only, and it is nudged in place and restored; pass "
                         "a copy that can be written, x.copy()")
    grad = np.zeros_like(x)
    if x.size == 0:   # no entries to nudge: the gradient is empty too
        return grad
    at = checks.first_non_finite(x)
    if at is not None:   # ∞ + h − ∞ is NaN: there is no difference quotient there
        raise ValueError(f"x must hold finite numbers to be nudged; received "
                         f"{x[at]} at {at if x.ndim > 1 else at[0]}")
    saved = x.copy()     # to put x back whole if f changes it (x *= 3, say)
    # entry by entry through its indices, so that x may be any view (a column of
    # a weight matrix, a transposed array): f may read x through what it views
    for i in np.ndindex(x.shape):
        original = x[i]
        differences = widths = 0.0
        try:
            for k, weight in terms:
                x[i] = original + k * h
                up, f_up = x[i], _value(f, x, i)
                x[i] = original - k * h
                down, f_down = x[i], _value(f, x, i)
                # the width of the nudge as stored, (x + kh) − (x − kh), which
                # rounding makes differ from 2kh where x is large
                width = _check_step(up - down, 2 * k * h, original, x.dtype)
                differences += weight * (f_up - f_down)
                widths += weight * width
        except BaseException:
            x[...] = saved
            raise
        x[i] = original
        grad[i] = differences / widths
    return grad


def _value(f, x, i):
    """``f(x)``, checked to be one number and to have left the nudged entry
    ``x[i]`` as it was (a whole check of ``x`` at every call would cost as
    much as the difference)."""
    nudged = x[i]
    value = checks.one_number(f(x), "f", _ELEMENTWISE)
    if not x[i] == nudged:      # NaN included
        raise ValueError("f changed x, its argument, while it ran (with *=, += or "
                         "[...] =, say): the difference nudges x itself, one entry "
                         "at a time, so f must leave it as it is; compute with a new "
                         "array inside f (x * 3, not x *= 3)")
    return value


def _check_step(width, intended, at, dtype):
    """The ``width`` of a nudge as stored, as a float: a clear error where it is
    off the ``intended`` width by more than 0.1% (``h`` then lies within a thousand
    spacings of the floats at ``at``, where f's own rounding, not the step, would
    decide the quotient), or where it is lost in rounding altogether (the
    "gradient" would be 0)."""
    width = float(width)
    if not abs(width - intended) <= 1e-3 * intended:   # NaN too
        h = intended / 2
        raise ValueError(
            f"h = {h:g} is too small for an entry of x of {float(at):g} in "
            f"{dtype}: x + h is stored as x + {width / 2:g}"
            + (", more than 0.1% off h" if width > 0 else "")
            + ", so the difference quotient would be wrong; "
            + ("use a larger h (1e-5 suits numbers near 1"
               + (f", about {1e-5 * abs(float(at)):.0e} suits {float(at):g}"
                  if abs(float(at)) > 10 else "") + ")" if dtype == np.float64 else
               "use a float64 x (x.astype(float)), or a larger h (about 1e-2 for "
               f"numbers near 1 in {dtype})"))
    return width


_ELEMENTWISE = (" (for an elementwise function use derivative_error, or sum it: "
                "lambda x: np.sum(g(x)))")


def error_text(error, bound=1e-8):
    """Write a small quantity that matters only up to a bound as text that reads the
    same on every machine: a relative error, or a cost or a difference left at
    rounding.

    ``error_text(3e-11)`` is ``"below 1e-8"``; ``error_text(0.031)`` is ``"3.1e-02"``;
    ``error_text(1.2e-8, bound=1.5e-8)`` is ``"below 1.5e-8"`` (the bound is stated
    exactly as given, never rounded).
    Errors at the level of rounding (about 1e-10 for central differences with
    ``h = 1e-5``) change in their leading digits when the arithmetic is done in another
    order, as another processor's matrix routines do.  Only the bound is a fact about the
    gradient; the digits below it are noise.  Errors at or above ``bound`` (which must be
    positive and finite) are shown with two significant digits.
    """
    if (isinstance(bound, bool) or not isinstance(bound, numbers.Real)
            or not 0 < bound < np.inf):
        raise ValueError(f"bound must be a positive finite number; received {bound!r}")
    if isinstance(error, bool) or not isinstance(error, numbers.Real) or not error >= 0:
        raise ValueError(f"error must be one number >= 0 (a relative error); received "
                         f"{error!r}")
    if error >= bound:
        return f"{error:.1e}"
    # the shortest digits that give back the bound itself: 1e-8, 1.5e-8
    mantissa, exponent = np.format_float_scientific(
        float(bound), trim="-").split("e")
    return f"below {mantissa}e{int(exponent)}"


def relative_error(analytic, numeric, floor=1e-8):
    """The relative error of two gradients, a float in [0, 1]:
    ``‖analytic − numeric‖ / max(‖analytic‖ + ‖numeric‖, floor)`` (NaN if either
    holds a NaN or an infinity).

    Taking norms over the whole array (not entry by entry) keeps single entries that are
    lost in rounding from dominating.  The ``floor`` stops a gradient that is zero, and a
    finite difference that is zero up to rounding (say 1e-17), from counting as a total
    disagreement.  Two lists of arrays (one per layer, say) are compared as a whole,
    as if each were one long vector.
    """
    floor = checks.positive_number(floor, "floor")
    for value, name in ((analytic, "analytic"), (numeric, "numeric")):
        if value is None:      # np.asarray(None, dtype=float) would be NaN
            raise ValueError(f"relative_error: {name} is None: does the function "
                             f"that computed it end with `return`?")
    for value, name in ((analytic, "analytic"), (numeric, "numeric")):
        for leaf in (_leaves(value) if _holds_arrays(value) else [value]):
            _refuse_text_and_complex(leaf, name)
    if isinstance(analytic, (list, tuple)) and isinstance(numeric, (list, tuple)):
        analytic, numeric = _joined(analytic, numeric)
    try:
        a, n = np.asarray(analytic, dtype=float), np.asarray(numeric, dtype=float)
    except (TypeError, ValueError):
        if not any(_holds_arrays(x) for x in (analytic, numeric)):   # text, say
            raise ValueError(f"relative_error compares numbers; received "
                             f"{type(analytic).__name__} and "
                             f"{type(numeric).__name__}") from None
        # a list of layers of different shapes beside one array
        kinds = ["a list of arrays" if _holds_arrays(x) else "an array"
                 for x in (analytic, numeric)]
        raise ValueError(f"relative_error compares two arrays or two lists of arrays; "
                         f"received {kinds[0]} and {kinds[1]}: give both the same way "
                         f"(one array per layer in each list, say)") from None
    if a.shape != n.shape:
        if a.size == n.size:
            hint = (": the same numbers in other shapes? reshape one, e.g. "
                    "numeric.reshape(np.shape(analytic))")
            if a.ndim == 2 and n.shape == a.shape[::-1]:
                hint = ": transposed? compare with numeric.T"
        else:
            hint = ""
        raise ValueError(f"cannot compare shapes {a.shape} and {n.shape} (analytic, "
                         f"numeric){hint}")
    if not (np.isfinite(a).all() and np.isfinite(n).all()):
        return float("nan")
    # in units of the largest entry: the squares inside a norm would overflow
    # for entries of 1e200, and vanish for 1e-170, before the root undid them
    big = float(max(np.abs(a).max(initial=0.0), np.abs(n).max(initial=0.0)))
    if big == 0.0:
        return 0.0
    a, n = a / big, n / big
    scale = max(np.linalg.norm(a) + np.linalg.norm(n), floor / big)
    return float(np.linalg.norm(a - n) / scale)


def _refuse_text_and_complex(value, name):
    """A clear error if ``value`` holds text or complex numbers, which numpy would
    turn into floats without a word ("1.5") or with only a warning (the real part)."""
    try:
        checks.as_real(value)
    except checks.NotReal as err:
        raise ValueError(f"relative_error compares real numbers; {name} {err}") from None
    except (TypeError, ValueError):   # a ragged list, say: explained where converted
        pass


def _joined(analytic, numeric):
    """Two lists of arrays as two flat vectors, after checking that they match.

    Lists may nest: ``net.backprop``'s pair ``(nabla_b, nabla_w)`` is a pair of lists.
    """
    leaves = [list(_leaves(analytic)), list(_leaves(numeric))]
    shapes = [[np.shape(g) for g in gs] for gs in leaves]
    if shapes[0] != shapes[1]:
        raise ValueError(f"cannot compare lists of arrays of shapes {shapes[0]} and "
                         f"{shapes[1]}")
    flat = [np.concatenate([np.ravel(np.asarray(g, dtype=float)) for g in gs] or [[]])
            for gs in leaves]
    return flat[0], flat[1]


def _leaves(arrays):
    """The arrays in a list of arrays, or of lists of them, in order.  A list of
    plain numbers is one array, not a list of arrays."""
    for g in arrays:
        if _holds_arrays(g):
            yield from _leaves(g)
        else:
            yield g


def _holds_arrays(value):
    """Whether ``value`` is a list or tuple with a numpy array somewhere inside."""
    return isinstance(value, (list, tuple)) and any(
        isinstance(g, np.ndarray) or _holds_arrays(g) for g in value)


def derivative_error(fn, prime, z, h=1e-5):
    """Relative error between ``prime(z)`` and the central difference of an elementwise ``fn``.

    ``z`` is a number or an array of any shape; ``fn`` and ``prime`` map it to
    an array of the same shape.  Returns one float, :func:`relative_error`
    over all the entries, of ``prime(z)`` against ``(fn(z + h) − fn(z − h)) / (2h)``,
    with ``2h`` the distance between ``z + h`` and ``z − h`` as floats store them
    (:func:`stored_step`: not quite ``2h`` where ``z`` is large).
    """
    h = checks.positive_number(h, "h", " (the step of the finite difference)")
    for f, name in ((fn, "fn"), (prime, "prime")):
        checks.function(f, name, "of z", "nnlib.sigmoid")
    z = checks.finite_floats(z, "z").astype(float)   # float64, whatever it was given as
    steps = stored_step(z, h, "z")
    # floats: a function that forgot its `return` gives None, named as such
    up, down = checks.floats(fn(z + h), "fn"), checks.floats(fn(z - h), "fn")
    if up.shape != z.shape:
        raise ValueError(f"fn(z) returned shape {up.shape}, but z has shape {z.shape}: "
                         f"fn must be elementwise, one value per entry of z (for a "
                         f"function of a whole vector, use numerical_gradient)")
    slopes = checks.floats(prime(z), "prime")
    if slopes.shape != z.shape:
        raise ValueError(f"prime(z) returned shape {slopes.shape}, but z has shape "
                         f"{z.shape}: return one derivative per entry of z (for a "
                         f"constant c, np.full_like(z, c))")
    return relative_error(slopes, (up - down) / steps)


def stored_step(x, h, name="x"):
    """Return the width ``(x + h) − (x − h)`` as the floats store it: the number to
    divide a central difference by, not quite ``2h`` where ``x`` is large.

    Raises a ``ValueError`` where ``h`` is lost beside an entry of ``x``
    altogether (``name`` names ``x``).  Any other width is taken as it is, though
    :func:`numerical_gradient` refuses one more than 0.1% off (there a cost's own
    rounding could decide the quotient).
    """
    # Dividing by 2h where the width as stored differs marked right derivatives
    # wrong.  At the points where elementwise functions are checked (sin at 1e10,
    # where h = 1e-5 spans a few spacings of the floats) the quotient over the
    # width as stored is right.
    steps = np.asarray((x + h) - (x - h))
    lost = np.flatnonzero(~(steps.ravel() > 0))
    if lost.size:
        at = float(np.ravel(x)[lost[0]])
        raise ValueError(f"h = {h:g} is lost in rounding beside an entry of {name} of "
                         f"{at:g} ({name} + h is stored as {name}); use a larger h, "
                         f"about {1e-5 * abs(at):.0e}, or other points")
    return steps if steps.ndim else float(steps)


def check_network_gradients(net, X, Y, h=1e-5, *, points=2):
    """Compare ``net.backprop(X, Y)`` with finite differences of
    ``net.cost(X, Y)``, layer by layer.

    Returns a list with one dict per layer ``l = 2 .. L`` (book numbering):
    ``{"layer": l, "weights": error of ∂C/∂w^l, "biases": error of ∂C/∂b^l}``,
    each a :func:`relative_error`.  ``h`` and ``points`` are passed on to
    :func:`numerical_gradient`.
    """
    nabla_b, nabla_w = checks.network(net).backprop(X, Y)

    def cost(_):
        return net.cost(X, Y)

    report = []
    for i, (w, b) in enumerate(zip(net.weights, net.biases)):
        report.append({
            "layer": i + 2,  # weights[0] is w^2: layer 1 is the input
            "weights": relative_error(
                nabla_w[i], numerical_gradient(cost, w, h, points=points)),
            "biases": relative_error(
                nabla_b[i], numerical_gradient(cost, b, h, points=points)),
        })
    return report
