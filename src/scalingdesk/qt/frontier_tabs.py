"""Puts the views beyond the three knobs into the window's side tabs and keeps them in step.

Each view is built when it is first shown, not at start (they cost about half a second of CPU
together): the registry holds a :class:`LazyView`, a container whose content is made on its first
show (or when code asks for ``.content``) and is then kept.  Once the window has been up and idle
for a while, :class:`IdleBuilder` makes the ones not shown yet, one per idle moment, so a tour
scene or tab that shows one later paints its first frame without building it (issue 18).  The main window calls
:func:`install_frontier_tabs` once; the built views follow the scenario (the timeline places the
knobs' model in time) and the timeline's check box shows all of Epoch AI's models on the N–D map
and the loss plot.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6 import QtCore, QtWidgets

from scalingdesk.qt.binding import observe

#: Each view's module and class, by the names the view registry and the tour use.
VIEWS = {
    "timeline": ("scalingdesk.qt.timeline_view", "TimelineView"),
    "test-time": ("scalingdesk.qt.test_time_view", "TestTimeView"),
    "reconcile": ("scalingdesk.qt.reconcile_view", "ReconcileView"),
}
#: What each unbuilt placeholder asks of the layout: the built view's minimum size (measured
#: 2026-12 offscreen; tests/qt/test_lazy_frontier.py keeps them close), so the arrangement the
#: registry picks before a first show is the one it picks after.
PLACEHOLDER_MINIMUM = {"timeline": (310, 158), "test-time": (446, 210), "reconcile": (416, 434)}
#: The idle builder waits this long after the window is shown (start-up and the first paints
#: settle first), then builds one view each time the application has been idle IDLE_MS.
PREBUILD_AFTER_MS = 2500
IDLE_MS = 400


class LazyView(QtWidgets.QWidget):
    """A registry entry whose view is made on first show; ``content`` makes it on demand."""

    built = QtCore.Signal(object)

    def __init__(self, name: str, factory: Callable[[], QtWidgets.QWidget]) -> None:
        super().__init__()
        self.name = name
        self.setObjectName(f"lazy-{name}")
        self._factory = factory
        self._content: QtWidgets.QWidget | None = None
        box = QtWidgets.QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)

    def is_built(self) -> bool:
        return self._content is not None

    @property
    def content(self) -> QtWidgets.QWidget:
        if self._content is None:
            view = self._content = self._factory()
            self.layout().addWidget(view)
            if self.isVisible():
                view.show()
            self.updateGeometry()
            self.built.emit(view)
        return self._content

    def showEvent(self, event) -> None:  # noqa: ANN001 - Qt's signature
        self.content  # noqa: B018 - build on first show
        super().showEvent(event)

    def minimumSizeHint(self) -> QtCore.QSize:
        if self._content is None:
            return QtCore.QSize(*PLACEHOLDER_MINIMUM.get(self.name, (0, 0)))
        return super().minimumSizeHint()


class IdleBuilder(QtCore.QObject):
    """Builds the lazy views not shown yet, one at a time, while nobody is using the window: the
    scenario unchanged for IDLE_MS (no drag, wheel, key or glide moving it) and no mouse button
    held (a build takes 0.1-0.5 s of the GUI thread)."""

    def __init__(self, window: Any, views: Mapping[str, Any]) -> None:
        super().__init__(window)
        self._window = window
        self._views = views
        self._quiet = QtCore.QElapsedTimer()
        self._quiet.start()
        self._timer = QtCore.QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._step)
        observe(self, window.scenario, self._changed)
        window.installEventFilter(self)  # until the window is first shown

    def _changed(self, *_args) -> None:
        self._quiet.restart()

    def pending(self) -> list[str]:
        return [name for name, lazy in self._views.items() if not lazy.is_built()]

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if obj is self._window and event.type() == _SHOW:
            self._window.removeEventFilter(self)
            if self.pending():
                self._timer.start(PREBUILD_AFTER_MS)  # the window is up: build once it has settled
        return False

    def _step(self) -> None:
        todo = self.pending()
        if not todo:
            return
        held = QtWidgets.QApplication.mouseButtons() != QtCore.Qt.MouseButton.NoButton
        if self._quiet.elapsed() >= IDLE_MS and not held and self._window.isVisible():
            self._views[todo[0]].content  # noqa: B018 - build it now, hidden
        if self.pending():
            self._timer.start(IDLE_MS)


_SHOW = QtCore.QEvent.Type.Show


class StaleRefresh(QtCore.QObject):
    """Keeps a view that is hidden (built ahead, or another tab in front) up to date without
    redrawing it on every change: ``changed()`` redraws a shown view now; a hidden one is
    marked stale (``view._stale``, which the view's refresh clears) and redrawn once nobody is
    using the window (IDLE_MS after the last change, no mouse button held), or when shown, at
    the latest, before its first paint."""

    def __init__(self, view: Any, refresh: Callable[[], None]) -> None:
        super().__init__(view)
        self._view = view
        self._refresh = refresh
        self._timer = QtCore.QTimer(self, singleShot=True, interval=IDLE_MS)
        self._timer.timeout.connect(self._idle)
        view.installEventFilter(self)

    def changed(self, *_args) -> None:
        if self._view.isVisible():
            self._refresh()
        else:
            self._view._stale = True
            self._timer.start()

    def _idle(self) -> None:
        if not self._view._stale:
            return
        if QtWidgets.QApplication.mouseButtons() != QtCore.Qt.MouseButton.NoButton:
            self._timer.start()  # mid-gesture: later
            return
        self._refresh()

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if obj is self._view and event.type() == _SHOW and self._view._stale:
            self._refresh()
        return False


@dataclass
class FrontierTabs:
    views: dict[str, LazyView]
    idle_builder: IdleBuilder | None = None

    @property
    def timeline(self):
        """The timeline view (built now if it was not yet)."""
        return self.views["timeline"].content

    def show_all_models(self, shown: bool) -> None:
        self.timeline.show_all.setChecked(shown)


def _factory(module: str, cls: str) -> Callable[[], QtWidgets.QWidget]:
    def make() -> QtWidgets.QWidget:
        return getattr(importlib.import_module(module), cls)()

    return make


def make_frontier_views() -> dict[str, QtWidgets.QWidget]:
    """The views beyond the three knobs (placeholders until shown), by their registry names."""
    return {
        name: LazyView(name, _factory(module, cls))
        for name, (module, cls) in VIEWS.items()
        if importlib.util.find_spec(module) is not None  # a piece still being built is left out
    }


def install_frontier_tabs(window, views: dict[str, QtWidgets.QWidget]) -> FrontierTabs:
    """Keep the views in step with the window's scenario (the registry has placed them)."""

    def on_show_all(shown: bool) -> None:
        law = window.scenario.state.law_object
        window.loss_plot.epoch_models.set_shown(shown, law)
        window.plane_plot.epoch_models.set_shown(shown)

    def place(view, s) -> None:
        if hasattr(view, "set_knob_compute"):
            view.set_knob_compute(s.compute)

    def on_built(name: str, view) -> None:
        if name == "timeline":
            view.showAllModels.connect(on_show_all)
        place(view, window.scenario.state)

    for name, lazy in views.items():
        lazy.built.connect(lambda view, n=name: on_built(n, view))

    # The built views place the knobs' budget in time: they follow C only (ends with the window).
    def on_compute(change) -> None:
        s = change.new
        for lazy in views.values():
            if lazy.is_built():  # an unbuilt view gets the state when it is made
                place(lazy.content, s)

    observe(window, window.scenario, on_compute, ("compute",))
    tabs = FrontierTabs(views)
    tabs.idle_builder = IdleBuilder(window, views)
    return tabs


def show_for_shot(window, name: str, size: QtCore.QSize) -> QtWidgets.QWidget:
    """The view alone at the window's size ("Focus one view"), for ``scalingdesk screenshot
    --view NAME --size WxH``."""
    window.resize(size)
    window.views.focus(name)
    view = window.views.widget(name).content
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
    return view
