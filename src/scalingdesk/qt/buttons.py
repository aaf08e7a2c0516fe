"""Push buttons whose size hints hold their text in every state they are drawn in.

The application's style sheet draws a checked button semi-bold and a focused one with a thicker
border; a plain QPushButton's size hint knows neither, so "Hold C" drew over its own border
(presenter mode, 1366x768).  :class:`SteadyButton` asks for that room up front.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.qt import theme as themes


def focus_border_growth(t: themes.Theme) -> int:
    """How much wider, each side, the focus border is than the 1 px resting border."""
    return max(2, round(t.line_width * 0.75)) - 1  # as in control_panel.stylesheet (:focus)


class SteadyButton(QtWidgets.QPushButton):
    """A QPushButton sized for its semi-bold checked text and its focus border."""

    def _extra(self) -> int:
        text = self.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        bold = QtGui.QFont(self.font())
        bold.setWeight(max(bold.weight(), QtGui.QFont.Weight.DemiBold))
        lines = text.split("\n") or [""]
        heavy = max(QtGui.QFontMetrics(bold).horizontalAdvance(line) for line in lines)
        plain = max(self.fontMetrics().horizontalAdvance(line) for line in lines)
        return max(0, heavy - plain) + 2 * focus_border_growth(themes.current())

    def sizeHint(self) -> QtCore.QSize:
        s = super().sizeHint()
        return QtCore.QSize(s.width() + self._extra(), s.height())

    def minimumSizeHint(self) -> QtCore.QSize:
        s = super().minimumSizeHint()
        return QtCore.QSize(s.width() + self._extra(), s.height())
