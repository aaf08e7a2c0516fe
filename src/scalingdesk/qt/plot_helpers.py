"""Small helpers the plots share: range growth during a drag, axis powers of ten, joined curves,
the model dots' tooltip.  (Moved verbatim out of ``plots.py``; imported back there.)"""

from __future__ import annotations

import numpy as np

from scalingdesk.core.plot_axes import grown
from scalingdesk.core.units import format_power_of_ten

_grown = grown  # the core's (scalingdesk.core.plot_axes)


_power_of_ten = format_power_of_ten  # the core's one formatter (scalingdesk.core.units)


def _joined(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Several curves on one x grid as one NaN-separated curve (drawn with connect="finite")."""
    xs = np.concatenate([np.append(x, np.nan) for _ in rows])
    ys = np.concatenate([np.append(r, np.nan) for r in rows])
    return xs, ys


def _model_tip(x=None, y=None, data=None) -> str:
    return data.tooltip + "\nClick to load it into the knobs." if data is not None else ""
