"""Axis ranges the plots show, worked out in the core (the views only apply them).

While a knob is dragged the axes only grow, to cover where the drag has been, rather than follow
each step: a still frame shows the valleys sink and flatten as C grows (an axis that re-fits
every step hides it), and every new range costs a re-render of the axes.  On release they fit
the data again.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

#: The IsoFLOP plot's loss axis snaps outward to this step, so small moves keep the same axes.
LOSS_STEP = 0.025


class AxisRange(NamedTuple):
    """A plot's axes, in the coordinates it draws (log10 N on the IsoFLOP plot's x)."""

    x0: float
    x1: float
    y0: float
    y1: float


def grown(held: tuple[float, float], fit: tuple[float, float]) -> tuple[float, float]:
    """The held range, widened past the fitted one where that leaves it (by half the fit, so a
    drag that goes on does not widen it every step).  It never shrinks: that waits for the
    release."""
    lo, hi = held
    span = fit[1] - fit[0]
    if fit[0] < lo:
        lo = fit[0] - 0.5 * span
    if fit[1] > hi:
        hi = fit[1] + 0.5 * span
    return float(lo), float(hi)


def held_x(fit: tuple[float, float], held: AxisRange | None) -> tuple[float, float]:
    """The x range to draw: the fitted one, or while dragging the held one grown to cover it."""
    return fit if held is None else grown((held.x0, held.x1), fit)


def isoflop_axes(view: Any, law: Any, held: AxisRange | None = None) -> AxisRange:
    """The IsoFLOP plot's axes for a :class:`scalingdesk.core.views.IsoflopView`: the valley up
    to twice its depth below the edges, always the current point, the loss axis snapped to
    :data:`LOSS_STEP`; while dragging (``held``) they only grow."""
    x = np.log10(view.params)
    current_loss = float(view.current[1])
    mid = view.valley
    lo = float(np.nanmin(view.curves))
    hi = float(np.nanmin([mid[0], mid[-1]]))
    hi = min(hi, view.valley_bottom.loss + 0.6 * (view.valley_bottom.loss - law.irreducible) + 0.02)
    hi = max(hi, current_loss + 0.08 * (hi - lo))
    lo = float(np.floor((lo - 0.06 * (hi - lo)) / LOSS_STEP) * LOSS_STEP)
    hi = float(np.ceil(hi / LOSS_STEP) * LOSS_STEP)
    if held is not None:
        lo, hi = grown((held.y0, held.y1), (lo, hi))
    return AxisRange(float(x[0]), float(x[-1]), lo, hi)
