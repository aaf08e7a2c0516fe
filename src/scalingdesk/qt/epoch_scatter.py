"""All of Epoch AI's language models as one scatter item on the N–D map and the loss plot.

Off by default; ``set_shown(True)`` turns it on.  Points are coloured by publication year
(viridis, readable under colour-vision deficiencies), mixtures of experts are triangles, and each
tooltip names the model, its row in Epoch AI's table and Epoch AI's confidence (plain text).
The coordinates and texts come from :mod:`scalingdesk.core.timeline`.
"""

from __future__ import annotations

import weakref

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui

from scalingdesk.core import timeline
from scalingdesk.qt import theme as themes
from scalingdesk.qt.plain import tip

_COLORMAP = "viridis"


def plain_tip(text: str) -> str:
    """A tooltip that Qt shows as the plain text it is (names are never read as markup)."""
    return tip(text)  # the project's one escaping helper


def year_colors(fractions: np.ndarray, alpha: int = 200) -> list[QtGui.QColor]:
    colors = pg.colormap.get(_COLORMAP).map(np.asarray(fractions, dtype=float), mode="qcolor")
    for c in colors:
        c.setAlpha(alpha)
    return colors


class EpochScatter(pg.ScatterPlotItem):
    def __init__(self, kind: str) -> None:
        if kind not in ("loss", "plane"):
            raise ValueError(f"kind {kind!r} must be 'loss' or 'plane'")
        super().__init__(hoverable=True, tip=lambda x=None, y=None, data=None: plain_tip(data or ""))
        self.kind = kind
        self.points_view: timeline.ScatterPoints | None = None
        self._law = None
        self.owner = None  # a weak reference to the plot, set by attach()
        self.setZValue(40)  # below the hand-placed models (50) and their labels
        self.setVisible(False)
        self.key = pg.TextItem(anchor=(1, 1))  # what the colours and shapes mean, and the credit
        self.key.setZValue(60)
        self.key.setVisible(False)

    def set_shown(self, shown: bool, law=None) -> None:
        if law is not None:
            self._law = law
        self.setVisible(shown)
        self.key.setVisible(shown)
        if shown:
            self.refresh(self._law)
        self._invalidate()

    def refresh(self, law=None) -> None:
        """Recompute the points (the loss plot's depend on the law); skipped while hidden."""
        if law is not None:
            self._law = law
        if not self.isVisible():
            return
        if self.kind == "loss":
            if self._law is None:
                return
            v = timeline.loss_points(self._law)
        else:
            v = timeline.plane_points()
        self.points_view = v
        colors = year_colors(v.year_fraction)
        self.setData(
            x=v.x,
            y=v.y,
            data=list(v.tooltips),
            symbol=["t1" if moe else "o" for moe in v.moe],
            brush=[pg.mkBrush(c) for c in colors],
            pen=pg.mkPen(0, 0, 0, 120),
            size=8,
        )
        t = themes.current()
        self.key.setText(v.key)
        self.key.setColor(t.foreground)
        self.key.fill = pg.mkBrush(t.color("background", 200))
        self._place_key()
        self._invalidate()

    def _invalidate(self) -> None:
        owner = self.owner() if self.owner is not None else None
        if owner is not None:
            owner.invalidate_layer()  # the plot's drag layer holds static items

    def _place_key(self, *_args) -> None:
        view = self.getViewBox()
        if view is None:
            return
        (x0, x1), (y0, y1) = view.viewRange()
        self.key.setPos(x1 - 0.01 * (x1 - x0), y0 + 0.02 * (y1 - y0))


def attach(plot, kind: str) -> EpochScatter:
    """Add the (hidden) scatter to one of the explorer's plots."""
    item = EpochScatter(kind)
    item.owner = weakref.ref(plot)
    plot.addItem(item)
    plot.addItem(item.key)
    plot.getViewBox().sigRangeChanged.connect(item._place_key)
    return item
