"""The explorer window: control panel, three live plots, the lever and the hardware panel."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.core import scenario_io
from scalingdesk.core.scenario import Scenario, ScenarioError, ScenarioState
from scalingdesk.core.views import RealModel
from scalingdesk.qt import theme as themes
from scalingdesk.qt.control_panel import ControlPanel, stylesheet
from scalingdesk.qt.plots import IsoflopPlot, LossComputePlot, PlanePlot
from scalingdesk.qt.settings import Settings

FILE_FILTER = "ScalingDesk scenarios (*.scalingdesk);;All files (*)"


class MainWindow(QtWidgets.QMainWindow):
    def __init__(self, scenario: Scenario | None = None, *, settings: Settings | None = None,
                 restore: bool = True) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.scenario = scenario or Scenario()
        self.path: Path | None = None
        self._saved_state: ScenarioState = self.scenario.state
        self.setWindowTitle("ScalingDesk")
        self.setObjectName("mainWindow")

        self.controls = ControlPanel(self.scenario, self._show_error)
        self.loss_plot = LossComputePlot(on_model_clicked=self.load_model)
        self.isoflop_plot = IsoflopPlot()
        self.plane_plot = PlanePlot(on_model_clicked=self.load_model)
        self.plots = {"loss": self.loss_plot, "isoflop": self.isoflop_plot, "plane": self.plane_plot}

        lower = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        lower.addWidget(self.isoflop_plot)
        lower.addWidget(self.plane_plot)
        self.plot_splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.plot_splitter.addWidget(self.loss_plot)
        self.plot_splitter.addWidget(lower)
        self.plot_splitter.setStretchFactor(0, 5)
        self.plot_splitter.setStretchFactor(1, 4)

        self._lever_key: tuple | None = None
        self.side_tabs = QtWidgets.QTabWidget()
        self.side_tabs.setAccessibleName("Lever and hardware")
        self.lever = self._make_lever()
        self.hardware = self._make_hardware()
        if self.lever is not None:
            self.lever.setMinimumWidth(380)  # its text scales down to fit; the plots need the room
            self.side_tabs.addTab(self.lever, "Diminishing returns")
        if self.hardware is not None:
            self.side_tabs.addTab(self.hardware, "Hardware")
            self.hardware.installEventFilter(self)  # refresh it when it is shown

        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(430)
        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.plot_splitter)
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.setCentralWidget(self.splitter)
        self.statusBar().showMessage("Turn a knob, or click a real model to load it.", 8000)

        self._build_menus()
        self._autosave = QtCore.QTimer(self, singleShot=True, interval=400)
        self._autosave.timeout.connect(self._save_session)
        self._release_timer = QtCore.QTimer(self, singleShot=True, interval=120)
        self._release_timer.timeout.connect(lambda: self._set_quality(not self.controls.is_dragging()))
        self._lever_timer = QtCore.QTimer(self, singleShot=True, interval=90)
        self._lever_timer.timeout.connect(self._update_lever)
        self._unsubscribe = self.scenario.subscribe(self._on_changed)
        self._unsubscribe_theme = themes.on_theme_changed(self._on_theme)
        for knob in self.controls.knobs.values():
            knob.dragStarted.connect(self._release_timer.stop)
            knob.dragStarted.connect(lambda: self._set_quality(False))
            knob.dragFinished.connect(lambda: self._release_timer.start())
            knob.dragFinished.connect(self._update_lever)
        from scalingdesk.qt.presenter import install_presenter
        from scalingdesk.qt.tour import install_tour

        self.tour = install_tour(self)
        self.presenter = install_presenter(self, self.tour)
        if restore:
            self._restore_session()
        self._on_theme(themes.current())
        self.refresh()
        self.resize(1600, 900)
        self._sized = False
        if restore and (geometry := self.settings.geometry()) is not None:
            self.restoreGeometry(geometry)

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
            self.refresh()

    # --- menus -------------------------------------------------------------------------------
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
        self.undo_action = self._action(m, "&Undo", self.scenario.undo, K.StandardKey.Undo)
        self.redo_action = self._action(m, "&Redo", self.scenario.redo, K.StandardKey.Redo)
        m.addSeparator()
        self._action(m, "Reset &all", self.scenario.reset, K("Ctrl+R"))
        self._action(m, "Follow the &optimum", lambda: self.controls.follow.toggle(), K("O"))
        for key in ("C", "N", "D"):
            self._action(m, f"Hold {key}", lambda _=False, k=key: self.controls._guard(lambda: self.scenario.set_held(k)),
                         K(f"Shift+{key}"))

        m = bar.addMenu("&View")
        self.fullscreen_action = self._action(m, "&Full screen", self.toggle_fullscreen, K.StandardKey.FullScreen
                                              if not K(K.StandardKey.FullScreen).isEmpty() else K("F11"))
        themes_menu = m.addMenu("&Theme")
        group = QtGui.QActionGroup(self)
        self.theme_actions = {}
        for name in themes.THEMES:
            act = self._action(themes_menu, name.capitalize(), lambda _=False, n=name: self.set_theme(n), checkable=True)
            group.addAction(act)
            self.theme_actions[name] = act

        m = bar.addMenu("&Tools")
        self._action(m, "&Fit your own runs…", self.open_fit_dialog, K("Ctrl+F"))

        m = bar.addMenu("&Help")
        self._action(m, "&About ScalingDesk", self.about)

    # --- model → view ------------------------------------------------------------------------
    def _on_changed(self, _old: ScenarioState, _new: ScenarioState) -> None:
        self.refresh()
        self._autosave.start()

    def refresh(self) -> None:
        s = self.scenario.state
        law = s.law_object
        dragging = self.controls.is_dragging()
        self.controls.refresh(s)
        self.loss_plot.update_view(law, s.params, s.tokens)
        self.isoflop_plot.update_view(law, s.params, s.tokens)
        self.plane_plot.update_view(law, s.params, s.tokens)
        for plot in self.plots.values():
            plot.request_frame()
        # The lever depends only on the law and the budget: skip it while N slides at fixed C,
        # and while C is dragged let it catch up when the hand pauses (it never blocks a knob).
        if self.lever is not None and (law, s.compute) != self._lever_key:
            if dragging:
                self._lever_timer.start()
            else:
                self._update_lever()
        # The hardware panel is refreshed when it can be seen (or when its tab is opened).
        if self.hardware is not None and self.hardware.isVisible():
            self.hardware.refresh(s.params, s.tokens, s.hardware)
        self.undo_action.setEnabled(self.scenario.can_undo())
        self.redo_action.setEnabled(self.scenario.can_redo())
        name = self.path.name if self.path else "Untitled"
        dirty = "*" if s != self._saved_state else ""
        self.setWindowTitle(f"{name}{dirty} — ScalingDesk")
        if not dragging:
            self._set_quality(True)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.hardware and event.type() == QtCore.QEvent.Type.Show:
            self._refresh_hardware()
        return super().eventFilter(watched, event)

    def _refresh_hardware(self) -> None:
        if self.hardware is not None and self.hardware.isVisible():
            s = self.scenario.state
            self.hardware.refresh(s.params, s.tokens, s.hardware)

    def _update_lever(self) -> None:
        s = self.scenario.state
        key = (s.law_object, s.compute)
        if self.lever is not None and key != self._lever_key:
            self._lever_key = key
            self.lever.set_scenario(*key)

    def _set_quality(self, high: bool) -> None:
        for plot in self.plots.values():
            plot.set_quality(high)

    def _on_theme(self, t: themes.Theme) -> None:
        self.setStyleSheet(stylesheet(t))
        if t.name in getattr(self, "theme_actions", {}):
            self.theme_actions[t.name].setChecked(True)

    def set_theme(self, name: str) -> None:
        themes.set_theme(name)
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
            self.scenario.load_state(replace(self.scenario.state, params=model.params, tokens=model.tokens,
                                              follow_optimum=False))
        except ScenarioError as err:
            self._show_error(str(err))
            return
        self.statusBar().showMessage(f"Loaded {model.name}. Source: {model.source}", 10000)

    # --- files -------------------------------------------------------------------------------
    def new_scenario(self) -> None:
        self.scenario.reset()
        self.path = None
        self.refresh()

    def open_path(self, path: str | Path) -> bool:
        try:
            state = scenario_io.load(path)
        except scenario_io.ScenarioFileError as err:
            self._error_box("Could not open the scenario", str(err))
            return False
        self.scenario.load_state(state)
        self.path = Path(path)
        self._saved_state = state
        self.settings.set_last_folder(str(self.path.parent))
        self.refresh()
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
            scenario_io.save(path, self.scenario.state)
        except OSError as err:
            self._error_box("Could not save the scenario", f"{path}: {err.strerror or err}")
            return False
        self.path = Path(path)
        self._saved_state = self.scenario.state
        self.settings.set_last_folder(str(self.path.parent))
        self.statusBar().showMessage(f"Saved {self.path.name}", 5000)
        self.refresh()
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
        except scenario_io.ScenarioFileError as err:
            self._show_error(f"Clipboard: {err}")
            return False
        self.scenario.load_state(state)
        self.statusBar().showMessage("Opened the shared scenario (Ctrl+Z to go back).", 6000)
        return True

    def _error_box(self, title: str, text: str) -> None:
        self._show_error(text)
        if QtWidgets.QApplication.platformName() != "offscreen":
            QtWidgets.QMessageBox.warning(self, title, text)

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

    def _restore_session(self) -> None:
        data = self.settings.last_scenario()
        if data:
            try:
                self.scenario.load_state(scenario_io.state_from_dict(data))
                self.scenario._undo.clear()  # a fresh session starts with an empty history
            except scenario_io.ScenarioFileError:
                pass  # a stale or damaged session is not worth an error: start fresh
        self._saved_state = self.scenario.state
        themes.set_theme(self.settings.theme() if self.settings.theme() in themes.THEMES else "dark")
        for name, splitter in (("main", self.splitter), ("plots", self.plot_splitter)):
            if (data := self.settings.splitter(name)) is not None:
                splitter.restoreState(data)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized and self.settings.splitter("main") is None:
            self._sized = True
            QtCore.QTimer.singleShot(0, self.apply_default_layout)

    def apply_default_layout(self) -> None:
        """Controls and the side panel at their natural width; the plots take the rest."""
        w = self.splitter.width() or self.width()
        left, right = 440, 430
        self.splitter.setSizes([left, max(300, w - left - right), right])

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self._save_session()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_splitter("main", self.splitter.saveState())
        self.settings.set_splitter("plots", self.plot_splitter.saveState())
        self.settings.sync()
        self._unsubscribe()
        self._unsubscribe_theme()
        super().closeEvent(event)

