"""The timeline, test-time and reconcile scenes: in the tour, quoting the core, answers masked."""

from __future__ import annotations

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


def test_the_emergence_scene_uses_the_downstream_readout(qtbot, make_window):
    """Issue 17 item 4: in the emergence scene the loss-to-benchmark readout (a smooth average of
    17 benchmarks, beside the loss) is on screen next to the exact-match mini-plot, and follows the
    knobs; a scene can name it ("downstream") to highlight or mask it."""
    from scalingdesk.core import downstream
    from scalingdesk.core.tour import CONTROLS
    from scalingdesk.qt.tour import install_tour

    assert "downstream" in CONTROLS and "controls" in SCENES[10].views
    w = make_window((1366, 768))
    tour = install_tour(w)
    tour.glide_ms = 0
    tour.go(10)
    tour.finish_animation()
    readout = tour.widget_for("downstream")
    assert readout is w.controls.downstream and readout.isVisible()
    before = readout.value.text()
    w.scenario.set_compute(1e26)
    assert readout.value.text() == downstream.gadre_readout(w.scenario.state.loss).text != before
