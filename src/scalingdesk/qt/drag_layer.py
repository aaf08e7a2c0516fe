"""The plots' drag layer: a gesture's frames are a ready-made picture plus the few moving items.

While a knob is dragged (or a burst of wheel notches or key repeats goes on) each plot paints in
two layers: everything that cannot move during the gesture (axes, grid, legend, law-only curves,
real models) is a pixmap, and each frame is that pixmap plus the items registered with
``dynamic()``.  Those are drawn above every static item in both modes, so a frame looks the same
either way (a test compares them).

The pixmap is rendered *before* the gesture, when the state settles (a short idle timer after a
full repaint), not on its first frame: rendering it costs a full repaint (25-110 ms under a real
window system), which on the first frame of a drag a learner feels as a stick.  Static items keep
their full-quality style in both modes, so a pixmap rendered at rest is right for a gesture; only
the moving items switch to thin, aliased pens while the gesture lasts.  If the state changes a
static item during the gesture (an axis grows), the next frame renders the pixmap again.

A frame repaints only the part of the viewport where a moving item changed, its old and its new
place (``request_frame``): Qt clips the blit and the items to it and flushes only that to the
window system.  An item of a kind the comparison does not know is repainted every frame.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.qt import theme as themes
from scalingdesk.qt.plot_items import Markers

_UPDATE_MINIMAL = QtWidgets.QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate
_UPDATE_NONE = QtWidgets.QGraphicsView.ViewportUpdateMode.NoViewportUpdate
_META_CALL = QtCore.QEvent.Type.MetaCall
#: Pixels around a moving item's box that its frame repaints too: a label's patch reaches 2 px
#: past its box, antialiasing 1 px.
_DIRTY_PAD = 4
#: How long the state must stay unchanged before the layer is rendered (ms): long enough that a
#: tour's glide or a typed value does not render it every step, short next to a hand's reach.
SETTLE_MS = 60


class DragLayerMixin:
    """For a pyqtgraph PlotWidget: call ``_init_drag_layer()`` first in ``__init__``; keep
    ``_styled`` (item, style) pairs, ``_dynamic`` items and ``_high_quality``."""

    def _init_drag_layer(self) -> None:
        self.drag_layer_enabled = True
        self._high_quality = True
        self._layer: QtGui.QPixmap | None = None
        self._dynamic: list[QtWidgets.QGraphicsItem] = []
        self._dynamic_ids: set[int] = set()
        #: What the moving items showed at the last frame (request_frame): None, not known.
        self._shown: dict[int, tuple[QtCore.QRectF, tuple]] | None = None
        #: How many times the layer was rendered, and how many of those during a gesture (tests
        #: and benchmarks read these: a gesture's first frame should render nothing).
        self.layer_bakes = 0
        self.layer_bakes_in_gesture = 0  # by a gesture's frame (it paid for them)
        self.layer_bakes_ahead = 0  # during a gesture, between its frames (bake_layer_in_gesture)
        self._settle = QtCore.QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.bake_layer_now)
        # An axis that needs more or less room for its labels resizes the view box without
        # changing its range: the layer is stale then too.
        self.getViewBox().sigResized.connect(self.invalidate_layer)
        # Both ways of painting cover the whole viewport: nothing under it needs painting first.
        self.viewport().setAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def _register_dynamic(self, item: QtWidgets.QGraphicsItem) -> None:
        self._dynamic.append(item)
        self._dynamic_ids.add(id(item))

    def is_dynamic(self, item) -> bool:
        return id(item) in getattr(self, "_dynamic_ids", ())

    def addItem(self, *args, **kwargs) -> None:
        self.plotItem.addItem(*args, **kwargs)
        self.invalidate_layer()

    def removeItem(self, *args, **kwargs) -> None:
        self.plotItem.removeItem(*args, **kwargs)
        self.invalidate_layer()

    def drag_layer_active(self) -> bool:
        return self.drag_layer_enabled and not self._high_quality

    def layer_ready(self) -> bool:
        """Whether a gesture starting now would paint its first frame without rendering."""
        return self._layer is not None

    def invalidate_layer(self, *_args) -> None:
        """Something static changed: the layer is rendered again (next frame, or once settled)."""
        if not hasattr(self, "_settle"):
            return  # still in pyqtgraph's __init__
        self._shown = None  # the next frame paints all of the viewport
        if self.drag_layer_active():
            if self._layer is not None:
                self._layer = None
                self.viewport().update()
        else:  # at rest the view repaints what changed itself; the layer waits for the state to settle
            self._layer = None
            self._settle.start()

    def request_frame(self) -> None:
        """While the layer is active the view ignores scene changes; the owner asks for a frame
        once per update, so the window is painted once a mouse move instead of once a scene.

        Only the part of the viewport where a moving item changed is painted again (its old and
        its new place): when N slides, the valleys stand still and only the dot and its line
        move, so blitting the whole layer and redrawing every curve (and flushing the whole
        plot to the window system) would be wasted."""
        if not self.drag_layer_active():
            return
        viewport = self.viewport()
        before = self._shown
        now = self._leaf_states()
        if self._layer is None or before is None:
            viewport.update()
            return
        dirty = QtCore.QRectF()
        for key, (rect, content) in now.items():
            old = before.get(key)
            if old is None:
                dirty = dirty.united(rect)
            elif old[1] != content or old[0] != rect:
                dirty = dirty.united(rect).united(old[0])
        for key, (rect, _content) in before.items():
            if key not in now:
                dirty = dirty.united(rect)
        self._shown = now  # what the viewport shows once this update is painted
        if not dirty.isEmpty():
            viewport.update(dirty.toAlignedRect().adjusted(-_DIRTY_PAD, -_DIRTY_PAD, _DIRTY_PAD, _DIRTY_PAD))

    def _leaf_states(self) -> dict[int, tuple[QtCore.QRectF, tuple]]:
        """Each shown moving leaf's box in viewport pixels and what it draws there."""
        to_view = self.viewportTransform()
        out: dict[int, tuple[QtCore.QRectF, tuple]] = {}
        for item in self._dynamic:
            for leaf in _leaves(item):
                if leaf.isVisible():
                    rect = leaf.deviceTransform(to_view).mapRect(leaf.boundingRect())
                    out[id(leaf)] = (rect, _content(leaf))
        return out

    def resizeEvent(self, ev) -> None:
        self.invalidate_layer()
        super().resizeEvent(ev)

    def bake_layer_now(self) -> None:
        """Render the layer now if it is missing and the plot is on screen (the settle timer)."""
        if (
            self._layer is None
            and self.drag_layer_enabled
            and self.isVisible()
            and not self.drag_layer_active()
            and not self.viewport().size().isEmpty()
        ):
            self._layer = self._bake_layer()

    def bake_layer_in_gesture(self) -> None:
        """Render a missing layer now, mid-gesture, between frames (a static item changed while
        the window was idle), so the next frame does not have to."""
        for _ in range(2):
            if self._layer is not None or not self.drag_layer_active() or self.viewport().size().isEmpty():
                return
            self._layer = self._bake_layer(ahead=True)
            # An axis finds out that its new labels are wider as it paints them, and asks for
            # room: lay out now (which drops the layer if the view box moved), not next frame.
            self.plotItem.layout.activate()

    def _bake_layer(self, *, ahead: bool = False) -> QtGui.QPixmap:
        self.layer_bakes += 1
        if ahead:
            self.layer_bakes_ahead += 1
        elif self.drag_layer_active():
            self.layer_bakes_in_gesture += 1
        viewport = self.viewport()
        ratio = viewport.devicePixelRatioF()
        layer = QtGui.QPixmap(viewport.size() * ratio)
        layer.setDevicePixelRatio(ratio)
        # Hiding the moving items for the render marks their areas dirty.  At rest, first let
        # the view take what is already dirty, then let it ignore what hiding and showing them
        # adds, so rendering the layer does not cost a repaint of the plot as well.  (During a
        # gesture the view ignores scene changes anyway, and this runs inside a paint.)
        at_rest = self.viewportUpdateMode() != _UPDATE_NONE
        if at_rest:
            QtCore.QCoreApplication.sendPostedEvents(self.scene(), _META_CALL)
            mode = self.viewportUpdateMode()
            self.setViewportUpdateMode(_UPDATE_NONE)
        # Fully transparent items are skipped by Qt's painting but keep their events and state.
        moving = [(item, item.opacity()) for item in self._dynamic]
        for item, _ in moving:
            item.setOpacity(0.0)
        painter = QtGui.QPainter(layer)
        try:
            self.render(painter, QtCore.QRectF(viewport.rect()), viewport.rect())
        finally:
            painter.end()
            for item, opacity in moving:
                item.setOpacity(opacity)
            if at_rest:
                QtCore.QCoreApplication.sendPostedEvents(self.scene(), _META_CALL)
                self.setViewportUpdateMode(mode)
        return layer

    def paintEvent(self, ev) -> None:
        if not self.drag_layer_active():
            super().paintEvent(ev)
            if self._layer is None and self.drag_layer_enabled and not self._settle.isActive():
                self._settle.start()
            return
        viewport = self.viewport()
        if self._layer is None or self._layer.devicePixelRatio() != viewport.devicePixelRatioF():
            self._layer = self._bake_layer()  # static items changed during the gesture (or the screen)
        exposed = QtCore.QRectF(ev.rect())
        if ev.rect().contains(viewport.rect()):
            self._shown = self._leaf_states()  # all of it is painted now, as the items are
        painter = QtGui.QPainter(viewport)  # clipped by Qt to the region asked for
        try:
            painter.drawPixmap(0, 0, self._layer)
            to_view = self.viewportTransform()
            painter.setClipRect(to_view.mapRect(self.getViewBox().sceneBoundingRect()))
            option = QtWidgets.QStyleOptionGraphicsItem()
            for item in self._dynamic:
                for leaf in _leaves(item):
                    if not leaf.isVisible():
                        continue
                    to_leaf = leaf.deviceTransform(to_view)
                    bounds = leaf.boundingRect()
                    if (
                        not to_leaf.mapRect(bounds)
                        .adjusted(-_DIRTY_PAD, -_DIRTY_PAD, _DIRTY_PAD, _DIRTY_PAD)
                        .intersects(exposed)
                    ):
                        continue  # outside what is painted: Qt would clip all of it away
                    painter.save()
                    painter.setTransform(to_leaf)
                    painter.setOpacity(leaf.effectiveOpacity())
                    option.exposedRect = bounds
                    leaf.paint(painter, option, viewport)
                    painter.restore()
        finally:
            painter.end()

    def set_quality(self, high: bool) -> None:
        """Full quality at rest; thin, aliased moving items during a gesture.  Only the moving
        items are restyled: the static ones (and the layer they are in) stay as they are."""
        if high != self._high_quality:
            self._high_quality = high
            self._shown = None
            self._settle.stop()
            self.setViewportUpdateMode(_UPDATE_NONE if self.drag_layer_active() else _UPDATE_MINIMAL)
            self._restyle_dynamic()
            self.viewport().update()
            if high and self._layer is None:
                self._settle.start()

    def line_scale(self, item=None) -> float:
        """The factor the item's pens are drawn at: thin for moving items during a gesture."""
        t = themes.current()
        if self._high_quality or (item is not None and not self.is_dynamic(item)):
            return t.line_width / 2.0
        return 0.5

    def _style_item(self, item, style, t: themes.Theme) -> None:
        if hasattr(item, "opts") and "antialias" in item.opts:
            item.opts["antialias"] = self._high_quality or not self.is_dynamic(item)
        style(t, self.line_scale(item))

    def _restyle_dynamic(self) -> None:
        t = themes.current()
        for item, style in self._styled:
            if self.is_dynamic(item):
                self._style_item(item, style, t)


def _content(leaf: QtWidgets.QGraphicsItem) -> tuple:
    """What a moving leaf draws inside its box, as a value that differs when the drawing does:
    a frame repaints a leaf only when this or its box changed.  The light items count their
    changes (``paint_version``, scalingdesk.qt.plot_items); an item of another kind gives a
    value unequal to any other (it is repainted every frame)."""
    version = getattr(leaf, "paint_version", None)
    if version is None:
        if isinstance(leaf, QtWidgets.QGraphicsLineItem):
            return (leaf.effectiveOpacity(), leaf.zValue(), leaf.line(), leaf.pen())
        return (object(),)
    return (leaf.effectiveOpacity(), leaf.zValue(), version, getattr(leaf, "fill", None))


def _leaves(item: QtWidgets.QGraphicsItem) -> list[QtWidgets.QGraphicsItem]:
    """The items that actually paint, for the drag layer's frames."""
    if isinstance(item, Markers):
        return list(item.points())
    if isinstance(item, pg.PlotDataItem):
        return [item.curve, item.scatter]
    return [item]
