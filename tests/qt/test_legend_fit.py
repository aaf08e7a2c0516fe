"""A legend is never wider than its plot: long texts where they fit, short ones where not.

In presenter mode at 1024x768 the loss plot is ~310 px wide and its legend was ~314 px, cut on
the left ("ning runs of N/100 …").  The layout checks now report a legend larger than its plot's
data area or an entry cut; these tests show the check catches it and the plots avoid it.
"""

import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtWidgets

from layout_checks import all_problems, cut_legends
from scalingdesk.core import views
from scalingdesk.qt import plots


def settle(qtbot, w, size):
    w.resize(*size)
    qtbot.waitUntil(lambda: w.size() == QtCore.QSize(*size))
    for _ in range(3):
        QtWidgets.QApplication.processEvents()


def present(qtbot, w, size, scene):
    from scalingdesk.qt.presenter import install_presenter
    from scalingdesk.qt.tour import install_tour

    settle(qtbot, w, size)
    tour = install_tour(w)
    tour.glide_ms = 0
    mode = install_presenter(w, tour)
    mode.enter(full_screen=False)
    tour.go(scene)
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
    return mode


def entries(plot):
    return [label.text for _sample, label in plot.legend.items]


def test_short_texts_are_named_beside_the_long_ones():
    assert plots.LOSS_LEGEND_SHORT[views.NAIVE_LABEL] == views.NAIVE_SHORT
    for long, short in plots.LOSS_LEGEND_SHORT.items():
        assert len(short) < len(long)


@pytest.mark.parametrize("size", [(1024, 768), (1024, 700), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_presenter_loss_legend_fits_its_plot(qtbot, make_window, size):
    w = make_window()
    mode = present(qtbot, w, size, 1)
    loss = w.plots["loss"]
    for scene in (1, 10, 11):
        mode.tour.go(scene)
        for _ in range(3):
            QtWidgets.QApplication.processEvents()
        assert loss.isVisible() and loss.legend.isVisible(), scene
        assert cut_legends(w) == [], scene
        legend = loss.legend.mapRectToScene(loss.legend.boundingRect())
        view = loss.plotItem.vb.mapRectToScene(loss.plotItem.vb.boundingRect())
        assert legend.width() <= view.width() and view.contains(legend), scene
    mode.leave()


def narrow_loss_plot(qtbot, w, width=330):
    """The loss plot as narrow as it was beside the controls in presenter mode at 1024x768."""
    w.set_theme("dark")
    settle(qtbot, w, (1920, 1080))
    loss = w.plots["loss"]
    loss.setFixedWidth(width)
    qtbot.waitUntil(lambda: loss.width() == width)
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
    return loss


def test_a_narrow_plot_shows_the_short_texts_and_a_wide_one_the_long(qtbot, make_window):
    w = make_window()
    loss = narrow_loss_plot(qtbot, w)
    qtbot.waitUntil(lambda: loss.legend_fit.variant == "short")
    assert entries(loss) == [
        plots.RUNS_LEGEND[1],
        plots.OWN_RUN_LEGEND[1],
        views.NAIVE_SHORT,
        plots.FRONTIER_LEGEND[1],
        plots.MODELS_LEGEND[1],
    ]
    assert loss.legend.isVisible() and cut_legends(w) == []
    loss.setMinimumWidth(0)
    loss.setMaximumWidth(16777215)
    qtbot.waitUntil(lambda: loss.legend_fit.variant == "long")  # room again: the full texts
    assert plots.RUNS_LEGEND[0] in entries(loss) and views.NAIVE_LABEL in entries(loss)
    assert cut_legends(w) == [] and all_problems(w) == []


def test_the_check_catches_a_legend_wider_than_its_plot(qtbot, make_window):
    """pyqtgraph's own legend, unfitted, with a long text on the narrow plot."""
    w = make_window()
    loss = narrow_loss_plot(qtbot, w)
    qtbot.waitUntil(lambda: loss.legend_fit.variant == "short")
    assert cut_legends(w) == []
    extra = pg.PlotDataItem([0, 1], [0, 1])
    loss.legend.addItem(extra, plots.MODELS_LEGEND[0])  # added behind legend_fit's back
    QtWidgets.QApplication.processEvents()
    problems = cut_legends(w)
    assert any("larger than its plot" in p for p in problems), problems
    assert any("is cut" in p for p in problems), problems
    loss.legend.removeItem(extra)


def test_a_legend_too_tall_or_wide_even_short_is_hidden_not_cut(qtbot, make_window):
    w = make_window()
    settle(qtbot, w, (1920, 1080))
    loss = w.plots["loss"]
    fit = loss.legend_fit
    assert fit.fit() == "long"
    loss.plotItem.vb.setFixedWidth(60)  # too narrow for even the short texts
    loss.plotItem.vb.setFixedHeight(60)
    QtWidgets.QApplication.processEvents()
    assert fit.fit() == "hidden" and not loss.legend.isVisible()
    assert cut_legends(w) == []


def test_legend_type_grows_with_the_projector_theme(qtbot, make_window):
    """pyqtgraph's setLabelTextSize does not redraw the entries it has: at 1920x1080 in presenter
    mode the legend stayed ~11 px, grey on white (issue 14); now every entry is drawn again."""
    w = make_window()
    settle(qtbot, w, (1920, 1080))
    loss = w.plots["loss"]

    def heights():
        return [label.item.boundingRect().height() for _sample, label in loss.legend.items]

    w.set_theme("light")
    QtWidgets.QApplication.processEvents()
    small = heights()
    w.set_theme("projector")
    qtbot.waitUntil(lambda: min(heights()) > 1.4 * max(small))
    from scalingdesk.qt import theme as themes

    t = themes.current()
    for _sample, label in loss.legend.items:
        assert label.opts["color"] == t.foreground or pg.mkColor(label.opts["color"]) == pg.mkColor(t.foreground)
        assert f"{int(round(9 * t.font_scale))}pt" in label.item.toHtml()
