"""The shared geometry of the network drawings: columns of neurons, lines from rim to rim."""

import math

import pytest

from nnlib.figures.neurons import column_positions, rim_to_rim


def test_columns_stand_dx_apart_with_rows_centred_dy_apart():
    pos = column_positions([3, 1, 2], dx=2.0, dy=0.5, x0=1.0, centre=4.0)
    assert [len(column) for column in pos] == [3, 1, 2]
    assert pos[0] == [(1.0, 4.5), (1.0, 4.0), (1.0, 3.5)]   # top to bottom
    assert pos[1] == [(3.0, 4.0)]
    assert pos[2] == [(5.0, 4.25), (5.0, 3.75)]


@pytest.mark.parametrize("scale", [(1.0, 1.0), (2.0, 0.5), (0.3, 3.0)])
def test_a_line_ends_on_both_rims_as_seen_on_the_page(scale):
    start, end, radius = (0.0, 0.0), (3.0, -1.0), 0.25
    a, b = rim_to_rim(start, end, radius, scale)
    sx, sy = scale

    def page_distance(p, q):
        return math.hypot((p[0] - q[0]) * sx, (p[1] - q[1]) * sy)

    assert page_distance(a, start) == pytest.approx(radius * sx)
    assert page_distance(b, end) == pytest.approx(radius * sx)
    # still on the line from start to end, and pointing the same way
    cross = (a[0] - start[0]) * (end[1] - start[1]) - (a[1] - start[1]) * (end[0] - start[0])
    assert cross == pytest.approx(0.0, abs=1e-12)
    assert (b[0] - a[0]) * (end[0] - start[0]) > 0
