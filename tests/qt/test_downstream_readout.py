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
    rows = {v.table.item(i, 0).text(): i for i in range(v.table.rowCount())}
    from scalingdesk.core.frontier_texts import PORIAN_ROW

    row = rows[PORIAN_ROW]  # one row (the view never scrolls), every step in its tooltip
    main = [s for s in porian.STEPS if s.main_path]
    assert v.table.item(row, 1).text() == f"{main[0].exponent:.3f} → {main[-1].exponent:.3f}"
    lines = v.table.item(row, 0).toolTip().splitlines()
    for step in porian.STEPS:
        (line,) = [x for x in lines if x.startswith(f"Porian 2024 step {step.panel}")]
        assert step.title in line and line.endswith(f": {step.exponent:.3f}")
    assert "0.835" in v.note.text() and "formll/resolving-scaling-law-discrepancies" in v.note.text()


def test_reconcile_view_draws_porian_fits_when_asked(qtbot):
    import numpy as np
    from PySide6 import QtCore

    from scalingdesk.qt.reconcile_view import ReconcileView

    v = ReconcileView()
    qtbot.addWidget(v)
    v.show()
    lines = porian.fit_lines()
    assert len(v.porian_lines) == len(lines) == 4 and not any(i.isVisible() for i in v.porian_lines)
    assert not v.porian_label.isVisible()
    box = v.porian_fits
    qtbot.mouseClick(box, QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(5, box.height() // 2))
    assert box.isChecked() and all(i.isVisible() for i in v.porian_lines) and v.porian_label.isVisible()
    assert v.porian_label.toPlainText() == porian.fits_caption()
    assert "a = 0.497, 0.602, 0.706, 0.835" in porian.fits_caption()
    for item, line in zip(v.porian_lines, lines):
        x, y = item.getData()
        assert np.allclose(10**x, line.compute) and np.allclose(10**y, line.params)
        # the published fit: N* at Chinchilla's budget, slope a
        slope = np.polyfit(x, y, 1)[0]
        assert slope == pytest.approx(line.step.exponent)
        assert line.step.n_star_at_chinchilla_budget * (line.compute[0] / 5.88e23) ** line.step.exponent == (
            pytest.approx(line.params[0])
        )
