"""Test-time compute: curves through Brown et al.'s printed numbers, FLOPs-matched sampling."""

from __future__ import annotations

import pytest
from PySide6 import QtCore

from scalingdesk.core import test_time as tt


def test_view_budget_slider_moves_the_readout(qtbot):
    from scalingdesk.qt.test_time_view import TestTimeView

    w = TestTimeView()
    qtbot.addWidget(w)
    w.show()
    w.set_budget(1e12)
    assert "Winner: Pythia-160M" in w.readout.text()
    w.budget.setFocus()
    for _ in range(3):
        qtbot.keyClick(w.budget, QtCore.Qt.Key.Key_PageUp)  # three decades more
    assert w.budget_flops == pytest.approx(1e15)
    assert "Winner: Llama-3-8B-Instruct" in w.readout.text()
    assert w.budget_line.value() == pytest.approx(15.0)
    w.ratio.setValue(2.0)
    assert f"{tt.flops_matched_samples(2.0, 0.16):,.1f}x" in w.matched.text()
    assert "shape" in w.note.text()
