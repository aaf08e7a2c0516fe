"""The explorer's three live plots.  Thin: they draw arrays computed by scalingdesk.core.views.

Items are created once and updated with setData (pyqtgraph's cheap path).  Axes show powers of
ten: the data is passed as log10 values and the axis labels them as 10^k, so markers, lines and
text all live in the same coordinates.  While a knob is dragged the pens are thin and not
antialiased (wide antialiased pens cost orders of magnitude more); full quality on release.

While a knob is dragged each plot also paints in two layers (scalingdesk.qt.drag_layer): a
pixmap of everything that cannot move, rendered before the drag, plus the few items registered
with ``dynamic()``.  Without it a repaint re-draws some 70-110 items a plot, three times a mouse
move.
"""

from __future__ import annotations

import weakref
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from scalingdesk.core import allocation, views
from scalingdesk.core.laws import FAMILIES, KAPLAN_2020, ChinchillaLaw, KaplanLaw
from scalingdesk.core.units import format_count
from scalingdesk.qt import epoch_scatter
from scalingdesk.qt import theme as themes
from scalingdesk.qt.drag_layer import DragLayerMixin
from scalingdesk.qt.plot_items import Curve, Label, Markers, VLine

Law = ChinchillaLaw | KaplanLaw
log10 = np.log10
#: Dynamic items sit above every static one (static items keep pyqtgraph's z, at most ~100).
_DYNAMIC_Z = 10_000


def _pen(color: str | QtGui.QColor, width: float, style=QtCore.Qt.PenStyle.SolidLine, alpha: int | None = None) -> QtGui.QPen:
    c = QtGui.QColor(color)
    if alpha is not None:
        c.setAlpha(alpha)
    pen = pg.mkPen(c, width=width, style=style)
    pen.setCosmetic(True)
    return pen


class _LogPlot(DragLayerMixin, pg.PlotWidget):
    """A plot whose axes read 10^k, with a title, units and a legend, following the theme."""

    def __init__(self, title: str, x_label: str, y_label: str, *, y_log: bool, accessible: str,
                 legend_offset: tuple[float, float] = (-8, 8)) -> None:
        super().__init__()
        self._init_drag_layer()  # see scalingdesk.qt.drag_layer
        self.setAccessibleName(title)
        self.setAccessibleDescription(accessible)
        self._title, self._x_label, self._y_label = title, x_label, y_label
        self.plotItem.setMenuEnabled(False)
        self.plotItem.hideButtons()
        self.getAxis("bottom").setLogMode(True)
        self.getAxis("bottom").enableAutoSIPrefix(False)
        self.getAxis("left").enableAutoSIPrefix(False)
        if y_log:
            self.getAxis("left").setLogMode(True)
        self.setMouseEnabled(x=False, y=False)
        self.legend = self.plotItem.addLegend(offset=legend_offset, labelTextSize="9pt")
        # Our own grid: two NaN-separated curves (major and minor lines), rebuilt only when the
        # range changes.  pyqtgraph's axis grid costs ~10 ms a repaint at this size; this ~0.5.
        self._grid = [pg.PlotCurveItem(connect="finite", antialias=False) for _ in range(2)]
        for item in self._grid:
            item.setZValue(-1000)
            self.addItem(item)
        self.getViewBox().sigRangeChanged.connect(self._update_grid)
        self.getViewBox().sigRangeChanged.connect(self.invalidate_layer)
        self._legend_pt = 9.0
        self._styled: list[tuple[pg.GraphicsObject, Callable[[themes.Theme, float], None]]] = []
        # A weak reference: a closed plot must not be kept alive (or called) by the theme.
        ref = weakref.ref(self)
        unsubscribe = themes.on_theme_changed(lambda _t: (p := ref()) is not None and p._on_theme())
        self.destroyed.connect(lambda *_: unsubscribe())
        self._unsubscribe_theme = unsubscribe

    # Items register how they are styled, so theme and quality changes restyle all of them.
    def styled(self, item, style: Callable[[themes.Theme, float], None] = lambda t, s: None, *,
               legend: str | None = None):
        self.addItem(item)
        self._styled.append((item, style))
        if legend:
            self.legend.addItem(getattr(item, "legend_sample", item), legend)
            if isinstance(item, (pg.PlotDataItem, pg.PlotCurveItem, Curve)):
                item.opts["name"] = legend  # names the series in CSV exports
        return item

    def dynamic(self, item, style: Callable[[themes.Theme, float], None] = lambda t, s: None, *,
                legend: str | None = None):
        """An item that moves while a knob is dragged: painted every frame, above the rest."""
        self._register_dynamic(item)
        self.styled(item, style, legend=legend)
        item.setZValue(_DYNAMIC_Z + len(self._dynamic))
        return item

    def your_model(self, *, legend: str | None = None) -> Markers:
        """The marker of the scenario's model, styled alike in every plot."""
        marker = Markers("o")
        return self.dynamic(
            marker,
            lambda t, s: (marker.setBrush(pg.mkBrush(t.accent)), marker.setPen(_pen(t.foreground, 1.5)),
                          marker.setSize(16 * max(1.0, t.font_scale * 0.8))),
            legend=legend,
        )

    def series(self) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """Every curve with data, as (name, x, y) in plot coordinates, for CSV exports."""
        out = []
        for item in self.plotItem.items:
            if isinstance(item, (pg.PlotDataItem, pg.PlotCurveItem, Curve)):
                x, y = item.getData()
                if x is not None and len(x):
                    out.append((item.opts.get("name") or type(item).__name__, np.asarray(x), np.asarray(y)))
        return out

    def _update_grid(self, *_args) -> None:
        (x0, x1), (y0, y1) = self.getViewBox().viewRange()
        width, height = max(self.width(), 100), max(self.height(), 100)
        xt = self.getAxis("bottom").tickValues(x0, x1, width)
        yt = self.getAxis("left").tickValues(y0, y1, height)
        for level, item in enumerate(self._grid):
            xs: list[float] = []
            ys: list[float] = []
            for v in (xt[level][1] if level < len(xt) else []):
                xs += [v, v, np.nan]
                ys += [y0, y1, np.nan]
            for v in (yt[level][1] if level < len(yt) else []):
                xs += [x0, x1, np.nan]
                ys += [v, v, np.nan]
            item.setData(np.array(xs, dtype=float), np.array(ys, dtype=float))

    def _on_theme(self) -> None:
        try:
            self.apply_theme()
        except RuntimeError:  # the C++ side is already gone (closed window)
            self._unsubscribe_theme()

    def apply_theme(self) -> None:
        t = themes.current()
        self.setBackground(t.background)
        size = f"{int(round(11 * t.font_scale))}pt"
        self.plotItem.setTitle(self._title, color=t.foreground, size=f"{int(round(12 * t.font_scale))}pt")
        font = QtGui.QFont()
        font.setPointSizeF(9 * t.font_scale)
        for name, label in (("bottom", self._x_label), ("left", self._y_label)):
            axis = self.getAxis(name)
            axis.setPen(_pen(t.foreground, 1))
            axis.setTextPen(_pen(t.foreground, 1))
            axis.setTickFont(font)
            axis.setLabel(label, color=t.foreground, **{"font-size": size})
        for level, item in enumerate(self._grid):
            alpha = (70 if t.dark else 60) if level == 0 else (30 if t.dark else 28)
            item.setPen(_pen(t.grid if not t.dark else t.foreground, 1, alpha=alpha))
        self.legend.setLabelTextColor(t.foreground)
        self.legend.setLabelTextSize(f"{int(round(self._legend_pt * t.font_scale))}pt")
        self.legend.setBrush(pg.mkBrush(QtGui.QColor(t.panel)))
        self.legend.setPen(_pen(t.grid, 1))
        for item, style in self._styled:
            self._style_item(item, style, t)  # static items at full quality, always
        self.invalidate_layer()


class LossComputePlot(_LogPlot):
    """Loss against compute: training curves, their envelope, the floor, the naive ghost."""

    def __init__(self, on_model_clicked: Callable[[views.RealModel], None] | None = None) -> None:
        super().__init__(
            "Loss falls as a power law in compute, toward a floor",
            "training compute C (FLOP)",
            "loss (nats per token)",
            y_log=False,
            legend_offset=(-10, 10),
            accessible="Training curves of models of several sizes; their lower envelope is the "
            "compute-optimal frontier; the dashed straight line is the naive guess.",
        )
        self._on_model_clicked = on_model_clicked
        self.band = pg.FillBetweenItem(pg.PlotDataItem([0, 1], [0, 0]), pg.PlotDataItem([0, 1], [0, 0]))
        self.styled(self.band, lambda t, s: self.band.setBrush(pg.mkBrush(t.color("optimum", 45))))
        # One item for the four neighbouring sizes (NaN-separated) and one for the current N:
        # fewer items is what keeps a drag cheap.
        self.other_runs = self.dynamic(
            Curve(),
            lambda t, s: self.other_runs.setPen(_pen(t.series[1], 1.4 * s, alpha=150)),
            legend="training runs of N/100 … 100·N",
        )
        self.own_run = self.dynamic(
            Curve(),
            lambda t, s: self.own_run.setPen(_pen(t.series[2], 1.6 * s, alpha=230)),
            legend="training run of your N",
        )
        self.ghosts: dict[str, pg.PlotDataItem] = {}
        for key in ("epoch2024", "hoffmann2022", "kaplan2020"):
            ghost = pg.PlotDataItem()
            self.ghosts[key] = ghost
            self.styled(ghost, lambda t, s, g=ghost: g.setPen(_pen(t.ghost, 1.0 * s, QtCore.Qt.PenStyle.DotLine, alpha=140)))
        self.naive = self.dynamic(
            Curve(),
            lambda t, s: self.naive.setPen(_pen(t.ghost, 2.0 * s, QtCore.Qt.PenStyle.DashLine)),
            legend=views.NAIVE_LABEL,
        )
        self.frontier = self.dynamic(  # dynamic only so the runs stay below it
            Curve(),
            lambda t, s: self.frontier.setPen(_pen(t.optimum, 3.0 * s)),
            legend="compute-optimal frontier (envelope)",
        )
        self.extrapolated = self.dynamic(
            Curve(),
            lambda t, s: self.extrapolated.setPen(_pen(t.optimum, 3.0 * s, QtCore.Qt.PenStyle.DashLine)),
        )
        self.floor = self.styled(
            pg.InfiniteLine(angle=0, movable=False, label="irreducible loss E = {value:.2f}",
                            labelOpts={"position": 0.12, "anchors": [(0, 1), (0, 1)]}),
            lambda t, s: (self.floor.setPen(_pen(t.foreground, 1.5 * s, QtCore.Qt.PenStyle.DashDotLine)),
                          self.floor.label.setColor(t.foreground)),
        )
        self.fit_edge = self.styled(
            pg.InfiniteLine(angle=90, movable=False, label="fitted runs end:\nextrapolation →",
                            labelOpts={"position": 0.5, "anchors": [(0, 0), (0, 0)]}),
            lambda t, s: (self.fit_edge.setPen(_pen(t.warning, 1.2 * s, QtCore.Qt.PenStyle.DotLine)),
                          self.fit_edge.label.setColor(t.warning)),
        )
        self.models = self.styled(
            pg.ScatterPlotItem(hoverable=True, tip=_model_tip),
            lambda t, s: (self.models.setPen(_pen(t.foreground, 1.2)), self.models.setBrush(pg.mkBrush(t.panel)),
                          self.models.setSize(9 * max(1.0, t.font_scale * 0.8))),
        )
        self.models.setSymbol("s")
        self.models.sigClicked.connect(self._clicked)
        self.model_labels: list[pg.TextItem] = []
        self.current = self.your_model(legend="your model")
        self.epoch_models = epoch_scatter.attach(self, "loss")  # all of Epoch AI's, off by default
        self.current_label = self.dynamic(Label(anchor=(0, 1.2)))
        self._real = views.real_models()
        self._static_key: tuple | None = None
        self._static: views.FrontierCurves | None = None
        self._x = np.zeros(0)
        self.apply_theme()

    def apply_theme(self) -> None:
        super().apply_theme()
        if hasattr(self, "current_label"):
            t = themes.current()
            self.current_label.setColor(t.accent)
            f = QtGui.QFont()
            f.setPointSizeF(10 * t.font_scale)
            f.setBold(True)
            self.current_label.setFont(f)
            small = QtGui.QFont()
            small.setPointSizeF(9 * t.font_scale)
            self.floor.label.setFont(small)
            self.fit_edge.label.setFont(small)
            for label in self.model_labels:
                label.setColor(t.muted)

    def _clicked(self, _item, points, _ev=None) -> None:
        if self._on_model_clicked and len(points):
            self._on_model_clicked(points[0].data())

    def update_view(self, law: Law, params: float, tokens: float, *, ghosts: bool = True,
                    band: bool = True) -> views.LossComputeView:
        span = views.compute_span(float(allocation.training_compute(params, tokens)))
        key = (law, span, ghosts, band)
        if key != self._static_key:  # the law-only curves change only with the law or span
            self._static_key = key
            self._static = views.frontier_curves(law, span, band=band)
            self._draw_static(law, self._static, ghosts=ghosts, band=band)
        v = views.loss_compute_view(law, params, tokens, static=self._static)
        x = self._x
        self.other_runs.setData(*_joined(x, v.curves[[0, 1, 3, 4]]))
        self.own_run.setData(x, v.curves[2])
        self.naive.setData(x, v.naive)
        c, l = v.current
        self.current.setData([log10(c)], [l])
        self.current_label.setText(f"{format_count(params)} params · {format_count(tokens)} tokens\nloss {l:.3f}")
        self.current_label.setPos(log10(c), l)
        return v

    def _draw_static(self, law: Law, v: views.FrontierCurves, *, ghosts: bool, band: bool) -> None:
        x = self._x = log10(v.compute)
        if v.fitted_until is not None and v.fitted_until < v.compute[-1]:
            edge = int((v.compute <= v.fitted_until).sum())
            self.frontier.setData(x[: edge + 1], v.frontier[: edge + 1])
            self.extrapolated.setData(x[edge:], v.frontier[edge:])
            self.fit_edge.setPos(log10(v.fitted_until))
            self.fit_edge.show()
        else:
            self.frontier.setData(x, v.frontier)
            self.extrapolated.setData([], [])
            self.fit_edge.hide()
        if v.band_low is not None and band:
            self.band.curves[0].setData(x, v.band_low)
            self.band.curves[1].setData(x, v.band_high)
            self.band.show()
        else:
            self.band.hide()
        for key, ghost in self.ghosts.items():
            other = FAMILIES[key]
            # Kaplan's loss is on another scale (WebText2), so it is never a ghost of the others.
            if ghosts and key != law.key and not isinstance(other, KaplanLaw) and not isinstance(law, KaplanLaw):
                ghost.setData(x, allocation.frontier(other, v.compute)[2])
            else:
                ghost.setData([], [])
        self.floor.setPos(v.floor)
        self.floor.setVisible(v.floor > 0)
        # Real models at their (C, L) under the active law.
        pts = [m for m in self._real if m.compute is not None]
        self.models.setData(x=[log10(m.compute) for m in pts],
                            y=[float(law.loss(m.params, m.tokens)) for m in pts], data=pts)
        self.epoch_models.refresh(law)
        ymin = v.floor if v.floor > 0 else float(np.nanmin(v.frontier))
        top = float(np.nanmax(v.frontier[: len(x) // 3]))
        self.setRange(xRange=(x[0], x[-1]), yRange=(ymin - 0.05 * (top - ymin), top), padding=0)
        self.invalidate_layer()

    def _label_models(self, pts, xs, ys) -> None:
        if len(self.model_labels) != len(pts):
            for label in self.model_labels:
                self.removeItem(label)
            self.model_labels = []
            for m in pts:
                label = pg.TextItem(m.name, anchor=(0, 0.5))
                label.setToolTip(m.tooltip)
                self.addItem(label)
                self.model_labels.append(label)
            self.apply_theme()
        for label, xv, yv in zip(self.model_labels, xs, ys):
            label.setPos(xv + 0.06, yv)


def _grown(held: tuple[float, float], fit: tuple[float, float]) -> tuple[float, float]:
    """The held range, widened past the fitted one where that leaves it (by half the fit, so a
    drag that goes on does not widen it every step).  It never shrinks: that waits for the
    release."""
    lo, hi = held
    span = fit[1] - fit[0]
    if fit[0] < lo:
        lo = fit[0] - 0.5 * span
    if fit[1] > hi:
        hi = fit[1] + 0.5 * span
    return float(lo), float(hi)


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _power_of_ten(value: float) -> str:
    """1e26 → "10²⁶" (the plots' axes read the same way)."""
    return "10" + str(int(round(np.log10(value)))).translate(_SUPERSCRIPT)


def _joined(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Several curves on one x grid as one NaN-separated curve (drawn with connect="finite")."""
    xs = np.concatenate([np.append(x, np.nan) for _ in rows])
    ys = np.concatenate([np.append(r, np.nan) for r in rows])
    return xs, ys


def _model_tip(x=None, y=None, data=None) -> str:
    return data.tooltip + "\nClick to load it into the knobs." if data is not None else ""



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
            lambda t, s: (self.minima.setBrush(pg.mkBrush(t.optimum)), self.minima.setPen(_pen(t.foreground, 1)),
                          self.minima.setSize(13 * max(1.0, t.font_scale * 0.8))),
            legend="valley bottom (optimum)",
        )
        self.current_line = self.dynamic(
            VLine(),
            lambda t, s: self.current_line.setPen(_pen(t.accent, 1.2 * s, QtCore.Qt.PenStyle.DotLine)),
        )
        self.current = self.your_model(legend="your model")
        # Left of the valley the model is too small; right of it, too big for its data.
        self.left_text = self.dynamic(Label("← too small", anchor=(0, 0)))
        self.right_text = self.dynamic(Label("too big →", anchor=(1, 0)))
        self.curve_labels = [self.dynamic(Label(anchor=(0.5, 1.25))) for _ in range(3)]
        self.legend.setVisible(False)  # curves are labelled where they bottom out instead
        self._key: tuple | None = None
        self._range: tuple | None = None
        self._last: tuple | None = None
        self.apply_theme()

    def apply_theme(self) -> None:
        super().apply_theme()
        if hasattr(self, "left_text"):
            t = themes.current()
            f = QtGui.QFont()
            f.setPointSizeF(10 * t.font_scale)
            for item in (self.left_text, self.right_text, *self.curve_labels):
                item.setColor(t.muted)
                item.setFont(f)

    def set_quality(self, high: bool) -> None:
        super().set_quality(high)
        if high and self._last is not None:
            self.update_view(*self._last)  # the drag is over: fit the axes to the valleys again

    def update_view(self, law: Law, params: float, tokens: float) -> views.IsoflopView:
        self._last = (law, params, tokens)
        x_range = views.isoflop_n_range(law, params, tokens)
        held = self._range if not self._high_quality else None
        if held is not None:
            # While a knob is dragged the axes only grow, to cover where the drag has been,
            # rather than follow each step: a still frame shows the valleys sink and flatten as
            # C grows (an axis that re-fits every step hides it), and every new range costs a
            # re-render of the axes (~2.5 ms).  On release they fit the valleys again.
            x_range = _grown(held[:2], x_range)
        v = views.isoflop_view(law, params, tokens, log_n_range=x_range)
        x = log10(v.params)
        n, l = v.current
        self.current.setData([log10(n)], [l])
        mid = v.curves[1]
        lo = float(np.nanmin(v.curves))
        # Show the valley up to twice its depth below the edges, and always the current point.
        hi = float(np.nanmin([mid[0], mid[-1]]))
        hi = min(hi, v.minima[1].loss + 0.6 * (v.minima[1].loss - law.irreducible) + 0.02)
        hi = max(hi, l + 0.08 * (hi - lo))
        # Snap the loss range outward to 0.025, so small moves keep the same axes (regenerating
        # axis ticks is the costly part of a redraw).
        step = 0.025
        lo = float(np.floor((lo - 0.06 * (hi - lo)) / step) * step)
        hi = float(np.ceil(hi / step) * step)
        if held is not None:
            lo, hi = _grown(held[2:], (lo, hi))
        self.current_line.set_x(log10(n), lo, hi)
        key = (law, v.budgets[1], float(x[0]), float(x[-1]), lo, hi)
        if key == self._key:  # N slid along the same valley: only the marker moved
            return v
        self._key = key
        self.neighbours.setData(*_joined(x, v.curves[[0, 2]]))
        self.valley.setData(x, v.curves[1])
        self.minima.setData([log10(m.params) for m in v.minima], [m.loss for m in v.minima])
        if (x[0], x[-1], lo, hi) != self._range:
            self._range = (x[0], x[-1], lo, hi)
            self.setRange(xRange=(x[0], x[-1]), yRange=(lo, hi), padding=0)
        self.left_text.setPos(x[0], hi)
        self.right_text.setPos(x[-1], hi)
        for label, m, name in zip(self.curve_labels, v.minima, ("C/10", "C", "10·C")):
            label.setText(name)
            label.setPos(log10(m.params), m.loss)
        return v


class PlanePlot(_LogPlot):
    """The N–D plane: iso-loss contours, iso-compute lines, optimal paths, the data wall."""

    def __init__(self, on_model_clicked: Callable[[views.RealModel], None] | None = None) -> None:
        super().__init__(
            "Balance: parameters vs data",
            "parameters N",
            "training tokens D",
            y_log=True,
            legend_offset=(10, 10),
            accessible="Map of parameters against tokens with lines of equal loss, lines of equal "
            "compute, the compute-optimal paths of the active family and of Kaplan 2020, the "
            "20-tokens-per-parameter line and the public-text data wall.",
        )
        self._on_model_clicked = on_model_clicked
        self._legend_pt = 8.0
        self._law: Law | None = None
        self.wall_band = pg.LinearRegionItem(orientation="horizontal", movable=False)
        self.styled(self.wall_band, lambda t, s: self.wall_band.setBrush(pg.mkBrush(t.color("warning", 28))))
        for line in self.wall_band.lines:
            line.setPen(pg.mkPen(None))
        self.wall = self.styled(
            pg.InfiniteLine(angle=0, movable=False, label="data wall",
                            labelOpts={"position": 0.98, "anchors": [(1, 1), (1, 1)]}),
            lambda t, s: (self.wall.setPen(_pen(t.warning, 2.0 * s)), self.wall.label.setColor(t.warning)),
        )
        self.iso_c = []
        for i in range(6):
            item = pg.PlotDataItem()
            self.iso_c.append(item)
            self.styled(item, lambda t, s, it=item: it.setPen(_pen(t.grid, 1.0 * s, QtCore.Qt.PenStyle.DashLine)),
                        legend="equal compute" if i == 0 else None)
        self.iso_c_labels = [pg.TextItem() for _ in range(6)]
        for label in self.iso_c_labels:
            self.addItem(label)
        self.iso_loss = self.dynamic(
            Curve(),
            lambda t, s: self.iso_loss.setPen(_pen(t.series[1], 1.0 * s, alpha=150)),
            legend="equal loss",
        )
        self.iso_loss_now = self.dynamic(
            Curve(),
            lambda t, s: self.iso_loss_now.setPen(_pen(t.series[1], 2.2 * s)),
        )
        self.chinchilla = self.styled(
            pg.PlotDataItem(), lambda t, s: self.chinchilla.setPen(_pen(t.series[3], 1.6 * s, QtCore.Qt.PenStyle.DotLine)),
            legend="20 tokens/param",
        )
        self.kaplan = self.styled(
            pg.PlotDataItem(), lambda t, s: self.kaplan.setPen(_pen(t.ghost, 2.0 * s, QtCore.Qt.PenStyle.DashLine)),
            legend="Kaplan 2020 path",
        )
        self.path = self.styled(
            pg.PlotDataItem(), lambda t, s: self.path.setPen(_pen(t.optimum, 3.0 * s)), legend="optimal path",
        )
        self.models = self.styled(
            pg.ScatterPlotItem(hoverable=True, symbol="s", tip=_model_tip),
            lambda t, s: (self.models.setPen(_pen(t.foreground, 1.2)), self.models.setBrush(pg.mkBrush(t.panel)),
                          self.models.setSize(9 * max(1.0, t.font_scale * 0.8))),
        )
        self.models.sigClicked.connect(self._clicked)
        self.models.setZValue(50)  # the markers above their names' background patches
        self.model_labels: list[pg.TextItem] = []
        self.current = self.your_model()
        self.epoch_models = epoch_scatter.attach(self, "plane")  # all of Epoch AI's, off by default
        self._real = views.real_models()
        pts = [m for m in self._real if m.tokens is not None]
        self.models.setData(x=[log10(m.params) for m in pts], y=[log10(m.tokens) for m in pts], data=pts)
        # Models that sit on top of each other (Chinchilla and LLaMA 65B) share one label; the
        # side of each name comes from the data (resources/models.json), so names do not collide.
        groups: list[list[views.RealModel]] = []
        for m in pts:
            near = next((g for g in groups if abs(log10(g[0].params / m.params)) < 0.06
                         and abs(log10(g[0].tokens / m.tokens)) < 0.06), None)
            if near is None:
                groups.append([m])
            else:
                near.append(m)
        anchors = {"left": ((1, 0.5), -0.08, 0.0), "right": ((0, 0.5), 0.08, 0.0),
                   "above": ((0.5, 1), 0.0, 0.08), "below": ((0.5, 0), 0.0, -0.08),
                   "above left": ((1, 1), 0.08, 0.08)}
        for members in groups:
            anchor, dx, dy = anchors[members[0].label]  # the core refuses any other side
            label = pg.TextItem(" · ".join(m.name for m in members), anchor=anchor)
            label.setToolTip("\n\n".join(m.tooltip for m in members))
            label.setPos(log10(members[0].params) + dx, log10(members[0].tokens) + dy)
            self.addItem(label)
            self.model_labels.append(label)
        # Lines are labelled where they are, not in a legend box over the data.
        self.line_labels = {
            "path": pg.TextItem("compute-optimal path", anchor=(1, 1)),
            "kaplan": pg.TextItem("Kaplan 2020 path", anchor=(1, 0)),
            "chinchilla": pg.TextItem("20 tokens / parameter", anchor=(0, 1)),
        }
        for label in self.line_labels.values():
            self.addItem(label)
        self.line_labels["iso"] = self.dynamic(Label("equal loss", anchor=(0, 0)))
        self.legend.setVisible(False)
        self.setRange(xRange=(log10(views.PARAMS_SPAN[0]), log10(views.PARAMS_SPAN[1])),
                      yRange=(log10(views.TOKENS_SPAN[0]), log10(views.TOKENS_SPAN[1])), padding=0)
        self.apply_theme()

    def apply_theme(self) -> None:
        super().apply_theme()
        t = themes.current()
        f = QtGui.QFont()
        f.setPointSizeF(8.5 * t.font_scale)
        # Labels sit on a translucent patch of the background, so lines crossing them do not
        # cross out their text.
        patch = pg.mkBrush(t.color("background", 170))
        for label in [*getattr(self, "model_labels", []), *getattr(self, "iso_c_labels", [])]:
            label.setColor(t.muted)
            label.setFont(f)
            label.fill = patch
        if hasattr(self, "wall"):
            self.wall.label.setFont(f)
        colors = {"path": t.optimum, "kaplan": t.ghost, "chinchilla": t.series[3], "iso": t.series[1]}
        for name, label in getattr(self, "line_labels", {}).items():
            label.setColor(colors[name])
            label.setFont(f)
            if isinstance(label, pg.TextItem):
                label.fill = patch

    def _clicked(self, _item, points, _ev=None) -> None:
        if self._on_model_clicked and len(points):
            self._on_model_clicked(points[0].data())

    def update_view(self, law: Law, params: float, tokens: float) -> None:
        if law != self._law:  # paths, compute lines and the wall change only with the law
            self._law = law
            self._draw_static(views.plane_view(law, KAPLAN_2020, params, tokens))
        n, _levels, iso = views.iso_loss_lines(law, params, tokens)
        x = log10(n)
        logd = log10(iso)
        self.iso_loss.setData(*_joined(x, np.delete(logd, 2, axis=0)))
        self.iso_loss_now.setData(x, logd[2])  # the level of your model's loss
        ok = np.isfinite(logd[2])
        if ok.any():
            i = int(np.argmax(ok))
            self.line_labels["iso"].setText(f"equal loss {_levels[2]:.3f}")
            self.line_labels["iso"].setPos(x[i] + 0.1, min(logd[2][i], 15.6))
        self.current.setData([log10(params)], [log10(tokens)])

    def _draw_static(self, v: views.PlaneView) -> None:
        x = log10(v.params)
        d_max = log10(views.TOKENS_SPAN[1])
        for item, label, c, row in zip(self.iso_c, self.iso_c_labels, v.compute_levels, v.iso_compute):
            logd = log10(row)
            item.setData(x, logd)
            # Label each compute line where it enters the view (left or top edge), away from the
            # models and paths in the middle.
            label.setText(f"{_power_of_ten(c)} FLOP")
            if logd[0] <= d_max:
                label.setAnchor((0, 1))
                label.setPos(x[0], logd[0])
            else:
                label.setAnchor((0, 0))
                label.setPos(x[int(np.argmax(logd <= d_max))], d_max)
        self.chinchilla.setData(x, log10(v.chinchilla_line))
        self.path.setData(log10(v.path_params), log10(v.path_tokens))
        self.kaplan.setData(log10(v.kaplan_params), log10(v.kaplan_tokens))
        # Put each line's label where the line crosses N = 1e12 (right side of the view).
        for name, xs, ys in (("path", v.path_params, v.path_tokens), ("kaplan", v.kaplan_params, v.kaplan_tokens)):
            j = int(np.argmin(np.abs(log10(xs) - 12.6)))
            self.line_labels[name].setPos(log10(xs[j]), log10(ys[j]))
        self.line_labels["chinchilla"].setPos(7.1, 7.1 + log10(views.CHINCHILLA_TOKENS_PER_PARAM))
        self.wall.setPos(log10(v.data_wall))
        low, high = v.data_wall_interval
        self.wall.label.setFormat(f"data wall ≈ {format_count(v.data_wall)} tokens")
        self.wall.label.setToolTip(
            f"The stock of public human text: about {format_count(v.data_wall)} tokens (band: "
            f"{format_count(low)} to {format_count(high)}), Villalobos et al. 2024, §3 and Fig. 1."
        )
        self.wall_band.setRegion((log10(v.data_wall_interval[0]), log10(v.data_wall_interval[1])))
        self.invalidate_layer()
