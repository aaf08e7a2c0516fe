"""The tour's glide between two scenarios: N and D move along a straight line in log space, so
a glide from 1B to 100B passes 10B halfway (the knobs and the plots are logarithmic, and a
linear glide would spend nine tenths of its time in the last decade).  Qt-free."""

from __future__ import annotations

import math


def log_glide(start: tuple[float, float], target: tuple[float, float], t: float) -> tuple[float, float]:
    """(N, D) a fraction ``t`` (0 to 1) of the way from ``start`` to ``target``, each
    geometrically: N = N0^(1-t) · N1^t.  Refuses a fraction outside [0, 1] or a non-positive
    quantity, naming it."""
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"glide fraction {t!r} must be from 0 to 1")
    out = []
    for a, b in zip(start, target):
        if not (a > 0 and b > 0 and math.isfinite(a) and math.isfinite(b)):
            raise ValueError(f"a glide runs between positive, finite quantities, not {a!r} and {b!r}")
        out.append(10 ** ((1 - t) * math.log10(a) + t * math.log10(b)))
    return out[0], out[1]
