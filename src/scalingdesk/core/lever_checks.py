"""What the lever accepts, checked Qt-free before it draws (issue 13: no validation in the
widget): a whole number of pulls, a positive finite start compute, and a law that gives a
finite loss at every pull along its frontier."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from scalingdesk.core.laws import ScalingLaw
from scalingdesk.core.lever import LeverView, lever_view


def check_max_pulls(value: Any) -> int:
    """The number of pulls: a whole number of at least 1 (a bool is refused, not read as 1)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"max_pulls {value!r} must be a whole number of at least 1")
    return int(value)


def check_start_compute(start_compute: Any) -> float:
    """The compute of the first pull, in FLOPs: a positive, finite number."""
    try:
        c = float(start_compute)
    except (TypeError, ValueError):
        raise ValueError(f"start compute {start_compute!r} is not a number of FLOPs") from None
    if not math.isfinite(c) or c <= 0:
        raise ValueError(f"start compute {start_compute!r} must be a positive, finite FLOP count")
    return c


def checked_lever_view(law: ScalingLaw, start: float, pulls: int, hardware: Any = None) -> LeverView:
    """:func:`scalingdesk.core.lever.lever_view`, refused where the law gives no finite loss."""
    view = lever_view(law, start, pulls, hardware)
    if not (np.all(np.isfinite(view.loss)) and math.isfinite(view.floor)):
        raise ValueError(f"{law.label} gives no finite loss along the frontier from start compute {start:g}")
    return view
