"""The pull rows under the machine: each pull's effort (linear scale) against its gain.

A butterfly: from a centre line, the effort bar grows to the left and the gain bar to the right.
The effort bars share one linear scale set by the newest pull (each pull's run is 10x the last,
so the one before shrinks to a tenth, then a hundredth: a sliver, never less than 2 px); the
gain bars share one scale with the dashed naive guess.  A learner who reads nothing sees the
left side swell and the right side wither.
"""

from __future__ import annotations

import math

from PySide6 import QtGui
from PySide6.QtCore import QPointF, QRectF, Qt

from scalingdesk.core.views import NAIVE_SHORT
from scalingdesk.qt.lever.layout import Layout
from scalingdesk.qt.lever.motion import _View

#: The thinnest effort bar drawn (pixels): pull 1 beside pull 5 is 1/10,000 of the scale.
SLIVER_PX = 2.0
EFFORT_HEADER = "◀ effort per pull (linear: the run's compute)"
GAIN_HEADER = "gain bought ▶"


class Rows(Layout):
    """Geometry and painting of the pull rows."""

    def row_columns(self) -> tuple[float, float, float, float]:
        """(x of the effort half's left edge, centre line, gain half's right edge, number width)."""
        b = self.bars
        num_w = QtGui.QFontMetricsF(self.f_small).horizontalAdvance("pull 5") + self.fs * 0.6
        left = b.left() + num_w
        centre = left + (b.right() - left) * 0.56
        return left, centre, b.right(), num_w

    def gain_scale(self) -> float:
        """The loss drop that fills the gain half (the largest of the real and naive drops)."""
        steps = self.steps
        assert steps is not None
        if not len(steps.drops):
            return 0.0
        return max(float(max(steps.drops)), float(max(steps.naive_drops)))

    def effort_rect(self, i: int, fraction: float) -> QRectF:
        left, centre, _, _ = self.row_columns()
        row = self._row_rect(i)
        bh = row.height() * 0.74
        half = centre - self.fs * 0.2 - left
        width = max(SLIVER_PX, half * fraction) if fraction > 0 else 0.0
        return QRectF(centre - self.fs * 0.2 - width, row.center().y() - bh / 2, width, bh)

    def gain_rect(self, i: int, drop: float) -> QRectF:
        _, centre, right, _ = self.row_columns()
        row = self._row_rect(i)
        bh = row.height() * 0.74
        top = self.gain_scale()
        width = (right - centre - self.fs * 0.2) * drop / top if top > 0 else 0.0
        return QRectF(centre + self.fs * 0.2, row.center().y() - bh / 2, max(0.0, width), bh)

    def _row_rect(self, i: int) -> QRectF:
        return QRectF(self.bars.left(), self.bars.top() + self.header_h + i * self.row_h, self.bars.width(), self.row_h)

    def _paint_bars_static(self, p: QtGui.QPainter) -> None:
        t, fs = self.theme, self.fs
        b = self.bars
        left, centre, right, _ = self.row_columns()
        head = QRectF(b.left(), b.top(), b.width(), self.header_h * 0.8)
        p.setFont(self.f_small)
        fm = QtGui.QFontMetricsF(self.f_small)
        effort_head = EFFORT_HEADER
        if fm.horizontalAdvance(effort_head) > centre - b.left() - fs * 0.4:
            effort_head = "◀ effort (linear)"
        p.setPen(t.color("accent"))
        p.drawText(
            QRectF(b.left(), head.top(), centre - b.left() - fs * 0.3, head.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            effort_head,
        )
        p.setPen(t.color("optimum"))
        p.drawText(
            QRectF(centre + fs * 0.3, head.top(), right - centre, head.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            GAIN_HEADER,
        )
        # Legend at the right: ┅ naive guess (the loss plot's dashed line, pull by pull).
        sw, sh = fs * 1.4, fs * 0.55
        tw = fm.horizontalAdvance(NAIVE_SHORT)
        room = right - centre - fm.horizontalAdvance(GAIN_HEADER) - fs * 0.8
        if tw + sw + fs * 0.8 <= room:
            p.setPen(t.color("muted"))
            p.drawText(
                QRectF(right - tw, head.top(), tw + 2, head.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                NAIVE_SHORT,
            )
            self._bar(p, QRectF(right - tw - fs * 0.4 - sw, head.center().y() - sh / 2, sw, sh), "ghost", 1.0)
        # The centre line the bars grow from.
        p.setPen(QtGui.QPen(t.color("grid"), self.thin))
        y0 = b.top() + self.header_h
        p.drawLine(QPointF(centre, y0), QPointF(centre, y0 + self.row_h * self.max_pulls))
        # The naive guess, row by row, drawn before any pull.
        steps = self.steps
        assert steps is not None
        for i in range(self.max_pulls):
            self._bar(p, self.gain_rect(i, float(steps.naive_drops[i])), "ghost", 1.0)

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
                pm = QtGui.QPixmap(
                    int(math.ceil((r.width() + 2 * pad) * dpr)), int(math.ceil((r.height() + 2 * pad) * dpr))
                )
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

    def _paint_bars(self, p: QtGui.QPainter, v: _View) -> None:
        t, steps, fs = self.theme, self.steps, self.fs
        assert steps is not None
        left, centre, right, num_w = self.row_columns()
        # The effort scale follows the newest pull as it is made (10^(pulls − 1) of pull 1's).
        top = 10.0 ** max(0.0, v.counter - 1.0)
        for i in range(self.max_pulls):
            row = self._row_rect(i)
            f = min(max(v.level - i, 0.0), 1.0)
            p.setFont(self.f_small)
            p.setPen(t.color("muted") if f > 0 else t.color("grid"))
            p.drawText(
                QRectF(row.left(), row.top(), num_w, row.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"pull {i + 1}",
            )
            if f <= 0:
                continue
            r = steps.rows[i]
            self._bar(p, self.effort_rect(i, f * r.effort / top), "accent", 0.55)
            self._bar(p, self.gain_rect(i, r.gain * f), "optimum", 0.8)
            p.save()
            p.setOpacity(min(1.0, f * 2))
            p.setPen(t.color("foreground"))
            tall = self.row_h >= fs * 2.0  # room for two lines: the multiple, then the cost
            font = self.f_small
            p.setFont(font)
            text = r.effort_text
            box = QRectF(left, row.top(), centre - left - fs * 0.5, row.height())
            if tall:
                text = text.replace(" · ", "\n", 1)
            elif QtGui.QFontMetricsF(font).horizontalAdvance(text) > box.width():
                text = text.split(" · ", 1)[1]  # the multiple is the bar itself
            p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            p.setFont(self.f_bold)
            p.drawText(
                QRectF(centre + fs * 0.5, row.top(), right - centre - fs * 0.5, row.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                r.gain_text,
            )
            p.restore()
