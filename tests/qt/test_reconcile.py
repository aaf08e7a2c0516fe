"""Kaplan vs Chinchilla: the exponent under each way of counting, checked by brute force."""

from __future__ import annotations

import pytest
from PySide6 import QtCore

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
