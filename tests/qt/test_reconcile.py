"""Kaplan vs Chinchilla: the exponent under each way of counting, checked by brute force."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore
from scipy.optimize import minimize_scalar

from scalingdesk.core import reconcile

GAMMA = 47491.0  # Pearce & Song 2024: N_T = N_nonemb + 47491 N_nonemb^(1/3)


def brute_force_optimum(law, compute: float, non_embedding: bool) -> float:
    """argmin over N of L(N_T(N), C/(6N)), found numerically (no calculus)."""
    gamma = GAMMA if non_embedding else 0.0

    def loss(log_n: float) -> float:
        n = np.exp(log_n)
        return float(law.loss(n + gamma * n ** (1 / 3), compute / (6 * n)))

    res = minimize_scalar(
        loss, bounds=(np.log(10.0), np.log(compute / 6 / 10)), method="bounded", options={"xatol": 1e-10}
    )
    return float(np.exp(res.x))


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
    assert w.table.rowCount() == 4 + 1 + 3 + 3
    assert "not reproduced" in w.note.text()
