"""The guided tour in the window: a docked panel, scene navigation, a highlight and a ghost.

Split by job: ``panel`` (the docked text, question, reveal and end screen), ``overlay`` (the
highlight and the covers over answers not yet guessed), ``controller`` (scenes, views, glides,
the ghost curve, guesses), ``slides`` (export a view for slides).  Scenes are data
(resources/tour.json, :mod:`scalingdesk.core.tour`).
"""

from scalingdesk.qt.tour.controller import (
    GHOST_GRID,
    GLIDE_MS,
    TourController,
    install_tour,
)
from scalingdesk.qt.tour.overlay import HighlightOverlay, MaskOverlay
from scalingdesk.qt.tour.panel import PanelPlot, TourPanel
from scalingdesk.qt.tour.slides import SLIDE_SIZES, SlideExportDialog, export_for_slides

__all__ = [
    "GHOST_GRID",
    "GLIDE_MS",
    "SLIDE_SIZES",
    "HighlightOverlay",
    "MaskOverlay",
    "PanelPlot",
    "SlideExportDialog",
    "TourController",
    "TourPanel",
    "export_for_slides",
    "install_tour",
]
