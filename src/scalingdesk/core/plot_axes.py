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
#: At rest the IsoFLOP plot's N axis already covers the N range of a budget this many decades of
#: C either side (:func:`isoflop_x_ahead`): a C gesture that stays within it keeps the N axis, so
#: its frames draw the ready-made layer instead of rendering the axes again (25-110 ms a frame
#: under a real window system).  Measured: a 10-notch wheel burst on C (0.5 decade) moved the
#: valley-centred range half a decade and rendered the layer once in every burst.
AHEAD_DECADES = 0.5
#: While C moves, the IsoFLOP plot looks this many steps of the gesture ahead (at least
#: :data:`LOOK_AHEAD_MIN_DECADES`) and grows its axes for them while the window waits for
#: the next event (:func:`isoflop_axes_ahead`), so no input's frame pays for new axes.  Measured
#: under xcb: a C key burst grew the loss axis once a burst (0.35 decade up, or the first step
#: down), and that frame cost ~11 ms against ~7 (the layer rendered again, 3.3 ms, and the whole
#: plot repainted).
LOOK_AHEAD_STEPS = 2.0
LOOK_AHEAD_MIN_DECADES = 0.1


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


def isoflop_x_ahead(law: Any, params: float, tokens: float, decades: float = AHEAD_DECADES) -> tuple[float, float]:
    """The IsoFLOP plot's N range at rest (log10): the valley-centred range at (N, D), widened to
    hold those at C·10^±decades.  The valley's centre follows C alone; N and D are scaled alike
    here, which a C knob holding N or D does not do, so the room is approximate there."""
    from scalingdesk.core import views  # views does not import this module

    lo, hi = views.isoflop_n_range(law, params, tokens)
    f = 10 ** (decades / 2)
    for scale in (1 / f, f):
        other = views.isoflop_n_range(law, params * scale, tokens * scale)
        lo, hi = min(lo, other[0]), max(hi, other[1])
    return float(lo), float(hi)


def look_ahead_decades(step: float) -> float:
    """How far ahead (decades of C, signed as ``step``) to grow the axes after a step of ``step``."""
    if step == 0:
        return 0.0
    return float(np.copysign(max(LOOK_AHEAD_STEPS * abs(step), LOOK_AHEAD_MIN_DECADES), step))


def isoflop_axes_ahead(law: Any, params: float, tokens: float, held: AxisRange, decades: float) -> AxisRange:
    """The held axes, grown (as a gesture would grow them) to hold the valleys of a budget
    ``decades`` of C away, N and D scaled alike (as :func:`isoflop_x_ahead` does)."""
    from scalingdesk.core import views  # views does not import this module

    scale = 10 ** (decades / 2)
    x_range = held_x(views.isoflop_n_range(law, params * scale, tokens * scale), held)
    view = views.isoflop_view(law, params * scale, tokens * scale, log_n_range=x_range)
    return isoflop_axes(view, law, held)


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
