"""What "fits" means for a laid-out window, as checks the layout tests share.

Each check returns a list of problems, each naming the widget (its class, object or accessible
name, or text), so a failing test says what is cut and where.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

TOLERANCE = 1  # px: rounding at fractional device pixel ratios


def _name(w: QtWidgets.QWidget) -> str:
    text = w.text() if hasattr(w, "text") and callable(w.text) else ""
    label = w.objectName() or w.accessibleName() or (text[:40] if isinstance(text, str) else "")
    return f"{type(w).__name__}({label!r})"


def shown_widgets(window: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """Every widget the user can see in the window (not overlays, not other windows)."""
    out = []
    for w in window.findChildren(QtWidgets.QWidget):
        if not w.isVisible() or w.isWindow() or w.window() is not window:
            continue
        if w.testAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents) and w.parentWidget() is window:
            continue  # full-window overlays (highlight, spotlight)
        if isinstance(w, QtWidgets.QMenu):
            continue
        out.append(w)
    return out


def outside(window: QtWidgets.QWidget) -> list[str]:
    """Widgets not wholly inside the window, or not wholly inside their parent (clipped)."""
    problems = []
    frame = window.rect().adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE)
    for w in shown_widgets(window):
        r = QtCore.QRect(w.mapTo(window, QtCore.QPoint(0, 0)), w.size())
        if not frame.contains(r):
            problems.append(f"{_name(w)} at {r.getRect()} is outside the window {window.size().toTuple()}")
            continue
        parent = w.parentWidget()
        if parent is not None and parent is not window and not isinstance(parent, QtWidgets.QAbstractScrollArea):
            pr = parent.rect().adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE)
            if not pr.contains(w.geometry()) and w.width() > 0 and w.height() > 0:
                problems.append(
                    f"{_name(w)} {w.geometry().getRect()} is cut by {_name(parent)} {parent.size().toTuple()}"
                )
    return problems


def cut_text(window: QtWidgets.QWidget) -> list[str]:
    """Labels and buttons whose text needs more room than they have (size hint against size)."""
    problems = []
    for w in shown_widgets(window):
        if isinstance(w, QtWidgets.QLabel) and w.text():
            if w.wordWrap():
                need = QtCore.QSize(w.minimumSizeHint().width(), w.heightForWidth(w.width()))
            else:
                need = w.sizeHint()
        elif isinstance(w, (QtWidgets.QPushButton, QtWidgets.QCheckBox, QtWidgets.QRadioButton)) and w.text():
            need = w.minimumSizeHint()
            if w.hasHeightForWidth():  # wraps its text: the height it needs at its width
                need = QtCore.QSize(need.width(), w.heightForWidth(w.width()))
        elif isinstance(w, QtWidgets.QComboBox):
            need = w.minimumSizeHint()
        else:
            continue
        if need.width() > w.width() + TOLERANCE or need.height() > w.height() + TOLERANCE:
            problems.append(f"{_name(w)} needs {need.toTuple()} but has {w.size().toTuple()}")
    return problems


def _shown_text(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def cut_button_text(window: QtWidgets.QWidget) -> list[str]:
    """Push buttons whose text is wider than the room inside their border and padding, in the
    heaviest weight the style sheet gives them (a checked button turns semi-bold, and its size
    hint does not know it: "Hold C" drew over its own border in presenter mode at 1366x768)."""
    problems = []
    for w in shown_widgets(window):
        if not isinstance(w, QtWidgets.QPushButton) or not w.text() or w.layout() is not None:
            continue
        opt = QtWidgets.QStyleOptionButton()
        w.initStyleOption(opt)
        room = w.style().subElementRect(QtWidgets.QStyle.SubElement.SE_PushButtonContents, opt, w).width()
        if not opt.icon.isNull():
            room -= opt.iconSize.width() + 4
        font = QtGui.QFont(w.font())
        if w.isCheckable():
            font.setWeight(max(font.weight(), QtGui.QFont.Weight.DemiBold))
        text = max(QtGui.QFontMetrics(font).horizontalAdvance(line) for line in _shown_text(w.text()).split("\n"))
        if text > room + TOLERANCE:
            problems.append(f"{_name(w)} text needs {text} px, has {room} px inside its border")
    return problems


def cut_plot_titles(window: QtWidgets.QWidget) -> list[str]:
    """pyqtgraph plots whose title text runs past the plot's visible area (it is cut there)."""
    import pyqtgraph as pg

    problems = []
    for w in shown_widgets(window):
        if not isinstance(w, pg.PlotWidget):
            continue
        label = w.plotItem.titleLabel
        if not label.isVisible() or not label.text:
            continue
        text = label.item.mapRectToScene(label.item.boundingRect())
        view = w.mapToScene(w.viewport().rect()).boundingRect().adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE)
        if not view.contains(text):
            problems.append(
                f"{_name(w)} title {label.item.toPlainText()!r} is {text.width():.0f} px wide, cut by "
                f"the plot {view.getRect()}, text at {text.getRect()}"
            )
    return problems


def _legends(plot) -> list:
    import pyqtgraph as pg

    return [i for i in plot.plotItem.vb.childItems() if isinstance(i, pg.LegendItem)] + [
        i for i in plot.plotItem.childItems() if isinstance(i, pg.LegendItem)
    ]


def cut_legends(window: QtWidgets.QWidget) -> list[str]:
    """pyqtgraph legends wider (or taller) than their plot's data area, or not wholly inside it,
    and legend entries whose text runs past the legend's box ("ning runs of N/100" was cut on
    the left of a 300 px plot in presenter mode at 1024x768)."""
    import pyqtgraph as pg

    problems = []
    for w in shown_widgets(window):
        if not isinstance(w, pg.PlotWidget):
            continue
        vb = w.plotItem.vb
        area = vb.mapRectToScene(vb.boundingRect())
        area = area.intersected(w.mapToScene(w.viewport().rect()).boundingRect())
        room = area.adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE)
        for legend in _legends(w):
            if not legend.isVisible() or not legend.items:
                continue
            box = legend.mapRectToScene(legend.boundingRect())
            where = f"{_name(w)} legend {box.getRect()}"
            if box.width() > area.width() + TOLERANCE or box.height() > area.height() + TOLERANCE:
                problems.append(f"{where} is larger than its plot's data area {area.getRect()}")
            elif not room.contains(box):
                problems.append(f"{where} is cut by its plot's data area {area.getRect()}")
            inside = box.adjusted(-TOLERANCE, -TOLERANCE, TOLERANCE, TOLERANCE).intersected(room)
            for _sample, label in legend.items:
                if not label.isVisible():
                    continue
                text = label.item.mapRectToScene(label.item.boundingRect())
                if not inside.contains(text):
                    problems.append(f"{where}: entry {label.text!r} at {text.getRect()} is cut")
    return problems


def scroll_bars(window: QtWidgets.QWidget) -> list[str]:
    return [
        f"scroll bar shown in {_name(b.parentWidget().parentWidget() or b)}"
        for b in window.findChildren(QtWidgets.QScrollBar)
        if b.isVisible() and b.window() is window
    ]


def plot_share(window) -> float:
    """The plots' share of the window's area."""
    area = sum(p.width() * p.height() for p in window.plots.values() if p.isVisible())
    return area / (window.width() * window.height())


def all_problems(window) -> list[str]:
    return (
        outside(window)
        + cut_text(window)
        + cut_button_text(window)
        + cut_plot_titles(window)
        + cut_legends(window)
        + scroll_bars(window)
    )
