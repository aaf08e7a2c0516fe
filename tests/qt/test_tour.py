"""The guided tour: scene data checked against the core, and the tour walked like a learner."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import numpy as np  # noqa: E402
import pytest  # noqa: E402

from scalingdesk.core.tour import (  # noqa: E402
    CONTROLS,
    VIEWS,
    load_tour,
    scene_state,
)


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def tour(window):
    from scalingdesk.qt.tour import install_tour

    return install_tour(window)


def _known_views(window):
    known = set(window.views.names()) if hasattr(window, "views") else set(VIEWS)
    return [n for n in VIEWS if n in known]


def _view_visible(window, tour, name):
    w = tour.widget_for(name)
    if hasattr(window, "views"):  # the window's view registry says what is shown
        # (panels may share the drawer as tabs in a narrow window: one shows at a time)
        from scalingdesk.qt.view_registry import PANELS

        return window.views.is_shown(name) and (name in PANELS or w.isVisibleTo(window))
    if name in ("lever", "hardware"):
        tabs = window.side_tabs
        return not tabs.isHidden() and tabs.isTabVisible(tabs.indexOf(w))
    return w.isVisibleTo(window)


def test_walk_the_whole_tour(window, tour, qtbot):
    scenes = load_tour()
    tour.start()
    for i, scene in enumerate(scenes):
        tour.finish_animation()
        assert tour.current == scene
        expected = scene_state(scene, window.scenario.state)
        s = window.scenario.state
        assert (s.law, s.held, s.follow_optimum, s.unique_tokens) == (
            expected.law,
            expected.held,
            expected.follow_optimum,
            expected.unique_tokens,
        )
        assert s.params == pytest.approx(expected.params, rel=1e-12)
        assert s.tokens == pytest.approx(expected.tokens, rel=1e-12)
        # Only the scene's views are shown (of the views this window has).
        for name in _known_views(window):
            assert _view_visible(window, tour, name) == (name in scene.views), (scene.number, name)
        # The highlight outlines the named part.
        target = tour.highlighted_widget()
        assert target is tour.widget_for(scene.highlight) and target.isVisibleTo(window)
        if scene.highlight in CONTROLS:
            assert window.controls.isAncestorOf(target)
        qtbot.waitUntil(lambda: tour.overlay.isVisible())
        top_left = target.mapTo(window, target.rect().topLeft())
        assert tour.overlay.target_rect().topLeft() == top_left
        assert tour.panel.title.text() == scene.title
        if i + 1 < len(scenes):
            qtbot.mouseClick(tour.panel.next_button, pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
    # The last scene's Next is "Finish": the end screen, where there is no further Next.
    assert tour.panel.next_button.text().startswith("Finish")
    qtbot.mouseClick(tour.panel.next_button, pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
    assert tour.at_end() and tour.panel.end_box.isVisible()
    assert not tour.panel.next_button.isEnabled()
    assert tour.next() is False
    tour.leave()
    for name in _known_views(window):
        assert _view_visible(window, tour, name) or name == "hardware"  # one tab shows at a time
    assert not tour.overlay.isVisible() and not tour.dock.isVisible()


def test_going_to_a_scene_glides_and_is_one_undo_step(window, tour, qtbot):
    before = window.scenario.state
    tour.go(5)
    assert tour.animating()
    qtbot.waitUntil(lambda: not tour.animating(), timeout=3000)
    s = window.scenario.state
    assert (s.params, s.tokens) == (1.75e11, 3.0e11)
    assert window.scenario.undo()
    assert window.scenario.state == before


def test_glide_passes_through_intermediate_values(window, tour, qtbot):
    start = window.scenario.state.params
    seen = []
    window.scenario.subscribe(lambda _o, n: seen.append(n.params))
    tour.go(4)  # 1B parameters
    qtbot.waitUntil(lambda: not tour.animating(), timeout=3000)
    assert seen[-1] == pytest.approx(1e9)
    between = [p for p in seen if min(start, 1e9) * 1.01 < p < max(start, 1e9) / 1.01]
    assert between, "the knob jumped instead of gliding"


def test_guess_then_reveal(window, tour, qtbot):
    from PySide6.QtCore import Qt

    scene = tour.go(6)
    panel = tour.panel
    assert not panel.reveal.isVisible() and not panel.revealed()
    wrong = (scene.answer + 1) % len(scene.choices)
    qtbot.mouseClick(panel.choice_buttons[wrong], Qt.MouseButton.LeftButton)
    assert panel.revealed() and panel.guess == wrong
    assert panel.reveal.isVisible() and scene.choices[scene.answer] in panel.reveal.text()
    assert "your guess" in panel.choice_buttons[wrong].text()
    assert "answer" in panel.choice_buttons[scene.answer].text()
    # The guess is kept: back and forth shows it again, revealed.
    tour.next()
    tour.back()
    assert tour.panel.revealed() and tour.panel.guess == wrong


def test_leave_and_resume_at_the_same_scene(window, tour):
    tour.go(7)
    tour.finish_animation()
    tour.leave()
    assert tour.current is None and not tour.dock.isVisible()
    assert "Resume tour (scene 7)" in tour.start_action.text().replace("&", "")
    window.scenario.reset()
    tour.start_action.trigger()  # Tour ▸ Resume (Ctrl+T)
    tour.finish_animation()
    assert tour.current.number == 7 and tour.dock.isVisible()
    assert window.scenario.state.params == pytest.approx(8e9)


def test_previous_curve_stays_as_a_ghost_when_a_knob_moves(window, tour):
    tour.go(6)
    tour.finish_animation()
    assert not tour.ghost_visible()
    before_n = window.scenario.state.params
    window.scenario.set_params(before_n / 4)  # as a knob would
    assert tour.ghost_visible() and tour.ghost in window.loss_plot.plotItem.items
    x, y = tour.ghost.getData()
    # The ghost is the training curve of the scene's model, not of the new one.
    law = window.scenario.state.law_object
    i = np.nanargmin(np.abs(x - 25.0))
    c = 10 ** x[i]
    assert y[i] == pytest.approx(float(law.loss(before_n, c / (6 * before_n))))
    tour.leave()
    assert tour.ghost not in window.loss_plot.plotItem.items


def test_bad_scene_numbers_are_refused(tour):
    with pytest.raises(ValueError, match="scenes 1 to 15"):
        tour.go(16)
    with pytest.raises(ValueError, match="scenes 1 to 15"):
        tour.go(0)


def test_install_twice_gives_the_same_controller(window, tour):
    from scalingdesk.qt.tour import install_tour

    assert install_tour(window) is tour
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.count("T&our") == 1


def test_export_a_view_for_slides(window, tmp_path):
    from PySide6 import QtCore, QtGui

    from scalingdesk.qt.tour import export_for_slides

    size = window.size()
    out = export_for_slides(window, "loss", tmp_path / "loss.png", QtCore.QSize(3840, 2160))
    image = QtGui.QImage(str(out))
    assert (image.width(), image.height()) == (3840, 2160)
    assert window.size() == size
    with pytest.raises(ValueError, match="unknown view"):
        export_for_slides(window, "radar", tmp_path / "x.png", QtCore.QSize(800, 600))
