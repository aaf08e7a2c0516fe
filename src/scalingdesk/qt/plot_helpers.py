"""Small helpers the plots share: range growth during a drag, axis powers of ten, joined curves,
the model dots' tooltip.  (Moved verbatim out of ``plots.py``; imported back there.)"""

from __future__ import annotations

import numpy as np

from scalingdesk.core.units import format_power_of_ten


def _grown(held: tuple[float, float], fit: tuple[float, float]) -> tuple[float, float]:
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


_power_of_ten = format_power_of_ten  # the core's one formatter (scalingdesk.core.units)


def _joined(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Several curves on one x grid as one NaN-separated curve (drawn with connect="finite")."""
    xs = np.concatenate([np.append(x, np.nan) for _ in rows])
    ys = np.concatenate([np.append(r, np.nan) for r in rows])
    return xs, ys


def _model_tip(x=None, y=None, data=None) -> str:
    return data.tooltip + "\nClick to load it into the knobs." if data is not None else ""
