"""The painted scene widget: a cached static layer plus the moving parts."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6 import QtGui, QtWidgets
from PySide6.QtCore import QPointF, QRectF, Qt

if TYPE_CHECKING:
    from scalingdesk.qt.lever.widget import LeverWidget


class _Scene(QtWidgets.QWidget):
    """The painted scene; input goes to the parent :class:`LeverWidget`."""

    def __init__(self, owner: LeverWidget) -> None:
        super().__init__(owner)
        self._owner = owner
        self._static: QtGui.QPixmap | None = None
        self._scenario_dirty = False  # only the gauge and bar parts of the static layer
        self._caption: QtGui.QPixmap | None = None
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(420, 300)
        self.setAccessibleName("Lever and machine scene")

    def invalidate(self) -> None:
        self._static = None
        self._caption = None
        self.update()

    def invalidate_scenario(self) -> None:
        self._scenario_dirty = True
        self._caption = None
        self.update()

    def invalidate_caption(self) -> None:
        self._caption = None
        self.update()

    def _caption_pixmap(self, dpr: float) -> QtGui.QPixmap:
        """The caption, laid out once per change (rich text is too slow to lay out per frame)."""
        o = self._owner
        r = o._renderer
        if self._caption is None or abs(self._caption.devicePixelRatio() - dpr) > 1e-6:
            size = r.caption_rect.size()
            pm = QtGui.QPixmap(max(1, int(math.ceil(size.width() * dpr))), max(1, int(math.ceil(size.height() * dpr))))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            cp = QtGui.QPainter(pm)
            cp.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
            cp.setPen(o._theme.color("foreground"))
            cp.setFont(r.f_caption_now)
            cp.drawStaticText(QPointF(0, 0), o._caption_text)
            cp.end()
            self._caption = pm
        return self._caption

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._owner._relayout()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        o = self._owner
        r = o._renderer
        dpr = self.devicePixelRatioF()
        if self._static is None or abs(self._static.devicePixelRatio() - dpr) > 1e-6:
            pm = QtGui.QPixmap(int(math.ceil(self.width() * dpr)), int(math.ceil(self.height() * dpr)))
            pm.setDevicePixelRatio(dpr)
            pm.fill(o._theme.color("background"))
            sp = QtGui.QPainter(pm)
            r.paint_static(sp)
            sp.end()
            self._static = pm
            self._scenario_dirty = False
        elif self._scenario_dirty:
            sp = QtGui.QPainter(self._static)
            region = QtGui.QRegion()
            for rect in r.scenario_rects():
                region = region.united(rect.toAlignedRect())
            sp.setClipRegion(region)
            r.paint_scenario(sp)
            sp.end()
            self._scenario_dirty = False
        p = QtGui.QPainter(self)
        p.drawPixmap(0, 0, self._static)
        r.paint_dynamic(p, o._view(), self._caption_pixmap(dpr))
        if o.hasFocus():
            pen = QtGui.QPen(o._theme.color("accent", 160), 2.0)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)
        p.end()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        # Grabbing the lever pulls it.
        r = self._owner._renderer
        hit = QRectF(r.top.left(), r.top.top(), r.body.left() - r.top.left() + r.hub_r, r.top.height())
        if event.button() == Qt.MouseButton.LeftButton and hit.contains(event.position()):
            self._owner.pull()
            event.accept()
            return
        super().mousePressEvent(event)
