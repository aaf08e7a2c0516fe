"""The lever and the machine: diminishing returns you can feel.

A giant lever drives a machine; every pull spends 10x more compute than the last and the machine's
output gauge (loss) falls by less each time, closing in on the irreducible floor E.  A dashed ghost
runs the naive expectation (every 10x buys the first pull's gain) so the gap grows pull by pull.

All numbers come from :func:`scalingdesk.core.allocation.diminishing_returns`; this module only
draws them.  The logical state (pull count, shown gains, caption) changes at once on ``pull()``;
the drawing eases toward it with one ``QVariantAnimation``.  Everything that does not move is
painted once into a cached pixmap (rebuilt on resize, theme or scenario change), so a frame is a
pixmap blit plus a handful of primitives.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from html import escape

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QPointF, QRectF, Qt

from scalingdesk.core.allocation import DecadeSteps, diminishing_returns
from scalingdesk.core.laws import DEFAULT_FAMILY, ScalingLaw, get_law
from scalingdesk.core.units import format_flops
from scalingdesk.qt import theme as theme_mod
from scalingdesk.qt.theme import Theme

#: Default start of the lever: 1e21 FLOP, roughly a 1B-parameter compute-optimal run.
DEFAULT_START_COMPUTE = 1e21
DEFAULT_MAX_PULLS = 5

# Lever angles, degrees from straight up, positive toward the left (the way it is pulled).
_REST_DEG = 16.0
_DOWN_DEG = 98.0


def _ease(kind: QtCore.QEasingCurve.Type) -> QtCore.QEasingCurve:
    return QtCore.QEasingCurve(kind)


_E = QtCore.QEasingCurve.Type
_IN_OUT_CUBIC = _ease(_E.InOutCubic)
_OUT_CUBIC = _ease(_E.OutCubic)
_IN_OUT_SINE = _ease(_E.InOutSine)
_OUT_BACK = _ease(_E.OutBack)
_OUT_BACK.setOvershoot(1.1)


def _phase(t: float, start: float, end: float) -> float:
    """Progress of ``t`` through the sub-interval [start, end] of an animation, clamped to 0..1."""
    if t <= start:
        return 0.0
    if t >= end:
        return 1.0
    return (t - start) / (end - start)


def _times(k: int) -> str:
    """10^k as a multiplier: 1x, 10x, 1,000x, … (1e7x beyond a million)."""
    return f"{10**k:,}x" if k <= 6 else f"1e{k}x"


def _fmt_drop(d: float) -> str:
    """A loss drop, with enough digits to tell small pulls apart: 0.164, 0.072, 0.0093."""
    if not math.isfinite(d):
        return "—"
    if abs(d) >= 0.01:
        return f"{d:.3f}"
    return f"{d:.2g}" if d != 0 else "0"


def _fmt_loss(v: float) -> str:
    return f"{v:.3f}" if math.isfinite(v) else "—"


def _ratio_words(r: float) -> str:
    """How a later gain compares with the first: "less than half", "83% of", …"""
    if r < 0.1:
        return "less than a tenth of"
    if r < 0.2:
        return "less than a fifth of"
    if r < 0.25:
        return "less than a quarter of"
    if r < 1 / 3:
        return "less than a third of"
    if r < 0.5:
        return "less than half"
    if r < 0.95:
        return f"{r:.0%} of"
    if r <= 1.05:
        return "about the same as"
    return f"{r:.0%} of"


# --- Words: caption and description ------------------------------------------------------------


def gain_parts(drop: float) -> tuple[str, str]:
    """The two halves of a bar's label: ("+10x compute →", "−0.164 loss")."""
    return "+10x compute →", f"−{_fmt_drop(drop)} loss"


def gain_label(drop: float) -> str:
    """A bar's label as one string: "+10x compute → −0.164 loss"."""
    return " ".join(gain_parts(drop))


def caption_for(steps: DecadeSteps, pulls: int, max_pulls: int, law: ScalingLaw) -> str:
    """The one-line story of the current pull (plain text)."""
    if pulls == 0:
        return (
            f"Start: {format_flops(float(steps.compute[0]))} on the compute-optimal frontier gives "
            f"loss {_fmt_loss(float(steps.loss[0]))}. Each pull of the lever spends 10x more compute."
        )
    k = pulls - 1
    drop = float(steps.drops[k])
    first = float(steps.drops[0])
    if pulls == 1:
        text = (
            f"Pull 1: 10x the compute bought −{_fmt_drop(drop)} loss. "
            "The naive guess (dashed) expects every 10x to buy the same."
        )
    else:
        ratio = drop / first if first > 0 else float("nan")
        words = _ratio_words(ratio) if math.isfinite(ratio) else "unlike"
        text = (
            f"Pull {pulls}: {_times(pulls)} the compute of the start bought −{_fmt_drop(drop)} "
            f"loss, {words} the first pull's −{_fmt_drop(first)}."
        )
    if pulls == max_pulls and pulls > 1:
        loss = float(steps.loss[pulls])
        if steps.floor > 0:
            text += f" Only {_fmt_loss(loss - steps.floor)} above the floor E is left to win."
        else:
            text += " This law has no floor, but the gains still shrink."
    return text


def describe(steps: DecadeSteps, pulls: int, max_pulls: int, law: ScalingLaw) -> str:
    """A text description of the whole scene, for screen readers."""
    parts = [
        f"Diminishing returns lever for {law.label}. A lever drives a machine; each pull spends "
        f"10 times more training compute, starting at {format_flops(float(steps.compute[0]))} "
        f"with loss {_fmt_loss(float(steps.loss[0]))}. {pulls} of {max_pulls} pulls made.",
    ]
    for k in range(pulls):
        parts.append(
            f"Pull {k + 1}: +10x compute to {format_flops(float(steps.compute[k + 1]))}, loss "
            f"−{_fmt_drop(float(steps.drops[k]))} to {_fmt_loss(float(steps.loss[k + 1]))}; naive "
            f"guess −{_fmt_drop(float(steps.naive_drops[k]))}."
        )
    loss = float(steps.loss[pulls])
    if pulls >= 2:
        naive = float(steps.naive_loss[pulls])
        parts.append(
            f"The loss is now {_fmt_loss(loss)}; the naive guess would be {_fmt_loss(naive)}, "
            f"{_fmt_drop(loss - naive)} lower."
        )
    if steps.floor > 0:
        parts.append(
            f"The gauge shows the irreducible floor E = {steps.floor:g}; the loss is "
            f"{_fmt_loss(loss - steps.floor)} above it, which is why each 10x buys less."
        )
    else:
        parts.append("This law has no irreducible floor (drawn at 0); the gains still shrink.")
    parts.append(caption_for(steps, pulls, max_pulls, law))
    return " ".join(parts)


# --- Drawing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _View:
    """What one frame shows; every field is interpolated by the animation."""

    level: float  # fractional pull count for the gauge and the bars (0 … max_pulls)
    counter: float  # fractional pull count for the compute counter and the effort meter
    lever: float  # lever angle, degrees from straight up toward the left
    bend: float  # bend of the arm, as a fraction of its length (strain)
    gear: float  # gear angle, degrees
    strain: float  # 0 … 1, how hard this pull is being worked (motion marks)
    caption_alpha: float


def _gear_path(teeth: int, outer: float, root: float, hole: float) -> QtGui.QPainterPath:
    """A spur gear centred on the origin: trapezoid teeth between ``root`` and ``outer``."""
    poly = QtGui.QPolygonF()
    pitch = 2 * math.pi / teeth
    for i in range(teeth):
        a = i * pitch
        for frac, r in ((0.0, root), (0.18, outer), (0.5, outer), (0.68, root)):
            ang = a + frac * pitch
            poly.append(QPointF(r * math.cos(ang), r * math.sin(ang)))
    path = QtGui.QPainterPath()
    path.addPolygon(poly)
    path.closeSubpath()
    path.addEllipse(QPointF(0, 0), hole, hole)
    path.setFillRule(Qt.FillRule.OddEvenFill)
    return path


class _Renderer:
    """Geometry and painting for one size, theme and scenario; no Qt widget state."""

    def __init__(self) -> None:
        self.w = self.h = 0.0
        self.theme: Theme = theme_mod.current()
        self.steps: DecadeSteps | None = None
        self.law: ScalingLaw | None = None
        self.max_pulls = DEFAULT_MAX_PULLS
        self._cache: dict[tuple, QtGui.QPixmap] = {}  # drawn-once sprites, keyed by look and size

    # Geometry, recomputed only on resize / theme / scenario change.
    def layout(
        self, w: float, h: float, theme: Theme, steps: DecadeSteps, law: ScalingLaw, max_pulls: int
    ) -> None:
        if (float(w), float(h), theme.name, max_pulls) != (self.w, self.h, self.theme.name,
                                                          self.max_pulls):
            self._cache.clear()
        self.w, self.h, self.theme, self.steps, self.law = float(w), float(h), theme, steps, law
        self.max_pulls = max_pulls
        t = theme
        size = min(w / 600.0, h / 400.0)
        fs = 13.0 * t.font_scale * min(max(size, 0.8), 1.15)
        # Never more type than the panel can hold (the projector's 1.75x in a small panel):
        # the bar header needs ~42 characters across, the whole scene ~26 lines down.
        fs = max(8.0, min(fs, w / 42.0, h / 26.0))
        self.fs = fs
        fam = QtWidgets.QApplication.font().family()
        self.f_body = QtGui.QFont(fam)
        self.f_body.setPixelSize(round(fs))
        self.f_small = QtGui.QFont(fam)
        self.f_small.setPixelSize(round(fs * 0.86))
        self.f_bold = QtGui.QFont(self.f_body)
        self.f_bold.setWeight(QtGui.QFont.Weight.DemiBold)
        self.f_caption = QtGui.QFont(fam)
        self.f_caption.setPixelSize(round(fs * 1.08))
        self.f_caption_now = self.f_caption  # may shrink to fit a long caption
        self.f_mono = QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        self.f_mono.setPixelSize(round(fs * 1.0))
        self.f_mono.setWeight(QtGui.QFont.Weight.Bold)
        fm = QtGui.QFontMetricsF(self.f_body)
        self.line_h = fm.height()
        self.lw = t.line_width * (0.85 if t.line_width <= 2 else 0.75)  # main strokes
        self.thin = max(1.0, self.lw * 0.55)  # outlines and ticks

        m = round(fs * 0.7)
        self.margin = m
        cap_fm = QtGui.QFontMetricsF(self.f_caption)
        caption_h = cap_fm.lineSpacing() * 2 + 2
        row_h = fs * 1.4
        header_h = fs * 1.6
        gap = fs * 0.6
        free_h = h - 2 * m - caption_h - header_h - 2 * gap
        # The machine gets at least half of the height; the bar rows shrink (not below 1.15
        # lines) to make room, so many pulls or a short panel never squash the picture.
        want_top = max(fs * 9, free_h * 0.52)
        row_h = max(fs * 1.15, min(row_h, (free_h - want_top) / max_pulls))
        bars_h = header_h + row_h * max_pulls
        top_h = max(fs * 6, free_h - row_h * max_pulls)
        self.top = QRectF(m, m, w - 2 * m, top_h)
        self.bars = QRectF(m, self.top.bottom() + gap, w - 2 * m, bars_h)
        self.caption_rect = QRectF(m, self.bars.bottom() + gap, w - 2 * m, caption_h)
        self.row_h, self.header_h = row_h, header_h

        # Right: the output gauge.  Left: lever + machine.
        gauge_w = min(fs * 15.5, self.top.width() * 0.42)
        self.gauge_area = QRectF(self.top.right() - gauge_w, self.top.top(), gauge_w, top_h)
        left = QRectF(self.top.left(), self.top.top(), self.top.width() - gauge_w - gap, top_h)

        knob_r = max(fs * 0.75, top_h * 0.055)
        self.knob_r = knob_r
        down = math.radians(_DOWN_DEG)
        rest = math.radians(_REST_DEG)
        # Arm length: reaching up at rest and out to the left when pulled, inside ``left``.
        below = math.sin(down - math.pi / 2)  # how far below the pivot the handle goes, per L
        L = (top_h - 2 * knob_r - fs * 0.4) / (math.cos(rest) + below + 0.08)
        L = min(L, (left.width() * 0.5 - knob_r) / math.sin(down))
        self.arm_len = L
        self.arm_w = max(self.lw * 2.4, L * 0.045)
        self.pivot = QPointF(
            left.left() + knob_r + L * math.sin(down) + self.lw,
            self.top.top() + knob_r + L * math.cos(rest) + fs * 0.2,
        )
        self.hub_r = max(fs * 0.9, L * 0.12)
        # The machine: hopper on top, body below, the pivot on its left face.
        hopper_h = max(fs * 2.4, top_h * 0.2)
        body_left = self.pivot.x() - self.hub_r * 0.35
        body_right = min(left.right(), body_left + max(fs * 14, top_h * 1.25))
        self.body = QRectF(
            body_left, self.top.top() + hopper_h, body_right - body_left, top_h - hopper_h
        )
        bw = self.body.width()
        self.hopper = QtGui.QPolygonF(
            [
                QPointF(self.body.center().x() - bw * 0.36, self.top.top() + fs * 0.1),
                QPointF(self.body.center().x() + bw * 0.36, self.top.top() + fs * 0.1),
                QPointF(self.body.center().x() + bw * 0.18, self.body.top()),
                QPointF(self.body.center().x() - bw * 0.18, self.body.top()),
            ]
        )
        pad = fs * 0.55
        inner = self.body.adjusted(self.hub_r * 0.9 + pad, pad, -pad, -pad)
        self.screen = QRectF(inner.left(), inner.top(), inner.width(), fs * 1.75)
        self.effort_label = QRectF(inner.left(), inner.bottom() - fs * 2.05, inner.width(), fs)
        self.effort = QRectF(inner.left(), inner.bottom() - fs * 0.85, inner.width(), fs * 0.85)
        self.window = QRectF(
            inner.left(),
            self.screen.bottom() + pad * 0.8,
            inner.width(),
            self.effort_label.top() - pad * 0.6 - (self.screen.bottom() + pad * 0.8),
        )
        wh = self.window.height()
        big = max(4.0, min(wh * 0.44, self.window.width() * 0.3))
        small = big * 0.62
        self.gear_big = (QPointF(self.window.left() + self.window.width() * 0.36,
                                 self.window.center().y()), big, 12)
        self.gear_small = (QPointF(self.gear_big[0].x() + big * 0.86 + small * 0.86,
                                   self.window.center().y() - small * 0.25), small, 8)
        self.gear_big_path = _gear_path(12, big, big * 0.8, big * 0.22)
        self.gear_small_path = _gear_path(8, small, small * 0.74, small * 0.28)

        # The gauge: a vertical thermometer of loss.
        ga = self.gauge_area
        col_w = max(fs * 1.25, self.lw * 5)
        self.col = QRectF(
            ga.left() + fs * 3.4, ga.top() + fs * 1.9, col_w, 0.0
        )
        bulb_r = col_w * 0.95
        self.bulb_c = QPointF(self.col.center().x(), ga.bottom() - bulb_r - self.thin)
        self.bulb_r = bulb_r
        self.col.setBottom(self.bulb_c.y() - bulb_r * 0.55)
        self.scale_bottom = self.col.bottom() - bulb_r * 0.35  # lowest loss on the scale
        loss = steps.loss
        hi = float(loss[0])
        floor = float(steps.floor)
        # The scale runs from the start loss to a little below the floor: the real loss uses most
        # of the column.  A naive guess beyond the bottom is pinned there with an arrow.
        lo = min(floor, float(np.min(loss)))
        span = max(hi - lo, 1e-9)
        self.loss_top = hi + span * 0.03
        self.loss_bot = lo - span * 0.22 if floor > 0 else lo
        self.scale_top = self.col.top() + col_w / 2 + self.thin  # below the rounded cap
        self.label_x = self.col.right() + fs * 0.7
        # The output pipe, from the machine's face into the thermometer's bulb.
        self.pipe_y = self.bulb_c.y()

    def y_of(self, loss: float) -> float:
        frac = (self.loss_top - loss) / (self.loss_top - self.loss_bot)
        return self.scale_top + frac * (self.scale_bottom - self.scale_top)

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
        gauge = QRectF(QPointF(self.body.right() + self.thin, ga.top() - grow),
                       QPointF(min(self.w, ga.right() + grow), ga.bottom() + grow))
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
        pipe = QRectF(self.body.right(), self.pipe_y - pipe_h / 2,
                      self.bulb_c.x() - self.body.right(), pipe_h)
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
        pen = QtGui.QPen(t.color("grid"), self.arm_w * 0.9, Qt.PenStyle.SolidLine,
                         Qt.PenCapStyle.RoundCap)
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
        p.drawText(QRectF(hop_r.left(), hop_r.top(), hop_r.width(), hop_r.height() * 0.62),
                   Qt.AlignmentFlag.AlignCenter, "compute in")

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
        p.drawText(self.effort_label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   left)
        p.drawText(self.effort_label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                   right)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(t.color("grid"))
        for seg in self._effort_segments():
            p.drawRoundedRect(seg, seg.height() * 0.3, seg.height() * 0.3)

    def _effort_segments(self) -> list[QRectF]:
        n = self.max_pulls
        gap = max(2.0, self.fs * 0.18)
        w = (self.effort.width() - gap * (n - 1)) / n
        return [QRectF(self.effort.left() + i * (w + gap), self.effort.top(), w,
                       self.effort.height()) for i in range(n)]

    def _paint_gauge_static(self, p: QtGui.QPainter, outline: QtGui.QPen) -> None:
        t, fs, steps = self.theme, self.fs, self.steps
        assert steps is not None
        ga = self.gauge_area
        p.setFont(self.f_bold)
        p.setPen(t.color("foreground"))
        p.drawText(QRectF(ga.left(), ga.top(), ga.width(), fs * 1.4),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   "Output: loss ↓")
        # Column and bulb as one outline.
        shape = self._thermometer_path()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(t.color("panel"))
        p.drawPath(shape)
        # The irreducible zone: hatched below the floor.
        floor_y = self.y_of(steps.floor)
        if floor_y < self.col.bottom():
            zone = QtGui.QPainterPath()
            zone.addRect(QRectF(self.col.left(), floor_y, self.col.width(),
                                self.bulb_c.y() + self.bulb_r - floor_y))
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
        p.setPen(QtGui.QPen(t.color("foreground"), self.lw, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.FlatCap))
        p.drawLine(QPointF(self.col.left() - ext * 0.3, floor_y),
                   QPointF(self.col.right() + ext, floor_y))
        # Scale ticks: start loss at the top, the floor, and nice steps between.
        p.setFont(self.f_small)
        for value, text in self._ticks():
            y = self.y_of(value)
            p.setPen(QtGui.QPen(t.color("muted"), self.thin))
            p.drawLine(QPointF(self.col.left() - fs * 0.45, y), QPointF(self.col.left(), y))
            p.drawText(QRectF(ga.left(), y - fs, self.col.left() - fs * 0.6 - ga.left(), 2 * fs),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)

    def _ticks(self) -> list[tuple[float, str]]:
        steps = self.steps
        assert steps is not None
        top = float(steps.loss[0])
        floor = float(steps.floor)
        ticks = [(top, f"{top:.2f}"), (floor, f"{floor:.2f}")]
        span = top - max(floor, self.loss_bot)
        if span <= 0:
            return ticks
        # A round step giving 2-4 intermediate ticks; skip ones crowding the labelled ends.
        raw = span / 4
        mag = 10 ** math.floor(math.log10(raw))
        step = min((s * mag for s in (1, 2, 5, 10)), key=lambda s: abs(s - raw))
        v = math.floor(top / step) * step
        min_gap = self.fs * 1.3
        while v > floor:
            y = self.y_of(v)
            if all(abs(y - self.y_of(u)) >= min_gap for u, _ in ticks):
                ticks.append((v, f"{v:.2f}"))
            v -= step
        return ticks

    def _thermometer_path(self) -> QtGui.QPainterPath:
        path = QtGui.QPainterPath()
        r = self.col.width() / 2
        path.addRoundedRect(QRectF(self.col.left(), self.col.top(), self.col.width(),
                                   self.bulb_c.y() - self.col.top()), r, r)
        path.addEllipse(self.bulb_c, self.bulb_r, self.bulb_r)
        path.setFillRule(Qt.FillRule.WindingFill)  # union, not a hole where they overlap
        return path.simplified()

    def _label_width(self) -> float:
        fm = QtGui.QFontMetricsF(self.f_body)
        fb = QtGui.QFontMetricsF(self.f_bold)
        label_w = fm.horizontalAdvance("+10x compute → ") + fb.horizontalAdvance("−0.0000 loss")
        return min(label_w, self.bars.width() * 0.48)

    def _paint_bars_static(self, p: QtGui.QPainter) -> None:
        t, fs = self.theme, self.fs
        b = self.bars
        head = QRectF(b.left(), b.top(), b.width(), self.header_h * 0.8)
        p.setFont(self.f_bold)
        p.setPen(t.color("foreground"))
        p.drawText(head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   "Gain bought by each pull")
        # Legend on the right: ▬ actual   ┅ naive guess.
        p.setFont(self.f_small)
        fm = QtGui.QFontMetricsF(self.f_small)
        sw = fs * 1.6
        sh = fs * 0.6
        x = b.right()
        cy = head.center().y()
        room = b.width() - QtGui.QFontMetricsF(self.f_bold).horizontalAdvance(
            "Gain bought by each pull") - fs * 1.5
        legend: tuple[tuple[str, str], ...] = ()
        for naive_text, actual_text in (("naive guess: every 10x buys the same", "actual (frontier)"),
                                        ("naive guess", "actual")):
            need = fm.horizontalAdvance(naive_text + actual_text) + 2 * sw + fs * 2.4
            if need <= room:
                legend = ((naive_text, "ghost"), (actual_text, "optimum"))
                break
        for text, kind in legend:
            tw = fm.horizontalAdvance(text)
            x -= tw
            p.setPen(t.color("muted"))
            p.drawText(QRectF(x, head.top(), tw + 2, head.height()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            x -= sw + fs * 0.4
            sr = QRectF(x, cy - sh / 2, sw, sh)
            self._bar(p, sr, kind, 1.0)
            x -= fs * 1.2
        # The naive guess, row by row: the same gain for every 10x (drawn before any pull).
        steps = self.steps
        assert steps is not None
        x0, span, top = self._bar_scale()
        for i in range(self.max_pulls):
            if top > 0:
                self._bar(p, self._bar_rect(i, x0, span * float(steps.naive_drops[i]) / top),
                          "ghost", 1.0)

    def _bar_scale(self) -> tuple[float, float, float]:
        """Bars' left edge, full length, and the loss drop that fills it."""
        steps = self.steps
        assert steps is not None
        label_w = self._label_width()
        x0 = self.bars.left() + label_w + self.fs * 0.8
        drops = steps.drops
        top = max(float(np.max(drops)), float(steps.naive_drops[0])) if len(drops) else 0.0
        return x0, self.bars.right() - x0, top

    def _bar_rect(self, i: int, x0: float, length: float) -> QRectF:
        row = self._row_rect(i)
        bh = row.height() * 0.56
        return QRectF(x0, row.center().y() - bh / 2, max(0.0, length), bh)

    def _row_rect(self, i: int) -> QRectF:
        return QRectF(self.bars.left(), self.bars.top() + self.header_h + i * self.row_h,
                      self.bars.width(), self.row_h)

    def _bar(self, p: QtGui.QPainter, r: QRectF, kind: str, alpha: float) -> None:
        t = self.theme
        rad = r.height() * 0.25
        if kind == "ghost":
            # Dashed outlines are slow to stroke: draw one, then reuse it.
            dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
            pad = self.thin * 1.5
            key = ("ghostbar", round(r.width(), 1), round(r.height(), 1), t.name, dpr)
            pm = self._cache.get(key)
            if pm is None:
                pm = QtGui.QPixmap(int(math.ceil((r.width() + 2 * pad) * dpr)),
                                   int(math.ceil((r.height() + 2 * pad) * dpr)))
                pm.setDevicePixelRatio(dpr)
                pm.fill(Qt.GlobalColor.transparent)
                gp = QtGui.QPainter(pm)
                gp.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
                pen = QtGui.QPen(t.color("ghost"), self.thin * 1.2, Qt.PenStyle.DashLine)
                pen.setDashPattern([3.0, 2.0])
                gp.setPen(pen)
                gp.setBrush(t.color("ghost", 28))
                gp.drawRoundedRect(QRectF(pad, pad, r.width(), r.height()), rad, rad)
                gp.end()
                self._cache[key] = pm
            p.drawPixmap(r.topLeft() - QPointF(pad, pad), pm)
            return
        else:
            c = t.color(kind)
            c.setAlphaF(c.alphaF() * alpha)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(c)
        p.drawRoundedRect(r, rad, rad)

    # Dynamic layer: the lever, gears, counter, gauge levels, bars, caption.
    def paint_dynamic(
        self, p: QtGui.QPainter, v: _View, caption: QtGui.QStaticText | QtGui.QPixmap
    ) -> None:
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
        for (centre, radius, teeth), path, angle, fill in (
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

    def _gear_pixmap(self, path: QtGui.QPainterPath, radius: float, fill: str,
                     dpr: float) -> QtGui.QPixmap:
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
        c = float(steps.compute[0]) * 10.0 ** v.counter
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
        pen = QtGui.QPen(t.color("foreground", 235), self.arm_w, Qt.PenStyle.SolidLine,
                         Qt.PenCapStyle.RoundCap)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(pen)
        p.drawPath(arm)
        # Strain marks beside the knob.
        if v.strain > 0.02:
            p.setPen(QtGui.QPen(t.color("warning", int(230 * min(1.0, v.strain))), self.thin * 1.4,
                                Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            for i in range(3):
                rr = self.knob_r * (1.6 + 0.55 * i)
                box = QRectF(tip.x() - rr, tip.y() - rr, 2 * rr, 2 * rr)
                start = math.degrees(a) + 90 - 25
                p.drawArc(box, int(start * 16), int(50 * 16))
        # Knob.
        p.setPen(QtGui.QPen(t.color("foreground", 200), self.thin))
        p.setBrush(t.color("accent"))
        p.drawEllipse(tip, self.knob_r, self.knob_r)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QtGui.QColor(255, 255, 255, 70))
        p.drawEllipse(tip + QPointF(-self.knob_r * 0.3, -self.knob_r * 0.3),
                      self.knob_r * 0.35, self.knob_r * 0.35)
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
        liquid = QRectF(self.col.left() + inset, y_loss, self.col.width() - 2 * inset,
                        max(0.0, floor_y - self.lw / 2 - y_loss))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(t.color("optimum"))
        p.drawRect(liquid)
        # High-water marks where the liquid stood after each pull: equal pulls, shrinking steps.
        p.setPen(QtGui.QPen(t.color("optimum", 170), self.thin, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.FlatCap))
        for k in range(0, int(math.floor(v.level + 1e-9)) + 1):
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
            p.setPen(QtGui.QPen(t.color("warning"), self.lw, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.FlatCap))
            p.drawLine(QPointF(x_out - self.lw / 2, y_loss), QPointF(x_out - self.lw / 2, y_naive))
        # Current level.
        p.setPen(QtGui.QPen(t.color("foreground"), self.lw, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.FlatCap))
        p.drawLine(QPointF(x_in, y_loss), QPointF(x_out, y_loss))

        # Labels to the right, pushed apart so they never overlap.
        lh = self.line_h
        floor_lines = ([(f"floor E = {steps.floor:g}", self.f_body, t.color("foreground"))]
                       if steps.floor > 0 else
                       [("no floor in this law", self.f_body, t.color("foreground")),
                        ("(E = 0)", self.f_small, t.color("muted"))])
        labels: list[tuple[float, int, list[tuple[str, QtGui.QFont, QtGui.QColor]]]] = [
            (y_loss, 0, [(f"now {_fmt_loss(loss)}", self.f_bold, t.color("foreground"))]),
            (floor_y, 2, floor_lines),
        ]
        if v.level > 1e-3:
            ghost = [(f"naive guess {_fmt_loss(naive)}", self.f_body, t.color("ghost"))]
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
                p.drawText(QRectF(x, top + j * lh, w, lh),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_bars(self, p: QtGui.QPainter, v: _View) -> None:
        t, steps = self.theme, self.steps
        assert steps is not None
        label_w = self._label_width()
        x0, span, top = self._bar_scale()
        for i in range(self.max_pulls):
            row = self._row_rect(i)
            f = min(max(v.level - i, 0.0), 1.0)
            if f <= 0:
                p.setFont(self.f_body)
                p.setPen(t.color("grid"))
                p.drawText(QRectF(row.left(), row.top(), label_w, row.height()),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           f"pull {i + 1}")
                continue
            drop = float(steps.drops[i])
            if top > 0:
                self._bar(p, self._bar_rect(i, x0, span * drop / top * f), "optimum", 1.0)
            p.save()
            p.setOpacity(min(1.0, f * 2))
            left, right = gain_parts(drop)
            p.setFont(self.f_body)
            p.setPen(t.color("muted"))
            lr = QRectF(row.left(), row.top(), label_w, row.height())
            p.drawText(lr, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, left)
            p.setFont(self.f_bold)
            p.setPen(t.color("foreground"))
            p.drawText(lr, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
            p.restore()


# --- Widgets -----------------------------------------------------------------------------------


class _Scene(QtWidgets.QWidget):
    """The painted scene; input goes to the parent :class:`LeverWidget`."""

    def __init__(self, owner: "LeverWidget") -> None:
        super().__init__(owner)
        self._owner = owner
        self._static: QtGui.QPixmap | None = None
        self._scenario_dirty = False  # only the gauge and bar parts of the static layer
        self._caption: QtGui.QPixmap | None = None
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(420, 300)
        self.setAccessibleName("Lever and machine scene")

    def invalidate(self) -> None:
        self._static = None
        self._caption = None
        self.update()

    def invalidate_scenario(self) -> None:
        self._scenario_dirty = True
        self._caption = None
        self.update()

    def invalidate_caption(self) -> None:
        self._caption = None
        self.update()

    def _caption_pixmap(self, dpr: float) -> QtGui.QPixmap:
        """The caption, laid out once per change (rich text is too slow to lay out per frame)."""
        o = self._owner
        r = o._renderer
        if self._caption is None or abs(self._caption.devicePixelRatio() - dpr) > 1e-6:
            size = r.caption_rect.size()
            pm = QtGui.QPixmap(max(1, int(math.ceil(size.width() * dpr))),
                               max(1, int(math.ceil(size.height() * dpr))))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            cp = QtGui.QPainter(pm)
            cp.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
            cp.setPen(o._theme.color("foreground"))
            cp.setFont(r.f_caption_now)
            cp.drawStaticText(QPointF(0, 0), o._caption_text)
            cp.end()
            self._caption = pm
        return self._caption

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._owner._relayout()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        o = self._owner
        r = o._renderer
        dpr = self.devicePixelRatioF()
        if self._static is None or abs(self._static.devicePixelRatio() - dpr) > 1e-6:
            pm = QtGui.QPixmap(int(math.ceil(self.width() * dpr)), int(math.ceil(self.height() * dpr)))
            pm.setDevicePixelRatio(dpr)
            pm.fill(o._theme.color("background"))
            sp = QtGui.QPainter(pm)
            r.paint_static(sp)
            sp.end()
            self._static = pm
            self._scenario_dirty = False
        elif self._scenario_dirty:
            sp = QtGui.QPainter(self._static)
            region = QtGui.QRegion()
            for rect in r.scenario_rects():
                region = region.united(rect.toAlignedRect())
            sp.setClipRegion(region)
            r.paint_scenario(sp)
            sp.end()
            self._scenario_dirty = False
        p = QtGui.QPainter(self)
        p.drawPixmap(0, 0, self._static)
        r.paint_dynamic(p, o._view(), self._caption_pixmap(dpr))
        if o.hasFocus():
            pen = QtGui.QPen(o._theme.color("accent", 160), 2.0)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)
        p.end()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        # Grabbing the lever pulls it.
        r = self._owner._renderer
        hit = QRectF(r.top.left(), r.top.top(), r.body.left() - r.top.left() + r.hub_r, r.top.height())
        if event.button() == Qt.MouseButton.LeftButton and hit.contains(event.position()):
            self._owner.pull()
            event.accept()
            return
        super().mousePressEvent(event)


class LeverWidget(QtWidgets.QWidget):
    """The lever and the machine: each pull spends 10x more compute and buys less loss.

    Drive it with :meth:`set_scenario` (the law family and the start compute); the pulls are
    Space (pull), Backspace (step back), R (reset) and P (play/pause) while it has focus.
    """

    #: Emitted with the new pull count whenever it changes.
    pullsChanged = QtCore.Signal(int)
    #: Emitted when auto-play starts or stops.
    playingChanged = QtCore.Signal(bool)

    #: Pause between two auto-pulls, after the pull's animation: time for a presenter to talk.
    play_hold_ms = 1600
    #: Duration of the first pull; each later pull takes longer (it is harder work).
    pull_base_ms = 900
    pull_extra_ms = 300
    settle_ms = 380

    def __init__(
        self,
        law: ScalingLaw | None = None,
        start_compute: float = DEFAULT_START_COMPUTE,
        *,
        max_pulls: int = DEFAULT_MAX_PULLS,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._check_max(max_pulls)
        self._max_pulls = int(max_pulls)
        self._law: ScalingLaw = law if law is not None else get_law(DEFAULT_FAMILY)
        self._start = self._check_start(start_compute)
        self._steps = self._compute_steps(self._law, self._start, self._max_pulls)
        self._pulls = 0
        self._playing = False
        # Animation state: the drawing eases from ``_from`` pulls to ``_to`` pulls.
        self._from = 0
        self._to = 0
        self._t = 1.0
        self._throw = False
        self._theme: Theme = theme_mod.current()
        self._renderer = _Renderer()
        self._caption_text = QtGui.QStaticText()

        self._anim = QtCore.QVariantAnimation(self)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.valueChanged.connect(self._on_tick)
        self._anim.finished.connect(self._on_anim_finished)
        self._play_timer = QtCore.QTimer(self)
        self._play_timer.setSingleShot(True)
        self._play_timer.timeout.connect(self._auto_pull)

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Diminishing returns: the lever and the machine")
        self._scene = _Scene(self)
        self._build_buttons()
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        lay.addWidget(self._scene, 1)
        lay.addLayout(self._button_row)

        # The theme registry holds only a weak reference, so it never keeps a dropped widget alive.
        method = weakref.WeakMethod(self._on_theme)

        def listener(theme: Theme) -> None:
            bound = method()
            if bound is not None:
                bound(theme)

        unregister = theme_mod.on_theme_changed(listener)
        self.destroyed.connect(lambda *_: unregister())
        self._apply_theme(self._theme)
        self._refresh_words()

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(640, 460)

    # --- public API ----------------------------------------------------------------------------

    @property
    def max_pulls(self) -> int:
        return self._max_pulls

    @max_pulls.setter
    def max_pulls(self, value: int) -> None:
        self._check_max(value)
        self._max_pulls = int(value)
        self._steps = self._compute_steps(self._law, self._start, self._max_pulls)
        if self._pulls > self._max_pulls:
            self._pulls = self._max_pulls
            self.pullsChanged.emit(self._pulls)
        self._snap()
        self._changed(relayout=True)

    @property
    def law(self) -> ScalingLaw:
        return self._law

    @property
    def start_compute(self) -> float:
        return self._start

    def steps(self) -> DecadeSteps:
        """The core's decade steps the scene is drawing."""
        return self._steps

    def set_scenario(self, law: ScalingLaw, start_compute: float) -> None:
        """Use another law family and/or start compute; keeps the pull count."""
        start = self._check_start(start_compute)
        steps = self._compute_steps(law, start, self._max_pulls)
        self._law, self._start, self._steps = law, start, steps
        self._changed(relayout=True, scenario_only=True)

    def pulls(self) -> int:
        return self._pulls

    def pull(self) -> bool:
        """Spend 10x more compute. Returns False (and does nothing) at ``max_pulls``."""
        if self._pulls >= self._max_pulls:
            return False
        self._go_to(self._pulls + 1, throw=True)
        return True

    def step_back(self) -> bool:
        """Undo the last pull. Returns False at the start."""
        if self._pulls <= 0:
            return False
        self._go_to(self._pulls - 1, throw=False)
        return True

    def reset(self) -> None:
        """Back to the start (0 pulls); stops auto-play."""
        self.pause()
        self._go_to(0, throw=False)

    def play(self) -> None:
        """Auto-pull at a presenter's pace until ``max_pulls`` (from the start if already there)."""
        if self._playing:
            return
        if self._pulls >= self._max_pulls:
            self._go_to(0, throw=False)
        self._set_playing(True)
        if not self.animation_running():
            self._auto_pull()

    def pause(self) -> None:
        self._play_timer.stop()
        self._set_playing(False)

    def is_playing(self) -> bool:
        return self._playing

    def animation_running(self) -> bool:
        """Whether the animation clock or the auto-play timer is ticking."""
        running = self._anim.state() == QtCore.QAbstractAnimation.State.Running
        return running or self._play_timer.isActive()

    def shown_gains(self) -> list[float]:
        """The loss drop of every pull made so far, exactly as the bars and labels show it."""
        return [float(d) for d in self._steps.drops[: self._pulls]]

    def gain_labels(self) -> list[str]:
        """The bar labels as drawn, one per pull made: "+10x compute → −0.164 loss"."""
        return [gain_label(d) for d in self.shown_gains()]

    def caption(self) -> str:
        return caption_for(self._steps, self._pulls, self._max_pulls, self._law)

    def accessible_description(self) -> str:
        return describe(self._steps, self._pulls, self._max_pulls, self._law)

    def render_to_image(self, width: int, height: int, device_pixel_ratio: float = 1.0) -> QtGui.QImage:
        """The scene at the current state, animations finished (works without showing)."""
        if width <= 0 or height <= 0:
            raise ValueError(f"image size {width}x{height} must be positive")
        img = QtGui.QImage(int(width * device_pixel_ratio), int(height * device_pixel_ratio),
                           QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        img.setDevicePixelRatio(device_pixel_ratio)
        img.fill(self._theme.color("background"))
        r = _Renderer()
        r.layout(width, height, self._theme, self._steps, self._law, self._max_pulls)
        caption = self._make_caption(r)
        p = QtGui.QPainter(img)
        r.paint_static(p)
        r.paint_dynamic(p, self._rest_view(self._pulls), caption)
        p.end()
        return img

    # --- keyboard --------------------------------------------------------------------------

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        key = event.key()
        chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | \
            Qt.KeyboardModifier.MetaModifier
        if event.modifiers() & chord:  # Ctrl+R and friends belong to the application
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Space:
            self.pull()
        elif key == Qt.Key.Key_Backspace:
            self.step_back()
        elif key == Qt.Key.Key_R:
            self.reset()
        elif key == Qt.Key.Key_P:
            self.pause() if self._playing else self.play()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusInEvent(event)
        self._scene.update()

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._scene.update()

    # --- visibility: no clock runs while hidden ----------------------------------------------

    def hideEvent(self, event: QtGui.QHideEvent) -> None:
        super().hideEvent(event)
        if self._anim.state() == QtCore.QAbstractAnimation.State.Running:
            self._anim.pause()
        if self._play_timer.isActive():
            self._play_timer.stop()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if self._anim.state() == QtCore.QAbstractAnimation.State.Paused:
            self._anim.resume()
        elif self._playing and not self._play_timer.isActive():
            self._play_timer.start(self.settle_ms)  # play resumes where it was

    # --- internals ---------------------------------------------------------------------------

    @staticmethod
    def _check_max(value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"max_pulls {value!r} must be a whole number of at least 1")

    @staticmethod
    def _check_start(start_compute: float) -> float:
        try:
            c = float(start_compute)
        except (TypeError, ValueError):
            raise ValueError(f"start compute {start_compute!r} is not a number of FLOPs") from None
        if not math.isfinite(c) or c <= 0:
            raise ValueError(f"start compute {start_compute!r} must be a positive, finite FLOP count")
        return c

    @staticmethod
    def _compute_steps(law: ScalingLaw, start: float, pulls: int) -> DecadeSteps:
        steps = diminishing_returns(law, start, pulls)
        if not (np.all(np.isfinite(steps.loss)) and math.isfinite(steps.floor)):
            raise ValueError(
                f"{law.label} gives no finite loss along the frontier from start compute {start:g}"
            )
        return steps

    def _build_buttons(self) -> None:
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(8, 0, 8, 6)
        row.setSpacing(6)

        def button(text: str, name: str, tip: str, slot) -> QtWidgets.QPushButton:
            b = QtWidgets.QPushButton(text, self)
            b.setObjectName(name)
            b.setAccessibleName(tip.split(" (")[0])
            b.setToolTip(tip)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the widget, never to a button
            b.clicked.connect(slot)
            row.addWidget(b)
            return b

        self.pull_button = button("Pull", "leverPull",
                                  "Pull the lever: spend 10x more compute (Space)", self.pull)
        self.back_button = button("Step back", "leverBack", "Undo the last pull (Backspace)",
                                  self.step_back)
        self.reset_button = button("Reset", "leverReset", "Back to the start (R)", self.reset)
        self.play_button = button("Play", "leverPlay",
                                  "Auto-pull at a presenter's pace (P)", self._toggle_play)
        row.addStretch(1)
        self._hint = QtWidgets.QLabel("Space pull · ⌫ back · R reset · P play", self)
        self._hint.setAccessibleName("Keyboard shortcuts")
        row.addWidget(self._hint)
        self._button_row = row

    def _toggle_play(self) -> None:
        self.pause() if self._playing else self.play()

    def _set_playing(self, playing: bool) -> None:
        if playing == self._playing:
            return
        self._playing = playing
        self.play_button.setText("Pause" if playing else "Play")
        self.play_button.setAccessibleName("Pause auto-pull" if playing else "Auto-pull")
        self.playingChanged.emit(playing)

    def _auto_pull(self) -> None:
        if not self._playing:
            return
        if not self.pull():
            self._set_playing(False)

    def _go_to(self, target: int, *, throw: bool) -> None:
        self._snap()  # a new move starts from where the last one was heading
        previous = self._pulls
        self._pulls = target
        self._from, self._to, self._throw = previous, target, throw
        if previous != target:
            self.pullsChanged.emit(target)
        self._refresh_words()
        self._update_buttons()
        if previous == target or not self.isVisible():
            self._snap()
            self._scene.update()
            if self._playing and self.isVisible():
                self._schedule_next()
            return
        if throw:
            duration = self.pull_base_ms + self.pull_extra_ms * (target - 1)
        else:
            duration = self.settle_ms if abs(target - previous) == 1 else int(self.settle_ms * 1.6)
        self._t = 0.0
        self._anim.stop()
        self._anim.setDuration(int(duration))
        self._anim.start()

    def _snap(self) -> None:
        """Finish the running animation at once (the drawing jumps to the logical state)."""
        if self._anim.state() != QtCore.QAbstractAnimation.State.Stopped:
            self._anim.stop()
        self._from = self._to = self._pulls
        self._t = 1.0
        self._throw = False

    def _on_tick(self, value: object) -> None:
        self._t = float(value)  # type: ignore[arg-type]
        self._scene.update()

    def _on_anim_finished(self) -> None:
        self._snap()
        self._scene.update()
        if self._playing:
            self._schedule_next()

    def _schedule_next(self) -> None:
        if self._pulls >= self._max_pulls:
            self._set_playing(False)
            return
        self._play_timer.start(self.play_hold_ms if self._pulls > 0 else self.settle_ms)

    def _gear_angle(self, level: float) -> float:
        """Gears turn 180°·k during pull k: more turning (faster, as pulls get longer) each pull."""
        whole = int(math.floor(level))
        frac = level - whole
        return 90.0 * whole * (whole + 1) + 180.0 * (whole + 1) * frac

    def _rest_view(self, pulls: int) -> _View:
        return _View(float(pulls), float(pulls), _REST_DEG, 0.0, self._gear_angle(pulls), 0.0, 1.0)

    def _view(self) -> _View:
        a, b, t = self._from, self._to, self._t
        if a == b or t >= 1.0:
            return self._rest_view(self._pulls)
        if not self._throw:
            g = _OUT_CUBIC.valueForProgress(t)
            level = a + (b - a) * g
            return _View(level, level, _REST_DEG, 0.0, self._gear_angle(level), 0.0, 1.0)
        k = b - 1  # index of this pull: later pulls strain more
        effort = (k + 1) / max(self._max_pulls, 1)
        duration_s = (self.pull_base_ms + self.pull_extra_ms * k) / 1000.0
        # Lever: a strained start, the throw, then a springy return.
        windup, down_end = 0.2, 0.6
        budge = 3.0 + 3.0 * effort
        if t < windup:
            angle = _REST_DEG + budge * _IN_OUT_SINE.valueForProgress(t / windup)
        elif t < down_end:
            s = _IN_OUT_CUBIC.valueForProgress(_phase(t, windup, down_end))
            angle = _REST_DEG + budge + (_DOWN_DEG - _REST_DEG - budge) * s
        else:
            s = _OUT_BACK.valueForProgress(_phase(t, down_end, 1.0))
            angle = _DOWN_DEG - (_DOWN_DEG - _REST_DEG) * s
        strain = math.sin(math.pi * _phase(t, 0.0, down_end)) * effort
        shake = (0.6 + 2.2 * effort) * math.sin(2 * math.pi * 11.0 * t * duration_s)
        angle += shake * math.sin(math.pi * _phase(t, 0.0, down_end))
        bend = 0.07 * strain
        level = a + (b - a) * _OUT_CUBIC.valueForProgress(_phase(t, 0.35, 0.95))
        counter = a + (b - a) * _IN_OUT_CUBIC.valueForProgress(_phase(t, 0.15, 0.7))
        gear_level = a + (b - a) * _IN_OUT_SINE.valueForProgress(_phase(t, 0.15, 0.9))
        caption_alpha = 0.25 + 0.75 * _phase(t, 0.3, 0.8)
        return _View(level, counter, angle, bend, self._gear_angle(gear_level), strain,
                     caption_alpha)

    def _make_caption(self, r: _Renderer) -> QtGui.QStaticText:
        t = self._theme
        text = self.caption()
        head, sep, rest = text.partition(":")
        if sep:
            html = (f'<span style="color:{t.accent}; font-weight:600">{escape(head)}:</span>'
                    f"{escape(rest)}")
        else:
            html = escape(text)
        st = QtGui.QStaticText(html)
        st.setTextFormat(Qt.TextFormat.RichText)
        st.setTextWidth(max(10.0, r.caption_rect.width()))
        # Shrink the type a little if a long caption would need a third line.
        font = QtGui.QFont(r.f_caption)
        while True:
            st.prepare(QtGui.QTransform(), font)
            if st.size().height() <= r.caption_rect.height() + 1 or font.pixelSize() <= r.fs * 0.8:
                break
            font.setPixelSize(font.pixelSize() - 1)
        r.f_caption_now = font
        return st

    def _refresh_words(self) -> None:
        desc = self.accessible_description()
        self.setAccessibleDescription(desc)
        self._scene.setAccessibleDescription(desc)
        if QtGui.QAccessible.isActive():  # tell a running screen reader the scene changed
            event = QtGui.QAccessibleEvent(self._scene, QtGui.QAccessible.Event.DescriptionChanged)
            QtGui.QAccessible.updateAccessibility(event)
        if self._renderer.steps is not None:
            self._caption_text = self._make_caption(self._renderer)
            self._scene.invalidate_caption()

    def _update_buttons(self) -> None:
        self.pull_button.setEnabled(self._pulls < self._max_pulls)
        self.back_button.setEnabled(self._pulls > 0)
        self.reset_button.setEnabled(self._pulls > 0 or self._playing)

    def _changed(self, *, relayout: bool, scenario_only: bool = False) -> None:
        if relayout:
            self._relayout(scenario_only=scenario_only)
        self._refresh_words()
        self._update_buttons()
        self._scene.update()

    def _relayout(self, *, scenario_only: bool = False) -> None:
        """Recompute geometry (on resize, theme, scenario change; never per frame)."""
        s = self._scene.size()
        w, h = max(s.width(), 1), max(s.height(), 1)
        self._renderer.layout(w, h, self._theme, self._steps, self._law, self._max_pulls)
        self._caption_text = self._make_caption(self._renderer)
        if scenario_only:
            self._scene.invalidate_scenario()
        else:
            self._scene.invalidate()
        hint = getattr(self, "_hint", None)  # the scene can resize before the buttons exist
        if hint is not None:
            hint.setVisible(self.width() >= hint.sizeHint().width() * 1.1 + self._buttons_width())

    def _buttons_width(self) -> int:
        return sum(b.sizeHint().width() + 6 for b in
                   (self.pull_button, self.back_button, self.reset_button, self.play_button))

    def _on_theme(self, theme: Theme) -> None:
        self._apply_theme(theme)

    def _apply_theme(self, t: Theme) -> None:
        self._theme = t
        pal = self.palette()
        pal.setColor(QtGui.QPalette.ColorRole.Window, t.color("background"))
        self.setPalette(pal)
        self.setAutoFillBackground(True)
        px = round(13 * t.font_scale)
        bw = max(1, round(t.line_width / 2))
        self.setStyleSheet(
            f"""
            QPushButton {{ background: {t.panel}; color: {t.foreground}; border: {bw}px solid {t.grid};
                          border-radius: 6px; padding: {round(px * 0.3)}px {round(px * 0.9)}px;
                          font-size: {px}px; }}
            QPushButton:hover {{ border-color: {t.accent}; }}
            QPushButton:pressed {{ background: {t.grid}; }}
            QPushButton:disabled {{ color: {t.ghost}; border-color: {t.grid}; }}
            QPushButton#leverPull {{ background: {t.accent}; color: {t.background};
                                     border-color: {t.accent}; font-weight: 600; }}
            QPushButton#leverPull:disabled {{ background: {t.panel}; color: {t.ghost};
                                              border-color: {t.grid}; }}
            QLabel {{ color: {t.muted}; font-size: {round(px * 0.9)}px; }}
            """
        )
        self._relayout()
