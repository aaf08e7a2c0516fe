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


def _scales(top: float) -> list[float]:
    """The type scales the fit tries, largest first: the theme's, then STEP smaller each."""
    scales = [top]
    while scales[-1] > top * SMALLEST:
        scales.append(round(scales[-1] * STEP, 3))
    return scales


def _content_key(panel: QtWidgets.QWidget, width: int, height: int, top: float) -> tuple:
    """What the fit depends on: the room, the theme's type and every text shown (a button's
    own line breaks aside)."""
    texts = tuple(
        (w.objectName(), " ".join(w.text().split()), w.isVisibleTo(panel))
        for kind in (QtWidgets.QLabel, QtWidgets.QAbstractButton)
        for w in panel.findChildren(kind)
    )
    return (width, height, top, themes.current().name, texts)


def fit_text(panel: QtWidgets.QWidget, width: int, height: int) -> float:
    """The largest type (at most the theme's) at which the panel's text fits; applied.

    Each scale tried restyles the panel (a style sheet: every child is polished again), so the
    search starts at the scale in use and walks up or down from there, and a panel whose text,
    room and theme are those of the last fit keeps its scale without trying any.  Whether the
    text fits only gets worse with larger type, so this finds the scale a search from the
    largest down would."""
    top = themes.current().font_scale
    key = _content_key(panel, width, height, top)
    if getattr(panel, "_fit_key", None) == key and panel.text_scale is not None:
        return panel.text_scale
    scales = _scales(top)

    def fits_at(i: int) -> bool:
        panel.set_text_scale(scales[i])
        wrap_buttons(panel, width)
        return fits(panel, width, height)

    current = panel.text_scale
    start = scales.index(current) if current in scales else 0
    if fits_at(start):
        best = start
        while best > 0 and fits_at(best - 1):
            best -= 1
        if panel.text_scale != scales[best]:  # the larger scale tried last did not fit
            fits_at(best)
    else:
        best = start
        while best < len(scales) - 1:
            best += 1
            if fits_at(best):
                break
    panel._fit_key = _content_key(panel, width, height, top)
    return scales[best]


def set_scrolling(panel: QtWidgets.QWidget, allowed: bool) -> None:
    """Presenting: the strip never scrolls (its text is sized to fit instead)."""
    scroll = _scroll(panel)
    if scroll is not None:
        scroll.setVerticalScrollBarPolicy(
            QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded if allowed else QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
