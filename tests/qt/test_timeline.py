"""The timeline view-model and view, and the all-models scatter on the explorer's plots."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore

from scalingdesk.core import timeline


def test_slider_replays_history(qtbot):
    from scalingdesk.qt.timeline_view import TimelineView

    w = TimelineView()
    qtbot.addWidget(w)
    w.show()
    w.slider.setFocus()
    shown_all = len(w.panels[0].points.data)
    w.set_year(2020.0)
    qtbot.keyClick(w.slider, QtCore.Qt.Key.Key_PageUp)  # a year on
    assert w.year == pytest.approx(2021.0)
    assert len(w.panels[0].points.data) == int(w.view.panels[0].shown.sum()) < shown_all
    assert w.year_label.text() == "Jan 2021"
    assert "x/yr" in w.panels[0].plot.titleLabel.text


def test_window_tab_places_knob_model_and_toggles_all_models(qtbot, make_window):
    w = make_window()
    tabs = w.frontier_tabs
    view = tabs.timeline
    assert w.views.widget("timeline").content is view  # the window's view registry places the tab
    w.views.bring_forward("timeline")
    w.scenario.set_compute(1e25)
    assert view.view.knob.compute == pytest.approx(1e25)
    assert not w.plane_plot.epoch_models.isVisible()  # off by default
    qtbot.mouseClick(view.show_all, QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(5, view.show_all.height() // 2))
    assert view.show_all.isChecked()
    assert w.plane_plot.epoch_models.isVisible() and w.loss_plot.epoch_models.isVisible()
    assert len(w.plane_plot.epoch_models.data) == len(timeline.plane_points().models)
    before = w.loss_plot.epoch_models.points_view.y.copy()
    w.scenario.set_law("hoffmann2022")  # the loss plot re-places them under the new law
    assert not np.allclose(w.loss_plot.epoch_models.points_view.y, before)
    tabs.show_all_models(False)
    assert not w.loss_plot.epoch_models.isVisible()


def test_scatter_tooltips_are_plain_text():
    from scalingdesk.qt.epoch_scatter import plain_tip

    assert plain_tip("a<b>c</b>\nrow 3") == "<qt>a&lt;b&gt;c&lt;/b&gt;<br>row 3</qt>"
