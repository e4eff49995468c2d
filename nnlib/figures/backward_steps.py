"""The backward pass of a scalar graph replayed one link at a time, for chapter 7's figure.

:meth:`nnlib.graph.Value.backward` visits the nodes newest first and, for each, adds
``local × grad(child)`` to the grad of every parent.  :func:`steps` replays exactly that
order and records the state after each addition, so that a figure can show the pass
one link at a time.  The last step's grads are those of ``backward()`` (a test checks
it).  :func:`readout` writes a step as plain text.  No drawing here: that is
:mod:`nnlib.figures.backward_walk`.
"""

from dataclasses import dataclass

from .style import num


@dataclass(frozen=True)
class Step:
    """One addition ``parent.grad += local × child.grad``, and the grads after it.

    ``grads`` maps each node filled so far to its gradient; step 0 (no link yet) has
    ``parent``, ``child`` and ``local`` set to None and only ``∂C/∂C = 1``.
    """

    parent: object
    child: object
    local: float | None
    grads: dict


def steps(root, shown=None):
    """Every step of ``root``'s backward pass, the start included.

    ``shown`` (a set of nodes) keeps only the links whose parent is in it, e.g. to
    leave out the links into constants; their additions still happen.
    """
    grads = {root: 1.0}
    out = [Step(None, None, None, dict(grads))]
    for node in reversed(root.topological_order()):
        for parent, local in zip(node.parents, node.local_grads):
            grads[parent] = grads.get(parent, 0.0) + local * grads[node]
            if shown is None or parent in shown:
                out.append(Step(parent, node, local, dict(grads)))
    return out


def name(node):
    """A node's label, or its operation when it has none."""
    return node.label or node.op


def readout(step, k, n):
    """Step ``k`` of ``n`` as plain text (lines of at most 60 characters)."""
    if step.parent is None:
        return (f"step 0 of {n}: the forward pass is done;\n"
                f"the backward pass starts at the cost with ∂C/∂C = 1")
    p, c = name(step.parent), name(step.child)
    g_child = step.grads[step.child]
    lines = [f"step {k} of {n}: the link {p} → {c}",
             f"∂C/∂({p}) += ∂({c})/∂({p}) × ∂C/∂({c})",
             f"          = {num(step.local, '.4f')} × {num(g_child, '.4f')}"
             f" = {num(step.local * g_child, '.4f')}"]
    return "\n".join(lines)
