"""No grab hitch, and wheel and keys as cheap as a drag (issue 18).

Behaviour, not timing: the plots' drag layers are rendered once the state settles, so a drag's
first frame renders none; a burst of wheel notches or key steps is one gesture (fast path, one
undo step) that ends in full quality.  The waits below wait for a state, never for a duration.
"""

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from scalingdesk.qt import theme
from scalingdesk.qt.knob import LogKnob


@pytest.fixture
def window(make_window):
    return make_window((1400, 850))


def settled(qtbot, window) -> None:
    """Wait until every plot is at rest with its layer rendered (the idle render has run)."""
    qtbot.waitUntil(
        lambda: all(p.layer_ready() and not p.drag_layer_active() for p in window.plots.values()), timeout=5000
    )


def wheel(widget, notches: int = 1) -> None:
    pos = QPointF(widget.width() / 2, widget.height() / 3)
    event = QtGui.QWheelEvent(
        pos,
        widget.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.NoButton,
        Qt.NoModifier,
        Qt.NoScrollPhase,
        False,
    )
    QtWidgets.QApplication.sendEvent(widget, event)


class Painted(QtCore.QObject):
    """Counts paint events on the plots' viewports."""

    def __init__(self, window):
        super().__init__()
        self.count = 0
        for p in window.plots.values():
            p.viewport().installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:
        if event.type() == QtCore.QEvent.Type.Paint:
            self.count += 1
        return False


def pixels(image: QtGui.QImage) -> np.ndarray:
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    ptr = image.constBits()
    return (
        np.frombuffer(ptr, np.uint8)
        .reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3]
        .astype(int)
    )


def assert_layer_frame_matches_full_repaint(plot, name: str) -> None:
    layered = pixels(plot.grab().toImage())
    plot.drag_layer_enabled = False
    try:
        full = pixels(plot.grab().toImage())
    finally:
        plot.drag_layer_enabled = True
    differ = (np.abs(layered - full).max(axis=2) > 40).mean()
    assert differ < 1e-3, f"{name}: {differ:.2%} of the pixels differ from a full repaint"


def first_drag_frame(qtbot, window, knob) -> QPoint:
    """Press on a knob and make its first move, painting that frame; returns the press point."""
    start = QPoint(knob.width() // 2, knob.height() // 3)
    QTest.mousePress(knob, Qt.LeftButton, Qt.NoModifier, start)
    painted = Painted(window)
    QTest.mouseMove(knob, start + QPoint(0, -2))
    for p in window.plots.values():
        p.viewport().repaint()  # the frame, painted now (as the event loop would)
    assert painted.count >= 3, "the first drag frame was not painted"
    return start


@pytest.mark.parametrize("name", ["c", "n", "d"])
def test_the_first_drag_frame_renders_no_layer(qtbot, window, name):
    settled(qtbot, window)
    knob = getattr(window.controls, f"knob_{name}")
    before = {k: p.layer_bakes for k, p in window.plots.items()}
    start = first_drag_frame(qtbot, window, knob)
    for key, plot in window.plots.items():
        assert plot.drag_layer_active(), f"{key}: not in the fast path on the first frame"
        assert plot.layer_bakes == before[key], f"{key}: the first drag frame rendered the layer"
        assert plot.layer_bakes_in_gesture == 0
        assert_layer_frame_matches_full_repaint(plot, key)  # and the ready layer is right
    QTest.mouseRelease(knob, Qt.LeftButton, Qt.NoModifier, start)


def test_the_layer_is_rendered_again_after_a_family_or_theme_switch(qtbot, window):
    settled(qtbot, window)
    combo = window.controls.family
    idx = combo.findData("hoffmann2022")
    combo.setCurrentIndex(idx)
    combo.activated.emit(idx)
    assert window.scenario.state.law == "hoffmann2022"
    assert not window.plane_plot.layer_ready()  # its static lines changed: the old layer is gone
    settled(qtbot, window)
    theme.set_theme("light")
    assert not any(p.layer_ready() for p in window.plots.values())
    settled(qtbot, window)
    start = first_drag_frame(qtbot, window, window.controls.knob_n)
    for key, plot in window.plots.items():
        assert plot.layer_bakes_in_gesture == 0, key
        assert_layer_frame_matches_full_repaint(plot, key)
    QTest.mouseRelease(window.controls.knob_n, Qt.LeftButton, Qt.NoModifier, start)


def test_a_layer_made_stale_during_a_drag_is_rendered_on_the_next_frame(qtbot, window):
    settled(qtbot, window)
    knob = window.controls.knob_n
    start = first_drag_frame(qtbot, window, knob)
    plot = window.plane_plot
    plot.invalidate_layer()  # a static item changed (as an axis growing does)
    plot.viewport().repaint()
    assert plot.layer_bakes_in_gesture == 1 and plot.layer_ready()
    QTest.mouseRelease(knob, Qt.LeftButton, Qt.NoModifier, start)


@pytest.mark.parametrize("direction", [Qt.Key_Up, Qt.Key_Down])
def test_a_c_key_burst_grows_the_isoflop_loss_axis_between_frames_not_in_one(qtbot, window, direction):
    """C moving a decade sinks (or lifts) the valleys past the loss axis at rest.  The plot grows
    the axis (and renders its layer) in the idle time after a frame, for the steps ahead, so
    no step's frame renders the layer; the frames still show what a full repaint shows."""
    settled(qtbot, window)
    knob = window.controls.knob_c
    plot = window.isoflop_plot
    knob.setFocus()
    rest = plot.axes
    for _ in range(20):  # a decade, at about a key repeat's pace
        QTest.keyClick(knob, direction)
        qtbot.wait(25)
        assert knob.isDragging()
    assert plot.ahead_growths >= 1 and plot.layer_bakes_ahead >= 1
    grew = plot.axes.y0 < rest.y0 if direction == Qt.Key_Up else plot.axes.y1 > rest.y1
    assert grew, (rest, plot.axes)
    assert plot.layer_bakes_in_gesture == 0  # no frame paid for the new axes
    assert_layer_frame_matches_full_repaint(plot, "isoflop")
    qtbot.waitUntil(lambda: not knob.isDragging(), timeout=5000)
    settled(qtbot, window)  # at rest the axes fit the valleys again, without the room ahead
    s = window.scenario.state
    from scalingdesk.core import plot_axes, views

    fitted = plot_axes.isoflop_axes(
        views.isoflop_view(s.law_object, s.params, s.tokens, log_n_range=(plot.axes.x0, plot.axes.x1)), s.law_object
    )
    assert (plot.axes.y0, plot.axes.y1) == pytest.approx((fitted.y0, fitted.y1))


@pytest.mark.parametrize("how", ["wheel", "keys"])
def test_a_wheel_or_key_burst_is_one_gesture_one_undo_step_and_ends_in_full_quality(qtbot, window, how):
    settled(qtbot, window)
    knob = window.controls.knob_c
    knob.setFocus()
    c0 = window.scenario.state.compute
    started, finished = [], []
    knob.dragStarted.connect(lambda: started.append(True))
    knob.dragFinished.connect(lambda: finished.append(True))
    bakes = {k: p.layer_bakes for k, p in window.plots.items()}
    # Five steps with no event processed in between: one burst, whatever the machine's speed.
    for _ in range(5):
        if how == "wheel":
            wheel(knob)
        else:
            QTest.keyClick(knob, Qt.Key_Up)
        # Each step is drawn in the fast path from the ready layer.
        assert knob.isDragging() and knob.gestureKind() == "burst"
        assert all(p.drag_layer_active() for p in window.plots.values())
    for p in window.plots.values():
        p.viewport().repaint()
    assert window.scenario.state.compute == pytest.approx(c0 * 10 ** (5 / 20))
    assert started == [True] and finished == []
    assert all(p.layer_bakes_in_gesture == 0 for p in window.plots.values())
    assert all(p.layer_bakes == bakes[k] for k, p in window.plots.items())
    # Once the burst settles: one gesture finished, full quality, the layer rendered again.
    qtbot.waitUntil(lambda: finished == [True], timeout=5000)
    assert not knob.isDragging()
    settled(qtbot, window)
    # The five steps undo as one.
    window.undo_action.trigger()
    assert window.scenario.state.compute == pytest.approx(c0)
    assert not window.scenario.can_undo()


def test_a_new_burst_after_the_last_settled_is_a_new_undo_step(qtbot, window):
    knob = window.controls.knob_n
    n0 = window.scenario.state.params
    wheel(knob)
    wheel(knob)
    qtbot.waitUntil(lambda: not knob.isDragging(), timeout=5000)
    n1 = window.scenario.state.params
    wheel(knob, -1)
    qtbot.waitUntil(lambda: not knob.isDragging(), timeout=5000)
    window.undo_action.trigger()
    assert window.scenario.state.params == pytest.approx(n1)
    window.undo_action.trigger()
    assert window.scenario.state.params == pytest.approx(n0)


# --- the knob on its own ------------------------------------------------------------------------


@pytest.fixture
def knob(qtbot):
    k = LogKnob("Parameters N", "params", 1e6, 1e14, formatter=lambda v: f"{v:.3g}", value=1e9)
    k.valueRequested.connect(k.setValue)
    qtbot.addWidget(k)
    k.resize(170, 230)
    k.show()
    qtbot.waitExposed(k)
    return k


def test_knob_burst_signals_like_a_drag(qtbot, knob):
    events = []
    knob.dragStarted.connect(lambda: events.append(("start", knob.isDragging())))
    knob.dragFinished.connect(lambda: events.append(("finish", knob.isDragging(), knob.gestureKind())))
    wheel(knob)
    QTest.keyClick(knob, Qt.Key_Down)
    QTest.keyClick(knob, Qt.Key_PageUp)
    assert events == [("start", True)]
    qtbot.waitUntil(lambda: len(events) == 2, timeout=5000)
    assert events[1] == ("finish", False, "burst")
    assert knob.value() == pytest.approx(1e9 * 10**1.0)


def test_a_step_at_the_end_of_the_scale_starts_no_gesture(qtbot, knob):
    started = []
    knob.dragStarted.connect(lambda: started.append(True))
    knob.setValue(1e14)
    QTest.keyClick(knob, Qt.Key_Up)
    wheel(knob)
    assert started == [] and not knob.isDragging()


def test_escape_ends_a_burst_at_the_value_it_started_from(qtbot, knob):
    finished = []
    knob.dragFinished.connect(lambda: finished.append(True))
    for _ in range(3):
        QTest.keyClick(knob, Qt.Key_Up)
    assert knob.value() > 1e9
    QTest.keyClick(knob, Qt.Key_Escape)
    assert knob.value() == pytest.approx(1e9) and finished == [True] and not knob.isDragging()


def test_a_press_and_drag_ends_a_burst_first(qtbot, knob):
    events = []
    knob.dragStarted.connect(lambda: events.append(("start", knob.gestureKind())))
    knob.dragFinished.connect(lambda: events.append(("finish", knob.gestureKind())))
    wheel(knob)
    start = QPoint(knob.width() // 2, knob.height() // 3)
    QTest.mousePress(knob, Qt.LeftButton, Qt.NoModifier, start)
    QTest.mouseMove(knob, start + QPoint(0, -10))
    assert events == [("start", "burst"), ("finish", "burst"), ("start", "drag")]
    wheel(knob)  # the wheel while the button is held steps within the drag
    QTest.mouseRelease(knob, Qt.LeftButton, Qt.NoModifier, start + QPoint(0, -10))
    assert events[-1] == ("finish", "drag") and not knob.isDragging(), events


def test_focus_leaving_ends_a_key_burst(qtbot, knob):
    other = QtWidgets.QLineEdit()
    qtbot.addWidget(other)
    other.show()
    finished = []
    knob.dragFinished.connect(lambda: finished.append(True))
    knob.setFocus()
    QTest.keyClick(knob, Qt.Key_Up)
    assert knob.isDragging()
    knob.focusOutEvent(QtGui.QFocusEvent(QtGui.QFocusEvent.Type.FocusOut))
    assert finished == [True] and not knob.isDragging()
