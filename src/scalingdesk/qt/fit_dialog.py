"""Fit your own runs: import a CSV/TSV, preview it, fit the Chinchilla law, compare, export.

Thin: the science is scalingdesk.core.runs_table (import) and scalingdesk.core.fitting (fit and
bootstrap).  The fit runs in a QThread; the window keeps painting, shows progress, and Cancel
stops it between optimiser iterations.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.core import fit_pipeline
from scalingdesk.core.boundary import atomic_write, one_line
from scalingdesk.core.fit_pipeline import CHINCHILLA_BUDGET, FitResult
from scalingdesk.core.laws import EPOCH_2024, HOFFMANN_2022, ChinchillaLaw
from scalingdesk.core.runs_table import ImportResult, RunsImportError, parse_runs_text, read_runs
from scalingdesk.core.units import QuantityError, format_sci, parse_positive
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe
from scalingdesk.qt.fit_plot import _pen, draw
from scalingdesk.qt.fit_worker import FitThread as _FitThread
from scalingdesk.resources import resource_path

#: Rows of the parameter table: (key in FitResult/intervals, label, how the published law gives it).
_ROWS: tuple[tuple[str, str, str], ...] = (
    ("E", "E", "irreducible loss: the floor no model or data size removes"),
    ("A", "A", "model-size coefficient"),
    ("B", "B", "data coefficient"),
    ("alpha", "α", "model-size exponent"),
    ("beta", "β", "data exponent"),
    ("a", "a = β/(α+β)", "compute-optimal model size grows as N* ∝ Cᵃ (Hoffmann et al. 2022, eq. 4)"),
    ("tokens_per_param", "D*/N*", "compute-optimal tokens per parameter at the budget"),
)
_COMPARE = (EPOCH_2024, HOFFMANN_2022)


#: Rows shown in the preview and rejected tables, and dots drawn: a huge table stays responsive.
PREVIEW_ROWS = 500
PLOT_POINTS = 2000


format_value = fit_pipeline.format_value  # how the dialog shows every fitted number (tests compare with it)


_law_value = fit_pipeline.law_value  # a published law's value of a fitted parameter


class FitDialog(QtWidgets.QDialog):
    """Import runs, preview, fit with progress and Cancel, compare, export, add to the explorer."""

    def __init__(self, on_law_ready: Callable[[ChinchillaLaw], None], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Fit your own runs")
        self.setObjectName("FitDialog")
        self.resize(1320, 820)
        self._on_law_ready = on_law_ready
        self.imported: ImportResult | None = None
        self.result: FitResult | None = None
        self._source = ""
        self._thread: _FitThread | None = None
        self._build()
        for button in self.findChildren(QtWidgets.QPushButton):
            button.setAutoDefault(False)  # Enter in the path field previews; it must not start a fit
        observe(self, themes.model(), self._on_theme)  # ends when the dialog is destroyed
        self.apply_theme()
        self._set_busy(False)

    def _on_theme(self, _theme: themes.Theme) -> None:
        self.apply_theme()

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QtWidgets.QHBoxLayout(self)
        splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        root.addWidget(splitter)
        left_panel, right_panel = QtWidgets.QWidget(), QtWidgets.QWidget()
        left = QtWidgets.QVBoxLayout(left_panel)
        right = QtWidgets.QVBoxLayout(right_panel)
        left.setContentsMargins(0, 0, 0, 0)
        right.setContentsMargins(0, 0, 0, 0)
        splitter.addWidget(left_panel)
        splitter.addWidget(right_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 7)

        # Source: a path to type or browse, the bundled sample, or pasted text.
        src = QtWidgets.QGroupBox("1  Your runs (CSV or TSV: params, tokens or FLOPs, loss)")
        g = QtWidgets.QGridLayout(src)
        self.path_edit = QtWidgets.QLineEdit()
        self.path_edit.setPlaceholderText("path to a .csv or .tsv file")
        self.path_edit.returnPressed.connect(self._open_typed)
        self.browse_button = QtWidgets.QPushButton("Browse…")
        self.browse_button.clicked.connect(self._browse)
        self.open_button = QtWidgets.QPushButton("Preview")
        self.open_button.setToolTip("Read the file named on the left and preview its runs")
        self.open_button.clicked.connect(self._open_typed)
        self.sample_button = QtWidgets.QPushButton("Try the sample runs")
        self.sample_button.setToolTip("105 synthetic runs drawn from Epoch AI's 2024 law plus 1% noise")
        self.sample_button.clicked.connect(lambda: self.load_path(resource_path("sample_runs.csv")))
        g.addWidget(self.path_edit, 0, 0, 1, 2)
        g.addWidget(self.browse_button, 0, 2)
        g.addWidget(self.open_button, 0, 3)
        g.addWidget(self.sample_button, 1, 3)
        self.columns_label = QtWidgets.QLabel("No runs loaded yet.")
        self.columns_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # file and header names
        self.columns_label.setWordWrap(True)
        g.addWidget(self.columns_label, 1, 0, 1, 3)
        left.addWidget(src)

        self.tabs = QtWidgets.QTabWidget()
        self.preview = QtWidgets.QTableWidget(0, 5)
        self.preview.setHorizontalHeaderLabels(["line", "params N", "tokens D", "compute C", "loss"])
        self.rejected_table = QtWidgets.QTableWidget(0, 2)
        self.rejected_table.setHorizontalHeaderLabels(["line", "why it was left out"])
        for t in (self.preview, self.rejected_table):
            t.verticalHeader().setVisible(False)
            t.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
            t.horizontalHeader().setStretchLastSection(True)
            t.setAlternatingRowColors(True)
        paste = QtWidgets.QWidget()
        pv = QtWidgets.QVBoxLayout(paste)
        self.paste_edit = QtWidgets.QPlainTextEdit()
        self.paste_edit.setPlaceholderText("params,tokens,loss\n70M,1.4B,3.52\n160M,3.2B,3.11\n…")
        self.paste_button = QtWidgets.QPushButton("Preview pasted runs")
        self.paste_button.clicked.connect(self._open_pasted)
        pv.addWidget(self.paste_edit)
        pv.addWidget(self.paste_button, 0, QtCore.Qt.AlignmentFlag.AlignRight)
        self.tabs.addTab(self.preview, "Runs")
        self.tabs.addTab(self.rejected_table, "Rejected")
        self.tabs.addTab(paste, "Paste")
        left.addWidget(self.tabs, 1)

        opts = QtWidgets.QGroupBox("2  Fit (Hoffmann et al. 2022, App. D.2: Huber δ=10⁻³, L-BFGS, 4,500 starts)")
        f = QtWidgets.QFormLayout(opts)
        self.drop_spin = QtWidgets.QSpinBox()
        self.drop_spin.setRange(0, 1000)
        self.drop_spin.setToolTip("Leave out the K runs with the highest loss (Epoch AI's replication left out five)")
        self.boot_spin = QtWidgets.QSpinBox()
        self.boot_spin.setRange(0, 5000)
        self.boot_spin.setSingleStep(50)
        self.boot_spin.setValue(200)
        self.boot_spin.setToolTip("Bootstrap resamples for the 95% intervals; 0 skips them")
        self.budget_edit = QtWidgets.QLineEdit(format_sci(CHINCHILLA_BUDGET))
        self.budget_edit.setToolTip("Budget (FLOPs) for the tokens-per-parameter figure; default Chinchilla's 5.76e23")
        f.addRow("Leave out the K highest-loss runs", self.drop_spin)
        f.addRow("Bootstrap resamples", self.boot_spin)
        f.addRow("Budget for tokens/param (FLOP)", self.budget_edit)
        buttons = QtWidgets.QHBoxLayout()
        self.fit_button = QtWidgets.QPushButton("Fit")
        self.fit_button.clicked.connect(self.start_fit)
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_fit)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFormat("%p%")
        buttons.addWidget(self.fit_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        f.addRow(buttons)
        self.status_label = QtWidgets.QLabel("")
        self.status_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # messages quote the file
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("fit status")
        f.addRow(self.status_label)
        left.addWidget(opts)

        # Results: the numbers beside the published families, the runs over the fit, residuals.
        res = QtWidgets.QGroupBox("3  Result")
        rv = QtWidgets.QVBoxLayout(res)
        self.params_table = QtWidgets.QTableWidget(len(_ROWS), 2 + len(_COMPARE))
        self.params_table.setHorizontalHeaderLabels(
            ["your runs", "95% interval"] + [law.label.split(" (")[0] for law in _COMPARE]
        )
        for row, (_key, label, tip) in enumerate(_ROWS):
            head = QtWidgets.QTableWidgetItem(label)
            head.setToolTip(tip)
            self.params_table.setVerticalHeaderItem(row, head)
        self.params_table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.params_table.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.params_table.horizontalHeader().setStretchLastSection(True)
        self.params_table.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.params_table.setSizeAdjustPolicy(QtWidgets.QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.params_table.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fill_published()
        rv.addWidget(self.params_table)

        self.fit_plot = pg.PlotWidget()
        self.fit_plot.setAccessibleName("runs over the fitted law")
        self.resid_plot = pg.PlotWidget()
        self.resid_plot.setAccessibleName("residuals")
        for p in (self.fit_plot, self.resid_plot):
            p.plotItem.setMenuEnabled(False)
            p.plotItem.hideButtons()
            p.setLogMode(x=True, y=False)
            p.getAxis("bottom").enableAutoSIPrefix(False)
        self.resid_plot.setXLink(self.fit_plot)
        self.legend = self.fit_plot.plotItem.addLegend(offset=(-10, 10))
        self._fit_items: list[Any] = []
        self._resid_items: list[Any] = []
        rv.addWidget(self.fit_plot, 3)
        rv.addWidget(self.resid_plot, 2)

        actions = QtWidgets.QHBoxLayout()
        self.export_button = QtWidgets.QPushButton("Export JSON…")
        self.export_button.clicked.connect(self._export_clicked)
        self.add_button = QtWidgets.QPushButton("Add to explorer")
        self.add_button.setToolTip("Add this law to the explorer's families and switch to it")
        self.add_button.clicked.connect(self.add_to_explorer)
        close = QtWidgets.QPushButton("Close")
        close.clicked.connect(self.reject)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        actions.addWidget(self.add_button)
        actions.addWidget(close)
        rv.addLayout(actions)
        right.addWidget(res, 1)

    # --- theme -------------------------------------------------------------------------------
    def apply_theme(self) -> None:
        t = themes.current()
        font = self.font()
        font.setPointSizeF(10 * t.font_scale)
        self.setFont(font)
        self.setStyleSheet(
            f"QDialog#FitDialog {{ background: {t.background}; color: {t.foreground}; }}"
            f"QDialog#FitDialog * {{ font-size: {10 * t.font_scale:.1f}pt; }}"
            f"QGroupBox {{ color: {t.foreground}; font-weight: bold; border: 1px solid {t.grid};"
            f" border-radius: 6px; margin-top: 1.2em; padding: 0.6em 0.4em 0.4em 0.4em; }}"
            f"QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; }}"
            f"QLabel {{ color: {t.foreground}; }}"
            f"QTableWidget {{ background: {t.panel}; color: {t.foreground}; gridline-color: {t.grid};"
            f" alternate-background-color: {t.background}; }}"
            f"QHeaderView::section {{ background: {t.background}; color: {t.muted}; border: none;"
            f" border-bottom: 1px solid {t.grid}; padding: 3px; }}"
            f"QProgressBar {{ border: 1px solid {t.grid}; border-radius: 4px; color: {t.foreground};"
            f" background: {t.panel}; text-align: center; }}"
            f"QProgressBar::chunk {{ background: {t.optimum}; }}"
        )
        axis_font = QtGui.QFont()
        axis_font.setPointSizeF(9 * t.font_scale)
        size = f"{int(round(10 * t.font_scale))}pt"
        labels = {
            self.fit_plot: (
                "training compute C = 6ND (FLOP)",
                "final loss (nats/token)",
                "Your runs over the fitted law",
            ),
            self.resid_plot: ("training compute C = 6ND (FLOP)", "residual (%)", "Residuals: observed vs fitted loss"),
        }
        for plot, (xl, yl, title) in labels.items():
            plot.setBackground(t.background)
            plot.plotItem.setTitle(title, color=t.foreground, size=f"{int(round(10 * t.font_scale))}pt")
            for name, label in (("bottom", xl), ("left", yl)):
                axis = plot.getAxis(name)
                axis.setPen(_pen(t.foreground, 1))
                axis.setTextPen(_pen(t.foreground, 1))
                axis.setTickFont(axis_font)
                axis.setLabel(label, color=t.foreground, **{"font-size": size})
                axis.setGrid(60 if t.dark else 45)
        self.legend.setLabelTextColor(t.foreground)
        self.legend.setLabelTextSize(f"{int(round(8 * min(t.font_scale, 1.4)))}pt")
        self.legend.setBrush(pg.mkBrush(QtGui.QColor(t.panel)))
        self.legend.setPen(_pen(t.grid, 1))
        self._status_color()
        self.preview.resizeColumnsToContents()
        self.rejected_table.resizeColumnToContents(0)
        if self.imported is not None:
            self._draw()

    def _status_color(self, kind: str = "") -> None:
        t = themes.current()
        color = {"error": t.warning, "ok": t.good}.get(kind, t.foreground)
        self.status_label.setStyleSheet(f"color: {color};")

    def _say(self, text: str, kind: str = "") -> None:
        self.status_label.setText(one_line(text, 600))  # plain text (set in _build), bounded
        self._status_color(kind)

    # --- import ------------------------------------------------------------------------------
    def _browse(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self,
            "Open runs",
            self.path_edit.text() or str(Path.home()),
            "Runs (*.csv *.tsv *.txt);;All files (*)",
        )
        if path:
            self.load_path(path)

    def _open_typed(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self._say("Type a file path, browse for one, or try the sample runs.", "error")
            return
        self.load_path(text)

    def _open_pasted(self) -> None:
        try:
            imported = parse_runs_text(self.paste_edit.toPlainText())
        except RunsImportError as err:
            self._say(f"Pasted runs not imported: {err}", "error")  # the text stays as typed
            return
        self._accept_import(imported, "pasted runs")

    def load_path(self, path: str | Path) -> bool:
        """Read and preview a file (also what Browse… and the sample button do).

        On failure the message is shown and everything already loaded or typed stays as it was.
        """
        self.path_edit.setText(str(path))
        try:
            imported = read_runs(path)
        except RunsImportError as err:
            self._say(f"Not imported: {err}", "error")
            return False
        self._accept_import(imported, Path(path).name)
        return True

    def _accept_import(self, imported: ImportResult, source: str) -> None:
        self.imported, self._source = imported, source
        self.result = None
        t = imported.table
        shown = min(len(t), PREVIEW_ROWS)  # a table of 100k rows must not freeze the dialog
        self.preview.setRowCount(shown)
        for i in range(shown):
            cells = fit_pipeline.run_cells(t.lines[i], t.params[i], t.tokens[i], t.compute[i], t.loss[i])
            for j, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
                self.preview.setItem(i, j, item)
        self.rejected_table.setRowCount(min(len(imported.rejected), PREVIEW_ROWS))
        for i, r in enumerate(imported.rejected[:PREVIEW_ROWS]):
            self.rejected_table.setItem(i, 0, QtWidgets.QTableWidgetItem(str(r.line)))
            self.rejected_table.setItem(i, 1, QtWidgets.QTableWidgetItem(r.reason))
        self.preview.resizeColumnsToContents()
        self.rejected_table.resizeColumnToContents(0)
        self.tabs.setTabText(0, fit_pipeline.runs_tab_text(len(t), PREVIEW_ROWS))
        self.tabs.setTabText(1, fit_pipeline.rejected_tab_text(len(imported.rejected)))
        mapping = ", ".join(role if name == role else f"{role} ← “{name}”" for role, name in imported.columns.items())
        notes = ("; " + "; ".join(imported.notes)) if imported.notes else ""
        self.columns_label.setText(one_line(f"{source}, columns: {mapping}{notes}", 400))
        if imported.rejected:
            first = imported.rejected[0]
            self._say(
                f"{len(t)} runs ready; {len(imported.rejected)} rows left out (first: line {first.line}, "
                f"{first.reason}). See the Rejected tab.",
                "error",
            )
        else:
            self._say(f"{len(t)} runs ready to fit.", "ok")
        self._fill_result()
        self._draw()
        self._set_busy(False)

    # --- fitting -----------------------------------------------------------------------------
    def start_fit(self) -> None:
        if self.imported is None:
            self._say("Load some runs first (a file, the sample, or pasted text).", "error")
            return
        if self.is_running():
            return
        try:
            budget = parse_positive(self.budget_edit.text(), what="budget")
        except QuantityError as err:
            self._say(str(err), "error")
            return
        t = self.imported.table
        self._thread = _FitThread(
            (t.params, t.tokens, t.loss), self.drop_spin.value(), self.boot_spin.value(), budget, self
        )
        self._thread.progress.connect(self._on_progress)
        self._thread.succeeded.connect(self._on_result)
        self._thread.failed.connect(self._on_failed)
        self._thread.cancelled.connect(self._on_cancelled)
        self._thread.finished.connect(lambda: self._set_busy(False))
        self.progress.setValue(0)
        self._say("Fitting… (the window stays usable; Cancel stops the fit)")
        self._set_busy(True)
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def cancel_fit(self) -> None:
        if self.is_running():
            assert self._thread is not None
            self._thread.cancel()
            self._say("Cancelling…")

    def _on_progress(self, fraction: float) -> None:
        self.progress.setValue(int(round(fraction * 1000)))

    def _on_result(self, result: FitResult) -> None:
        self.result = result
        self.progress.setValue(1000)
        flag = "" if result.converged else " (the optimiser stopped before converging)"
        self._say(f"Fitted {result.n_used} runs{flag}.", "ok" if result.converged else "error")
        self._fill_result()
        self._draw()

    def _on_failed(self, message: str) -> None:
        self._say(f"Fit failed: {message}", "error")

    def _on_cancelled(self) -> None:
        self.progress.setValue(0)
        self._say("Fit cancelled; nothing changed.")

    def _set_busy(self, busy: bool) -> None:
        running = busy or self.is_running()
        for w in (
            self.fit_button,
            self.open_button,
            self.browse_button,
            self.sample_button,
            self.paste_button,
            self.drop_spin,
            self.boot_spin,
            self.budget_edit,
        ):
            w.setEnabled(not running)
        self.fit_button.setEnabled(not running and self.imported is not None)
        self.cancel_button.setEnabled(running)
        have = self.result is not None and not running
        self.export_button.setEnabled(have)
        self.add_button.setEnabled(have)

    def shutdown(self) -> None:
        """Stop a running fit and wait for its thread (closing the dialog does this)."""
        if self._thread is not None:
            self._thread.cancel()
            self._thread.wait(10_000)

    def done(self, code: int) -> None:
        self.shutdown()
        super().done(code)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # --- results -----------------------------------------------------------------------------
    def _fill_published(self) -> None:
        budget = self._budget()
        for row, (key, _label, _tip) in enumerate(_ROWS):
            for j, law in enumerate(_COMPARE):
                item = QtWidgets.QTableWidgetItem(format_value(_law_value(law, key, budget)))
                item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(law.source)
                self.params_table.setItem(row, 2 + j, item)

    def _budget(self) -> float:
        if self.result is not None:
            return self.result.budget
        try:
            return parse_positive(self.budget_edit.text(), what="budget")
        except QuantityError:
            return CHINCHILLA_BUDGET

    def shown_value(self, key: str) -> str:
        """The text in the 'your runs' column for a parameter (E, A, B, alpha, beta, a, tokens_per_param)."""
        row = [k for k, _l, _t in _ROWS].index(key)
        item = self.params_table.item(row, 0)
        return item.text() if item else ""

    def _fill_result(self) -> None:
        r = self.result
        budget = self._budget()
        self.params_table.verticalHeaderItem(len(_ROWS) - 1).setText(fit_pipeline.budget_header(budget))
        values = {} if r is None else fit_pipeline.values_of(r)
        for row, (key, _label, _tip) in enumerate(_ROWS):
            text = format_value(values[key]) if key in values else ""
            interval = ""
            if r is not None and key in r.ci:
                lo, hi = r.ci[key]
                interval = fit_pipeline.interval_text(lo, hi)
            for col, t in ((0, text), (1, interval)):
                item = QtWidgets.QTableWidgetItem(t)
                item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
                if col == 0:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                self.params_table.setItem(row, col, item)
        self._fill_published()
        self._set_busy(False)

    def _draw(self) -> None:
        """Runs (coloured by N) over curves of the fitted law at a few sizes, and the residuals."""
        draw(self, PLOT_POINTS)

    # --- output ------------------------------------------------------------------------------
    def result_dict(self) -> dict[str, Any]:
        if self.result is None or self.imported is None:
            raise ValueError("nothing to export yet: fit some runs first")
        out = self.result.to_dict()
        out["source"] = self._source
        out["columns"] = self.imported.columns
        out["rejected"] = [{"line": r.line, "reason": r.reason} for r in self.imported.rejected]
        out["dropped_lines"] = [int(x) for x in self.imported.table.lines[~self.result.used]]
        return out

    def export_json(self, path: str | Path) -> Path:
        p = Path(path)
        data = json.dumps(self.result_dict(), indent=2, allow_nan=False) + "\n"
        atomic_write(p, data.encode("utf-8"))
        return p

    def _export_clicked(self) -> None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Export fit", "fit.json", "JSON (*.json)")
        if not path:
            return
        try:
            self.export_json(path)
        except (OSError, ValueError) as err:
            self._say(f"Not exported: {err}", "error")
            return
        self._say(f"Exported {Path(path).name}.", "ok")

    def add_to_explorer(self) -> None:
        if self.result is None:
            return
        self._on_law_ready(self.result.to_law())
        self._say("Added to the explorer as “Your runs”.", "ok")
