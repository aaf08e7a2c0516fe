"""Runs the tour on a window: scenes, views, the glide to a scene's scenario, the ghost curve."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from scalingdesk.core import glide, views
from scalingdesk.core.scenario import ScenarioState
from scalingdesk.core.tour import (
    VIEWS,
    Scene,
    load_tour,
    scene_state,
    tour_summary,
)
from scalingdesk.qt import compact_controls
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe
from scalingdesk.qt.tour.menu import TourMenu
from scalingdesk.qt.tour.overlay import HighlightOverlay, MaskOverlay
from scalingdesk.qt.tour.panel import TourPanel

GLIDE_MS = 400
#: Compute grid of the ghost curve: wider than any span the loss plot shows.
GHOST_GRID = np.logspace(15, 30, 301)


def _scroll_area_of(widget: QtWidgets.QWidget) -> QtWidgets.QWidget:
    w = widget.parentWidget()
    while w is not None and not isinstance(w, QtWidgets.QScrollArea):
        w = w.parentWidget()
    return w if w is not None else widget


class TourController(TourMenu, QtCore.QObject):
    """Runs the tour on a window: start, leave, resume, go, next, back."""

    sceneChanged = QtCore.Signal(int)
    activeChanged = QtCore.Signal(bool)

    @property
    def scenes(self) -> list[Scene]:
        if self._scenes is None:
            self._scenes = load_tour()
        return self._scenes

    @scenes.setter
    def scenes(self, value: list[Scene]) -> None:
        self._scenes = value

    def __init__(self, window: Any, scenes: list[Scene] | None = None) -> None:
        super().__init__(window)
        self.window = window
        # Loaded on first use: the scene facts are computed by the core (scipy), which would
        # otherwise add ~0.3-1 s to every start-up, tour or not.
        self._scenes: list[Scene] | None = scenes
        self._index: int | None = None  # 0-based while the tour is on
        self._resume: int = 1
        self._guesses: dict[int, int] = {}
        self._revealed: set[int] = set()  # scenes whose answer was shown without a guess
        self._cleared: tuple[dict[int, int], set[int]] | None = None  # for "keep them"
        self._notice = ""
        self._at_end = False
        self._before_tour: ScenarioState | None = None  # restored by "Leave tour"
        #: Keep earlier guesses when the tour starts or presenter mode is entered (Tour menu).
        self.keep_guesses = False
        self._saved_views: dict[str, Any] | None = None
        self._shown: tuple[str, ...] = VIEWS
        self._gesture: object | None = None
        self._own_frame: ScenarioState | None = None  # the glide's last frame (not the learner's)
        self._anchor: tuple[ScenarioState, tuple, tuple] | None = None
        self.glide_ms = GLIDE_MS

        self.panel = TourPanel()
        self.panel.backRequested.connect(self.back)
        self.panel.nextRequested.connect(self.next)
        self.panel.leaveRequested.connect(self.leave)
        self.panel.guessed.connect(self._on_guessed)
        self.panel.restartRequested.connect(self.start)
        self.panel.exploreRequested.connect(lambda: self.leave(restore=False))
        self.panel.keep_button.clicked.connect(self.restore_guesses)
        self.dock = QtWidgets.QDockWidget("Tour", window)
        self.dock.setObjectName("tourDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(
            QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.dock.setMinimumWidth(380)
        window.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.overlay = HighlightOverlay(window)
        self.mask = MaskOverlay(window)

        self.animation = QtCore.QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setEasingCurve(QtCore.QEasingCurve.Type.InOutCubic)
        self.animation.valueChanged.connect(self._frame)
        self._glide: tuple[ScenarioState, ScenarioState] | None = None

        self.ghost = pg.PlotDataItem(connect="finite")
        self.ghost_point = pg.ScatterPlotItem()
        self.ghost.opts["name"] = "before you moved a knob"
        self._ghost_shown = False
        observe(self, window.scenario, self._on_scenario)  # both end when the controller is destroyed
        observe(self, themes.model(), self._style_ghost)
        self._style_ghost(themes.current())
        self._build_menu()
        window.installEventFilter(self)

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        # The window lays its splitter out once shown (a queued call): go after it.
        if obj is self.window and event.type() == QtCore.QEvent.Type.Show:
            QtCore.QTimer.singleShot(0, lambda: QtCore.QTimer.singleShot(0, self._distribute_if_touring))
        return False

    # --- public API ----------------------------------------------------------------------------
    @property
    def current(self) -> Scene | None:
        return None if self._index is None else self.scenes[self._index]

    def is_active(self) -> bool:
        return self._index is not None

    def start(self) -> None:
        """Start from scene 1 (earlier guesses are cleared, unless kept: see keep_guesses)."""
        self.clear_guesses("Starting the tour")
        self.go(1)

    def resume(self) -> None:
        """Back to the scene the tour was left at (scene 1 the first time: a fresh start)."""
        if self._index is None and self._resume <= 1:
            self.clear_guesses("Starting the tour")
        self.go(self._resume if self._index is None else self._index + 1)

    # --- guesses ---------------------------------------------------------------------------------
    def guesses(self) -> dict[int, int]:
        """The learner's guesses: scene number → choice index."""
        return dict(self._guesses)

    def clear_guesses(self, why: str = "") -> bool:
        """Forget earlier guesses (starting the tour, entering presenter mode), saying so in the
        panel with a button to keep them; does nothing while ``keep_guesses`` is on."""
        if self.keep_guesses or not (self._guesses or self._revealed):
            return False
        self._cleared = (dict(self._guesses), set(self._revealed))
        n = len(self._guesses)
        self._guesses, self._revealed = {}, set()
        self._notice = (
            f"{why or 'The tour restarted'}: {n} earlier guess{'es' if n != 1 else ''} "
            "cleared, so every answer stays hidden until guessed."
        )
        self.panel.set_notice(self._notice, can_keep=True)
        if self._index is not None and not self._at_end:
            self.go(self._index + 1)
        return True

    def restore_guesses(self) -> None:
        """Bring back the guesses just cleared (the notice's "Keep them" button)."""
        if self._cleared is None:
            return
        self._guesses, self._revealed = self._cleared
        self._cleared = None
        self._notice = ""
        self.panel.set_notice("", can_keep=False)
        if self._index is not None and not self._at_end:
            self.go(self._index + 1)

    def choose(self, index: int) -> None:
        """Commit a guess for the current scene (the presenter's number keys, a click)."""
        self.panel.pick(index)

    def reveal(self) -> None:
        """Show the current scene's answer without a guess (the presenter's reveal key)."""
        self.panel.reveal_answer()

    def _on_guessed(self, index: int) -> None:
        scene = self.panel.scene
        if scene is None:
            return
        if index >= 0:
            self._guesses[scene.number] = index
        else:
            self._revealed.add(scene.number)
        self._hide_answers(())

    def revealed(self) -> bool:
        """Whether the current scene's answer is on screen."""
        return self.panel.revealed()

    def chosen(self) -> int | None:
        """The guess committed for the current scene (None: none, or revealed without one)."""
        return self.panel.guess

    def answered(self, number: int) -> bool:
        return number in self._guesses or number in self._revealed

    def _hide_answers(self, names: tuple[str, ...] | list[str]) -> None:
        """Cover the parts ``names`` (scalingdesk.core.tour.HIGHLIGHTS) until the guess: widgets
        under the mask, the N–D map's optimal lines by hiding them; () shows everything."""
        plane = self.window.plots.get("plane")
        if plane is not None:
            plane.set_answer_hidden("optimal_path" in names)
        self.mask.set_targets([self.widget_for(name) for name in names if name != "optimal_path"])

    def hides(self, name: str) -> bool:
        """Whether the part ``name`` (a scene's ``mask`` entry) is kept from view now."""
        if name == "optimal_path":
            plane = self.window.plots.get("plane")
            return plane is not None and plane.answer_hidden
        widget = self.widget_for(name)
        return widget is not None and self.mask.covers(widget)

    def masked_widgets(self) -> list[QtWidgets.QWidget]:
        return list(self.mask.targets) if self.mask.isVisible() else []

    # --- moving through the tour -----------------------------------------------------------------
    def leave(self, restore: bool = True) -> None:
        """Leave the tour: the window shows every view again and (``restore``) the scenario from
        before the tour comes back, as one undo step; Resume comes back to this scene."""
        if self._index is None:
            return
        self.finish_animation()
        self._resume = 1 if self._at_end else self._index + 1
        self._index = None
        self._at_end = False
        self.restore_views()
        self.dock.hide()
        self._point_at(None)
        self._hide_answers(())
        self._remove_ghost()
        self._anchor = None
        before, self._before_tour = self._before_tour, None
        if restore and before is not None and before != self.window.scenario.state:
            self.window.scenario.end_gesture()
            self.window.scenario.load_state(
                replace(
                    before,
                    hardware=self.window.scenario.state.hardware,
                    extra_laws=self.window.scenario.state.extra_laws,
                )
            )
        self._update_menu()
        self.activeChanged.emit(False)

    def go(self, number: int) -> Scene:
        """Show scene ``number`` (1-based): its scenario (gliding), views, highlight and text."""
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(self.scenes):
            raise ValueError(f"scene {number!r} does not exist: the tour has scenes 1 to {len(self.scenes)}")
        self.finish_animation()
        was_active = self._index is not None
        if not was_active:
            self._before_tour = self.window.scenario.state
        self._index = number - 1
        self._at_end = False
        scene = self.scenes[self._index]
        self.show_views(scene.views, prefer=scene.highlight)
        if not self.dock.isVisible():
            self.dock.show()
            self.window.resizeDocks([self.dock], [self._dock_width()], QtCore.Qt.Orientation.Horizontal)
        self.panel.show_scene(scene, len(self.scenes), self._guesses.get(number))
        if number in self._revealed and number not in self._guesses:
            self.panel.reveal_answer()
        self.panel.set_notice(self._notice, can_keep=self._cleared is not None)
        self._remove_ghost()
        self.glide_to(scene_state(scene, self.window.scenario.state))
        self._point_at(self.highlighted_widget())
        self._hide_answers(scene.mask if scene.choices and not self.answered(number) else ())
        self.overlay.raise_()  # the highlight outlines a masked part too
        self._resume = number
        self._update_menu()
        if not was_active:
            self.activeChanged.emit(True)
        self.sceneChanged.emit(number)
        return scene

    def at_end(self) -> bool:
        return self._at_end

    def show_end(self) -> None:
        """The end screen: the three lessons with the learner's guesses; restart or explore."""
        if self._index is None:
            return
        self.finish_animation()
        self._at_end = True
        self._point_at(None)
        self._hide_answers(())
        summary = tour_summary(self.scenes, self._guesses)
        self.panel.show_end(
            summary.text() + "\n\nRestart the tour, or explore freely from this "
            "scenario (Leave tour brings back your own).",
            len(self.scenes),
        )
        self.sceneChanged.emit(len(self.scenes) + 1)

    def next(self) -> bool:
        if self._index is None or self._at_end:
            return False
        if self._index + 1 >= len(self.scenes):
            self.show_end()
            return True
        self._notice = ""
        self.go(self._index + 2)
        return True

    def back(self) -> bool:
        if self._index is None:
            return False
        if self._at_end:
            self.go(self._index + 1)
            return True
        if self._index == 0:
            return False
        self._notice = ""
        self.go(self._index)
        return True

    def _point_at(self, widget: QtWidgets.QWidget | None) -> None:
        """Outline the widget the scene is about; in presenter mode's control band, a readout
        the band leaves out for room shows while a scene points at it."""
        self.overlay.set_target(widget)
        compact_controls.point_at(self.window.controls, widget)

    def highlighted_widget(self) -> QtWidgets.QWidget | None:
        scene = self.current
        return None if scene is None else self.widget_for(scene.highlight)

    def widget_for(self, name: str) -> QtWidgets.QWidget | None:
        """The widget a view or control name stands for (see scalingdesk.core.tour.HIGHLIGHTS)."""
        w = self.window
        c = w.controls
        table: dict[str, Callable[[], QtWidgets.QWidget | None]] = {
            "loss": lambda: w.plots["loss"],
            "isoflop": lambda: w.plots["isoflop"],
            "plane": lambda: w.plots["plane"],
            "lever": lambda: w.lever,
            "hardware": lambda: w.hardware,
            "controls": lambda: _scroll_area_of(c),
            "knob_c": lambda: c.knobs["C"],
            "knob_n": lambda: c.knobs["N"],
            "knob_d": lambda: c.knobs["D"],
            "hold_c": lambda: c.hold_buttons["C"],
            "hold_n": lambda: c.hold_buttons["N"],
            "hold_d": lambda: c.hold_buttons["D"],
            "follow": lambda: c.follow,
            "family": lambda: c.family,
            "loss_readout": lambda: c.loss_value,
            "balance": lambda: c.balance,
            "compute_readout": lambda: c.compute_human,
            "downstream": lambda: c.downstream,
            "panel_plot": lambda: self.panel.plot,
            "hardware_figures": lambda: getattr(w.hardware, "figures_box", None),
            "optimal_path": lambda: w.plots["plane"],
        }
        registry = getattr(w, "views", None)
        if name not in table and registry is not None and name in registry.names():
            return registry.widget(name)  # views the window registers (timeline, test-time …)
        if name not in table and name in VIEWS:
            return None  # a view this window does not have (yet)
        if name not in table:
            raise ValueError(f"nothing called {name!r} to highlight; choose one of {', '.join(table)}")
        return table[name]()

    # --- views ---------------------------------------------------------------------------------
    def _view_widgets(self) -> dict[str, QtWidgets.QWidget]:
        return {name: wid for name in VIEWS if (wid := self.widget_for(name)) is not None}

    def shown_views(self) -> tuple[str, ...]:
        """The views the window shows now (all of them outside the tour and presets)."""
        return self._shown

    def show_views(self, names: Iterable[str], *, prefer: str | None = None) -> None:
        """Show only these views (remembering the window's layout the first time)."""
        names = tuple(names)
        bad = [n for n in names if n not in VIEWS]
        if bad:
            raise ValueError(f"unknown view(s) {', '.join(map(repr, bad))}; choose from {', '.join(VIEWS)}")
        w = self.window
        if (registry := getattr(w, "views", None)) is not None:  # the window's view registry
            self._saved_views = self._saved_views or {"registry": registry.save_state()}
            registry.show_only([n for n in names if n in registry.names()], prefer=prefer)
            self._shown = registry.shown()
            QtCore.QTimer.singleShot(0, self._distribute_if_touring)
            return
        if self._saved_views is None:
            self._saved_views = self._save_layout()
        widgets = self._view_widgets()
        for name in ("loss", "isoflop", "plane", "controls"):
            if name in widgets:
                widgets[name].setHidden(name not in names)
        lower = w.plots["isoflop"].parentWidget()
        lower.setHidden("isoflop" not in names and "plane" not in names)
        w.plot_splitter.setHidden(not any(n in names for n in ("loss", "isoflop", "plane")))
        tabs = w.side_tabs
        for name in ("lever", "hardware"):
            if name in widgets:
                tabs.setTabVisible(tabs.indexOf(widgets[name]), name in names)
        side = [n for n in ("lever", "hardware") if n in names and n in widgets]
        tabs.setHidden(not side)
        if side:
            tabs.setCurrentWidget(widgets[prefer if prefer in side else side[0]])
        self._shown = tuple(n for n in VIEWS if n in names and n in widgets)
        self._distribute()
        QtCore.QTimer.singleShot(0, self._distribute_if_touring)

    def _distribute_if_touring(self) -> None:
        if self._saved_views is not None:  # after the layout settles (the dock took its room)
            self._distribute()

    def _distribute(self) -> None:
        """Give the controls the width they need (up to 45%), the side panel a fair share and
        the plots the rest, so a scene's views are not squeezed."""
        w = self.window
        if getattr(w, "views", None) is not None:
            return w.views.distribute()
        total = max(sum(w.splitter.sizes()), w.splitter.width(), 1)
        parts = [w.splitter.widget(i) for i in range(w.splitter.count())]
        shown = [not p.isHidden() for p in parts]
        controls = _scroll_area_of(w.controls)
        sizes = []
        for part, on in zip(parts, shown):
            if not on:
                sizes.append(0)
            elif part is controls:
                need = w.controls.minimumSizeHint().width() + 24
                sizes.append(int(min(max(need, 440), 0.45 * total)))
            elif part is w.side_tabs:
                sizes.append(int(0.4 * total) if not w.plot_splitter.isHidden() else -1)
            else:
                sizes.append(-1)
        rest = total - sum(x for x in sizes if x > 0)
        flexible = sizes.count(-1)
        sizes = [max(rest // flexible, 100) if x == -1 else x for x in sizes] if flexible else sizes
        w.splitter.setSizes(sizes)

    def restore_views(self) -> None:
        """Put the window's views back exactly as they were before the tour or a preset."""
        saved, self._saved_views = self._saved_views, None
        self._shown = VIEWS
        if saved is None:
            return
        w = self.window
        if "registry" in saved:
            return w.views.restore_state(saved["registry"])
        for widget, hidden in saved["hidden"]:
            widget.setHidden(hidden)
        for i, visible in enumerate(saved["tabs"]):
            w.side_tabs.setTabVisible(i, visible)
        w.side_tabs.setCurrentIndex(saved["tab"])
        w.splitter.restoreState(saved["splitter"])
        w.plot_splitter.restoreState(saved["plot_splitter"])

    def _save_layout(self) -> dict[str, Any]:
        w = self.window
        widgets = list(self._view_widgets().values()) + [
            w.plots["isoflop"].parentWidget(),
            w.plot_splitter,
            w.side_tabs,
        ]
        return {
            "hidden": [(x, x.isHidden()) for x in widgets],
            "tabs": [w.side_tabs.isTabVisible(i) for i in range(w.side_tabs.count())],
            "tab": w.side_tabs.currentIndex(),
            "splitter": w.splitter.saveState(),
            "plot_splitter": w.plot_splitter.saveState(),
        }

    def _dock_width(self) -> int:
        return int(min(max(380, 300 * themes.current().font_scale), self.window.width() * 0.4))

    # --- gliding to a scenario (one undo step) ----------------------------------------------------
    def glide_to(self, target: ScenarioState) -> None:
        """Move the scenario to ``target``: law and modes at once, N and D gliding on log scales
        over ~400 ms, all of it one undo step."""
        self.finish_animation()
        start = self.window.scenario.state
        if start == target:
            self._settled()
            return
        self._gesture = object()
        self._glide = (start, target)
        if self.glide_ms <= 0:
            self._frame(1.0)
            return
        self.animation.setDuration(self.glide_ms)
        self._frame(0.0)
        self.animation.start()

    def animating(self) -> bool:
        return self.animation.state() == QtCore.QAbstractAnimation.State.Running

    def finish_animation(self) -> None:
        """Jump a running glide to its end (tests, and before anything else moves the scenario)."""
        if self._glide is not None:
            self.animation.stop()
            self._frame(1.0)

    def _frame(self, t: Any) -> None:
        if self._glide is None:
            return
        start, target = self._glide
        t = float(t)
        if t >= 1.0:
            state = target
        else:
            n, d = glide.log_glide((start.params, start.tokens), (target.params, target.tokens), t)
            state = replace(target, params=n, tokens=d)
        self._commit(state)
        if t >= 1.0:
            self._glide = None
            self.animation.stop()
            self.window.scenario.end_gesture()
            self._settled()

    def _commit(self, state: ScenarioState) -> None:
        """One frame of the glide, under the glide's gesture token so it is one undo step."""
        self._own_frame = state  # the model keeps this very object: _on_scenario knows it
        try:
            self.window.scenario.load_state(state, gesture=self._gesture)
        finally:
            self._own_frame = None  # a later Redo to this frame is the learner's

    def _on_scenario(self, _old: ScenarioState, new: ScenarioState) -> None:
        if new is self._own_frame or self._index is None:
            return
        if self._glide is not None:  # the learner grabbed a knob mid-glide: let go
            self._glide = None
            self.animation.stop()
        self._update_ghost(new)

    # --- the ghost of the previous curve -------------------------------------------------------
    def _settled(self) -> None:
        """The scene's scenario is in place: remember its training curve as the 'before'
        (computed by the core, so it matches the loss plot's own curve for that N)."""
        if self._index is None:
            return
        s = self.window.scenario.state
        run = views.training_curves_view(s.law_object, s.params, GHOST_GRID).your_curve
        self._anchor = (s, (np.log10(GHOST_GRID), run), ([np.log10(s.compute)], [s.loss]))

    def _update_ghost(self, state: ScenarioState) -> None:
        if self._anchor is None:
            return
        before, curve, point = self._anchor
        moved = (state.params, state.tokens) != (before.params, before.tokens)
        if moved and state.law == before.law:
            self.ghost.setData(*curve)
            self.ghost_point.setData(*point)
            if not self._ghost_shown:
                plot = self.window.loss_plot
                plot.addItem(self.ghost)
                plot.addItem(self.ghost_point)
                plot.legend.addItem(self.ghost, self.ghost.opts["name"])
                self._ghost_shown = True
        else:
            self._remove_ghost()

    def ghost_visible(self) -> bool:
        return self._ghost_shown

    def _remove_ghost(self) -> None:
        if self._ghost_shown:
            plot = self.window.loss_plot
            plot.legend.removeItem(self.ghost)
            plot.removeItem(self.ghost)
            plot.removeItem(self.ghost_point)
            self._ghost_shown = False

    def _style_ghost(self, t: themes.Theme) -> None:
        pen = pg.mkPen(t.color("ghost", 170), width=t.line_width * 0.9, style=QtCore.Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.ghost.setPen(pen)
        self.ghost_point.setPen(pg.mkPen(t.ghost, width=2))
        self.ghost_point.setBrush(pg.mkBrush(None))
        self.ghost_point.setSize(14 * max(1.0, t.font_scale * 0.8))


def install_tour(window: Any, scenes: list[Scene] | None = None) -> TourController:
    """Attach the tour to a window (once: a second call returns the same controller)."""
    existing = getattr(window, "_scalingdesk_tour", None)
    if existing is not None:
        return existing
    controller = TourController(window, scenes)
    window._scalingdesk_tour = controller
    return controller
