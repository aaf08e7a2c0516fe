"""The timeline: compute, parameters and data of notable language models against their date.

Thin: :func:`scalingdesk.core.timeline.timeline_view` computes every point, fit and caption.
A year slider (arrow keys, Page Up/Down, or Play) replays the history: the models published by
then appear and the growth rate is re-fitted on them.  The knobs' model sits where its compute
falls on the trend.  Data: Epoch AI, CC BY 4.0 (printed on the plot).
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.core import timeline
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe
from scalingdesk.qt.buttons import SteadyButton
from scalingdesk.qt.epoch_scatter import plain_tip
from scalingdesk.qt.frontier_tabs import StaleRefresh
from scalingdesk.qt.tick_room import use_roomy_axes

#: log10 ranges of the three panels (fixed, so the replay does not jump)
Y_RANGES = {"compute": (14.5, 27.0), "params": (5.5, 13.0), "tokens": (6.0, 16.0)}
STEPS_PER_YEAR = 12  # the slider moves a month a step


def _pen(color, width: float = 1.0, style=QtCore.Qt.PenStyle.SolidLine, alpha: int | None = None):
    c = QtGui.QColor(color)
    if alpha is not None:
        c.setAlpha(alpha)
    pen = pg.mkPen(c, width=width, style=style)
    pen.setCosmetic(True)
    return pen


class _Panel:
    """One metric's plot and its items (created once, updated with setData)."""

    def __init__(self, layout: pg.GraphicsLayoutWidget, metric: str, row: int) -> None:
        self.metric = metric
        self.plot = layout.addPlot(row=row, col=0)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        use_roomy_axes(self.plot)  # minor labels only where they have room
        self.plot.getAxis("left").setLogMode(True)  # data are log10 values: the axis reads 10^k
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.plot.getAxis("bottom").enableAutoSIPrefix(False)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.band = pg.FillBetweenItem(pg.PlotDataItem([0, 1], [0, 0]), pg.PlotDataItem([0, 1], [0, 0]))
        self.plot.addItem(self.band)
        self.fit = pg.PlotDataItem()
        self.plot.addItem(self.fit)
        self.frontier_fit = pg.PlotDataItem()
        self.plot.addItem(self.frontier_fit)
        self.points = pg.ScatterPlotItem(hoverable=True, tip=lambda x=None, y=None, data=None: plain_tip(data or ""))
        self.plot.addItem(self.points)
        self.wall = self.wall_band = None
        if metric == "tokens":
            self.wall_band = pg.LinearRegionItem(orientation="horizontal", movable=False)
            self.plot.addItem(self.wall_band)
            self.wall = pg.InfiniteLine(
                angle=0, movable=False, label="", labelOpts={"position": 0.02, "anchors": [(0, 0), (0, 0)]}
            )
            self.plot.addItem(self.wall)
        self.knob = self.knob_label = None
        if metric == "compute":
            self.knob = pg.ScatterPlotItem(symbol="star", size=20)
            self.knob.setZValue(90)
            self.plot.addItem(self.knob)
            self.knob_label = pg.TextItem(anchor=(1, 0))
            self.knob_label.setZValue(100)
            self.plot.addItem(self.knob_label)
            self.credit = pg.TextItem(anchor=(1, 1))
            self.credit.setZValue(100)
            self.plot.addItem(self.credit)

    def update(self, p: timeline.TimelinePanel, v: timeline.TimelineView, x_range, t: themes.Theme) -> None:
        shown = p.shown
        y = np.log10(p.values[shown])
        brushes = [pg.mkBrush(t.color("accent", 230) if f else t.color("optimum", 150)) for f in p.frontier[shown]]
        self.points.setData(
            x=p.years[shown],
            y=y,
            data=[tip for tip, s in zip(p.tooltips, shown) if s],
            symbol=["t1" if m else "o" for m in p.moe[shown]],
            brush=brushes,
            pen=_pen(t.background, 0.6),
            size=7 * max(1.0, t.font_scale * 0.8),
        )
        y0, y1 = Y_RANGES[p.metric]
        self.plot.setRange(xRange=x_range, yRange=(y0, y1), padding=0)
        lines = []
        if p.fit is not None:
            self.fit.setData(p.fit.years, np.log10(p.fit.values))
            self.band.curves[0].setData(p.fit.years, np.log10(p.fit.low))
            self.band.curves[1].setData(p.fit.years, np.log10(p.fit.high))
            self.band.show()
            lines.append(f"all models: {p.fit.short}")
        else:
            self.fit.setData([], [])
            self.band.hide()
            lines.append(p.no_fit_reason)
        if p.frontier_fit is not None:
            self.frontier_fit.setData(p.frontier_fit.years, np.log10(p.frontier_fit.values))
            lines.append(f"frontier (dashed): {p.frontier_fit.short}")
        else:
            self.frontier_fit.setData([], [])
        self.fit.setPen(_pen(t.optimum, 2.5 * t.line_width / 2))
        self.frontier_fit.setPen(_pen(t.accent, 2.5 * t.line_width / 2, QtCore.Qt.PenStyle.DashLine))
        self.band.setBrush(pg.mkBrush(t.color("optimum", 45)))
        # The fitted rates are the plot's title: on the plot, never over the points.
        size = f"{9 * t.font_scale:.0f}pt"
        self.plot.setTitle(
            "<br>".join([f"<b>{html.escape(p.label)}</b>", *map(html.escape, lines)]), color=t.foreground, size=size
        )
        if self.wall is not None and p.wall is not None:
            self.wall.setPos(np.log10(p.wall))
            self.wall.label.setFormat(p.wall_caption)
            self.wall.label.setColor(t.warning)
            self.wall.setPen(_pen(t.warning, 2.0, QtCore.Qt.PenStyle.DashLine))
            lo, hi = p.wall_interval
            self.wall_band.setRegion((np.log10(lo), np.log10(hi)))
            self.wall_band.setBrush(pg.mkBrush(t.color("warning", 30)))
        if self.knob is not None:
            self.credit.setText(v.credit)
            self.credit.setColor(t.muted)
            self.credit.setPos(x_range[1] - 0.1, y0 + 0.1)
            if v.knob is not None:
                self.knob.setData(
                    [v.knob.year], [np.log10(v.knob.compute)], brush=pg.mkBrush(t.accent), pen=_pen(t.foreground, 1.5)
                )
                self.knob_label.setText(v.knob.label)
                self.knob_label.setColor(t.accent)
                self.knob_label.setPos(min(v.knob.year, x_range[1]) - 0.25, np.log10(v.knob.compute) - 0.3)
                self.knob_label.fill = pg.mkBrush(t.color("background", 190))
            else:
                self.knob.setData([], [])
                self.knob_label.setText("")


class TimelineView(QtWidgets.QWidget):
    """Three stacked log plots against publication date, a year slider, a play button."""

    showAllModels = QtCore.Signal(bool)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Timeline of notable language models")
        self._knob_compute: float | None = None
        self.view: timeline.TimelineView | None = None
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.layout_widget.setAccessibleName("Compute, parameters and data against date")
        self.panels = [_Panel(self.layout_widget, m, i) for i, m in enumerate(timeline.PANEL_LABELS)]
        for panel in self.panels[1:]:
            panel.plot.setXLink(self.panels[0].plot)
        self.panels[-1].plot.setLabel("bottom", "publication date")
        lo, hi = timeline.YEAR_SPAN
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Replay year")
        self.slider.setRange(int(lo * STEPS_PER_YEAR), int(hi * STEPS_PER_YEAR))
        self.slider.setPageStep(STEPS_PER_YEAR)
        self.slider.setValue(self.slider.maximum())
        self.slider.valueChanged.connect(self._slid)
        self.year_label = QtWidgets.QLabel()
        self.year_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.year_label.setMinimumWidth(70)
        self.play = SteadyButton("Play")  # checkable: room for its semi-bold checked text
        self.play.setAccessibleName("Replay the history")
        self.play.setCheckable(True)
        self.play.toggled.connect(self._play_toggled)
        self._timer = QtCore.QTimer(self, interval=60)
        self._timer.timeout.connect(self._tick)
        self.show_all = QtWidgets.QCheckBox("All these models on the map and loss plot")
        self.show_all.setAccessibleName("Show all Epoch AI models on the explorer plots")
        self.show_all.toggled.connect(self.showAllModels.emit)
        self.note = QtWidgets.QLabel()
        self.note.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.play)
        row.addWidget(self.slider, 1)
        row.addWidget(self.year_label)
        box = QtWidgets.QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.layout_widget, 1)
        box.addLayout(row)
        box.addWidget(self.show_all)
        box.addWidget(self.note)
        # Hidden (built ahead of its first show, or another tab in front), the view is redrawn
        # for a new theme or budget once idle, or when shown, at the latest (issue 18).
        self._stale = False
        self._stale_refresh = StaleRefresh(self, self.refresh)
        observe(self, themes.model(), self._stale_refresh.changed)  # ends when the view is destroyed
        self.refresh()

    @property
    def year(self) -> float:
        return self.slider.value() / STEPS_PER_YEAR

    def set_year(self, year: float) -> None:
        self.slider.setValue(int(round(year * STEPS_PER_YEAR)))

    def set_knob_compute(self, compute: float | None) -> None:
        if compute != self._knob_compute:
            self._knob_compute = compute
            self._stale_refresh.changed()

    def _slid(self, _value: int) -> None:
        self.refresh()

    def _play_toggled(self, on: bool) -> None:
        if on:
            if self.slider.value() >= self.slider.maximum():
                self.slider.setValue(int(2016 * STEPS_PER_YEAR))
            self._timer.start()
            self.play.setText("Pause")
        else:
            self._timer.stop()
            self.play.setText("Play")

    def _tick(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.play.setChecked(False)
            return
        self.slider.setValue(self.slider.value() + 1)

    def refresh(self) -> None:
        self._stale = False
        t = themes.current()
        v = self.view = timeline.timeline_view(self.year, self._knob_compute)
        lo = v.year_span[0]
        hi = v.year_span[1] + 0.5
        if v.knob is not None:
            hi = max(hi, min(v.knob.year, 2040.0) + 0.5)
        self.layout_widget.setBackground(t.background)
        for panel, p in zip(self.panels, v.panels):
            for name in ("left", "bottom"):
                axis = panel.plot.getAxis(name)
                axis.setPen(_pen(t.foreground))
                axis.setTextPen(_pen(t.foreground))
            panel.update(p, v, (lo, hi), t)
        self.year_label.setText(timeline.month_year(v.year))
        self.note.setText(
            f"Dots: notable language models published by {timeline.month_year(v.year)}"
            f" (triangles: mixture of experts; orange: {v.frontier_definition}). "
            f"Lines: least-squares fits of log value on date, band = 95% interval "
            f"of the slope. {v.credit}."
        )
