"""Presenter presets: a scenario plus the views shown, kept in the app's settings."""

from __future__ import annotations

import json
from typing import Any

from PySide6 import QtCore

from scalingdesk.core import scenario_io
from scalingdesk.core.scenario import ScenarioState
from scalingdesk.core.tour import VIEWS


class PresetError(ValueError):
    """A preset that does not exist or cannot be read; the message names it."""


class PresetStore:
    """Presenter presets (a scenario plus the views shown), as JSON in the app's QSettings."""

    KEY = "presenter/presets"

    def __init__(self) -> None:
        self._q = QtCore.QSettings(
            QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, "ScalingDesk", "ScalingDesk"
        )

    def _all(self) -> dict[str, Any]:
        raw = self._q.value(self.KEY)
        if not raw:
            return {}
        try:
            data = json.loads(str(raw))
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def names(self) -> list[str]:
        return sorted(self._all())

    def save(self, name: str, state: ScenarioState, views: tuple[str, ...]) -> None:
        name = name.strip()
        if not name:
            raise PresetError("a preset needs a name")
        bad = [v for v in views if v not in VIEWS]
        if bad:
            raise PresetError(f"preset {name!r}: unknown view(s) {', '.join(bad)}")
        data = self._all()
        data[name] = {"scenario": scenario_io.state_to_dict(state), "views": list(views)}
        self._q.setValue(self.KEY, json.dumps(data))
        self._q.sync()

    def load(self, name: str) -> tuple[ScenarioState, tuple[str, ...]]:
        entry = self._all().get(name)
        if not isinstance(entry, dict):
            raise PresetError(f"no preset called {name!r}")
        try:
            state = scenario_io.state_from_dict(entry.get("scenario"))
        except scenario_io.ScenarioFileError as err:
            raise PresetError(f"preset {name!r} is damaged: {err}") from None
        views = entry.get("views")
        if not isinstance(views, list) or not views or not all(v in VIEWS for v in views):
            raise PresetError(f"preset {name!r} has bad views {views!r}")
        return state, tuple(views)

    def delete(self, name: str) -> None:
        data = self._all()
        if data.pop(name, None) is None:
            raise PresetError(f"no preset called {name!r}")
        self._q.setValue(self.KEY, json.dumps(data))


def replace_hardware_laws(preset: ScenarioState, now: ScenarioState) -> ScenarioState:
    """A preset's scenario keeps the user's own fitted laws if the preset does not carry them."""
    from dataclasses import replace

    keys = {law.key for law in preset.extra_laws}
    extra = preset.extra_laws + tuple(x for x in now.extra_laws if x.key not in keys)
    return replace(preset, extra_laws=extra)
