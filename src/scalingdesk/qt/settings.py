"""Preferences and session state in one place, over QSettings (INI file in the user's folder).

Tests point QSettings at a temporary folder (tests/conftest.py), so they never touch the user's.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6 import QtCore

ORGANIZATION = "ScalingDesk"
APPLICATION = "ScalingDesk"


class Settings:
    def __init__(self) -> None:
        self._q = QtCore.QSettings(
            QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
        )

    def _get(self, key: str, default: Any = None) -> Any:
        return self._q.value(key, default)

    # Window layout
    def geometry(self) -> QtCore.QByteArray | None:
        value = self._get("window/geometry")
        return value if isinstance(value, QtCore.QByteArray) else None

    def set_geometry(self, data: QtCore.QByteArray) -> None:
        self._q.setValue("window/geometry", data)

    def splitter(self, name: str) -> QtCore.QByteArray | None:
        value = self._get(f"window/splitter_{name}")
        return value if isinstance(value, QtCore.QByteArray) else None

    def set_splitter(self, name: str, data: QtCore.QByteArray) -> None:
        self._q.setValue(f"window/splitter_{name}", data)

    def layout(self) -> dict[str, Any] | None:
        """The window's rectangle, state and views at the last exit (scalingdesk.qt.layout)."""
        return self._json("window/layout")

    def set_layout(self, data: dict[str, Any]) -> None:
        self._q.setValue("window/layout", json.dumps(data))

    def _json(self, key: str) -> Any:
        raw = self._get(key)
        try:
            return json.loads(str(raw)) if raw else None
        except ValueError:
            return None

    # Preferences
    def theme(self) -> str:
        return str(self._get("prefs/theme", "dark"))

    def set_theme(self, name: str) -> None:
        self._q.setValue("prefs/theme", name)

    # The last scenario, saved on every change so nothing is lost on a crash.
    def last_scenario(self) -> dict[str, Any] | None:
        raw = self._get("session/last_scenario")
        if not raw:
            return None
        try:
            data = json.loads(str(raw))
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def set_last_scenario(self, data: dict[str, Any]) -> None:
        self._q.setValue("session/last_scenario", json.dumps(data))

    def last_path(self) -> str:
        """The file the last session's scenario was saved to or opened from ("" if untitled)."""
        return str(self._get("session/last_path", ""))

    def set_last_path(self, path: str) -> None:
        self._q.setValue("session/last_path", path)

    def last_folder(self) -> str:
        return str(self._get("session/last_folder", ""))

    def set_last_folder(self, folder: str) -> None:
        self._q.setValue("session/last_folder", folder)

    def sync(self) -> None:
        self._q.sync()
