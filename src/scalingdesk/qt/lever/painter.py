"""Painting the lever scene: the machine, the lever, the gears, the gauge and the caption."""

from __future__ import annotations

import math

import numpy as np
from PySide6 import QtGui
from PySide6.QtCore import QPointF, QRectF, Qt

from scalingdesk.core import plot_texts
from scalingdesk.core.lever import fmt_loss
from scalingdesk.core.units import format_flops
from scalingdesk.qt.lever.motion import _DOWN_DEG, _REST_DEG, _View
from scalingdesk.qt.lever.rows import Rows

#: Drawn under the lever: the key to press.
PULL_HINT = "Space or ↓ pulls"


class Renderer(Rows):
    """Geometry (:class:`Layout`) plus painting; no Qt widget state."""

    # Static layer: everything that does not move between frames.
    def _outline(self) -> QtGui.QPen:
        t = self.theme
        pen = QtGui.QPen(t.color("foreground", 150 if t.dark else 200), self.thin)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def paint_static(self, p: QtGui.QPainter) -> None:
        """Everything that does not move: the frame, then the scenario-dependent parts."""
        self.paint_frame(p)
        self.paint_scenario(p)

    def scenario_rects(self) -> list[QRectF]:
        """Where :meth:`paint_scenario` draws; repainted alone when only the numbers change."""
        grow = self.fs * 0.3
        ga = self.gauge_area
        # The gauge, and the pipe that feeds it from the machine's right face.
        gauge = QRectF(
            QPointF(self.body.right() + self.thin, ga.top() - grow),
            QPointF(min(self.w, ga.right() + grow), ga.bottom() + grow),
        )
        bars = self.bars.adjusted(-grow, -grow, grow, grow)
        return [QRectF(gauge.toAlignedRect()), QRectF(bars.toAlignedRect())]

    def paint_scenario(self, p: QtGui.QPainter) -> None:
        """The parts of the static layer that depend on the law and the start compute."""
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        for r in self.scenario_rects():
            p.fillRect(r, self.theme.color("background"))
        self._paint_pipe(p)
        self._paint_gauge_static(p, self._outline())
        self._paint_bars_static(p)

    def _paint_pipe(self, p: QtGui.QPainter) -> None:
        # Output pipe, from the machine into the bulb (the body and the bulb cap its ends).
        pipe_h = self.bulb_r * 0.8
        pipe = QRectF(self.body.right(), self.pipe_y - pipe_h / 2, self.bulb_c.x() - self.body.right(), pipe_h)
        p.setPen(self._outline())
        p.setBrush(self.theme.color("panel"))
        p.drawRect(pipe)

    def paint_frame(self, p: QtGui.QPainter) -> None:
        """The machine and the lever's track: depends on size and theme only."""
        t, fs = self.theme, self.fs
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        p.fillRect(QRectF(0, 0, self.w, self.h), t.color("background"))
        outline = self._outline()

        # Lever track: a slot arc the handle travels along.
        track_r = self.arm_len * 0.62
        track = QtGui.QPainterPath()
        rect = QRectF(self.pivot.x() - track_r, self.pivot.y() - track_r, 2 * track_r, 2 * track_r)
        start = 90 + _REST_DEG
        track.arcMoveTo(rect, start)
        track.arcTo(rect, start, _DOWN_DEG - _REST_DEG)
        pen = QtGui.QPen(t.color("grid"), self.arm_w * 0.9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawPath(track)

        # Hopper and body.
        radius = fs * 0.6
        p.setBrush(t.color("panel"))
        p.setPen(outline)
        p.drawPolygon(self.hopper)
        p.drawRoundedRect(self.body, radius, radius)
        hop_r = self.hopper.boundingRect()
        p.setFont(self.f_small)
        p.setPen(t.color("muted"))
        p.drawText(
            QRectF(hop_r.left(), hop_r.top(), hop_r.width(), hop_r.height() * 0.62),
            Qt.AlignmentFlag.AlignCenter,
            "compute in",
        )

        # Screen (counter), gear window, effort meter frames.
        p.setPen(outline)
        p.setBrush(t.color("background"))
        p.drawRoundedRect(self.screen, fs * 0.3, fs * 0.3)
        p.setBrush(t.color("background", 120))
        p.drawRoundedRect(self.window, fs * 0.3, fs * 0.3)
        p.setFont(self.f_small)
        p.setPen(t.color("muted"))
        fm = QtGui.QFontMetricsF(self.f_small)
        left, right = "effort (log FLOP)", "×10 per pull"
        if fm.horizontalAdvance(left + right) + fs * 1.5 > self.effort_label.width():
            left, right = "effort, log FLOP", ""
        p.drawText(self.effort_label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, left)
        p.drawText(self.effort_label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(t.color("grid"))
        for seg in self._effort_segments():
            p.drawRoundedRect(seg, seg.height() * 0.3, seg.height() * 0.3)
        # The key to press, under the lever's track (the keys work whenever the lever is seen).
        p.setFont(self.f_small)
        p.setPen(t.color("accent"))
        key_rect = QRectF(
            self.top.left(),
            self.top.bottom() - self.line_h * 2.1,
            self.body.left() - self.top.left() - fs * 0.3,
            self.line_h * 2.1,
        )
        p.drawText(
            key_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap, PULL_HINT
        )

    def _effort_segments(self) -> list[QRectF]:
        n = self.max_pulls
        gap = max(2.0, self.fs * 0.18)
        w = (self.effort.width() - gap * (n - 1)) / n
        return [
            QRectF(self.effort.left() + i * (w + gap), self.effort.top(), w, self.effort.height()) for i in range(n)
        ]

    def _paint_gauge_static(self, p: QtGui.QPainter, outline: QtGui.QPen) -> None:
        t, fs, steps = self.theme, self.fs, self.steps
        assert steps is not None
        ga = self.gauge_area
        p.setFont(self.f_bold)
        p.setPen(t.color("foreground"))
        p.drawText(
            QRectF(ga.left(), ga.top(), ga.width(), fs * 1.4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "Output: loss ↓",
        )
        # Column and bulb as one outline.
        shape = self._thermometer_path()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(t.color("panel"))
        p.drawPath(shape)
        # The irreducible zone: hatched below the floor.
        floor_y = self.y_of(steps.floor)
        if floor_y < self.col.bottom():
            zone = QtGui.QPainterPath()
            zone.addRect(QRectF(self.col.left(), floor_y, self.col.width(), self.bulb_c.y() + self.bulb_r - floor_y))
            zone = zone.intersected(shape)
            brush = QtGui.QBrush(t.color("ghost", 150), Qt.BrushStyle.BDiagPattern)
            p.setBrush(brush)
            p.drawPath(zone)
        # The bulb is always full: it is where the machine's output arrives.
        inset = self.thin * 1.5
        p.setBrush(t.color("optimum"))
        p.drawEllipse(self.bulb_c, self.bulb_r - inset, self.bulb_r - inset)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(outline)
        p.drawPath(shape)
        # The floor, across the column (the liquid stops just above it).
        ext = fs * 0.55
        p.setPen(QtGui.QPen(t.color("foreground"), self.lw, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.drawLine(QPointF(self.col.left() - ext * 0.3, floor_y), QPointF(self.col.right() + ext, floor_y))
        # Scale ticks: start loss at the top, the floor, and nice steps between.
        p.setFont(self.f_small)
        for value, text in self._ticks():
            y = self.y_of(value)
            p.setPen(QtGui.QPen(t.color("muted"), self.thin))
            p.drawLine(QPointF(self.col.left() - fs * 0.45, y), QPointF(self.col.left(), y))
            p.drawText(
                QRectF(ga.left(), y - fs, self.col.left() - fs * 0.6 - ga.left(), 2 * fs),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )

    def _ticks(self) -> list[tuple[float, str]]:
        steps = self.steps
        assert steps is not None
        return plot_texts.loss_ticks(float(steps.loss[0]), float(steps.floor), self.loss_bot, self.y_of, self.fs * 1.3)

    def _thermometer_path(self) -> QtGui.QPainterPath:
        path = QtGui.QPainterPath()
        r = self.col.width() / 2
        path.addRoundedRect(
            QRectF(self.col.left(), self.col.top(), self.col.width(), self.bulb_c.y() - self.col.top()), r, r
        )
        path.addEllipse(self.bulb_c, self.bulb_r, self.bulb_r)
        path.setFillRule(Qt.FillRule.WindingFill)  # union, not a hole where they overlap
        return path.simplified()

    # Dynamic layer: the lever, gears, counter, gauge levels, bars, caption.
    def paint_dynamic(self, p: QtGui.QPainter, v: _View, caption: QtGui.QStaticText | QtGui.QPixmap) -> None:
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        self._paint_gears(p, v)
        self._paint_counter(p, v)
        self._paint_lever(p, v)
        self._paint_gauge(p, v)
        self._paint_bars(p, v)
        p.save()
        p.setOpacity(v.caption_alpha)
        p.setPen(self.theme.color("foreground"))
        p.setFont(self.f_caption_now)
        if isinstance(caption, QtGui.QPixmap):
            p.drawPixmap(self.caption_rect.topLeft(), caption)
        else:
            p.drawStaticText(self.caption_rect.topLeft(), caption)
        p.restore()

    def _paint_gears(self, p: QtGui.QPainter, v: _View) -> None:
        p.save()
        p.setClipRect(self.window.adjusted(self.thin, self.thin, -self.thin, -self.thin))
        p.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform)
        dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
        for (centre, radius, _teeth), path, angle, fill in (
            (self.gear_big, self.gear_big_path, v.gear, "optimum"),
            (self.gear_small, self.gear_small_path, -v.gear * 12 / 8 + 360 / 16, "accent"),
        ):
            pm = self._gear_pixmap(path, radius, fill, dpr)
            half = pm.width() / pm.devicePixelRatio() / 2
            p.save()
            p.translate(centre)
            p.rotate(angle)
            p.drawPixmap(QPointF(-half, -half), pm)
            p.restore()
        p.restore()

    def _gear_pixmap(self, path: QtGui.QPainterPath, radius: float, fill: str, dpr: float) -> QtGui.QPixmap:
        """A gear drawn once (stroking its teeth every frame is the costliest thing here)."""
        t = self.theme
        key = ("gear", round(radius, 2), fill, t.name, round(self.thin, 2), dpr)
        pm = self._cache.get(key)
        if pm is None:
            half = radius + self.thin * 2
            side = int(math.ceil(2 * half * dpr))
            pm = QtGui.QPixmap(side, side)
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            gp = QtGui.QPainter(pm)
            gp.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            gp.translate(side / dpr / 2, side / dpr / 2)
            gp.setPen(QtGui.QPen(t.color("foreground", 170), self.thin))
            gp.setBrush(t.color(fill, 110 if t.dark else 90))
            gp.drawPath(path)
            gp.end()
            self._cache[key] = pm
        return pm

    def _paint_counter(self, p: QtGui.QPainter, v: _View) -> None:
        t, steps = self.theme, self.steps
        assert steps is not None
        c = float(steps.compute[0]) * 10.0**v.counter
        p.setFont(self.f_mono)
        p.setPen(t.color("accent"))
        p.drawText(self.screen, Qt.AlignmentFlag.AlignCenter, format_flops(c))
        # Effort meter: equal steps on a log scale.
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(t.color("accent"))
        for i, seg in enumerate(self._effort_segments()):
            f = min(max(v.counter - i, 0.0), 1.0)
            if f > 0:
                r = QRectF(seg.left(), seg.top(), seg.width() * f, seg.height())
                p.drawRoundedRect(r, seg.height() * 0.3, seg.height() * 0.3)

    def _paint_lever(self, p: QtGui.QPainter, v: _View) -> None:
        t = self.theme
        a = math.radians(v.lever)
        L = self.arm_len
        tip = QPointF(self.pivot.x() - L * math.sin(a), self.pivot.y() - L * math.cos(a))
        # Bend: the arm bows against the pull, more for the heavier pulls.
        mid = (self.pivot + tip) / 2
        normal = QPointF(math.cos(a), -math.sin(a))  # perpendicular to the arm, toward the rest side
        ctrl = mid + normal * (v.bend * L)
        arm = QtGui.QPainterPath(self.pivot)
        arm.quadTo(ctrl, tip)
        pen = QtGui.QPen(t.color("foreground", 235), self.arm_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(pen)
        p.drawPath(arm)
        # Strain marks beside the knob.
        if v.strain > 0.02:
            p.setPen(
                QtGui.QPen(
                    t.color("warning", int(230 * min(1.0, v.strain))),
                    self.thin * 1.4,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                )
            )
            for i in range(3):
                rr = self.knob_r * (1.6 + 0.55 * i)
                box = QRectF(tip.x() - rr, tip.y() - rr, 2 * rr, 2 * rr)
                start = math.degrees(a) + 90 - 25
                p.drawArc(box, int(start * 16), 50 * 16)
        # Knob.
        p.setPen(QtGui.QPen(t.color("foreground", 200), self.thin))
        p.setBrush(t.color("accent"))
        p.drawEllipse(tip, self.knob_r, self.knob_r)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QtGui.QColor(255, 255, 255, 70))
        p.drawEllipse(tip + QPointF(-self.knob_r * 0.3, -self.knob_r * 0.3), self.knob_r * 0.35, self.knob_r * 0.35)
        # Hub at the pivot, with a spoke that turns with the gears.
        p.setPen(QtGui.QPen(t.color("foreground", 170), self.thin))
        p.setBrush(t.color("panel"))
        p.drawEllipse(self.pivot, self.hub_r, self.hub_r)
        p.setBrush(t.color("foreground", 200))
        p.drawEllipse(self.pivot, self.hub_r * 0.3, self.hub_r * 0.3)

    def _interp(self, arr: np.ndarray, level: float) -> float:
        i = int(min(max(math.floor(level), 0), len(arr) - 2)) if len(arr) > 1 else 0
        if len(arr) == 1:
            return float(arr[0])
        f = min(max(level - i, 0.0), 1.0)
        return float(arr[i] + (arr[i + 1] - arr[i]) * f)

    def _paint_gauge(self, p: QtGui.QPainter, v: _View) -> None:
        t, fs, steps = self.theme, self.fs, self.steps
        assert steps is not None
        loss = self._interp(steps.loss, v.level)
        naive = self._interp(steps.naive_loss, v.level)
        y_loss = self.y_of(loss)
        floor_y = self.y_of(steps.floor)
        y_naive_true = self.y_of(naive)
        off_scale = y_naive_true > self.scale_bottom + 0.5
        y_naive = min(y_naive_true, self.scale_bottom)
        # The liquid: reducible loss (above the floor) in the frontier colour.  It stays inside
        # the straight part of the column, so no clipping is needed.
        inset = self.thin * 1.5
        liquid = QRectF(
            self.col.left() + inset, y_loss, self.col.width() - 2 * inset, max(0.0, floor_y - self.lw / 2 - y_loss)
        )
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(t.color("optimum"))
        p.drawRect(liquid)
        # High-water marks where the liquid stood after each pull: equal pulls, shrinking steps.
        p.setPen(QtGui.QPen(t.color("optimum", 170), self.thin, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        for k in range(int(math.floor(v.level + 1e-9)) + 1):
            y = self.y_of(float(steps.loss[k]))
            if y < y_loss - self.thin * 2:
                p.drawLine(QPointF(liquid.left(), y), QPointF(liquid.right(), y))
        ext = fs * 0.55
        x_in, x_out = self.col.left() - ext * 0.3, self.col.right() + ext
        # Ghost: a dashed line (with an arrow when the guess has fallen off the scale).
        if v.level > 1e-3:
            ghost_pen = QtGui.QPen(t.color("ghost"), self.lw * 0.8, Qt.PenStyle.DashLine)
            ghost_pen.setDashPattern([2.0, 1.5])
            p.setPen(ghost_pen)
            p.drawLine(QPointF(x_in, y_naive), QPointF(x_out, y_naive))
            if off_scale:
                a = fs * 0.35
                tip = QPointF(x_out - a, y_naive + a * 1.2)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(t.color("ghost"))
                p.drawPolygon(QtGui.QPolygonF([tip, tip + QPointF(-a, -a), tip + QPointF(a, -a)]))
        # The gap between the naive guess and reality: a bracket joining the two markers.
        if v.level > 1e-3 and y_naive - y_loss > self.lw:
            p.setPen(QtGui.QPen(t.color("warning"), self.lw, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            p.drawLine(QPointF(x_out - self.lw / 2, y_loss), QPointF(x_out - self.lw / 2, y_naive))
        # Current level.
        p.setPen(QtGui.QPen(t.color("foreground"), self.lw, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.drawLine(QPointF(x_in, y_loss), QPointF(x_out, y_loss))

        # Labels to the right, pushed apart so they never overlap.
        lh = self.line_h
        floor_lines = (
            [(plot_texts.lever_floor_text(steps.floor), self.f_body, t.color("foreground"))]
            if steps.floor > 0
            else [
                ("no floor in this law", self.f_body, t.color("foreground")),
                ("(E = 0)", self.f_small, t.color("muted")),
            ]
        )
        labels: list[tuple[float, int, list[tuple[str, QtGui.QFont, QtGui.QColor]]]] = [
            (y_loss, 0, [(f"now {fmt_loss(loss)}", self.f_bold, t.color("foreground"))]),
            (floor_y, 2, floor_lines),
        ]
        if v.level > 1e-3:
            ghost = [(f"naive guess {fmt_loss(naive)}", self.f_body, t.color("ghost"))]
            if naive < steps.floor and steps.floor > 0:
                ghost.append(("below the floor!", self.f_small, t.color("warning")))
            labels.append((y_naive, 1, ghost))
        labels.sort(key=lambda r: (r[0], r[1]))
        heights = [lh * len(lines) for _, _, lines in labels]
        lo_y = self.gauge_area.top() + fs * 1.6
        hi_y = self.gauge_area.bottom()
        # Top of each label block: centred on its first line, then pushed down, then up.
        tops = [min(max(y - lh / 2, lo_y), hi_y - hgt) for (y, _, _), hgt in zip(labels, heights)]
        for i in range(1, len(tops)):
            tops[i] = max(tops[i], tops[i - 1] + heights[i - 1])
        if tops and tops[-1] + heights[-1] > hi_y:
            tops[-1] = hi_y - heights[-1]
            for i in range(len(tops) - 2, -1, -1):
                tops[i] = min(tops[i], tops[i + 1] - heights[i])
        x = self.label_x + fs * 0.2
        w = self.gauge_area.right() - x
        for (_, _, lines), top in zip(labels, tops):
            for j, (text, font, color) in enumerate(lines):
                p.setFont(font)
                p.setPen(color)
                p.drawText(
                    QRectF(x, top + j * lh, w, lh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text
                )
