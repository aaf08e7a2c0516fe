"""The View menu and the view registry, Reset all, letter shortcuts, and the session's file."""

import pytest
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import Qt

from scalingdesk.core.scenario import opening_state
from scalingdesk.qt.main_window import MainWindow


@pytest.fixture
def window(make_window):
    w = make_window((1920, 1080))
    w.activateWindow()
    return w


def test_view_menu_hides_and_shows_each_view(qtbot, window):
    for name, act in window.view_actions.items():
        widget = window.views.widget(name)
        act.trigger()  # hide
        assert not window.views.is_shown(name) and not widget.isVisibleTo(window), name
        act.trigger()  # show again, in front
        assert window.views.is_shown(name) and widget.isVisibleTo(window), name
        assert act.isChecked()


def test_the_last_view_cannot_be_hidden(qtbot, window):
    window.views.show_only(("loss",))
    with pytest.raises(ValueError, match="only view shown"):
        window.views.set_shown("loss", False)
    window.view_actions["loss"].trigger()
    assert window.views.is_shown("loss") and window.view_actions["loss"].isChecked()
    assert "only view shown" in window.statusBar().currentMessage()


@pytest.mark.parametrize("name", ["loss", "isoflop", "plane", "lever"])
def test_focus_one_view_full_size_and_back(qtbot, window, name):
    before = window.views.save_state()
    window.focus_actions[name].trigger()
    QtWidgets.QApplication.processEvents()
    widget = window.views.widget(name)
    assert window.views.shown() == (name,) and window.views.focused() == name
    central = window.centralWidget()
    assert widget.width() >= 0.95 * central.width() and widget.height() >= 0.9 * central.height()
    assert window.unfocus_action.isEnabled()
    window.unfocus_action.trigger()
    assert window.views.save_state()["on"] == before["on"]


def test_reset_layout_brings_every_view_back(qtbot, window):
    window.views.set_shown("plane", False)
    window.views.set_shown("controls", False)
    window.reset_layout_action.trigger()
    assert window.views.shown() == window.views.names()
    assert all(a.isChecked() for a in window.view_actions.values())


def test_a_saved_layout_that_no_longer_fits_is_not_restored(qtbot, tmp_path):
    from scalingdesk.qt.settings import Settings

    s = Settings()
    hidden = {"on": {"controls": True, "loss": True, "isoflop": False, "plane": True, "lever": True, "hardware": True}}
    s.set_layout({"rect": [0, 0, 3000, 2000], "maximized": False, "views": hidden})  # a 4K screen's
    s.sync()
    w = MainWindow()
    qtbot.addWidget(w)
    screen = w.screen().availableGeometry()
    assert screen.contains(w.geometry()) and w.views.is_shown("isoflop")
    # One that fits is restored, views and all.
    s.set_layout({"rect": [20, 60, 700, 600], "maximized": False, "views": hidden})
    s.sync()
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.geometry().topLeft() == QtCore.QPoint(20, 60) and not w2.views.is_shown("isoflop")


def test_reset_all_button_is_in_the_play_area_and_undoable(qtbot, window):
    window.scenario.set_params(1.3e10)
    changed = window.scenario.state
    assert window.reset_button.isVisibleTo(window) and window.controls.parentWidget().isAncestorOf(window.reset_button)
    qtbot.mouseClick(window.reset_button, Qt.MouseButton.LeftButton)
    assert window.scenario.state.params == opening_state().params
    assert "Ctrl+Z" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    assert window.scenario.state == changed


def test_letter_shortcuts_need_shift_and_the_play_area(qtbot, window):
    follow = window.controls.follow
    window.controls.knob_c.setFocus()
    qtbot.waitUntil(window.controls.knob_c.hasFocus)
    qtbot.keyClick(window.controls.knob_c, Qt.Key.Key_O)  # a stray "o" changes nothing
    assert not follow.isChecked() and not window.scenario.state.follow_optimum
    qtbot.keyClick(window.controls.knob_c, Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)
    assert window.scenario.state.follow_optimum
    window.scenario.undo()
    # Typing in a knob's entry field never fires them.
    edit = window.controls.knobs["N"].lineEdit()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    held = window.scenario.state.held
    for k in (Qt.Key.Key_O, Qt.Key.Key_D, Qt.Key.Key_N):
        qtbot.keyClick(edit, k, Qt.KeyboardModifier.ShiftModifier)
    assert not window.scenario.state.follow_optimum and window.scenario.state.held == held


def test_quitting_with_unsaved_changes_to_a_named_file_asks(qtbot, tmp_path):
    B = QtWidgets.QMessageBox.StandardButton
    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    w.show()
    path = tmp_path / "talk.scalingdesk"
    assert w.save_to(path)
    w.scenario.set_params(1.3e10)
    asked = []
    w._unsaved_prompt = lambda: (asked.append(w.path.name), B.Cancel)[1]
    w.close()
    assert asked == ["talk.scalingdesk"] and w.isVisible()  # cancelled: still open
    assert w.confirm_close() is False  # cancel keeps the window
    w._unsaved_prompt = lambda: B.Discard
    assert w.confirm_close() is True
    w._unsaved_prompt = lambda: B.Save
    assert w.confirm_close() is True
    from scalingdesk.core import scenario_io

    assert scenario_io.load(path).params == pytest.approx(1.3e10)
    # Nothing unsaved: no question.
    w._unsaved_prompt = lambda: pytest.fail("asked with nothing unsaved")
    assert w.confirm_close() is True


def test_the_restored_session_keeps_its_file_name(qtbot, tmp_path):
    w = MainWindow()
    qtbot.addWidget(w)
    path = tmp_path / "lecture.scalingdesk"
    assert w.save_to(path)
    w.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.path == path and again.windowTitle().startswith("lecture.scalingdesk —")
    again.scenario.set_params(1.3e10)
    again._save_session()
    third = MainWindow()
    qtbot.addWidget(third)
    assert third.windowTitle().startswith("lecture.scalingdesk* —")  # changed since it was saved
