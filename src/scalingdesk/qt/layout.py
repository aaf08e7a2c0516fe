"""Window geometry that fits the screen it opens on, and type that fits the window.

- :func:`opening_rect`: the size a window opens at (never larger than the screen's available
  geometry, less the title bar and frame), centred on that screen;
- :func:`saved_layout_fits`: a saved window rectangle is restored only if it still fits a screen;
- :func:`projector_scale`: the projector theme's type size for a window or screen size (1.75x at
  1920x1080, in proportion to the screen, never under 1.0x), so the same talk reads the same from
  the back of a room on a 1024x768 projector and on a 4K wall, and the controls always fit.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

#: The size the window asks for when the screen has room (a 1600x900 window on 1920x1080).
PREFERRED = QtCore.QSize(1600, 900)
#: Title bar and frame a window manager adds, before the window is shown and can be asked.
FRAME_GUESS = QtCore.QMargins(8, 36, 8, 8)
#: The smallest window the layout is made for (below the 1024x700 it is designed for).
MINIMUM = QtCore.QSize(760, 590)
#: Projector type at 1920x1080, and the width at which that type still leaves the plots room.
PROJECTOR_BASE = 1.75
REFERENCE_HEIGHT = 1080
REFERENCE_WIDTH = 1700
SCALE_STEP = 0.125


def screen_of(window: QtWidgets.QWidget) -> QtGui.QScreen:
    return window.screen() or QtGui.QGuiApplication.primaryScreen()


def frame_margins(window: QtWidgets.QWidget) -> QtCore.QMargins:
    """The frame the window manager puts around the window (a guess until it is shown)."""
    handle = window.windowHandle()
    if handle is not None and window.isVisible():
        m = handle.frameMargins()
        if m.top() or m.left():
            return m
    return FRAME_GUESS


def frame_known(window: QtWidgets.QWidget) -> bool:
    handle = window.windowHandle()
    return (
        handle is not None
        and window.isVisible()
        and (handle.frameMargins().top() > 0 or handle.frameMargins().left() > 0)
    )


def opening_rect(
    available: QtCore.QRect, frame: QtCore.QMargins = FRAME_GUESS, preferred: QtCore.QSize = PREFERRED
) -> QtCore.QRect:
    """The client rectangle to open at: the preferred size, or the screen less the frame."""
    room_w = available.width() - frame.left() - frame.right()
    room_h = available.height() - frame.top() - frame.bottom()
    w, h = min(preferred.width(), room_w), min(preferred.height(), room_h)
    x = available.left() + frame.left() + (room_w - w) // 2
    y = available.top() + frame.top() + (room_h - h) // 2
    return QtCore.QRect(x, y, w, h)


def rect_fits(rect: QtCore.QRect, available: QtCore.QRect, frame: QtCore.QMargins = FRAME_GUESS) -> bool:
    """Whether a client rectangle and its frame lie inside the available geometry."""
    outer = rect.marginsAdded(frame)
    return available.contains(outer) and rect.width() >= MINIMUM.width() // 2


def saved_layout_fits(saved: dict[str, Any] | None, frame: QtCore.QMargins = FRAME_GUESS) -> QtCore.QRect | None:
    """The saved client rectangle if it fits one of today's screens as it is, else None."""
    if not isinstance(saved, dict):
        return None
    r = saved.get("rect")
    if not (isinstance(r, list) and len(r) == 4 and all(isinstance(v, int) for v in r)):
        return None
    rect = QtCore.QRect(*r)
    for screen in QtGui.QGuiApplication.screens():
        if rect_fits(rect, screen.availableGeometry(), frame):
            return rect
    return None


def projector_scale(size: QtCore.QSize) -> float:
    """The projector theme's font scale for a window of this size (logical pixels)."""
    k = min(size.height() / REFERENCE_HEIGHT, size.width() / REFERENCE_WIDTH)
    scale = round(PROJECTOR_BASE * k / SCALE_STEP) * SCALE_STEP
    return max(1.0, min(scale, 2 * PROJECTOR_BASE))


def layout_record(window: Any) -> dict[str, Any]:
    """What is saved at exit: the client rectangle (when not maximised), the state and the views."""
    g = window.normalGeometry() if window.isMaximized() or window.isFullScreen() else window.geometry()
    return {
        "rect": [g.x(), g.y(), g.width(), g.height()],
        "maximized": bool(window.isMaximized()),
        "views": window.views.save_state(),
    }
