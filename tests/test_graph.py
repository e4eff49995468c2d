"""Tests for nnlib.graph: each operation's value and local derivative, the shape of the
graph, the error messages, and every gradient against an independent oracle.

The oracle evaluates the same expression tree with plain Python floats and ``math``
(never ``nnlib``) and takes central finite differences of it.
"""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from nnlib.graph import Value

# --- hand-computed values and local derivatives of every operation ---

X, Y = 1.5, -0.5
S = 1.0 / (1.0 + math.exp(-X))  # σ(1.5)
T = math.tanh(Y)

# (id, build from leaves x and y, op, parent labels, data, local_grads)
OPS = [
    ("add", lambda x, y: x + y, "+", ("x", "y"), X + Y, (1.0, 1.0)),
    ("sub", lambda x, y: x - y, "-", ("x", "y"), X - Y, (1.0, -1.0)),
    ("mul", lambda x, y: x * y, "*", ("x", "y"), X * Y, (Y, X)),
    ("div", lambda x, y: x / y, "/", ("x", "y"), X / Y, (1.0 / Y, -X / Y**2)),
    ("neg", lambda x, y: -x, "neg", ("x",), -X, (-1.0,)),
    ("square", lambda x, y: x**2, "**2", ("x",), X**2, (2 * X,)),
    ("sqrt", lambda x, y: x**0.5, "**0.5", ("x",), math.sqrt(X), (0.5 / math.sqrt(X),)),
    ("reciprocal", lambda x, y: y**-1, "**-1", ("y",), 1.0 / Y, (-1.0 / Y**2,)),
    ("cube-negative-base", lambda x, y: y**3, "**3", ("y",), Y**3, (3 * Y**2,)),
    ("zeroth-power", lambda x, y: x**0, "**0", ("x",), 1.0, (0.0,)),
    ("exp", lambda x, y: x.exp(), "exp", ("x",), math.exp(X), (math.exp(X),)),
    ("log", lambda x, y: x.log(), "log", ("x",), math.log(X), (1.0 / X,)),
    ("sigmoid", lambda x, y: x.sigmoid(), "sigmoid", ("x",), S, (S * (1 - S),)),
    ("tanh", lambda x, y: y.tanh(), "tanh", ("y",), T, (1 - T * T,)),
    ("relu-positive", lambda x, y: x.relu(), "relu", ("x",), X, (1.0,)),
    ("relu-negative", lambda x, y: y.relu(), "relu", ("y",), 0.0, (0.0,)),
]


@pytest.mark.parametrize(
    "build, op, parent_labels, data, local_grads", [o[1:] for o in OPS], ids=[o[0] for o in OPS]
)
def test_op_value_and_local_derivatives(build, op, parent_labels, data, local_grads):
    out = build(Value(X, label="x"), Value(Y, label="y"))
    assert out.op == op
    assert tuple(p.label for p in out.parents) == parent_labels
    assert_allclose(out.data, data, rtol=1e-14, err_msg=f"{op}: data {out.data!r} vs {data!r}")
    assert_allclose(
        out.local_grads, local_grads, rtol=1e-14,
        err_msg=f"{op}: local derivatives {out.local_grads!r} vs hand {local_grads!r}",
    )


def test_relu_derivative_is_zero_at_the_kink():
    assert Value(0.0).relu().local_grads == (0.0,)


def test_leaf_defaults():
    v = Value(3, label="w")
    assert (v.data, v.grad, v.label, v.op, v.parents, v.local_grads) == (3.0, 0.0, "w", "", (), ())
    assert type(v.data) is float


def test_parents_follow_operand_order():
    w, a = Value(0.5, label="w"), Value(2.0, label="a")
    wa, aw = w * a, a * w
    assert wa.parents[0] is w and wa.parents[1] is a
    assert aw.parents[0] is a and aw.parents[1] is w
    assert wa.local_grads == (2.0, 0.5)  # ∂(wa)/∂w = a, ∂(wa)/∂a = w


def test_a_plus_a_keeps_both_links_and_sums_them():
    a = Value(3.0, label="a")
    out = a + a
    assert out.parents[0] is a and out.parents[1] is a
    assert len(out.edges()) == 2
    out.backward()
    assert a.grad == 2.0


def test_a_times_a_gives_two_a():
    a = Value(3.0, label="a")
    (a * a).backward()
    assert a.grad == 6.0


def test_node_reused_in_two_branches_adds_both_paths():
    a = Value(0.7, label="a")
    out = a.tanh() * a.exp()  # d/da [tanh(a) e^a] = (1 − tanh² a) e^a + tanh(a) e^a
    out.backward()
    t, e = math.tanh(0.7), math.exp(0.7)
    expected = (1 - t * t) * e + t * e
    assert_allclose(a.grad, expected, rtol=1e-14, err_msg=f"analytic {a.grad!r} vs hand {expected!r}")


@pytest.mark.parametrize(
    "build, data, constant_index, constant_label",
    [
        (lambda x: 2 + x, 3.5, 0, "2"),
        (lambda x: x + 2, 3.5, 1, "2"),
        (lambda x: 2 - x, 0.5, 0, "2"),
        (lambda x: x - 0.5, 1.0, 1, "0.5"),
        (lambda x: 3 * x, 4.5, 0, "3"),
        (lambda x: x * 0.25, 0.375, 1, "0.25"),
        (lambda x: 3 / x, 2.0, 0, "3"),
        (lambda x: x / 2, 0.75, 1, "2"),
        (lambda x: np.float64(2.0) * x, 3.0, 0, "2.0"),
        (lambda x: np.int64(2) + x, 3.5, 0, "2"),
        (lambda x: np.float64(2.0) - x, 0.5, 0, "2.0"),
        (lambda x: np.float64(3.0) / x, 2.0, 0, "3.0"),
        (lambda x: np.multiply(x, np.float64(2.0)), 3.0, 1, "2.0"),
        (lambda x: np.add(x, Value(2.0, label="2")), 3.5, 1, "2"),
    ],
)
def test_plain_numbers_become_constant_leaves_on_either_side(
    build, data, constant_index, constant_label
):
    x = Value(1.5, label="x")
    out = build(x)
    assert isinstance(out, Value)
    assert out.data == data
    constant = out.parents[constant_index]
    assert (constant.label, constant.op) == (constant_label, "")
    assert out.parents[1 - constant_index] is x


def test_a_node_equals_only_itself_beside_numpy_numbers_too():
    """== and != compare nodes, not numbers, whichever side numpy is on (as with floats)."""
    v, two = Value(2.0), np.float64(2.0)
    assert not v == two and not two == v and v != two and v == v
    assert two not in [v] and [v, two].index(two) == 1
    assert not (np.array([2.0, 2.0]) == v)
    assert (v == 2.0) is False


def test_topological_order_and_edges():
    w, a, b = Value(0.5, label="w"), Value(2.0, label="a"), Value(-1.0, label="b")
    wa = w * a
    z = wa + b
    assert z.topological_order() == [w, a, wa, b, z]
    assert z.edges() == [(w, wa, 2.0), (a, wa, 0.5), (wa, z, 1.0), (b, z, 1.0)]


def test_topological_order_lists_shared_nodes_once_parents_first():
    a = Value(0.3, label="a")
    h = a.sigmoid()
    out = (h * h + a) * h
    order = out.topological_order()
    assert order[-1] is out
    assert len(order) == len(set(order)) == 5
    position = {node: i for i, node in enumerate(order)}
    for parent, child, _ in out.edges():
        assert position[parent] < position[child]


def test_backward_twice_gives_the_same_grads_and_returns_none():
    w, a = Value(0.5, label="w"), Value(2.0, label="a")
    out = (w * a).sigmoid() * w
    assert out.backward() is None
    first = [node.grad for node in out.topological_order()]
    w.grad = 99.0  # a stale grad is reset too
    out.backward()
    assert [node.grad for node in out.topological_order()] == first


def test_deep_chain_needs_no_recursion():
    x = Value(1.0, label="x")
    out = x
    for _ in range(10_000):
        out = out + x
    assert len(out.topological_order()) == 10_001
    out.backward()
    assert x.grad == 10_001.0


def test_repr_shows_label_data_and_grad():
    w = Value(0.5, label="w")
    w.grad = 0.1
    assert repr(w) == "Value(label='w', data=0.5, grad=0.1)"
    assert repr(w * 2) == "Value(label='', op='*', data=1.0, grad=0.0)"


@pytest.mark.parametrize(
    "make, error, message",
    [
        (lambda: Value("1"), ValueError, r"real number, got '1' \(str\)"),
        (lambda: Value(None), ValueError, r"real number, got None \(NoneType\)"),
        (lambda: Value(True), ValueError, r"real number, got True \(bool\)"),
        (lambda: Value(1 + 2j), ValueError, r"real number, got \(1\+2j\) \(complex\)"),
        (lambda: Value(math.nan), ValueError, "finite number, got nan"),
        (lambda: Value(-math.inf), ValueError, "finite number, got -inf"),
        (lambda: Value(1.0) / Value(0.0, label="d"), ZeroDivisionError, "divisor .*'d'.* is 0"),
        (lambda: 1 / Value(0.0), ZeroDivisionError, "division by zero"),
        (lambda: Value(2.0) ** Value(2.0), TypeError, "exponent must be a constant number"),
        (lambda: 2 ** Value(2.0), TypeError, "exponent must be a constant number"),
        (lambda: Value(2.0) ** math.inf, ValueError, "exponent must be finite, got inf"),
        (lambda: Value(-8.0) ** 0.5, ValueError, "-8.0 \\*\\* 0.5 is not real: a negative base"),
        (lambda: Value(0.0) ** -1, ValueError, "0.0 \\*\\* -1 is undefined"),
        (lambda: Value(0.0) ** 0.5, ValueError, "infinite derivative at x = 0.0"),
        (lambda: Value(0.0).log(), ValueError, "log needs a positive number, got 0.0"),
        (lambda: Value(-2.0).log(), ValueError, "log needs a positive number, got -2.0"),
        (lambda: Value(1000.0).exp(), OverflowError, r"exp\(1000.0\) overflows"),
        (lambda: Value(1e200) * Value(1e200), OverflowError, r"\*\(1e\+200, 1e\+200\) overflows"),
        (lambda: Value(1e200) ** 2, OverflowError, "overflows"),
        (lambda: Value(1.0) + "a", TypeError, "unsupported operand"),
        # numpy cannot record a link of the graph: say what to write instead
        (lambda: np.exp(Value(1.0)), TypeError, r"np.exp cannot take a Value.*v\.exp\(\)"),
        (lambda: np.tanh(Value(1.0)), TypeError, r"write v\.tanh\(\) instead"),
        (lambda: np.sin(Value(1.0)), TypeError, r"numpy's sin cannot take a Value.*build sin"),
        (lambda: np.array([1.0, 2.0]) * Value(1.0), TypeError,
         "multiply cannot take a Value with ndarray"),
        (lambda: np.float64(2.0) ** Value(2.0), TypeError, "exponent must be a constant number"),
        (lambda: Value(1.0) < np.float64(2.0), TypeError, r"compare the numbers, as in v\.data"),
        (lambda: np.negative(Value(1.0)), TypeError, "write -v instead"),
        (lambda: np.add(Value(1.0), 2.0, dtype=object), TypeError, "add with dtype= cannot"),
    ],
)
def test_errors_say_what_went_wrong(make, error, message):
    with pytest.raises(error, match=message):
        make()


# --- the oracle: the same expression in plain floats, differentiated numerically ---

H = 1e-6  # central-difference step
BOUND = 100.0  # intermediate values stay in [-BOUND, BOUND], where H's roundoff is small
KINK = 1e-3  # relu's input stays this far from 0, so x ± H never crosses the kink
FLOAT, VALUE = 0, 1  # which side of each op table to use


def _logistic(x):
    return 1.0 / (1.0 + math.exp(-x))


# name: (plain-float version, Value version); each is defined on all of [-BOUND, BOUND]
UNARY = {
    "neg": (lambda x: -x, lambda v: -v),
    "square": (lambda x: x**2, lambda v: v**2),
    "cube": (lambda x: x**3, lambda v: v**3),
    "sqrt(x²+1)": (lambda x: (x * x + 1) ** 0.5, lambda v: (v * v + 1) ** 0.5),
    "(x²+1)^-1.5": (lambda x: (x * x + 1) ** -1.5, lambda v: (v * v + 1) ** -1.5),
    "exp": (math.exp, lambda v: v.exp()),
    "log(x²+1)": (lambda x: math.log(x * x + 1), lambda v: (v * v + 1).log()),
    "sigmoid": (_logistic, lambda v: v.sigmoid()),
    "tanh": (math.tanh, lambda v: v.tanh()),
    "relu": (lambda x: max(x, 0.0), lambda v: v.relu()),
    "1.5+x": (lambda x: 1.5 + x, lambda v: 1.5 + v),
    "2-x": (lambda x: 2 - x, lambda v: 2 - v),
    "0.5*x": (lambda x: 0.5 * x, lambda v: 0.5 * v),
    "1/(1+x²)": (lambda x: 1 / (1 + x * x), lambda v: 1 / (1 + v * v)),
}
BINARY = {
    "+": (lambda x, y: x + y, lambda u, v: u + v),
    "-": (lambda x, y: x - y, lambda u, v: u - v),
    "*": (lambda x, y: x * y, lambda u, v: u * v),
    "x/(1+y²)": (lambda x, y: x / (1 + y * y), lambda u, v: u / (1 + v * v)),
}


class OutOfRange(Exception):
    """An intermediate value left the region where the finite differences are reliable."""


def evaluate(tree, leaves, side):
    """Evaluate a tree ``("leaf", i) | ("unary", name, t) | ("binary", name, t, t)``."""
    if tree[0] == "leaf":
        return leaves[tree[1]]
    args = [evaluate(child, leaves, side) for child in tree[2:]]
    if side == FLOAT and tree[1] == "relu" and abs(args[0]) < KINK:
        raise OutOfRange
    out = (UNARY if tree[0] == "unary" else BINARY)[tree[1]][side](*args)
    if side == FLOAT and abs(out) > BOUND:
        raise OutOfRange
    return out


def assert_grads_match_finite_differences(tree, xs):
    """Every leaf's ``grad`` after ``backward()`` equals the central difference of the floats."""
    expected = evaluate(tree, xs, FLOAT)  # first, so OutOfRange comes before any Value work
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(xs)]
    out = evaluate(tree, leaves, VALUE)
    assert_allclose(out.data, expected, rtol=1e-9, atol=1e-12, err_msg=f"forward pass of {tree}")
    out.backward()
    for i, leaf in enumerate(leaves):
        up, down = list(xs), list(xs)
        up[i] += H
        down[i] -= H
        numeric = (evaluate(tree, up, FLOAT) - evaluate(tree, down, FLOAT)) / (2 * H)
        assert_allclose(
            leaf.grad, numeric, rtol=1e-6, atol=1e-7,
            err_msg=f"leaf x{i} of {tree} at {xs}: analytic {leaf.grad!r} vs numeric {numeric!r}",
        )


@pytest.mark.parametrize("name", sorted(UNARY))
@pytest.mark.parametrize("x", [-1.3, -0.2, 0.4, 1.7])
def test_each_unary_op_against_finite_differences(name, x):
    assert_grads_match_finite_differences(("unary", name, ("leaf", 0)), [x])


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("xs", [[-1.3, 0.4], [0.2, -1.7], [0.9, 0.9]])
def test_each_binary_op_against_finite_differences(name, xs):
    assert_grads_match_finite_differences(("binary", name, ("leaf", 0), ("leaf", 1)), xs)


@st.composite
def expressions(draw):
    """A random tree over 2–4 leaves (some may be reused, some unused) and the leaves' values."""
    n = draw(st.integers(2, 4))
    xs = draw(st.lists(st.floats(-2.0, 2.0), min_size=n, max_size=n))
    leaf = st.integers(0, n - 1).map(lambda i: ("leaf", i))
    tree = draw(
        st.recursive(
            leaf,
            lambda children: st.one_of(
                st.tuples(st.just("unary"), st.sampled_from(sorted(UNARY)), children),
                st.tuples(st.just("binary"), st.sampled_from(sorted(BINARY)), children, children),
            ),
            max_leaves=8,
        ).filter(lambda t: t[0] != "leaf")   # a bare leaf checks only its grad of 1
    )
    return tree, xs


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(expressions())
def test_random_expressions_against_finite_differences(expression):
    tree, xs = expression
    try:
        assert_grads_match_finite_differences(tree, xs)
    except OutOfRange:
        assume(False)


def test_the_oracle_catches_a_wrong_derivative(monkeypatch):
    tree = ("binary", "*", ("unary", "tanh", ("leaf", 0)), ("leaf", 1))
    xs = [0.3, -1.2]
    assert_grads_match_finite_differences(tree, xs)  # the true derivative passes

    true_tanh = Value.tanh

    def tanh_with_derivative_ten_percent_too_big(self):
        out = true_tanh(self)
        out.local_grads = (1.1 * out.local_grads[0],)
        return out

    monkeypatch.setattr(Value, "tanh", tanh_with_derivative_ten_percent_too_big)
    with pytest.raises(AssertionError, match="leaf x0 .* analytic .* vs numeric"):
        assert_grads_match_finite_differences(tree, xs)
