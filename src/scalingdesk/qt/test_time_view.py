"""Test-time compute: coverage against samples, and a small model against a large one at equal
inference FLOPs.  Thin: :mod:`scalingdesk.core.test_time` computes and words every number."""

from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.core import coverage_view, frontier_texts
from scalingdesk.core import test_time as tt
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe
from scalingdesk.qt.frontier_tabs import StaleRefresh
from scalingdesk.qt.plain import tip
from scalingdesk.qt.plot_title import grow_title_row
from scalingdesk.qt.tick_room import use_roomy_axes

BUDGET_RANGE = (11.0, 17.0)  # log10 FLOPs per problem the slider spans
SLIDER_STEPS_PER_DECADE = 20


def _pen(color, width=2.0, style=QtCore.Qt.PenStyle.SolidLine):
    pen = pg.mkPen(QtGui.QColor(color), width=width, style=style)
    pen.setCosmetic(True)
    return pen


def _plot(layout: pg.GraphicsLayoutWidget, row: int, title: str, x_label: str) -> pg.PlotItem:
    plot = layout.addPlot(row=row, col=0, title=title)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.setMouseEnabled(x=False, y=False)
    use_roomy_axes(plot)  # minor labels only where they have room
    plot.getAxis("bottom").setLogMode(True)  # data are log10 values: the axis reads 10^k
    plot.getAxis("bottom").enableAutoSIPrefix(False)
    plot.setLabel("bottom", x_label)
    plot.setLabel("left", "coverage (%)")
    plot.showGrid(x=True, y=True, alpha=0.25)
    legend = plot.addLegend(offset=(-4, 4), labelTextSize="7pt")  # top right: curves rise left
    legend.setBrush(pg.mkBrush(QtGui.QColor(0, 0, 0, 90)))
    return plot


def _plain(label: QtWidgets.QLabel) -> QtWidgets.QLabel:
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class TestTimeView(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Test-time compute")
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.samples_plot = _plot(
            self.layout_widget, 0, "Coverage against samples (Brown et al. 2024)", "samples per problem k"
        )
        self.trade_plot = _plot(self.layout_widget, 1, "", "inference FLOPs per problem")
        self.curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem, pg.ScatterPlotItem]] = {}
        t = themes.current()
        for i, curve in enumerate(tt.CURVES.values()):
            color = t.series[i % len(t.series)]
            inside = pg.PlotDataItem(pen=_pen(color), name=curve.short_label)
            outside = pg.PlotDataItem(pen=_pen(color, 1.5, QtCore.Qt.PenStyle.DashLine))
            dots = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(color), pen=_pen(t.foreground, 1))
            dots.setToolTip(curve.source)
            for item in (inside, outside, dots):
                self.samples_plot.addItem(item)
            self.curves[curve.key] = (inside, outside, dots)
        self.small_line = pg.PlotDataItem(pen=_pen(t.series[1], 2.5), name="small model")
        self.large_line = pg.PlotDataItem(pen=_pen(t.series[0], 2.5), name="large model")
        self.trade_plot.addItem(self.small_line)
        self.trade_plot.addItem(self.large_line)
        self.budget_line = pg.InfiniteLine(angle=90, movable=False, pen=_pen(t.accent, 2))
        self.trade_plot.addItem(self.budget_line)

        self.budget = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.budget.setAccessibleName("Inference FLOPs per problem")
        self.budget.setRange(
            int(BUDGET_RANGE[0] * SLIDER_STEPS_PER_DECADE), int(BUDGET_RANGE[1] * SLIDER_STEPS_PER_DECADE)
        )
        self.budget.setPageStep(SLIDER_STEPS_PER_DECADE)
        self.budget.setValue(int(14 * SLIDER_STEPS_PER_DECADE))
        self.budget.valueChanged.connect(self.refresh)
        self.tokens = QtWidgets.QSpinBox()
        self.tokens.setAccessibleName("Tokens per sample")
        self.tokens.setRange(16, 32768)
        self.tokens.setValue(tt.DEFAULT_TOKENS_PER_SAMPLE)
        self.tokens.setSuffix(" tokens a sample")
        self.tokens.valueChanged.connect(self.refresh)
        self.ratio = QtWidgets.QDoubleSpinBox()
        self.ratio.setAccessibleName("Larger model over smaller, in parameters")
        self.ratio.setRange(1.0, 1000.0)
        self.ratio.setValue(14.0)
        self.ratio.setPrefix("size ratio M = ")
        self.ratio.valueChanged.connect(self.refresh)
        self.inference = QtWidgets.QDoubleSpinBox()
        self.inference.setAccessibleName("Inference tokens over pretraining tokens")
        self.inference.setDecimals(2)
        self.inference.setRange(0.01, 100.0)
        self.inference.setValue(0.16)
        self.inference.setPrefix("R = D_inf/D_pre = ")
        self.inference.valueChanged.connect(self.refresh)
        self.readout = _plain(QtWidgets.QLabel())
        self.readout.setObjectName("readout")
        self.matched = _plain(QtWidgets.QLabel())
        self.note = _plain(QtWidgets.QLabel())
        small = self.note.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.note.setFont(small)
        self.note.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop)
        self.note.setWordWrap(True)  # one short line; the whole text in its tooltip (never scrolled)
        notes = self.note
        self.notes_area = notes

        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel("Budget"))
        row.addWidget(self.budget, 1)
        row.addWidget(self.tokens)
        snell = QtWidgets.QHBoxLayout()
        snell.addWidget(self.ratio)
        snell.addWidget(self.inference)
        box = QtWidgets.QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.layout_widget, 1)
        box.addLayout(row)
        box.addWidget(self.readout)
        box.addLayout(snell)
        box.addWidget(self.matched)
        box.addWidget(notes)
        self._stale = False
        # A hidden view is redrawn for a new theme once idle, or when shown (issue 18).
        self._stale_refresh = StaleRefresh(self, self.refresh)
        observe(self, themes.model(), self._stale_refresh.changed)  # ends when the view is destroyed
        self._draw_curves()
        self.refresh()

    @property
    def budget_flops(self) -> float:
        return 10.0 ** (self.budget.value() / SLIDER_STEPS_PER_DECADE)

    def set_budget(self, flops: float) -> None:
        self.budget.setValue(int(round(math.log10(flops) * SLIDER_STEPS_PER_DECADE)))

    def _draw_curves(self) -> None:
        for line in coverage_view.coverage_lines():  # computed by the core
            inside, outside, dots = self.curves[line.key]
            inside.setData(line.inside_log_samples, line.inside)
            outside.setData(line.log_samples, line.outside, connect="finite")
            dots.setData(line.point_log_samples, line.point_percent)

    def refresh(self, *_args) -> None:
        self._stale = False
        t = themes.current()
        v = self.view = tt.trade_view(self.budget_flops, tokens_per_sample=self.tokens.value())
        k = tt.flops_matched_samples(self.ratio.value(), self.inference.value())
        self.layout_widget.setBackground(t.background)
        x = np.log10(v.budgets)
        self.small_line.setData(x, 100 * v.small_coverage, connect="finite")
        self.large_line.setData(x, 100 * v.large_coverage, connect="finite")
        self.small_line.setPen(_pen(t.series[1], 2.5))
        self.large_line.setPen(_pen(t.series[0], 2.5))
        legend = self.trade_plot.legend
        for sample, label in legend.items:
            if sample.item is self.small_line:
                label.setText(frontier_texts.model_legend_text(v.small.model, v.small.params))
            elif sample.item is self.large_line:
                label.setText(frontier_texts.model_legend_text(v.large.model, v.large.params))
        self.trade_plot.setTitle(
            "<br>".join(html.escape(x) for x in v.title.split(": ", 1)), color=t.foreground, size="8pt"
        )
        self.samples_plot.setTitle("Coverage against samples (Brown et al. 2024)", color=t.foreground, size="8pt")
        for plot in (self.trade_plot, self.samples_plot):
            grow_title_row(plot)  # the titles' rows hold their lines at every type size
        self.budget_line.setPos(math.log10(v.budget))
        self.trade_plot.setXRange(BUDGET_RANGE[0], BUDGET_RANGE[1], padding=0)
        self.readout.setText(v.readout)
        self.matched.setText(frontier_texts.matched_text(self.ratio.value(), k))
        short, full = frontier_texts.test_time_notes(tt.SNELL_FINDINGS, tt.SNELL_NOTE, v.note)
        self.note.setText(short)
        self.note.setToolTip(tip(full))
        self.note.setAccessibleDescription(full)
