"""The plots' drag layer and light items: what a drag paints must be what a full repaint paints."""

from itertools import pairwise

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from scalingdesk.core import plot_axes, views
from scalingdesk.qt import knob as knob_module
from scalingdesk.qt import plot_labels
from scalingdesk.qt.plot_items import Curve, Label, Markers, VLine


@pytest.fixture
def window(make_window):
    return make_window((1400, 850))


def pixels(image: QtGui.QImage) -> np.ndarray:
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    ptr = image.constBits()
    return (
        np.frombuffer(ptr, np.uint8)
        .reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3]
        .astype(int)
    )


def start_drag(knob) -> QPoint:
    start = QPoint(knob.width() // 2, knob.height() // 3)
    QTest.mousePress(knob, Qt.LeftButton, Qt.NoModifier, start)
    return start


def move(knob, start: QPoint, dy: int) -> None:
    QTest.mouseMove(knob, start + QPoint(0, dy))
    QtWidgets.QApplication.processEvents()


def assert_layer_frame_matches_full_repaint(plot, name: str) -> None:
    assert plot.drag_layer_active(), f"{name}: the drag layer is not in use during a drag"
    layered = pixels(plot.grab().toImage())
    plot.drag_layer_enabled = False
    try:
        full = pixels(plot.grab().toImage())
    finally:
        plot.drag_layer_enabled = True
    differ = (np.abs(layered - full).max(axis=2) > 40).mean()
    assert differ < 1e-3, f"{name}: {differ:.2%} of the pixels differ from a full repaint"


def test_a_drag_paints_what_a_full_repaint_paints(qtbot, window):
    knob = window.controls.knob_c
    start = start_drag(knob)
    # Far enough that the IsoFLOP axes grow (its layer is re-rendered) and the knobs all move.
    for dy in list(range(-1, -40, -3)) + list(range(-40, 10, 5)):
        move(knob, start, dy)
    assert window.isoflop_plot.layer_bakes_in_gesture >= 1
    for name, plot in window.plots.items():
        assert_layer_frame_matches_full_repaint(plot, name)
    # And the frame follows the model: the marker the layer paints is the model's point.
    s = window.scenario.state
    x, y = window.isoflop_plot.current.getData()
    assert 10 ** x[0] == pytest.approx(s.params) and y[0] == pytest.approx(s.loss)
    QTest.mouseRelease(knob, Qt.LeftButton, Qt.NoModifier, start)
    qtbot.waitUntil(lambda: not window.loss_plot.drag_layer_active(), timeout=2000)
    assert window.loss_plot.viewportUpdateMode() == QtWidgets.QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate


def test_a_stale_layer_would_be_caught(qtbot, window):
    # The comparison above must be able to fail: change a static item behind the layer's back.
    knob = window.controls.knob_n
    start = start_drag(knob)
    move(knob, start, -5)
    move(knob, start, -8)
    plot = window.plane_plot
    plot.grab()  # the layer is rendered
    plot.wall.setPos(9.0)  # a static item moves without telling the layer
    with pytest.raises(AssertionError, match="differ from a full repaint"):
        assert_layer_frame_matches_full_repaint(plot, "plane")
    QTest.mouseRelease(knob, Qt.LeftButton, Qt.NoModifier, start)


def on_screen(window, plot) -> np.ndarray:
    """The plot's viewport as the window shows it (the offscreen platform's backing store):
    what the partial frames left there, not a fresh render."""
    shot = window.screen().grabWindow(window.winId())
    viewport = plot.viewport()
    ratio = shot.devicePixelRatio()
    corner = viewport.mapTo(window, QPoint(0, 0))
    return pixels(shot.copy(QtCore.QRect(corner * ratio, viewport.size() * ratio)).toImage())


@pytest.mark.parametrize("key", ["N", "C"])
def test_partial_frames_leave_what_a_full_frame_paints(qtbot, window, key):
    # A frame repaints only where a moving item changed (its old and new places); after a
    # drag and a jump, what the window shows must be a whole frame's pixels, with no trail.
    knob = window.controls.knobs[key]
    start = start_drag(knob)
    for dy in (-2, -4, -6, -9, -12, -9, -5):
        move(knob, start, dy)
    move(knob, start, -30)  # a jump: the dot and its name are far from where they were
    for name in ("loss", "plane"):
        plot = window.plots[name]
        assert plot.drag_layer_active()
        shown, full = on_screen(window, plot), pixels(plot.viewport().grab().toImage())
        differ = (np.abs(shown - full).max(axis=2) > 40).mean()
        assert differ < 5e-5, f"{name}: {differ:.3%} of the shown pixels differ from a full frame"
    QTest.mouseRelease(knob, Qt.LeftButton, Qt.NoModifier, start)


def test_a_frame_repaints_only_what_moved(qtbot, window):
    knob = window.controls.knob_n
    start = start_drag(knob)
    move(knob, start, -3)
    plot = window.isoflop_plot
    asked = []
    original = plot.viewport().update
    plot.viewport().update = lambda *args: (asked.append(args), original(*args))
    try:
        move(knob, start, -6)  # N slides along the same valleys: only "your model" moves
    finally:
        del plot.viewport().update
    assert len(asked) == 1 and len(asked[0]) == 1, asked  # one rectangle, not the whole viewport
    rect = asked[0][0]
    dot = plot_labels.text_rect(plot.current.points()[0])
    assert rect.intersects(dot.toAlignedRect())
    assert rect.width() < plot.viewport().width() / 2
    QTest.mouseRelease(knob, Qt.LeftButton, Qt.NoModifier, start)


def test_isoflop_axes_only_grow_while_dragging_and_fit_on_release(qtbot, window):
    knob = window.controls.knob_c
    plot = window.isoflop_plot
    start = start_drag(knob)
    ranges = []
    for dy in list(range(-1, -30, -2)) + list(range(-30, 30, 3)):
        move(knob, start, dy)
        ranges.append(plot.axes)
    for before, after in pairwise(ranges):
        assert after[0] <= before[0] and after[1] >= before[1], (before, after)
        assert after[2] <= before[2] and after[3] >= before[3], (before, after)
    assert ranges[-1] != ranges[0]  # it did grow: C moved over decades
    QTest.mouseRelease(knob, Qt.LeftButton, Qt.NoModifier, start)
    qtbot.waitUntil(lambda: not plot.drag_layer_active(), timeout=2000)
    s = window.scenario.state
    fitted = views.isoflop_n_range(s.law_object, s.params, s.tokens)
    ahead = plot_axes.isoflop_x_ahead(s.law_object, s.params, s.tokens)
    # At rest: the valley-centred range, with room for the ranges of C·10^±AHEAD_DECADES.
    assert ahead[0] <= fitted[0] and ahead[1] >= fitted[1]
    assert ahead[1] - ahead[0] <= fitted[1] - fitted[0] + 2 * plot_axes.AHEAD_DECADES
    assert plot.axes[:2] == pytest.approx(ahead)
    assert plot.axes != ranges[-1]  # the grown axes were let go
    x, _ = plot.valley.getData()
    assert x[0] == pytest.approx(ahead[0]) and x[-1] == pytest.approx(ahead[1])


def test_a_c_wheel_burst_of_half_a_decade_keeps_the_isoflop_n_axis(qtbot, window):
    """The N axis at rest already holds C·10^±0.5 (plot_axes.AHEAD_DECADES): a burst that stays
    within it, with the plot's look-ahead (plot_axes.LOOK_AHEAD_MIN_DECADES), keeps the N axis,
    so it never renders the plot's layer for a new one (before, the valley-centred range moved
    half a decade and the layer was rendered once a burst)."""
    knob = window.controls.knob_c
    plot = window.isoflop_plot
    rest = plot.axes
    steps = 7  # 0.35 decade: with the look-ahead of 0.1, inside the half decade
    assert steps * knob_module.FINE_STEP_DECADES + plot_axes.LOOK_AHEAD_MIN_DECADES < plot_axes.AHEAD_DECADES
    for step in [1] * steps + [-1] * (2 * steps):  # C up, then as far below the start
        knob._step(step * knob_module.FINE_STEP_DECADES)
        qtbot.wait(20)
        assert plot.axes[:2] == rest[:2]
    knob._finish_drag()


def test_csv_export_names_the_moving_curves(window, tmp_path):
    from scalingdesk.core.views import NAIVE_LABEL

    header = window.export("loss", "csv", tmp_path / "loss.csv").read_text().splitlines()[0]
    for name in ("(your N): loss", "compute-optimal frontier (envelope)", NAIVE_LABEL):
        assert name in header  # one column pair per series (tests/test_export.py)


def test_markers_read_like_a_scatter(qtbot):
    m = Markers("t1", size=10)
    m.setData([1.0, 2.0, np.nan], [3.0, 4.0, 5.0])
    x, y = m.getData()
    assert list(x[:2]) == [1.0, 2.0] and list(y) == [3.0, 4.0, 5.0]
    points = m.points()
    assert [p.isVisible() for p in points] == [True, True, False]  # a NaN point is hidden
    assert (points[1].pos().x(), points[1].pos().y()) == (2.0, 4.0)
    assert points[0].flags() & QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
    m.setData([7.0], [8.0])
    assert [p.isVisible() for p in points] == [True, False, False]
    with pytest.raises(ValueError, match="differ in length"):
        m.setData([1, 2], [3])
    with pytest.raises(ValueError, match="unknown marker symbol 'x'"):
        Markers("x").setData([1], [1])


def test_label_anchor_places_the_text(qtbot):
    label = Label("too big →", anchor=(1, 0))
    r = label.boundingRect()
    t = label.transform()
    # The right edge sits a margin left of the point; the top a margin below it.
    assert t.dx() == pytest.approx(Label.MARGIN - (r.width() + 2 * Label.MARGIN))
    assert t.dy() == pytest.approx(Label.MARGIN)
    label.setText("a much longer label than before")
    assert label.transform().dx() < t.dx()


def test_curve_data_bounds_and_painting(qtbot):
    c = Curve("a curve")
    c.setData([1.0, 2.0, np.nan, 3.0], [5.0, 4.0, np.nan, 6.0])
    x, _ = c.getData()
    assert x.size == 4 and c.name() == "a curve"
    assert c.dataBounds(0) == (1.0, 3.0) and c.dataBounds(1) == (4.0, 6.0)
    assert c.boundingRect().contains(QtCore.QPointF(2.0, 5.0))
    image = QtGui.QImage(40, 40, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("black"))
    painter = QtGui.QPainter(image)
    painter.setTransform(QtGui.QTransform(10, 0, 0, 5, -5, -15))  # data → pixels
    pen = QtGui.QPen(QtGui.QColor("white"))
    pen.setCosmetic(True)
    c.setPen(pen)
    c.paint(painter, QtWidgets.QStyleOptionGraphicsItem())
    painter.end()
    assert pixels(image).max() > 200  # it drew something
    c.setData([], [])
    assert c.boundingRect().isEmpty() and c.dataBounds(0) == (None, None)
    with pytest.raises(ValueError, match="differ in length"):
        c.setData([1.0], [1.0, 2.0])


def test_vline_spans_the_given_range(qtbot):
    line = VLine()
    line.set_x(10.5, 1.9, 2.3)
    assert line.value() == 10.5
    assert (line.line().x1(), line.line().y1(), line.line().y2()) == (10.5, 1.9, 2.3)


@pytest.mark.parametrize("size", [(1400, 850), (1600, 900), (1920, 1080)])
def test_every_name_on_the_map_is_inside_it(qtbot, window, size):
    window.resize(*size)
    QtWidgets.QApplication.processEvents()
    plot = window.plane_plot
    QtWidgets.QApplication.processEvents()  # the labels are laid out again after a resize
    plot.grab()
    frame = plot_labels.frame_rect(plot.getViewBox()).adjusted(-2, -2, 2, 2)
    assert plot.wall_label in plot.labels()
    for label in plot.labels():
        text = plot_labels.text_rect(label)
        assert frame.contains(text), f"{label.textItem.toPlainText()!r} sticks out of the map at {size}"
