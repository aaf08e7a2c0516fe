"""Work a switch would do is done ahead or not at all (issue 18): the frontier views built on
idle, hidden views kept current, restyles skipped when nothing changed, the strip's fit search."""

from __future__ import annotations

import pytest
from PySide6 import QtWidgets

from scalingdesk.qt import frontier_tabs, strip
from scalingdesk.qt import theme as themes

NAMES = ("timeline", "test-time", "reconcile")


def test_idle_builder_builds_every_view_once_the_window_is_quiet(make_window, qtbot, monkeypatch):
    monkeypatch.setattr(frontier_tabs, "IDLE_MS", 50)
    w = make_window((1366, 768))
    lazies = {n: w.views.widget(n) for n in NAMES}
    assert not any(v.is_built() for v in lazies.values())  # none paid for at start
    builder = w.frontier_tabs.idle_builder
    assert builder._timer.isActive()  # the window is up: waiting for it to settle
    builder._timer.start(50)  # (sooner than PREBUILD_AFTER_MS, for the test)
    qtbot.waitUntil(lambda: all(v.is_built() for v in lazies.values()), timeout=10000)
    for v in lazies.values():
        assert not v.content.isVisible()  # built hidden: the arrangement is the same
        before = frontier_tabs.PLACEHOLDER_MINIMUM[v.name]
        after = v.minimumSizeHint()
        assert after.width() == pytest.approx(before[0], rel=0.15)
        assert after.height() == pytest.approx(before[1], rel=0.15)


def test_idle_builder_waits_while_the_scenario_moves(make_window, qtbot, monkeypatch):
    monkeypatch.setattr(frontier_tabs, "IDLE_MS", 300)
    w = make_window((1366, 768))
    builder = w.frontier_tabs.idle_builder
    builder._timer.stop()
    w.scenario.set_compute(2e23)  # a change just now: not idle
    builder._step()
    builder._timer.stop()
    assert builder.pending() == list(NAMES)
    qtbot.wait(350)
    builder._step()
    builder._timer.stop()
    assert builder.pending() == list(NAMES[1:])  # one view per idle moment


def test_a_hidden_view_is_redrawn_for_a_new_theme_when_idle_or_shown(make_window, qtbot, monkeypatch):
    monkeypatch.setattr(frontier_tabs, "IDLE_MS", 30)
    w = make_window((1366, 768))
    view = w.views.widget("timeline").content  # built, not shown
    assert not view.isVisible()
    calls = []
    real = view.refresh
    monkeypatch.setattr(view, "refresh", lambda: (calls.append(themes.current().name), real()))
    view._stale_refresh._refresh = view.refresh
    w.set_theme("light")
    assert calls == [] and view._stale  # not redrawn inside the switch
    qtbot.waitUntil(lambda: calls == ["light"], timeout=3000)  # redrawn once idle
    assert not view._stale
    w.set_theme("dark")
    view._stale_refresh._timer.stop()  # not idle yet: shown first
    w.views.bring_forward("timeline")
    assert view.isVisible() and calls == ["light", "dark"]


def test_same_theme_sheet_is_not_set_again(make_window, monkeypatch):
    w = make_window((1366, 768))
    w.set_theme("light")
    sets = []
    real = QtWidgets.QMainWindow.setStyleSheet
    monkeypatch.setattr(type(w), "setStyleSheet", lambda self, s: (sets.append(s), real(self, s)))
    w.set_theme("light")
    assert sets == []  # the same theme: nothing re-polished
    w.set_theme("dark")
    assert len(sets) == 1 and themes.DARK.background in sets[0]


def _top_down(panel, width, height) -> float:
    """The search the strip did before: from the theme's scale down, one step at a time."""
    top = themes.current().font_scale
    scale = top
    while True:
        panel.set_text_scale(scale)
        strip.wrap_buttons(panel, width)
        if strip.fits(panel, width, height) or scale <= top * strip.SMALLEST:
            return scale
        scale = round(scale * strip.STEP, 3)


@pytest.mark.parametrize("start", [None, 0, 3, -1])
def test_fit_from_the_scale_in_use_finds_the_top_down_answer(make_window, start):
    from scalingdesk.qt.tour import install_tour

    w = make_window((1366, 768))
    w.set_theme("projector")
    tour = install_tour(w)
    tour.glide_ms = 0
    tour.go(4)
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
    panel = tour.panel
    width, height = 420, 700
    expected = _top_down(panel, width, height)
    panel._fit_key = None
    panel.set_text_scale(None if start is None else strip._scales(themes.current().font_scale)[start])
    got = strip.fit_text(panel, width, height)
    assert got == pytest.approx(expected)
    assert panel.text_scale == pytest.approx(expected)
    assert strip.fits(panel, width, height) or expected <= themes.current().font_scale * strip.SMALLEST


def test_a_fit_for_unchanged_text_and_room_restyles_nothing(make_window, monkeypatch):
    from scalingdesk.qt.tour import install_tour

    w = make_window((1366, 768))
    tour = install_tour(w)
    tour.glide_ms = 0
    tour.go(2)
    panel = tour.panel
    first = strip.fit_text(panel, 400, 600)
    tried = []
    real = panel.set_text_scale
    monkeypatch.setattr(panel, "set_text_scale", lambda s: (tried.append(s), real(s)))
    assert strip.fit_text(panel, 400, 600) == first
    assert tried == []
    tour.go(3)  # new text: fitted again
    strip.fit_text(panel, 400, 600)
    assert tried


def test_presenter_tour_text_keeps_the_largest_type_that_fits_after_the_scenes_before(make_window, qtbot):
    """Walking the tour to scene 10 in presenter mode at 1366x768 left its text at half size when
    the panel skipped re-setting an unchanged style sheet (the new scene's children measured in
    unstyled fonts): once settled, the scale in use is the one a fresh top-down search finds."""
    from scalingdesk.qt.presenter import install_presenter
    from scalingdesk.qt.tour import install_tour

    w = make_window((1366, 768))
    tour = install_tour(w)
    tour.glide_ms = 0
    mode = install_presenter(w, tour)
    mode.enter(full_screen=False)
    for n in range(1, 11):
        tour.go(n)
        tour.finish_animation()
        for _ in range(4):
            QtWidgets.QApplication.processEvents()
    panel = tour.panel
    qtbot.waitUntil(lambda: not panel._fit_pending, timeout=5000)
    for _ in range(6):
        QtWidgets.QApplication.processEvents()
    shown = panel.text_scale
    width, height = panel.width() - 8, panel.height() - 4
    assert shown == pytest.approx(_top_down(panel, width, height))
    mode.leave()
