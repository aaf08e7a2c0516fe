"""Presenter mode on narrow screens: the scene's plot gets the width that is not the tour text.

At 1024x768 the controls (~390 px) and the tour column (~310 px) left the loss plot ~310 px.
Now, where the plots beside the controls would get under 55% of the width, the plots are on
top at the full width and the controls run under them as one band (knobs | hold buttons and
readouts), the law chooser and the benchmark readout hidden.  Esc puts every widget back.
"""

import pytest
from PySide6 import QtCore, QtWidgets

from layout_checks import all_problems
from scalingdesk.qt import compact_controls


def settle(qtbot, w, size):
    w.resize(*size)
    qtbot.waitUntil(lambda: w.size() == QtCore.QSize(*size))
    for _ in range(3):
        QtWidgets.QApplication.processEvents()


def present(qtbot, w, size):
    from scalingdesk.qt.presenter import install_presenter
    from scalingdesk.qt.tour import install_tour

    settle(qtbot, w, size)
    tour = install_tour(w)
    tour.glide_ms = 0
    mode = install_presenter(w, tour)
    mode.enter(full_screen=False)
    return tour, mode


def go(tour, n):
    tour.go(n)
    tour.finish_animation()
    for _ in range(4):
        QtWidgets.QApplication.processEvents()


def free_width(w, tour):
    return w.width() - tour.dock.width()


@pytest.mark.parametrize(
    "size,scenes",
    [((1024, 768), ((1, "loss"), (5, "plane"))), ((1280, 720), ((1, "loss"),))],
    ids=["1024x768", "1280x720"],
)
def test_the_scene_plot_gets_the_width_beside_the_tour(qtbot, make_window, size, scenes):
    w = make_window()
    tour, mode = present(qtbot, w, size)
    for n, view in scenes:
        go(tour, n)
        plot = w.plots[view]
        assert w.views.stacked, (size, n)
        assert plot.width() >= 0.9 * free_width(w, tour), (size, n, plot.width(), free_width(w, tour))
        assert plot.height() >= 0.4 * w.height(), (size, n, plot.height())
        if size == (1024, 768):  # beside the controls it was 311x768
            assert plot.width() * plot.height() > 311 * 768
        # the knobs, the hold buttons and the loss stay in reach, under the plot
        c = w.controls
        for widget in (*c.knobs.values(), *c.hold_buttons.values(), c.loss_value, c.follow):
            assert widget.isVisible(), widget.accessibleName()
            assert widget.mapTo(w, QtCore.QPoint(0, 0)).y() >= plot.mapTo(w, QtCore.QPoint(0, 0)).y() + plot.height()
        assert not c.family.isVisible() and not c.downstream.isVisible()
        assert all_problems(w) == [], (size, n)
    mode.leave()


def test_esc_puts_every_control_back(qtbot, make_window):
    w = make_window()
    settle(qtbot, w, (1366, 768))
    c = w.controls
    form = c.layout()
    before = [form.itemAt(i).widget() or form.itemAt(i).layout() for i in range(form.count())]
    knob_layout = form.itemAt(0).layout()
    knobs_before = [knob_layout.itemAt(i).widget() for i in range(knob_layout.count())]
    shown_before = {x: x.isVisible() for x in c.findChildren(QtWidgets.QWidget)}
    for _ in range(2):  # twice: nothing left over from the first time
        tour, mode = present(qtbot, w, (1024, 768))
        go(tour, 1)
        assert compact_controls.is_compact(c) and w.views.stacked
        mode.leave()
        settle(qtbot, w, (1366, 768))
        assert not compact_controls.is_compact(c) and not w.views.stacked
        assert w.views.splitter.orientation() == QtCore.Qt.Orientation.Horizontal
        assert w.views.splitter.widget(0) is w.left_tabs
        assert [form.itemAt(i).widget() or form.itemAt(i).layout() for i in range(form.count())] == before
        assert [knob_layout.itemAt(i).widget() for i in range(knob_layout.count())] == knobs_before
        QtWidgets.QApplication.processEvents()
        assert {x: x.isVisible() for x in shown_before} == shown_before
        assert c.findChildren(QtWidgets.QWidget, "compactControls") == []
        assert all_problems(w) == []


def test_presenter_lever_scene_shows_the_knobs_and_the_lever(qtbot, make_window):
    w = make_window()
    tour, mode = present(qtbot, w, (1024, 768))
    go(tour, 3)  # the lever and the controls: the knobs' band above the lever
    assert w.views.stacked == "lever"
    assert w.views.is_visible_now("lever") and w.views.is_visible_now("controls")
    assert all_problems(w) == []
    mode.leave()
    tour, mode = present(qtbot, w, (1920, 1080))
    go(tour, 3)  # both on screen here too, stacked or side by side
    assert w.views.is_visible_now("lever") and w.views.is_visible_now("controls")
    assert all_problems(w) == []
    mode.leave()
    settle(qtbot, w, (1024, 768))
    assert not w.views.stacked  # the normal window, all views: never stacked


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_scene_3_in_a_narrow_window_shows_the_knobs_above_the_lever(qtbot, make_window, size):
    """Issue 15: the learner turns C and pulls, so both are on screen, not tabs one at a time."""
    from scalingdesk.qt.tour import install_tour

    w = make_window()
    settle(qtbot, w, size)
    tour = install_tour(w)
    tour.glide_ms = 0
    go(tour, 3)
    views = w.views
    assert views.is_visible_now("lever") and views.is_visible_now("controls")
    assert views.stacked == "lever"
    knob = w.controls.knob_c
    assert knob.isVisible() and knob.mapTo(w, QtCore.QPoint(0, 0)).y() < w.lever.mapTo(w, QtCore.QPoint(0, 0)).y()
    assert w.lever.height() >= w.lever.minimumSizeHint().height()
    assert all_problems(w) == []
    tour.leave()
    qtbot.waitUntil(lambda: not views.stacked)
    for _ in range(3):
        QtWidgets.QApplication.processEvents()  # the learner's own layout, restored
    assert not compact_controls.is_compact(w.controls)
    assert all_problems(w) == []


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_emergence_scene_shows_the_downstream_readout_in_the_band(qtbot, make_window, size):
    """Scene 10 points at the loss-to-accuracy readout: the band, which leaves it out for room,
    shows it there while that scene is on, framed by the outline, and hides it again after."""
    w = make_window()
    tour, mode = present(qtbot, w, size)
    c = w.controls
    (emergence,) = [n for n, s in enumerate(tour.scenes, 1) if s.highlight == "downstream"]
    go(tour, emergence)
    assert w.views.stacked and compact_controls.is_compact(c)
    assert c.downstream.isVisible() and tour.highlighted_widget() is c.downstream
    band = c.findChild(QtWidgets.QWidget, "compactControls")
    assert band.isAncestorOf(c.downstream)  # under the loss, beside the knobs
    assert all_problems(w) == [], size
    from scalingdesk.qt.tour.overlay import outline_width

    # the solid outline's inner edge, 1.5 pen widths in (less 1 px: a line's leading may touch it)
    inset = int(1.5 * outline_width()) - 1
    inner = tour.overlay.target_rect().adjusted(inset, inset, -inset, -inset)
    for label in (c.downstream.value, c.downstream.warning):
        if label.isVisible():
            r = QtCore.QRect(label.mapTo(w, QtCore.QPoint(0, 0)), label.size())
            assert inner.contains(r), (label.text(), r, inner)
    go(tour, emergence + 1)
    assert not c.downstream.isVisible()
    go(tour, emergence)
    mode.leave()
    settle(qtbot, w, (1366, 768))
    assert c.downstream.isVisible()  # back beside the loss in the window, as it was
