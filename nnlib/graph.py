"""A scalar computational graph: the chain rule, one number at a time.

Each :class:`Value` is a node holding one float.  Building an expression such as
``z = w * a + b`` records, during the forward pass, which nodes fed each new node
(``parents``) and the local derivative of every link (``local_grads``: ∂node/∂parent).
``C.backward()`` then runs the chain rule backwards from ``C``: it multiplies the local
derivatives along each path and adds up the paths, so that afterwards every node's
``grad`` is ∂C/∂node.  :meth:`Value.edges` lists the links with their local derivatives,
which is what the chain-rule chapter draws.  The design (a scalar node that remembers
its parents, and a backward walk in reverse topological order) follows Andrej
Karpathy's *micrograd*; chapter 7 says how it grows into array code.

What this module deliberately does not do: arrays (the networks in :mod:`nnlib` use
numpy matrices instead), second derivatives, a Value as an exponent, optimisers or
in-place updates, and any drawing or printing.  It exists to make the chain rule
visible, not to train anything large.
"""

import functools
import math
import numbers

from .activations import get_activation


def _is_real(x):
    """True for an ``int``/``float``-like number; ``bool`` is not counted as one."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _number_label(x):
    """The short label of a plain number: ``2`` for an integer, ``0.5`` for a float."""
    return repr(int(x)) if isinstance(x, numbers.Integral) else repr(float(x))


def _node(data, op, parents, local_grads):
    """A new node made by ``op``; ``local_grads[i]`` is ∂(new node)/∂parents[i]."""
    if not all(math.isfinite(x) for x in (data, *local_grads)):
        operands = ", ".join(repr(p.data) for p in parents)
        raise OverflowError(f"{op}({operands}) overflows a float (or its derivative does)")
    out = Value(data)
    out.op = op
    out.parents = tuple(parents)
    out.local_grads = tuple(float(g) for g in local_grads)
    return out


def _with_constants(method):
    """Let ``method(self, other)`` accept a plain number as ``other`` (a constant leaf)."""

    @functools.wraps(method)
    def wrapper(self, other):
        if isinstance(other, Value):
            return method(self, other)
        if _is_real(other):
            return method(self, Value(other, label=_number_label(other)))
        return NotImplemented

    return wrapper


#: numpy's names for the arithmetic a Value does itself, with Value's operator for each
#: side the Value is on (true division is "divide").
_NUMPY_ARITHMETIC = {"add": ("__add__", "__radd__"),
                     "subtract": ("__sub__", "__rsub__"),
                     "multiply": ("__mul__", "__rmul__"),
                     "divide": ("__truediv__", "__rtruediv__"),
                     "power": ("__pow__", "__rpow__")}
#: numpy functions a Value has in its own form: what to write instead.
_INSTEAD = {"exp": "v.exp()", "log": "v.log()", "tanh": "v.tanh()", "negative": "-v"}
#: numpy's comparisons that have no meaning for a node (== and != do: identity).
_COMPARISONS = ("less", "less_equal", "greater", "greater_equal")


class Value:
    """One scalar node: ``data`` is its number; after ``C.backward()``, ``grad`` is ∂C/∂node.

    ``data`` must be a finite real number (else a ``ValueError``); ``label`` names the
    node in drawings and in its ``repr`` (a node made by an operation has none until
    given one).
    """

    def __init__(self, data, label=""):
        if not _is_real(data):
            hint = (" (one number from an array: float(x), or x.item())"
                    if getattr(data, "size", None) == 1 and hasattr(data, "item")
                    else "")
            raise ValueError(f"Value needs a real number, got {data!r} "
                             f"({type(data).__name__}){hint}")
        if not math.isfinite(data):
            raise ValueError(f"Value needs a finite number, got {data!r}")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self.op = ""  # "" marks a leaf: an input, a weight or a constant
        self.parents = ()  # operand order: for w * a this is (w, a)
        self.local_grads = ()  # ∂self/∂parent, same order as parents

    def __repr__(self):
        op = f", op={self.op!r}" if self.op else ""
        return f"Value(label={self.label!r}{op}, data={self.data!r}, grad={self.grad!r})"

    # --- forward pass: each operation with its local derivatives beside it ---

    @_with_constants
    def __add__(self, other):
        """u + v: ∂/∂u = 1, ∂/∂v = 1."""
        return _node(self.data + other.data, "+", (self, other), (1.0, 1.0))

    @_with_constants
    def __sub__(self, other):
        """u − v: ∂/∂u = 1, ∂/∂v = −1."""
        return _node(self.data - other.data, "-", (self, other), (1.0, -1.0))

    @_with_constants
    def __mul__(self, other):
        """u · v: ∂/∂u = v, ∂/∂v = u."""
        return _node(self.data * other.data, "*", (self, other),
                     (other.data, self.data))

    @_with_constants
    def __truediv__(self, other):
        """u / v: ∂/∂u = 1/v, ∂/∂v = −u/v²."""
        if other.data == 0.0:
            raise ZeroDivisionError(f"division by zero: the divisor {other!r} is 0")
        ratio = self.data / other.data
        return _node(ratio, "/", (self, other), (1.0 / other.data, -ratio / other.data))

    # a number on the left, as in 2 * w: make it a constant leaf, keep operand order
    @_with_constants
    def __radd__(self, other):
        return other + self

    @_with_constants
    def __rsub__(self, other):
        return other - self

    @_with_constants
    def __rmul__(self, other):
        return other * self

    @_with_constants
    def __rtruediv__(self, other):
        return other / self

    def __neg__(self):
        """−x: ∂/∂x = −1."""
        return _node(-self.data, "neg", (self,), (-1.0,))

    def __pow__(self, p):
        """x ** p for a constant real p: ∂/∂x = p x^(p−1)."""
        if isinstance(p, Value):
            raise TypeError(f"the exponent must be a constant number, not {p!r}")
        if not _is_real(p):
            return NotImplemented
        if not math.isfinite(p):
            raise ValueError(f"the exponent must be finite, got {p!r}")
        x = self.data
        if x < 0 and not float(p).is_integer():
            raise ValueError(f"{x!r} ** {p!r} is not real: a negative base needs an integer power")
        if x == 0 and p < 0:
            raise ValueError(f"0.0 ** {p!r} is undefined: zero has no negative powers")
        if x == 0 and 0 < p < 1:
            raise ValueError(f"x ** {p!r} has an infinite derivative at x = 0.0")
        try:
            data, local = x**p, (0.0 if p == 0 else p * x ** (p - 1))
        except OverflowError:
            data, local = math.inf, math.inf
        return _node(data, f"**{_number_label(p)}", (self,), (local,))

    def __rpow__(self, base):
        raise TypeError(f"the exponent must be a constant number, not {self!r}")

    def exp(self):
        """e^x: its derivative is itself."""
        try:
            e = math.exp(self.data)
        except OverflowError:
            e = math.inf
        return _node(e, "exp", (self,), (e,))

    def log(self):
        """Natural logarithm, for x > 0: ∂/∂x = 1/x."""
        if self.data <= 0:
            raise ValueError(f"log needs a positive number, got {self.data!r}")
        return _node(math.log(self.data), "log", (self,), (1.0 / self.data,))

    def _activation(self, name):
        """Apply an activation from :mod:`nnlib.activations` with its ``*_prime``."""
        act = get_activation(name)
        return _node(float(act.fn(self.data)), name, (self,), (float(act.prime(self.data)),))

    def sigmoid(self):
        """σ(x) = 1 / (1 + e^{−x}): ∂/∂x = σ(x)(1 − σ(x))."""
        return self._activation("sigmoid")

    def tanh(self):
        """tanh(x): ∂/∂x = 1 − tanh²(x)."""
        return self._activation("tanh")

    def relu(self):
        """max(0, x): ∂/∂x = 1 for x > 0, else 0 (0 at the kink x = 0)."""
        return self._activation("relu")

    # --- the graph and the backward pass ---

    def topological_order(self):
        """Every node reachable from self, each once, parents before children, self last."""
        order, seen = [], {self}
        stack = [(self, iter(self.parents))]  # an explicit stack: no recursion limit
        while stack:
            node, parents = stack[-1]
            for parent in parents:
                if parent not in seen:
                    seen.add(parent)
                    stack.append((parent, iter(parent.parents)))
                    break
            else:  # all of node's parents are placed, so node can follow them
                stack.pop()
                order.append(node)
        return order

    def edges(self):
        """Every link as ``(parent, child, ∂child/∂parent)``, children in topological order."""
        return [
            (parent, node, local)
            for node in self.topological_order()
            for parent, local in zip(node.parents, node.local_grads)
        ]

    def backward(self):
        """Set ``grad`` to ∂self/∂node, by the chain rule, on ``self`` and on every
        node it was made from; returns None.  Nodes made *from* ``self`` keep the
        ``grad`` they had."""
        order = self.topological_order()
        for node in order:
            node.grad = 0.0  # so that a second call gives the same grads, not double
        self.grad = 1.0  # ∂self/∂self
        # backward pass: a child's grad is final before it is passed to its parents
        for node in reversed(order):
            for parent, local in zip(node.parents, node.local_grads):
                parent.grad += local * node.grad  # += : a node used twice sums both paths

    # --- comparisons: the numbers, not the nodes ---

    def _refuse_order(self, other):
        raise TypeError("a Value is a node of the graph and has no order: compare the "
                        "numbers, as in v.data > 0 (for ReLU, v.relu() keeps the link "
                        "that backward() follows)")

    __lt__ = __le__ = __gt__ = __ge__ = _refuse_order

    def __float__(self):
        # what math.exp(v), float(v) and their kin ask for first
        raise TypeError("a Value is a node of the graph, not a plain number: math's "
                        "functions (math.exp(v)) would compute a number and leave no "
                        "link for backward(); write v.exp(), v.log(), v.tanh() or "
                        "v.sigmoid() instead, and v.data for the number itself")

    # --- numpy beside a Value ---

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        """What numpy does with a Value.  A numpy number beside + - * / ** is a plain
        number (``np.float64(2) * w`` is ``2 * w``), and ``==``/``!=`` compare nodes as
        Python compares them (a node equals only itself); any other numpy function of a
        Value, or a Value with an array, is refused with what to write instead: numpy
        would compute a number and leave no link in the graph for ``backward()``."""
        name = ufunc.__name__
        ops = _NUMPY_ARITHMETIC.get(name)
        if method == "__call__" and not kwargs and len(inputs) == 2:
            left, right = inputs
            if name in ("equal", "not_equal"):
                return (left is right) == (name == "equal")
            if ops and left is self and (isinstance(right, Value) or _is_real(right)):
                return getattr(self, ops[0])(right)
            if ops and right is self and _is_real(left):
                return getattr(self, ops[1])(left)
        if method != "__call__" or kwargs:
            how = (f"{name}.{method}" if method != "__call__"
                   else f"{name} with {', '.join(kwargs)}=")
            raise TypeError(f"numpy's {how} cannot work on a Value: use Python's operators "
                            f"and the Value's methods")
        if name in _COMPARISONS:
            raise TypeError(f"numpy cannot order Values ({name}): a Value is a node of the "
                            f"graph; compare the numbers, as in v.data < x")
        if ops:
            others = ", ".join(type(x).__name__ for x in inputs if not isinstance(x, Value))
            raise TypeError(f"numpy's {name} cannot take a Value with {others}: a Value is "
                            f"one number of the graph; combine it with plain numbers (float(x) "
                            f"for a numpy one) or Values, one at a time (nnlib.Network works "
                            f"on arrays)")
        if name in _INSTEAD:
            raise TypeError(f"np.{name} cannot take a Value: numpy would leave no link in "
                            f"the graph for backward(); write {_INSTEAD[name]} instead")
        raise TypeError(f"numpy's {name} cannot take a Value: numpy would leave no link in "
                        f"the graph for backward(). A Value has + - * / **, exp(), log(), "
                        f"sigmoid(), tanh() and relu(); build {name} from those")
