"""The lever follows the scenario's budget: one machine, one state (C moves the lever).

It subscribes to the fields it draws ("compute", "law", "hardware"); while a knob is dragged
it catches up when the hand pauses (90 ms), so it never blocks a knob.  The subscription and
the timer end with the lever.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore

from scalingdesk.qt.binding import observe

FIELDS = ("compute", "law", "hardware")
CATCH_UP_MS = 90


class LeverFollower(QtCore.QObject):
    """Keeps ``lever`` at the scenario's law, budget and hardware (a child of the lever)."""

    def __init__(self, lever: Any, scenario: Any, dragging: Callable[[], bool]) -> None:
        super().__init__(lever)
        self.lever, self.scenario, self._dragging = lever, scenario, dragging
        self.timer = QtCore.QTimer(self, singleShot=True, interval=CATCH_UP_MS)
        self.timer.timeout.connect(self.catch_up)
        observe(self, scenario, self._on_scenario, FIELDS)
        self.catch_up()

    def _on_scenario(self, _change: Any) -> None:
        if self._dragging():
            self.timer.start()  # the hand pauses, or lets go (catch_up), and the lever follows
        else:
            self.catch_up()

    def catch_up(self) -> None:
        self.timer.stop()
        s = self.scenario.state
        self.lever.follow_compute(s.law_object, s.compute, s.hardware)  # it redraws only on a change
