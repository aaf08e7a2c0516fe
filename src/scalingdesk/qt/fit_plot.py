"""The fit dialog's two plots: the runs over the fitted law, and the residuals.

Thin: every array comes from scalingdesk.core.fit_pipeline.fit_plot_data; this module only
chooses colours and pens and hands the arrays to pyqtgraph."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from scalingdesk.core import fit_pipeline
from scalingdesk.qt import theme as themes


def _pen(color: str | QtGui.QColor, width: float, style=QtCore.Qt.PenStyle.SolidLine) -> QtGui.QPen:
    pen = pg.mkPen(QtGui.QColor(color), width=width, style=style)
    pen.setCosmetic(True)
    return pen


def draw(dialog: Any, points: int) -> None:
    """Redraw ``dialog``'s fit and residual plots from its imported table and fit result."""
    t = themes.current()
    for item in dialog._fit_items:
        dialog.fit_plot.removeItem(item)
    for item in dialog._resid_items:
        dialog.resid_plot.removeItem(item)
    dialog._fit_items, dialog._resid_items = [], []
    dialog.legend.clear()
    if dialog.imported is None:
        return
    v = fit_pipeline.fit_plot_data(dialog.imported.table, dialog.result, points)
    # Small models green, large ones the accent colour: both stay clear of the frontier's
    # "optimum" colour in every theme.
    cmap = pg.ColorMap([0.0, 1.0], [QtGui.QColor(t.good), QtGui.QColor(t.accent)])
    colors = [cmap.map(float(x), mode="qcolor") for x in v.size_fraction]
    size = 7 * t.font_scale
    brushes = [pg.mkBrush(col) if u else pg.mkBrush(0, 0, 0, 0) for col, u in zip(colors, v.used, strict=True)]
    pens = [pg.mkPen(t.background if u else t.warning, width=1 if u else 2) for u in v.used]
    runs = pg.PlotDataItem(
        v.compute, v.loss, pen=None, symbol="o", symbolSize=size, symbolBrush=brushes, symbolPen=pens
    )
    dialog.fit_plot.addItem(runs)
    dialog._fit_items.append(runs)
    # Legend samples are separate one-point items: a per-point brush list draws as grey there.
    dialog._run_sample = pg.ScatterPlotItem(
        symbol="o", size=size, pen=pg.mkPen(t.background), brush=pg.mkBrush(cmap.map(0.5, mode="qcolor"))
    )
    dialog.legend.addItem(dialog._run_sample, fit_pipeline.runs_legend_text(v.params_low, v.params_high))
    if dialog.result is None:
        dialog.fit_plot.enableAutoRange(x=True)
        return
    for q, c_grid, loss in v.curves:
        curve = pg.PlotDataItem(c_grid, loss, pen=_pen(cmap.map(q, mode="qcolor"), 1.5 * t.line_width / 2))
        dialog.fit_plot.addItem(curve)
        dialog._fit_items.append(curve)
        if q == 0.0:
            dialog.legend.addItem(curve, "fitted law at fixed N")
    if v.frontier is not None:
        frontier = pg.PlotDataItem(*v.frontier, pen=_pen(t.optimum, 3 * t.line_width / 2, QtCore.Qt.PenStyle.DashLine))
        dialog.fit_plot.addItem(frontier)
        dialog._fit_items.append(frontier)
        dialog.legend.addItem(frontier, "fitted compute-optimal frontier")
    if not v.used.all():
        dialog._out_sample = pg.ScatterPlotItem(
            symbol="o", size=size, brush=pg.mkBrush(t.background), pen=pg.mkPen(t.warning, width=2)
        )
        dialog.legend.addItem(dialog._out_sample, "left out (highest loss)")
    zero = pg.InfiniteLine(pos=0, angle=0, pen=_pen(t.muted, 1, QtCore.Qt.PenStyle.DashLine))
    dots = pg.PlotDataItem(
        v.compute, v.residual_percent, pen=None, symbol="o", symbolSize=size, symbolBrush=brushes, symbolPen=pens
    )
    for item in (zero, dots):
        dialog.resid_plot.addItem(item)
        dialog._resid_items.append(item)
    dialog.fit_plot.setYRange(*v.loss_range)
    dialog.fit_plot.enableAutoRange(x=True)
