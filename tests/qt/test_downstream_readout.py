"""The downstream readout beside the loss, and the Porian steps in the reconcile view, driven by a user."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from scalingdesk.core import downstream, porian


def test_readout_follows_the_loss_and_warns_outside_the_fit(qtbot, make_window):
    w = make_window((1366, 768))
    r = w.controls.downstream
    s = w.scenario.state
    assert r.readout.loss == pytest.approx(s.loss)
    assert r.value.text() == downstream.gadre_readout(s.loss).text
    assert r.value.textFormat() == Qt.TextFormat.PlainText
    # the default models' loss (about 2) lies below Gadre et al.'s C4 range: the warning shows
    assert s.loss < downstream.GADRE_LOSS_RANGE[0] and r.warning.isVisible()
    assert "extrapolation" in r.warning.text()
    edit = w.controls.knob_n.lineEdit()  # a tiny model: a loss inside the fitted range
    edit.clear()
    qtbot.keyClicks(edit, "30M")
    qtbot.keyClick(edit, Qt.Key_Return)
    s = w.scenario.state
    assert s.params == pytest.approx(30e6)
    lo, hi = downstream.GADRE_LOSS_RANGE
    assert lo <= s.loss <= hi
    assert r.value.text() == downstream.gadre_readout(s.loss).text and not r.warning.isVisible()


def test_reconcile_view_lists_porian_steps(qtbot):
    from scalingdesk.qt.reconcile_view import ReconcileView

    v = ReconcileView()
    qtbot.addWidget(v)
    rows = {v.table.item(i, 0).text(): v.table.item(i, 1).text() for i in range(v.table.rowCount())}
    for step in porian.STEPS:
        (label,) = [k for k in rows if k.startswith(f"Porian 2024 step {step.panel}")]
        assert step.title in label and rows[label] == f"{step.exponent:.3f}"
    assert "0.835" in v.note.text() and "not checked against the paper" in v.note.text()
