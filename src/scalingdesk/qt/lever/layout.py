"""Where everything in the lever scene goes, for one size, theme and scenario (no painting)."""

from __future__ import annotations

import math

import numpy as np
from PySide6 import QtGui, QtWidgets
from PySide6.QtCore import QPointF, QRectF, Qt

from scalingdesk.core.lever import LeverView
from scalingdesk.qt import theme as theme_mod
from scalingdesk.qt.lever.motion import _DOWN_DEG, _REST_DEG
from scalingdesk.qt.theme import Theme


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


class Layout:
    """Geometry for one size, theme and scenario (a :class:`~scalingdesk.core.lever.LeverView`)."""

    def __init__(self) -> None:
        self.w = self.h = 0.0
        self.theme: Theme = theme_mod.current()
        self.steps: LeverView | None = None
        self.max_pulls = 0
        self._cache: dict[tuple, QtGui.QPixmap] = {}  # drawn-once sprites, keyed by look and size

    # Geometry, recomputed only on resize / theme / scenario change.
    def layout(self, w: float, h: float, theme: Theme, steps: LeverView) -> None:
        max_pulls = steps.max_pulls
        if (float(w), float(h), theme.name, max_pulls) != (self.w, self.h, self.theme.name, self.max_pulls):
            self._cache.clear()
        self.w, self.h, self.theme, self.steps = float(w), float(h), theme, steps
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
        # A tall panel gives the rows more room (up to 2.4 lines each): the effort bars are the
        # lesson, not a footnote.
        want_top = max(fs * 9, free_h * 0.55)
        row_h = max(fs * 1.15, min(fs * 2.4, (free_h - want_top) / max_pulls))
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
        self.body = QRectF(body_left, self.top.top() + hopper_h, body_right - body_left, top_h - hopper_h)
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
        self.gear_big = (QPointF(self.window.left() + self.window.width() * 0.36, self.window.center().y()), big, 12)
        self.gear_small = (
            QPointF(self.gear_big[0].x() + big * 0.86 + small * 0.86, self.window.center().y() - small * 0.25),
            small,
            8,
        )
        self.gear_big_path = _gear_path(12, big, big * 0.8, big * 0.22)
        self.gear_small_path = _gear_path(8, small, small * 0.74, small * 0.28)

        # The gauge: a vertical thermometer of loss.
        ga = self.gauge_area
        col_w = max(fs * 1.25, self.lw * 5)
        self.col = QRectF(ga.left() + fs * 3.4, ga.top() + fs * 1.9, col_w, 0.0)
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
