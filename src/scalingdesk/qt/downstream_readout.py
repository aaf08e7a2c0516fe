"""Beside the loss: what Gadre et al. 2024's fit says that loss means on 17 benchmarks.

Thin: :func:`scalingdesk.core.downstream.gadre_readout` computes the number, the fitted range
and the warning, and words them; this widget shows them as plain text.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from scalingdesk.core import downstream
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe
from scalingdesk.qt.plain import tip
from scalingdesk.qt.tour.overlay import outline_room


class DownstreamReadout(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("downstreamReadout")
        self.value = QtWidgets.QLabel()
        self.value.setObjectName("downstreamValue")
        self.value.setAccessibleName("Downstream accuracy (a fit)")
        self.warning = QtWidgets.QLabel()
        self.warning.setObjectName("rangeWarning")
        self.warning.setAccessibleName("Downstream fit range warning")
        for label in (self.value, self.warning):
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.value.setWordWrap(True)
        # The number, and under it a short marker whose tooltip holds the whole warning.
        box = QtWidgets.QVBoxLayout(self)
        box.setSpacing(0)
        box.addWidget(self.value)
        box.addWidget(self.warning)
        # Never squeezed below its two lines (in the presenter band the layout would, and the
        # outline then crossed the warning).
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Minimum)
        self.readout: downstream.GadreReadout | None = None
        self._leave_room()
        observe(self, themes.model(), self._leave_room)  # the outline is thicker on a projector

    def _leave_room(self, *_: object) -> None:
        """Room inside for the tour's highlight outline (the emergence scene points here), so
        the outline frames the text instead of covering its first letters and last line."""
        side = outline_room()  # above and below, a line's own leading keeps its glyphs clear
        upright = max(4, side - 3)
        self.layout().setContentsMargins(side, upright, side, upright)

    def set_loss(self, loss: float) -> None:
        try:
            r = self.readout = downstream.gadre_readout(loss)
        except ValueError as err:  # a loss the fit cannot take: say so, show no number
            self.readout = None
            self.value.setText(f"no downstream readout: {err}")
            self.warning.hide()
            return
        self.value.setText(r.text)
        self.value.setToolTip(tip(r.details))
        self.value.setAccessibleDescription(r.details)
        self.warning.setText(r.short_warning or "")
        self.warning.setToolTip(tip(r.warning or ""))
        self.warning.setVisible(r.short_warning is not None)
