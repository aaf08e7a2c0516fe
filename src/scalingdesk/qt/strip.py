"""The tour strip of presenter mode: one fixed height per screen size, its text sized to fit.

The strip runs under the scene's views like subtitles.  Its height depends only on the screen
(so the views never jump from scene to scene); its type is the projector's, made smaller step by
step until the scene's text, question, choices and answer fit without clipping or scrolling.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from scalingdesk.qt import theme as themes

#: The strip's share of the screen's height (the views keep the rest).
STRIP_SHARE = 0.36
#: ... and at least this share, the type of the views made smaller if need be.
STRIP_MIN_SHARE = 0.3
#: Never smaller than this share of the projector's type for the screen.
SMALLEST = 0.55
STEP = 0.92


def strip_height(screen: QtCore.QSize, views_need: int = 0) -> int:
    """The strip's height on this screen: its share, less if the tallest panel a scene can show
    (``views_need``, at this screen's type) would not fit above it."""
    return max(120, min(round(STRIP_SHARE * screen.height()), screen.height() - views_need))


def _scroll(panel: QtWidgets.QWidget) -> QtWidgets.QScrollArea | None:
    return panel.findChild(QtWidgets.QScrollArea)


def text_room(panel: QtWidgets.QWidget, height: int) -> int:
    """Height left for the scene's text once the navigation row has its own."""
    scroll, lay = _scroll(panel), panel.layout()
    other = 0
    for i in range(lay.count()):
        item = lay.itemAt(i)
        if item.widget() is not scroll:
            other += item.sizeHint().height() + lay.spacing()
    m = lay.contentsMargins()
    return height - other - m.top() - m.bottom()


def fits(panel: QtWidgets.QWidget, width: int, height: int) -> bool:
    scroll = _scroll(panel)
    body = scroll.widget() if scroll is not None else panel
    need = body.heightForWidth(width) if body.hasHeightForWidth() else body.sizeHint().height()
    return need <= text_room(panel, height) and body.minimumSizeHint().width() <= width


def fit_text(panel: QtWidgets.QWidget, width: int, height: int) -> float:
    """The largest type (at most the theme's) at which the panel's text fits; applied."""
    top = themes.current().font_scale
    scale = top
    while True:
        panel.set_text_scale(scale)
        if fits(panel, width, height) or scale <= top * SMALLEST:
            return scale
        scale = round(scale * STEP, 3)


def set_scrolling(panel: QtWidgets.QWidget, allowed: bool) -> None:
    """Presenting: the strip never scrolls (its text is sized to fit instead)."""
    scroll = _scroll(panel)
    if scroll is not None:
        scroll.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded if allowed
                                          else QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
