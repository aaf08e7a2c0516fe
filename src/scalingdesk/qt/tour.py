"""The guided tour in the window: a docked panel, scene navigation, a highlight and a ghost.

Attaches to a :class:`~scalingdesk.qt.main_window.MainWindow` from outside (``install_tour``):
it adds a Tour menu and a dock, shows only the views a scene names, glides the knobs to the
scene's scenario (one undo step), outlines the highlighted part, and keeps the previous loss
curve as a ghost once a knob moves.  Scenes are data (resources/tour.json, scalingdesk.core.tour).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.core import views
from scalingdesk.core.scenario import ScenarioState
from scalingdesk.core.tour import VIEWS, Scene, TourError, load_tour, panel_plot_data, scene_state
from scalingdesk.qt import theme as themes

GLIDE_MS = 400
#: Compute grid of the ghost curve: wider than any span the loss plot shows.
GHOST_GRID = np.logspace(15, 30, 301)


# --- the panel --------------------------------------------------------------------------------


class PanelPlot(pg.PlotWidget):
    """The small extra plot some scenes show (emergence, effective compute), fed by core arrays."""

    def __init__(self) -> None:
        super().__init__()
        self.kind: str | None = None
        self.plotItem.setMenuEnabled(False)
        self.plotItem.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.setMinimumHeight(160)
        self.legend = self.plotItem.addLegend(offset=(8, 8))
        for name in ("bottom", "left"):
            self.getAxis(name).enableAutoSIPrefix(False)
        self._unsubscribe = themes.on_theme_changed(lambda _t: self.set_kind(self.kind))
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def set_kind(self, kind: str | None) -> None:
        self.kind = kind
        self.plotItem.clear()
        self.legend.clear()
        if kind is None:
            return
        t = themes.current()
        data = panel_plot_data(kind)
        self.setBackground(t.background)
        font = QtGui.QFont()
        font.setPointSizeF(9 * t.font_scale)
        w = t.line_width

        self.legend.setLabelTextColor(t.foreground)  # before items are added: it styles new ones
        self.legend.setLabelTextSize(f"{9 * t.font_scale:.0f}pt")
        def pen(color: str, style=QtCore.Qt.PenStyle.SolidLine) -> QtGui.QPen:
            p = pg.mkPen(color, width=w, style=style)
            p.setCosmetic(True)
            return p

        if kind == "emergence":
            x = np.log10(data["compute"])
            self.plot(x, data["per_token"], pen=pen(t.series[0]), name="per-token accuracy p")
            self.plot(x, data["exact_match"], pen=pen(t.series[1]), name="exact match ≈ p^k")
            axes = ("training compute C (FLOP)", "score")
            self.getAxis("bottom").setLogMode(True)
            self.getAxis("left").setLogMode(False)
            self.setRange(xRange=(x[0], x[-1]), yRange=(0, 1), padding=0.02)
        else:
            years = data["years"]
            self.getAxis("bottom").setLogMode(False)
            self.getAxis("left").setLogMode(True)
            self.plot(years, np.log10(data["hardware"]), pen=pen(t.series[0]), name="better chips")
            self.plot(years, np.log10(data["hardware"] * data["chips"]), pen=pen(t.series[2]),
                      name="× more chips")
            self.plot(years, np.log10(data["effective_compute"] / data["physical_compute"][0]),
                      pen=pen(t.series[1]), name="× better algorithms")
            axes = ("years from 2024", "effective compute (multiple)")
            self.setRange(xRange=(0, years[-1]), padding=0.02)
        for name, label in zip(("bottom", "left"), axes):
            axis = self.getAxis(name)
            axis.setPen(pen(t.foreground))
            axis.setTextPen(t.foreground)
            axis.setTickFont(font)
            axis.setLabel(label, color=t.foreground, **{"font-size": f"{9 * t.font_scale:.0f}pt"})
        self.legend.setLabelTextColor(t.foreground)
        self.legend.setLabelTextSize(f"{9 * t.font_scale:.0f}pt")
        self.legend.setBrush(pg.mkBrush(t.panel))


class TourPanel(QtWidgets.QWidget):
    """Scene n of N: title, text, a question with answers; the learner picks, then the answer
    is revealed beside the guess.  Back / Next / Leave tour."""

    backRequested = QtCore.Signal()
    nextRequested = QtCore.Signal()
    leaveRequested = QtCore.Signal()
    guessed = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tourPanel")
        self.scene: Scene | None = None
        self.guess: int | None = None
        self.step = QtWidgets.QLabel(objectName="tourStep")
        self.title = QtWidgets.QLabel(objectName="tourTitle", wordWrap=True)
        self.text = QtWidgets.QLabel(objectName="tourText", wordWrap=True)
        self.question = QtWidgets.QLabel(objectName="tourQuestion", wordWrap=True)
        self.reveal = QtWidgets.QLabel(objectName="tourReveal", wordWrap=True)
        self.source = QtWidgets.QLabel(objectName="tourSource", wordWrap=True)
        for label in (self.title, self.text, self.question, self.reveal, self.source):
            label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.plot = PanelPlot()
        self.choice_buttons: list[QtWidgets.QPushButton] = []
        self._choices = QtWidgets.QVBoxLayout()
        self._choices.setSpacing(6)

        body = QtWidgets.QWidget(objectName="tourBody")
        # Three columns side by side when docked under the views (presenter mode), else stacked.
        self._columns = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.TopToBottom, body)
        self._columns.setContentsMargins(14, 10, 14, 10)
        self._columns.setSpacing(14)
        text_col, plot_col, ask_col = (QtWidgets.QVBoxLayout() for _ in range(3))
        for col in (text_col, plot_col, ask_col):
            col.setSpacing(10)
        for w in (self.step, self.title, self.text):
            text_col.addWidget(w)
        text_col.addStretch(1)
        text_col.addWidget(self.source)
        plot_col.addWidget(self.plot)
        ask_col.addWidget(self.question)
        ask_col.addLayout(self._choices)
        ask_col.addWidget(self.reveal)
        ask_col.addStretch(1)
        self._columns.addLayout(text_col, 6)
        self._columns.addLayout(plot_col, 4)
        self._columns.addLayout(ask_col, 5)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.back_button = QtWidgets.QPushButton("◀ Back")
        self.next_button = QtWidgets.QPushButton("Next ▶")
        self.next_button.setObjectName("tourNext")
        self.leave_button = QtWidgets.QPushButton("Leave tour")
        self.back_button.clicked.connect(self.backRequested)
        self.next_button.clicked.connect(self.nextRequested)
        self.leave_button.clicked.connect(self.leaveRequested)
        self.back_button.setToolTip("Previous scene (Page Up in presenter mode)")
        self.next_button.setToolTip("Next scene (Page Down in presenter mode)")
        self.leave_button.setToolTip("Leave the tour; Tour ▸ Resume (Ctrl+T) comes back here")
        nav = QtWidgets.QHBoxLayout()
        nav.setContentsMargins(14, 6, 14, 10)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.leave_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(scroll, 1)
        layout.addLayout(nav)
        self._unsubscribe = themes.on_theme_changed(self._apply_theme)
        self.destroyed.connect(lambda *_: self._unsubscribe())
        self._apply_theme(themes.current())

    def set_horizontal(self, horizontal: bool) -> None:
        """Columns side by side (a wide, short dock under the views) or stacked (a side dock)."""
        self._columns.setDirection(QtWidgets.QBoxLayout.Direction.LeftToRight if horizontal
                                   else QtWidgets.QBoxLayout.Direction.TopToBottom)
        self.plot.setMaximumHeight(260 if horizontal else 16777215)  # fits the short dock

    def is_horizontal(self) -> bool:
        return self._columns.direction() == QtWidgets.QBoxLayout.Direction.LeftToRight

    # --- content -------------------------------------------------------------------------------
    def show_scene(self, scene: Scene, total: int, guess: int | None = None) -> None:
        self.scene = scene
        self.step.setText(f"SCENE {scene.number} OF {total}")
        self.title.setText(scene.title)
        self.text.setText(scene.text)
        self.question.setText(("Try this: " + scene.question) if scene.question else "")
        self.question.setVisible(bool(scene.question))
        self.source.setText(f"Source: {scene.source}" if scene.source else "")
        self.source.setVisible(bool(scene.source))
        self.plot.setVisible(scene.panel_plot is not None)
        self._columns.setStretch(1, 4 if scene.panel_plot is not None else 0)
        self.plot.set_kind(scene.panel_plot)
        for b in self.choice_buttons:
            self._choices.removeWidget(b)
            b.hide()
            b.setParent(None)
            b.deleteLater()
        self.choice_buttons = []
        for i, text in enumerate(scene.choices):
            b = QtWidgets.QPushButton(text)
            b.setObjectName("tourChoice")
            b.setAccessibleName(f"Answer {i + 1}: {text}")
            b.clicked.connect(lambda _=False, i=i: self.pick(i))
            self._choices.addWidget(b)
            self.choice_buttons.append(b)
        self.back_button.setEnabled(scene.number > 1)
        self.next_button.setEnabled(scene.number < total)
        self.guess = None
        self.reveal.hide()
        if guess is not None:
            self._show_answer(guess)

    def pick(self, index: int) -> None:
        """The learner commits a guess; the answer is revealed beside it (once per visit)."""
        if self.scene is None or not self.scene.choices or self.guess is not None:
            return
        if not 0 <= index < len(self.scene.choices):
            raise ValueError(f"choice {index!r} is not one of 0 to {len(self.scene.choices) - 1}")
        self._show_answer(index)
        self.guessed.emit(index)

    def revealed(self) -> bool:
        return self.guess is not None

    def _show_answer(self, index: int) -> None:
        assert self.scene is not None and self.scene.answer is not None
        self.guess = index
        right = self.scene.answer
        for i, b in enumerate(self.choice_buttons):
            text = self.scene.choices[i]
            mark = []
            if i == right:
                mark.append("✓ answer")
            if i == index:
                mark.append("your guess")
            b.setText(f"{text}   ← {', '.join(mark)}" if mark else text)
            b.setProperty("verdict", "right" if i == right else ("wrong" if i == index else ""))
            b.setEnabled(i in (right, index))
            b.style().unpolish(b)
            b.style().polish(b)
        verdict = "Right." if index == right else f"Not quite: the answer is “{self.scene.choices[right]}”."
        self.reveal.setText(f"{verdict} {self.scene.reveal}".strip())
        self.reveal.show()

    # --- look ----------------------------------------------------------------------------------
    #: Type scale of the strip's text when presenter mode sizes it to fit (None: the theme's).
    text_scale: float | None = None

    def set_text_scale(self, scale: float | None) -> None:
        self.text_scale = scale
        self._apply_theme(themes.current())

    def _apply_theme(self, t: themes.Theme) -> None:
        f = self.text_scale or t.font_scale
        self.setStyleSheet(f"""
            QWidget#tourPanel, QWidget#tourBody {{ background: {t.panel}; }}
            QLabel {{ background: transparent; }}
            QLabel#tourStep {{ color: {t.accent}; font-weight: 700; font-size: {9.5 * f:.1f}pt;
                letter-spacing: 1px; }}
            QLabel#tourTitle {{ font-size: {15 * f:.1f}pt; font-weight: 700; color: {t.foreground}; }}
            QLabel#tourText {{ font-size: {11 * f:.1f}pt; color: {t.foreground}; }}
            QLabel#tourQuestion {{ font-size: {11 * f:.1f}pt; font-weight: 600; color: {t.foreground};
                border-left: {max(3, int(t.line_width))}px solid {t.accent}; padding-left: 8px; }}
            QLabel#tourReveal {{ font-size: {11 * f:.1f}pt; color: {t.foreground}; background: {t.background};
                border: {max(1, int(t.line_width / 2))}px solid {t.good}; border-radius: 6px; padding: 8px; }}
            QLabel#tourSource {{ font-size: {9 * f:.1f}pt; color: {t.muted}; }}
            QPushButton {{ font-size: {10.5 * f:.1f}pt; }}
            QPushButton#tourChoice {{ text-align: left; padding: 6px 10px; }}
            QPushButton#tourChoice[verdict="right"] {{ border: {max(2, int(t.line_width))}px solid {t.good};
                font-weight: 700; color: {t.foreground}; }}
            QPushButton#tourChoice[verdict="wrong"] {{ border: {max(2, int(t.line_width))}px solid {t.warning};
                color: {t.foreground}; }}
            QPushButton#tourChoice:disabled {{ color: {t.muted}; }}
            QPushButton#tourNext {{ font-weight: 700; border: 2px solid {t.accent}; }}
        """)


# --- the highlight ----------------------------------------------------------------------------


class HighlightOverlay(QtWidgets.QWidget):
    """A transparent child of the window drawing a rounded accent outline over a target widget,
    following it through resizes and moves; clicks go through to the widgets underneath."""

    def __init__(self, window: QtWidgets.QWidget) -> None:
        super().__init__(window)
        self.setObjectName("tourHighlight")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.target: QtWidgets.QWidget | None = None
        self._watched: list[QtWidgets.QWidget] = []
        window.installEventFilter(self)
        self.hide()

    def set_target(self, widget: QtWidgets.QWidget | None) -> None:
        for w in self._watched:
            try:
                w.removeEventFilter(self)
            except RuntimeError:  # already deleted
                pass
        self._watched = []
        self.target = widget
        w = widget
        while w is not None and w is not self.parentWidget():
            w.installEventFilter(self)
            self._watched.append(w)
            w = w.parentWidget()
        self.follow()

    def target_rect(self) -> QtCore.QRect:
        """The outlined rectangle in window coordinates (empty when nothing is shown)."""
        w = self.target
        if w is None or not w.isVisibleTo(self.parentWidget()):
            return QtCore.QRect()
        top_left = w.mapTo(self.parentWidget(), QtCore.QPoint(0, 0))
        return QtCore.QRect(top_left, w.size())

    def follow(self) -> None:
        parent = self.parentWidget()
        self.setGeometry(parent.rect())
        self.setVisible(self.target is not None and not self.target_rect().isEmpty())
        self.raise_()
        self.update()

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() in (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.Move, QtCore.QEvent.Type.Show,
                            QtCore.QEvent.Type.Hide, QtCore.QEvent.Type.LayoutRequest):
            QtCore.QTimer.singleShot(0, self.follow)
        return False

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:
        rect = self.target_rect()
        if rect.isEmpty():
            return
        t = themes.current()
        width = max(3.0, t.line_width)
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        glow = t.color("accent", 60)
        p.setPen(QtGui.QPen(glow, width * 3))
        r = QtCore.QRectF(rect).adjusted(width, width, -width, -width)
        p.drawRoundedRect(r, 10, 10)
        p.setPen(QtGui.QPen(t.color("accent"), width))
        p.drawRoundedRect(r, 10, 10)
        p.end()


# --- the controller ---------------------------------------------------------------------------


def _scroll_area_of(widget: QtWidgets.QWidget) -> QtWidgets.QWidget:
    w = widget.parentWidget()
    while w is not None and not isinstance(w, QtWidgets.QScrollArea):
        w = w.parentWidget()
    return w if w is not None else widget


class TourController(QtCore.QObject):
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
        self._saved_views: dict[str, Any] | None = None
        self._shown: tuple[str, ...] = VIEWS
        self._gesture: object | None = None
        self._applying = False
        self._anchor: tuple[ScenarioState, tuple, tuple] | None = None
        self.glide_ms = GLIDE_MS

        self.panel = TourPanel()
        self.panel.backRequested.connect(self.back)
        self.panel.nextRequested.connect(self.next)
        self.panel.leaveRequested.connect(self.leave)
        self.panel.guessed.connect(lambda i: self._guesses.__setitem__(self.panel.scene.number, i))
        self.dock = QtWidgets.QDockWidget("Tour", window)
        self.dock.setObjectName("tourDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QtWidgets.QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.dock.setMinimumWidth(380)
        window.addDockWidget(QtCore.Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.overlay = HighlightOverlay(window)

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
        self._unsubscribe = window.scenario.subscribe(self._on_scenario)
        self._unsubscribe_theme = themes.on_theme_changed(self._style_ghost)
        self.destroyed.connect(lambda *_: (self._unsubscribe(), self._unsubscribe_theme()))
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
        """Start from scene 1."""
        self.go(1)

    def resume(self) -> None:
        """Back to the scene the tour was left at (scene 1 the first time)."""
        self.go(self._resume if self._index is None else self._index + 1)

    def leave(self) -> None:
        """Leave the tour: the window shows every view again; Resume comes back here."""
        if self._index is None:
            return
        self.finish_animation()
        self._resume = self._index + 1
        self._index = None
        self.restore_views()
        self.dock.hide()
        self.overlay.set_target(None)
        self._remove_ghost()
        self._anchor = None
        self._update_menu()
        self.activeChanged.emit(False)

    def go(self, number: int) -> Scene:
        """Show scene ``number`` (1-based): its scenario (gliding), views, highlight and text."""
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(self.scenes):
            raise ValueError(f"scene {number!r} does not exist: the tour has scenes 1 to {len(self.scenes)}")
        self.finish_animation()
        was_active = self._index is not None
        self._index = number - 1
        scene = self.scenes[self._index]
        self.show_views(scene.views, prefer=scene.highlight)
        if not self.dock.isVisible():
            self.dock.show()
            self.window.resizeDocks([self.dock], [self._dock_width()], QtCore.Qt.Orientation.Horizontal)
        self.panel.show_scene(scene, len(self.scenes), self._guesses.get(number))
        if "lever" in scene.views and getattr(self.window, "lever", None) is not None:
            self.window.lever.reset()
        self._remove_ghost()
        self.glide_to(scene_state(scene, self.window.scenario.state))
        self.overlay.set_target(self.highlighted_widget())
        self._resume = number
        self._update_menu()
        if not was_active:
            self.activeChanged.emit(True)
        self.sceneChanged.emit(number)
        return scene

    def next(self) -> bool:
        if self._index is None or self._index + 1 >= len(self.scenes):
            return False
        self.go(self._index + 2)
        return True

    def back(self) -> bool:
        if self._index is None or self._index == 0:
            return False
        self.go(self._index)
        return True

    def highlighted_widget(self) -> QtWidgets.QWidget | None:
        scene = self.current
        return None if scene is None else self.widget_for(scene.highlight)

    def widget_for(self, name: str) -> QtWidgets.QWidget | None:
        """The widget a view or control name stands for (see scalingdesk.core.tour.HIGHLIGHTS)."""
        w = self.window
        c = w.controls
        table: dict[str, Callable[[], QtWidgets.QWidget | None]] = {
            "loss": lambda: w.plots["loss"], "isoflop": lambda: w.plots["isoflop"],
            "plane": lambda: w.plots["plane"], "lever": lambda: w.lever,
            "hardware": lambda: w.hardware, "controls": lambda: _scroll_area_of(c),
            "knob_c": lambda: c.knobs["C"], "knob_n": lambda: c.knobs["N"], "knob_d": lambda: c.knobs["D"],
            "hold_c": lambda: c.hold_buttons["C"], "hold_n": lambda: c.hold_buttons["N"],
            "hold_d": lambda: c.hold_buttons["D"], "follow": lambda: c.follow, "family": lambda: c.family,
            "loss_readout": lambda: c.loss_value, "balance": lambda: c.balance,
            "panel_plot": lambda: self.panel.plot,
        }
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
            w.plots["isoflop"].parentWidget(), w.plot_splitter, w.side_tabs]
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
            n = 10 ** ((1 - t) * np.log10(start.params) + t * np.log10(target.params))
            d = 10 ** ((1 - t) * np.log10(start.tokens) + t * np.log10(target.tokens))
            state = replace(target, params=float(n), tokens=float(d))
        self._commit(state)
        if t >= 1.0:
            self._glide = None
            self.animation.stop()
            self.window.scenario.end_gesture()
            self._settled()

    def _commit(self, state: ScenarioState) -> None:
        """One frame of the glide, under the glide's gesture token so it is one undo step."""
        scenario = self.window.scenario
        self._applying = True
        try:
            scenario.load_state(state, gesture=self._gesture)
        finally:
            self._applying = False

    def _on_scenario(self, _old: ScenarioState, new: ScenarioState) -> None:
        if self._applying or self._index is None:
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
        _, rows = views.training_curves_view(s.law_object, s.params, GHOST_GRID)
        self._anchor = (s, (np.log10(GHOST_GRID), rows[2]), ([np.log10(s.compute)], [s.loss]))

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

    # --- menu ----------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        w = self.window
        bar = w.menuBar()
        self.menu = QtWidgets.QMenu("T&our", w)
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, self.menu)
        else:
            bar.addMenu(self.menu)
        self.start_action = QtGui.QAction("&Start tour", w)
        self.start_action.setShortcut(QtGui.QKeySequence("Ctrl+T"))
        self.start_action.triggered.connect(self.resume)
        self.restart_action = QtGui.QAction("Start again from scene &1", w)
        self.restart_action.triggered.connect(self.start)
        self.leave_action = QtGui.QAction("&Leave tour", w)
        self.leave_action.triggered.connect(self.leave)
        self.open_action = QtGui.QAction("&Open a tour file…", w)
        self.open_action.triggered.connect(self.open_dialog)
        self.all_views_action = QtGui.QAction("Show &all views", w)
        self.all_views_action.triggered.connect(self.restore_views)
        self.export_action = QtGui.QAction("&Export a view for slides…", w)
        self.export_action.triggered.connect(lambda: SlideExportDialog(w).exec())
        for act in (self.start_action, self.restart_action, self.leave_action):
            self.menu.addAction(act)
            w.addAction(act)  # shortcuts keep working while the menu bar is hidden
        self.menu.addSeparator()
        self.menu.addAction(self.open_action)
        self.menu.addAction(self.all_views_action)
        self.menu.addAction(self.export_action)
        self._update_menu()

    def _update_menu(self) -> None:
        on = self._index is not None
        self.start_action.setText("&Start tour" if self._resume <= 1 or on else f"&Resume tour (scene {self._resume})")
        self.leave_action.setEnabled(on)

    def open_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self.window, "Open a tour", "", "Tour (*.json)")
        if path:
            self.open_tour(path)

    def open_tour(self, path: str | Path) -> bool:
        try:
            scenes = load_tour(path)
        except TourError as err:
            self.window.statusBar().showMessage(f"Tour not opened: {err}", 12000)
            return False
        self.leave()
        self.scenes, self._guesses, self._resume = scenes, {}, 1
        self.start()
        return True


def install_tour(window: Any, scenes: list[Scene] | None = None) -> TourController:
    """Attach the tour to a window (once: a second call returns the same controller)."""
    existing = getattr(window, "_scalingdesk_tour", None)
    if existing is not None:
        return existing
    controller = TourController(window, scenes)
    window._scalingdesk_tour = controller
    return controller


# --- export a view for slides --------------------------------------------------------------------

SLIDE_SIZES = {"1280 × 720": (1280, 720), "1920 × 1080 (Full HD)": (1920, 1080),
               "2560 × 1440": (2560, 1440), "3840 × 2160 (4K)": (3840, 2160)}


def export_for_slides(window: Any, what: str, path: str | Path, size: QtCore.QSize,
                      *, layout_width: int = 1600) -> Path:
    """A PNG of a view at ``size`` pixels, laid out at most ``layout_width`` wide and rendered at
    the matching pixel ratio, so text keeps its proportions on a 4K slide.  Sizes are restored."""
    widget = window if what == "window" else window.plots.get(what)
    if widget is None:
        raise ValueError(f"unknown view {what!r}: choose window, loss, isoflop or plane")
    if size.width() < 200 or size.height() < 200:
        raise ValueError(f"size {size.width()}×{size.height()} is too small for a slide (min 200×200)")
    scale = max(1.0, size.width() / layout_width)
    logical = QtCore.QSize(round(size.width() / scale), round(size.height() / scale))
    geometry = window.saveGeometry()
    old = widget.size()
    widget.resize(logical)
    QtWidgets.QApplication.processEvents()
    image = QtGui.QImage(size, QtGui.QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QtGui.QColor(themes.current().background))
    painter = QtGui.QPainter(image)
    try:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        widget.render(painter)
    finally:
        painter.end()
    if widget is window:
        window.restoreGeometry(geometry)
    else:
        widget.resize(old)
    QtWidgets.QApplication.processEvents()
    out = Path(path)
    if not image.save(str(out)):
        raise OSError(f"could not write {out}")
    return out


class SlideExportDialog(QtWidgets.QDialog):
    """Choose a view, a resolution and a file; optionally in projector colours."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Export a view for slides")
        self.view = QtWidgets.QComboBox()
        for key, label in (("window", "The whole window"), ("loss", "Loss against compute"),
                           ("isoflop", "IsoFLOP valley"), ("plane", "N–D plane")):
            self.view.addItem(label, key)
        self.size_box = QtWidgets.QComboBox()
        for label, wh in SLIDE_SIZES.items():
            self.size_box.addItem(label, wh)
        self.size_box.setCurrentIndex(1)
        self.projector = QtWidgets.QCheckBox("Projector colours (light, thick lines, large text)")
        self.projector.setChecked(True)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Save
                                             | QtWidgets.QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QtWidgets.QFormLayout(self)
        form.addRow("View", self.view)
        form.addRow("Resolution", self.size_box)
        form.addRow(self.projector)
        form.addRow(buttons)

    def save(self) -> None:
        what = self.view.currentData()
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Export PNG", f"{what}.png", "PNG (*.png)")
        if not path:
            return
        before = themes.current().name
        try:
            if self.projector.isChecked():
                themes.set_theme("projector")
            export_for_slides(self.window_, what, path, QtCore.QSize(*self.size_box.currentData()))
        except (OSError, ValueError) as err:
            self.window_.statusBar().showMessage(f"Export failed: {err}", 10000)
            return
        finally:
            themes.set_theme(before)
        self.window_.statusBar().showMessage(f"Exported {Path(path).name}", 5000)
        self.accept()
