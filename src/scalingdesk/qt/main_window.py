"""The explorer window: control panel, three live plots, the lever and the hardware panel."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.core import scenario_io
from scalingdesk.core.document import Document
from scalingdesk.core.events import Change
from scalingdesk.core.scenario import Scenario, ScenarioError, ScenarioState
from scalingdesk.core.views import RealModel
from scalingdesk.qt import layout
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe, when_gone
from scalingdesk.qt.control_panel import ControlPanel, stylesheet
from scalingdesk.qt.plots import IsoflopPlot, LossComputePlot, PlanePlot
from scalingdesk.qt.settings import Settings
from scalingdesk.qt.view_menu import build_view_menu
from scalingdesk.qt.view_registry import ViewRegistry

FILE_FILTER = "ScalingDesk scenarios (*.scalingdesk);;All files (*)"
#: The window's style sheet per theme, made once (a switch back reuses it).
_window_sheet = functools.lru_cache(maxsize=16)(stylesheet)


class MainWindow(QtWidgets.QMainWindow):
    """The window owns the scenario, its document and its theme; every view subscribes to the
    fields it draws (scalingdesk.qt.binding.observe), so nothing here pushes state into views."""

    def __init__(
        self,
        scenario: Scenario | None = None,
        *,
        settings: Settings | None = None,
        restore: bool = True,
        theme: themes.ThemeModel | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.scenario = scenario or Scenario()
        self.document = Document(self.scenario)
        # The window's own theme (a fresh window opens dark), in use by its views from here on.
        self.theme = theme if theme is not None else themes.ThemeModel()
        when_gone(self, themes.install(self.theme))
        self.setWindowTitle("ScalingDesk")
        self.setObjectName("mainWindow")

        self.controls = ControlPanel(self.scenario, self._show_error)
        self.loss_plot = LossComputePlot(on_model_clicked=self.load_model)
        self.isoflop_plot = IsoflopPlot()
        self.plane_plot = PlanePlot(on_model_clicked=self.load_model)
        self.plots = {"loss": self.loss_plot, "isoflop": self.isoflop_plot, "plane": self.plane_plot}

        self.lever = self._make_lever()
        self.hardware = self._make_hardware()
        from scalingdesk.qt.frontier_tabs import install_frontier_tabs, make_frontier_views

        frontier = make_frontier_views()  # timeline, test-time, Kaplan vs Chinchilla
        self.views = ViewRegistry(
            self,
            {
                "controls": self._controls_page(),
                **self.plots,
                "lever": self.lever,
                "hardware": self.hardware,
                **frontier,
            },
        )
        self.splitter = self.views.splitter
        self.plot_splitter = self.views.plot_splitter
        self.side_tabs = self.views.side_tabs
        self.left_tabs = self.views.left_tabs
        self.frontier_tabs = install_frontier_tabs(self, frontier)
        self.setCentralWidget(self.splitter)
        # The layout fits the screen: the window's own minimum is set here, not summed from
        # every panel's (which the narrow arrangement undercuts; see scalingdesk.qt.view_registry).
        self.layout().setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(layout.MINIMUM)
        self.statusBar().showMessage("Turn a knob, or click a real model to load it.", 8000)

        self._build_menus()
        self._autosave = QtCore.QTimer(self, singleShot=True, interval=400)
        self._autosave.timeout.connect(self._save_session)
        self._release_timer = QtCore.QTimer(self, singleShot=True, interval=120)
        self._release_timer.timeout.connect(lambda: self._set_quality(not self.controls.is_dragging()))
        self._subscribe_views()
        for knob in self.controls.knobs.values():
            knob.dragStarted.connect(self._release_timer.stop)
            knob.dragStarted.connect(lambda: self._set_quality(False))
            # A wheel or key burst has already settled (the knob waits for it): full quality now.
            knob.dragFinished.connect(
                lambda k=knob: self._release_timer.start(0 if k.gestureKind() == "burst" else 120)
            )
            knob.dragFinished.connect(self._update_lever)
        if self.lever is not None:
            from scalingdesk.qt.lever import install_lever_keys

            self.lever.computeRequested.connect(self._lever_moved)
            self._lever_keys = install_lever_keys(self, self.lever)
        from scalingdesk.qt.presenter import install_presenter
        from scalingdesk.qt.tour import install_tour

        self.tour = install_tour(self)
        self.presenter = install_presenter(self, self.tour)
        if restore:
            self._restore_session()
            from scalingdesk.qt.welcome import install_welcome

            self.welcome = install_welcome(self)  # first start: offer the tour, say what to drag
        self._on_theme(self.theme.theme)
        self._sized = False
        self._settle_tries = 0
        self._place(self.settings.layout() if restore else None)

    def _controls_page(self) -> QtWidgets.QWidget:
        """The controls, and the Reset all button under them (the play area's own, undoable)."""
        page = QtWidgets.QWidget(objectName="controlsPage")
        lay = QtWidgets.QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 6)
        lay.setSpacing(4)
        lay.addWidget(self.controls, 1)
        self.reset_button = QtWidgets.QPushButton("↺ Reset all")
        self.reset_button.setObjectName("resetAll")
        self.reset_button.setAccessibleName("Reset all")
        self.reset_button.setToolTip("Back to the opening view (Ctrl+R); Ctrl+Z undoes it")
        self.reset_button.clicked.connect(self.reset_all)
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(10, 0, 10, 0)
        row.addStretch(1)
        row.addWidget(self.reset_button)
        lay.addLayout(row)
        return page

    def reset_all(self) -> None:
        self.scenario.reset()
        self.statusBar().showMessage("Reset all: back to the opening view (Ctrl+Z undoes it).", 8000)

    # --- optional panels (built by their own modules) -----------------------------------------
    def _make_lever(self) -> QtWidgets.QWidget | None:
        try:
            from scalingdesk.qt.lever import LeverWidget
        except ImportError:  # pragma: no cover
            return None
        return LeverWidget()

    def _make_hardware(self) -> QtWidgets.QWidget | None:
        try:
            from scalingdesk.qt.hardware_panel import HardwarePanel
        except ImportError:  # pragma: no cover
            return None
        return HardwarePanel(self._hardware_changed)

    def _hardware_changed(self, config: Any) -> None:
        try:
            self.scenario.set_hardware(config)
        except (ScenarioError, ValueError) as err:
            self._show_error(str(err))
            self.hardware.follow_scenario()  # put the panel back to the model's settings

    # --- menus -------------------------------------------------------------------------------
    def _step_history(self, which: str) -> None:
        """Undo or redo, and say in the status bar what changed ("Undo: N 70B → 72.2B")."""
        text = self.scenario.undo_text() if which == "Undo" else self.scenario.redo_text()
        if (self.scenario.undo if which == "Undo" else self.scenario.redo)():
            self.statusBar().showMessage(f"{which}: {text}", 8000)

    def _action(self, menu: QtWidgets.QMenu, text: str, slot, shortcut=None, *, checkable=False) -> QtGui.QAction:
        act = QtGui.QAction(text, self)
        if shortcut is not None:
            act.setShortcut(shortcut)
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        K = QtGui.QKeySequence
        bar = self.menuBar()
        m = bar.addMenu("&File")
        self._action(m, "&New scenario", self.new_scenario, K.StandardKey.New)
        self._action(m, "&Open…", self.open_dialog, K.StandardKey.Open)
        self._action(m, "&Save", self.save, K.StandardKey.Save)
        self._action(m, "Save &As…", self.save_as, K.StandardKey.SaveAs)
        m.addSeparator()
        self._action(m, "Copy share &link", self.copy_link, K("Ctrl+Shift+C"))
        self._action(m, "Open shared link from clipboard", self.paste_link, K("Ctrl+Shift+V"))
        m.addSeparator()
        export = m.addMenu("&Export")
        for key, label in (("loss", "loss against compute"), ("isoflop", "IsoFLOP valley"), ("plane", "N–D plane")):
            self._action(export, f"PNG of the {label}…", lambda _=False, k=key: self.export_dialog(k, "png"))
            self._action(export, f"SVG of the {label}…", lambda _=False, k=key: self.export_dialog(k, "svg"))
            self._action(export, f"CSV of the {label} curves…", lambda _=False, k=key: self.export_dialog(k, "csv"))
        self._action(export, "PNG of the whole window…", lambda: self.export_dialog("window", "png"))
        self._action(m, "Copy &image of the window", self.copy_image, K("Ctrl+Shift+I"))
        m.addSeparator()
        self._action(m, "&Quit", self.close, K.StandardKey.Quit)

        m = bar.addMenu("&Edit")
        self.undo_action = self._action(m, "&Undo", lambda: self._step_history("Undo"), K.StandardKey.Undo)
        self.redo_action = self._action(m, "&Redo", lambda: self._step_history("Redo"), K.StandardKey.Redo)
        m.addSeparator()
        self._action(m, "Reset &all", self.reset_all, K("Ctrl+R"))
        # Letter shortcuts act only with the focus in the play area (never in a dialog or the
        # tour's text), and need Shift: a stray "o" changes nothing.
        play = [self._action(m, "Follow the &optimum", lambda: self.controls.follow.toggle(), K("Shift+O"))]
        for key in ("C", "N", "D"):
            play.append(
                self._action(
                    m,
                    f"Hold {key}",
                    lambda _=False, k=key: self.controls._guard(lambda: self.scenario.set_held(k)),
                    K(f"Shift+{key}"),
                )
            )
        for act in play:
            act.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.splitter.addAction(act)

        m = bar.addMenu("&View")
        self.fullscreen_action = self._action(
            m,
            "&Full screen",
            self.toggle_fullscreen,
            K.StandardKey.FullScreen if not K(K.StandardKey.FullScreen).isEmpty() else K("F11"),
        )
        build_view_menu(self, m)
        themes_menu = m.addMenu("&Theme")
        group = QtGui.QActionGroup(self)
        self.theme_actions = {}
        for name in themes.THEMES:
            act = self._action(
                themes_menu, name.capitalize(), lambda _=False, n=name: self.set_theme(n), checkable=True
            )
            group.addAction(act)
            self.theme_actions[name] = act

        m = bar.addMenu("&Tools")
        self._action(m, "&Fit your own runs…", self.open_fit_dialog, K("Ctrl+F"))

        m = bar.addMenu("&Help")
        self._action(m, "&About ScalingDesk", self.about)

    # --- model → view: each view subscribes to the fields it draws -------------------------------
    def _subscribe_views(self) -> None:
        """The plots, lever, hardware panel, undo/redo and title follow their own fields (the
        control panel, tour and frontier views subscribe themselves); each subscription ends
        when its owner is destroyed."""
        for plot in self.plots.values():
            plot.watch(self.scenario)
        if self.lever is not None:
            from scalingdesk.qt.lever.follow import LeverFollower

            self._lever_follower = LeverFollower(self.lever, self.scenario, self.controls.is_dragging)
        if self.hardware is not None:
            self.hardware.watch(self.scenario)  # drawn while visible, and when shown
        observe(self, self.scenario, self._history_changed, ("history",))
        observe(self, self.document, self._document_changed)
        observe(self, self.scenario, self._after_change)  # last: every view has drawn
        observe(self, self.theme, self._on_theme)
        self._history_changed()
        self._document_changed()

    def _history_changed(self, _change: Change[ScenarioState] | None = None) -> None:
        self.undo_action.setEnabled(self.scenario.can_undo())
        self.redo_action.setEnabled(self.scenario.can_redo())

    def _document_changed(self, _change: Change[Any] | None = None) -> None:
        self.setWindowTitle(self.document.title())

    def _after_change(self, _old: ScenarioState, _new: ScenarioState) -> None:
        self._autosave.start()
        if not self.controls.is_dragging():
            self._set_quality(True)

    @property
    def path(self) -> Path | None:
        """The scenario's file (None: untitled); the document holds it."""
        return self.document.path

    def _update_lever(self) -> None:
        if self.lever is not None:  # now, not when the hand pauses
            self._lever_follower.catch_up()

    def _lever_moved(self, compute: float) -> None:
        """A pull (or step back, reset) moves C along the frontier: one undo step."""
        from scalingdesk.core.lever import frontier_state

        try:
            self.scenario.load_state(frontier_state(self.scenario.state, compute))
        except (ScenarioError, ValueError) as err:
            self._show_error(f"The lever cannot go there: {err}")
            self._update_lever()

    def _set_quality(self, high: bool) -> None:
        for plot in self.plots.values():
            plot.set_quality(high)

    def _on_theme(self, t: themes.Theme) -> None:
        sheet = _window_sheet(t)
        if sheet != self.styleSheet():  # re-polishes every widget in the window: only when it changes
            self.setStyleSheet(sheet)
        sizes = (t.font_scale, t.line_width)
        if hasattr(self, "views") and sizes != getattr(self, "_theme_sizes", None):
            self.views.relayout()  # type and lines of another size: the arrangement may change
        self._theme_sizes = sizes
        if t.name in getattr(self, "theme_actions", {}):
            self.theme_actions[t.name].setChecked(True)

    def set_theme(self, name: str) -> None:
        self.theme.set(name, scale=layout.projector_scale(self.size()))
        self.settings.set_theme(name)

    def _show_error(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    # --- intents from the plots -----------------------------------------------------------------
    def load_model(self, model: RealModel) -> None:
        """Clicking a real model loads its N and D into the knobs (one undo step)."""
        if model.tokens is None:
            self._show_error(f"{model.name}: training tokens are not published, so it has no place on the map")
            return
        try:
            self.scenario.load_state(
                replace(self.scenario.state, params=model.params, tokens=model.tokens, follow_optimum=False)
            )
        except ScenarioError as err:
            self._show_error(str(err))
            return
        self.statusBar().showMessage(f"Loaded {model.name}. Source: {model.source}", 10000)

    # --- files -------------------------------------------------------------------------------
    def new_scenario(self) -> None:
        self.document.new()

    def open_path(self, path: str | Path) -> bool:
        try:
            self.document.open(path)  # validated whole: all of it or nothing
        except (scenario_io.ScenarioFileError, ScenarioError) as err:
            self._error_box("Could not open the scenario", str(err))
            return False
        self.settings.set_last_folder(str(Path(path).parent))
        return True

    def open_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self, "Open scenario", self.settings.last_folder(), FILE_FILTER)
        if path:
            self.open_path(path)

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        start = str(self.path or Path(self.settings.last_folder() or ".") / f"scenario{scenario_io.SUFFIX}")
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Save scenario", start, FILE_FILTER)
        if not path:
            return False
        if not path.endswith(scenario_io.SUFFIX):
            path += scenario_io.SUFFIX
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        try:
            saved = self.document.save(path)
        except OSError as err:
            self._error_box("Could not save the scenario", f"{path}: {err.strerror or err}")
            return False
        self.settings.set_last_folder(str(saved.parent))
        self.statusBar().showMessage(f"Saved {saved.name}", 5000)
        return True

    def copy_link(self) -> str:
        link = scenario_io.to_link(self.scenario.state)
        QtWidgets.QApplication.clipboard().setText(link)
        self.statusBar().showMessage("Share link copied: paste it into another ScalingDesk (Ctrl+Shift+V).", 6000)
        return link

    def paste_link(self, text: str | None = None) -> bool:
        text = text if isinstance(text, str) else QtWidgets.QApplication.clipboard().text()
        try:
            state = scenario_io.from_link(text)
            self.scenario.load_state(state)  # validated whole: all of it or nothing
        except (scenario_io.ScenarioFileError, ScenarioError) as err:
            self._show_error(f"Clipboard: {err}")
            return False
        self.statusBar().showMessage("Opened the shared scenario (Ctrl+Z to go back).", 6000)
        return True

    def _error_box(self, title: str, text: str) -> None:
        self._show_error(text)
        if QtWidgets.QApplication.platformName() != "offscreen":
            from scalingdesk.qt.plain import warning_box

            warning_box(self, title, text)  # plain text: the message quotes a file

    # --- export ------------------------------------------------------------------------------
    def export_dialog(self, what: str, fmt: str) -> None:
        from scalingdesk.qt.export import ask_and_export

        ask_and_export(self, what, fmt, self.settings.last_folder())

    def export(self, what: str, fmt: str, path: Path, size: QtCore.QSize | None = None, scale: int = 1) -> Path:
        from scalingdesk.qt.export import export_view

        path = export_view(self, what, fmt, path, size=size, scale=scale)
        self.statusBar().showMessage(f"Exported {path.name}", 5000)
        return path

    def copy_image(self) -> None:
        QtWidgets.QApplication.clipboard().setPixmap(self.grab())
        self.statusBar().showMessage("Window image copied.", 4000)

    # --- other windows -----------------------------------------------------------------------
    def open_fit_dialog(self) -> None:
        try:
            from scalingdesk.qt.fit_dialog import FitDialog
        except ImportError as err:  # pragma: no cover
            self._show_error(f"Fitting is unavailable: {err}")
            return
        self._fit_dialog = FitDialog(self._law_fitted, self)
        self._fit_dialog.show()

    def _law_fitted(self, law) -> None:
        try:
            self.scenario.add_law(law)
        except ScenarioError as err:
            self._show_error(str(err))

    def about(self) -> None:
        from scalingdesk.qt.about import AboutDialog

        AboutDialog(self).exec()

    def toggle_fullscreen(self) -> None:
        self.setWindowState(self.windowState() ^ QtCore.Qt.WindowState.WindowFullScreen)

    # --- session -----------------------------------------------------------------------------
    def _save_session(self) -> None:
        self.settings.set_last_scenario(scenario_io.state_to_dict(self.scenario.state))
        self.settings.set_last_path(str(self.path) if self.path is not None else "")

    def _restore_session(self) -> None:
        data = self.settings.last_scenario()
        if data:
            try:
                self.scenario.load_state(scenario_io.state_from_dict(data))
                self.scenario.clear_history()  # a fresh session starts with an empty history
            except (scenario_io.ScenarioFileError, ScenarioError) as err:
                self.settings.set_aside(str(err))  # kept as <settings>.broken-<time>; start fresh
        if self.settings.notice:
            self.statusBar().showMessage(self.settings.notice, 20000)
        self.document.adopt(None)
        if (last := self.settings.last_path()) and Path(last).is_file():
            try:  # the session's file, and whether the session has changed since it was saved
                self.document.adopt(last, scenario_io.load(last))
            except scenario_io.ScenarioFileError:
                pass
        name = self.settings.theme() if self.settings.theme() in themes.THEMES else "dark"
        if name == "projector" or self.theme.theme != themes.THEMES[name]:  # else a no-op costing ~80 ms
            self.theme.set(name, scale=layout.projector_scale(layout.opening_rect(self._available()).size()))

    def _available(self) -> QtCore.QRect:
        return layout.screen_of(self).availableGeometry()

    def _place(self, saved: dict[str, Any] | None) -> None:
        """Open at a size that fits this screen; a saved rectangle and layout only if they still fit."""
        rect = layout.saved_layout_fits(saved)
        self._restored_layout = None
        if rect is None:
            rect = layout.opening_rect(self._available())
        else:
            self._restored_layout = saved
        self.setGeometry(rect)
        if self._restored_layout is not None:
            try:
                self.views.restore_state(self._restored_layout.get("views"))
            except (ValueError, TypeError, AttributeError):
                self._restored_layout = None
            if saved.get("maximized"):
                self.setWindowState(QtCore.Qt.WindowState.WindowMaximized)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            QtCore.QTimer.singleShot(0, self._settle_on_screen)

    def _settle_on_screen(self) -> None:
        """Once the frame is known: inside the screen's available geometry, laid out to fit."""
        avail = self._available()
        offscreen = QtWidgets.QApplication.platformName() == "offscreen"  # no screen to fit
        if not offscreen and not self.windowState() & (
            QtCore.Qt.WindowState.WindowMaximized | QtCore.Qt.WindowState.WindowFullScreen
        ):
            frame = layout.frame_margins(self)
            if not layout.rect_fits(self.frameGeometry().marginsRemoved(frame), avail, frame):
                self.setGeometry(layout.opening_rect(avail, frame))
            if not layout.frame_known(self) and self._settle_tries < 40:  # the frame comes later
                self._settle_tries += 1
                QtCore.QTimer.singleShot(50, self._settle_on_screen)
                return
        self.views.relayout()
        if self._restored_layout is None:
            self.apply_default_layout()

    def apply_default_layout(self) -> None:
        """Controls and the side panel at their natural width; the plots take the rest."""
        self.views.relayout()
        self.views.distribute()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self.views.relayout()
        t = self.theme.theme
        presenting = getattr(self, "presenter", None) is not None and self.presenter.is_active()
        if not presenting and t.name == "projector" and layout.projector_scale(self.size()) != t.font_scale:
            QtCore.QTimer.singleShot(0, self._rescale_type)  # presenter mode sizes its own type

    def _rescale_type(self) -> None:
        t = self.theme.theme
        scale = layout.projector_scale(self.size())
        if t.name == "projector" and scale != t.font_scale and not self.presenter.is_active():
            self.theme.set("projector", scale=scale)
            self.views.relayout()

    def _unsaved_prompt(self) -> QtWidgets.QMessageBox.StandardButton:
        """Save, discard or cancel, for a named file with unsaved changes (tests replace it)."""
        B = QtWidgets.QMessageBox.StandardButton
        if QtWidgets.QApplication.platformName() == "offscreen":  # no one to ask (scripts, tests)
            return B.Discard
        return QtWidgets.QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to {self.path.name} before quitting?",
            B.Save | B.Discard | B.Cancel,
            B.Save,
        )

    def confirm_close(self) -> bool:
        """True when the window may close: nothing unsaved, or the user saved or discarded it."""
        if self.path is None or not self.document.dirty:
            return True
        B = QtWidgets.QMessageBox.StandardButton
        answer = self._unsaved_prompt()
        if answer == B.Save:
            return self.save()
        return answer == B.Discard

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if not self.confirm_close():
            event.ignore()
            return
        if self.presenter.is_active():  # what is saved is the layout from before F5
            self.presenter.leave()
        self._save_session()
        self.settings.set_layout(layout.layout_record(self))
        self.settings.sync()
        super().closeEvent(event)
