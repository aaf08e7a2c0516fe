"""A rotary knob on a log scale: compute C, parameters N and data D in the explorer.

The knob does not own the truth.  User input (drag, wheel, keys, typed entry) emits
``valueRequested(float)``; the scenario model decides what actually happens and calls
``setValue`` back, which only updates the display and never emits.  A typed entry that is not a
positive number inside the scale is refused with a message under the field; drag, wheel and keys
stop at the ends of the scale, which is the knob's physical range.

Painting is split into a cached static layer (body, groove, ticks, labels, title, held glyph),
rebuilt only when the size, theme, held state or device pixel ratio change, and a few cheap
dynamic strokes (value arc, pointer, optimum marker, readout, focus ring), so a drag can repaint
at display rate.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QPointF, Qt

from scalingdesk.core.log_scale import LogScale
from scalingdesk.core.units import QuantityError, format_range, format_short, parse_quantity
from scalingdesk.qt import theme as theme_mod
from scalingdesk.qt.binding import observe
from scalingdesk.qt.knob_painter import (  # noqa: F401  (START_DEG … _mix: re-exported, were defined here)
    ERROR_LINES,
    START_DEG,
    SWEEP_DEG,
    KnobPainter,
    _angle,
    _Geometry,
    _mix,
)
from scalingdesk.qt.theme import Theme

#: Mouse travel for one decade, whatever the knob's span (C spans 15 decades, N 8: a gain set
#: per sweep gave C ~13 px a decade, too twitchy to aim), and the Shift (fine) factor.
PIXELS_PER_DECADE = 30.0
FINE_FACTOR = 0.1
#: Keyboard arrow / wheel notch step, in decades.
FINE_STEP_DECADES = 1.0 / 20.0
#: A burst of wheel notches or key steps is one gesture, like a drag (same signals, one undo
#: step, the plots' fast path), until this long after its last event (ms).
BURST_SETTLE_MS = 150


def compact(value: float, *, suffixes: bool) -> str:
    """A short form that parse_quantity reads back: 1e9 → "1B" (suffixes) or "1e9"."""
    return format_short(value, suffixes=suffixes)


class LogKnob(KnobPainter, QtWidgets.QWidget):
    """A rotary knob whose angle maps to log10(value) over [log10(minimum), log10(maximum)]."""

    valueRequested = QtCore.Signal(float)
    dragStarted = QtCore.Signal()
    dragFinished = QtCore.Signal()

    def __init__(
        self,
        title: str,
        unit: str,
        minimum: float,
        maximum: float,
        *,
        formatter: Callable[[float], str],
        value: float | None = None,
        tick_formatter: Callable[[float], str] | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # paintEvent covers every pixel (the cached layer is filled with the panel colour), so
        # Qt need not paint the panel under the knob first on every step of a drag.
        self.setAttribute(Qt.WA_OpaquePaintEvent, True)
        for name, bound in (("minimum", minimum), ("maximum", maximum)):
            if not (isinstance(bound, (int, float)) and math.isfinite(bound) and bound > 0):
                raise ValueError(f"{title} knob: {name} {bound!r} must be a positive, finite number")
        if not maximum > minimum:
            raise ValueError(f"{title} knob: maximum {maximum!r} must exceed minimum {minimum!r}")
        self._title = title
        self._unit = unit
        self._min = float(minimum)
        self._max = float(maximum)
        self._lmin = math.log10(self._min)
        self._lmax = math.log10(self._max)
        self._scale = LogScale(self._min, self._max)  # the value <-> position maths
        self._range_text_cache: str | None = None
        self._formatter = formatter
        # Suffix labels (1M, 1B, 1T, 1P) read best for counts; FLOPs beyond 1e18 read as 1e21.
        self._suffix_labels = self._max < 1e18
        self._tick_formatter = tick_formatter or (lambda v: compact(v, suffixes=self._suffix_labels))
        self._value = float(value) if value is not None else 10 ** ((self._lmin + self._lmax) / 2)
        self._check_value(self._value)
        self._marker: float | None = None
        self._held = False
        self._error: str | None = None
        self._readout = formatter(self._value)

        # Drag state
        self._pressed = False
        self._dragging = False
        self._drag_t = 0.0
        self._drag_start_value = self._value
        self._last_pos = QPointF()
        self._last_request: float | None = None
        self._fine = False  # Shift held during the drag: shown under the dial
        self._gesture_kind: str | None = None  # "drag" or "burst": the current or last gesture
        self._burst_timer = QtCore.QTimer(self, singleShot=True, interval=BURST_SETTLE_MS)
        self._burst_timer.timeout.connect(self._finish_drag)

        # Paint caches
        self._theme: Theme = theme_mod.current()
        self._geom: _Geometry | None = None
        self._static: QtGui.QPixmap | None = None
        self._fonts: dict[str, QtGui.QFont] = {}
        self._readout_fonts: list[tuple[QtGui.QFont, QtGui.QFontMetricsF]] = []
        self._readout_font_index = 0
        self._pens: dict[str, QtGui.QPen] = {}
        self._ticks: list[tuple[float, bool, str]] = []

        self.setFocusPolicy(Qt.StrongFocus)
        self.setCursor(Qt.SizeVerCursor)
        self.setSizePolicy(QtWidgets.QSizePolicy.Preferred, QtWidgets.QSizePolicy.Preferred)
        self.setAttribute(Qt.WA_OpaquePaintEvent, True)  # the static layer fills every pixel

        self._edit = QtWidgets.QLineEdit(self)
        self._edit.setObjectName("knobEntry")
        self._edit.setAlignment(Qt.AlignCenter)
        self._edit.setAccessibleName(f"{title} value")
        self._edit.setToolTip(f"Type a {title.lower()} value like 70B, 1.4T or 5.76e23 and press Enter; Esc clears")
        self._edit.setCursor(Qt.IBeamCursor)
        self._edit.returnPressed.connect(self._submit_text)
        self._edit.installEventFilter(self)

        self._error_label = QtWidgets.QLabel(self)
        self._error_label.setObjectName("knobError")
        self._error_label.setTextFormat(Qt.PlainText)
        self._error_label.setWordWrap(True)
        # Its height is fixed (ERROR_LINES lines, see _apply_theme): a word-wrapped label asks its
        # layout for height-for-width, which made the whole knob row collapse after a message.
        policy = QtWidgets.QSizePolicy(QtWidgets.QSizePolicy.Ignored, QtWidgets.QSizePolicy.Fixed)
        self._error_label.setSizePolicy(policy)
        self._error_label.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self._error_label.setAccessibleName(f"{title} message")

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        layout.addStretch(1)  # the painted dial, title and readout live above the entry field
        layout.addWidget(self._edit)
        layout.addWidget(self._error_label)

        self.setAccessibleName(title)
        self.setProperty("held", False)
        self._apply_theme(self._theme)
        self._placeholder_timer = QtCore.QTimer(self, singleShot=True, interval=80)
        self._placeholder_timer.timeout.connect(self._update_placeholder)
        self._update_text_state()
        self._update_placeholder()

        observe(self, theme_mod.model(), self._apply_theme)  # ends when the knob is destroyed

    # ------------------------------------------------------------------ public API
    def value(self) -> float:
        return self._value

    def minimum(self) -> float:
        return self._min

    def maximum(self) -> float:
        return self._max

    def title(self) -> str:
        return self._title

    def unit(self) -> str:
        return self._unit

    def readout(self) -> str:
        """The text of the big readout, formatter(value)."""
        return self._readout

    def setValue(self, value: float) -> None:
        """Show a value decided by the model.  Never emits; outside the scale the pointer rests
        at the end and the arc turns to the warning colour."""
        self._check_value(value)
        value = float(value)
        if value == self._value:
            return
        self._value = value
        self._readout = self._formatter(value)
        self._pick_readout_font()
        self._update_text_state()
        self._update_dial()

    def marker(self) -> float | None:
        return self._marker

    def setMarker(self, value: float | None) -> None:
        """A secondary marker on the arc (the compute-optimal value); None hides it."""
        if value is not None:
            self._check_value(value)
            value = float(value)
        if value != self._marker:
            self._marker = value
            self._update_dial()

    def _update_dial(self) -> None:
        """Repaint the dial and readout only: the entry field below does not change with the
        value, and repainting it (it is a child) on every step of a drag costs ~0.1 ms a knob.
        The region reaches the readout's bottom wherever the layout put it, so the painted
        readout can never be left stale under a moved field."""
        bottom = self._edit.y()
        if self._geom is not None:
            bottom = max(bottom, math.ceil(self._geom.readout_rect.bottom()) + 1)
        self.update(0, 0, self.width(), bottom)

    def isHeld(self) -> bool:
        return self._held

    def setHeld(self, held: bool) -> None:
        """Show (or stop showing) that this quantity is held fixed while others move."""
        held = bool(held)
        if held == self._held:
            return
        self._held = held
        self.setProperty("held", held)
        self._static = None
        self._update_text_state()
        self.update()

    def errorText(self) -> str:
        """The message under the field ("" when none)."""
        return self._error or ""

    def setError(self, text: str | None) -> None:
        """Show a refusal from the model under the knob; None or "" clears it."""
        if (text or None) == self._error:
            return  # called on every accepted drag step: re-polishing the field is costly
        self._error = text or None
        self._show_error_text()
        self._error_label.setToolTip(self._error or "")
        self._edit.setProperty("invalid", self._error is not None)
        self._edit.style().unpolish(self._edit)
        self._edit.style().polish(self._edit)
        self._update_text_state()

    def _show_error_text(self) -> None:
        """The message, shortened with "…" to the lines reserved for it (the tooltip, the
        status bar and the accessible description carry it whole)."""
        text = self._error or ""
        label = self._error_label
        margins = self.layout().contentsMargins() if self.layout() else QtCore.QMargins()
        width = max(10, self.width() - margins.left() - margins.right())
        fm = QtGui.QFontMetrics(label.font())
        room = QtCore.QRect(0, 0, width, label.maximumHeight())
        flags = int(Qt.TextWordWrap | Qt.AlignHCenter)
        shown = text
        while shown and fm.boundingRect(room, flags, shown).height() > room.height():
            shown = shown[: max(0, len(shown) - 2)].rstrip() + "…"
            shown = shown[:-1] if shown.endswith("……") else shown
            if len(shown) <= 1:
                break
        label.setText(shown)

    def isDragging(self) -> bool:
        """True during a gesture: a drag, or a burst of wheel notches or key steps."""
        return self._dragging

    def hasHeightForWidth(self) -> bool:
        """No: the knob's height must not depend on how its message wraps (see ERROR_LINES)."""
        return False

    def gestureKind(self) -> str | None:
        """ "drag" or "burst": the gesture going on, or the last one (still set in dragFinished)."""
        return self._gesture_kind

    def lineEdit(self) -> QtWidgets.QLineEdit:
        return self._edit

    def sizeHint(self) -> QtCore.QSize:
        s = self._theme.font_scale
        return QtCore.QSize(round(170 * s), round(230 * s))

    def minimumSizeHint(self) -> QtCore.QSize:
        s = self._theme.font_scale
        return QtCore.QSize(round(120 * s), round(170 * s))

    # ------------------------------------------------------------------ value mapping
    def _check_value(self, value: float) -> None:
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ValueError(f"{self._title} knob: value {value!r} must be a positive, finite number")

    def _fraction(self, value: float) -> float:
        return self._scale.fraction(value)

    def _value_at_log(self, lg: float) -> float:
        return self._scale.value_at_log(lg)

    def _value_at(self, t: float) -> float:
        return self._scale.value_at(t)

    def _request(self, value: float) -> None:
        self._last_request = value
        self.valueRequested.emit(value)

    def _step(self, decades: float) -> None:
        """Request the value `decades` away on the log scale, stopping at the ends.  Outside a
        drag, a step starts (or extends) a burst gesture."""
        target = self._value_at_log(math.log10(self._value) + decades)
        if target != self._value:
            if not self._pressed:
                if not self._dragging:
                    self._dragging, self._gesture_kind = True, "burst"
                    self._drag_start_value = self._value  # Esc goes back to it
                    self.dragStarted.emit()
                self._burst_timer.start()
            self._request(target)

    # ------------------------------------------------------------------ typed entry
    def _range_text(self) -> str:
        # The scale never changes: formatted once (it was formatted on every step of a drag).
        if self._range_text_cache is None:
            self._range_text_cache = format_range(self._min, self._max, self._unit, suffixes=self._suffix_labels)
        return self._range_text_cache

    def _submit_text(self) -> None:
        raw = self._edit.text().strip()
        if not raw:
            return
        shown = raw if len(raw) <= 24 else raw[:23] + "…"
        try:
            value = parse_quantity(raw, what=self._title)
        except QuantityError:
            self.setError(f"“{shown}” is not a number: allowed {self._range_text()}")
            return
        if value <= 0:
            self.setError(f"“{shown}” is not positive: allowed {self._range_text()}")
            return
        if value < self._min:
            self.setError(f"“{shown}” is too small: allowed {self._range_text()}")
            return
        if value > self._max:
            self.setError(f"“{shown}” is too large: allowed {self._range_text()}")
            return
        self.setError(None)
        self._edit.clear()
        self._request(value)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self._edit and event.type() == QtCore.QEvent.KeyPress:
            if event.key() == Qt.Key_Escape:
                self._edit.clear()
                self.setError(None)
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------------ accessibility / state
    def _update_text_state(self) -> None:
        held = " — held" if self._held else ""
        # The entry's hint follows the value once the hand pauses: repainting three entry fields
        # on every step of a drag costs ~0.2 ms, and the readout above already moves live.
        self._placeholder_timer.start()
        desc = f"{self._readout}{held}; scale {self._range_text()}"
        if self._error:
            desc += f". {self._error}"
        self.setAccessibleDescription(desc)
        self.setToolTip(
            f"{self._title}: {self._readout}{held}\n"
            "Drag up/down (Shift: fine), wheel (Ctrl: decades), arrows, PgUp/PgDn, Home/End"
        )

    def _update_placeholder(self) -> None:
        self._edit.setPlaceholderText(compact(self._value, suffixes=self._suffix_labels))

    # ------------------------------------------------------------------ input
    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        if event.button() == Qt.LeftButton:
            self._finish_drag()  # a burst the hand interrupts ends before the drag starts
            self._pressed = True
            self._last_pos = event.position()
            self._drag_t = self._fraction(self._value)
            self._drag_start_value = self._value
            self.setFocus(Qt.MouseFocusReason)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        if not (self._pressed and event.buttons() & Qt.LeftButton):
            return super().mouseMoveEvent(event)
        pos = event.position()
        delta = pos - self._last_pos
        self._last_pos = pos
        if not self._dragging:
            self._dragging, self._gesture_kind = True, "drag"
            self._update_dial()  # the title gives way to the Shift hint
            self.dragStarted.emit()
        # Up or right increases; screen y grows downwards.
        step = (delta.x() - delta.y()) / PIXELS_PER_DECADE / (self._lmax - self._lmin)
        fine = bool(event.modifiers() & Qt.ShiftModifier)
        if fine:
            step *= FINE_FACTOR
        if fine != self._fine:
            self._fine = fine
            self._update_dial()
        self._drag_t = min(1.0, max(0.0, self._drag_t + step))
        target = self._value_at(self._drag_t)
        if target != self._last_request and target != self._value:
            self._request(target)
        event.accept()

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:
        if event.button() == Qt.LeftButton and self._pressed:
            self._pressed = False
            self._finish_drag()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QtGui.QMouseEvent) -> None:
        # A double click means "let me type it".
        self._edit.setFocus(Qt.MouseFocusReason)
        self._edit.selectAll()
        event.accept()

    def _finish_drag(self) -> None:
        self._pressed = False
        self._burst_timer.stop()
        if self._dragging:
            self._dragging = False
            self._fine = False
            self._update_dial()
            self._last_request = None
            self.dragFinished.emit()

    def hideEvent(self, event: QtGui.QHideEvent) -> None:
        self._finish_drag()
        super().hideEvent(event)

    def wheelEvent(self, event: QtGui.QWheelEvent) -> None:
        delta = event.angleDelta()
        units = delta.y() if delta.y() != 0 else delta.x()  # Alt+wheel arrives horizontally
        if units == 0:
            return event.ignore()
        notches = units / 120.0  # 120 eighths of a degree per notch; high-res wheels send less
        decades = 1.0 if event.modifiers() & Qt.ControlModifier else FINE_STEP_DECADES
        self._step(notches * decades)
        event.accept()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key_Up, Qt.Key_Right):
            self._step(FINE_STEP_DECADES)
        elif key in (Qt.Key_Down, Qt.Key_Left):
            self._step(-FINE_STEP_DECADES)
        elif key == Qt.Key_PageUp:
            self._step(1.0)
        elif key == Qt.Key_PageDown:
            self._step(-1.0)
        elif key == Qt.Key_Home:
            if self._value != self._min:
                self._request(self._min)
        elif key == Qt.Key_End:
            if self._value != self._max:
                self._request(self._max)
        elif key == Qt.Key_Escape:
            if self._dragging:  # abandon the drag: ask for the value it started from
                self._request(self._drag_start_value)
                self._finish_drag()
            self.setError(None)
        elif event.text() and (event.text()[0].isdigit() or event.text()[0] == "."):
            # Typing a number on the focused knob goes straight into the entry field.
            self._edit.setFocus(Qt.OtherFocusReason)
            self._edit.setText(event.text())
        else:
            return super().keyPressEvent(event)
        event.accept()

    def focusInEvent(self, event: QtGui.QFocusEvent) -> None:
        self._static = None  # the focus ring is part of the cached layer
        self.update()
        super().focusInEvent(event)

    def leaveEvent(self, event: QtCore.QEvent) -> None:
        if self._gesture_kind == "burst" and not self.hasFocus():
            self._finish_drag()  # a wheel burst is over when the pointer leaves
        super().leaveEvent(event)

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        if self._gesture_kind == "burst":
            self._finish_drag()  # keys now go elsewhere: the burst is over
        self._static = None
        self.update()
        super().focusOutEvent(event)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() in (QtCore.QEvent.EnabledChange, QtCore.QEvent.FontChange):
            if event.type() == QtCore.QEvent.FontChange:
                self._apply_theme(self._theme)
            self._static = None
            self.update()
        super().changeEvent(event)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        self._geom = None
        self._static = None
        if self._error:
            self._show_error_text()
        super().resizeEvent(event)
