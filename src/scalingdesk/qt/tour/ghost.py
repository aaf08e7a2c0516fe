"""The tour's ghost curve: the loss curve from before the learner moved a knob, drawn dashed on
the loss plot.  A mixin of :class:`~scalingdesk.qt.tour.controller.TourController` (moved verbatim
out of controller.py; the methods use the controller's window, ghost items and anchor)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from scalingdesk.core import views
from scalingdesk.core.scenario import ScenarioState
from scalingdesk.qt import theme as themes

#: Compute grid of the ghost curve: wider than any span the loss plot shows.
GHOST_GRID = np.logspace(15, 30, 301)


class GhostCurve:
    """Remember the scene's curve when it settles; show it while N or D differ, under the same law."""

    # --- the ghost of the previous curve -------------------------------------------------------
    def _settled(self) -> None:
        """The scene's scenario is in place: remember its training curve as the 'before'
        (computed by the core, so it matches the loss plot's own curve for that N)."""
        if self._index is None:
            return
        s = self.window.scenario.state
        _, rows = views.training_curves_view(s.law_object, s.params, GHOST_GRID)
        self._anchor = (s, (np.log10(GHOST_GRID), rows[2]), ([np.log10(s.compute)], [s.loss]))

    def _update_ghost(self, state: ScenarioState) -> None:
        if self._anchor is None:
            return
        before, curve, point = self._anchor
        moved = (state.params, state.tokens) != (before.params, before.tokens)
        if moved and state.law == before.law:
            self.ghost.setData(*curve)
            self.ghost_point.setData(*point)
            if not self._ghost_shown:
                plot = self.window.loss_plot
                plot.addItem(self.ghost)
                plot.addItem(self.ghost_point)
                plot.legend.addItem(self.ghost, self.ghost.opts["name"])
                self._ghost_shown = True
        else:
            self._remove_ghost()

    def ghost_visible(self) -> bool:
        return self._ghost_shown

    def _remove_ghost(self) -> None:
        if self._ghost_shown:
            plot = self.window.loss_plot
            plot.legend.removeItem(self.ghost)
            plot.removeItem(self.ghost)
            plot.removeItem(self.ghost_point)
            self._ghost_shown = False

    def _style_ghost(self, t: themes.Theme) -> None:
        pen = pg.mkPen(t.color("ghost", 170), width=t.line_width * 0.9, style=QtCore.Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.ghost.setPen(pen)
        self.ghost_point.setPen(pg.mkPen(t.ghost, width=2))
        self.ghost_point.setBrush(pg.mkBrush(None))
        self.ghost_point.setSize(14 * max(1.0, t.font_scale * 0.8))
