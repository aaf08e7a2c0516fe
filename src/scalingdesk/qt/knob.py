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
import weakref
from typing import Callable

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QPointF, QRectF, Qt

from scalingdesk.core.units import QuantityError, format_range, format_short, parse_quantity
from scalingdesk.qt import theme as theme_mod
from scalingdesk.qt.theme import Theme

#: The dial sweeps 270°, from 225° (lower left) clockwise to -45° (lower right), like a real
#: knob; the 90° gap at the bottom is where the end labels sit.
START_DEG = 225.0
SWEEP_DEG = 270.0
#: Mouse travel for one decade, whatever the knob's span (C spans 15 decades, N 8: a gain set
#: per sweep gave C ~13 px a decade, too twitchy to aim), and the Shift (fine) factor.
PIXELS_PER_DECADE = 30.0
FINE_FACTOR = 0.1
#: Lines of text kept for a message under the entry field: always reserved, never more, so a
#: message neither moves the field nor covers the readout above it.
ERROR_LINES = 3
#: Keyboard arrow / wheel notch step, in decades.
FINE_STEP_DECADES = 1.0 / 20.0
#: A burst of wheel notches or key steps is one gesture, like a drag (same signals, one undo
#: step, the plots' fast path), until this long after its last event (ms).
BURST_SETTLE_MS = 150

def compact(value: float, *, suffixes: bool) -> str:
    """A short form that parse_quantity reads back: 1e9 → "1B" (suffixes) or "1e9"."""
    return format_short(value, suffixes=suffixes)


def _mix(a: str | QtGui.QColor, b: str | QtGui.QColor, t: float, alpha: int = 255) -> QtGui.QColor:
    """Blend two theme colours (t = 0 → a, 1 → b); derived shades, never hard-coded ones."""
    ca, cb = QtGui.QColor(a), QtGui.QColor(b)
    c = QtGui.QColor.fromRgbF(
        ca.redF() + (cb.redF() - ca.redF()) * t,
        ca.greenF() + (cb.greenF() - ca.greenF()) * t,
        ca.blueF() + (cb.blueF() - ca.blueF()) * t,
    )
    c.setAlpha(alpha)
    return c


def _angle(t: float) -> float:
    """Dial angle in degrees (counter-clockwise from 3 o'clock) for a scale fraction t in [0, 1]."""
    return START_DEG - SWEEP_DEG * t


class _Geometry:
    """Everything the paint needs that depends only on size, fonts and theme."""

    __slots__ = (
        "key", "cx", "cy", "r_tick_out", "r_tick_major", "r_tick_minor", "r_track", "w_track",
        "r_knob", "arc_rect", "title_rect", "readout_rect", "marker_size", "pointer_in",
        "pointer_out", "pointer_width",
    )


class LogKnob(QtWidgets.QWidget):
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
                raise ValueError(
                    f"{title} knob: {name} {bound!r} must be a positive, finite number"
                )
        if not maximum > minimum:
            raise ValueError(f"{title} knob: maximum {maximum!r} must exceed minimum {minimum!r}")
        self._title = title
        self._unit = unit
        self._min = float(minimum)
        self._max = float(maximum)
        self._lmin = math.log10(self._min)
        self._lmax = math.log10(self._max)
        self._formatter = formatter
        # Suffix labels (1M, 1B, 1T, 1P) read best for counts; FLOPs beyond 1e18 read as 1e21.
        self._suffix_labels = self._max < 1e18
        self._tick_formatter = tick_formatter or (
            lambda v: compact(v, suffixes=self._suffix_labels)
        )
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
        self._edit.setToolTip(
            f"Type a {title.lower()} value like 70B, 1.4T or 5.76e23 and press Enter; Esc clears"
        )
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

        ref = weakref.ref(self)

        def _on_theme(new: Theme) -> None:
            knob = ref()
            if knob is not None:
                try:
                    knob._apply_theme(new)
                except RuntimeError:  # the C++ side is already gone
                    pass

        unsubscribe = theme_mod.on_theme_changed(_on_theme)
        self.destroyed.connect(lambda *_: unsubscribe())

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
        """"drag" or "burst": the gesture going on, or the last one (still set in dragFinished)."""
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
            raise ValueError(
                f"{self._title} knob: value {value!r} must be a positive, finite number"
            )

    def _fraction(self, value: float) -> float:
        t = (math.log10(value) - self._lmin) / (self._lmax - self._lmin)
        return min(1.0, max(0.0, t))

    def _value_at_log(self, lg: float) -> float:
        if lg <= self._lmin:
            return self._min
        if lg >= self._lmax:
            return self._max
        return 10.0**lg

    def _value_at(self, t: float) -> float:
        return self._value_at_log(self._lmin + t * (self._lmax - self._lmin))

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
        return format_range(self._min, self._max, self._unit, suffixes=self._suffix_labels)

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

    # ------------------------------------------------------------------ theme
    def _apply_theme(self, th: Theme) -> None:
        self._theme = th
        # The application's base size, not self.font(): a window style sheet may already have
        # scaled the widget's font by the theme, and scaling twice would overflow the dial.
        base = QtWidgets.QApplication.font().pointSizeF()
        if base <= 0:
            base = 9.0
        base *= th.font_scale

        def font(scale: float, weight: QtGui.QFont.Weight = QtGui.QFont.Normal) -> QtGui.QFont:
            f = QtGui.QFont(self.font())
            f.setPointSizeF(base * scale)
            f.setWeight(weight)
            return f

        title = font(0.95, QtGui.QFont.DemiBold)
        title.setLetterSpacing(QtGui.QFont.PercentageSpacing, 104)
        self._fonts = {"tick": font(0.82), "title": title}
        self._readout_fonts = []
        for scale in (1.6, 1.4, 1.22, 1.05, 0.9, 0.78):
            f = font(scale, QtGui.QFont.DemiBold)
            self._readout_fonts.append((f, QtGui.QFontMetricsF(f)))

        self._edit.setFont(font(1.0))
        err_font = font(0.85)
        self._error_label.setFont(err_font)
        # Room for ERROR_LINES lines is always reserved and never exceeded, so a message
        # neither makes the dial jump nor pushes the field over the readout.
        err_line = QtGui.QFontMetricsF(err_font).lineSpacing()
        self._error_label.setFixedHeight(math.ceil(ERROR_LINES * err_line) + 1)
        self._error_label.setStyleSheet(f"color: {th.warning}; background: transparent;")
        pad = max(2, round(2 * th.font_scale))
        border = max(1, round(th.line_width / 2))
        self._edit.setStyleSheet(
            f"""
            QLineEdit#knobEntry {{
                background: {_mix(th.panel, th.background, 0.6).name()};
                color: {th.foreground};
                border: {border}px solid {th.grid};
                border-radius: {3 * pad}px;
                padding: {pad}px {2 * pad}px;
                selection-background-color: {th.accent};
            }}
            QLineEdit#knobEntry:focus {{ border-color: {th.accent}; }}
            QLineEdit#knobEntry[invalid="true"] {{ border-color: {th.warning}; }}
            """
        )
        self._geom = None
        self._static = None
        self.updateGeometry()
        self.update()

    def _pick_readout_font(self) -> None:
        g = self._geom
        if g is None or not self._readout_fonts:
            return
        width = g.readout_rect.width()
        self._readout_font_index = len(self._readout_fonts) - 1
        for i, (_, fm) in enumerate(self._readout_fonts):
            if fm.horizontalAdvance(self._readout) <= width:
                self._readout_font_index = i
                break

    # ------------------------------------------------------------------ geometry
    def _layout_ticks(self, r_avail: float) -> None:
        """Decade ticks, labelling every k-th decade so labels do not collide."""
        first, last = math.ceil(self._lmin - 1e-9), math.floor(self._lmax + 1e-9)
        decades = list(range(first, last + 1))
        fm = QtGui.QFontMetricsF(self._fonts["tick"])
        span = self._lmax - self._lmin
        per_decade = math.radians(SWEEP_DEG) / span * r_avail  # arc length of one decade
        widest = max((fm.horizontalAdvance(self._tick_formatter(10.0**d)) for d in decades),
                     default=0.0)
        candidates = (3, 6, 9, 12) if self._suffix_labels else (1, 2, 3, 5, 10)
        step = candidates[-1]
        for k in candidates:
            if per_decade * k >= widest + fm.height() * 0.8 and len(decades) / k <= 7:
                step = k
                break
        self._ticks = [
            ((d - self._lmin) / span, d % step == 0, self._tick_formatter(10.0**d)) for d in decades
        ]

    def _ensure_geometry(self) -> _Geometry:
        w, h = self.width(), self.height()
        bottom = self._edit.geometry().top() - 2
        key = (w, h, bottom, self.devicePixelRatioF(), id(self._theme))
        if self._geom is not None and self._geom.key == key:
            return self._geom
        th = self._theme
        self._static = None  # size, ratio or theme changed: the cached layer is stale
        g = _Geometry()
        g.key = key
        pad = 4.0 * th.font_scale ** 0.5
        title_fm = QtGui.QFontMetricsF(self._fonts["title"])
        readout_h = self._readout_fonts[0][1].height()
        tick_fm = QtGui.QFontMetricsF(self._fonts["tick"])
        text_h = title_fm.height() + readout_h
        avail_w = w - 2 * pad
        avail_h = max(20.0, bottom - pad - text_h)
        # The dial's lower part below the arc ends is mostly empty, so it needs ~1.8 r of height.
        r0 = max(10.0, min(avail_w / 2, avail_h / 1.8))
        self._layout_ticks(r0 * 0.75)

        # Room for the labels outside the tick ring.  The band is sized for the widest label the
        # scale could show ("1e30"), not for this knob's labels, so a row of knobs with
        # different scales still has equal-sized dials.
        gap = max(2.0, r0 * 0.03)
        ref_w = max([tick_fm.horizontalAdvance("1e30")]
                    + [tick_fm.horizontalAdvance(text) for _, major, text in self._ticks if major])
        half_w = avail_w / 2
        r_out = min(half_w - ref_w - gap, r0 - tick_fm.height() * 0.8 - gap)
        r_out = max(r0 * 0.45, r_out)
        lw = th.line_width
        g.r_tick_out = r_out
        g.r_tick_major = r_out - max(4.0, r0 * 0.09)
        g.r_tick_minor = r_out - max(2.5, r0 * 0.05)
        g.w_track = max(4.0, r0 * 0.07) * (lw / 2.0) ** 0.35
        g.r_track = g.r_tick_major - gap - g.w_track / 2
        g.r_knob = g.r_track - g.w_track / 2 - max(3.0, r0 * 0.055)
        g.marker_size = max(6.0, r0 * 0.1)
        g.pointer_in = g.r_knob * 0.5
        g.pointer_out = g.r_knob * 0.84
        g.pointer_width = max(2.5, g.r_knob * 0.1)

        # How far the dial reaches below its centre: the knob body or the end labels.
        below = g.r_knob + lw
        for t, major, text in self._ticks:
            if major and math.sin(math.radians(_angle(t))) < 0:
                a = math.radians(_angle(t))
                tw = tick_fm.horizontalAdvance(text)
                ext = abs(math.cos(a)) * tw / 2 + abs(math.sin(a)) * tick_fm.height() * 0.4
                below = max(below, -(r_out + gap + ext) * math.sin(a) + tick_fm.height() * 0.4)
        below = max(below, g.r_track * math.sin(math.radians(45)) + g.w_track / 2)
        content_h = r0 + below + 2 + text_h
        top = pad + max(0.0, (bottom - pad - content_h) / 2)
        g.cx = w / 2
        g.cy = top + r0
        g.arc_rect = QRectF(g.cx - g.r_track, g.cy - g.r_track, 2 * g.r_track, 2 * g.r_track)
        ty = g.cy + below + 2
        g.title_rect = QRectF(pad, ty, w - 2 * pad, title_fm.height())
        g.readout_rect = QRectF(pad, ty + title_fm.height(), w - 2 * pad, readout_h)
        self._geom = g
        self._make_pens(g)
        self._pick_readout_font()
        return g

    def _make_pens(self, g: _Geometry) -> None:
        th = self._theme
        fill = QtGui.QPen(th.color("accent"), g.w_track, Qt.SolidLine, Qt.RoundCap)
        over = QtGui.QPen(th.color("warning"), g.w_track, Qt.SolidLine, Qt.RoundCap)
        pointer = QtGui.QPen(th.color("accent"), g.pointer_width, Qt.SolidLine, Qt.RoundCap)
        pointer_over = QtGui.QPen(th.color("warning"), g.pointer_width, Qt.SolidLine, Qt.RoundCap)
        marker_edge = QtGui.QPen(th.color("panel"), max(1.0, th.line_width * 0.5))
        marker_edge.setJoinStyle(Qt.RoundJoin)
        focus = QtGui.QPen(th.color("accent", 170), max(1.5, th.line_width * 0.6))
        self._pens = {"fill": fill, "over": over, "pointer": pointer, "pointer_over": pointer_over,
                      "marker_edge": marker_edge, "focus": focus}

    # ------------------------------------------------------------------ painting
    def _render_static(self, g: _Geometry) -> QtGui.QPixmap:
        th = self._theme
        dpr = self.devicePixelRatioF()
        pm = QtGui.QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
        pm.setDevicePixelRatio(dpr)
        pm.fill(th.color("panel"))  # knobs live on the control panel; opaque keeps text legible
        p = QtGui.QPainter(pm)
        p.setRenderHint(QtGui.QPainter.Antialiasing)
        p.setRenderHint(QtGui.QPainter.TextAntialiasing)
        lw = th.line_width
        c = QPointF(g.cx, g.cy)

        # Groove: the full sweep, a recessed track.
        groove = QtGui.QPen(_mix(th.panel, th.grid, 0.85 if th.dark else 0.7), g.w_track,
                            Qt.SolidLine, Qt.RoundCap)
        p.setPen(groove)
        p.drawArc(g.arc_rect, round(START_DEG * 16), round(-SWEEP_DEG * 16))

        # Decade ticks and labels.
        tick_major = QtGui.QPen(th.color("muted"), max(1.2, lw * 0.6), Qt.SolidLine, Qt.RoundCap)
        tick_minor = QtGui.QPen(_mix(th.panel, th.muted, 0.6), max(1.0, lw * 0.4),
                                Qt.SolidLine, Qt.RoundCap)
        p.setFont(self._fonts["tick"])
        fm = QtGui.QFontMetricsF(self._fonts["tick"])
        gap = max(2.0, (g.r_tick_out - g.r_tick_major) * 0.4)
        for t, major, text in self._ticks:
            a = math.radians(_angle(t))
            ca, sa = math.cos(a), -math.sin(a)
            r_in = g.r_tick_major if major else g.r_tick_minor
            p.setPen(tick_major if major else tick_minor)
            p.drawLine(QPointF(g.cx + g.r_tick_out * ca, g.cy + g.r_tick_out * sa),
                       QPointF(g.cx + r_in * ca, g.cy + r_in * sa))
            if major:
                tw, tht = fm.horizontalAdvance(text), fm.height() * 0.8
                ext = abs(ca) * tw / 2 + abs(sa) * tht / 2
                rc = g.r_tick_out + gap + ext
                box = QRectF(g.cx + rc * ca - tw / 2 - 1, g.cy + rc * sa - fm.height() / 2,
                             tw + 2, fm.height())
                p.setPen(th.color("muted"))
                p.drawText(box, Qt.AlignCenter, text)

        # Knob body: a soft drop shadow, a bevelled rim lit from above and a slightly dished cap.
        rk = g.r_knob
        shadow = QtGui.QRadialGradient(QPointF(g.cx, g.cy + rk * 0.08), rk * 1.12)
        shadow.setColorAt(0.82, _mix(th.background, th.foreground, 0.0, 110 if th.dark else 60))
        shadow.setColorAt(1.0, _mix(th.background, th.foreground, 0.0, 0))
        p.setPen(Qt.NoPen)
        p.setBrush(shadow)
        p.drawEllipse(QPointF(g.cx, g.cy + rk * 0.08), rk * 1.12, rk * 1.12)

        rim = QtGui.QLinearGradient(QPointF(g.cx, g.cy - rk), QPointF(g.cx, g.cy + rk))
        if th.dark:
            rim.setColorAt(0.0, _mix(th.panel, th.foreground, 0.30))
            rim.setColorAt(1.0, _mix(th.panel, th.background, 0.6))
        else:
            rim.setColorAt(0.0, _mix(th.panel, th.background, 1.0))
            rim.setColorAt(1.0, _mix(th.panel, th.foreground, 0.16))
        edge = QtGui.QPen(_mix(th.panel, th.foreground, 0.45 if not th.dark else 0.05),
                          max(1.0, lw * 0.5))
        p.setPen(edge)
        p.setBrush(rim)
        p.drawEllipse(c, rk, rk)
        cap = QtGui.QLinearGradient(QPointF(g.cx, g.cy - rk), QPointF(g.cx, g.cy + rk))
        if th.dark:
            cap.setColorAt(0.0, _mix(th.panel, th.background, 0.2))
            cap.setColorAt(1.0, _mix(th.panel, th.foreground, 0.14))
        else:
            cap.setColorAt(0.0, _mix(th.panel, th.foreground, 0.07))
            cap.setColorAt(1.0, _mix(th.panel, th.background, 1.0))
        p.setPen(Qt.NoPen)
        p.setBrush(cap)
        p.drawEllipse(c, rk * 0.86, rk * 0.86)

        if self._held:
            # A lock ring around the knob and a padlock on its cap.
            ring = QtGui.QPen(th.color("accent"), max(2.0, lw * 0.9))
            p.setPen(ring)
            p.setBrush(Qt.NoBrush)
            p.drawEllipse(c, rk + max(2.0, lw), rk + max(2.0, lw))
            self._draw_padlock(p, QPointF(g.cx, g.cy), rk * 0.27)

        # Title (with a small padlock when held).
        p.setFont(self._fonts["title"])
        tfm = QtGui.QFontMetricsF(self._fonts["title"])
        title = tfm.elidedText(self._title, Qt.ElideRight, g.title_rect.width() - tfm.height())
        p.setPen(th.color("accent") if self._held else th.color("muted"))
        if self._held:
            tw = tfm.horizontalAdvance(title)
            lock = tfm.height() * 0.36
            total = tw + lock * 2.6
            x0 = g.title_rect.center().x() - total / 2
            self._draw_padlock(p, QPointF(x0 + lock, g.title_rect.center().y() + lock * 0.12), lock)
            p.setPen(th.color("accent"))
            p.drawText(QRectF(x0 + lock * 2.6, g.title_rect.top(), tw + 2, g.title_rect.height()),
                       Qt.AlignLeft | Qt.AlignVCenter, title)
        else:
            p.drawText(g.title_rect, Qt.AlignCenter, title)

        # The focus ring: an antialiased rounded rectangle this size costs ~0.3 ms to stroke,
        # too much to repeat on every step of a drag.
        if self.hasFocus():
            p.setPen(self._pens["focus"])
            p.setBrush(Qt.NoBrush)
            inset = self._pens["focus"].widthF() / 2 + 1
            r = QRectF(0, 0, self.width(), self.height()).adjusted(inset, inset, -inset, -inset)
            p.drawRoundedRect(r, 8 * th.font_scale, 8 * th.font_scale)
        p.end()
        return pm

    def _draw_padlock(self, p: QtGui.QPainter, centre: QPointF, size: float) -> None:
        """A padlock glyph `size` wide-ish, centred on `centre`, in the accent colour."""
        th = self._theme
        bw, bh = size * 1.5, size * 1.15
        body = QRectF(centre.x() - bw / 2, centre.y() - bh * 0.25, bw, bh)
        shackle_w = bw * 0.62
        shackle = QRectF(centre.x() - shackle_w / 2, body.top() - shackle_w * 0.78,
                         shackle_w, shackle_w * 1.3)
        p.setBrush(Qt.NoBrush)
        p.setPen(QtGui.QPen(th.color("accent"), max(1.2, size * 0.24), Qt.SolidLine, Qt.FlatCap))
        p.drawArc(shackle, 0, 180 * 16)
        p.drawLine(QPointF(shackle.left(), shackle.center().y()),
                   QPointF(shackle.left(), body.top()))
        p.drawLine(QPointF(shackle.right(), shackle.center().y()),
                   QPointF(shackle.right(), body.top()))
        p.setPen(Qt.NoPen)
        p.setBrush(th.color("accent"))
        p.drawRoundedRect(body, size * 0.18, size * 0.18)
        p.setBrush(th.color("panel"))
        p.drawEllipse(QPointF(centre.x(), body.top() + bh * 0.45), size * 0.16, size * 0.16)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        g = self._ensure_geometry()
        if self._static is None:
            self._static = self._render_static(g)
        th = self._theme
        p = QtGui.QPainter(self)
        if not self.isEnabled():
            p.fillRect(self.rect(), th.color("panel"))  # the widget paints opaquely (see __init__)
            p.setOpacity(0.45)
        p.drawPixmap(0, 0, self._static)
        p.setRenderHint(QtGui.QPainter.Antialiasing)

        # Value arc from the start of the scale to the value; warning colour when off the scale.
        t = self._fraction(self._value)
        off_scale = not (self._min <= self._value <= self._max)
        p.setPen(self._pens["over" if off_scale else "fill"])
        if t > 0:
            p.drawArc(g.arc_rect, round(START_DEG * 16), round(-SWEEP_DEG * t * 16))
        else:
            p.drawPoint(QPointF(g.cx + g.r_track * math.cos(math.radians(START_DEG)),
                                g.cy - g.r_track * math.sin(math.radians(START_DEG))))

        # Pointer on the knob.
        a = math.radians(_angle(t))
        ca, sa = math.cos(a), -math.sin(a)
        p.setPen(self._pens["pointer_over" if off_scale else "pointer"])
        p.drawLine(QPointF(g.cx + g.pointer_in * ca, g.cy + g.pointer_in * sa),
                   QPointF(g.cx + g.pointer_out * ca, g.cy + g.pointer_out * sa))

        # Optimum marker: a small triangle outside the track, pointing at it.
        if self._marker is not None:
            m = math.radians(_angle(self._fraction(self._marker)))
            cm, sm = math.cos(m), -math.sin(m)
            tip = g.r_track + g.w_track / 2 + 0.5
            base = tip + g.marker_size * 1.25
            half = g.marker_size * 0.62
            nx, ny = -sm, cm  # tangent direction
            tri = QtGui.QPolygonF([
                QPointF(g.cx + tip * cm, g.cy + tip * sm),
                QPointF(g.cx + base * cm + half * nx, g.cy + base * sm + half * ny),
                QPointF(g.cx + base * cm - half * nx, g.cy + base * sm - half * ny),
            ])
            p.setPen(self._pens["marker_edge"])
            p.setBrush(th.color("optimum"))
            p.drawPolygon(tri)

        # While dragging, the title gives way to how to aim finer (or that it is fine now).
        if self._dragging:
            p.fillRect(g.title_rect, th.color("panel"))
            p.setFont(self._fonts["title"])
            p.setPen(th.color("accent") if self._fine else th.color("muted"))
            hint = "fine: ×0.1 (Shift)" if self._fine else "hold Shift: fine"
            p.drawText(g.title_rect, Qt.AlignCenter, hint)

        # Readout.
        font, fm = self._readout_fonts[self._readout_font_index]
        p.setFont(font)
        p.setPen(th.color("warning") if off_scale else th.color("foreground"))
        text = self._readout
        if fm.horizontalAdvance(text) > g.readout_rect.width():
            text = fm.elidedText(text, Qt.ElideRight, g.readout_rect.width())
        p.drawText(g.readout_rect, Qt.AlignCenter, text)
        p.end()
