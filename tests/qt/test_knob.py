"""LogKnob driven like a user: drag, wheel, keys and typed entry; the model owns the value."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math  # noqa: E402

import pytest  # noqa: E402
from PySide6 import QtCore, QtGui, QtWidgets  # noqa: E402
from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402

from scalingdesk.core.units import format_count  # noqa: E402
from scalingdesk.qt import theme  # noqa: E402
from scalingdesk.qt.knob import PIXELS_PER_DECADE, LogKnob  # noqa: E402


@pytest.fixture
def knob(qtbot):
    """A parameters knob (1M … 100T) at 1B, wired to a model that accepts every request."""
    k = LogKnob("Parameters N", "params", 1e6, 1e14, formatter=lambda v: format_count(v, "params"), value=1e9)
    qtbot.addWidget(k)
    k.resize(170, 230)
    k.show()
    qtbot.waitExposed(k)
    return k


def record(knob):
    seen: list[float] = []
    knob.valueRequested.connect(seen.append)
    return seen


def accept_all(knob):
    """The scenario model in its simplest form: every request becomes the value."""
    seen = record(knob)
    knob.valueRequested.connect(knob.setValue)
    return seen


def wheel(widget, notches: float, modifiers=Qt.NoModifier):
    pos = QPointF(widget.width() / 2, widget.height() / 3)
    event = QtGui.QWheelEvent(
        pos,
        widget.mapToGlobal(pos),
        QPoint(0, 0),
        QPoint(0, round(120 * notches)),
        Qt.NoButton,
        modifiers,
        Qt.NoScrollPhase,
        False,
    )
    QtWidgets.QApplication.sendEvent(widget, event)


def dial_centre(knob) -> QPoint:
    return QPoint(knob.width() // 2, knob.height() // 3)


def test_drag_up_requests_larger_values_in_range(qtbot, knob):
    seen = record(knob)
    started, finished = [], []
    knob.dragStarted.connect(lambda: started.append(knob.isDragging()))
    knob.dragFinished.connect(lambda: finished.append(knob.isDragging()))
    start = dial_centre(knob)
    qtbot.mousePress(knob, Qt.LeftButton, pos=start)
    assert not knob.isDragging()  # a click is not a drag
    for dy in range(5, 55, 5):
        qtbot.mouseMove(knob, start - QPoint(0, dy))
    assert knob.isDragging()
    qtbot.mouseRelease(knob, Qt.LeftButton, pos=start - QPoint(0, 50))
    assert started == [True] and finished == [False] and not knob.isDragging()
    assert len(seen) >= 5
    assert all(1e6 <= v <= 1e14 for v in seen)
    assert seen == sorted(seen) and seen[0] > 1e9
    # 50 px at PIXELS_PER_DECADE (30) = 1.67 decades; the model never answered, so the
    # display is unchanged: the knob does not own the value.
    assert math.log10(seen[-1]) == pytest.approx(9 + 50 / PIXELS_PER_DECADE, abs=0.05)
    assert knob.value() == 1e9


def test_drag_down_stops_at_the_bottom_of_the_scale(qtbot, knob):
    seen = accept_all(knob)
    start = dial_centre(knob)
    qtbot.mousePress(knob, Qt.LeftButton, pos=start)
    for dy in range(20, 400, 20):
        qtbot.mouseMove(knob, start + QPoint(0, dy))
    qtbot.mouseRelease(knob, Qt.LeftButton, pos=start + QPoint(0, 380))
    assert seen[-1] == 1e6 and min(seen) == 1e6 and knob.value() == 1e6


def test_shift_drag_is_ten_times_finer(qtbot, knob):
    seen = record(knob)
    start = dial_centre(knob)
    qtbot.mousePress(knob, Qt.LeftButton, pos=start)
    qtbot.mouseMove(knob, start - QPoint(0, 50))
    QtWidgets.QApplication.sendEvent(
        knob,
        QtGui.QMouseEvent(
            QtCore.QEvent.MouseMove,
            QPointF(start - QPoint(0, 100)),
            QPointF(knob.mapToGlobal(start - QPoint(0, 100))),
            Qt.NoButton,
            Qt.LeftButton,
            Qt.ShiftModifier,
        ),
    )
    qtbot.mouseRelease(knob, Qt.LeftButton, pos=start - QPoint(0, 100))
    # 50 px coarse, then 50 px fine (a tenth as far).
    assert math.log10(seen[-1]) == pytest.approx(9 + 1.1 * 50 / PIXELS_PER_DECADE, abs=0.02)


def test_wheel_notch_is_a_twentieth_of_a_decade(qtbot, knob):
    seen = record(knob)
    wheel(knob, 1)
    assert len(seen) == 1
    assert math.log10(seen[0]) - 9 == pytest.approx(1 / 20, abs=1e-12)
    wheel(knob, -1)
    assert math.log10(seen[1]) - 9 == pytest.approx(-1 / 20, abs=1e-12)


def test_ctrl_wheel_is_one_decade(qtbot, knob):
    seen = record(knob)
    wheel(knob, 1, Qt.ControlModifier)
    wheel(knob, -2, Qt.ControlModifier)
    assert seen == [pytest.approx(1e10), pytest.approx(1e7)]


def test_keys(qtbot, knob):
    seen = accept_all(knob)
    knob.setFocus()
    qtbot.keyClick(knob, Qt.Key_Up)
    assert math.log10(knob.value()) == pytest.approx(9.05)
    qtbot.keyClick(knob, Qt.Key_Right)
    assert math.log10(knob.value()) == pytest.approx(9.10)
    qtbot.keyClick(knob, Qt.Key_Down)
    qtbot.keyClick(knob, Qt.Key_Left)
    assert knob.value() == pytest.approx(1e9)
    qtbot.keyClick(knob, Qt.Key_PageUp)
    assert knob.value() == pytest.approx(1e10)
    qtbot.keyClick(knob, Qt.Key_PageDown)
    qtbot.keyClick(knob, Qt.Key_PageDown)
    assert knob.value() == pytest.approx(1e8)
    qtbot.keyClick(knob, Qt.Key_End)
    assert knob.value() == 1e14
    n = len(seen)
    qtbot.keyClick(knob, Qt.Key_PageUp)  # already at the end of the scale: nothing to ask
    assert len(seen) == n and knob.value() == 1e14
    qtbot.keyClick(knob, Qt.Key_Home)
    assert knob.value() == 1e6 == seen[-1]


def test_knob_takes_focus_and_model_may_refuse(qtbot, knob):
    assert knob.focusPolicy() == Qt.StrongFocus
    seen = record(knob)  # nobody answers: the model refused
    knob.setFocus()
    qtbot.keyClick(knob, Qt.Key_Up)
    qtbot.keyClick(knob, Qt.Key_Up)
    assert knob.value() == 1e9
    assert [math.log10(v) for v in seen] == [pytest.approx(9.05), pytest.approx(9.05)]


def type_entry(qtbot, knob, text):
    edit = knob.lineEdit()
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key_Return)


def test_typing_70B_requests_7e10(qtbot, knob):
    seen = record(knob)
    type_entry(qtbot, knob, "70B")
    assert seen == [7e10]
    assert knob.errorText() == ""
    for text, expected in (("1.4T", 1.4e12), ("5.76e11", 5.76e11), ("7e10", 7e10)):
        type_entry(qtbot, knob, text)
        assert seen[-1] == pytest.approx(expected)


def test_typing_banana_is_refused_with_a_visible_message(qtbot, knob):
    seen = record(knob)
    type_entry(qtbot, knob, "banana")
    assert seen == []
    assert knob.value() == 1e9
    assert "banana" in knob.errorText()
    label = knob.findChild(QtWidgets.QLabel, "knobError")
    assert label.isVisible() and "banana" in label.text()
    assert "banana" in knob.accessibleDescription()
    # Esc clears the message; so does the next valid entry.
    qtbot.keyClick(knob.lineEdit(), Qt.Key_Escape)
    assert knob.errorText() == "" and label.text() == ""
    type_entry(qtbot, knob, "-5")
    assert "-5" in knob.errorText() and seen == []
    type_entry(qtbot, knob, "2B")
    assert knob.errorText() == "" and seen == [2e9]


def test_typed_value_outside_the_scale_is_refused_not_clamped(qtbot, knob):
    seen = record(knob)
    type_entry(qtbot, knob, "500T")
    assert seen == []
    msg = knob.errorText()
    assert "500T" in msg and "1M" in msg and "100T" in msg
    type_entry(qtbot, knob, "10k")
    assert seen == [] and "10k" in knob.errorText()
    type_entry(qtbot, knob, "100T")  # the end of the scale itself is fine
    assert seen == [1e14]


def test_set_value_updates_display_without_emitting(qtbot, knob):
    seen = record(knob)
    with qtbot.assertNotEmitted(knob.valueRequested):
        knob.setValue(7e10)
    assert seen == []
    assert knob.value() == 7e10
    assert knob.readout() == "70 B params"
    assert "70 B params" in knob.accessibleDescription()
    with pytest.raises(ValueError, match="Parameters N"):
        knob.setValue(-1.0)


def test_set_held_is_visible_and_queryable(qtbot, knob):
    assert not knob.isHeld() and "held" not in knob.accessibleDescription()
    before = knob.grab().toImage()
    knob.setHeld(True)
    assert knob.isHeld() and knob.property("held") is True
    assert "held" in knob.accessibleDescription()
    assert knob.grab().toImage() != before
    knob.setHeld(False)
    assert "held" not in knob.accessibleDescription()


def test_marker_and_model_error_are_drawn(qtbot, knob):
    before = knob.grab().toImage()
    knob.setMarker(2e10)
    assert knob.marker() == 2e10
    with_marker = knob.grab().toImage()
    assert with_marker != before
    # The marker is a triangle in the theme's optimum colour.
    optimum = QtGui.QColor(theme.current().optimum)
    assert any(
        with_marker.pixelColor(x, y) == optimum
        for x in range(with_marker.width())
        for y in range(with_marker.height() // 2)
    )
    knob.setMarker(None)
    knob.setError("N is held by the budget")
    assert knob.errorText() == "N is held by the budget"
    knob.setError(None)
    assert knob.errorText() == ""


def test_accessible_names(knob):
    assert knob.accessibleName() == "Parameters N"
    assert knob.lineEdit().accessibleName() == "Parameters N value"


def test_theme_change_repaints_and_scales_fonts(qtbot, knob):
    dark = knob.grab().toImage()
    hint = knob.sizeHint()
    try:
        theme.set_theme("projector")
        assert knob.grab().toImage() != dark
        assert knob.sizeHint().width() > hint.width() * 1.5
    finally:
        theme.set_theme("dark")
    assert knob.sizeHint() == hint


def test_bad_construction_is_refused():
    with pytest.raises(ValueError, match="minimum"):
        LogKnob("N", "params", 0.0, 1e14, formatter=str)
    with pytest.raises(ValueError, match="maximum"):
        LogKnob("N", "params", 1e14, 1e6, formatter=str)


@pytest.mark.parametrize("width", [150, 200, 260])
def test_sizes_render(qtbot, width):
    k = LogKnob("Compute C", "FLOP", 1e15, 1e30, formatter=lambda v: f"{v:.2g} FLOP", value=5.76e23)
    qtbot.addWidget(k)
    k.resize(width, 230)
    k.setMarker(1e24)
    k.setHeld(True)
    img = k.grab().toImage()
    assert img.width() >= width


def test_model_value_off_the_scale_is_shown_not_refused(qtbot, knob):
    knob.setValue(3e14)  # the model may couple N beyond the dial; the readout tells the truth
    assert knob.value() == 3e14 and knob.readout() == "300 T params"


def test_typing_a_digit_on_the_focused_knob_starts_an_entry(qtbot, knob):
    seen = record(knob)
    knob.setFocus()
    qtbot.keyClick(knob, Qt.Key_5)
    assert knob.lineEdit().hasFocus() and knob.lineEdit().text() == "5"
    qtbot.keyClicks(knob.lineEdit(), "B")
    qtbot.keyClick(knob.lineEdit(), Qt.Key_Enter)
    assert seen == [5e9]


def test_escape_during_drag_asks_for_the_start_value(qtbot, knob):
    seen = record(knob)
    finished = []
    knob.dragFinished.connect(lambda: finished.append(True))
    start = dial_centre(knob)
    qtbot.mousePress(knob, Qt.LeftButton, pos=start)
    qtbot.mouseMove(knob, start - QPoint(0, 30))
    qtbot.keyClick(knob, Qt.Key_Escape)
    assert seen[-1] == 1e9 and finished == [True] and not knob.isDragging()
    qtbot.mouseRelease(knob, Qt.LeftButton, pos=start - QPoint(0, 30))
    assert finished == [True]


def test_deleted_knob_ignores_theme_changes(qtbot):
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.DeferredDelete)
    before = len(theme.model())
    k = LogKnob("Data D", "tokens", 1e6, 1e16, formatter=str)
    assert len(theme.model()) == before + 1
    k.deleteLater()
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.DeferredDelete)
    del k
    assert len(theme.model()) == before  # unsubscribed when the widget was destroyed
    try:
        theme.set_theme("light")  # must not touch the dead widget
    finally:
        theme.set_theme("dark")


def test_gain_is_the_same_per_decade_on_every_scale(qtbot):
    """C spans 15 decades and N 8: a 90 px drag moves either by three decades (C used to move
    ~13 px a decade, so 100 px went from 5.8e23 to 5.8e29)."""
    k = LogKnob("Compute C", "FLOP", 1e15, 1e30, formatter=str, value=5.8e23)
    qtbot.addWidget(k)
    k.resize(170, 230)
    k.show()
    seen = record(k)
    start = dial_centre(k)
    qtbot.mousePress(k, Qt.LeftButton, pos=start)
    for dy in range(10, 100, 10):
        qtbot.mouseMove(k, start - QPoint(0, dy))
    qtbot.mouseRelease(k, Qt.LeftButton, pos=start - QPoint(0, 90))
    assert math.log10(seen[-1] / 5.8e23) == pytest.approx(90 / PIXELS_PER_DECADE, abs=0.05)
    assert 20 <= PIXELS_PER_DECADE <= 60


def test_shift_hint_is_painted_during_a_drag(qtbot, knob):
    """While dragging, the title gives way to "hold Shift: fine", and with Shift to "fine"."""
    still = knob.grab().toImage()
    start = dial_centre(knob)
    qtbot.mousePress(knob, Qt.LeftButton, pos=start)
    qtbot.mouseMove(knob, start - QPoint(0, 10))
    dragging = knob.grab().toImage()
    QtWidgets.QApplication.sendEvent(
        knob,
        QtGui.QMouseEvent(
            QtCore.QEvent.MouseMove,
            QPointF(start - QPoint(0, 20)),
            QPointF(knob.mapToGlobal(start - QPoint(0, 20))),
            Qt.NoButton,
            Qt.LeftButton,
            Qt.ShiftModifier,
        ),
    )
    fine = knob.grab().toImage()
    qtbot.mouseRelease(knob, Qt.LeftButton, pos=start - QPoint(0, 20))
    g = knob._geom
    rows = range(int(g.title_rect.top()), int(g.title_rect.bottom()))

    def title_band(img):
        return [img.pixel(x, y) for y in rows for x in range(12, img.width() - 12)]  # no ring

    assert title_band(dragging) != title_band(still)
    assert title_band(fine) != title_band(dragging)
    assert title_band(knob.grab().toImage()) == title_band(still)  # back after the release


def test_a_long_message_keeps_the_field_and_readout_in_place(qtbot, knob):
    """A message is shown beside (under) the field in space kept for it: the field does not
    move up over the readout, and the knob's height never depends on the message."""
    field = knob.lineEdit().geometry()
    assert not knob.hasHeightForWidth()
    knob.setError(
        "cannot set parameters to 2M: tokens 48P is above the maximum 10P tokens "
        "(allowed: 1M to 10P tokens, ends included)"
    )
    qtbot.wait(1)
    QtWidgets.QApplication.processEvents()
    assert knob.lineEdit().geometry() == field
    knob.grab()
    assert knob._geom.readout_rect.bottom() <= field.top()
    label = knob.findChild(QtWidgets.QLabel, "knobError")
    assert label.text().endswith("…") and "48P" in label.toolTip()
    assert label.geometry().bottom() <= knob.height()
