"""The knob's value <-> position maths (scalingdesk.core.log_scale), without Qt."""

import math

import pytest

from scalingdesk.core.log_scale import LogScale


def test_a_position_maps_to_log10_linearly_over_the_scale():
    s = LogScale(1e15, 1e30)  # the compute knob's 15 decades
    assert s.decades == pytest.approx(15.0)
    assert s.fraction(1e15) == 0.0 and s.fraction(1e30) == 1.0
    assert s.fraction(10**22.5) == pytest.approx(0.5)
    assert s.value_at(0.5) == pytest.approx(10**22.5, rel=1e-12)
    for t in (0.1, 0.37, 0.9):
        assert s.fraction(s.value_at(t)) == pytest.approx(t, abs=1e-12)


def test_the_ends_are_stops_with_the_exact_end_values():
    s = LogScale(3e6, 7e13)
    assert s.fraction(1.0) == 0.0 and s.fraction(1e20) == 1.0
    assert s.value_at(-0.2) == 3e6 and s.value_at(1.5) == 7e13
    assert s.value_at_log(math.log10(3e6)) == 3e6  # not 10**log10(3e6), which may differ in the last bit
    assert s.value_at_log(99.0) == 7e13
