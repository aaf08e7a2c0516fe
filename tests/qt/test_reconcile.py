"""Kaplan vs Chinchilla: the exponent under each way of counting, checked by brute force."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets

from scalingdesk.core import reconcile


def test_view_toggles_move_the_exponent(qtbot):
    from scalingdesk.qt.reconcile_view import ReconcileView

    w = ReconcileView()
    qtbot.addWidget(w)
    w.show()
    t = reconcile.reconcile_table()
    assert w.exponent.text() == f"N* ∝ C^{t.exponent(True, True):.2f}"
    qtbot.mouseClick(
        w.non_embedding, QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(5, w.non_embedding.height() // 2)
    )
    assert not w.non_embedding.isChecked()
    assert w.exponent.text() == f"N* ∝ C^{t.exponent(False, True):.2f}"
    w.small_scale.setChecked(False)
    w.non_embedding.setChecked(True)
    assert w.view.exponent == pytest.approx(t.exponent(True, False))
    assert w.table.rowCount() == 4 + 1 + 3 + 1  # ours, Kaplan, Hoffmann x3, Porian's steps (one row)
    assert "measured by them, not computed here" in w.note.text().lower()


@pytest.mark.parametrize("width", [700, 1024])
def test_every_exponent_shows_whole(qtbot, width):
    """The exponents' column fits its longest text ("0.835 → 0.497"): nothing is elided."""
    from PySide6 import QtGui

    from scalingdesk.qt.reconcile_view import ReconcileView

    w = ReconcileView()
    qtbot.addWidget(w)
    w.resize(width, 700)
    w.show()
    qtbot.waitExposed(w)
    t = w.table
    t.setFont(QtGui.QFont(t.font().family(), 14))  # a projector's type: the column must follow it
    QtWidgets.QApplication.processEvents()
    # the width the delegate needs for the column's widest text, margins included
    assert t.sizeHintForColumn(1) <= t.columnWidth(1)
    assert any("→" in t.item(row, 1).text() for row in range(t.rowCount()))
