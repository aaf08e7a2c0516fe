"""Export a view for slides: a PNG at a slide's resolution, optionally in projector colours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.qt import theme as themes

SLIDE_SIZES = {
    "1280 × 720": (1280, 720),
    "1920 × 1080 (Full HD)": (1920, 1080),
    "2560 × 1440": (2560, 1440),
    "3840 × 2160 (4K)": (3840, 2160),
}


def export_for_slides(
    window: Any, what: str, path: str | Path, size: QtCore.QSize, *, layout_width: int = 1600
) -> Path:
    """A PNG of a view at ``size`` pixels, laid out at most ``layout_width`` wide and rendered at
    the matching pixel ratio, so text keeps its proportions on a 4K slide.  Sizes are restored."""
    widget = window if what == "window" else window.plots.get(what)
    if widget is None:
        raise ValueError(f"unknown view {what!r}: choose window, loss, isoflop or plane")
    if size.width() < 200 or size.height() < 200:
        raise ValueError(f"size {size.width()}×{size.height()} is too small for a slide (min 200×200)")
    scale = max(1.0, size.width() / layout_width)
    logical = QtCore.QSize(round(size.width() / scale), round(size.height() / scale))
    geometry = window.saveGeometry()
    old = widget.size()
    widget.resize(logical)
    QtWidgets.QApplication.processEvents()
    image = QtGui.QImage(size, QtGui.QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QtGui.QColor(themes.current().background))
    painter = QtGui.QPainter(image)
    try:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        widget.render(painter)
    finally:
        painter.end()
    if widget is window:
        window.restoreGeometry(geometry)
    else:
        widget.resize(old)
    QtWidgets.QApplication.processEvents()
    out = Path(path)
    if not image.save(str(out)):
        raise OSError(f"could not write {out}")
    return out


class SlideExportDialog(QtWidgets.QDialog):
    """Choose a view, a resolution and a file; optionally in projector colours."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Export a view for slides")
        self.view = QtWidgets.QComboBox()
        for key, label in (
            ("window", "The whole window"),
            ("loss", "Loss against compute"),
            ("isoflop", "IsoFLOP valley"),
            ("plane", "N–D plane"),
        ):
            self.view.addItem(label, key)
        self.size_box = QtWidgets.QComboBox()
        for label, wh in SLIDE_SIZES.items():
            self.size_box.addItem(label, wh)
        self.size_box.setCurrentIndex(1)
        self.projector = QtWidgets.QCheckBox("Projector colours (light, thick lines, large text)")
        self.projector.setChecked(True)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QtWidgets.QFormLayout(self)
        form.addRow("View", self.view)
        form.addRow("Resolution", self.size_box)
        form.addRow(self.projector)
        form.addRow(buttons)

    def save(self) -> None:
        what = self.view.currentData()
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Export PNG", f"{what}.png", "PNG (*.png)")
        if not path:
            return
        before = themes.current().name
        try:
            if self.projector.isChecked():
                themes.set_theme("projector")
            export_for_slides(self.window_, what, path, QtCore.QSize(*self.size_box.currentData()))
        except (OSError, ValueError) as err:
            self.window_.statusBar().showMessage(f"Export failed: {err}", 10000)
            return
        finally:
            themes.set_theme(before)
        self.window_.statusBar().showMessage(f"Exported {Path(path).name}", 5000)
        self.accept()
