"""Light plot items for what moves while a knob is dragged.

pyqtgraph's general items do bookkeeping on every change that a marker or a label does not need
(measured at 1600x900: ScatterPlotItem.setData for one point ~70 µs, TextItem.setText+setPos
~110 µs, PlotDataItem.setData ~120 µs).  These are Qt's own C++ items, positioned in data
coordinates but drawn in pixels (ItemIgnoresTransformations): moving one costs about a
microsecond and painting it runs no Python.  ``Curve`` is a polyline whose bounds are computed
once a setData, where pyqtgraph's PlotCurveItem recomputes them (in Python) each time Qt asks,
some 25 times a frame, and whose points go from numpy into QPolygonF without a QPainterPath.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

_IGNORE_TRANSFORMS = QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
# Each item here counts the changes to what it draws in ``paint_version`` (where it draws is its
# box): the drag layer repaints a moving item only where one of the two changed.


def _symbol_path(symbol: str, size: float) -> QtGui.QPainterPath:
    """A symbol centred on (0, 0) in pixels; y grows downwards as on the screen."""
    r = size / 2.0
    path = QtGui.QPainterPath()
    if symbol == "o":
        path.addEllipse(QtCore.QPointF(0, 0), r, r)
    elif symbol == "t1":  # triangle pointing up, as pyqtgraph's "t1"
        path.addPolygon(
            QtGui.QPolygonF(
                [QtCore.QPointF(0, -r), QtCore.QPointF(r, r * 0.8), QtCore.QPointF(-r, r * 0.8), QtCore.QPointF(0, -r)]
            )
        )
    elif symbol == "s":
        path.addRect(-r, -r, size, size)
    else:
        raise ValueError(f"unknown marker symbol {symbol!r} (use 'o', 't1' or 's')")
    return path


class _Symbol(QtWidgets.QGraphicsPathItem):
    """One marker; antialiased whatever the view's render hints (pyqtgraph turns them off)."""

    paint_version = 0  # bumped by Markers when the pen, brush or size changes

    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        super().paint(painter, option, widget)


class Markers(QtWidgets.QGraphicsItem):
    """Points drawn as fixed-size symbols: a holder without contents, one C++ path item a point.

    ``setData(xs, ys)`` and ``getData()`` read like pyqtgraph's scatter, so tests and exports
    see the same numbers.  ``legend_sample`` is a ScatterPlotItem kept out of the plot, styled
    alike, for the legend to draw its sample from.
    """

    def __init__(self, symbol: str = "o", size: float = 12.0) -> None:
        super().__init__()
        self.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self._symbol = symbol
        self._size = size
        self._pen = QtGui.QPen(QtGui.QColor("white"))
        self._pen.setCosmetic(True)
        self._brush = QtGui.QBrush(QtGui.QColor("white"))
        self._x = np.zeros(0)
        self._y = np.zeros(0)
        self._points: list[_Symbol] = []
        self.legend_sample = pg.ScatterPlotItem(symbol=symbol, size=size)

    # QGraphicsItem's required API: the holder itself draws nothing.
    def boundingRect(self) -> QtCore.QRectF:
        return QtCore.QRectF()

    def paint(self, painter, option, widget=None) -> None:  # pragma: no cover - never called
        pass

    def points(self) -> list[_Symbol]:
        return self._points

    def setData(self, x: Sequence[float], y: Sequence[float]) -> None:
        xs = np.asarray(x, dtype=float).ravel()
        ys = np.asarray(y, dtype=float).ravel()
        if xs.shape != ys.shape:
            raise ValueError(f"x and y differ in length: {xs.size} and {ys.size}")
        while len(self._points) < xs.size:
            item = _Symbol(_symbol_path(self._symbol, self._size), self)
            item.setFlag(_IGNORE_TRANSFORMS)
            item.setPen(self._pen)
            item.setBrush(self._brush)
            self._points.append(item)
        for i, item in enumerate(self._points):
            if i < xs.size and np.isfinite(xs[i]) and np.isfinite(ys[i]):
                item.setPos(float(xs[i]), float(ys[i]))
                item.setVisible(True)
            else:
                item.setVisible(False)
        self._x, self._y = xs, ys

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        return self._x, self._y

    def setPen(self, pen: QtGui.QPen) -> None:
        self._pen = QtGui.QPen(pen)
        self._pen.setCosmetic(True)
        for item in self._points:
            item.setPen(self._pen)
            item.paint_version += 1
        self.legend_sample.setPen(self._pen)

    def setBrush(self, brush: QtGui.QBrush) -> None:
        self._brush = QtGui.QBrush(brush)
        for item in self._points:
            item.setBrush(self._brush)
            item.paint_version += 1
        self.legend_sample.setBrush(self._brush)

    def setSize(self, size: float) -> None:
        self._size = float(size)
        path = _symbol_path(self._symbol, self._size)
        for item in self._points:
            item.setPath(path)
            item.paint_version += 1
        self.legend_sample.setSize(self._size)


class Curve(QtWidgets.QGraphicsItem):
    """A polyline in data coordinates, NaN-separated pieces allowed, drawn with one pen.

    It has what pyqtgraph's legend and our exports read of a PlotCurveItem: ``opts`` (pen,
    name, antialias), ``getData()``, ``name()`` and ``dataBounds()``.
    """

    #: Room around the path for the pen, in pixels (cosmetic pens up to ~6 px wide).
    PAD_PX = 6.0

    def __init__(self, name: str | None = None) -> None:
        super().__init__()
        pen = QtGui.QPen(QtGui.QColor("white"))
        pen.setCosmetic(True)
        self.opts = {
            "pen": pen,
            "name": name,
            "antialias": False,
            "fillLevel": None,
            "fillBrush": None,
            "brush": None,
            "symbol": None,
        }
        self._x = np.zeros(0)
        self._y = np.zeros(0)
        self._lines: list[QtGui.QPolygonF] = []
        self._rect = QtCore.QRectF()
        self.paint_version = 0

    def setData(self, x: Sequence[float], y: Sequence[float]) -> None:
        xs = np.asarray(x, dtype=float).ravel()
        ys = np.asarray(y, dtype=float).ravel()
        if xs.shape != ys.shape:
            raise ValueError(f"x and y differ in length: {xs.size} and {ys.size}")
        self.prepareGeometryChange()
        self._x, self._y = xs, ys
        self._lines = _polylines(xs, ys)
        ok = np.isfinite(xs) & np.isfinite(ys)
        if self._lines:
            fx, fy = xs[ok], ys[ok]
            x0, x1, y0, y1 = fx.min(), fx.max(), fy.min(), fy.max()
            self._rect = self._padded(QtCore.QRectF(x0, y0, x1 - x0, y1 - y0))
        else:
            self._rect = QtCore.QRectF()
        self.paint_version += 1
        self.update()

    def _padded(self, rect: QtCore.QRectF) -> QtCore.QRectF:
        """The path's bounds widened by PAD_PX pixels at the current scale of the view."""
        scene = self.scene()
        views = scene.views() if scene is not None else []
        if not views:
            return rect
        t = self.deviceTransform(views[0].viewportTransform())
        sx, sy = abs(t.m11()) or 1.0, abs(t.m22()) or 1.0
        dx, dy = self.PAD_PX / sx, self.PAD_PX / sy
        return rect.adjusted(-dx, -dy, dx, dy)

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        return self._x, self._y

    def name(self) -> str | None:
        return self.opts["name"]

    def setPen(self, pen: QtGui.QPen) -> None:
        self.opts["pen"] = QtGui.QPen(pen)
        self.paint_version += 1
        self.update()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None) -> tuple[float, float] | tuple[None, None]:
        d = self._x if ax == 0 else self._y
        d = d[np.isfinite(d)]
        return (float(d.min()), float(d.max())) if d.size else (None, None)

    def boundingRect(self) -> QtCore.QRectF:
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        if self._lines:
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, bool(self.opts["antialias"]))
            painter.setPen(self.opts["pen"])
            for line in self._lines:
                painter.drawPolyline(line)


def _polylines(x: np.ndarray, y: np.ndarray) -> list[QtGui.QPolygonF]:
    """The finite runs of (x, y) as polygons, filled straight from numpy (a NaN ends a run).
    About 3x faster than building a QPainterPath for the same points."""
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.all():
        runs = [(0, x.size)]
    else:
        edges = np.flatnonzero(np.diff(np.concatenate(([0], ok.astype(np.int8), [0]))))
        runs = list(zip(edges[::2], edges[1::2]))
    lines = []
    for a, b in runs:
        if b - a >= 2:
            poly = pg.functions.create_qpolygonf(int(b - a))
            points = pg.functions.ndarray_from_qpolygonf(poly)
            points[:, 0] = x[a:b]
            points[:, 1] = y[a:b]
            lines.append(poly)
    return lines


class Label(QtWidgets.QGraphicsSimpleTextItem):
    """Text at a point in data coordinates, drawn at a fixed size in pixels.

    ``anchor`` works as pyqtgraph's TextItem: (0, 0) puts the text's top-left corner on the
    point, (1, 1) its bottom-right, (0.5, 1.2) centres it a little above the point.
    """

    MARGIN = 4.0

    def __init__(self, text: str = "", anchor: tuple[float, float] = (0.0, 0.0)) -> None:
        super().__init__()
        self.setFlag(_IGNORE_TRANSFORMS)
        self._anchor = anchor
        self.paint_version = 0
        #: A patch behind the text (None: none), so lines crossing it do not cross it out.
        self.fill: QtGui.QBrush | None = None
        self.setText(text)

    def paint(self, painter, option, widget=None) -> None:
        if self.fill is not None:
            painter.fillRect(self.boundingRect().adjusted(-2, -1, 2, 1), self.fill)
        super().paint(painter, option, widget)

    def setText(self, text: str) -> None:
        if text != self.text():
            super().setText(text)
            self._place()

    def setFont(self, font: QtGui.QFont) -> None:
        super().setFont(font)
        self._place()

    def setBrush(self, brush) -> None:
        super().setBrush(brush)
        self.paint_version += 1

    def setColor(self, color) -> None:
        self.setBrush(QtGui.QBrush(QtGui.QColor(color)))

    def set_anchor(self, anchor: tuple[float, float]) -> None:
        if tuple(anchor) != tuple(self._anchor):
            self._anchor = tuple(anchor)
            self._place()

    def _place(self) -> None:
        # A margin as TextItem's (its text document keeps 4 px), so labels sit where they did.
        self.paint_version += 1
        m = self.MARGIN
        r = self.boundingRect()
        ax, ay = self._anchor
        self.setTransform(QtGui.QTransform.fromTranslate(m - ax * (r.width() + 2 * m), m - ay * (r.height() + 2 * m)))


class VLine(QtWidgets.QGraphicsLineItem):
    """A vertical line at x from y0 to y1 (data coordinates)."""

    def __init__(self) -> None:
        super().__init__()
        self._x = float("nan")

    def set_x(self, x: float, y0: float, y1: float) -> None:
        self._x = float(x)
        self.setLine(self._x, y0, self._x, y1)

    def value(self) -> float:
        return self._x
