"""The N–D map: iso-loss contours, iso-compute lines, optimal paths, the data wall, real models.

Every name on the map is placed by :func:`scalingdesk.qt.plot_labels.layout`: the line names
first (data wall, optimal paths, 20 tokens per parameter), then the models' names (each on the
side models.json prefers, else the first free side), then "equal loss" and the compute lines'
powers of ten, each at the first free place along its line.  None is drawn over another, over a
marker or over the "your model" dot, or past the map's edge; one with no free place is left out
(the marker keeps its tooltip).  During a drag only the moving "equal loss" name follows; the
rest are laid out again on release.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from scalingdesk.core import plot_texts, views
from scalingdesk.core.labels import SIDES, Box, sides_from
from scalingdesk.core.laws import KAPLAN_2020
from scalingdesk.qt import epoch_scatter, plot_labels
from scalingdesk.qt import theme as themes
from scalingdesk.qt.plot_items import Curve, Label
from scalingdesk.qt.plot_labels import Spot
from scalingdesk.qt.plots import Law, _joined, _LogPlot, _model_tip, _pen, _relayout_on_resize

log10 = np.log10


class PlanePlot(_LogPlot):
    """The N–D plane: iso-loss contours, iso-compute lines, optimal paths, the data wall."""

    def __init__(self, on_model_clicked: Callable[[views.RealModel], None] | None = None) -> None:
        super().__init__(
            "Balance: parameters vs data",
            "parameters N",
            "training tokens D",
            y_log=True,
            legend_offset=(10, 10),
            accessible="Map of parameters against tokens with lines of equal loss, lines of equal "
            "compute, the compute-optimal paths of the active family and of Kaplan 2020, the "
            "20-tokens-per-parameter line and the public-text data wall.",
        )
        self._on_model_clicked = on_model_clicked
        self._legend_pt = 8.0
        self._map_law: Law | None = None  # the law the static map was drawn for
        self.wall_band = pg.LinearRegionItem(orientation="horizontal", movable=False)
        self.styled(self.wall_band, lambda t, s: self.wall_band.setBrush(pg.mkBrush(t.color("warning", 28))))
        for line in self.wall_band.lines:
            line.setPen(pg.mkPen(None))
        self.wall = self.styled(
            pg.InfiniteLine(angle=0, movable=False),
            lambda t, s: (self.wall.setPen(_pen(t.warning, 2.0 * s)), self.wall_label.setColor(t.warning)),
        )
        self.wall_label = pg.TextItem("data wall", anchor=(1, 1))
        self.addItem(self.wall_label)
        # The unique data available (Muennighoff et al. 2023): a second wall, with the epochs the
        # run on the knobs implies.
        self.unique_wall = self.styled(
            pg.InfiniteLine(
                angle=0, movable=False, label="unique data", labelOpts={"position": 0.02, "anchors": [(0, 1), (0, 1)]}
            ),
            lambda t, s: (
                self.unique_wall.setPen(_pen(t.accent, 2.0 * s, QtCore.Qt.PenStyle.DashLine)),
                self.unique_wall.label.setColor(t.accent),
            ),
        )
        self.unique_wall.setVisible(False)
        # The box of runs the law was fitted on.
        self.fitted_box = self.styled(
            pg.PlotDataItem(),
            lambda t, s: self.fitted_box.setPen(_pen(t.muted, 1.2 * s, QtCore.Qt.PenStyle.DotLine)),
        )
        self.fitted_box_label = pg.TextItem("fitted runs", anchor=(0, 0))
        self.addItem(self.fitted_box_label)
        self.iso_c = []
        for i in range(6):
            item = pg.PlotDataItem()
            self.iso_c.append(item)
            self.styled(
                item,
                lambda t, s, it=item: it.setPen(_pen(t.grid, 1.0 * s, QtCore.Qt.PenStyle.DashLine)),
                legend="equal compute" if i == 0 else None,
            )
        self.iso_c_labels = [pg.TextItem() for _ in range(6)]
        self._iso_c_spots: list[list[Spot]] = [[] for _ in range(6)]
        for label in self.iso_c_labels:
            self.addItem(label)
        self.iso_loss = self.dynamic(
            Curve(),
            lambda t, s: self.iso_loss.setPen(_pen(t.series[1], 1.0 * s, alpha=150)),
            legend="equal loss",
        )
        self.iso_loss_now = self.dynamic(
            Curve(),
            lambda t, s: self.iso_loss_now.setPen(_pen(t.series[1], 2.2 * s)),
        )
        self.chinchilla = self.styled(
            pg.PlotDataItem(),
            lambda t, s: self.chinchilla.setPen(_pen(t.series[3], 1.6 * s, QtCore.Qt.PenStyle.DotLine)),
            legend="20 tokens/param",
        )
        self.kaplan = self.styled(
            pg.PlotDataItem(),
            lambda t, s: self.kaplan.setPen(_pen(t.ghost, 2.0 * s, QtCore.Qt.PenStyle.DashLine)),
            legend="Kaplan 2020 path",
        )
        self.path = self.styled(
            pg.PlotDataItem(),
            lambda t, s: self.path.setPen(_pen(t.optimum, 3.0 * s)),
            legend="optimal path",
        )
        self.models = self.styled(
            pg.ScatterPlotItem(hoverable=True, symbol="s", tip=_model_tip),
            lambda t, s: (
                self.models.setPen(_pen(t.foreground, 1.2)),
                self.models.setBrush(pg.mkBrush(t.panel)),
                self.models.setSize(9 * max(1.0, t.font_scale * 0.8)),
            ),
        )
        # Thin lines from a marker to its name when the name had to sit further off.
        self.leaders = self.styled(
            Curve(),
            lambda t, s: self.leaders.setPen(_pen(t.foreground, 1.2, alpha=170)),
        )
        self.models.sigClicked.connect(self._clicked)
        self.models.setZValue(50)  # the markers above their names' background patches
        self.model_labels: list[pg.TextItem] = []
        self.current = self.your_model()
        self.epoch_models = epoch_scatter.attach(self, "plane")  # all of Epoch AI's, off by default
        self._real = views.real_models()
        pts = [m for m in self._real if m.tokens is not None]
        self._points = pts
        self.models.setData(x=[log10(m.params) for m in pts], y=[log10(m.tokens) for m in pts], data=pts)
        # Models that sit on top of each other (Chinchilla and LLaMA 65B) share one label.
        groups: list[list[views.RealModel]] = []
        for m in pts:
            near = next(
                (
                    g
                    for g in groups
                    if abs(log10(g[0].params / m.params)) < 0.06 and abs(log10(g[0].tokens / m.tokens)) < 0.06
                ),
                None,
            )
            if near is None:
                groups.append([m])
            else:
                near.append(m)
        self._groups = groups
        for members in groups:
            label = pg.TextItem(" · ".join(m.name for m in members))
            label.setToolTip("\n\n".join(m.tooltip for m in members))
            self.addItem(label)
            self.model_labels.append(label)
        # Lines are labelled where they are, not in a legend box over the data.
        self.line_labels = {
            "path": pg.TextItem("compute-optimal path"),
            "kaplan": pg.TextItem("Kaplan 2020 path"),
            "chinchilla": pg.TextItem("20 tokens / parameter"),
        }
        self._line_spots: dict[str, list[Spot]] = {k: [] for k in self.line_labels}
        for label in self.line_labels.values():
            self.addItem(label)
        self.line_labels["iso"] = self.dynamic(Label("equal loss", anchor=(0, 0)))
        self._iso_spots: list[Spot] = []
        self._wall_spots: list[Spot] = []
        self.legend.setVisible(False)
        #: A tour scene asks where the compute-optimal split lies: its lines wait for the guess.
        self.answer_hidden = False
        self.setRange(
            xRange=(log10(views.PARAMS_SPAN[0]), log10(views.PARAMS_SPAN[1])),
            yRange=(log10(views.TOKENS_SPAN[0]), log10(views.TOKENS_SPAN[1])),
            padding=0,
        )
        _relayout_on_resize(self, self.layout_labels)
        self.apply_theme()

    def apply_theme(self) -> None:
        super().apply_theme()
        t = themes.current()
        f = QtGui.QFont()
        f.setPointSizeF(8.5 * t.font_scale)
        # Labels sit on a translucent patch of the background, so lines crossing them do not
        # cross out their text.
        patch = pg.mkBrush(t.color("background", 170))
        for label in [*getattr(self, "model_labels", []), *getattr(self, "iso_c_labels", [])]:
            label.setColor(t.muted)
            label.setFont(f)
            label.fill = patch
        if hasattr(self, "wall_label"):
            self.wall_label.setFont(f)
            self.wall_label.fill = patch
        if hasattr(self, "fitted_box_label"):
            self.unique_wall.label.setFont(f)
            self.fitted_box_label.setColor(t.muted)
            self.fitted_box_label.setFont(f)
        colors = {"path": t.optimum, "kaplan": t.ghost, "chinchilla": t.series[3], "iso": t.series[1]}
        for name, label in getattr(self, "line_labels", {}).items():
            label.setColor(colors[name])
            label.setFont(f)
            if isinstance(label, pg.TextItem):
                label.fill = patch
        if hasattr(self, "_groups") and getattr(self, "_labels_scale", None) != t.font_scale:
            self._labels_scale = t.font_scale
            self.layout_labels()  # fonts change sizes (a theme of the same type size: colours only)

    def answer_lines(self) -> dict[str, pg.PlotDataItem]:
        """The lines that show where the compute-optimal split lies, by their labels' names."""
        return {"path": self.path, "chinchilla": self.chinchilla}

    def set_answer_hidden(self, hidden: bool) -> None:
        """Hide (until a tour scene's guess) or show the compute-optimal path and the
        20-tokens-per-parameter line, with their names; the Kaplan path stays."""
        if hidden == self.answer_hidden:
            return
        self.answer_hidden = hidden
        for item in self.answer_lines().values():
            item.setVisible(not hidden)
        self.layout_labels()  # their names go (or come back), and the others may move

    def _clicked(self, _item, points, _ev=None) -> None:
        if self._on_model_clicked and len(points):
            self._on_model_clicked(points[0].data())

    FIELDS = ("params", "tokens", "law", "unique_tokens")  # the wall of unique data too

    def draw_state(self, s, fields: frozenset[str] | None = None) -> None:
        # The static map changes only with the law and the unique data.
        static = fields is None or not fields.isdisjoint(("law", "unique_tokens"))
        self.update_view(s.law_object, s.params, s.tokens, s.unique_tokens, static=static)

    def set_quality(self, high: bool) -> None:
        was_high = self._high_quality
        super().set_quality(high)
        if high and not was_high:
            self.layout_labels()  # the drag is over: every name finds its place again

    def labels(self) -> list:
        """The texts on this map that are shown (tests check none overlaps another or the edge)."""
        items = [
            self.wall_label,
            *self.line_labels.values(),
            *self.model_labels,
            *self.iso_c_labels,
            self.fitted_box_label,
        ]
        return [i for i in items if i.isVisible() and i.scene() is not None]

    def update_view(
        self, law: Law, params: float, tokens: float, unique_tokens: float | None = None, *, static: bool = True
    ) -> None:
        """Draw N and D under ``law``; ``static``: the law or unique data changed (redraw the map)."""
        if static:
            self._map_law = law
            self._draw_static(views.plane_view(law, KAPLAN_2020, params, tokens, unique_tokens=unique_tokens))
        if unique_tokens is not None:
            self.unique_wall.label.setFormat(views.unique_wall_text(unique_tokens, tokens))
        lines = views.iso_loss_lines(law, params, tokens)
        x = log10(lines.params)
        now = log10(lines.your_tokens)  # the level of your model's loss
        self.iso_loss.setData(*_joined(x, log10(lines.other_tokens)))
        self.iso_loss_now.setData(x, now)
        ok = np.flatnonzero(np.isfinite(now) & (now <= log10(views.TOKENS_SPAN[1])))
        self._iso_spots = []
        if ok.size:
            self.line_labels["iso"].setText(plot_texts.iso_loss_text(lines.your_level))
            picks = ok[np.linspace(0, ok.size - 1, min(ok.size, 9)).astype(int)]
            self._iso_spots = [Spot(x[i], now[i], (0, a), (3, 0)) for i in picks for a in (0, 1)]
        self.current.setData([log10(params)], [log10(tokens)])
        if self._high_quality:
            self.layout_labels()
        elif self._iso_spots:  # mid-drag: only the moving name follows, at its first place
            s = self._iso_spots[0]
            label = self.line_labels["iso"]
            label.set_anchor(s.anchor)
            label.setPos(s.x, s.y)
            label.setVisible(True)

    def layout_labels(self) -> None:
        """Place every name on the map (see the module's docstring)."""
        vb = self.getViewBox()
        if vb.width() < 20 or vb.height() < 20:
            return
        size = 9 * max(1.0, themes.current().font_scale * 0.8)
        mx = [log10(m.params) for m in self._points]
        my = [log10(m.tokens) for m in self._points]
        obstacles = plot_labels.point_boxes(vb, mx, my, size / 2 + 1)
        cx, cy = self.current.getData()
        if len(cx):
            dot = 16 * max(1.0, themes.current().font_scale * 0.8)
            obstacles += plot_labels.point_boxes(vb, cx, cy, dot / 2 + 2)
        gap = plot_labels.GAP + size / 2
        # The models' names first: they are what the map is read for; the lines' names have
        # many places along their lines to choose from.
        labels: list[tuple[object, list[Spot]]] = []
        near_count = len(SIDES)
        line_h = self.model_labels[0].textItem.boundingRect().height() if self.model_labels else 14.0
        for label, members in zip(self.model_labels, self._groups):
            m = members[0]
            spots = []
            # Next to the marker on each side (the data's side first), then further off on the
            # sides where a leader line can reach it without crossing the text.
            for far in (0.0, 1.0, 2.0):
                for side in sides_from(m.label if m.label in SIDES else "right"):
                    ax, ay, gx, gy = SIDES[side]
                    if far and gy == 0:
                        continue
                    step = gap + far * line_h
                    own = (log10(m.params), log10(m.tokens))
                    spots.append(Spot(*own, (ax, ay), (gx * step, gy * step), int(far), own))
            labels.append((label, spots))
        if getattr(self, "_fitted_spots", None) and self.fitted_box.isVisible():
            labels.append((self.fitted_box_label, self._fitted_spots))
        hidden = self.answer_lines() if self.answer_hidden else {}
        labels += [
            (self.line_labels[k], [] if k in hidden else self._line_spots[k]) for k in ("path", "kaplan", "chinchilla")
        ]
        labels.append((self.line_labels["iso"], self._iso_spots))
        labels += list(zip(self.iso_c_labels, self._iso_c_spots))
        # The data wall's name first, on its line; then no other name may sit across the line.
        ((wall_pick, wall_box),) = plot_labels.layout(vb, [(self.wall_label, self._wall_spots)], obstacles)
        frame = plot_labels.frame_rect(vb)
        _, wy = plot_labels.point_px(vb, 0.0, self.wall.value())
        obstacles.append(Box(frame.left(), wy - 1.5, frame.right(), wy + 1.5))
        if wall_box is not None and wall_pick is not None:
            obstacles.append(wall_box)
        placed = plot_labels.layout(vb, labels, obstacles, markers=list(zip(mx, my)))
        xs: list[float] = []
        ys: list[float] = []
        for members, (pick, box) in zip(self._groups, placed[: len(self._groups)]):
            if pick is None or pick < near_count or box is None:
                continue
            line = plot_labels.leader(vb, log10(members[0].params), log10(members[0].tokens), box, size / 2 + 2)
            if line is not None:
                xs += [line[0], line[2], np.nan]
                ys += [line[1], line[3], np.nan]
        self.leaders.setData(xs, ys)
        self.invalidate_layer()

    def _draw_static(self, v: views.PlaneView) -> None:
        x = log10(v.params)
        d_lo, d_hi = log10(views.TOKENS_SPAN[0]), log10(views.TOKENS_SPAN[1])
        for k, (item, label, c, row) in enumerate(zip(self.iso_c, self.iso_c_labels, v.compute_levels, v.iso_compute)):
            logd = log10(row)
            item.setData(x, logd)
            label.setText(plot_texts.compute_line_text(c))
            # Where the line enters the view (left or top edge), then further along it.
            inside = np.flatnonzero((logd <= d_hi) & (logd >= d_lo))
            picks = inside[np.linspace(0, inside.size - 1, min(inside.size, 6)).astype(int)] if inside.size else []
            self._iso_c_spots[k] = [Spot(x[i], logd[i], anchor) for i in picks for anchor in ((0, 1), (0, 0))]
        self.chinchilla.setData(x, log10(v.chinchilla_line))
        self.path.setData(log10(v.path_params), log10(v.path_tokens))
        self.kaplan.setData(log10(v.kaplan_params), log10(v.kaplan_tokens))
        # Each path named along its right half first (where the models are fewest).
        for name, xs, ys, anchors in (
            ("path", v.path_params, v.path_tokens, ((1, 1), (0, 0))),
            ("kaplan", v.kaplan_params, v.kaplan_tokens, ((1, 0), (0, 1))),
        ):
            spots = []
            for target in (12.6, 12.2, 11.8, 13.0, 11.4, 10.8, 10.2, 9.6, 9.0, 8.4):
                j = int(np.argmin(np.abs(log10(xs) - target)))
                spots += [Spot(log10(xs[j]), log10(ys[j]), a) for a in anchors]
            self._line_spots[name] = spots
        ratio = log10(views.CHINCHILLA_TOKENS_PER_PARAM)
        self._line_spots["chinchilla"] = [
            Spot(n, n + ratio, a) for n in (7.1, 7.6, 8.1, 8.6, 9.1) for a in ((0, 1), (0, 0))
        ]
        wall = log10(v.data_wall)
        self.wall.setPos(wall)
        self.wall_label.setText(plot_texts.data_wall_text(v.data_wall))
        low, high = v.data_wall_interval
        self.wall_label.setToolTip(plot_texts.data_wall_tip(v.data_wall, low, high))
        (x0, x1), _ = self.getViewBox().viewRange()
        self._wall_spots = [
            Spot(x0 + f * (x1 - x0), wall, (a, b), (-3 if a else 3, 0))
            for f, a in ((0.99, 1), (0.75, 1), (0.5, 0.5), (0.01, 0))
            for b in (1, 0)
        ]
        self.wall_band.setRegion((log10(low), log10(high)))
        self.unique_wall.setVisible(v.unique_wall is not None)
        if v.unique_wall is not None:
            self.unique_wall.setPos(log10(v.unique_wall))
            self.unique_wall.label.setToolTip(
                "Unique tokens available: training past this line repeats data; under Muennighoff "
                "2023 repeated tokens count for less (D', eq. 5)."
            )
        if v.fitted_params is not None and v.fitted_tokens is not None:
            nlo, nhi = log10(v.fitted_params[0]), log10(v.fitted_params[1])
            dlo = log10(max(v.fitted_tokens[0], views.TOKENS_SPAN[0]))
            dhi = log10(v.fitted_tokens[1])
            self.fitted_box.setData([nlo, nhi, nhi, nlo, nlo], [dlo, dlo, dhi, dhi, dlo])
            self.fitted_box_label.setText(f"fitted runs ({self._map_law.label.split(' (')[0]})")
            self.fitted_box_label.setPos(max(nlo, log10(views.PARAMS_SPAN[0])), dhi)
            left, right = max(nlo, log10(views.PARAMS_SPAN[0])), min(nhi, log10(views.PARAMS_SPAN[1]))
            self._fitted_spots = [
                Spot(left, dhi, (0, 0), (3, 2)),
                Spot(left, dhi, (0, 1), (3, -2)),
                Spot(right, dhi, (1, 0), (-3, 2)),
                Spot(left, dlo, (0, 1), (3, -2)),
                Spot(right, dlo, (1, 0), (-3, 2)),
            ]
            self.fitted_box.setVisible(True)
            self.fitted_box_label.setVisible(True)
        else:
            self._fitted_spots = []
            self.fitted_box.setVisible(False)
            self.fitted_box_label.setVisible(False)
        self.layout_labels()
        self.invalidate_layer()
