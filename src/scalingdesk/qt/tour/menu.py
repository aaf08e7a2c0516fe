"""The Tour menu: start, resume, leave, keep guesses, open a tour file, show all views, export."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtGui, QtWidgets

from scalingdesk.core.tour import TourError


class TourMenu:
    """Mixed into :class:`~scalingdesk.qt.tour.controller.TourController` (uses its state)."""

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
        self.export_action.triggered.connect(self._export_dialog)
        self.keep_action = QtGui.QAction("&Keep earlier guesses when starting or presenting", w)
        self.keep_action.setCheckable(True)
        self.keep_action.toggled.connect(lambda on: setattr(self, "keep_guesses", bool(on)))
        self.menu.addAction(self.keep_action)
        for act in (self.start_action, self.restart_action, self.leave_action):
            self.menu.addAction(act)
            w.addAction(act)  # shortcuts keep working while the menu bar is hidden
        self.menu.addSeparator()
        self.menu.addAction(self.open_action)
        self.menu.addAction(self.all_views_action)
        self.menu.addAction(self.export_action)
        self._update_menu()

    def _export_dialog(self) -> None:
        from scalingdesk.qt.tour.slides import SlideExportDialog

        SlideExportDialog(self.window).exec()

    def _update_menu(self) -> None:
        on = self._index is not None
        self.start_action.setText("&Start tour" if self._resume <= 1 or on else f"&Resume tour (scene {self._resume})")
        self.leave_action.setEnabled(on)

    def open_dialog(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self.window, "Open a tour", "", "Tour (*.json)")
        if path:
            self.open_tour(path)

    def open_tour(self, path: str | Path) -> bool:
        from scalingdesk.core.tour_file import (
            read_tour,  # bounded read, validated whole
        )

        try:
            scenes = read_tour(path)
        except TourError as err:
            self.window.statusBar().showMessage(f"Tour not opened: {err}", 12000)
            return False
        self.leave()
        self.scenes, self._guesses, self._revealed, self._resume = scenes, {}, set(), 1
        self.start()
        return True
