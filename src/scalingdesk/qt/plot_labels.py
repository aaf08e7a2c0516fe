"""Measuring and moving the plots' text items in pixels, for the placement in core.labels.

The plots hand each label's candidate places (points in data coordinates and which side of
them) to :func:`layout`; it measures the text, asks :func:`scalingdesk.core.labels.place` which
place is free, and moves (or hides) the item.  ``text_rect`` is what the tests read: the box the
text is painted in, in the view's pixels, whatever kind of item draws it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.core.labels import Box, anchored, place
from scalingdesk.qt.plot_items import Label

#: Air between a point and the text beside it, in pixels.
GAP = 5.0


@dataclass
class Spot:
    """One place a label may go: the text's ``anchor`` fraction on the data point (x, y), moved
    by ``offset`` pixels."""

    x: float
    y: float
    anchor: tuple[float, float]
    offset: tuple[float, float] = (0.0, 0.0)
    round: int = 0  # tried only once every label has tried its places of earlier rounds
    owner: tuple[float, float] | None = None  # the marker it names (data coordinates)


def _view(item: QtWidgets.QGraphicsItem) -> QtWidgets.QGraphicsView | None:
    scene = item.scene()
    views = scene.views() if scene is not None else []
    return views[0] if views else None


def text_rect(item: QtWidgets.QGraphicsItem) -> QtCore.QRectF:
    """The box the item's text is painted in, in its view's viewport pixels."""
    target = item.textItem if isinstance(item, pg.TextItem) else item
    view = _view(target)
    if view is None:
        return QtCore.QRectF()
    return target.deviceTransform(view.viewportTransform()).mapRect(target.boundingRect())


def frame_rect(vb: pg.ViewBox) -> QtCore.QRectF:
    """The data area of a plot in viewport pixels."""
    view = _view(vb)
    if view is None:
        return QtCore.QRectF()
    return vb.deviceTransform(view.viewportTransform()).mapRect(vb.boundingRect())


def box_of(rect: QtCore.QRectF) -> Box:
    return Box(rect.left(), rect.top(), rect.right(), rect.bottom())


def _size(item) -> tuple[float, float]:
    """The box a text takes when put at a spot (with the margin TextItem and Label keep)."""
    if isinstance(item, pg.TextItem):
        r = item.textItem.boundingRect()
        return r.width(), r.height()
    r = item.boundingRect()
    return r.width() + 2 * Label.MARGIN, r.height() + 2 * Label.MARGIN


def to_pixels(vb: pg.ViewBox) -> QtGui.QTransform:
    """The map from ``vb``'s data coordinates to its view's viewport pixels, as one transform:
    a layout maps dozens of points, and pyqtgraph's mapViewToScene costs some 15 µs a point."""
    vb.updateMatrix()
    to_scene = vb.childGroup.sceneTransform()
    view = _view(vb)
    return to_scene * view.viewportTransform() if view is not None else to_scene


def _px(vb: pg.ViewBox, x: float, y: float, to: QtGui.QTransform | None = None) -> tuple[float, float]:
    p = (to if to is not None else to_pixels(vb)).map(QtCore.QPointF(x, y))
    return p.x(), p.y()


def point_px(vb: pg.ViewBox, x: float, y: float) -> tuple[float, float]:
    """A data point in the view's pixels."""
    return _px(vb, x, y)


def _data(vb: pg.ViewBox, px: float, py: float, back: QtGui.QTransform | None = None) -> tuple[float, float]:
    d = (back if back is not None else to_pixels(vb).inverted()[0]).map(QtCore.QPointF(px, py))
    return d.x(), d.y()


def candidate_boxes(vb: pg.ViewBox, item, spots: Sequence[Spot], to: QtGui.QTransform | None = None) -> list[Box]:
    w, h = _size(item)
    to = to if to is not None else to_pixels(vb)
    return [anchored(*_px(vb, s.x, s.y, to), w, h, s.anchor, s.offset) for s in spots]


def put(vb: pg.ViewBox, item, box: Box, back: QtGui.QTransform | None = None) -> None:
    """Move ``item`` so that its text fills ``box`` (its top-left corner on the box's)."""
    if isinstance(item, pg.TextItem):
        item.setAnchor((0, 0))
    else:
        item.set_anchor((0.0, 0.0))
    item.setPos(*_data(vb, box.x0, box.y0, back))
    item.setVisible(True)


def point_boxes(vb: pg.ViewBox, xs: Iterable[float], ys: Iterable[float], half: float) -> list[Box]:
    """Boxes of ``half`` pixels around markers at data points (obstacles for the labels)."""
    to = to_pixels(vb)
    return [Box.around(*_px(vb, x, y, to), half) for x, y in zip(xs, ys)]


def layout(
    vb: pg.ViewBox,
    labels: Sequence[tuple[object, Sequence[Spot]]],
    obstacles: Sequence[Box] = (),
    *,
    keep_hidden: bool = True,
    markers: Sequence[tuple[float, float]] = (),
) -> list[tuple[int | None, Box | None]]:
    """Place each (item, spots) in order at its first free spot, or hide it (``keep_hidden``
    False: leave it at its first spot instead).  Returns the spot index each took, and where.
    A spot's ``round`` and ``owner`` (a data point) go to :func:`core.labels.place`, with the
    ``markers`` (data points) no name may seem to belong to."""
    frame = box_of(frame_rect(vb))
    to = to_pixels(vb)
    back = to.inverted()[0]
    boxes = [candidate_boxes(vb, item, spots, to) for item, spots in labels]
    rounds = [[s.round for s in spots] for _item, spots in labels]
    owners = [(_px(vb, *spots[0].owner, to) if spots and spots[0].owner else None) for _i, spots in labels]
    marks = [_px(vb, x, y, to) for x, y in markers]
    chosen = place(boxes, frame, obstacles, pad=2.0, rounds=rounds, owners=owners, markers=marks)
    out: list[tuple[int | None, Box | None]] = []
    for (item, _spots), pick, cand in zip(labels, chosen, boxes):
        if pick is not None:
            put(vb, item, cand[pick], back)
            out.append((pick, cand[pick]))
        elif keep_hidden or not cand:
            item.setVisible(False)
            out.append((None, None))
        else:
            put(vb, item, cand[0], back)
            out.append((None, cand[0]))
    return out


def leader(vb: pg.ViewBox, x: float, y: float, box: Box, clear: float) -> tuple[float, float, float, float] | None:
    """A line (data coordinates) from ``clear`` pixels off the point (x, y) to the nearest
    point of ``box``: ties a name placed away from its marker back to it."""
    px, py = _px(vb, x, y)
    qx, qy = min(max(px, box.x0), box.x1), min(max(py, box.y0), box.y1)
    dist = ((qx - px) ** 2 + (qy - py) ** 2) ** 0.5
    if dist <= clear + 1:
        return None
    sx, sy = px + (qx - px) * clear / dist, py + (qy - py) * clear / dist
    return (*_data(vb, sx, sy), *_data(vb, qx, qy))


def legend_box(legend: pg.LegendItem) -> Box | None:
    if not legend.isVisible():
        return None
    view = _view(legend)
    if view is None:
        return None
    return box_of(legend.deviceTransform(view.viewportTransform()).mapRect(legend.boundingRect()))
