"""A plot's legend that is never wider (or taller) than the plot's data area.

Each plot names a shorter text for its long legend entries (beside the long ones, where they
are defined).  :meth:`LegendFit.fit` runs when the data area changes size and when the type does
(theme, projector scale): the long texts when they fit, else the short ones, else the legend is
hidden (its entries cut would be worse than none: the curves keep their on-plot labels).
"""

from __future__ import annotations

from collections.abc import Mapping

import pyqtgraph as pg

#: Air between the legend and the data area's edges, in pixels (its offset is inside this).
MARGIN = 12.0


class LegendFit:
    def __init__(self, plot: pg.PlotWidget, short: Mapping[str, str] | None = None) -> None:
        self.plot = plot
        self.short: dict[str, str] = dict(short or {})
        self._long = {s: long for long, s in self.short.items()}
        self.hidden_by_fit = False
        self.variant = "long"  # what the last fit chose: "long", "short" or "hidden"

    def add_short(self, long: str, short: str) -> None:
        """A shorter text for an entry added later (e.g. a family's published allocation)."""
        self.short[long] = short
        self._long[short] = long

    def _room(self) -> tuple[float, float]:
        vb = self.plot.plotItem.vb
        r = vb.boundingRect()
        return r.width() - MARGIN, r.height() - MARGIN

    @staticmethod
    def _need(legend: pg.LegendItem) -> tuple[float, float]:
        """The legend's size for the texts it holds now, measured from the texts themselves."""
        left, top, right, bottom = legend.layout.getContentsMargins()
        width = height = 0.0
        for sample, label in legend.items:
            text = label.item.boundingRect()
            width = max(width, sample.boundingRect().width() + text.width() + 12)
            height += max(text.height(), sample.boundingRect().height())
        return width + left + right, height + top + bottom

    def _set(self, legend: pg.LegendItem, texts: list[str], restyle: bool = False) -> None:
        """The entries with these texts (rebuilt: a label's box does not shrink with its text,
        and pyqtgraph's setLabelTextSize does not redraw the labels it already has)."""
        if not restyle and [label.text for _sample, label in legend.items] == texts:
            return
        samples = [sample.item for sample, _label in legend.items]
        legend.clear()
        for item, text in zip(samples, texts):
            legend.addItem(item, text)

    def fit(self, restyle: bool = False) -> str:
        """Choose the longest texts that fit; returns the variant chosen.  ``restyle``: the
        theme changed, draw every entry again in the legend's type size and colour."""
        legend = self.plot.legend
        if not legend.items or (not legend.isVisible() and not self.hidden_by_fit):
            return self.variant  # empty, or hidden on purpose by the plot (on-curve labels)
        longs = [self._long.get(label.text, label.text) for _sample, label in legend.items]
        room_w, room_h = self._room()
        for variant, texts in (("long", longs), ("short", [self.short.get(t, t) for t in longs])):
            self._set(legend, texts, restyle)
            restyle = False
            legend.layout.activate()
            legend.updateSize()
            w, h = self._need(legend)
            w, h = max(w, legend.boundingRect().width()), max(h, legend.boundingRect().height())
            if w <= room_w and h <= room_h:
                legend.setVisible(True)
                self.hidden_by_fit = False
                self.variant = variant
                return variant
        legend.setVisible(False)
        self.hidden_by_fit = True
        self.variant = "hidden"
        return self.variant
