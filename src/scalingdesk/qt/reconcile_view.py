"""Kaplan vs Chinchilla: switch Kaplan's choices off one at a time and watch the exponent move.

Thin: :mod:`scalingdesk.core.reconcile` computes the frontier, the fitted exponent and the table.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.core import frontier_texts, porian, reconcile
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe
from scalingdesk.qt.frontier_tabs import StaleRefresh
from scalingdesk.qt.plain import tip
from scalingdesk.qt.plot_title import grow_title_row
from scalingdesk.qt.tick_room import use_roomy_axes

LAWS = (("epoch2024", "Epoch AI 2024 re-fit"), ("hoffmann2022", "Chinchilla 2022 (printed)"))


def _pen(color, width=2.0, style=QtCore.Qt.PenStyle.SolidLine):
    pen = pg.mkPen(QtGui.QColor(color), width=width, style=style)
    pen.setCosmetic(True)
    return pen


def _item(text: str) -> QtWidgets.QTableWidgetItem:
    item = QtWidgets.QTableWidgetItem(text)  # table items are plain text
    item.setToolTip(text)
    item.setFlags(item.flags() & ~QtCore.Qt.ItemFlag.ItemIsEditable)
    return item


class ReconcileView(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Why Kaplan and Chinchilla disagree")
        self.non_embedding = QtWidgets.QCheckBox("Non-embedding parameters (Kaplan)")
        self.small_scale = QtWidgets.QCheckBox("Kaplan's small budgets")
        for box in (self.non_embedding, self.small_scale):
            box.setChecked(True)
            box.toggled.connect(self.refresh)
        self.porian_fits = QtWidgets.QCheckBox("Porian et al.'s measured fits")
        self.porian_fits.setToolTip(tip(porian.FITS_NOTE))
        self.porian_fits.toggled.connect(self.refresh)
        self.law = QtWidgets.QComboBox()
        self.law.setAccessibleName("Law whose constants are used")
        for key, label in LAWS:
            self.law.addItem(label, key)
        self.law.currentIndexChanged.connect(self.refresh)
        self.exponent = QtWidgets.QLabel()
        self.exponent.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.exponent.setObjectName("exponent")
        self.exponent.setStyleSheet("font-size: 20pt; font-weight: 700;")
        self.setting_label = QtWidgets.QLabel()
        self.setting_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.setting_label.setWordWrap(True)
        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setAccessibleName("Compute-optimal parameters against compute")
        plot = self.plot = self.plot_widget.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        use_roomy_axes(plot)  # minor labels only where they have room
        for name in ("bottom", "left"):
            plot.getAxis(name).setLogMode(True)  # data are log10: the axes read 10^k
            plot.getAxis(name).enableAutoSIPrefix(False)
        plot.setLabel("bottom", "training compute C (FLOP)")
        plot.setLabel("left", "compute-optimal N*")
        plot.showGrid(x=True, y=True, alpha=0.25)
        self.region = pg.LinearRegionItem(orientation="vertical", movable=False)
        plot.addItem(self.region)
        self.curve = pg.PlotDataItem()
        self.fit = pg.PlotDataItem()
        plot.addItem(self.curve)
        plot.addItem(self.fit)
        self.porian_lines: list[pg.PlotDataItem] = []
        lines = porian.fit_lines()
        for line in lines:
            item = pg.PlotDataItem()
            item.setData(np.log10(line.compute), np.log10(line.params))
            plot.addItem(item)
            self.porian_lines.append(item)
        self.porian_label = pg.TextItem(porian.fits_caption(), anchor=(0, 0))  # plain text
        self.porian_label.setPos(11.8, 12.0)  # the empty upper left (10^11.8 FLOP, 10^12 parameters)
        plot.addItem(self.porian_label)
        self.table = QtWidgets.QTableWidget(0, 2)
        self.table.setAccessibleName("Exponent for each setting")
        self.table.setHorizontalHeaderLabels(["setting", "N* ∝ C^a"])
        self.table.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        # the exponents whole ("0.835 → 0.497" too), never elided: the setting column gives way
        self.table.horizontalHeader().setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(QtCore.Qt.TextElideMode.ElideNone)  # long settings wrap, never "…"
        self.note = QtWidgets.QLabel()
        self.note.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        box = QtWidgets.QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.non_embedding)
        box.addWidget(self.small_scale)
        row = QtWidgets.QHBoxLayout()  # one row: the view's minimum height stays as it was
        row.addWidget(self.law, 1)
        row.addWidget(self.porian_fits)
        box.addLayout(row)
        box.addWidget(self.exponent)
        box.addWidget(self.setting_label)
        box.addWidget(self.plot_widget, 3)
        box.addWidget(self.table, 2)
        box.addWidget(self.note)
        self._stale = False
        # A hidden view is redrawn for a new theme once idle, or when shown (issue 18).
        self._stale_refresh = StaleRefresh(self, self.refresh)
        observe(self, themes.model(), self._stale_refresh.changed)  # ends when the view is destroyed
        self.refresh()

    @property
    def setting(self) -> reconcile.Setting:
        return reconcile.Setting(self.non_embedding.isChecked(), self.small_scale.isChecked())

    def _fit_table(self) -> None:
        """As tall as its rows (no scroll bar at any type size): the plot above takes the rest."""
        t = self.table
        rows = sum(t.rowHeight(i) for i in range(t.rowCount()))
        t.setMinimumHeight(rows + t.horizontalHeader().sizeHint().height() + 2 * t.frameWidth())
        t.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def refresh(self, *_args) -> None:
        self._stale = False
        t = themes.current()
        key = self.law.currentData()
        v = self.view = reconcile.frontier_view(self.setting, key)
        table = self.table_model = reconcile.reconcile_table(key)
        self.plot_widget.setBackground(t.background)
        self.curve.setData(np.log10(v.compute), np.log10(v.params), pen=_pen(t.optimum, 2.5))
        self.fit.setData(
            np.log10(v.fit_compute), np.log10(v.fit_params), pen=_pen(t.accent, 3.0, QtCore.Qt.PenStyle.DashLine)
        )
        shown = self.porian_fits.isChecked()
        for i, item in enumerate(self.porian_lines):
            item.setPen(_pen(t.foreground, 1.5, (QtCore.Qt.PenStyle.DotLine, QtCore.Qt.PenStyle.DashDotLine)[i % 2]))
            item.setVisible(shown)
        self.porian_label.setColor(t.foreground)
        self.porian_label.setVisible(shown)
        self.region.setRegion((np.log10(v.budget_range[0]), np.log10(v.budget_range[1])))
        self.region.setBrush(pg.mkBrush(t.color("accent", 35)))
        self.plot.setTitle(
            "<br>".join(html.escape(line) for line in v.caption.splitlines()), color=t.foreground, size="9pt"
        )
        grow_title_row(self.plot)  # two lines: the title row grows to hold them
        self.exponent.setText(frontier_texts.exponent_text(v.exponent))
        self.setting_label.setText(v.setting.label)
        rows = frontier_texts.reconcile_rows(table)
        self.table.setRowCount(len(rows))
        for i, (a, b) in enumerate(rows):
            self.table.setItem(i, 0, _item(a))
            self.table.setItem(i, 1, _item(b))
            if a == frontier_texts.PORIAN_ROW:  # each of their steps, in the row's tooltip
                for col in (0, 1):
                    self.table.item(i, col).setToolTip(frontier_texts.porian_tip(table))
        self.table.resizeColumnToContents(1)  # the exponents whole ("0.835 → 0.497")
        self.table.resizeRowsToContents()
        self._fit_table()
        self.note.setText(f"Computed with {table.source}. {table.porian_note}")
