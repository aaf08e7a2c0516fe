"""The explorer window driven like a user: knobs, family switch, clicks, files, export."""

import xml.etree.ElementTree as ET

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QPoint, QPointF, Qt

from scalingdesk.core import allocation
from scalingdesk.core.laws import FAMILIES
from scalingdesk.core.views import real_models
from scalingdesk.qt.main_window import MainWindow


@pytest.fixture
def window(make_window):
    return make_window()


def invariant(w):
    """What the knobs show keeps C = 6·N·D (Kaplan et al. 2020 §2.1), and matches the state."""
    s = w.scenario.state
    shown = {k: w.controls.knobs[k].value() for k in "CND"}
    assert shown["C"] == pytest.approx(6 * shown["N"] * shown["D"], rel=1e-9)
    assert (shown["N"], shown["D"]) == pytest.approx((s.params, s.tokens), rel=1e-12)


def shown_point(w):
    """The (C, L) the loss plot draws for 'your model', back in real units."""
    x, y = w.loss_plot.current.getData()
    return 10 ** x[0], y[0]


def assert_plots_match_core(w):
    s = w.scenario.state
    c, l = shown_point(w)
    assert c == pytest.approx(s.compute, rel=1e-9)
    assert l == pytest.approx(float(s.law_object.loss(s.params, s.tokens)), rel=1e-12)
    x, y = w.isoflop_plot.current.getData()
    assert 10 ** x[0] == pytest.approx(s.params) and y[0] == pytest.approx(l)
    x, y = w.plane_plot.current.getData()
    assert 10 ** x[0] == pytest.approx(s.params) and 10 ** y[0] == pytest.approx(s.tokens)
    invariant(w)


def centre(knob):
    return QPoint(knob.width() // 2, knob.height() // 3)


def test_opening_view_tells_the_story(window):
    s = window.scenario.state
    assert s.compute == pytest.approx(5.76e23)
    assert "balanced" in window.controls.balance.text()
    assert window.controls.loss_value.text() == f"loss {s.loss:.3f}"
    # Chinchilla and Gopher are on the map at the opening budget.
    names = {m.name for m in window.plane_plot.models.data["data"]}
    assert {"Chinchilla", "Gopher", "GPT-3"} <= names
    assert_plots_match_core(window)


def test_drag_n_with_compute_held_slides_along_the_isoflop_line(qtbot, window):
    knob = window.controls.knob_n
    c0 = window.scenario.state.compute
    start = centre(knob)
    qtbot.mousePress(knob, Qt.LeftButton, pos=start)
    for dy in range(5, 40, 5):
        qtbot.mouseMove(knob, start - QPoint(0, dy))
        assert_plots_match_core(window)
        assert window.scenario.state.compute == pytest.approx(c0, rel=1e-12)
    qtbot.mouseRelease(knob, Qt.LeftButton, pos=start - QPoint(0, 35))
    s = window.scenario.state
    assert s.params > 72e9 * 3  # dragged up more than half a decade
    assert "too few tokens" in window.controls.balance.text()
    # One drag is one undo step.
    window.undo_action.trigger()
    assert window.scenario.state.params == pytest.approx(72.25e9, rel=0.01)


def test_wheel_and_keys_turn_the_compute_knob(qtbot, window):
    knob = window.controls.knob_c
    knob.setFocus()
    c0 = window.scenario.state.compute
    qtbot.keyClick(knob, Qt.Key_PageUp)
    assert window.scenario.state.compute == pytest.approx(10 * c0)
    qtbot.keyClick(knob, Qt.Key_Down)
    assert window.scenario.state.compute == pytest.approx(10 * c0 / 10**0.05)
    pos = QPointF(centre(knob))
    ev = QtGui.QWheelEvent(
        pos, knob.mapToGlobal(pos), QPoint(0, 0), QPoint(0, -120), Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False
    )
    QtWidgets.QApplication.sendEvent(knob, ev)
    assert window.scenario.state.compute == pytest.approx(10 * c0 / 10**0.1)
    assert_plots_match_core(window)


def test_typing_values(qtbot, window):
    edit = window.controls.knob_d.lineEdit()
    edit.clear()
    qtbot.keyClicks(edit, "1.4T")
    qtbot.keyClick(edit, Qt.Key_Return)
    assert window.scenario.state.tokens == 1.4e12
    assert_plots_match_core(window)
    before = window.scenario.state
    edit.clear()
    qtbot.keyClicks(edit, "lots")
    qtbot.keyClick(edit, Qt.Key_Return)
    assert window.scenario.state == before
    assert "lots" in window.controls.knob_d.errorText()


def test_model_refusal_is_shown_and_nothing_changes(qtbot, window):
    before = window.scenario.state
    edit = window.controls.knob_n.lineEdit()
    edit.clear()
    qtbot.keyClicks(edit, "2M")  # with C held, D would be ~5e16 tokens: out of range
    qtbot.keyClick(edit, Qt.Key_Return)
    assert window.scenario.state == before
    assert "tokens" in window.controls.knob_n.errorText()
    assert "tokens" in window.statusBar().currentMessage()


def test_hold_buttons_and_follow_optimum(qtbot, window):
    qtbot.mouseClick(window.controls.hold_buttons["D"], Qt.LeftButton)
    assert window.scenario.state.held == "D"
    assert window.controls.knob_d.isHeld() and not window.controls.knob_c.isHeld()
    d = window.scenario.state.tokens
    window.controls.knob_n.setFocus()
    qtbot.keyClick(window.controls.knob_n, Qt.Key_PageDown)
    assert window.scenario.state.tokens == d
    invariant(window)
    window.controls.follow.setFocus()
    qtbot.keyClick(window.controls.follow, Qt.Key_Space)
    assert window.scenario.state.follow_optimum
    window.controls.knob_c.setFocus()
    qtbot.keyClick(window.controls.knob_c, Qt.Key_PageUp)
    s = window.scenario.state
    assert s.params == pytest.approx(allocation.optimal(s.law_object, s.compute).params)
    assert_plots_match_core(window)


def test_optimum_marker_moves_when_the_family_changes(qtbot, window):
    def valley_bottom():
        x, _ = window.isoflop_plot.minima.getData()
        return 10 ** x[1]

    before = valley_bottom()
    combo = window.controls.family
    combo.setFocus()
    idx = combo.findData("hoffmann2022")
    combo.setCurrentIndex(idx)
    combo.activated.emit(idx)
    assert window.scenario.state.law == "hoffmann2022"
    after = valley_bottom()
    assert after == pytest.approx(
        allocation.optimal(FAMILIES["hoffmann2022"], window.scenario.state.compute).params, rel=1e-4
    )
    assert after < before / 1.5  # the printed constants want a much smaller model
    assert window.controls.knob_n.marker() == pytest.approx(after, rel=1e-6)
    assert "printed" in window.controls.family_note.text()
    assert_plots_match_core(window)


def test_clicking_a_real_model_loads_it(qtbot, window):
    gpt3 = next(m for m in real_models() if m.id == "gpt-3")
    scatter = window.plane_plot.models
    point = next(p for p in scatter.points() if p.data().id == "gpt-3")
    scatter.sigClicked.emit(scatter, [point], None)
    s = window.scenario.state
    assert (s.params, s.tokens) == (gpt3.params, gpt3.tokens)
    assert "too few tokens" in window.controls.balance.text()  # GPT-3 was under-trained
    assert_plots_match_core(window)


def test_reset_all_and_undo(qtbot, window):
    window.scenario.set_compute(1e21)
    window.scenario.reset()
    assert window.scenario.state.compute == pytest.approx(5.76e23)
    window.scenario.undo()
    assert window.scenario.state.compute == pytest.approx(1e21)
    assert window.undo_action.isEnabled() and window.redo_action.isEnabled()


def test_save_open_and_share(qtbot, window, tmp_path):
    window.scenario.set_params(1e10)
    path = tmp_path / "mine.scalingdesk"
    assert window.save_to(path)
    assert "mine.scalingdesk —" in window.windowTitle()
    saved = window.scenario.state
    window.scenario.reset()
    assert window.open_path(path)
    assert window.scenario.state == saved
    link = window.copy_link()
    window.scenario.reset()
    assert window.paste_link(link)
    assert window.scenario.state == saved
    bad = tmp_path / "bad.scalingdesk"
    bad.write_text("{")
    assert not window.open_path(bad)
    assert "not valid JSON" in window.statusBar().currentMessage()
    assert window.scenario.state == saved  # nothing lost on a bad file


def test_export_png_svg_csv(qtbot, window, tmp_path):
    png = window.export("loss", "png", tmp_path / "loss.png", QtCore.QSize(1200, 800))
    image = QtGui.QImage(str(png))
    assert image.width() == 1200 and image.height() == 800
    svg = window.export("isoflop", "svg", tmp_path / "valley.svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and len(list(root.iter())) > 50
    csv_path = window.export("plane", "csv", tmp_path / "plane.csv")
    lines = csv_path.read_text().splitlines()
    assert lines[0].startswith("equal loss ") and "optimal path, " in lines[0]  # a column pair per series


def test_theme_switch_and_session_persistence(qtbot, tmp_path):
    w = MainWindow(restore=True)
    qtbot.addWidget(w)
    w.set_theme("light")
    w.scenario.set_params(3e10)
    w.close()
    w2 = MainWindow(restore=True)
    qtbot.addWidget(w2)
    assert w2.scenario.state.params == 3e10
    assert w2.theme_actions["light"].isChecked()
    assert not w2.scenario.can_undo()


def test_every_control_has_an_accessible_name(window):
    for widget in window.controls.findChildren(QtWidgets.QWidget):
        if isinstance(widget, (QtWidgets.QPushButton, QtWidgets.QComboBox, QtWidgets.QCheckBox, QtWidgets.QLineEdit)):
            assert widget.accessibleName() or widget.text(), widget
    for knob in window.controls.knobs.values():
        assert knob.accessibleName() and knob.focusPolicy() == Qt.StrongFocus


def test_screenshot_of_a_projector_theme_is_light(qtbot, window):
    window.set_theme("projector")
    image = window.loss_plot.grab().toImage()
    corner = QtGui.QColor(image.pixel(image.width() - 5, 5))
    assert corner.lightness() > 240


def test_hardware_panel_follows_the_knobs_when_its_tab_opens(qtbot, window):
    window.scenario.set_params(1.3e10)  # while the lever tab is in front
    window.side_tabs.setCurrentWidget(window.hardware)
    texts = " ".join(label.text() for label in window.hardware.findChildren(QtWidgets.QLabel))
    assert "13 B params" in texts
