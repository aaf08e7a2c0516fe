"""The tour's panel: scene text, the question and its choices, the reveal, the end screen."""

from __future__ import annotations

import functools

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.core.tour import Scene
from scalingdesk.core.tour_plots import panel_plot_data
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe
from scalingdesk.qt.legend_fit import LegendFit


class PanelPlot(pg.PlotWidget):
    """The small extra plot some scenes show (emergence, effective compute), fed by core arrays."""

    def __init__(self) -> None:
        super().__init__()
        self.kind: str | None = None
        self.plotItem.setMenuEnabled(False)
        self.plotItem.hideButtons()
        self.setMouseEnabled(x=False, y=False)
        self.setMinimumHeight(280)
        self.legend = self.plotItem.addLegend(offset=(8, 8))
        self.legend_fit = LegendFit(self, PANEL_LEGEND_SHORT)  # never wider than the plot
        fit_timer = QtCore.QTimer(self, singleShot=True, interval=0)
        fit_timer.timeout.connect(self.legend_fit.fit)
        self.getViewBox().sigResized.connect(lambda *_: fit_timer.start())
        for name in ("bottom", "left"):
            self.getAxis(name).enableAutoSIPrefix(False)
        observe(self, themes.model(), self._on_theme)  # ends when the chart is destroyed

    def _on_theme(self, _theme: themes.Theme) -> None:
        self.set_kind(self.kind)

    def set_kind(self, kind: str | None) -> None:
        self.kind = kind
        self.plotItem.clear()
        self.legend.clear()
        if kind is None:
            return
        t = themes.current()
        data = panel_plot_data(kind)
        self.setBackground(t.background)
        font = QtGui.QFont()
        font.setPointSizeF(PLOT_PT * t.font_scale)
        w = t.line_width * 1.5

        self.legend.setLabelTextColor(t.foreground)  # before items are added: it styles new ones
        self.legend.setLabelTextSize(f"{PLOT_PT * t.font_scale:.0f}pt")

        def pen(color: str, style=QtCore.Qt.PenStyle.SolidLine) -> QtGui.QPen:
            p = pg.mkPen(color, width=w, style=style)
            p.setCosmetic(True)
            return p

        if kind != "loss_vs_params":
            self.legend.anchor((0, 0), (0, 0), offset=(8, 8))
        if kind == "emergence":
            x = np.log10(data["compute"])
            self.plot(x, data["per_token"], pen=pen(t.series[0]), name="per-token accuracy p")
            self.plot(x, data["exact_match"], pen=pen(t.series[1]), name="exact match ≈ p^k")
            axes = ("training compute C (FLOP)", "score")
            self.getAxis("bottom").setLogMode(True)
            self.getAxis("left").setLogMode(False)
            self.setRange(xRange=(x[0], x[-1]), yRange=(0, 1.3), padding=0.02)  # room for the legend
        elif kind == "loss_vs_params":
            x = np.log10(data["params"])
            self.legend.anchor((1, 0), (1, 0), offset=(-8, 8))  # top right: the curve is low there
            self.plot(x, data["loss"], pen=pen(t.series[0]), name="loss, D held at 20B")
            self.plot(
                x,
                data["data_floor"],
                pen=pen(t.warning, QtCore.Qt.PenStyle.DashLine),
                name="the data's floor E + B/D^β",
            )
            self.plot(x, data["floor"], pen=pen(t.ghost, QtCore.Qt.PenStyle.DotLine), name="irreducible loss E")
            axes = ("parameters N", "loss")
            self.getAxis("bottom").setLogMode(True)
            self.getAxis("left").setLogMode(False)
            lo = float(data["floor"][0])
            self.setRange(xRange=(x[0], x[-1]), yRange=(lo - 0.05, float(data["loss"][0]) + 0.25), padding=0.02)
        else:
            years = data["years"]
            self.getAxis("bottom").setLogMode(False)
            self.getAxis("left").setLogMode(True)
            self.plot(years, np.log10(data["hardware"]), pen=pen(t.series[0]), name="better chips")
            self.plot(years, np.log10(data["hardware"] * data["chips"]), pen=pen(t.series[2]), name="× more chips")
            self.plot(
                years,
                np.log10(data["effective_compute"] / data["physical_compute"][0]),
                pen=pen(t.series[1]),
                name="× better algorithms",
            )
            axes = ("years from 2024", "effective compute (multiple)")
            self.setRange(xRange=(0, years[-1]), padding=0.02)
        for name, label in zip(("bottom", "left"), axes):
            axis = self.getAxis(name)
            axis.setPen(pen(t.foreground))
            axis.setTextPen(t.foreground)
            axis.setTickFont(font)
            axis.setLabel(label, color=t.foreground, **{"font-size": f"{PLOT_PT * t.font_scale:.0f}pt"})
        self.legend.setLabelTextColor(t.foreground)
        self.legend.setLabelTextSize(f"{PLOT_PT * t.font_scale:.0f}pt")
        self.legend.setBrush(pg.mkBrush(t.panel))
        self.legend_fit.fit(restyle=True)


#: Shorter legend texts for a narrow panel plot (presenter mode's tour column at 1024x768).
PANEL_LEGEND_SHORT = {
    "per-token accuracy p": "per token, p",
    "exact match ≈ p^k": "exact, p^k",
    "loss, D held at 20B": "loss, D = 20B",
    "the data's floor E + B/D^β": "E + B/D^β",
    "irreducible loss E": "floor E",
    "× better algorithms": "× algorithms",
}

#: Type size of the panel plots, in points before the theme's scale (the main plots' size).
PLOT_PT = 11


class ChoiceButton(QtWidgets.QPushButton):
    """An answer to pick: its text wraps inside the panel instead of widening it."""

    def __init__(self, text: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tourChoice")
        self.label = QtWidgets.QLabel(text, self)
        self.label.setObjectName("tourChoiceText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.label.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        lay = QtWidgets.QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addWidget(self.label)
        policy = QtWidgets.QSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def text(self) -> str:  # what the button says, for tests and screen readers
        return self.label.text()

    def setText(self, text: str) -> None:
        self.label.setText(text)
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # The layout's own answer: a parent layout asks the button's layout (QWidgetItem), so
        # any other sum here would lay the button out shorter than it says it needs.
        return self.layout().totalHeightForWidth(max(30, width))

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(120, self.heightForWidth(max(self.width(), 120)))

    def minimumSizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(60, self.heightForWidth(max(self.width(), 60)))


class TourPanel(QtWidgets.QWidget):
    """Scene n of N: title, text, a question with answers; the learner picks, then the answer
    is revealed beside the guess.  Back / Next / Leave tour."""

    backRequested = QtCore.Signal()
    nextRequested = QtCore.Signal()
    leaveRequested = QtCore.Signal()
    guessed = QtCore.Signal(int)
    restartRequested = QtCore.Signal()
    exploreRequested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tourPanel")
        self.scene: Scene | None = None
        self.guess: int | None = None
        self._revealed = False
        self.step = QtWidgets.QLabel(objectName="tourStep")
        self.title = QtWidgets.QLabel(objectName="tourTitle", wordWrap=True)
        self.text = QtWidgets.QLabel(objectName="tourText", wordWrap=True)
        self.question = QtWidgets.QLabel(objectName="tourQuestion", wordWrap=True)
        self.reveal = QtWidgets.QLabel(objectName="tourReveal", wordWrap=True)
        self.source = QtWidgets.QLabel(objectName="tourSource", wordWrap=True)
        self.notice = QtWidgets.QLabel(objectName="tourNotice", wordWrap=True)
        self.notice.hide()
        self.keep_button = QtWidgets.QPushButton("Keep my earlier guesses")
        self.keep_button.setObjectName("tourKeep")
        self.keep_button.hide()
        self.end_box = QtWidgets.QWidget(objectName="tourEnd")
        end_lay = QtWidgets.QHBoxLayout(self.end_box)
        end_lay.setContentsMargins(0, 0, 0, 0)
        self.restart_button = QtWidgets.QPushButton("↺ Restart the tour")
        self.explore_button = QtWidgets.QPushButton("Explore freely")
        self.restart_button.clicked.connect(self.restartRequested)
        self.explore_button.clicked.connect(self.exploreRequested)
        end_lay.addWidget(self.restart_button)
        end_lay.addWidget(self.explore_button)
        self.end_box.hide()
        self.ending = False
        for label in (self.title, self.text, self.question, self.reveal, self.source, self.notice):
            label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.plot = PanelPlot()
        self.choice_buttons: list[QtWidgets.QPushButton] = []
        self._choices = QtWidgets.QVBoxLayout()
        self._choices.setSpacing(6)

        body = QtWidgets.QWidget(objectName="tourBody")
        # Three columns side by side when docked under the views (presenter mode), else stacked.
        self._columns = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.TopToBottom, body)
        self._columns.setContentsMargins(14, 10, 14, 10)
        self._columns.setSpacing(14)
        text_col, plot_col, ask_col = (QtWidgets.QVBoxLayout() for _ in range(3))
        for col in (text_col, plot_col, ask_col):
            col.setSpacing(10)
        for w in (self.notice, self.keep_button, self.step, self.title, self.text):
            text_col.addWidget(w)
        text_col.addStretch(1)
        text_col.addWidget(self.source)
        plot_col.addWidget(self.plot)
        ask_col.addWidget(self.question)
        ask_col.addLayout(self._choices)
        ask_col.addWidget(self.reveal)
        ask_col.addWidget(self.end_box)
        ask_col.addStretch(1)
        self._columns.addLayout(text_col, 6)
        self._columns.addLayout(plot_col, 4)
        self._columns.addLayout(ask_col, 5)
        scroll = self.scroll = QtWidgets.QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.back_button = QtWidgets.QPushButton("◀ Back")
        self.next_button = QtWidgets.QPushButton("Next ▶")
        self.next_button.setObjectName("tourNext")
        self.leave_button = QtWidgets.QPushButton("Leave tour")
        self.back_button.clicked.connect(self.backRequested)
        self.next_button.clicked.connect(self.nextRequested)
        self.leave_button.clicked.connect(self.leaveRequested)
        self.back_button.setToolTip("Previous scene (Page Up in presenter mode)")
        self.next_button.setToolTip("Next scene (Page Down in presenter mode)")
        self.leave_button.setToolTip("Leave the tour; Tour ▸ Resume (Ctrl+T) comes back here")
        nav = QtWidgets.QHBoxLayout()
        nav.setContentsMargins(14, 6, 14, 10)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.leave_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(scroll, 1)
        layout.addLayout(nav)
        observe(self, themes.model(), self._apply_theme)  # ends when the panel is destroyed
        self._apply_theme(themes.current())

    def set_horizontal(self, horizontal: bool) -> None:
        """Columns side by side (a wide, short dock under the views) or stacked (a side dock)."""
        self._columns.setDirection(
            QtWidgets.QBoxLayout.Direction.LeftToRight if horizontal else QtWidgets.QBoxLayout.Direction.TopToBottom
        )
        self.plot.setMaximumHeight(260 if horizontal else 16777215)  # fits the short dock

    def is_horizontal(self) -> bool:
        return self._columns.direction() == QtWidgets.QBoxLayout.Direction.LeftToRight

    # --- content -------------------------------------------------------------------------------
    def show_scene(self, scene: Scene, total: int, guess: int | None = None, notice: str = "") -> None:
        self.scene = scene
        self.ending = False
        self.end_box.hide()
        if notice:
            self.set_notice(notice)
        self.step.setText(f"SCENE {scene.number} OF {total}")
        self.title.setText(scene.title)
        self.text.setText(scene.text)
        self.question.setText(("Try this: " + scene.question) if scene.question else "")
        self.question.setVisible(bool(scene.question))
        self.source.setText(f"Source: {scene.source}" if scene.source else "")
        self.source.setVisible(bool(scene.source))
        self.plot.setVisible(scene.panel_plot is not None)
        self._columns.setStretch(1, 4 if scene.panel_plot is not None else 0)
        self.plot.set_kind(scene.panel_plot)
        self._clear_choices()
        for i, text in enumerate(scene.choices):
            b = ChoiceButton(text)
            b.setAccessibleName(f"Answer {i + 1}: {text}")
            b.clicked.connect(lambda _=False, i=i: self.pick(i))
            self._choices.addWidget(b)
            self.choice_buttons.append(b)
        self.back_button.setEnabled(scene.number > 1)
        self.next_button.setEnabled(True)
        self.next_button.setText("Next ▶" if scene.number < total else "Finish ▶")
        self.guess = None
        self._revealed = not scene.choices  # nothing to hide without a question
        self.reveal.hide()
        if guess is not None:
            self._show_answer(guess)
        self.schedule_fit()

    def set_notice(self, text: str, *, can_keep: bool = False) -> None:
        """A line at the top of the panel (e.g. earlier guesses cleared), with "Keep them"."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.keep_button.setVisible(bool(text) and can_keep)
        self.schedule_fit()

    def show_end(self, summary: str, total: int) -> None:
        """The last screen: the lessons with the learner's own guesses; restart or explore."""
        self.scene = None
        self.ending = True
        self.set_notice("")
        self.step.setText(f"END OF THE TOUR · {total} SCENES")
        self.title.setText("What the tour showed")
        self.text.setText(summary)
        self.question.hide()
        self.source.hide()
        self.plot.hide()
        self.plot.set_kind(None)
        self._clear_choices()
        self.reveal.hide()
        self.end_box.show()
        self.back_button.setEnabled(True)
        self.next_button.setEnabled(False)
        self.next_button.setText("Next ▶")
        self.schedule_fit()

    def _clear_choices(self) -> None:
        for b in self.choice_buttons:
            self._choices.removeWidget(b)
            b.hide()
            b.setParent(None)
            b.deleteLater()
        self.choice_buttons = []

    def pick(self, index: int) -> None:
        """The learner commits a guess; the answer is revealed beside it (once per visit)."""
        if self.scene is None or not self.scene.choices or self.guess is not None:
            return
        if not 0 <= index < len(self.scene.choices):
            raise ValueError(f"choice {index!r} is not one of 0 to {len(self.scene.choices) - 1}")
        self._show_answer(index)
        self.guessed.emit(index)

    def reveal_answer(self) -> None:
        """Show the answer without a guess (the presenter's reveal key)."""
        if self.scene is None or not self.scene.choices or self._revealed:
            return
        self._show_answer(None)
        self.guessed.emit(-1)

    def revealed(self) -> bool:
        """Whether the answer is on screen (after a guess, or revealed without one)."""
        return self._revealed

    def _show_answer(self, index: int | None) -> None:
        assert self.scene is not None and self.scene.answer is not None
        self.guess = index
        self._revealed = True
        right = self.scene.answer
        for i, b in enumerate(self.choice_buttons):
            text = self.scene.choices[i]
            mark = "✓ " if i == right else ("✗ " if i == index else "")
            notes = [n for n, on in (("the answer", i == right), ("your guess", i == index)) if on]
            b.setText(mark + text + (f"  ({', '.join(notes)})" if notes else ""))
            b.setProperty("verdict", "right" if i == right else ("wrong" if i == index else ""))
            b.setEnabled(i in (right, index))
            b.style().unpolish(b)
            b.style().polish(b)
        if index is None:
            verdict = f"The answer: “{self.scene.choices[right]}”."
        elif index == right:
            verdict = "Right."
        else:
            verdict = f"Not quite: the answer is “{self.scene.choices[right]}”."
        self.reveal.setText(f"{verdict} {self.scene.reveal}".strip())
        self.reveal.show()
        self.schedule_fit()
        QtCore.QTimer.singleShot(0, self.ensure_reveal_visible)

    def ensure_reveal_visible(self) -> None:
        if self.reveal.isVisible():
            self.layout().activate()
            self.scroll.ensureWidgetVisible(self.reveal, 0, 8)

    # --- look ----------------------------------------------------------------------------------
    #: Type scale of the strip's text when presenter mode sizes it to fit (None: the theme's).
    text_scale: float | None = None
    #: Size the text to fit the panel by itself, again once the layout settles (presenter mode
    #: sizes it to its strip too; this keeps it fitted when a plot or a reveal settles later).
    auto_fit: bool = True
    _fit_pending: bool = False

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self.schedule_fit()

    def schedule_fit(self) -> None:
        """Size the text to the panel once the layout has settled (never scrolled, issue 15)."""
        if self.auto_fit and not self._fit_pending:
            self._fit_pending = True
            QtCore.QTimer.singleShot(0, self, self.fit_now)

    def fit_now(self, checks: int = 2) -> None:
        from scalingdesk.qt import strip  # the presenter's fitting, at the panel's own size

        self._fit_pending = False
        if not self.auto_fit or not self.isVisible() or self.width() < 50:
            return
        width, height = self.width() - 8, self.height() - 4
        if self.text_scale is None or not strip.fits(self, width, height):
            strip.fit_text(self, width, height)
        elif checks == 2:
            strip.fit_text(self, width, height)  # new content: maybe larger type fits now
        if checks > 0:  # a plot or a reveal can settle one turn later: look again
            QtCore.QTimer.singleShot(0, self, lambda: self.fit_now(checks - 1))

    def set_text_scale(self, scale: float | None) -> None:
        self.text_scale = scale
        self._apply_theme(themes.current())

    def _apply_theme(self, t: themes.Theme) -> None:
        f = self.text_scale or t.font_scale
        sheet = _panel_sheet(t, f)
        # Set every time, even when unchanged: setting it re-polishes every child, and the
        # fit measures the children a new scene made in their styled fonts (skipping an
        # unchanged sheet left presenter scene 10 at 1366x768 in half-size type).
        self.setStyleSheet(sheet)


@functools.lru_cache(maxsize=64)
def _panel_sheet(t: themes.Theme, f: float) -> str:
    """The panel's style sheet for a theme at a type scale (kept: the fit tries a few scales)."""
    return f"""
        QWidget#tourPanel, QWidget#tourBody {{ background: {t.panel}; }}
        QLabel {{ background: transparent; }}
        QLabel#tourStep {{ color: {t.accent}; font-weight: 700; font-size: {9.5 * f:.1f}pt;
            letter-spacing: 1px; }}
        QLabel#tourTitle {{ font-size: {15 * f:.1f}pt; font-weight: 700; color: {t.foreground}; }}
        QLabel#tourText {{ font-size: {11 * f:.1f}pt; color: {t.foreground}; }}
        QLabel#tourQuestion {{ font-size: {11 * f:.1f}pt; font-weight: 600; color: {t.foreground};
            border-left: {max(3, int(t.line_width))}px solid {t.accent}; padding-left: 8px; }}
        QLabel#tourReveal {{ font-size: {11 * f:.1f}pt; color: {t.foreground}; background: {t.background};
            border: {max(1, int(t.line_width / 2))}px solid {t.good}; border-radius: 6px; padding: 8px; }}
        QLabel#tourSource {{ font-size: {9 * f:.1f}pt; color: {t.muted}; }}
        QPushButton {{ font-size: {10.5 * f:.1f}pt; }}
        QPushButton#tourChoice {{ text-align: left; padding: 0px; }}
        QLabel#tourChoiceText {{ font-size: {10.5 * f:.1f}pt; color: {t.foreground}; }}
        QLabel#tourNotice {{ font-size: {9.5 * f:.1f}pt; color: {t.foreground}; background: {t.background};
            border-left: 3px solid {t.warning}; padding: 4px 8px; }}
        QPushButton#tourChoice[verdict="right"] {{ border: {max(2, int(t.line_width))}px solid {t.good};
            font-weight: 700; color: {t.foreground}; }}
        QPushButton#tourChoice[verdict="wrong"] {{ border: {max(2, int(t.line_width))}px solid {t.warning};
            color: {t.foreground}; }}
        QPushButton#tourChoice:disabled {{ color: {t.muted}; }}
        QPushButton#tourNext {{ font-weight: 700; border: 2px solid {t.accent}; }}
    """
