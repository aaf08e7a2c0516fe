"""Puts the views beyond the three knobs into the window's side tabs and keeps them in step.

The main window calls :func:`install_frontier_tabs` once; the tabs listen to the scenario
themselves (the timeline places the knobs' model in time) and the timeline's check box shows all
of Epoch AI's models on the N–D map and the loss plot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6 import QtWidgets

from scalingdesk.qt.binding import observe


@dataclass
class FrontierTabs:
    timeline: Any
    views: dict[str, QtWidgets.QWidget]

    def show_all_models(self, shown: bool) -> None:
        self.timeline.show_all.setChecked(shown)


def _optional(factory):
    try:
        return factory()
    except ImportError:  # pragma: no cover - a piece still being built
        return None


def make_frontier_views() -> dict[str, QtWidgets.QWidget]:
    """The views beyond the three knobs, by the names the view registry and the tour use."""
    from scalingdesk.qt.timeline_view import TimelineView

    views: dict[str, QtWidgets.QWidget] = {"timeline": TimelineView()}

    def make_test_time():
        from scalingdesk.qt.test_time_view import TestTimeView

        return TestTimeView()

    def make_reconcile():
        from scalingdesk.qt.reconcile_view import ReconcileView

        return ReconcileView()

    for key, factory in (("test-time", make_test_time), ("reconcile", make_reconcile)):
        view = _optional(factory)
        if view is not None:
            views[key] = view
    return views


def install_frontier_tabs(window, views: dict[str, QtWidgets.QWidget]) -> FrontierTabs:
    """Keep the views in step with the window's scenario (the registry has placed them)."""
    timeline = views["timeline"]

    def on_show_all(shown: bool) -> None:
        law = window.scenario.state.law_object
        window.loss_plot.epoch_models.set_shown(shown, law)
        window.plane_plot.epoch_models.set_shown(shown)

    timeline.showAllModels.connect(on_show_all)

    # The timeline places the knobs' budget in time: it follows C only (ends when it is destroyed).
    observe(timeline, window.scenario, lambda change: timeline.set_knob_compute(change.new.compute), ("compute",))
    timeline.set_knob_compute(window.scenario.state.compute)
    return FrontierTabs(timeline, views)
