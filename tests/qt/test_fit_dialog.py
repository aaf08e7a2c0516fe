"""The fit dialog driven like a user: load the sample, Fit, read the numbers, Cancel, export, add."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402

import pytest  # noqa: E402
from PySide6 import QtCore  # noqa: E402

from scalingdesk.core.fitting import fit_chinchilla  # noqa: E402
from scalingdesk.core.laws import ChinchillaLaw  # noqa: E402
from scalingdesk.core.runs_table import read_runs  # noqa: E402
from scalingdesk.qt.fit_dialog import FitDialog, format_value  # noqa: E402
from scalingdesk.resources import resource_path  # noqa: E402


@pytest.fixture
def dialog(qtbot):
    laws: list[ChinchillaLaw] = []
    d = FitDialog(laws.append)
    d.laws = laws  # type: ignore[attr-defined]
    qtbot.addWidget(d)
    d.show()
    yield d
    d.shutdown()


def test_fit_the_sample_shows_the_direct_fit(dialog, qtbot, tmp_path):
    assert not dialog.fit_button.isEnabled()  # nothing loaded yet
    qtbot.mouseClick(dialog.sample_button, QtCore.Qt.MouseButton.LeftButton)
    assert dialog.preview.rowCount() == 105
    assert dialog.tabs.tabText(1) == "Rejected (0)"
    dialog.boot_spin.setValue(50)
    qtbot.mouseClick(dialog.fit_button, QtCore.Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isEnabled() and not dialog.fit_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result is not None and not dialog.is_running(), timeout=60_000)
    assert dialog.progress.value() == 1000

    t = read_runs(resource_path("sample_runs.csv")).table
    direct = fit_chinchilla(t.params, t.tokens, t.loss)
    for key in ("E", "A", "B", "alpha", "beta"):
        assert dialog.shown_value(key) == format_value(getattr(direct, key)), key
    assert dialog.shown_value("a") == format_value(direct.exponent_a)
    lo, hi = dialog.result.ci["alpha"]
    assert dialog.params_table.item(3, 1).text() == f"{format_value(lo)} – {format_value(hi)}"

    out = dialog.export_json(tmp_path / "fit.json")
    data = json.loads(out.read_text())
    assert data["alpha"] == pytest.approx(direct.alpha) and data["n_used"] == 105
    assert data["source"] == "sample_runs.csv" and set(data["ci"]) >= {"E", "alpha", "beta", "a"}

    qtbot.mouseClick(dialog.add_button, QtCore.Qt.MouseButton.LeftButton)
    assert len(dialog.laws) == 1 and dialog.laws[0].alpha == pytest.approx(direct.alpha)
    dialog.grab().save(str(tmp_path / "fit_dialog.png"))


def test_cancel_stops_a_running_fit(dialog, qtbot):
    dialog.load_path(resource_path("sample_runs.csv"))
    dialog.boot_spin.setValue(5000)  # long enough to still be running when Cancel is clicked
    qtbot.mouseClick(dialog.fit_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=20_000)
    assert dialog.is_running()
    qtbot.mouseClick(dialog.cancel_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10_000)
    qtbot.waitUntil(lambda: "cancelled" in dialog.status_label.text(), timeout=5_000)
    assert dialog.result is None
    assert dialog.fit_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert not dialog.add_button.isEnabled()


def test_window_stays_responsive_during_a_fit(dialog, qtbot, monkeypatch):
    """The fit runs off the GUI thread: while it is held (a gate, not a clock) the dialog still
    handles events, shows progress and takes Cancel.  Nothing here depends on the machine's speed."""
    import threading

    from scalingdesk.qt import fit_worker

    gate, entered, threads = threading.Event(), threading.Event(), []
    real_fit = fit_worker.fit_chinchilla

    def held_fit(*args, progress=None, **kwargs):
        threads.append(threading.current_thread())
        progress(0.1)  # a first report, then wait for the test
        entered.set()
        gate.wait(30)
        return real_fit(*args, progress=progress, **kwargs)

    monkeypatch.setattr(fit_worker, "fit_chinchilla", held_fit)
    dialog.load_path(resource_path("sample_runs.csv"))
    dialog.boot_spin.setValue(2000)
    qtbot.mouseClick(dialog.fit_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(entered.is_set, timeout=10_000)
    assert threads and threads[0] is not threading.main_thread()
    turned = []
    QtCore.QTimer.singleShot(0, lambda: turned.append(True))
    qtbot.waitUntil(lambda: bool(turned) and dialog.progress.value() > 0, timeout=10_000)
    assert dialog.is_running()  # the event loop turned while the fit was still going
    dialog.cancel_fit()
    gate.set()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)


def test_bad_rows_listed_and_a_failed_import_keeps_everything(dialog, qtbot, tmp_path):
    good = tmp_path / "runs.csv"
    good.write_text("params,tokens,loss\n70M,1.4B,3.5\nabc,1B,3\n100M,2B,3.3\n150M,3B,nan\n")
    assert dialog.load_path(good)
    assert dialog.preview.rowCount() == 2
    assert dialog.rejected_table.rowCount() == 2
    assert dialog.rejected_table.item(0, 0).text() == "3"
    assert "not a number" in dialog.rejected_table.item(0, 1).text()
    assert dialog.rejected_table.item(1, 0).text() == "5"
    assert dialog.rejected_table.item(1, 1).text() == "loss is NaN"

    dialog.drop_spin.setValue(2)
    dialog.paste_edit.setPlainText("nonsense,here\n1,2\n")
    qtbot.mouseClick(dialog.paste_button, QtCore.Qt.MouseButton.LeftButton)
    assert "Pasted runs not imported" in dialog.status_label.text()
    assert dialog.paste_edit.toPlainText() == "nonsense,here\n1,2\n"  # what was typed stays
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert not dialog.load_path(empty)
    assert "empty" in dialog.status_label.text()
    assert dialog.preview.rowCount() == 2 and dialog.drop_spin.value() == 2  # previous import kept


def test_fit_failure_is_reported_not_raised(dialog, qtbot, tmp_path):
    few = tmp_path / "few.csv"
    few.write_text("params,tokens,loss\n70M,1.4B,3.5\n100M,2B,3.3\n")
    dialog.load_path(few)
    qtbot.mouseClick(dialog.fit_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Fit failed" in dialog.status_label.text(), timeout=10_000)
    assert "at least 6" in dialog.status_label.text() and dialog.result is None
