"""The tour strip of presenter mode: one fixed size per screen, its text sized to fit.

The strip is a column beside the scene's views, the screen's full height and a fixed share of its
width, so the views never jump from scene to scene.  (A strip under the views leaves too little
height on the 1024x768 and 1280x720 projectors rooms still have: the controls need most of it.)
Its type is the projector's, made smaller step by step until the scene's text, question, choices
and answer fit without clipping or scrolling.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from scalingdesk.qt import theme as themes

#: The column's share of the screen's width (the views keep the rest).
STRIP_SHARE = 0.3
#: Never smaller than this share of the projector's type for the screen.
SMALLEST = 0.55
STEP = 0.92


def strip_width(screen: QtCore.QSize) -> int:
    """The tour column's one width on this screen (the same for every scene)."""
    return round(STRIP_SHARE * screen.width())


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


def _invalidate(layout: QtWidgets.QLayout | None) -> None:
    """Forget cached sizes all the way down (a button's new text does not always reach them)."""
    if layout is None:
        return
    layout.invalidate()
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.layout() is not None:
            _invalidate(item.layout())
        elif item.widget() is not None:
            _invalidate(item.widget().layout())


def fits(panel: QtWidgets.QWidget, width: int, height: int) -> bool:
    scroll = _scroll(panel)
    body = scroll.widget() if scroll is not None else panel
    _invalidate(body.layout())
    _invalidate(panel.layout())
    need = body.heightForWidth(width) if body.hasHeightForWidth() else body.sizeHint().height()
    lay = panel.layout()
    others = [lay.itemAt(i) for i in range(lay.count()) if lay.itemAt(i).widget() is not scroll]
    nav_w = max([item.minimumSize().width() for item in others] + [0])
    return need + 8 <= text_room(panel, height) and max(body.minimumSizeHint().width(), nav_w) <= width


def wrap_buttons(panel: QtWidgets.QWidget, width: int) -> None:
    """Answer buttons do not wrap their text by themselves: break it into lines that fit."""
    for b in panel.findChildren(QtWidgets.QPushButton, "tourChoice"):
        if b.hasHeightForWidth():
            continue  # a choice button that wraps its own text
        b.ensurePolished()
        words = " ".join(b.text().split()).split(" ")
        fm = b.fontMetrics()
        room = width - 72  # the button's padding and frame, and the layout's margins
        lines, line = [], ""
        for word in words:
            candidate = f"{line} {word}".strip()
            if line and fm.horizontalAdvance(candidate) > room:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
        text = "\n".join(lines)
        if text != b.text():
            b.setText(text)


def fit_text(panel: QtWidgets.QWidget, width: int, height: int) -> float:
    """The largest type (at most the theme's) at which the panel's text fits; applied."""
    top = themes.current().font_scale
    scale = top
    while True:
        panel.set_text_scale(scale)
        wrap_buttons(panel, width)
        if fits(panel, width, height) or scale <= top * SMALLEST:
            return scale
        scale = round(scale * STEP, 3)


def set_scrolling(panel: QtWidgets.QWidget, allowed: bool) -> None:
    """Presenting: the strip never scrolls (its text is sized to fit instead)."""
    scroll = _scroll(panel)
    if scroll is not None:
        scroll.setVerticalScrollBarPolicy(
            QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded if allowed else QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
