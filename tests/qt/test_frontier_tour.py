"""The timeline, test-time and reconcile scenes: in the tour, quoting the core, answers masked."""

from __future__ import annotations

import numpy as np
import pytest

from scalingdesk.core import porian, reconcile, test_time, trend
from scalingdesk.core.tour import LESSONS, load_tour

SCENES = {s.number: s for s in load_tour()}


def test_the_three_scenes_are_in_the_tour_with_their_views():
    assert [SCENES[n].views[0] for n in (13, 14, 15)] == ["timeline", "test-time", "reconcile"]
    assert any(set(numbers) == {13, 14, 15} for _, numbers in LESSONS)
    # the views holding an answer are masked until the guess
    assert SCENES[14].mask == ("test-time",) and SCENES[15].mask == ("reconcile",)


def test_scene_numbers_come_from_the_core():
    t = trend.growth_trend("compute", since=2017)
    s13 = SCENES[13]
    assert f"{t.growth_per_year:.1f}x a year" in s13.text and f"{t.n_models} models" in s13.text
    assert f"every {t.doubling_months:.1f} months" in s13.reveal
    assert f"{100 * test_time.trade_view(1e15).large_at_budget:.0f}%" in SCENES[14].reveal
    r = reconcile.reconcile_table()
    s15 = SCENES[15]
    assert f"{r.exponent(True, True):.2f}" in s15.text
    assert s15.reveal.startswith(f"{r.exponent(False, True):.2f}")
    assert f"{r.exponent(True, False):.2f}" in s15.reveal
    path = porian.main_path()
    assert f"from {path[0].exponent} " in s15.text and f"to {path[-1].exponent}," in s15.text
    # the right choice is the computed answer: total parameters on small budgets give about 0.5
    assert s15.choices[s15.answer].startswith("About 0.5") and r.exponent(False, True) == pytest.approx(0.5, abs=0.03)


@pytest.mark.parametrize("number", [13, 14, 15])
def test_scene_shows_its_view_built_and_masked(qtbot, make_window, number):
    from scalingdesk.qt.tour import install_tour

    w = make_window((1366, 768))
    tour = install_tour(w)
    tour.glide_ms = 0
    scene = tour.go(number)
    tour.finish_animation()
    qtbot.wait(1)
    view = w.views.widget(scene.views[0])
    assert view.isVisible() and view.is_built()  # the lazy tab is made when the scene shows it
    for name in scene.mask:
        assert tour.mask.covers(tour.widget_for(name))


@pytest.mark.parametrize("size", [(1024, 700), (1366, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_emergence_scene_uses_the_downstream_readout(qtbot, make_window, size):
    """Issue 17 item 4: in the emergence scene the loss-to-benchmark readout (Gadre et al.'s fit,
    an average over 17 benchmarks, beside the loss) is the scene's highlight, on screen next to the
    exact-match mini-plot, follows the knobs, and the reveal says what it shows."""
    from scalingdesk.core import downstream
    from scalingdesk.core.tour import CONTROLS
    from scalingdesk.qt.tour import install_tour

    scene = SCENES[10]
    assert "downstream" in CONTROLS and "controls" in scene.views and scene.highlight == "downstream"
    assert "Gadre et al." in scene.reveal and "beside the loss" in scene.reveal and "smoothly" in scene.reveal
    assert scene.mask == ("panel_plot",)  # the exact-match curve holds the answer; the readout does not
    w = make_window(size)
    tour = install_tour(w)
    tour.glide_ms = 0
    tour.go(10)
    tour.finish_animation()
    readout = tour.widget_for("downstream")
    assert readout is w.controls.downstream and tour.highlighted_widget() is readout
    assert readout.isVisible() and not readout.visibleRegion().isEmpty() and not tour.mask.covers(readout)
    qtbot.waitUntil(lambda: tour.overlay.isVisible())
    assert tour.overlay.target_rect().topLeft() == readout.mapTo(w, readout.rect().topLeft())
    # the outline (drawn inside the target, its pen as wide as the theme's lines, at least 3 px)
    # frames the readout's text instead of covering its first letters and its last line
    from scalingdesk.qt import theme as themes

    pen = max(3.0, themes.current().line_width)
    for label in (readout.value, readout.warning):
        if label.isVisible():
            g = label.geometry()
            assert g.left() >= 1.5 * pen and readout.width() - g.right() - 1 >= 1.5 * pen, g
            assert g.top() >= pen and readout.height() - g.bottom() - 1 >= pen, g
    before = readout.value.text()
    # along the frontier a smooth loss gives a smooth, rising fitted accuracy
    accuracies = []
    for c in (1e20, 1e22, 1e24, 1e26):
        w.scenario.set_compute(c)
        assert readout.value.text() == downstream.gadre_readout(w.scenario.state.loss).text
        accuracies.append(readout.readout.accuracy)
    assert readout.value.text() != before
    assert all(a < b for a, b in zip(accuracies, accuracies[1:]))
    # no jump: each 100x of compute adds less than the one before, while exact match on the
    # scene's answer (the masked mini-plot) adds more and more: the jump is the metric's
    steps = [b - a for a, b in zip(accuracies, accuracies[1:])]
    assert all(a > b for a, b in zip(steps, steps[1:]))
    from scalingdesk.core.tour_plots import emergence_curves

    em = emergence_curves(np.array([1e20, 1e22, 1e24, 1e26]))["exact_match"]
    em_steps = np.diff(em)
    assert all(a < b for a, b in zip(em_steps, em_steps[1:]))
