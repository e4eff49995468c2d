"""Mini-batches of a data set, handed out fast: the part of SGD that is about memory.

:func:`nnlib.sgd` asks a :class:`MiniBatches` for the columns of each mini-batch, in the
random order of an epoch.  Picking random columns straight out of an array that numpy
stores row by row is slow, so each example is copied once into a contiguous row, and
each mini-batch is gathered into the same two arrays, step after step.  None of this
changes a number that training computes; it keeps the listing of ``sgd`` the algorithm.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np


class MiniBatches:
    """The examples of ``X`` ``(n_1, m)`` and ``Y`` ``(n_L, m)``, ``batch_size`` columns
    at a time.

    :meth:`in_order` yields ``(x, y)``, of shapes ``(n_1, k)`` and ``(n_L, k)``, for each
    slice of ``batch_size`` indices of an order (the last may be shorter).  They are
    views of arrays that the next mini-batch overwrites: use each pair before asking for
    the next.  ``X`` and ``Y`` are read, never changed.  Nothing here checks its
    arguments, which :func:`nnlib.sgd` has checked: ``X`` and ``Y`` are float64 arrays
    with the same number ``m`` of columns, and an order is a permutation of
    ``range(m)`` (an index out of range is clipped, not refused).
    """

    def __init__(self, X, Y, batch_size):
        # each example as a contiguous row: shuffled mini-batches gather fast
        self._XT, self._YT = _examples_as_rows(X), _examples_as_rows(Y)
        self.batch_size = batch_size
        # Every mini-batch reuses these two arrays.  Made afresh at each step, blocks
        # this large (1.4 MB for [784, 100, 10] at batch 128) can go back to the
        # operating system when freed, and taking them again page by page cost up to a
        # fifth of an epoch.
        rows = min(batch_size, X.shape[1])
        self._x_rows = np.empty((rows, self._XT.shape[1]))
        self._y_rows = np.empty((rows, self._YT.shape[1]))

    def in_order(self, order):
        """``(x, y)`` for each slice of ``batch_size`` indices of ``order``, in turn."""
        for k in range(0, len(order), self.batch_size):
            batch = order[k:k + self.batch_size]
            yield (_gather(self._XT, batch, self._x_rows).T,
                   _gather(self._YT, batch, self._y_rows).T)


def _gather(rows, batch, out):
    """``rows[batch]``, written into the first ``len(batch)`` rows of ``out``.

    ``take`` does what ``rows[batch]`` does in half the time.  With its default
    ``mode="raise"`` it would copy into ``out`` through a buffer of its own, so
    ``mode="clip"``: the indices of a permutation are never out of range.
    """
    return np.take(rows, batch, axis=0, out=out[:len(batch)], mode="clip")


def _examples_as_rows(A):
    """``A.T`` in C order: each column of ``A`` (one example) becomes a contiguous row.

    Picking a mini-batch's random columns straight out of ``A`` is slow: numpy stores
    ``A`` row by row, so the numbers of a column lie far apart.  Gathering rows of this
    copy is fast.  A large copy is split between two threads, each copying half of the
    examples: numpy lets go of Python's lock while it copies, and one core alone cannot
    keep the memory busy (the 100 MB of 16,384 examples of 784 numbers take about 27 ms
    on two cores, 44 ms on one).  Where threads cannot start (Python in a web page),
    one thread copies it all.
    """
    if A.T.flags.c_contiguous:   # already stored example by example: nothing to copy
        return A.T
    rows = np.empty(A.shape[::-1])
    if A.nbytes < _TWO_THREADS_FROM or _cores() < 2:
        _transpose_into(rows, A)
        return rows
    half = A.shape[1] // 2
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            first = pool.submit(_transpose_into, rows[:half], A[:, :half])
        except RuntimeError:             # threads cannot start here
            _transpose_into(rows, A)
            return rows
        _transpose_into(rows[half:], A[:, half:])
        first.result()                   # waits, and raises what the thread raised
    return rows


_TWO_THREADS_FROM = 4 << 20   # bytes: below this, starting a thread costs more than it saves


def _transpose_into(rows, A):
    """``rows[...] = A.T``, with ``rows`` in C order.

    numpy's copy walks down the columns of ``A``; when the rows of ``A`` lie a multiple
    of 4096 bytes apart (16,384 examples, say), the numbers of a column all fall into
    the same few places of the processor's cache and push each other out, and copying
    8 rows at a time is twice as fast.
    """
    if A.strides[0] % 4096:
        rows[...] = A.T
        return
    for i in range(0, A.shape[0], 8):
        rows[:, i:i + 8] = A[i:i + 8].T


def _cores():
    """How many processor cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
