"""Readouts that paint the panel's colour under themselves, so their repaints stop at them.

A label or readout that changes on every step of a gesture is repainted every step.  Left
transparent (as the style sheet makes it), each of its repaints also repaints every ancestor
under it: the window, splitter, tabs, stack, page and panel each draw their style-sheet
background over it first (measured: the control panel's readouts took six ancestors' paints
of ~75k px a step, issue 18).  An opaque widget that fills its own rect with the colour the
panel shows there needs none of them: Qt leaves its rect out of its ancestors' repaints.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.qt import theme as themes

_OPAQUE = QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent
_RESTYLED = (QtCore.QEvent.Type.Polish, QtCore.QEvent.Type.StyleChange)


class PanelFill:
    """Mixin for a QWidget on the control panel: call ``_init_panel_fill()`` in ``__init__`` and
    ``set_fill(theme.background)`` when the theme changes (the colour the panel shows)."""

    def _init_panel_fill(self: QtWidgets.QWidget) -> None:  # type: ignore[misc]
        self._fill = QtGui.QColor(themes.current().background)
        self.setAttribute(_OPAQUE, True)

    def set_fill(self, colour: str) -> None:
        fill = QtGui.QColor(colour)
        if fill != self._fill:
            self._fill = fill
            self.update()  # type: ignore[attr-defined]

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)  # type: ignore[arg-type]
        painter.fillRect(event.rect(), self._fill)

    def event(self, event: QtCore.QEvent) -> bool:
        handled = super().event(event)  # type: ignore[misc]
        if event.type() in _RESTYLED:
            # A style sheet's polish clears the attribute (the sheet calls these transparent).
            self.setAttribute(_OPAQUE, True)  # type: ignore[attr-defined]
        return handled
