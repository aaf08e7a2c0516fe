"""The IsoFLOP valley: loss against N at fixed compute (C/10, C and 10·C). Thin: it draws
scalingdesk.core.views.isoflop_view's arrays with the helpers of scalingdesk.qt.plots."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from scalingdesk.core import plot_axes, plot_texts, views
from scalingdesk.core.laws import Law
from scalingdesk.qt import plot_labels
from scalingdesk.qt import theme as themes
from scalingdesk.qt.plot_helpers import _joined
from scalingdesk.qt.plot_items import Curve, Label, Markers, VLine
from scalingdesk.qt.plot_labels import Spot
from scalingdesk.qt.plots import _LogPlot, _pen, _relayout_on_resize

log10 = np.log10
#: The look-ahead runs this long after a C frame's drawing starts: after its repaint, in the
#: gap before the next event (at 60 Hz a frame here takes ~7 ms of the 16.7).
_AHEAD_AFTER_MS = 2


class IsoflopPlot(_LogPlot):
    """Loss against N at fixed compute: the valley, at C/10, C and 10·C."""

    def __init__(self) -> None:
        super().__init__(
            "IsoFLOP valley: fixed compute",
            "parameters N",
            "loss (nats per token)",
            y_log=False,
            legend_offset=(-10, -10),
            accessible="IsoFLOP curves: loss against model size at one tenth, one and ten times "
            "the current compute; the bottom of each valley is the compute-optimal size.",
        )
        self.neighbours = self.dynamic(
            Curve(),
            lambda t, s: self.neighbours.setPen(_pen(t.ghost, 1.6 * s, QtCore.Qt.PenStyle.DashLine)),
            legend="isoFLOP at C/10 and 10·C",
        )
        self.valley = self.dynamic(
            Curve(),
            lambda t, s: self.valley.setPen(_pen(t.series[0], 3.0 * s)),
            legend="isoFLOP at your budget C",
        )
        self.minima = self.dynamic(
            Markers("t1"),
            lambda t, s: (
                self.minima.setBrush(pg.mkBrush(t.optimum)),
                self.minima.setPen(_pen(t.foreground, 1)),
                self.minima.setSize(13 * max(1.0, t.font_scale * 0.8)),
            ),
            legend="valley bottom (optimum)",
        )
        self.current_line = self.dynamic(
            VLine(),
            lambda t, s: self.current_line.setPen(_pen(t.accent, 1.2 * s, QtCore.Qt.PenStyle.DotLine)),
        )
        self.current = self.your_model(legend="your model")
        # The model sizes the law was fitted on (issue 16 item 8): a band, labelled.  Static (in
        # the drag layer, under the curves): it moves only with the law, and a translucent fill
        # this tall cost more than the rest of the plot's frame (1-3 ms) when painted every step.
        self.fitted_band = self.styled(
            pg.LinearRegionItem(orientation="vertical", movable=False),
            lambda t, s: self.fitted_band.setBrush(pg.mkBrush(t.color("grid", 60))),
        )
        self._band_shown: tuple[float, float, bool] | None = None  # (low, high, visible) drawn
        for line in self.fitted_band.lines:
            line.setPen(pg.mkPen(None))
        self.fitted_label = self.dynamic(Label("fitted runs", anchor=(0, 1)))
        # Left of the valley the model is too small; right of it, too big for its data.
        self.left_text = self.dynamic(Label("← too small", anchor=(0, 0)))
        self.right_text = self.dynamic(Label("too big →", anchor=(1, 0)))
        self.curve_labels = [self.dynamic(Label(anchor=(0.5, 1.25))) for _ in range(3)]
        self.legend.setVisible(False)  # curves are labelled where they bottom out instead
        self.axes: plot_axes.AxisRange | None = None  # the axes shown: held while a knob is dragged
        self._edges: tuple[float, float, float] | None = None
        self._view: tuple[tuple[float, float], views.IsoflopView] | None = None  # (N range, view) drawn
        # While C moves: the axes grown ahead of the gesture (plot_axes.LOOK_AHEAD_STEPS), the
        # last log10(N·D) drawn (C's direction) and the timer that grows the axes in the
        # window's idle time after a frame, not in the next input's.
        self._room: plot_axes.AxisRange | None = None
        self._last_log_c: float | None = None
        self._ahead = 0.0
        self.ahead_growths = 0  # how many times the axes grew ahead of the gesture (tests)
        self._ahead_timer = QtCore.QTimer(self)
        self._ahead_timer.setSingleShot(True)
        self._ahead_timer.setInterval(_AHEAD_AFTER_MS)
        self._ahead_timer.timeout.connect(self._grow_ahead)
        _relayout_on_resize(self, self._place_labels)
        self.apply_theme()

    def apply_theme(self) -> None:
        super().apply_theme()
        if hasattr(self, "left_text"):
            t = themes.current()
            f = QtGui.QFont()
            f.setPointSizeF(10 * t.font_scale)
            for item in (self.left_text, self.right_text, *self.curve_labels, self.fitted_label):
                item.setColor(t.muted)
                item.setFont(f)

    def set_quality(self, high: bool) -> None:
        was_low = not self._high_quality
        super().set_quality(high)
        if self._scenario is None:
            return
        s = self._scenario.state
        if not high and not was_low:  # a gesture starts here: its first C step gives the direction
            self._last_log_c = float(log10(s.params * s.tokens))
        if high and was_low:
            self._ahead_timer.stop()
            self._room, self._last_log_c, self._ahead = None, None, 0.0
            self.draw_state(s)  # the drag is over: fit the axes to the valleys again

    def draw_state(self, s, fields: frozenset[str] | None = None) -> None:
        # The valleys change only with C and the law (or when the axes move).
        self.update_view(
            s.law_object, s.params, s.tokens, curves=fields is None or not fields.isdisjoint(("compute", "law"))
        )

    def update_view(self, law: Law, params: float, tokens: float, *, curves: bool = True) -> views.IsoflopView:
        """Draw N and D under ``law``; ``curves``: C or the law changed, so the valleys did too."""
        held = self.axes if not self._high_quality else None  # while dragging the axes only grow
        if held is not None and self._room is not None:  # and they have grown ahead of the gesture
            held = plot_axes.AxisRange(*(f(a, b) for f, a, b in zip((min, max, min, max), held, self._room)))
        if held is None:  # at rest: room on the N axis for a C gesture (plot_axes.AHEAD_DECADES)
            x_range = plot_axes.isoflop_x_ahead(law, params, tokens)
        else:
            x_range = plot_axes.held_x(views.isoflop_n_range(law, params, tokens), held)
        last = self._view
        if not curves and last is not None and last[0] == x_range:
            # Same law, budget and grid: the valleys are the ones computed last time.
            v = views.isoflop_view_moved(last[1], law, params, tokens)
        else:
            v = views.isoflop_view(law, params, tokens, log_n_range=x_range)
        self._view = (x_range, v)
        x = log10(v.params)
        n, l = v.current
        self.current.setData([log10(n)], [l])
        axes = plot_axes.isoflop_axes(v, law, held)
        if held is not None and curves:
            self._look_ahead(params, tokens)
        lo, hi = axes.y0, axes.y1
        self.current_line.set_x(log10(n), lo, hi)
        moved = axes != self.axes
        if not curves and not moved:  # N slid along the same valley: only the marker moved
            if self._high_quality:  # mid-gesture the names stay put; laid out again on release
                self._place_labels()
            return v
        self.neighbours.setData(*_joined(x, v.neighbours))
        self.valley.setData(x, v.valley)
        self.minima.setData([log10(m.params) for m in v.minima], [m.loss for m in v.minima])
        if moved:
            self.axes = axes
            self.setRange(xRange=(axes.x0, axes.x1), yRange=(lo, hi), padding=0)
        self.left_text.setPos(x[0], hi)
        self.right_text.setPos(x[-1], hi)
        self._edges = (float(x[0]), float(x[-1]), hi)
        if v.fitted_params is not None:
            flo, fhi = log10(v.fitted_params[0]), log10(v.fitted_params[1])
            self._show_band(flo, fhi, bool(flo < x[-1] and fhi > x[0]))
            self.fitted_label.setText(plot_texts.fitted_runs_text(*v.fitted_params))
            self.fitted_label.setPos(max(flo, x[0]), lo + 0.02 * (hi - lo))
            self.fitted_label.setVisible(self.fitted_band.isVisible())
            self._fitted_spot = (max(flo, x[0]), lo, min(fhi, x[-1]))
        else:
            self._fitted_spot = None
            self._show_band(0.0, 0.0, False)
            self.fitted_label.setVisible(False)
        for label, m, name in zip(self.curve_labels, v.minima, ("C/10", "C", "10·C")):
            label.setText(name)
            label.setPos(log10(m.params), m.loss)
        self._place_labels()
        return v

    def _look_ahead(self, params: float, tokens: float) -> None:
        """C moved mid-gesture: after this frame, grow the axes for where it is going."""
        log_c = float(log10(params * tokens))
        if self._last_log_c is not None and log_c != self._last_log_c:
            self._ahead = plot_axes.look_ahead_decades(log_c - self._last_log_c)
            self._ahead_timer.start()
        self._last_log_c = log_c

    def _grow_ahead(self) -> None:
        """The window is idle after a C frame: if the next steps would grow the axes, grow them
        now (and render the layer), so the next input's frame draws the ready layer."""
        if self._high_quality or self.axes is None or self._scenario is None or not self._ahead:
            return
        s = self._scenario.state
        ahead = plot_axes.isoflop_axes_ahead(s.law_object, s.params, s.tokens, self.axes, self._ahead)
        if ahead == self.axes:
            return
        self._room = ahead
        self.ahead_growths += 1
        self.update_view(s.law_object, s.params, s.tokens, curves=False)
        if self.drag_layer_active() and self.isVisible():
            self.bake_layer_in_gesture()

    def _show_band(self, low: float, high: float, visible: bool) -> None:
        """The fitted band is in the drag layer: the layer is rendered again only when it moved."""
        if (low, high, visible) == self._band_shown:
            return
        self._band_shown = (low, high, visible)
        if high > low:  # hidden for want of fitted sizes: the last region stays
            self.fitted_band.setRegion((low, high))
        self.fitted_band.setVisible(visible)
        self.invalidate_layer()

    def labels(self) -> list:
        """The texts on this plot that are shown (tests check none overlaps another or the edge)."""
        items = [self.left_text, self.right_text, *self.curve_labels, self.fitted_label]
        return [i for i in items if i.isVisible() and i.scene() is not None]

    def _place_labels(self) -> None:
        """The corner notes, then each valley's name above its bottom (else beside or below),
        clear of the markers and of "your model"."""
        if getattr(self, "_edges", None) is None:
            return
        x0, x1, hi = self._edges
        vb = self.getViewBox()
        t = themes.current()
        tri = 13 * max(1.0, t.font_scale * 0.8)
        dot = 16 * max(1.0, t.font_scale * 0.8)
        mx, my = self.minima.getData()
        cx, cy = self.current.getData()
        obstacles = plot_labels.point_boxes(vb, mx, my, tri / 2 + 1) + plot_labels.point_boxes(vb, cx, cy, dot / 2 + 2)
        labels = [(self.left_text, [Spot(x0, hi, (0, 0))]), (self.right_text, [Spot(x1, hi, (1, 0))])]
        g = tri / 2 + 3
        for label, x, y in zip(self.curve_labels, mx, my):
            labels.append(
                (
                    label,
                    [
                        Spot(x, y, (0.5, 1), (0, -g)),
                        Spot(x, y, (0, 0.5), (g, 0)),
                        Spot(x, y, (1, 0.5), (-g, 0)),
                        Spot(x, y, (0.5, 0), (0, g)),
                        Spot(x, y, (0.5, 1), (0, -g - dot)),
                    ],
                )
            )
        spot = getattr(self, "_fitted_spot", None)
        if spot is not None and self.fitted_label.isVisible():  # the fitted band's name, low in it
            flo, low, fhi = spot
            labels.append((self.fitted_label, [Spot(flo, low, (0, 1), (4, -2)), Spot(fhi, low, (1, 1), (-4, -2))]))
        plot_labels.layout(vb, labels, obstacles)
