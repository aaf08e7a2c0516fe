"""Log-axis tick labels never run together (the IsoFLOP view alone at 1366x768 printed
"4·10⁹5·10⁹6·10⁹…" as one string): minor labels are drawn only where they have room."""

import itertools

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from scalingdesk.qt.tick_room import RoomyAxis, keep_with_room


def label_specs(axis: pg.AxisItem, draw=None) -> list:
    """The (rect, flags, text) labels the axis would draw now (``draw``: whose generateDrawSpecs)."""
    image = QtGui.QImage(8, 8, QtGui.QImage.Format.Format_ARGB32)
    painter = QtGui.QPainter(image)
    try:
        specs = (draw or type(axis).generateDrawSpecs)(axis, painter)
    finally:
        painter.end()
    return specs[2] if specs else []


def overlaps(specs: list) -> list[tuple[str, str]]:
    return [(a[2], b[2]) for a, b in itertools.combinations(specs, 2) if a[2] != b[2] and a[0].intersects(b[0])]


def wide_log_plot(qtbot, axis: pg.AxisItem, width: int = 1300) -> pg.PlotWidget:
    plot = pg.PlotWidget(axisItems={"bottom": axis})
    qtbot.addWidget(plot)
    axis.setLogMode(True)
    plot.setXRange(9.3, 12.6, padding=0)  # 2·10⁹ … 4·10¹²: three decades, as the IsoFLOP view shows
    plot.resize(width, 400)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def test_a_wide_log_axis_keeps_the_minor_labels_that_fit_and_drops_the_crowded_ones(qtbot):
    plain = pg.AxisItem("bottom")
    keep = [wide_log_plot(qtbot, plain)]
    before = label_specs(plain)
    assert overlaps(before), "the check must catch pyqtgraph's own crowded labels"

    roomy = RoomyAxis("bottom")
    keep.append(wide_log_plot(qtbot, roomy))
    after = label_specs(roomy)
    texts = [s[2] for s in after]
    assert not overlaps(after)
    assert {"10¹⁰", "10¹¹", "10¹²"} <= set(texts)  # every decade keeps its label
    for decade in ("10¹⁰", "10¹¹"):  # and a crowded decade keeps its 2 and 5 first
        assert f"2·{decade}" in texts and f"5·{decade}" in texts
    assert len(after) < len(before)
    # nothing but the crowded labels went: every kept label is one pyqtgraph drew, at its place
    assert {(s[2], s[0].center().x()) for s in after} <= {(s[2], s[0].center().x()) for s in before}


def test_keep_with_room_keeps_decades_and_linear_ticks_whatever_the_room():
    def spec(x: float, text: str):
        return (QtCore.QRectF(x, 0, 40, 12), 0, text)

    specs = [spec(0, "10⁹"), spec(10, "2·10⁹"), spec(20, "2.01"), spec(30, "3·10⁹"), spec(80, "5·10⁹")]
    kept = [s[2] for s in keep_with_room(specs, pad=2)]
    assert kept == ["10⁹", "2.01", "5·10⁹"]  # 2· and 3· collide with kept labels; 5· has room


def test_the_isoflop_view_alone_has_no_labels_run_together(make_window, qtbot):
    w = make_window((1366, 768))
    plot = w.plots["isoflop"]
    plot.setParent(None)  # the view alone, as `screenshot --view isoflop` shows it
    qtbot.addWidget(plot)
    plot.resize(1366, 740)
    plot.show()
    qtbot.waitExposed(plot)
    axis = plot.getAxis("bottom")
    assert isinstance(axis, RoomyAxis)
    specs = label_specs(axis)
    assert not overlaps(specs)
    assert sum("·" in s[2] for s in specs) >= 4  # the minor labels that fit are still there
    assert overlaps(label_specs(axis, pg.AxisItem.generateDrawSpecs)), "pyqtgraph alone crowds them here"
