"""The tape of nnlib.tape and the two modes of nnlib.autodiff against independent oracles.

Oracles: nnlib.Network.backprop (the four equations), central differences of each
operation (every VJP) and of each step of a network's chain (every Jacobian), the
tests' own per-example backpropagation, and nnlib.sgd (training).  One test shows
that the VJP check catches a deliberately wrong VJP.
"""

import re

import numpy as np
import pytest
from numpy.testing import assert_allclose

import nnlib
from nnlib import autodiff, tape
from nnlib.data import mazur_network
from reference_backprop import per_example_backprop

SIZES = [[2, 2, 2], [3, 4, 2], [4, 5, 3, 2]]


def batch(net, m, seed):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(net.sizes[0], m))
    Y = rng.uniform(0, 1, size=(net.sizes[-1], m))
    return X, Y


def assert_same_gradients(got, want):
    for g, w in zip(got[0] + got[1], want[0] + want[1]):
        assert g.shape == w.shape
        assert_allclose(g, w, rtol=1e-12, atol=1e-15,
                        err_msg=f"tape/forward {g!r}\nNetwork.backprop {w!r}")


@pytest.mark.parametrize("sizes", SIZES)
@pytest.mark.parametrize("m", [1, 7])
def test_reverse_mode_equals_network_backprop(sizes, m):
    net = nnlib.Network(sizes, rng=len(sizes) + m)
    net.biases = [np.full_like(b, 0.1) for b in net.biases]
    X, Y = batch(net, m, seed=m)
    assert_same_gradients(autodiff.backprop(net, X, Y), net.backprop(X, Y))


@pytest.mark.parametrize("sizes", SIZES)
def test_forward_mode_equals_network_backprop_with_one_pass_per_parameter(sizes):
    net = nnlib.Network(sizes, rng=3)
    X, Y = batch(net, 5, seed=1)
    nabla_b, nabla_w, passes = autodiff.forward_mode_gradient(net, X, Y)
    assert_same_gradients((nabla_b, nabla_w), net.backprop(X, Y))
    assert passes == sum(w.size + b.size for w, b in zip(net.weights, net.biases))


def test_the_published_example():
    net, X, Y = mazur_network()
    nabla_b, nabla_w = autodiff.backprop(net, X, Y)
    assert nabla_w[1][0, 0] == pytest.approx(0.082167041, abs=5e-10)   # w5
    assert nabla_w[0][0, 0] == pytest.approx(0.000438568, abs=5e-10)   # w1


def operation_inputs(rng):
    return {
        "matmul": [rng.normal(size=(3, 4)), rng.normal(size=(4, 5))],
        "add": [rng.normal(size=(3, 5)), rng.normal(size=(3, 1))],
        "sigmoid": [rng.normal(size=(3, 5))],
        "quadratic_cost": [rng.uniform(size=(2, 5)), rng.uniform(size=(2, 5))],
    }


@pytest.mark.parametrize("op", sorted(tape.OPS))
@pytest.mark.parametrize("seed", [0, 1])
def test_every_vjp_agrees_with_central_differences(op, seed):
    rng = np.random.default_rng(seed)
    inputs = operation_inputs(rng)[op]
    errors = tape.check_vjp(op, inputs, rng)
    assert len(errors) == len(inputs)
    assert max(errors) < 1e-8, f"{op}: relative errors {errors}"


def test_the_check_catches_a_wrong_vjp():
    # the bias gets the gradient of the first example only, not the sum
    def wrong_add_vjp(g, A, b, out):
        return g, g[:, :1]

    ops = {**tape.OPS, "add": (tape.add, wrong_add_vjp)}
    for seed in range(40):
        # with one random g the error of b fell to 0.09 for some seeds; the
        # largest of three draws stays far above round-off for every seed
        rng = np.random.default_rng(seed)
        errors = tape.check_vjp("add", operation_inputs(rng)["add"], rng, ops=ops)
        assert errors[0] < 1e-8 and errors[1] > 0.3, (seed, errors)
    rng = np.random.default_rng(0)
    one_draw = tape.check_vjp("add", operation_inputs(rng)["add"], rng, ops=ops, draws=1)
    assert one_draw[1] > 0.1


def test_the_check_catches_a_vjp_that_forgets_g():
    # σ'(z) alone, not g ⊙ σ'(z): a g of ones would not see the difference
    def forgetful_sigmoid_vjp(g, z, out):
        return (out * (1.0 - out),)

    ops = {**tape.OPS, "sigmoid": (tape.OPS["sigmoid"][0], forgetful_sigmoid_vjp)}
    rng = np.random.default_rng(0)
    errors = tape.check_vjp("sigmoid", operation_inputs(rng)["sigmoid"], rng, ops=ops)
    assert errors[0] > 0.3


def test_a_vjp_that_returns_nan_is_not_reported_as_right():
    # max(0.0, nan) is 0.0: the largest error over the draws lost the NaN
    def broken_sigmoid_vjp(g, z, out):
        return (np.full_like(z, np.nan),)

    ops = {**tape.OPS, "sigmoid": (tape.OPS["sigmoid"][0], broken_sigmoid_vjp)}
    for draws in (1, 3):
        rng = np.random.default_rng(0)
        errors = tape.check_vjp("sigmoid", operation_inputs(rng)["sigmoid"], rng,
                                ops=ops, draws=draws)
        assert np.isnan(errors[0]) and not errors[0] < 1e-6


def test_check_vjp_wants_at_least_one_draw():
    with pytest.raises(ValueError, match="draws must be an integer of at least 1"):
        tape.check_vjp("sigmoid", [np.zeros((2, 3))], np.random.default_rng(0), draws=0)


def test_unbroadcast_sums_where_an_input_was_repeated():
    g = np.arange(6.0).reshape(2, 3)
    assert_allclose(tape.unbroadcast(g, (2, 1)), [[3.0], [12.0]])
    assert_allclose(tape.unbroadcast(g, (3,)), [3.0, 5.0, 7.0])
    assert_allclose(tape.unbroadcast(g, (2, 3)), g)
    assert_allclose(tape.unbroadcast(g, ()), 15.0)
    assert_allclose(tape.unbroadcast(g, (1, 1)), [[15.0]])


@pytest.mark.parametrize("shape", [(3, 1), (2, 4), (1, 2, 3), (2, 2, 3)])
def test_unbroadcast_refuses_a_shape_numpy_could_not_have_broadcast(shape):
    # summing (2, 3) "down" to (3, 1) used to return a (2, 1) array without a word
    with pytest.raises(ValueError, match=re.escape(
            f"an input of shape {shape} cannot have been broadcast to the gradient's "
            f"shape (2, 3)")):
        tape.unbroadcast(np.zeros((2, 3)), shape)


def test_an_input_used_twice_gets_both_gradients():
    t = tape.Tape()
    A = t.var(np.array([[1.0, 2.0], [3.0, 4.0]]))
    S = A @ A                                  # ∂(Σ g ⊙ A A)/∂A = g Aᵀ + Aᵀ g
    C = t.apply("quadratic_cost", S, t.var(np.zeros((2, 2))))
    t.backward(C)
    g = S.value / 2
    assert_allclose(A.grad, g @ A.value.T + A.value.T @ g)


def test_backward_twice_gives_the_same_grads_and_the_tape_counts_bytes():
    net = nnlib.Network([3, 4, 2], rng=0)
    X, Y = batch(net, 10, seed=0)
    t, C, ws, bs = autodiff.record(net, X, Y)
    t.backward(C)
    first = [w.grad.copy() for w in ws]
    t.backward(C)
    for a, b in zip(first, (w.grad for w in ws)):
        assert np.array_equal(a, b)
    # X, Y, the parameters, and z, w a, a for two layers, and C
    kept = (3 + 2) * 10 + sum(w.size + b.size for w, b in
                              zip(net.weights, net.biases))
    kept += 3 * (4 + 2) * 10 + 1
    assert t.nbytes() == 8 * kept


def test_training_with_the_tape_gives_the_weights_of_nnlib_sgd():
    net = nnlib.Network([3, 4, 2], rng=5)
    twin = net.copy()
    X, Y = batch(net, 12, seed=2)
    history = nnlib.sgd(net, X, Y, epochs=3, batch_size=4, eta=2.0,
                        rng=np.random.default_rng(9))
    costs = autodiff.train(twin, X, Y, epochs=3, batch_size=4, eta=2.0,
                           rng=np.random.default_rng(9))
    assert_allclose(costs, history.cost, rtol=1e-12)
    for p, q in zip(net.weights + net.biases, twin.weights + twin.biases):
        assert_allclose(q, p, rtol=1e-12, atol=1e-15)
    assert not np.allclose(twin.weights[0], nnlib.Network([3, 4, 2], rng=5).weights[0])


@pytest.mark.parametrize("kwargs", [dict(activation="relu"),
                                    dict(cost="cross_entropy"),
                                    dict(activation="tanh", cost="cross_entropy")])
def test_autodiff_refuses_a_network_it_cannot_differentiate(kwargs):
    # Its tape knows σ and the quadratic cost only: another network's gradients
    # would come out wrong without a word, so every entry point says so.
    net = nnlib.Network([3, 4, 2], rng=0, **kwargs)
    X, Y = batch(net, 5, seed=0)
    zeros = ([np.zeros_like(w) for w in net.weights],
             [np.zeros_like(b) for b in net.biases])
    calls = [lambda: autodiff.record(net, X, Y),
             lambda: autodiff.backprop(net, X, Y),
             lambda: autodiff.jvp(net, X, Y, *zeros),
             lambda: autodiff.forward_mode_gradient(net, X, Y),
             lambda: autodiff.train(net, X, Y, epochs=1, batch_size=2, eta=1.0,
                                    rng=np.random.default_rng(0))]
    for call in calls:
        with pytest.raises(ValueError, match="sigmoid layers with the quadratic"):
            call()


@pytest.mark.parametrize("bad, match", [(dict(epochs=0), "epochs"),
                                        (dict(batch_size=1.5), "batch_size"),
                                        (dict(eta=-1.0), "eta")])
def test_autodiff_train_checks_its_arguments(bad, match):
    net = nnlib.Network([3, 4, 2], rng=0)
    X, Y = batch(net, 5, seed=0)
    args = dict(epochs=1, batch_size=2, eta=1.0) | bad
    with pytest.raises(ValueError, match=match):
        autodiff.train(net, X, Y, rng=np.random.default_rng(0), **args)


def test_jvp_refuses_directions_or_targets_of_the_wrong_shape():
    # zip would have cut a short list of directions, and a 1-D Y would have
    # broadcast against the output: both gave a wrong cost without a word.
    net, X, Y = mazur_network()
    dw = [np.zeros_like(w) for w in net.weights]
    db = [np.zeros_like(b) for b in net.biases]
    C, _ = autodiff.jvp(net, X, Y, dw, db)
    assert_allclose(C, net.cost(X, Y), rtol=1e-14)
    with pytest.raises(ValueError, match="dw must hold one array"):
        autodiff.jvp(net, X, Y, dw[:1], db)
    with pytest.raises(ValueError, match="db must hold one array"):
        autodiff.jvp(net, X, Y, dw, [b.T for b in db])
    # None is not iterable; an array would be read row by row as its layers
    with pytest.raises(ValueError, match=r"^db must be a list of arrays, one per layer, "
                                         r"shaped \[\(2, 1\), \(2, 1\)\]; received NoneType$"):
        autodiff.jvp(net, X, Y, dw, None)
    with pytest.raises(ValueError, match=r"dw must be a list.*received an array of "
                                         r"shape \(2, 2\)"):
        autodiff.jvp(net, X, Y, dw[0], db)
    with pytest.raises(ValueError, match=r"^dw\[1\] must be a number"):
        autodiff.jvp(net, X, Y, [dw[0], None], db)
    for X_bad, Y_bad in ((X, Y.ravel()), (X.ravel(), Y), (X, np.hstack([Y, Y]))):
        with pytest.raises(ValueError, match="one example per column"):
            autodiff.jvp(net, X_bad, Y_bad, dw, db)


def test_check_vjp_wants_a_generator():
    # an int seed used to fail with "'int' object has no attribute 'normal'"
    with pytest.raises(ValueError, match=r"rng must be a numpy.random.Generator.*received int"):
        tape.check_vjp("sigmoid", [np.zeros((2, 3))], 0)


def test_an_unknown_operation_names_the_ones_there_are():
    # a bare KeyError used to say only 'relu'
    known = (r"unknown operation 'relu': the tape knows "
             r"\['add', 'matmul', 'quadratic_cost', 'sigmoid'\]")
    with pytest.raises(ValueError, match=known):
        tape.check_vjp("relu", [np.zeros((2, 3))], np.random.default_rng(0))
    t = tape.Tape()
    with pytest.raises(ValueError, match=known):
        t.apply("relu", t.var(np.zeros((2, 3))))


def test_backward_starts_from_a_single_number():
    # it used to differentiate the sum of a non-scalar output without a word
    t = tape.Tape()
    a = t.var(np.array([[0.5, -1.0]])).sigmoid()
    with pytest.raises(ValueError,
                       match=r"single number, the cost; received a Var of shape \(1, 2\)"):
        t.backward(a)
    C = t.apply("quadratic_cost", a, t.var(np.zeros((1, 2))))
    t.backward(C)
    assert a.grad.shape == (1, 2)


def test_one_example_as_a_flat_array_is_refused_not_broadcast():
    # w @ x + b with a flat x of n numbers and a column b used to be an (n, n)
    # array, and the cost of a column a against a flat y an (n, n) sum: both gave
    # a wrong cost (0.40 for 0.33, 4.5 for 1.5) and a scalar w.grad, no word said
    t = tape.Tape()
    x = t.var(np.array([1.0, 2.0]), "x")
    w, b = t.var(np.eye(2), "w"), t.var(np.zeros((2, 1)), "b")
    with pytest.raises(ValueError, match=r"shapes \(2, 2\) and \(2,\): matmul: A and B "
                                         r"must be matrices.*one column per example "
                                         r"in B.*x.reshape\(-1, 1\)"):
        w @ x + b
    with pytest.raises(ValueError, match=r"add: A must be a matrix.*one column per "
                                         r"example; received shape \(2,\)"):
        x + b
    a = t.var(np.ones((3, 1)))
    with pytest.raises(ValueError, match=r"same shape \(n_L, m\).*\(3, 1\) and \(3,\)"):
        t.apply("quadratic_cost", a, t.var(np.zeros(3)))
    C = t.apply("quadratic_cost", a, t.var(np.zeros((3, 1))))
    assert float(C.value) == 1.5
    # two flat arrays of one shape add entry by entry, as numpy adds them
    total = t.var(np.array([1.0, 2.0])) + t.var(np.array([3.0, 4.0]))
    assert total.value.tolist() == [4.0, 6.0]


def test_a_tape_value_must_be_numbers():
    # np.asarray(None, dtype=float) is NaN: a forgotten `return` went on as NaN
    t = tape.Tape()
    with pytest.raises(ValueError, match="y must be a number.*received NoneType.*return"):
        t.var(None, "y")
    with pytest.raises(ValueError, match="received str"):
        t.var("0.5")


def test_jvp_reads_directions_given_as_generators_once():
    # the shape check used to use the generators up, and the forward pass then
    # ran no layer at all: the cost of X itself and a rate of change of 0
    net, X, Y = mazur_network()
    rng = np.random.default_rng(3)
    dw = [rng.normal(size=w.shape) for w in net.weights]
    db = [rng.normal(size=b.shape) for b in net.biases]
    expected = autodiff.jvp(net, X, Y, dw, db)
    assert autodiff.jvp(net, X, Y, iter(dw), (d for d in db)) == expected
    assert autodiff.jvp(net, X.tolist(), Y.tolist(), dw, db) == expected


def test_a_var_shows_its_shape_and_whether_it_has_a_gradient():
    t = tape.Tape()
    w = t.var(np.ones((2, 3)), "w")
    a = t.var(np.ones((3, 4)), "a")
    y = t.var(np.zeros((2, 4)), "y")
    assert repr(w) == "Var('w', shape=(2, 3), grad=None)"
    t.backward(t.apply("quadratic_cost", (w @ a).sigmoid(), y))
    assert repr(w) == "Var('w', shape=(2, 3), grad=array of shape (2, 3))"


def test_check_vjp_takes_lists_and_names_a_wrong_number_of_inputs():
    rng = np.random.default_rng(0)
    A, B = [[1.0, 2.0], [3.0, 0.5]], [[0.5], [-1.0]]
    errors = tape.check_vjp("matmul", [A, B], rng)        # lists, copied to floats
    assert len(errors) == 2 and max(errors) < 1e-8
    assert A == [[1.0, 2.0], [3.0, 0.5]]
    z = np.array([0.5, -1.0])
    tape.check_vjp("sigmoid", [z], rng)
    assert z.tolist() == [0.5, -1.0]                      # nudged only in a copy
    with pytest.raises(ValueError, match=r"^'matmul' takes the inputs \(A, B\); "
                                         r"received 1 array\(s\)$"):
        tape.check_vjp("matmul", [A], rng)
    with pytest.raises(ValueError, match=r"inputs\[1\] must be a number or an array "
                                         r"of numbers; received str"):
        tape.check_vjp("add", [A, "b"], rng)
    with pytest.raises(ValueError, match=r"shapes \(2,\) and \(2,\): matmul: A and B "
                                         r"must be matrices"):
        tape.check_vjp("matmul", [[1.0, 2.0], [3.0, 4.0]], rng)


def test_check_vjp_says_a_list_is_no_array_and_blames_an_operation_returning_none():
    rng = np.random.default_rng(0)
    as_list = {"sigmoid": (tape.sigmoid, lambda g, z, out: ((g * out * (1 - out)).tolist(),))}
    with pytest.raises(ValueError, match=r"holding list where arrays belong"):
        tape.check_vjp("sigmoid", [np.ones(3)], rng, ops=as_list)
    # the VJP was blamed for the operation's missing return
    no_return = {"sigmoid": (lambda z: None, lambda g, z, out: (g,))}
    with pytest.raises(ValueError, match=r"the operation 'sigmoid' returned None"):
        tape.check_vjp("sigmoid", [np.ones(3)], rng, ops=no_return)


def test_the_doc_comment_of_OPS_names_every_operation():
    # the API page shows the comment, not the dict (its value would print as
    # "<function add>, <function add_vjp>, ..."): it must stay complete
    import inspect

    comment = inspect.getsource(tape).split("\nOPS = {")[0].rsplit("\n\n", 1)[-1]
    assert comment.startswith("#: Every operation the tape knows"), comment
    assert all(f"``{name}``" in comment for name in tape.OPS), comment


def chain_steps(net, x, y):
    """The steps v_{k-1} ↦ v_k of autodiff.jacobians' chain as functions of flat
    vectors, written again here from its docstring, for central differences."""
    ws, bs = net.weights, net.biases
    later = [sum(w.size + b.size for w, b in zip(ws[i + 1:], bs[i + 1:]))
             for i in range(len(ws))]
    steps = []
    for i, (w, b) in enumerate(zip(ws, bs)):
        def affine(v, i=i, w=w, b=b):
            n_in = 0 if i == 0 else w.shape[1]
            a = x[:, 0] if i == 0 else v[:n_in]
            W = v[n_in:n_in + w.size].reshape(w.shape)
            bias = v[n_in + w.size:n_in + w.size + w.shape[0]]
            return np.concatenate([W @ a + bias, v[len(v) - later[i]:]])

        def squash(v, n=w.shape[0]):
            return np.concatenate([1 / (1 + np.exp(-v[:n])), v[n:]])
        steps += [affine, squash]
    steps.append(lambda v: np.array([0.5 * np.sum((v - y[:, 0]) ** 2)]))
    return steps


def central_jacobian(f, v, h=1e-6):
    columns = []
    for j in range(len(v)):
        e = np.zeros_like(v)
        e[j] = h
        columns.append((f(v + e) - f(v - e)) / (2 * h))
    return np.column_stack(columns)


@pytest.mark.parametrize("sizes", [[3, 2]] + SIZES)
def test_each_jacobian_is_its_steps_derivative_and_their_product_the_gradient(sizes):
    net = nnlib.Network(sizes, rng=4)
    net.biases = [np.full_like(b, 0.2) for b in net.biases]
    x, y = batch(net, 1, seed=6)
    J = autodiff.jacobians(net, x, y)
    assert len(J) == 2 * (len(sizes) - 1) + 1
    v = np.concatenate([p.ravel() for w, b in zip(net.weights, net.biases)
                        for p in (w, b)])                          # v_0 = θ
    for k, (step, J_k) in enumerate(zip(chain_steps(net, x, y), J), start=1):
        assert_allclose(J_k, central_jacobian(step, v), rtol=1e-6, atol=1e-9,
                        err_msg=f"J_{k}")
        v = step(v)
    nabla_b, nabla_w = per_example_backprop(net.weights, net.biases, x, y)
    gradient = np.concatenate([g.ravel() for pair in zip(nabla_w, nabla_b)
                               for g in pair])
    from_left, from_right = J[-1], J[0]
    for J_k in J[-2::-1]:
        from_left = from_left @ J_k      # a row at every step: reverse mode
    for J_k in J[1:]:
        from_right = J_k @ from_right    # one column per parameter: forward mode
    for product in (from_left, from_right):
        assert product.shape == (1, gradient.size)
        assert_allclose(product[0], gradient, rtol=1e-12, atol=1e-15)


def test_jacobians_takes_one_example_of_a_network_it_can_differentiate():
    net = nnlib.Network([3, 4, 2], rng=0)
    X, Y = batch(net, 2, seed=0)
    with pytest.raises(ValueError, match=r"one example, x of shape \(3, 1\); "
                                         r"received 2 columns"):
        autodiff.jacobians(net, X, Y)
    with pytest.raises(ValueError, match="sigmoid layers with the quadratic"):
        autodiff.jacobians(nnlib.Network([3, 4, 2], rng=0, activation="relu"),
                           X[:, :1], Y[:, :1])
