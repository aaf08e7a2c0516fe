"""Showing outside text (file names, custom GPU names, extra laws' labels and sources, CSV headers)
as plain text.  QLabel and QMessageBox take AutoText, and tooltips are rich text whenever
Qt::mightBeRichText says so, so ``<img src="/dev/zero">`` from a file would load an image.
"""

from __future__ import annotations

import html

from PySide6 import QtCore, QtWidgets

MAX_TIP = 2000


def tip(text: object) -> str:
    """A tooltip that shows ``text`` literally: escaped inside an explicit rich-text wrapper."""
    s = str(text)
    if len(s) > MAX_TIP:
        s = s[: MAX_TIP - 1] + "…"
    return "<qt>" + html.escape(s, quote=False).replace("\n", "<br>") + "</qt>" if s else ""


def plain(*labels: QtWidgets.QLabel) -> None:
    for label in labels:
        label.setTextFormat(QtCore.Qt.TextFormat.PlainText)


def warning_box(parent: QtWidgets.QWidget | None, title: str, text: str) -> None:
    """QMessageBox.warning with the text shown as plain text."""
    box = QtWidgets.QMessageBox(
        QtWidgets.QMessageBox.Icon.Warning, title, text[:2000], QtWidgets.QMessageBox.StandardButton.Ok, parent
    )
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    box.exec()
