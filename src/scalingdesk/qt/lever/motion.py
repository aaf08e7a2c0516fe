"""How the lever moves: easing curves and the frame-by-frame view of a pull (no painting)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6 import QtCore

# Lever angles, degrees from straight up, positive toward the left (the way it is pulled).
_REST_DEG = 16.0
_DOWN_DEG = 98.0


def _ease(kind: QtCore.QEasingCurve.Type) -> QtCore.QEasingCurve:
    return QtCore.QEasingCurve(kind)


_E = QtCore.QEasingCurve.Type
_IN_OUT_CUBIC = _ease(_E.InOutCubic)
_OUT_CUBIC = _ease(_E.OutCubic)
_IN_OUT_SINE = _ease(_E.InOutSine)
_OUT_BACK = _ease(_E.OutBack)
_OUT_BACK.setOvershoot(1.1)


def _phase(t: float, start: float, end: float) -> float:
    """Progress of ``t`` through the sub-interval [start, end] of an animation, clamped to 0..1."""
    if t <= start:
        return 0.0
    if t >= end:
        return 1.0
    return (t - start) / (end - start)


@dataclass(frozen=True)
class _View:
    """What one frame shows; every field is interpolated by the animation."""

    level: float  # fractional pull count for the gauge and the bars (0 … max_pulls)
    counter: float  # fractional pull count for the compute counter and the effort meter
    lever: float  # lever angle, degrees from straight up toward the left
    bend: float  # bend of the arm, as a fraction of its length (strain)
    gear: float  # gear angle, degrees
    strain: float  # 0 … 1, how hard this pull is being worked (motion marks)
    caption_alpha: float


def gear_angle(level: float) -> float:
    """Gears turn 180°·k during pull k: more turning (faster, as pulls get longer) each pull."""
    whole = int(math.floor(level))
    frac = level - whole
    return 90.0 * whole * (whole + 1) + 180.0 * (whole + 1) * frac


def rest_view(pulls: int) -> _View:
    return _View(float(pulls), float(pulls), _REST_DEG, 0.0, gear_angle(pulls), 0.0, 1.0)


def view_at(a: int, b: int, t: float, throw: bool, max_pulls: int, duration_s: float) -> _View:
    """The frame at progress ``t`` (0…1) of a move from ``a`` to ``b`` pulls; ``throw`` for a
    pull (the lever is worked), else a settle (step back, reset)."""
    if a == b or t >= 1.0:
        return rest_view(b)
    if not throw:
        g = _OUT_CUBIC.valueForProgress(t)
        level = a + (b - a) * g
        return _View(level, level, _REST_DEG, 0.0, gear_angle(level), 0.0, 1.0)
    k = b - 1  # index of this pull: later pulls strain more
    effort = (k + 1) / max(max_pulls, 1)
    # Lever: a strained start, the throw, then a springy return.
    windup, down_end = 0.2, 0.6
    budge = 3.0 + 3.0 * effort
    if t < windup:
        angle = _REST_DEG + budge * _IN_OUT_SINE.valueForProgress(t / windup)
    elif t < down_end:
        s = _IN_OUT_CUBIC.valueForProgress(_phase(t, windup, down_end))
        angle = _REST_DEG + budge + (_DOWN_DEG - _REST_DEG - budge) * s
    else:
        s = _OUT_BACK.valueForProgress(_phase(t, down_end, 1.0))
        angle = _DOWN_DEG - (_DOWN_DEG - _REST_DEG) * s
    strain = math.sin(math.pi * _phase(t, 0.0, down_end)) * effort
    shake = (0.6 + 2.2 * effort) * math.sin(2 * math.pi * 11.0 * t * duration_s)
    angle += shake * math.sin(math.pi * _phase(t, 0.0, down_end))
    bend = 0.07 * strain
    level = a + (b - a) * _OUT_CUBIC.valueForProgress(_phase(t, 0.35, 0.95))
    counter = a + (b - a) * _IN_OUT_CUBIC.valueForProgress(_phase(t, 0.15, 0.7))
    gear_level = a + (b - a) * _IN_OUT_SINE.valueForProgress(_phase(t, 0.15, 0.9))
    caption_alpha = 0.25 + 0.75 * _phase(t, 0.3, 0.8)
    return _View(level, counter, angle, bend, gear_angle(gear_level), strain, caption_alpha)
