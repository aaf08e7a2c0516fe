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

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from scalingdesk.core import plot_texts, views
from scalingdesk.core.laws import FAMILIES, Law
from scalingdesk.qt import epoch_scatter, plot_labels, plot_title
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe
from scalingdesk.qt.drag_layer import DragLayerMixin
from scalingdesk.qt.legend_fit import LegendFit
from scalingdesk.qt.plot_helpers import _grown, _joined, _model_tip, _power_of_ten  # noqa: F401  (plane_plot)
from scalingdesk.qt.plot_items import Curve, Label, Markers
from scalingdesk.qt.plot_labels import Spot
from scalingdesk.qt.plot_watch import ScenarioWatcher
from scalingdesk.qt.tick_room import use_roomy_axes

log10 = np.log10
#: Dynamic items sit above every static one (static items keep pyqtgraph's z, at most ~100).
_DYNAMIC_Z = 10_000


def _pen(
    color: str | QtGui.QColor, width: float, style=QtCore.Qt.PenStyle.SolidLine, alpha: int | None = None
) -> QtGui.QPen:
    c = QtGui.QColor(color)
    if alpha is not None:
        c.setAlpha(alpha)
    pen = pg.mkPen(c, width=width, style=style)
    pen.setCosmetic(True)
    return pen


class _LogPlot(ScenarioWatcher, DragLayerMixin, pg.PlotWidget):
    """A plot whose axes read 10^k, with a title, units and a legend, following the theme."""

    def __init__(
        self,
        title: str,
        x_label: str,
        y_label: str,
        *,
        y_log: bool,
        accessible: str,
        legend_offset: tuple[float, float] = (-8, 8),
    ) -> None:
        super().__init__()
        self._init_drag_layer()  # see scalingdesk.qt.drag_layer
        self.setAccessibleName(title)
        self.setAccessibleDescription(accessible)
        self._title, self._x_label, self._y_label = title, x_label, y_label
        self.plotItem.setMenuEnabled(False)
        self.plotItem.hideButtons()
        use_roomy_axes(self.plotItem)  # minor labels only where they have room
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
        self.legend_fit = LegendFit(self)  # never wider than the data area (short texts, or hidden)
        fit_timer = QtCore.QTimer(self, singleShot=True, interval=0)
        fit_timer.timeout.connect(self.legend_fit.fit)
        self.getViewBox().sigResized.connect(lambda *_: fit_timer.start())
        self._styled: list[tuple[pg.GraphicsObject, Callable[[themes.Theme, float], None]]] = []
        observe(self, themes.model(), self._on_theme)  # ends when the plot is destroyed

    # Items register how they are styled, so theme and quality changes restyle all of them.
    def styled(
        self, item, style: Callable[[themes.Theme, float], None] = lambda t, s: None, *, legend: str | None = None
    ):
        self.addItem(item)
        self._styled.append((item, style))
        if legend:
            self.legend.addItem(getattr(item, "legend_sample", item), legend)
            if isinstance(item, (pg.PlotDataItem, pg.PlotCurveItem, Curve)):
                item.opts["name"] = legend  # names the series in CSV exports
        return item

    def dynamic(
        self, item, style: Callable[[themes.Theme, float], None] = lambda t, s: None, *, legend: str | None = None
    ):
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
            lambda t, s: (
                marker.setBrush(pg.mkBrush(t.accent)),
                marker.setPen(_pen(t.foreground, 1.5)),
                marker.setSize(16 * max(1.0, t.font_scale * 0.8)),
            ),
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
            for v in xt[level][1] if level < len(xt) else []:
                xs += [v, v, np.nan]
                ys += [y0, y1, np.nan]
            for v in yt[level][1] if level < len(yt) else []:
                xs += [x0, x1, np.nan]
                ys += [v, v, np.nan]
            item.setData(np.array(xs, dtype=float), np.array(ys, dtype=float))

    def _on_theme(self, _theme: themes.Theme) -> None:
        self.apply_theme()

    def apply_theme(self) -> None:
        t = themes.current()
        self.setBackground(t.background)
        size = f"{int(round(11 * t.font_scale))}pt"
        plot_title.fit_title(self, self._title)  # the longest title that fits (never cut)
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
        self.legend_fit.fit(restyle=True)  # the type changed: redrawn, and the long texts may not fit
        for item, style in self._styled:
            self._style_item(item, style, t)  # static items at full quality, always
        self.invalidate_layer()


#: The loss plot's legend texts, and the shorter ones a narrow plot shows (legend_fit).
RUNS_LEGEND = ("training runs of N/100 … 100·N", "runs, N/100 … 100·N")
OWN_RUN_LEGEND = ("training run of your N", "your N's run")
FRONTIER_LEGEND = ("compute-optimal frontier (envelope)", "frontier")
MODELS_LEGEND = ("published models (hover: name; click: load)", "published models")
LOSS_LEGEND_SHORT = dict(
    [RUNS_LEGEND, OWN_RUN_LEGEND, FRONTIER_LEGEND, MODELS_LEGEND, (views.NAIVE_LABEL, views.NAIVE_SHORT)]
)


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
        for long, short in LOSS_LEGEND_SHORT.items():
            self.legend_fit.add_short(long, short)
        self.band = pg.FillBetweenItem(pg.PlotDataItem([0, 1], [0, 0]), pg.PlotDataItem([0, 1], [0, 0]))
        self.styled(self.band, lambda t, s: self.band.setBrush(pg.mkBrush(t.color("optimum", 45))))
        # One item for the four neighbouring sizes (NaN-separated) and one for the current N:
        # fewer items is what keeps a drag cheap.
        self.other_runs = self.dynamic(
            Curve(),
            lambda t, s: self.other_runs.setPen(_pen(t.series[1], 1.4 * s, alpha=150)),
            legend=RUNS_LEGEND[0],
        )
        self.own_run = self.dynamic(
            Curve(),
            lambda t, s: self.own_run.setPen(_pen(t.series[2], 1.6 * s, alpha=230)),
            legend=OWN_RUN_LEGEND[0],
        )
        self.ghosts: dict[str, pg.PlotDataItem] = {}
        for key in ("epoch2024", "hoffmann2022", "kaplan2020"):
            ghost = pg.PlotDataItem()
            self.ghosts[key] = ghost
            self.styled(
                ghost, lambda t, s, g=ghost: g.setPen(_pen(t.ghost, 1.0 * s, QtCore.Qt.PenStyle.DotLine, alpha=140))
            )
        self.naive = self.dynamic(
            Curve(),
            lambda t, s: self.naive.setPen(_pen(t.ghost, 2.0 * s, QtCore.Qt.PenStyle.DashLine)),
            legend=views.NAIVE_LABEL,
        )
        self.frontier = self.dynamic(  # dynamic only so the runs stay below it
            Curve(),
            lambda t, s: self.frontier.setPen(_pen(t.optimum, 3.0 * s)),
            legend=FRONTIER_LEGEND[0],
        )
        self.extrapolated = self.dynamic(
            Curve(),
            lambda t, s: self.extrapolated.setPen(_pen(t.optimum, 3.0 * s, QtCore.Qt.PenStyle.DashLine)),
        )
        # Kaplan 2020's published allocation is not the envelope of its own L(N, D) (it came
        # from early-stopped runs): drawn apart, and named, only under that family.
        self.published = self.styled(
            Curve(),
            lambda t, s: self.published.setPen(_pen(t.optimum, 1.6 * s, QtCore.Qt.PenStyle.DotLine)),
        )
        self._published_name = ""
        # Lines are labelled by text items of their own, placed clear of the others.
        self.floor = self.styled(
            pg.InfiniteLine(angle=0, movable=False),
            lambda t, s: (
                self.floor.setPen(_pen(t.foreground, 1.5 * s, QtCore.Qt.PenStyle.DashDotLine)),
                self.floor_label.setColor(t.foreground),
            ),
        )
        # Drawn with the moving items (above the curves), on a patch of the background.
        self.floor_label = self.dynamic(Label(anchor=(0, 1)))
        self.fit_edge = self.styled(
            pg.InfiniteLine(angle=90, movable=False),
            lambda t, s: (
                self.fit_edge.setPen(_pen(t.warning, 1.2 * s, QtCore.Qt.PenStyle.DotLine)),
                self.fit_label.setColor(t.warning),
            ),
        )
        self.fit_label = self.dynamic(Label("fitted runs end:\nextrapolation →", anchor=(0, 0.5)))
        self.models = self.styled(
            pg.ScatterPlotItem(hoverable=True, tip=_model_tip),
            lambda t, s: (
                self.models.setPen(_pen(t.foreground, 1.2)),
                self.models.setBrush(pg.mkBrush(t.panel)),
                self.models.setSize(9 * max(1.0, t.font_scale * 0.8)),
            ),
            legend=MODELS_LEGEND[0],
        )
        self.models.setSymbol("s")
        self.models.sigClicked.connect(self._clicked)
        self.model_labels: list[pg.TextItem] = []
        # The dot is named by its own label ("your model: …"), which keeps the legend as short
        # as it was before the squares got their entry.
        self.current = self.your_model()
        self.epoch_models = epoch_scatter.attach(self, "loss")  # all of Epoch AI's, off by default
        self.current_label = self.dynamic(Label(anchor=(0, 1.2)))
        self._real = views.real_models()
        self._static: views.FrontierCurves | None = None
        self._x = np.zeros(0)
        self._current_xy: tuple[float, float] | None = None
        _relayout_on_resize(self, self._relayout)
        self.apply_theme()

    def _relayout(self) -> None:
        self._place_static_labels()
        if self._current_xy is not None:
            self._place_current_label(*self._current_xy)

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
            self.floor_label.setFont(small)
            self.fit_label.setFont(small)
            patch = pg.mkBrush(t.color("background", 190))  # curves crossing do not cross them out
            self.floor_label.fill = patch
            self.fit_label.fill = patch
            self.current_label.fill = patch
            for label in self.model_labels:
                label.setColor(t.muted)

    def _clicked(self, _item, points, _ev=None) -> None:
        if self._on_model_clicked and len(points):
            self._on_model_clicked(points[0].data())

    def draw_state(self, s, fields: frozenset[str] | None = None) -> None:
        # The law-only curves change only with the law, or when C leaves their span.
        static = fields is None or "law" in fields
        self.update_view(s.law_object, s.params, s.tokens, static=static)

    def update_view(
        self, law: Law, params: float, tokens: float, *, ghosts: bool = True, band: bool = True, static: bool = True
    ) -> views.LossComputeView:
        """Draw N and D under ``law``; ``static``: the law changed, so redraw its own curves too."""
        span = views.compute_span_of(params, tokens)
        if static or self._static is None or self._static.span != span:
            self._static = views.frontier_curves(law, span, band=band)
            self._draw_static(law, self._static, ghosts=ghosts, band=band)
        v = views.loss_compute_view(law, params, tokens, static=self._static)
        x = self._x
        self.other_runs.setData(*_joined(x, v.other_curves))
        self.own_run.setData(log10(v.own_compute), v.own_run)  # through the dot, any shape
        self.naive.setData(x, v.naive)
        c, l = v.current
        self.current.setData([log10(c)], [l])
        self.current_label.setText(plot_texts.current_label_text(params, tokens, l))
        self._place_current_label(log10(c), l)
        return v

    def labels(self) -> list:
        """The texts on this plot (tests check that none overlaps another or the edge)."""
        items = [self.current_label, self.floor_label, self.fit_label]
        return [i for i in items if i.isVisible() and i.scene() is not None]

    def _place_static_labels(self) -> None:
        """The floor's and the fitted edge's names, clear of the legend."""
        vb = self.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        legend = plot_labels.legend_box(self.legend)
        obstacles = [legend] if legend else []
        labels = []
        if self.floor.isVisible():
            y = self.floor.value()
            labels.append(
                (self.floor_label, [Spot(x0 + f * (x1 - x0), y, (0, 1), (0, -1)) for f in (0.02, 0.3, 0.55, 0.75)])
            )
        if self.fit_edge.isVisible():
            x = self.fit_edge.value()
            labels.append(
                (
                    self.fit_label,
                    [
                        Spot(x, y0 + f * (y1 - y0), (ax, 0.5), (dx, 0))
                        for f in (0.6, 0.75, 0.45, 0.3, 0.85)
                        for ax, dx in ((0, 4), (1, -4))
                    ],
                )
            )
        chosen = plot_labels.layout(vb, labels, obstacles)
        self._label_obstacles = obstacles + [box for pick, box in chosen if pick is not None]
        self.invalidate_layer()  # static items moved: the drag layer must not keep them

    def _place_current_label(self, x: float, y: float) -> None:
        """ "Your model"'s name beside the dot, on the side where it fits (not past the edge)."""
        self._current_xy = (x, y)
        half = 9 * max(1.0, themes.current().font_scale * 0.8) + plot_labels.GAP
        spots = [
            Spot(x, y, anchor, (dx * half, dy * half))
            for anchor, dx, dy in (((0, 1), 0.5, -0.5), ((1, 1), -0.5, -0.5), ((0, 0), 0.5, 0.5), ((1, 0), -0.5, 0.5))
        ]
        plot_labels.layout(
            self.getViewBox(), [(self.current_label, spots)], getattr(self, "_label_obstacles", []), keep_hidden=False
        )

    def _draw_static(self, law: Law, v: views.FrontierCurves, *, ghosts: bool, band: bool) -> None:
        x = self._x = log10(v.compute)
        if v.fitted_until is not None and v.fitted_until < v.compute[-1]:
            edge = int((v.compute <= v.fitted_until).sum())
            self.frontier.setData(x[: edge + 1], v.frontier[: edge + 1])
            self.extrapolated.setData(x[edge:], v.frontier[edge:])
            self.fit_edge.setPos(log10(v.fitted_until))
            self.fit_edge.show()
            self.fit_label.show()
        else:
            self.frontier.setData(x, v.frontier)
            self.extrapolated.setData([], [])
            self.fit_edge.hide()
            self.fit_label.hide()
        short = law.label.split(" (")[0]
        name = f"{short}'s published allocation (above the envelope)" if v.published is not None else ""
        if name != self._published_name:
            if self._published_name:
                self.legend.removeItem(self.published)
            if name:
                self.legend_fit.add_short(name, f"{short} published")
                self.legend.addItem(self.published, name)
            self._published_name = name
            self.legend_fit.fit()
        self.published.setData(*((x, v.published) if v.published is not None else ([], [])))
        if v.band_low is not None and band:
            self.band.curves[0].setData(x, v.band_low)
            self.band.curves[1].setData(x, v.band_high)
            self.band.show()
        else:
            self.band.hide()
        others = {key: FAMILIES[key] for key in self.ghosts} if ghosts else {}
        fronts = views.ghost_frontiers(law, others, v.compute)  # Kaplan 2020 is never a ghost
        for key, ghost in self.ghosts.items():
            front = fronts.get(key)
            ghost.setData(*((x, front) if front is not None else ([], [])))
        # The floor's name is set with the floor, never left from another family (it once
        # kept "E = 0.00" after Kaplan 2020, whose floor is zero and hidden).
        self.floor.setPos(v.floor)
        self.floor.setVisible(v.floor > 0)
        self.floor_label.setText(plot_texts.floor_label_text(v.floor))
        self.floor_label.setVisible(v.floor > 0)
        # Real models at their (C, L) under the active law.
        pts = views.model_points(law, self._real)
        self.models.setData(x=list(log10(pts.compute)), y=pts.loss, data=pts.models)
        self.epoch_models.refresh(law)
        ymin = v.floor if v.floor > 0 else float(np.nanmin(v.frontier))
        top = float(np.nanmax(v.frontier[: len(x) // 3]))
        self.setRange(xRange=(x[0], x[-1]), yRange=(ymin - 0.05 * (top - ymin), top), padding=0)
        self._place_static_labels()
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


def _relayout_on_resize(plot: _LogPlot, relayout: Callable[[], None]) -> None:
    """Lay a plot's labels out again once its data area has its new size (and the legend its
    new place): on the next turn of the event loop, once per burst of resizes."""
    timer = QtCore.QTimer(plot, singleShot=True, interval=0)
    timer.timeout.connect(relayout)
    plot.getViewBox().sigResized.connect(lambda *_: timer.start())


# The IsoFLOP valley and the N–D map live in their own modules (they import the helpers above).
from scalingdesk.qt.isoflop_plot import IsoflopPlot  # noqa: E402,F401
from scalingdesk.qt.plane_plot import PlanePlot  # noqa: E402,F401
