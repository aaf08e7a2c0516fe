"""The control panel's live readouts repaint only themselves during a gesture (issue 18).

Their slots are opaque and paint the colour the panel shows under them, so Qt leaves them out
of their ancestors' repaints: a C step (which changes every readout) repaints no ancestor at
all unless a readout needs another height.  What a user sees is unchanged: a slot looks the
same as the transparent one it replaced, in every theme and after a switch.
"""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.qt import theme as themes
from scalingdesk.qt.panel_fill import PanelFill


class Paints(QtCore.QObject):
    """Paint events on the widgets named, and layout requests reaching the ancestors named."""

    def __init__(self, widgets, ancestors):
        super().__init__()
        self.ancestors = {id(w) for w in ancestors}
        self.widgets = {id(w): w for w in widgets}
        self.painted: list[str] = []
        self.relayouts = 0
        QtWidgets.QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if id(obj) in self.widgets:
            if event.type() == QtCore.QEvent.Type.Paint:
                self.painted.append(type(obj).__name__)
            elif event.type() == QtCore.QEvent.Type.LayoutRequest and id(obj) in self.ancestors:
                self.relayouts += 1
        return False

    def close(self):
        QtWidgets.QApplication.instance().removeEventFilter(self)


def _ancestors(widget):
    out = []
    while widget is not None:
        out.append(widget)
        widget = widget.parentWidget()
    return out


def _settle(qtbot, window):
    qtbot.waitUntil(lambda: not window.controls.is_dragging(), timeout=5000)
    QtWidgets.QApplication.processEvents()


def test_a_c_step_repaints_the_readouts_but_none_of_their_ancestors(qtbot, make_window):
    window = make_window((1600, 900))
    panel = window.controls
    _settle(qtbot, window)
    readouts = [w for w in panel.findChildren(QtWidgets.QWidget) if isinstance(w, PanelFill)]
    assert len(readouts) >= 5  # the loss, balance, compute, warning, unique data and accuracy
    assert all(w.testAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent) for w in readouts)
    labels = [panel.loss_value, panel.balance, panel.compute_human, panel.downstream.value]
    watch = Paints(_ancestors(panel) + readouts, _ancestors(panel))
    clean_steps = 0
    try:
        for _ in range(12):
            before = [label.text() for label in labels]
            watch.painted.clear()
            watch.relayouts = 0
            panel.knob_c._step(0.05)
            # The step's repaint (and a layout request's, if any) have run after two turns.
            for _ in range(2):
                QtWidgets.QApplication.processEvents()
                qtbot.wait(1)
            assert [label.text() for label in labels] != before  # the readouts did change
            assert any(name == "_Slot" for name in watch.painted)
            if watch.relayouts == 0:
                clean_steps += 1
                ancestors = [n for n in watch.painted if n != "_Slot"]
                assert ancestors == [], ancestors
    finally:
        watch.close()
    assert clean_steps >= 8  # most steps keep every readout's height


def _readout_pixels(slot) -> np.ndarray:
    """The slot's top-left corner (the labels' text starts a few pixels in), as the window shows it."""
    window = slot.window()
    corner = slot.mapTo(window, QtCore.QPoint(0, 0))
    image = window.grab(QtCore.QRect(corner, QtCore.QSize(slot.width(), 2))).toImage()
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    return np.array([[image.pixelColor(x, y).name() for x in range(0, image.width(), 7)] for y in range(2)])


@pytest.mark.parametrize("name", ["light", "projector", "dark"])
def test_the_slots_show_the_colour_around_them_after_a_theme_switch(qtbot, make_window, name):
    window = make_window((1366, 768))
    panel = window.controls
    _settle(qtbot, window)
    window.set_theme(name)
    QtWidgets.QApplication.processEvents()
    slot = panel.balance.parentWidget()
    assert isinstance(slot, PanelFill)
    # Just left of the slot (the panel's margin) is what the slot covers; the slot's own top row
    # is blank (the label's text starts lower), and must be that same colour.
    window_image = window.grab().toImage()
    left = slot.mapTo(window, QtCore.QPoint(-3, slot.height() // 2))
    around = window_image.pixelColor(left).name()
    assert around == QtGui.QColor(themes.current().background).name()
    assert set(_readout_pixels(slot).ravel()) == {around}
