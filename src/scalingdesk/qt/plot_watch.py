"""How a plot follows the scenario: it subscribes to the fields it draws and redraws itself.

Each plot names its ``FIELDS`` and draws a state in ``draw_state(state, fields)``; ``fields``
(what changed, None for everything) lets it skip what did not move (the law-only curves while N
slides).  The subscription ends when the plot is destroyed (scalingdesk.qt.binding.observe).
"""

from __future__ import annotations

from scalingdesk.qt.binding import observe


class ScenarioWatcher:
    """Mixed into the plot base (a QObject); ``request_frame`` comes from the drag layer."""

    #: The scenario's fields the plot draws (names from scalingdesk.core.scenario.FIELDS).
    FIELDS: tuple[str, ...] = ("params", "tokens", "law")
    _scenario = None  # the scenario watched

    def watch(self, scenario) -> None:
        """Draw ``scenario`` now and again when a field it draws changes (until destroyed)."""
        self._scenario = scenario
        observe(self, scenario, self._on_scenario, self.FIELDS)
        self.draw_state(scenario.state)

    def _on_scenario(self, change) -> None:
        self.draw_state(change.new, change.fields)
        self.request_frame()  # the drag fast path: one frame, painted when the loop is free

    def draw_state(self, s, fields: frozenset[str] | None = None) -> None:
        """Draw state ``s``; ``fields`` names what changed since the last call (None: all)."""
        self.update_view(s.law_object, s.params, s.tokens)
