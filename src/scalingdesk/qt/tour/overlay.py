"""Drawn over the window during the tour: the highlight, and covers over answers not yet guessed."""

from __future__ import annotations

import math

import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.qt import theme as themes


def outline_width() -> float:
    """The highlight outline's pen width in the current theme (thicker on a projector)."""
    return max(3.0, themes.current().line_width)


def outline_room() -> int:
    """Pixels from a target's edge past the inner edge of its solid outline (inset by its width,
    drawn centred there), plus 2: a target whose text keeps this much room inside is framed by
    the outline, not crossed by it."""
    return math.ceil(1.5 * outline_width()) + 2


class HighlightOverlay(QtWidgets.QWidget):
    """A transparent child of the window drawing a rounded accent outline over a target widget,
    following it through resizes and moves; clicks go through to the widgets underneath."""

    def __init__(self, window: QtWidgets.QWidget) -> None:
        super().__init__(window)
        self.setObjectName("tourHighlight")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.target: QtWidgets.QWidget | None = None
        self._watched: list[QtWidgets.QWidget] = []
        window.installEventFilter(self)
        self.hide()

    def set_target(self, widget: QtWidgets.QWidget | None) -> None:
        for w in self._watched:
            try:
                w.removeEventFilter(self)
            except RuntimeError:  # already deleted
                pass
        self._watched = []
        self.target = widget
        w = widget
        while w is not None and w is not self.parentWidget():
            w.installEventFilter(self)
            self._watched.append(w)
            w = w.parentWidget()
        self.follow()

    def target_rect(self) -> QtCore.QRect:
        """The outlined rectangle in window coordinates (empty when nothing is shown)."""
        w = self.target
        if w is None or not w.isVisibleTo(self.parentWidget()):
            return QtCore.QRect()
        top_left = w.mapTo(self.parentWidget(), QtCore.QPoint(0, 0))
        return QtCore.QRect(top_left, w.size())

    def follow(self) -> None:
        if not shiboken6.isValid(self):  # a queued follow after the window closed
            return
        parent = self.parentWidget()
        self.setGeometry(parent.rect())
        self.setVisible(self.target is not None and not self.target_rect().isEmpty())
        self.raise_()
        self.update()

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() in (
            QtCore.QEvent.Type.Resize,
            QtCore.QEvent.Type.Move,
            QtCore.QEvent.Type.Show,
            QtCore.QEvent.Type.Hide,
            QtCore.QEvent.Type.LayoutRequest,
        ):
            QtCore.QTimer.singleShot(0, self.follow)
        return False

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        rect = self.target_rect()
        if rect.isEmpty():
            return
        t = themes.current()
        width = outline_width()
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        glow = t.color("accent", 60)
        p.setPen(QtGui.QPen(glow, width * 3))
        r = QtCore.QRectF(rect).adjusted(width, width, -width, -width)
        p.drawRoundedRect(r, 10, 10)
        p.setPen(QtGui.QPen(t.color("accent"), width))
        p.drawRoundedRect(r, 10, 10)
        p.end()


class MaskOverlay(QtWidgets.QWidget):
    """Opaque cards over the parts of the window that hold a scene's answer, until the learner
    has guessed: "Guess first: this appears after your answer".  Clicks are stopped too, so a
    masked readout cannot be read by hovering it."""

    TEXT = "?\nGuess first: pick an answer in the tour panel.\nThis appears after your guess."
    SHORT = "? guess first"

    def __init__(self, window: QtWidgets.QWidget) -> None:
        super().__init__(window)
        self.setObjectName("tourMask")
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.targets: list[QtWidgets.QWidget] = []
        window.installEventFilter(self)
        self.hide()

    def set_targets(self, widgets: list[QtWidgets.QWidget]) -> None:
        for w in self.targets:
            try:
                w.removeEventFilter(self)
            except RuntimeError:
                pass
        self.targets = [w for w in widgets if w is not None]
        for w in self.targets:
            w.installEventFilter(self)
        self.follow()

    def rects(self) -> list[QtCore.QRect]:
        """The covered rectangles, in window coordinates (only targets that are shown)."""
        parent = self.parentWidget()
        out = []
        for w in self.targets:
            try:
                if w.isVisibleTo(parent) and w.width() > 0:
                    out.append(QtCore.QRect(w.mapTo(parent, QtCore.QPoint(0, 0)), w.size()))
            except RuntimeError:  # deleted
                continue
        return out

    def covers(self, widget: QtWidgets.QWidget) -> bool:
        """Whether ``widget`` lies entirely under a card."""
        parent = self.parentWidget()
        if not self.isVisible():
            return False
        seen = widget.visibleRegion().boundingRect()  # the part not scrolled or clipped away
        if seen.isEmpty():
            seen = widget.rect()
        r = QtCore.QRect(widget.mapTo(parent, seen.topLeft()), seen.size())
        return any(c.contains(r) for c in self.rects())

    def follow(self) -> None:
        if not shiboken6.isValid(self):  # a queued follow after the window closed
            return
        parent = self.parentWidget()
        self.setGeometry(parent.rect())
        region = QtGui.QRegion()
        for r in self.rects():
            region = region.united(r)
        self.setMask(region if not region.isEmpty() else QtGui.QRegion(0, 0, 1, 1))
        self.setVisible(not region.isEmpty())
        self.raise_()
        self.update()

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if self.targets and event.type() in (
            QtCore.QEvent.Type.Resize,
            QtCore.QEvent.Type.LayoutRequest,
            QtCore.QEvent.Type.Show,
            QtCore.QEvent.Type.Hide,
            QtCore.QEvent.Type.Move,
        ):
            QtCore.QTimer.singleShot(0, self.follow)
        return False

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        t = themes.current()
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        font = QtGui.QFont(self.font())
        font.setPointSizeF(11 * t.font_scale)
        font.setWeight(QtGui.QFont.Weight.DemiBold)
        p.setFont(font)
        for r in self.rects():
            p.setPen(QtGui.QPen(t.color("accent"), 2, QtCore.Qt.PenStyle.DashLine))
            p.setBrush(t.color("panel"))
            p.drawRoundedRect(QtCore.QRectF(r).adjusted(1, 1, -1, -1), 8, 8)
            p.setPen(t.color("foreground"))
            box = QtCore.QRectF(r).adjusted(8, 4, -8, -4)
            flags = QtCore.Qt.AlignmentFlag.AlignCenter | QtCore.Qt.TextFlag.TextWordWrap
            text = self.TEXT
            need = p.boundingRect(box, int(flags), text)
            if need.height() > box.height() or need.width() > box.width():
                text = self.SHORT
            p.drawText(box, flags, text)
        p.end()
