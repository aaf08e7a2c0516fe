"""A clicker runs the talk: one thing at a time, and the next thing is shown on screen.

Page Down / → / Space do the next step of the scene: reveal the answer to the scene's question
(after the audience's guess: a pull would give it away); in a scene with the lever, then pull it
(up to its last pull); then go to the next scene.
Page Up / ← undo a step the same way (step the lever back, else the previous scene).  1, 2, 3
choose a prediction; Enter reveals the answer.  (Letters A/B/C are not used: B blanks the screen,
as PowerPoint's and most clickers' B does.)

The tour controller's public methods ``choose(index)``, ``reveal()``, ``next()`` and ``back()``
are called where the controller has them; :class:`TourAdapter` keeps the calls to the older
controller (which picks and reveals in one step) in one small place.
"""

from __future__ import annotations

from typing import Any


class TourAdapter:
    """The four talk actions on whichever tour controller the window has."""

    def __init__(self, tour: Any) -> None:
        self.tour = tour

    @property
    def scene(self) -> Any:
        return self.tour.current

    def choices(self) -> int:
        s = self.scene
        return len(s.choices) if s is not None and s.choices else 0

    def revealed(self) -> bool:
        if hasattr(self.tour, "revealed"):
            return bool(self.tour.revealed())
        return bool(self.tour.panel.revealed())

    def chosen(self) -> int | None:
        return getattr(self.tour, "chosen", lambda: self.tour.panel.guess)()

    def choose(self, index: int) -> bool:
        if not 0 <= index < self.choices() or self.revealed():
            return False
        if hasattr(self.tour, "choose"):
            self.tour.choose(index)
        else:
            self.tour.panel.pick(index)  # the older panel reveals with the guess
        return True

    def reveal(self) -> bool:
        if not self.choices() or self.revealed():
            return False
        if hasattr(self.tour, "reveal"):
            self.tour.reveal()
        else:  # the older panel: reveal with no guess committed shows the answer alone
            panel = self.tour.panel
            answer = self.scene.answer
            panel.pick(panel.guess if panel.guess is not None else answer)
        return True

    def next(self) -> bool:
        return bool(self.tour.next())

    def back(self) -> bool:
        return bool(self.tour.back())


class Talk:
    """The step logic of a talk on a window: what Page Down does next, and doing it."""

    def __init__(self, window: Any, tour: Any) -> None:
        self.window = window
        self.adapter = TourAdapter(tour)

    def _lever(self) -> Any:
        scene = self.adapter.scene
        lever = getattr(self.window, "lever", None)
        return lever if scene is not None and "lever" in scene.views and lever is not None else None

    def next_step(self) -> tuple[str, str]:
        """(what the next forward key does, a short label for the strip's button)."""
        lever = self._lever()
        if self.adapter.choices() and not self.adapter.revealed():  # predict first: a pull shows the answer
            return "reveal the answer", "Reveal ▶"
        if lever is not None and lever.pulls() < lever.max_pulls:
            n = lever.pulls() + 1
            return f"pull the lever (pull {n} of {lever.max_pulls})", f"Pull {n}/{lever.max_pulls} ▶"
        scenes = self.adapter.tour.scenes
        scene = self.adapter.scene
        if scene is not None and scene.number < len(scenes):
            return f"scene {scene.number + 1}", "Next ▶"
        return "the end of the tour", "The end"

    def forward(self) -> bool:
        lever = self._lever()
        if self.adapter.reveal():  # the guess (or none) is committed before a pull gives it away
            return True
        if lever is not None and lever.pulls() < lever.max_pulls:
            return lever.pull()
        return self.adapter.next()

    def backward(self) -> bool:
        lever = self._lever()
        if lever is not None and lever.pulls() > 0:
            return lever.step_back()
        return self.adapter.back()
