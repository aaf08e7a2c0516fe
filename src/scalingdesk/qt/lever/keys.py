"""The lever's keys work whenever the lever can be seen, not only when it has focus.

Key presses that no widget took (a knob keeps its arrows, a text field its characters, a focused
button its Space) travel up to the window; this filter on the window hands the lever's keys to
the lever while it is visible.  Presenter mode's own keys are caught before they get here.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets


class LeverKeys(QtCore.QObject):
    def __init__(self, window: QtWidgets.QWidget, lever: Any) -> None:
        super().__init__(window)
        self.lever = lever
        window.installEventFilter(self)

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.KeyPress and self.lever.isVisible():
            return bool(self.lever.handle_key(event))
        return False


def install_lever_keys(window: QtWidgets.QWidget, lever: Any) -> LeverKeys | None:
    """Route the lever's keys from the whole window to ``lever`` while it is visible."""
    if lever is None:
        return None
    return LeverKeys(window, lever)
