"""The document: which file the scenario belongs to, what was saved there, and whether the
scenario has changed since (the window's title and the unsaved-changes prompt read it).

Evented like the scenario: listeners hear "path" and "dirty" (see scalingdesk.core.events).
Qt-free; reading and writing the file stays in scalingdesk.core.scenario_io.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scalingdesk.core import scenario_io
from scalingdesk.core.events import Change, Subscribers
from scalingdesk.core.scenario import STATE_FIELDS, Scenario, ScenarioState

APP_NAME = "ScalingDesk"
UNTITLED = "Untitled"
FIELDS = frozenset({"path", "dirty"})


@dataclass(frozen=True)
class DocumentInfo:
    """What a change of the document reports (old and new)."""

    path: Path | None
    dirty: bool


class Document:
    """Path, saved state and dirtiness of one scenario.  ``open``/``save``/``new`` go through it."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._path: Path | None = None
        self._saved: ScenarioState = scenario.state
        self._subscribers = Subscribers(FIELDS)
        self._info = self._now()
        self._unsubscribe = scenario.subscribe(self._on_scenario, fields=STATE_FIELDS)

    # --- reading ------------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def saved_state(self) -> ScenarioState:
        return self._saved

    @property
    def dirty(self) -> bool:
        """The scenario differs from what was last saved to (or opened from) the file."""
        return self.scenario.state != self._saved

    def title(self) -> str:
        """The window title: "lecture.scalingdesk* — ScalingDesk" ("*": unsaved changes)."""
        name = self._path.name if self._path is not None else UNTITLED
        return f"{name}{'*' if self.dirty else ''} — {APP_NAME}"

    def subscribe(self, listener: Callable[[Change[DocumentInfo]], None], fields: Iterable[str] | None = None):
        """``listener(change)`` when one of ``fields`` ("path", "dirty"; default both) changes."""
        return self._subscribers.add(listener, FIELDS if fields is None else fields)

    # --- intents ------------------------------------------------------------------------------
    def new(self) -> None:
        """A fresh scenario (the opening view; undoable) that belongs to no file."""
        self.scenario.reset()
        self._update(path=None, saved=self._saved)

    def open(self, path: str | Path) -> ScenarioState:
        """Read ``path`` and load it (validated whole: all of it or nothing; one undo step).
        Raises scenario_io.ScenarioFileError or ScenarioError and then changes nothing."""
        state = scenario_io.load(path)
        self.scenario.load_state(state)
        self._update(path=Path(path), saved=state)
        return state

    def save(self, path: str | Path | None = None) -> Path:
        """Write the scenario to ``path`` (default: its own file).  Raises OSError, and
        ValueError when there is no file to save to."""
        target = Path(path) if path is not None else self._path
        if target is None:
            raise ValueError("this scenario has no file yet: choose where to save it")
        scenario_io.save(target, self.scenario.state)
        self._update(path=target, saved=self.scenario.state)
        return target

    def adopt(self, path: str | Path | None, saved: ScenarioState | None = None) -> None:
        """Belong to ``path`` with ``saved`` as what the file holds (a restored session)."""
        self._update(path=None if path is None else Path(path), saved=self.scenario.state if saved is None else saved)

    def close(self) -> None:
        self._unsubscribe()

    # --- internals ----------------------------------------------------------------------------
    def _now(self) -> DocumentInfo:
        return DocumentInfo(self._path, self.dirty)

    def _update(self, *, path: Path | None, saved: ScenarioState) -> None:
        self._path, self._saved = path, saved
        self._emit()

    def _on_scenario(self, _change: Change[ScenarioState]) -> None:
        self._emit()

    def _emit(self) -> None:
        old, new = self._info, self._now()
        self._info = new
        fields = frozenset(name for name in FIELDS if getattr(old, name) != getattr(new, name))
        self._subscribers.emit(Change(old, new, fields))
