"""Presenter mode driven with the keys a clicker sends; the window comes back exactly."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6 import QtCore, QtWidgets  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from scalingdesk.core.tour import VIEWS  # noqa: E402
from scalingdesk.qt import theme as themes  # noqa: E402


@pytest.fixture
def window(qtbot, make_window):
    w = make_window((1400, 850))
    w.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is w)
    return w


@pytest.fixture
def presenter(window):
    from scalingdesk.qt.presenter import install_presenter
    from scalingdesk.qt.tour import install_tour

    tour = install_tour(window)
    tour.glide_ms = 0  # keys are read faster than a glide; the glide has its own tests
    return install_presenter(window, tour)


def key(qtbot, window, k, text=""):
    target = QtWidgets.QApplication.focusWidget() or window
    qtbot.keyClick(target, k)


def layout_snapshot(window, tour):
    return {
        "hidden": {name: tour.widget_for(name).isHidden() for name in VIEWS},
        "tabs": [window.side_tabs.isTabVisible(i) for i in range(window.side_tabs.count())],
        "menubar": window.menuBar().isHidden(),
        "statusbar": window.statusBar().isHidden(),
        "dock": tour.dock.isVisible(),
    }


def test_present_with_the_keys_and_come_back(window, presenter, qtbot):
    tour = presenter.tour
    themes.set_theme("dark")
    geometry = window.geometry()
    state = window.windowState()
    before = layout_snapshot(window, tour)

    key(qtbot, window, Qt.Key.Key_F5)
    assert presenter.is_active()
    assert themes.current().name == "projector"
    assert window.menuBar().isHidden() and window.statusBar().isHidden()
    qtbot.waitUntil(lambda: bool(window.windowState() & Qt.WindowState.WindowFullScreen))
    assert tour.current.number == 1 and tour.dock.isVisible()

    def at(n):
        tour.finish_animation()
        return tour.current.number == n

    # One thing at a time: on a scene with a question, Page Down first reveals the answer.
    assert tour.panel.next_button.text() == "Reveal ▶"  # shown on screen
    key(qtbot, window, Qt.Key.Key_PageDown)
    assert at(1) and tour.panel.revealed()
    assert tour.panel.next_button.text() == "Next ▶"
    key(qtbot, window, Qt.Key.Key_PageDown)
    assert at(2) and not tour.panel.revealed()
    key(qtbot, window, Qt.Key.Key_Right)
    key(qtbot, window, Qt.Key.Key_Right)
    assert at(3)
    key(qtbot, window, Qt.Key.Key_PageUp)
    assert at(2)
    key(qtbot, window, Qt.Key.Key_Left)
    assert at(1)
    # G, a number, then Enter, jumps.
    for k in (Qt.Key.Key_G, Qt.Key.Key_1, Qt.Key.Key_1):
        key(qtbot, window, k)
    assert presenter.jump_label.isVisible() and "11" in presenter.jump_label.text()
    key(qtbot, window, Qt.Key.Key_Return)
    assert at(11)
    for k in (Qt.Key.Key_G, Qt.Key.Key_3, Qt.Key.Key_Enter):
        key(qtbot, window, k)
    assert at(3)
    scenario_at_3 = window.scenario.state
    # B blanks; any key comes back without moving on.
    key(qtbot, window, Qt.Key.Key_B)
    assert presenter.is_blank()
    key(qtbot, window, Qt.Key.Key_PageDown)
    assert not presenter.is_blank() and at(3)
    key(qtbot, window, Qt.Key.Key_Period)
    assert presenter.is_blank()
    key(qtbot, window, Qt.Key.Key_A)
    assert not presenter.is_blank()
    # ? shows every shortcut.
    key(qtbot, window, Qt.Key.Key_Question)
    assert presenter.help_visible()
    assert any("Esc" in line for line in presenter.help.text_lines())
    key(qtbot, window, Qt.Key.Key_Question)
    assert not presenter.help_visible()
    assert window.scenario.state == scenario_at_3
    # Esc leaves, and the window is as it was.
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not presenter.is_active()
    assert themes.current().name == "dark"
    qtbot.waitUntil(lambda: window.windowState() == state)
    qtbot.waitUntil(lambda: window.geometry() == geometry)
    assert layout_snapshot(window, tour) == before
    assert tour.current is None


def test_keys_are_ignored_while_a_knob_field_has_focus(window, presenter, qtbot):
    presenter.enter(full_screen=False)
    tour = presenter.tour
    tour.go(2)
    edit = window.controls.knobs["N"].lineEdit()
    edit.setFocus()
    qtbot.waitUntil(lambda: edit.hasFocus())
    for k in (Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_B, Qt.Key.Key_3):
        qtbot.keyClick(edit, k)
    assert tour.current.number == 2 and not presenter.is_blank()
    assert presenter.is_active()
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # reveals the answer
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert tour.current.number == 3
    presenter.leave()


def test_entering_keeps_a_running_tour_and_leaving_keeps_it_running(window, presenter):
    tour = presenter.tour
    tour.go(6)
    presenter.enter(full_screen=False)
    assert tour.current.number == 6
    presenter.leave()
    assert tour.current.number == 6 and tour.dock.isVisible()
    assert tour.dock.titleBarWidget() is None


def test_spotlight_follows_the_pointer(window, presenter, qtbot):
    presenter.enter(full_screen=False)
    qtbot.keyClick(window, Qt.Key.Key_L)
    assert presenter.spotlight_visible()
    point = window.mapToGlobal(QtCore.QPoint(300, 200))
    presenter.pointer_moved(point)
    assert presenter.spotlight.centre == QtCore.QPointF(presenter.spotlight.mapFromGlobal(point))
    qtbot.keyClick(window, Qt.Key.Key_L)
    assert not presenter.spotlight_visible()
    # Holding Ctrl shows it while held.
    qtbot.keyPress(window, Qt.Key.Key_Control)
    assert presenter.spotlight_visible()
    qtbot.keyRelease(window, Qt.Key.Key_Control)
    assert not presenter.spotlight_visible()
    presenter.leave()


def test_cursor_hides_when_idle_and_comes_back(window, presenter, qtbot):
    presenter.cursor_timer.setInterval(50)
    presenter.enter(full_screen=False)
    qtbot.waitUntil(presenter.cursor_hidden, timeout=2000)
    assert QtWidgets.QApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    presenter.pointer_moved()
    assert not presenter.cursor_hidden() and QtWidgets.QApplication.overrideCursor() is None
    qtbot.waitUntil(presenter.cursor_hidden, timeout=2000)
    presenter.leave()
    assert QtWidgets.QApplication.overrideCursor() is None


def test_presets_save_and_recall(window, presenter):
    from scalingdesk.qt.presenter import PresetError, PresetStore

    tour = presenter.tour
    tour.go(5)
    tour.finish_animation()
    saved = window.scenario.state
    presenter.save_preset("GPT-3 on the plane")
    tour.leave()
    window.scenario.reset()
    assert PresetStore().names() == ["GPT-3 on the plane"]  # persisted in QSettings
    presenter.recall_preset("GPT-3 on the plane")
    tour.finish_animation()
    assert window.scenario.state == saved
    assert set(tour.shown_views()) == {"plane", "controls"}
    assert tour.widget_for("loss").isHidden()
    tour.restore_views()
    assert not tour.widget_for("loss").isHidden()
    with pytest.raises(PresetError, match="no preset called 'nope'"):
        presenter.recall_preset("nope")


def test_prepare_presenter_shot_renders_the_scene(qtbot):
    from scalingdesk.qt.main_window import MainWindow
    from scalingdesk.qt.presenter import prepare_presenter_shot

    w = MainWindow(restore=False)
    qtbot.addWidget(w)
    w.resize(1600, 900)
    prepare_presenter_shot(w, scene=5, presenter=True)
    tour = w._scalingdesk_tour
    assert tour.current.number == 5 and themes.current().name == "projector"
    assert (w.scenario.state.params, w.scenario.state.tokens) == (1.75e11, 3.0e11)
    assert w.menuBar().isHidden() and w.size() == QtCore.QSize(1600, 900)
    with pytest.raises(ValueError, match="--scene 40"):
        prepare_presenter_shot(w, scene=40, presenter=True)
    w._scalingdesk_presenter.leave()


def test_clicker_keys_choose_reveal_and_pull_the_lever(window, presenter, qtbot):
    tour = presenter.tour
    presenter.enter(full_screen=False)
    tour.go(2)
    # 1/2/3 choose a prediction (the digits no longer jump: G does).
    key(qtbot, window, Qt.Key.Key_2)
    assert tour.current.number == 2 and tour.panel.guess == 1
    assert tour.panel.revealed()  # this tour's panel reveals as the guess is committed
    key(qtbot, window, Qt.Key.Key_Space)
    assert tour.current.number == 3
    # Predict, then reveal: before any pull the clicker reveals (a pull would show the answer).
    assert not tour.panel.revealed()
    lever = window.lever
    assert "lever" in tour.current.views and lever.pulls() == 0
    assert tour.panel.next_button.text() == "Reveal ▶"
    key(qtbot, window, Qt.Key.Key_Return)  # Enter reveals the answer without a guess
    assert tour.panel.revealed() and lever.pulls() == 0 and tour.current.number == 3
    # Then the clicker pulls the lever, one pull a click, shown on screen.
    for n in range(1, lever.max_pulls + 1):
        assert tour.panel.next_button.text() == f"Pull {n}/{lever.max_pulls} ▶"
        key(qtbot, window, Qt.Key.Key_PageDown)
        assert lever.pulls() == n and tour.current.number == 3
    key(qtbot, window, Qt.Key.Key_PageUp)
    assert lever.pulls() == lever.max_pulls - 1 and tour.current.number == 3
    key(qtbot, window, Qt.Key.Key_PageDown)
    key(qtbot, window, Qt.Key.Key_PageDown)
    assert tour.current.number == 4
    # The help card lists the clicker's keys.
    lines = " ".join(presenter.help.text_lines())
    assert "1, 2, 3" in lines and "Enter" in lines and "G, a number" in lines
    presenter.leave()


def test_blanking_is_black_above_every_overlay(window, presenter, qtbot):
    tour = presenter.tour
    presenter.enter(full_screen=False)
    tour.go(1)
    qtbot.waitUntil(lambda: tour.overlay.isVisible())
    key(qtbot, window, Qt.Key.Key_L)  # the spotlight on
    key(qtbot, window, Qt.Key.Key_B)
    assert presenter.is_blank()
    tour.overlay.follow()  # the highlight raises itself as it follows its target
    presenter.spotlight.raise_()
    qtbot.waitUntil(lambda: [c for c in window.children() if isinstance(c, QtWidgets.QWidget)][-1] is presenter.blank)
    image = window.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    assert colours == {"#000000"}
    key(qtbot, window, Qt.Key.Key_Period)
    assert not presenter.is_blank()
    presenter.leave()


def test_esc_restores_views_and_that_is_what_is_saved(window, presenter, qtbot):
    window.views.set_shown("isoflop", False)
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.size() == QtCore.QSize(1280, 720))
    before_views = window.views.save_state()
    geometry = window.geometry()
    presenter.enter(full_screen=False)
    presenter.tour.go(3)
    assert window.views.shown() == ("lever", "controls")
    window.close()  # quitting while presenting saves the layout from before F5
    saved = window.settings.layout()
    assert saved["rect"] == list(geometry.getRect())
    assert saved["views"]["on"] == before_views["on"] and saved["views"]["on"]["isoflop"] is False
    assert not presenter.is_active()
