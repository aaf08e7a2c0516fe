"""Preferences and session state in one place, over QSettings (INI file in the user's folder).

Tests point QSettings at a temporary folder (tests/conftest.py), so they never touch the user's.

The settings file is outside input too.  Before Qt reads it, a settings path that is a symlink,
a FIFO, a device, a folder or larger than :data:`MAX_SETTINGS_BYTES` is set aside (renamed to
``<file>.broken-<timestamp>``, never followed, never read), so it can neither hang the start nor
make Qt overwrite a symlink's target.  A saved session that fails to restore is set aside the
same way (a copy is kept) and the app starts with defaults; :attr:`Settings.notice` then says so,
for the window to show.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from PySide6 import QtCore

from scalingdesk.core import boundary

ORGANIZATION = "ScalingDesk"
APPLICATION = "ScalingDesk"
#: A settings file is a few kilobytes; anything larger is not ours.
MAX_SETTINGS_BYTES = 2_000_000
#: The saved scenario is a few hundred bytes of JSON.
MAX_SESSION_CHARS = 200_000


def settings_path() -> Path:
    """Where QSettings keeps the user-scope INI file (honours QSettings.setPath)."""
    probe = QtCore.QSettings(
        QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, ORGANIZATION, "~probe"
    )
    return Path(probe.fileName()).with_name(f"{APPLICATION}.ini")


def _broken_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while os.path.lexists(candidate):
        n += 1
        candidate = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    return candidate


def _unsafe_reason(path: Path) -> str | None:
    """Why Qt must not open this settings path (None: absent or a small regular file)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        return f"it cannot be examined ({err.strerror})"
    if stat.S_ISLNK(st.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISREG(st.st_mode):
        return "it is not a regular file"
    if st.st_size > MAX_SETTINGS_BYTES:
        return f"it is larger than {MAX_SETTINGS_BYTES:,} bytes"
    return None


class Settings:
    def __init__(self) -> None:
        self.path = settings_path()
        #: A message for the window (a settings file or session that was set aside), or None.
        self.notice: str | None = None
        if (why := _unsafe_reason(self.path)) is not None:
            kept = self._move_aside(self.path)
            self.notice = (
                f"The settings file was set aside because {why}"
                + (f" (kept as {kept.name})" if kept else "")
                + "; starting with defaults."
            )
        self._q = QtCore.QSettings(str(self.path), QtCore.QSettings.Format.IniFormat)

    @staticmethod
    def _move_aside(path: Path) -> Path | None:
        target = _broken_name(path)
        try:
            os.rename(path, target)  # renames a symlink itself, never its target
        except OSError:
            try:
                os.unlink(path)
            except OSError:
                return None
            return None
        return target

    def set_aside(self, reason: str) -> str:
        """Keep a copy of the settings file as ``<file>.broken-<timestamp>``, drop the saved
        session, and return (and remember in :attr:`notice`) a message saying so."""
        self._q.sync()
        kept: Path | None = None
        try:
            data = boundary.read_bounded(self.path, MAX_SETTINGS_BYTES, "settings file")
            kept = _broken_name(self.path)
            boundary.atomic_write(kept, data)
        except (boundary.BoundaryError, OSError):
            kept = None
        self._q.remove("session/last_scenario")
        self._q.sync()
        where = f"; it was kept as {kept.name}" if kept else ""
        self.notice = boundary.one_line(
            f"The last session could not be restored ({boundary.one_line(reason, 160)}){where}. "
            "Starting with the default scenario.",
            400,
        )
        return self.notice

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
            return boundary.parse_json(str(raw), key) if raw else None
        except ValueError:
            return None

    # Preferences
    def theme(self) -> str:
        value = self._get("prefs/theme", "dark")
        return value if isinstance(value, str) and len(value) <= 40 else "dark"

    def set_theme(self, name: str) -> None:
        self._q.setValue("prefs/theme", name)

    # The last scenario, saved on every change so nothing is lost on a crash.
    def last_scenario(self) -> dict[str, Any] | None:
        """The saved session as a dict (validated later by scenario_io.state_from_dict), or
        None.  A session that is not JSON is set aside (see :meth:`set_aside`)."""
        raw = self._get("session/last_scenario")
        if not raw:
            return None
        if not isinstance(raw, str) or len(raw) > MAX_SESSION_CHARS:
            self.set_aside(f"the saved scenario is not a text of at most {MAX_SESSION_CHARS:,} characters")
            return None
        try:
            data = boundary.parse_json(raw, "the saved scenario")
        except boundary.BoundaryError as err:
            self.set_aside(str(err))
            return None
        if not isinstance(data, dict):
            self.set_aside("the saved scenario is not an object")
            return None
        return data

    def set_last_scenario(self, data: dict[str, Any]) -> None:
        import json

        self._q.setValue("session/last_scenario", json.dumps(data, allow_nan=False))

    def last_path(self) -> str:
        """The file the last session's scenario was saved to or opened from ("" if untitled)."""
        return str(self._get("session/last_path", ""))

    def set_last_path(self, path: str) -> None:
        self._q.setValue("session/last_path", path)

    def last_folder(self) -> str:
        value = self._get("session/last_folder", "")
        return value if isinstance(value, str) and len(value) <= 4096 else ""

    def set_last_folder(self, folder: str) -> None:
        self._q.setValue("session/last_folder", folder)

    def sync(self) -> None:
        if _unsafe_reason(self.path) == "it is a symbolic link":
            return  # planted after the start: never write through it
        self._q.sync()
