"""View menu: show or hide each view, focus one view full size, reset the layout.

Every action asks the window's :class:`~scalingdesk.qt.view_registry.ViewRegistry`; the check
marks follow it (the tour and presenter mode change the views too).
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtGui, QtWidgets

from scalingdesk.qt.binding import signals_blocked
from scalingdesk.qt.view_registry import LABELS

#: The views "Focus one view" offers (one idea at a time: a plot or the lever, full size).
FOCUSABLE = ("loss", "isoflop", "plane", "lever")


def build_view_menu(window: Any, menu: QtWidgets.QMenu) -> None:
    views = window.views
    window.view_actions = {}
    for name in views.names():
        act = QtGui.QAction(f"Show {LABELS[name]}", window, checkable=True)
        act.setChecked(views.is_shown(name))
        act.toggled.connect(lambda on, n=name: _toggle(window, n, on))
        menu.addAction(act)
        window.view_actions[name] = act
    focus = menu.addMenu("F&ocus one view")
    window.focus_actions = {}
    for i, name in enumerate(n for n in FOCUSABLE if n in views.names()):
        act = QtGui.QAction(LABELS[name], window)
        act.setShortcut(QtGui.QKeySequence(f"Ctrl+Alt+{i + 1}"))
        act.triggered.connect(lambda _=False, n=name: views.focus(n))
        focus.addAction(act)
        window.addAction(act)
        window.focus_actions[name] = act
    window.unfocus_action = QtGui.QAction("Show the other views again", window)
    window.unfocus_action.setShortcut(QtGui.QKeySequence("Ctrl+Alt+0"))
    window.unfocus_action.triggered.connect(views.unfocus)
    focus.addSeparator()
    focus.addAction(window.unfocus_action)
    window.addAction(window.unfocus_action)
    window.reset_layout_action = QtGui.QAction("&Reset layout", window)
    window.reset_layout_action.triggered.connect(views.reset)
    menu.addAction(window.reset_layout_action)
    menu.addSeparator()
    views.changed.connect(lambda: _sync(window))
    _sync(window)


def _toggle(window: Any, name: str, on: bool) -> None:
    if window.views.is_shown(name) == on:
        return
    try:
        window.views.set_shown(name, on)
    except ValueError as err:  # the last view shown
        window.statusBar().showMessage(str(err), 8000)
        _sync(window)


def _sync(window: Any) -> None:
    views = window.views
    for name, act in getattr(window, "view_actions", {}).items():
        with signals_blocked(act):
            act.setChecked(views.is_shown(name))
    if hasattr(window, "unfocus_action"):
        window.unfocus_action.setEnabled(views.focused() is not None)
