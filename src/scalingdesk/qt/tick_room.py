"""Axis tick labels that never overlap: a minor label (2·10⁹, 3·10⁹ …) is drawn only where it has room.

pyqtgraph decides whether to label a whole tick level from the labels' total length against the
axis length.  On a log axis the minor ticks crowd towards the top of each decade, so a wide plot
spanning three decades passed that test and printed "4·10⁹5·10⁹6·10⁹…" run together.  Here each
label of a level below the first is kept only if its box, widened by half a character on each
side, overlaps no label already kept: the decades' own labels first, then the minor ones in the
order 2, 5, 3, 4, 6, 7, 8, 9 of their leading digit, so a crowded decade keeps its 2 and 5.
The ticks and grid lines themselves are unchanged.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

#: Which minor labels survive first when a decade is crowded (by their leading digit).
_PRIORITY = "25346789"


def _rank(text: str) -> int:
    """0 for a label without a mantissa (a decade, or a linear axis' tick); minor ones by _PRIORITY."""
    head, dot, _ = text.partition("·")
    if not dot or len(head) != 1 or head not in _PRIORITY:
        return 0
    return 1 + _PRIORITY.index(head)


def keep_with_room(specs: list, pad: float) -> list:
    """The (rect, flags, text) specs whose rects, widened by *pad* each side, overlap no kept one.

    Labels without a mantissa (decades, linear ticks) are always kept; the minor ones are tried
    by ``_rank``, then in their given order.  The result keeps the given order, so drawing is unchanged but for the gaps.
    """
    order = sorted(range(len(specs)), key=lambda i: (_rank(specs[i][2]), i))
    kept: list[int] = []
    boxes: list[QtCore.QRectF] = []
    for i in order:
        box = specs[i][0].adjusted(-pad, -pad / 2, pad, pad / 2)
        if _rank(specs[i][2]) and any(box.intersects(b) for b in boxes):
            continue
        kept.append(i)
        boxes.append(box)
    return [specs[i] for i in sorted(kept)]


class RoomyAxis(pg.AxisItem):
    """pyqtgraph's axis, whose crowded minor labels give way (see the module docstring)."""

    def generateDrawSpecs(self, p: QtGui.QPainter):
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return None
        axis_spec, tick_specs, text_specs = specs
        pad = QtGui.QFontMetricsF(p.font()).averageCharWidth() / 2
        return axis_spec, tick_specs, keep_with_room(text_specs, pad)


def use_roomy_axes(plot_item: pg.PlotItem) -> None:
    """Replace the plot's bottom and left axes by RoomyAxis, keeping their log mode."""
    axes = {}
    for name in ("bottom", "left"):
        old = plot_item.getAxis(name)
        axis = RoomyAxis(name)
        axis.setLogMode(old.logMode)
        axes[name] = axis
    plot_item.setAxisItems(axes)
