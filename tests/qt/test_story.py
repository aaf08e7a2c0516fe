"""The story tells itself: one machine (the lever is the C knob), effort you can see, one naive
guess, guesses cleared for an audience, a tour that ends and gives the learner's state back,
and an opening view that invites."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from PySide6 import QtWidgets
from PySide6.QtCore import Qt

from scalingdesk.core import allocation, views
from scalingdesk.core.lever import pulls_for


@pytest.fixture
def window(make_window):
    return make_window((1600, 900))


def _show_lever(window):
    window.side_tabs.setCurrentWidget(window.lever)
    QtWidgets.QApplication.processEvents()
    assert window.lever.isVisible()


def test_three_pulls_grow_effort_tenfold_move_c_and_buy_the_frontier_differences(qtbot, window):
    _show_lever(window)
    lever, scenario = window.lever, window.scenario
    start = scenario.state.compute
    law = scenario.state.law_object
    # Keys work whenever the lever is visible: the focus is on the loss plot, not the lever.
    window.loss_plot.setFocus()
    assert not lever.hasFocus()
    for k in range(1, 4):
        qtbot.keyClick(
            QtWidgets.QApplication.focusWidget() or window.loss_plot, Qt.Key.Key_Down if k == 2 else Qt.Key.Key_Space
        )
        assert lever.pulls() == k
        # C followed, along the frontier: N and D at the law's optimum for 10^k the start.
        s = scenario.state
        assert s.compute == pytest.approx(start * 10**k, rel=1e-9)
        opt = allocation.optimal(law, start * 10**k)
        assert (s.params, s.tokens) == (pytest.approx(opt.params), pytest.approx(opt.tokens))
    # Effort on the linear scale: each pull 10x the last, as labelled and as drawn.
    assert lever.shown_efforts() == pytest.approx([1.0, 10.0, 100.0])
    assert [t.split(" · ")[0] for t in lever.effort_texts()] == ["×1", "×10", "×100"]
    widths = lever.effort_bar_widths()
    assert widths[2] / widths[1] == pytest.approx(10.0, rel=1e-9)
    assert widths[1] >= 10 * 2.0 - 1e-9  # pull 1 is a sliver (at least 2 px)
    assert widths[2] > 100  # the newest pull fills its side of the row
    # The gains are the core's frontier differences.
    _, _, loss = allocation.frontier(law, start * 10.0 ** np.arange(4))
    assert lever.shown_gains() == pytest.approx(list(loss[:-1] - loss[1:]), rel=1e-12)
    # Each pull is one undo step, and undo moves the lever back.
    assert scenario.undo()
    assert lever.pulls() == 2
    assert scenario.state.compute == pytest.approx(start * 100, rel=1e-9)


def test_lever_keys_rest_while_the_lever_is_hidden(qtbot, window):
    lever = window.lever
    window.side_tabs.setCurrentWidget(window.hardware)
    QtWidgets.QApplication.processEvents()
    if lever.isVisible():  # a layout that shows both panels at once: nothing to check here
        return
    c = window.scenario.state.compute
    window.loss_plot.setFocus()
    qtbot.keyClick(QtWidgets.QApplication.focusWidget() or window.loss_plot, Qt.Key.Key_Space)
    assert lever.pulls() == 0 and window.scenario.state.compute == c


def test_moving_c_moves_the_lever(qtbot, window):
    lever, scenario = window.lever, window.scenario
    start = scenario.state.compute
    scenario.set_compute(start * 10)
    window._update_lever()
    assert lever.pulls() == 1 and lever.start_compute == pytest.approx(start)
    scenario.set_compute(start * 3)  # not a whole number of pulls: the lever starts again here
    window._update_lever()
    assert lever.pulls() == 0 and lever.start_compute == pytest.approx(start * 3)
    assert pulls_for(1e21, 1e24, 5) == 3 and pulls_for(1e21, 3e21, 5) is None


def test_each_pull_says_its_cost_at_the_hardware_panels_settings(window):
    from dataclasses import replace

    s = window.scenario.state
    hw = replace(s.hardware, mfu=0.5, price_per_gpu_hour=4.0)
    window.scenario.set_hardware(hw)
    window._update_lever()
    window.lever.pull()
    row = window.lever.steps().rows[0]
    gpu = hw.gpu()
    hours = row.compute / (gpu.peak_flops("bf16") * 0.5 * 3600)  # GPU-hours = C / (peak·MFU)
    assert row.gpu_hours == pytest.approx(hours)
    assert row.gpu_years == pytest.approx(hours / (365.25 * 24))
    assert row.cost == pytest.approx(hours * 4.0)
    assert "GPU-years" in window.lever.caption() and "$" in window.lever.caption()


def test_the_loss_plot_names_the_same_guess(window):
    names = {item.opts.get("name") for item in window.loss_plot.plotItem.listDataItems()}
    legend = [label.text for _, label in window.loss_plot.legend.items] if hasattr(window.loss_plot, "legend") else []
    assert views.NAIVE_LABEL in names | set(legend)


def test_presenter_mode_clears_earlier_guesses_and_says_so(qtbot, window):
    tour, presenter = window.tour, window.presenter
    tour.glide_ms = 0
    tour.go(2)
    tour.choose(0)
    tour.go(6)
    tour.choose(1)
    assert tour.guesses() == {2: 0, 6: 1}
    tour.leave()
    presenter.enter(full_screen=False)
    try:
        assert tour.guesses() == {}
        assert tour.panel.notice.isVisible() and "cleared" in tour.panel.notice.text()
        tour.go(2)
        assert not tour.panel.revealed() and tour.mask.targets
        # The presenter can keep them after all.
        qtbot.mouseClick(tour.panel.keep_button, Qt.MouseButton.LeftButton)
        assert tour.guesses() == {2: 0, 6: 1}
        assert tour.panel.revealed()
    finally:
        presenter.leave()


def test_keeping_guesses_is_an_option(window):
    tour = window.tour
    tour.glide_ms = 0
    tour.keep_action.setChecked(True)
    tour.go(2)
    tour.choose(1)
    tour.start()
    assert tour.guesses() == {2: 1}


def test_starting_the_tour_clears_guesses(window):
    tour = window.tour
    tour.glide_ms = 0
    tour.go(3)
    tour.choose(2)
    tour.leave()
    tour.start()
    assert tour.guesses() == {}
    assert "Starting the tour" in tour.panel.notice.text()


def test_leave_tour_restores_the_learners_state_undoably(window):
    tour, scenario = window.tour, window.scenario
    tour.glide_ms = 0
    scenario.set_compute(3e22)
    mine = scenario.state
    tour.start()
    tour.next()
    tour.next()
    assert scenario.state != mine
    tour.leave()
    assert scenario.state == mine
    assert scenario.undo()  # leaving is itself one undo step: back to the last scene's state
    assert scenario.state != mine


def test_the_end_sums_up_the_lessons_with_the_learners_guesses(qtbot, window):
    tour = window.tour
    tour.glide_ms = 0
    tour.start()
    right = 0
    for scene in tour.scenes:
        tour.go(scene.number)
        pick = scene.answer if scene.number % 2 else (scene.answer + 1) % len(scene.choices)
        right += pick == scene.answer
        tour.choose(pick)
    assert tour.next() and tour.at_end()
    text = tour.panel.text.text()
    assert f"You got {right} of {len(tour.scenes)} predictions right" in text
    from scalingdesk.core.tour import LESSONS

    assert text.count("•") == len(LESSONS) == 4  # the three lessons of issue 15, and issue 17's
    qtbot.mouseClick(tour.panel.restart_button, Qt.MouseButton.LeftButton)
    assert tour.current.number == 1 and not tour.at_end()
    tour.show_end()
    qtbot.mouseClick(tour.panel.explore_button, Qt.MouseButton.LeftButton)
    assert not tour.is_active() and not tour.dock.isVisible()


def test_scene_3_says_which_key_pulls_and_the_lever_draws_it(window):
    from scalingdesk.qt.lever.painter import PULL_HINT

    scene = window.tour.scenes[2]
    assert "lever" in scene.views and "Space" in scene.question
    assert "Space" in PULL_HINT


def test_first_start_offers_the_tour_until_used(qtbot):
    from scalingdesk.qt.main_window import MainWindow

    w = MainWindow(restore=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    card = w.welcome
    assert card is not None and card.isVisible()
    assert "drag" in card.hint.text().lower()
    qtbot.mouseClick(card.start_button, Qt.MouseButton.LeftButton)
    assert w.tour.is_active() and not card.isVisible()
    w.tour.leave()
    w2 = MainWindow(restore=True)
    qtbot.addWidget(w2)
    assert w2.welcome is None  # used once: not offered again
