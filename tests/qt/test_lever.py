"""The lever and the machine, driven like a user would: keys, buttons, play, hide."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6 import QtCore, QtGui
from PySide6.QtCore import Qt

from scalingdesk.core.allocation import diminishing_returns
from scalingdesk.core.laws import FAMILIES, get_law
from scalingdesk.qt import theme
from scalingdesk.qt.lever import DEFAULT_START_COMPUTE, LeverWidget

START = DEFAULT_START_COMPUTE


@pytest.fixture
def lever(qtbot):
    w = LeverWidget(get_law("epoch2024"), START)
    # Short timings keep the play tests fast; pulls still animate (they are not skipped).
    w.pull_base_ms, w.pull_extra_ms, w.play_hold_ms, w.settle_ms = 120, 30, 60, 60
    qtbot.addWidget(w)
    w.resize(600, 420)
    w.show()
    qtbot.waitExposed(w)
    w.setFocus()
    return w


@pytest.fixture
def restore_theme():
    before = theme.current().name
    yield
    theme.set_theme(before)


@pytest.mark.parametrize("family", list(FAMILIES))
def test_space_pulls_show_the_cores_frontier_drops(qtbot, lever, family):
    law = get_law(family)
    lever.set_scenario(law, START)
    expected = diminishing_returns(law, START, lever.max_pulls).drops
    for k in range(lever.max_pulls):
        qtbot.keyClick(lever, Qt.Key.Key_Space)
        assert lever.pulls() == k + 1
        assert np.allclose(lever.shown_gains(), expected[: k + 1], rtol=1e-12, atol=0)
    gains = np.array(lever.shown_gains())
    assert len(gains) == lever.max_pulls == 5
    assert np.all(gains > 0)
    assert np.all(np.diff(gains) < 0), f"{family}: gains must shrink pull by pull, got {gains}"
    # The labels show the same numbers, rounded for reading.
    for label, drop in zip(lever.gain_labels(), gains):
        assert label.startswith("+10x compute → −")
        assert float(label.split("−")[1].split()[0]) == pytest.approx(drop, abs=6e-4)
    # A further pull is refused, nothing moves.
    qtbot.keyClick(lever, Qt.Key.Key_Space)
    assert lever.pulls() == lever.max_pulls
    assert not lever.pull_button.isEnabled()


def test_gains_shrink_for_every_family_and_start(qtbot):
    w = LeverWidget()
    qtbot.addWidget(w)
    for law in FAMILIES.values():
        for start in (1e18, 1e20, 1e22, 1e24, 1e26):
            w.set_scenario(law, start)
            while w.pull():
                pass
            gains = np.array(w.shown_gains())
            assert np.allclose(gains, diminishing_returns(law, start, 5).drops)
            assert np.all(np.diff(gains) < 0), (law.key, start, gains)
            w.reset()


def test_step_back_removes_the_last_pull(qtbot, lever):
    for _ in range(3):
        qtbot.keyClick(lever, Qt.Key.Key_Space)
    three = lever.shown_gains()
    caption3 = lever.caption()
    qtbot.keyClick(lever, Qt.Key.Key_Backspace)
    assert lever.pulls() == 2
    assert lever.shown_gains() == three[:2]
    assert lever.caption() != caption3 and lever.caption().startswith("Pull 2:")
    qtbot.keyClick(lever, Qt.Key.Key_Backspace)
    qtbot.keyClick(lever, Qt.Key.Key_Backspace)
    qtbot.keyClick(lever, Qt.Key.Key_Backspace)  # one too many: stays at the start
    assert lever.pulls() == 0 and lever.shown_gains() == []


def test_reset_returns_to_the_start(qtbot, lever):
    start_caption = lever.caption()
    assert start_caption.startswith("Start:")
    for _ in range(4):
        qtbot.keyClick(lever, Qt.Key.Key_Space)
    assert lever.caption() != start_caption
    qtbot.keyClick(lever, Qt.Key.Key_R)
    assert lever.pulls() == 0
    assert lever.shown_gains() == []
    assert lever.caption() == start_caption
    assert not lever.back_button.isEnabled()


def test_captions_tell_the_story(qtbot, lever):
    steps = diminishing_returns(get_law("epoch2024"), START, 5)
    lever.pull()
    # 1e22 FLOP on an H100 (989 TFLOP/s bf16 dense) at 40% MFU: 1e22 / (989e12 · 0.4) s
    # = 0.80 GPU-years, at $2 per GPU-hour $14 K.
    assert "10x the compute (0.8 GPU-years, $14 K) bought −0.164 loss" in lever.caption()
    lever.pull()
    lever.pull()
    cap = lever.caption()
    assert cap.startswith("Pull 3: 1,000x the compute of the start (80 GPU-years, $1.4 M) bought −0.072 loss")
    assert "less than half the first pull's −0.164" in cap
    assert steps.drops[2] < steps.drops[0] / 2  # the words match the numbers


def test_set_scenario_changes_gains_and_keeps_pulls(qtbot, lever):
    for _ in range(3):
        lever.pull()
    epoch = lever.shown_gains()
    lever.set_scenario(get_law("hoffmann2022"), START)
    assert lever.pulls() == 3
    assert not np.allclose(lever.shown_gains(), epoch)
    assert np.allclose(lever.shown_gains(), diminishing_returns(get_law("hoffmann2022"), START, 5).drops[:3])
    # The knobs (start compute) change the machine too: later starts buy less per pull.
    lever.set_scenario(get_law("hoffmann2022"), START * 100)
    assert lever.shown_gains()[0] < epoch[0]


def test_bad_scenario_is_refused_with_the_value(qtbot, lever):
    for bad in (0.0, -1e21, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="start compute"):
            lever.set_scenario(get_law("epoch2024"), bad)
    with pytest.raises(ValueError, match="max_pulls 0"):
        lever.max_pulls = 0
    assert lever.start_compute == START  # unchanged by the refused calls


def test_kaplan_has_no_floor_and_says_so(qtbot, lever):
    lever.set_scenario(get_law("kaplan2020"), START)
    lever.pull()
    assert "no irreducible floor" in lever.accessible_description()
    img = lever.render_to_image(600, 420)
    assert not img.isNull()


def test_play_advances_over_time_and_pauses(qtbot, lever):
    qtbot.keyClick(lever, Qt.Key.Key_P)
    assert lever.is_playing()
    assert lever.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: lever.pulls() >= 2, timeout=3000)
    qtbot.keyClick(lever, Qt.Key.Key_P)
    assert not lever.is_playing()
    held = lever.pulls()
    qtbot.wait(500)  # longer than a pull plus the hold at these timings
    assert lever.pulls() == held


def test_play_runs_to_the_end_then_stops_and_replays(qtbot, lever):
    lever.play()
    qtbot.waitUntil(lambda: lever.pulls() == lever.max_pulls and not lever.is_playing(), timeout=5000)
    lever.play()  # at the end, Play starts over
    assert lever.is_playing()
    qtbot.waitUntil(lambda: 1 <= lever.pulls() < lever.max_pulls, timeout=3000)
    lever.pause()


def test_hiding_stops_the_animation_clock(qtbot, lever):
    lever.pull_base_ms = 5000  # a long pull, so it is still running when hidden
    lever.pull()
    assert lever.animation_running()
    lever.hide()
    assert not lever.animation_running()
    assert lever.pulls() == 1  # the logical state is not affected
    lever.show()
    assert lever.animation_running()
    # Play's timer stops too.
    lever.pull_base_ms = 60
    lever.reset()  # cuts the long pull short
    lever.play()
    lever.hide()
    assert not lever.animation_running()
    lever.show()
    qtbot.waitUntil(lambda: lever.pulls() >= 2, timeout=3000)
    lever.pause()


def test_logical_state_changes_at_once_and_drawing_catches_up(qtbot, lever):
    lever.pull_base_ms = 400
    lever.pull()
    assert lever.pulls() == 1 and len(lever.shown_gains()) == 1
    assert lever.animation_running()
    qtbot.waitUntil(lambda: not lever.animation_running(), timeout=3000)


def test_buttons_are_named_and_clickable(qtbot, lever):
    for button, key in (
        (lever.pull_button, "Space"),
        (lever.back_button, "Backspace"),
        (lever.reset_button, "(R)"),
        (lever.play_button, "(P)"),
    ):
        assert button.accessibleName()
        assert key in button.toolTip()
    qtbot.mouseClick(lever.pull_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(lever.pull_button, Qt.MouseButton.LeftButton)
    assert lever.pulls() == 2
    qtbot.mouseClick(lever.back_button, Qt.MouseButton.LeftButton)
    assert lever.pulls() == 1
    qtbot.mouseClick(lever.reset_button, Qt.MouseButton.LeftButton)
    assert lever.pulls() == 0


def test_accessible_description_follows_the_scene(qtbot, lever):
    lever.pull()
    lever.pull()
    desc = lever.accessible_description()
    assert lever.accessibleDescription() == desc
    assert "2 of 5 pulls made" in desc
    assert "Pull 2: +10x compute" in desc
    assert "irreducible floor E = 1.82" in desc
    assert lever.caption() in desc


def _variance(img: QtGui.QImage) -> float:
    img = img.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    ptr = img.constBits()
    arr = np.frombuffer(ptr, dtype=np.uint8, count=img.sizeInBytes()).reshape(img.height(), img.bytesPerLine())
    return float(arr.astype(np.float64).var())


def test_render_to_image_without_showing(qtbot, restore_theme):
    w = LeverWidget()
    qtbot.addWidget(w)
    for _ in range(3):
        w.pull()
    img = w.render_to_image(640, 440)
    assert (img.width(), img.height()) == (640, 440)
    assert _variance(img) > 100.0
    # Pulling changes the picture, and so does the theme.
    before = w.render_to_image(640, 440)
    w.pull()
    assert w.render_to_image(640, 440) != before
    theme.set_theme("projector")
    proj = w.render_to_image(1280, 720)
    assert _variance(proj) > 100.0
    # Background of the projector theme is white.
    assert QtGui.QColor(proj.pixel(2, 2)) == QtGui.QColor(theme.current().background)


def test_screenshots_in_every_theme(qtbot, restore_theme):
    for name, size in (("dark", (600, 420)), ("light", (600, 420)), ("projector", (1280, 720))):
        theme.set_theme(name)
        w = LeverWidget()
        qtbot.addWidget(w)
        w.pull_base_ms, w.pull_extra_ms = 150, 50
        w.resize(*size)
        w.show()
        for _ in range(3):
            w.pull()
        qtbot.waitUntil(lambda: not w.animation_running(), timeout=5000)
        shot = w.grab()
        assert _variance(shot.toImage()) > 100.0
        shot.save(f"/tmp/lever_{name}.png")
        w.close()


def test_scenario_change_repaints_like_a_fresh_widget(qtbot):
    """The cached static layer is patched, not rebuilt, on set_scenario: it must match a rebuild."""
    a = LeverWidget(get_law("epoch2024"), START)
    b = LeverWidget(get_law("kaplan2020"), START * 10)
    for w in (a, b):
        qtbot.addWidget(w)
        w.resize(600, 420)
        w.show()
        w.pull_base_ms = w.pull_extra_ms = w.settle_ms = 1
    qtbot.waitExposed(a)
    a.grab()  # builds a's static layer for epoch2024
    a.set_scenario(get_law("kaplan2020"), START * 10)
    for w in (a, b):
        w.pull()
        w.pull()
    qtbot.waitUntil(lambda: not a.animation_running() and not b.animation_running(), timeout=2000)
    a.clearFocus()
    b.clearFocus()
    ia = a.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    ib = b.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)

    def arr(img):
        return (
            np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
            .reshape(img.height(), img.bytesPerLine())
            .astype(int)
        )

    diff = np.abs(arr(ia) - arr(ib))
    assert (diff > 40).mean() < 0.001, "patched static layer differs from a fresh one"


def test_play_waits_while_hidden_and_resumes_when_shown(qtbot, lever):
    lever.hide()
    lever.play()  # the first pull happens at once; the clock then waits for the window
    assert lever.pulls() == 1 and not lever.animation_running()
    qtbot.wait(300)
    assert lever.pulls() == 1
    lever.show()
    qtbot.waitUntil(lambda: lever.pulls() >= 2, timeout=3000)
    lever.pause()


def test_theme_switch_restyles_the_live_widget(qtbot, lever, restore_theme):
    theme.set_theme("dark")
    lever.pull()
    dark = lever.grab().toImage()
    theme.set_theme("projector")
    proj = lever.grab().toImage()
    assert dark != proj
    assert QtGui.QColor(proj.pixel(5, 5)) == QtGui.QColor(theme.PROJECTOR.background)
    assert "font-size: 23px" in lever.styleSheet()  # 13 px × 1.75 on the buttons


def test_grabbing_the_lever_with_the_mouse_pulls_it(qtbot, lever):
    r = lever._renderer
    handle = QtCore.QPoint(int(r.pivot.x() - r.arm_len * 0.3), int(r.pivot.y() - r.arm_len * 0.6))
    qtbot.mouseClick(lever._scene, Qt.MouseButton.LeftButton, pos=handle)
    assert lever.pulls() == 1
    gauge = r.gauge_area.center().toPoint()  # a click elsewhere does nothing
    qtbot.mouseClick(lever._scene, Qt.MouseButton.LeftButton, pos=gauge)
    assert lever.pulls() == 1
