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


def test_look_ahead_is_a_few_steps_in_the_direction_c_moves_and_never_less_than_its_floor():
    assert plot_axes.look_ahead_decades(0.0) == 0.0
    assert plot_axes.look_ahead_decades(0.05) == pytest.approx(plot_axes.LOOK_AHEAD_MIN_DECADES)  # 2 x 0.05 = 0.1
    assert plot_axes.look_ahead_decades(-0.2) == pytest.approx(-0.4)
    assert plot_axes.look_ahead_decades(0.01) == pytest.approx(0.1)


def test_the_axes_ahead_hold_the_valleys_of_the_budget_they_look_at():
    params, tokens = 7e10, 1.4e12
    rest = plot_axes.isoflop_axes(views.isoflop_view(EPOCH_2024, params, tokens), EPOCH_2024)
    for decades in (0.3, -0.3, 1.0, -1.0):
        ahead = plot_axes.isoflop_axes_ahead(EPOCH_2024, params, tokens, rest, decades)
        assert ahead.x0 <= rest.x0 and ahead.x1 >= rest.x1  # they only grow
        assert ahead.y0 <= rest.y0 and ahead.y1 >= rest.y1
        scale = 10 ** (decades / 2)
        there = views.isoflop_view(EPOCH_2024, params * scale, tokens * scale)  # centred on its own valley
        bottom = math.log10(there.valley_bottom.params)
        assert ahead.x0 < bottom < ahead.x1 and ahead.y0 < there.valley_bottom.loss < ahead.y1
        assert ahead.y0 < there.current[1] < ahead.y1
        if abs(decades) == 1.0:  # a decade away the valley's N range is past the held one
            assert (ahead.x0, ahead.x1) != (rest.x0, rest.x1)
    # More compute: lower valleys, so the loss axis grows downwards; less: upwards.
    up = plot_axes.isoflop_axes_ahead(EPOCH_2024, params, tokens, rest, 0.5)
    down = plot_axes.isoflop_axes_ahead(EPOCH_2024, params, tokens, rest, -0.5)
    assert up.y0 < rest.y0 and down.y1 > rest.y1
    # Nothing to grow for: the held axes come back as they are.
    assert plot_axes.isoflop_axes_ahead(EPOCH_2024, params, tokens, rest, 0.0) == rest
