"""The painting of :class:`scalingdesk.qt.knob.LogKnob`: a cached static layer (body, groove,
ticks, labels, title, held glyph) and the cheap dynamic strokes, plus the theme's fonts and pens.

Moved verbatim out of ``knob.py`` (a mixin: the methods read the knob's own state).
"""

from __future__ import annotations

import math

from PySide6 import QtGui, QtWidgets
from PySide6.QtCore import QPointF, QRectF, Qt

from scalingdesk.qt.theme import Theme

#: The dial sweeps 270°, from 225° (lower left) clockwise to -45° (lower right), like a real
#: knob; the 90° gap at the bottom is where the end labels sit.
START_DEG = 225.0
SWEEP_DEG = 270.0
#: Lines of text kept for a message under the entry field: always reserved, never more, so a
#: message neither moves the field nor covers the readout above it.
ERROR_LINES = 3
#: The knob's focus ring is never thinner than this, in any theme (issue 14).
FOCUS_RING_MIN_PX = 2.0


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
        "key",
        "cx",
        "cy",
        "r_tick_out",
        "r_tick_major",
        "r_tick_minor",
        "r_track",
        "w_track",
        "r_knob",
        "arc_rect",
        "title_rect",
        "readout_rect",
        "marker_size",
        "pointer_in",
        "pointer_out",
        "pointer_width",
    )


class KnobPainter:
    """Theme, geometry and paint for a :class:`LogKnob` (mixed into it; uses its attributes)."""

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
        self._error_label.setFixedHeight(math.ceil(ERROR_LINES * err_line) + 3)
        # The size in the sheet too: a window's style sheet would otherwise override the font
        # the reserved lines were measured with (and a third line would be cut off).
        self._error_label.setStyleSheet(
            f"color: {th.warning}; background: transparent; font-size: {err_font.pointSizeF():.2f}pt;"
        )
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
        widest = max((fm.horizontalAdvance(self._tick_formatter(10.0**d)) for d in decades), default=0.0)
        candidates = (3, 6, 9, 12) if self._suffix_labels else (1, 2, 3, 5, 10)
        step = candidates[-1]
        for k in candidates:
            if per_decade * k >= widest + fm.height() * 0.8 and len(decades) / k <= 7:
                step = k
                break
        self._ticks = [((d - self._lmin) / span, d % step == 0, self._tick_formatter(10.0**d)) for d in decades]

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
        pad = 4.0 * th.font_scale**0.5
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
        ref_w = max(
            [tick_fm.horizontalAdvance("1e30")]
            + [tick_fm.horizontalAdvance(text) for _, major, text in self._ticks if major]
        )
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
        top = min(top, bottom - content_h)  # never let the readout reach the entry field below
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
        # Opaque and at least 2 px wide in every theme (issue 14: a visible focus indicator).
        focus = QtGui.QPen(th.color("accent"), max(FOCUS_RING_MIN_PX, th.line_width * 0.6))
        self._pens = {
            "fill": fill,
            "over": over,
            "pointer": pointer,
            "pointer_over": pointer_over,
            "marker_edge": marker_edge,
            "focus": focus,
        }

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
        groove = QtGui.QPen(_mix(th.panel, th.grid, 0.85 if th.dark else 0.7), g.w_track, Qt.SolidLine, Qt.RoundCap)
        p.setPen(groove)
        p.drawArc(g.arc_rect, round(START_DEG * 16), round(-SWEEP_DEG * 16))

        # Decade ticks and labels.
        tick_major = QtGui.QPen(th.color("muted"), max(1.2, lw * 0.6), Qt.SolidLine, Qt.RoundCap)
        tick_minor = QtGui.QPen(_mix(th.panel, th.muted, 0.6), max(1.0, lw * 0.4), Qt.SolidLine, Qt.RoundCap)
        p.setFont(self._fonts["tick"])
        fm = QtGui.QFontMetricsF(self._fonts["tick"])
        gap = max(2.0, (g.r_tick_out - g.r_tick_major) * 0.4)
        for t, major, text in self._ticks:
            a = math.radians(_angle(t))
            ca, sa = math.cos(a), -math.sin(a)
            r_in = g.r_tick_major if major else g.r_tick_minor
            p.setPen(tick_major if major else tick_minor)
            p.drawLine(
                QPointF(g.cx + g.r_tick_out * ca, g.cy + g.r_tick_out * sa), QPointF(g.cx + r_in * ca, g.cy + r_in * sa)
            )
            if major:
                tw, tht = fm.horizontalAdvance(text), fm.height() * 0.8
                ext = abs(ca) * tw / 2 + abs(sa) * tht / 2
                rc = g.r_tick_out + gap + ext
                box = QRectF(g.cx + rc * ca - tw / 2 - 1, g.cy + rc * sa - fm.height() / 2, tw + 2, fm.height())
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
        edge = QtGui.QPen(_mix(th.panel, th.foreground, 0.45 if not th.dark else 0.05), max(1.0, lw * 0.5))
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
            p.drawText(
                QRectF(x0 + lock * 2.6, g.title_rect.top(), tw + 2, g.title_rect.height()),
                Qt.AlignLeft | Qt.AlignVCenter,
                title,
            )
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
        shackle = QRectF(centre.x() - shackle_w / 2, body.top() - shackle_w * 0.78, shackle_w, shackle_w * 1.3)
        p.setBrush(Qt.NoBrush)
        p.setPen(QtGui.QPen(th.color("accent"), max(1.2, size * 0.24), Qt.SolidLine, Qt.FlatCap))
        p.drawArc(shackle, 0, 180 * 16)
        p.drawLine(QPointF(shackle.left(), shackle.center().y()), QPointF(shackle.left(), body.top()))
        p.drawLine(QPointF(shackle.right(), shackle.center().y()), QPointF(shackle.right(), body.top()))
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
            p.drawPoint(
                QPointF(
                    g.cx + g.r_track * math.cos(math.radians(START_DEG)),
                    g.cy - g.r_track * math.sin(math.radians(START_DEG)),
                )
            )

        # Pointer on the knob.
        a = math.radians(_angle(t))
        ca, sa = math.cos(a), -math.sin(a)
        p.setPen(self._pens["pointer_over" if off_scale else "pointer"])
        p.drawLine(
            QPointF(g.cx + g.pointer_in * ca, g.cy + g.pointer_in * sa),
            QPointF(g.cx + g.pointer_out * ca, g.cy + g.pointer_out * sa),
        )

        # Optimum marker: a small triangle outside the track, pointing at it.
        if self._marker is not None:
            m = math.radians(_angle(self._fraction(self._marker)))
            cm, sm = math.cos(m), -math.sin(m)
            tip = g.r_track + g.w_track / 2 + 0.5
            base = tip + g.marker_size * 1.25
            half = g.marker_size * 0.62
            nx, ny = -sm, cm  # tangent direction
            tri = QtGui.QPolygonF(
                [
                    QPointF(g.cx + tip * cm, g.cy + tip * sm),
                    QPointF(g.cx + base * cm + half * nx, g.cy + base * sm + half * ny),
                    QPointF(g.cx + base * cm - half * nx, g.cy + base * sm - half * ny),
                ]
            )
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
