"""The plots' axis ranges, worked out in the core (scalingdesk.core.plot_axes)."""

from __future__ import annotations

import math

import pytest

from scalingdesk.core import plot_axes, views
from scalingdesk.core.laws import EPOCH_2024


def test_grown_never_shrinks_and_widens_by_half_the_fit():
    assert plot_axes.grown((0.0, 10.0), (2.0, 8.0)) == (0.0, 10.0)  # inside: held as is
    assert plot_axes.grown((0.0, 10.0), (-2.0, 8.0)) == (-7.0, 10.0)  # past the low end: by half the span
    assert plot_axes.grown((0.0, 10.0), (4.0, 12.0)) == (0.0, 16.0)


def test_isoflop_axes_hold_the_valley_and_the_current_point_on_a_snapped_loss_axis():
    v = views.isoflop_view(EPOCH_2024, 7e10, 1.4e12)
    axes = plot_axes.isoflop_axes(v, EPOCH_2024)
    assert axes.x0 == pytest.approx(math.log10(v.params[0])) and axes.x1 == pytest.approx(math.log10(v.params[-1]))
    assert axes.y0 < v.valley_bottom.loss < axes.y1 and axes.y0 < v.current[1] < axes.y1
    for y in (axes.y0, axes.y1):
        assert y / plot_axes.LOSS_STEP == pytest.approx(round(y / plot_axes.LOSS_STEP))
    # Dragging: the held axes only grow.
    small = plot_axes.AxisRange(axes.x0 + 0.5, axes.x1 - 0.5, axes.y0 + 0.01, axes.y1 - 0.01)
    grown = plot_axes.isoflop_axes(v, EPOCH_2024, small)
    assert grown.y0 <= small.y0 and grown.y1 >= small.y1
    assert plot_axes.held_x((1.0, 2.0), None) == (1.0, 2.0)
