"""Views subscribe to the fields they draw, and their subscriptions end with them."""

import gc
import weakref

import pytest
from PySide6 import QtCore, QtWidgets

from scalingdesk.core.scenario import Scenario
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe, signals_blocked


def _delete(widget) -> None:
    widget.deleteLater()
    QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)


@pytest.fixture
def window(make_window):
    return make_window((1600, 900))


def _counting(monkeypatch, obj, name):
    calls = []
    real = getattr(obj, name)
    monkeypatch.setattr(obj, name, lambda *a, **k: (calls.append(a), real(*a, **k))[1])
    return calls


def test_changing_only_n_does_not_reach_the_lever(window, monkeypatch):
    calls = _counting(monkeypatch, window.lever, "follow_compute")
    s = window.scenario
    assert s.state.held == "C"
    for n in (3e10, 5e10, 8e10):  # N slides along the IsoFLOP line at held C
        s.set_params(n)
    assert calls == []
    s.set_compute(s.state.compute * 10)
    assert len(calls) == 1 and calls[0][1] == pytest.approx(s.state.compute)
    s.set_law("hoffmann2022")
    assert len(calls) == 2


def test_the_hardware_panel_redraws_only_while_visible(window, monkeypatch):
    window.side_tabs.setCurrentWidget(window.lever)
    QtWidgets.QApplication.processEvents()
    if window.hardware.isVisible():  # a layout that shows both panels at once
        pytest.skip("the hardware panel is always visible in this layout")
    calls = _counting(monkeypatch, window.hardware, "refresh")
    window.scenario.set_params(3e10)
    assert calls == []
    window.side_tabs.setCurrentWidget(window.hardware)
    QtWidgets.QApplication.processEvents()
    assert len(calls) == 1 and calls[0][0] == pytest.approx(3e10)
    window.scenario.set_params(4e10)
    assert len(calls) == 2


def test_the_title_has_a_star_exactly_when_the_document_is_dirty(window, tmp_path):
    assert window.windowTitle() == "Untitled — ScalingDesk"
    window.scenario.set_params(3e10)
    assert window.windowTitle() == "Untitled* — ScalingDesk"
    assert window.save_to(tmp_path / "talk.scalingdesk")
    assert window.windowTitle() == "talk.scalingdesk — ScalingDesk"
    window.scenario.set_params(4e10)
    assert window.windowTitle() == "talk.scalingdesk* — ScalingDesk"
    window.scenario.undo()  # back to what was saved
    assert window.windowTitle() == "talk.scalingdesk — ScalingDesk"
    window.new_scenario()
    assert window.windowTitle() == "Untitled* — ScalingDesk" and window.path is None


def test_undo_and_redo_are_enabled_by_the_history(window):
    undo, redo = window.undo_action, window.redo_action
    assert not undo.isEnabled() and not redo.isEnabled()
    window.scenario.set_params(3e10)
    assert undo.isEnabled() and not redo.isEnabled()
    window.scenario.undo()
    assert not undo.isEnabled() and redo.isEnabled()
    window.scenario.redo()
    window.scenario.clear_history()
    assert not undo.isEnabled() and not redo.isEnabled()


def test_a_deleted_plot_is_unsubscribed_and_not_kept_alive(qtbot):
    from scalingdesk.qt.plots import LossComputePlot

    _delete(QtCore.QObject())  # earlier tests' windows go first (theirs is not the theme in use)
    gc.collect()
    scenario = Scenario()
    theme = themes.model()  # the model in use when the plot is made
    before = len(theme)
    plot = LossComputePlot()
    plot.watch(scenario)
    assert len(theme) == before + 1
    drawn = []
    plot.draw_state = lambda s, fields=None: drawn.append(s)  # noqa: E731 (instance attribute: seen by _on_scenario)
    scenario.set_params(3e10)
    assert len(drawn) == 1
    ref = weakref.ref(plot)
    _delete(plot)
    del plot
    gc.collect()
    assert ref() is None  # neither the scenario nor the theme keeps it alive
    scenario.set_params(4e10)  # would raise "already deleted" if it were still subscribed
    assert len(drawn) == 1
    assert len(theme) == before


def test_observe_ends_when_the_owner_is_destroyed_on_the_cpp_side(qtbot):
    parent = QtWidgets.QWidget()
    child = QtWidgets.QLabel(parent)
    scenario = Scenario()
    heard = []
    observe(child, scenario, lambda change: heard.append(change.fields), ("params",))
    scenario.set_params(3e10)
    assert len(heard) == 1
    _delete(parent)  # deletes the child with it
    scenario.set_params(4e10)
    assert len(heard) == 1


def test_the_explicit_unsubscribe_works_and_is_idempotent(qtbot):
    owner = QtCore.QObject()
    scenario = Scenario()
    heard = []
    stop = observe(owner, scenario, lambda change: heard.append(change), ("tokens",))
    stop()
    stop()
    scenario.set_tokens(2e12)
    assert heard == []


def test_signals_blocked_restores_each_widgets_own_setting_even_on_error(qtbot):
    a, b = QtWidgets.QCheckBox(), QtWidgets.QCheckBox()
    b.blockSignals(True)  # already blocked by someone else: stays blocked
    seen = []
    a.toggled.connect(seen.append)
    with pytest.raises(ValueError), signals_blocked(a, b):
        a.setChecked(True)
        raise ValueError("boom")
    assert seen == [] and not a.signalsBlocked() and b.signalsBlocked()
    a.setChecked(False)
    assert seen == [False]


def test_a_windows_theme_ends_with_the_window(qtbot):
    from scalingdesk.qt.main_window import MainWindow

    _delete(QtCore.QObject())  # earlier tests' windows go first
    gc.collect()
    base = themes.model()
    w = MainWindow(restore=False)  # never shown: no queued layout call outlives it
    assert themes.model() is w.theme and w.theme is not base
    w.set_theme("light")
    assert themes.current().name == "light" and base.theme.name == "dark"
    theme = w.theme
    _delete(w)
    assert themes.model() is base and themes.current().name == "dark"
    assert len(theme) == 0  # every view of the window unsubscribed when it was destroyed


def test_a_theme_switch_reaches_a_live_view_and_nothing_swallows_errors(qtbot):
    model = themes.ThemeModel()
    label = QtWidgets.QLabel()
    seen = []

    def broken(_t):
        raise RuntimeError("Internal C++ object already deleted.")

    observe(label, model, lambda t: seen.append(t.name))
    model.set("light")
    assert seen == ["light"]
    stop = model.subscribe(broken)
    with pytest.raises(RuntimeError, match="already deleted"):  # no longer swallowed
        model.set("dark")
    stop()
    model.set("projector")
    assert seen[-1] == "projector"


def test_plots_redraw_their_law_only_curves_only_when_the_law_changes(window, monkeypatch):
    loss = _counting(monkeypatch, window.loss_plot, "_draw_static")
    plane = _counting(monkeypatch, window.plane_plot, "_draw_static")
    valleys = _counting(monkeypatch, window.isoflop_plot.valley, "setData")
    s = window.scenario
    s.set_params(s.state.params * 1.01)  # N slides at held C: markers only
    assert (loss, plane, valleys) == ([], [], [])
    s.set_law("hoffmann2022")
    assert len(loss) == 1 and len(plane) == 1 and len(valleys) == 1
    s.set_unique_tokens(1e12)  # the plane's wall of unique data: its map, and the law with it
    assert len(plane) == 2


def test_a_window_made_with_a_theme_uses_it(qtbot):
    """`scalingdesk screenshot --theme light` hands the window its theme before any view exists."""
    from scalingdesk.qt.main_window import MainWindow

    model = themes.ThemeModel()
    model.set("light")
    w = MainWindow(restore=False, theme=model)  # never shown: no queued layout call outlives it
    try:
        assert w.theme is model and themes.current().name == "light"
        assert w.loss_plot.backgroundBrush().color().name() == themes.LIGHT.background
    finally:
        _delete(w)


def test_while_a_knob_is_dragged_the_lever_catches_up_when_the_hand_pauses(qtbot, window, monkeypatch):
    calls = _counting(monkeypatch, window.lever, "follow_compute")
    follower = window._lever_follower
    monkeypatch.setattr(follower, "_dragging", lambda: True)  # a knob is held down
    s = window.scenario
    s.set_compute(s.state.compute * 10, gesture="drag")
    s.set_compute(s.state.compute * 10, gesture="drag")
    assert calls == [] and follower.timer.isActive()  # never in the knob's way
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=5000)  # the pause: it follows, once
    assert calls[0][1] == pytest.approx(s.state.compute)
