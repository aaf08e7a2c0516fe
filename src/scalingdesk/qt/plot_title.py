"""A plot's title that fits its width: the longest of the core's titles that fits, else the
shortest in smaller type (scalingdesk.core.plot_titles), chosen again on every resize and
theme change, so no title is ever cut ("…toward a floo" at 1024x768)."""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui

from scalingdesk.core.plot_titles import choose_title, title_options
from scalingdesk.qt import theme as themes

#: The title's point size at font scale 1 (pyqtgraph's title, 12 pt before this module).
TITLE_PT = 12.0
#: Room the title leaves free beside it inside the plot, in pixels.
SIDE_ROOM = 12


class _Refit(QtCore.QObject):
    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Resize:
            fit_title(obj)
        return False


def fit_title(plot: Any, full: str | None = None) -> tuple[str, float]:
    """Set ``plot``'s title (a pyqtgraph PlotWidget) to the longest option that fits; returns
    (text, point size).  ``full`` names the title (first call); later calls reuse it."""
    if full is not None:
        plot._title_full = full
    full = getattr(plot, "_title_full", None)
    if full is None:
        return "", 0.0
    if getattr(plot, "_title_refit", None) is None:
        plot._title_refit = _Refit(plot)
        plot.installEventFilter(plot._title_refit)
    t = themes.current()
    base = TITLE_PT * t.font_scale
    font = QtGui.QFont(plot.font())

    def width_at(text: str, scale: float) -> float:
        font.setPointSizeF(base * scale)
        return QtGui.QFontMetricsF(font).horizontalAdvance(text)

    # The title is centred over the plot area, right of the left axis: that is its room.
    axis = plot.plotItem.getAxis("left")
    room = max(plot.width() - (axis.width() if axis.isVisible() else 0) - SIDE_ROOM, 1)
    text, scale = choose_title(title_options(full), room, width_at)
    pt = round(base * scale, 1)
    if (text, pt, t.foreground) != getattr(plot, "_title_shown", None):
        plot._title_shown = (text, pt, t.foreground)
        plot.plotItem.setTitle(text, color=t.foreground, size=f"{pt}pt")
        grow_title_row(plot.plotItem)
    return text, pt


def grow_title_row(item: Any) -> None:
    """pyqtgraph fixes a plot's title row at 30 px: make it as tall as the title (projector
    type, or a caption of two lines), so the title is never cut.  ``item``: a PlotItem."""
    label = item.titleLabel
    height = max(30.0, label.item.boundingRect().height() + 2)
    label.setMaximumHeight(height)
    item.layout.setRowFixedHeight(0, height)
