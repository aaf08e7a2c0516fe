"""The control panel: three knobs, which one is held, follow-the-optimum, the family switch,
and readouts in human units.  It forwards intents to the scenario and shows its state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore, QtWidgets

from scalingdesk.core import readouts
from scalingdesk.core.events import Change
from scalingdesk.core.laws import EXPLORER_FAMILIES, FAMILIES
from scalingdesk.core.scenario import (
    COMPUTE_RANGE,
    PARAMS_RANGE,
    TOKENS_RANGE,
    Scenario,
    ScenarioError,
    ScenarioState,
)
from scalingdesk.core.scenario import FIELDS as scenario_fields
from scalingdesk.core.units import (
    QuantityError,
    format_count,
    format_flops,
    format_sci,
    parse_positive,
)
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe, signals_blocked
from scalingdesk.qt.buttons import SteadyButton
from scalingdesk.qt.downstream_readout import DownstreamReadout
from scalingdesk.qt.knob import LogKnob
from scalingdesk.qt.panel_fill import PanelFill
from scalingdesk.qt.plain import tip

#: The GPU-days readout follows the scenario's hardware (GPU, precision, MFU, GPU count):
#: scalingdesk.core.readouts.compute_text.


class ControlPanel(QtWidgets.QWidget):
    def __init__(self, scenario: Scenario, on_error: Callable[[str], None]) -> None:
        super().__init__()
        self.scenario = scenario
        self._on_error = on_error
        self._drag_serial = 0
        self._gesture: object | None = None
        self._error_text = ""
        self.setObjectName("controlPanel")

        self.knob_c = LogKnob("Compute C", "FLOP", *COMPUTE_RANGE, formatter=format_flops)
        self.knob_n = LogKnob("Parameters N", "params", *PARAMS_RANGE, formatter=lambda v: format_count(v, "params"))
        self.knob_d = LogKnob("Data D", "tokens", *TOKENS_RANGE, formatter=lambda v: format_count(v, "tokens"))
        self.knobs = {"C": self.knob_c, "N": self.knob_n, "D": self.knob_d}
        intents = {"C": scenario.set_compute, "N": scenario.set_params, "D": scenario.set_tokens}
        knob_row = QtWidgets.QHBoxLayout()
        knob_row.setSpacing(4)
        for key, knob in self.knobs.items():
            knob.valueRequested.connect(lambda v, k=key: self._request(intents[k], v, k))
            knob.dragStarted.connect(self._drag_started)
            knob.dragFinished.connect(self._drag_finished)
            knob_row.addWidget(knob)

        # Which knob holds still when another moves.
        self.hold_group = QtWidgets.QButtonGroup(self)
        hold_row = QtWidgets.QHBoxLayout()
        hold_label = QtWidgets.QLabel("When a knob turns, hold:")
        hold_label.setWordWrap(True)  # a narrow panel wraps the label, never cuts it
        hold_row.addWidget(hold_label, 1)
        self.hold_buttons: dict[str, QtWidgets.QPushButton] = {}
        tips = {
            "C": "Hold compute: turning N or D slides along the IsoFLOP line (C = 6·N·D stays).",
            "N": "Hold parameters: turning C or D changes only the data and the budget.",
            "D": "Hold data: turning C or N changes only the model size and the budget.",
        }
        for key in ("C", "N", "D"):
            b = SteadyButton(f"Hold {key}")  # room for its semi-bold checked text
            b.setCheckable(True)
            b.setToolTip(tips[key])
            b.setAccessibleName(f"Hold {key}")
            b.setObjectName("holdButton")
            b.setStyleSheet(_hold_style(themes.current()))
            self.hold_group.addButton(b)
            self.hold_buttons[key] = b
            b.clicked.connect(lambda _=False, k=key: self._guard(lambda: self.scenario.set_held(k)))
            hold_row.addWidget(b)
        observe(self, themes.model(), self._restyle)
        self.follow = QtWidgets.QCheckBox("Follow the optimum")
        self.follow.setToolTip("Turning C moves N and D along the active law's compute-optimal path (shortcut: O)")
        self.follow.setAccessibleName("Follow the optimum")
        self.follow.toggled.connect(lambda on: self._guard(lambda: self.scenario.set_follow_optimum(on)))

        # Family switch, with the one-sentence note on how the families differ.
        self.family = QtWidgets.QComboBox()
        self.family.setAccessibleName("Law family")
        for key in EXPLORER_FAMILIES:
            self.family.addItem(FAMILIES[key].label, key)
        self.family.activated.connect(self._family_chosen)
        self.family_note = QtWidgets.QLabel()
        self.family_note.setWordWrap(True)
        self.family_note.setObjectName("note")

        # Readouts
        self.loss_value = QtWidgets.QLabel()
        self.loss_value.setObjectName("bigReadout")
        self.loss_value.setAccessibleName("Predicted loss")
        self.balance = QtWidgets.QLabel()
        self.balance.setObjectName("balance")
        self.balance.setWordWrap(True)
        self.compute_human = QtWidgets.QLabel()
        for label in (self.family_note, self.loss_value, self.balance, self.compute_human):
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)  # a law's label and note come from files
        self.compute_human.setWordWrap(True)
        self.compute_human.setObjectName("note")
        self._build_science()

        form = QtWidgets.QVBoxLayout(self)
        form.setContentsMargins(10, 8, 10, 8)
        form.setSpacing(8)
        form.addLayout(knob_row)
        form.addLayout(hold_row)
        form.addWidget(self.follow)
        form.addWidget(_rule())
        # Beside the loss, what Gadre et al.'s loss-to-benchmark fit makes of it (no extra row: the
        # knobs keep their height on a 768 px screen).
        self.downstream = DownstreamReadout()
        # Each live readout in a slot of its own, painting the theme's colour (themed below).
        loss, downstream, balance, compute, warning, unique = self._slots = [
            _Slot(w)
            for w in (
                self.loss_value,
                self.downstream,
                self.balance,
                self.compute_human,
                self.range_warning,
                self.unique_readout,
            )
        ]
        loss_row = QtWidgets.QHBoxLayout()
        loss_row.setSpacing(12)
        loss_row.addWidget(loss)
        loss_row.addWidget(downstream, 1)  # its number changes every step
        form.addLayout(loss_row)
        for slot in (balance, compute, warning):
            form.addWidget(slot)
        form.addLayout(self.unique_row)
        form.addWidget(unique)
        form.addWidget(_rule())
        fam = QtWidgets.QLabel("Scaling law")
        fam.setObjectName("sectionTitle")
        form.addWidget(fam)
        form.addWidget(self.family)
        form.addWidget(self.family_note)
        form.addStretch(1)
        # Everything the panel shows follows the state (only the undo history is not its business).
        observe(self, scenario, self._on_scenario, fields=scenario_fields - {"history"})
        self.refresh(scenario.state)

    def _on_scenario(self, change: Change[ScenarioState]) -> None:
        self.refresh(change.new)

    def _restyle(self, t: themes.Theme) -> None:
        for button in self.hold_buttons.values():
            button.setStyleSheet(_hold_style(t))
        for slot in self._slots:
            slot.set_fill(t.background)

    # --- intents ---------------------------------------------------------------------------
    def _guard(self, intent: Callable[[], None]) -> bool:
        try:
            intent()
        except ScenarioError as err:
            self._error_text = str(err)
            self._on_error(self._error_text)
            self.refresh(self.scenario.state)  # put the controls back to the model's truth
            return False
        return True

    def _request(self, intent: Callable[..., None], value: float, key: str) -> None:
        knob = self.knobs[key]
        gesture = self._gesture if knob.isDragging() else None
        if self._guard(lambda: intent(value, gesture=gesture)):
            knob.setError(None)
        else:  # under the knob, the reason ("tokens 48P is above …"); the status bar has it all
            text = self._error_text
            head, sep, reason = text.partition(": ")
            knob.setError(reason if sep and head.startswith("cannot set") else text)

    def _drag_started(self) -> None:
        self._drag_serial += 1
        self._gesture = ("drag", self._drag_serial)

    def _drag_finished(self) -> None:
        self._gesture = None
        self.scenario.end_gesture()

    def _family_chosen(self, index: int) -> None:
        self._guard(lambda: self.scenario.set_law(self.family.itemData(index)))

    def is_dragging(self) -> bool:
        return any(k.isDragging() for k in self.knobs.values())

    # --- view ------------------------------------------------------------------------------
    def refresh(self, s: ScenarioState) -> None:
        law = s.law_object
        opt = readouts.published_optimum(law, s.compute)
        self.knob_c.setValue(s.compute)
        self.knob_n.setValue(s.params)
        self.knob_d.setValue(s.tokens)
        self.knob_n.setMarker(opt.params)
        self.knob_d.setMarker(opt.tokens)
        self.knob_c.setMarker(None)
        for key, knob in self.knobs.items():
            knob.setHeld(key == s.held and not s.follow_optimum)
        with signals_blocked(self.follow, *self.hold_buttons.values()):
            for key, b in self.hold_buttons.items():
                b.setChecked(key == s.held)
                b.setEnabled(not s.follow_optimum)
            self.follow.setChecked(s.follow_optimum)
        i = self.family.findData(s.law)
        if i < 0:  # a user's fitted law
            self.family.addItem(law.label, s.law)
            i = self.family.findData(s.law)
        self.family.setCurrentIndex(i)
        self.family_note.setText(law.note)
        self.family_note.setToolTip(tip(f"Source: {law.source}"))  # an extra law's source is outside text

        self.loss_value.setText(readouts.loss_text(s.loss))
        self.loss_value.setToolTip(tip(readouts.loss_tip(law, s.params, s.tokens)))
        self.balance.setText(readouts.balance_text(law, s.params, s.tokens, opt))
        self.balance.setToolTip(readouts.balance_tip(law, s.params, s.tokens, opt))
        self._refresh_science(s, law)
        self.loss_value.setAccessibleDescription(self.loss_value.text())
        self.downstream.set_loss(s.loss)
        self.balance.setAccessibleDescription(self.balance.text())

    # --- the science readouts (issue 16): hardware-following GPU-days, unique data, warnings ---
    def _build_science(self) -> None:
        self.range_warning = QtWidgets.QLabel()
        self.range_warning.setObjectName("rangeWarning")
        self.range_warning.setWordWrap(True)
        self.range_warning.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.range_warning.setAccessibleName("Where the law holds")
        self.unique_edit = QtWidgets.QLineEdit()
        self.unique_edit.setPlaceholderText("unlimited")
        self.unique_edit.setAccessibleName("Unique data available")
        self.unique_edit.setToolTip(
            "Unique tokens available, e.g. 300T or 100B (empty: unlimited). Training past them "
            "repeats data; Muennighoff 2023 counts repeats for less (D' and N'). Enter applies."
        )
        self.unique_edit.editingFinished.connect(self._unique_entered)
        label = QtWidgets.QLabel("&Unique data available:")
        label.setBuddy(self.unique_edit)
        self.unique_row = QtWidgets.QHBoxLayout()
        self.unique_row.addWidget(label)
        self.unique_row.addWidget(self.unique_edit, 1)
        self.unique_readout = QtWidgets.QLabel()
        self.unique_readout.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.unique_readout.setObjectName("note")
        self.unique_readout.setWordWrap(True)

    def _unique_entered(self) -> None:
        if not self.unique_edit.isModified():  # focus left without an edit: nothing to apply
            return
        self.unique_edit.setModified(False)
        text = self.unique_edit.text().strip()
        if text.lower() in ("", "unlimited", "none"):
            value = None
        else:
            try:
                value = parse_positive(text, what="unique data")
            except QuantityError as err:
                self._error_text = str(err)
                self._on_error(self._error_text)
                self.refresh(self.scenario.state)
                return
        if value != self.scenario.state.unique_tokens:
            self._guard(lambda: self.scenario.set_unique_tokens(value))

    def _refresh_science(self, s: ScenarioState, law) -> None:
        try:
            text, tip = readouts.compute_text(s.compute, s.hardware)
        except ValueError as err:  # e.g. fp8 on a GPU without fp8 units
            text, tip = f"{format_flops(s.compute)}", str(err)
        self.compute_human.setText(text)
        self.compute_human.setToolTip(tip)
        self.range_warning.setText(readouts.warnings_text(law, s.params, s.tokens, s.unique_tokens))
        _show(self.range_warning, bool(self.range_warning.text()))
        if not self.unique_edit.isModified():  # never overwrite what the user is typing
            self.unique_edit.setText("" if s.unique_tokens is None else format_sci(s.unique_tokens))
        self.unique_readout.setText(readouts.unique_text(law, s.params, s.tokens, s.unique_tokens))
        _show(self.unique_readout, s.unique_tokens is not None)


class _Slot(PanelFill, QtWidgets.QWidget):
    """Holds one live readout so that its text changing on every drag step does not re-lay out
    the whole panel (a QLabel's setText always asks its parent's layout to redo itself: ~0.5 ms
    a step here).  The slot has no layout; it passes the request on only when the label needs
    another height."""

    def __init__(self, label: QtWidgets.QWidget) -> None:
        super().__init__()
        self.setObjectName("readoutSlot")
        self.label = label  # a QLabel, or a readout widget of a few labels
        label.setParent(self)
        policy = QtWidgets.QSizePolicy(label.sizePolicy())
        policy.setHeightForWidth(label.hasHeightForWidth())
        self.setSizePolicy(policy)
        self._height = -1
        self._init_panel_fill()  # its repaints stop at it (scalingdesk.qt.panel_fill)

    def sizeHint(self) -> QtCore.QSize:
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QtCore.QSize:
        return self.label.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        return self.label.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        return self.label.heightForWidth(width)

    def _needed_height(self) -> int:
        h = self.label.heightForWidth(self.width()) if self.label.hasHeightForWidth() else -1
        return h if h >= 0 else self.label.sizeHint().height()

    def resizeEvent(self, event) -> None:
        self.label.setGeometry(self.rect())
        self._height = self._needed_height()
        super().resizeEvent(event)

    def event(self, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.LayoutRequest:
            if self._needed_height() != self._height:
                self.updateGeometry()
            return True
        return super().event(event)


def _show(label: QtWidgets.QLabel, visible: bool) -> None:
    """Show or hide a readout with its slot, so a hidden one leaves no gap."""
    label.setVisible(visible)
    slot = label.parentWidget()
    if isinstance(slot, _Slot):
        slot.setVisible(visible)


def _hold_style(t: themes.Theme) -> str:
    """A held-but-disabled button (Follow the optimum on) keeps readable text: the panel's
    colours with an accent border, not pale text on the accent fill."""
    return (
        f"QPushButton#holdButton:checked:disabled {{ background: {t.panel}; color: {t.foreground}; "
        f"border: 2px solid {t.accent}; font-weight: 600; }}"
    )


def _rule() -> QtWidgets.QFrame:
    line = QtWidgets.QFrame()
    line.setFrameShape(QtWidgets.QFrame.Shape.HLine)
    line.setObjectName("rule")
    return line


def stylesheet(t: themes.Theme) -> str:
    """The application's style sheet for a theme (sizes scale with the theme's font_scale)."""
    f = t.font_scale
    return f"""
    QMainWindow, QWidget {{ background: {t.background}; color: {t.foreground};
        font-size: {10 * f:.1f}pt; }}
    QWidget#controlPanel, QTabWidget::pane {{ background: {t.panel}; }}
    QWidget#controlPanel QLabel, QWidget#controlPanel QCheckBox, QWidget#readoutSlot {{
        background: transparent; }}
    QLabel#bigReadout {{ font-size: {20 * f:.1f}pt; font-weight: 600; color: {t.accent}; }}
    QLabel#balance {{ font-size: {11 * f:.1f}pt; }}
    QLabel#note {{ color: {t.muted}; }}
    QLabel#rangeWarning {{ color: {t.warning}; }}
    QLabel#sectionTitle {{ font-weight: 600; }}
    QFrame#rule {{ color: {t.grid}; background: {t.grid}; max-height: 1px; }}
    QPushButton {{ background: {t.background}; border: 1px solid {t.grid}; border-radius: 4px;
        padding: 4px 10px; }}
    QPushButton:checked {{ background: {t.accent}; color: {t.background}; border-color: {t.accent};
        font-weight: 600; }}
    QPushButton:focus, QComboBox:focus, QCheckBox:focus, QLineEdit:focus, QSpinBox:focus,
    QDoubleSpinBox:focus, QToolButton:focus, QRadioButton:focus, QAbstractItemView:focus {{
        outline: none; border: {max(2, round(t.line_width * 0.75))}px solid {t.optimum}; }}
    QTabBar::tab:focus {{ border: {max(2, round(t.line_width * 0.75))}px solid {t.optimum}; }}
    QCheckBox {{ border: {max(2, round(t.line_width * 0.75))}px solid transparent; border-radius: 3px; }}
    QPushButton:disabled {{ color: {t.muted}; }}
    QCheckBox::indicator {{ width: {14 * f:.0f}px; height: {14 * f:.0f}px; border: 2px solid {t.muted};
        border-radius: 3px; background: {t.background}; }}
    QCheckBox::indicator:checked {{ background: {t.accent}; border-color: {t.accent}; }}
    QComboBox, QLineEdit, QSpinBox, QDoubleSpinBox {{ background: {t.background};
        border: 1px solid {t.grid}; border-radius: 4px; padding: 3px 6px; }}
    QTabBar::tab {{ background: {t.background}; color: {t.muted}; padding: 6px 14px;
        border: 1px solid {t.grid}; border-bottom: none; }}
    QTabBar::tab:selected {{ background: {t.panel}; color: {t.foreground}; font-weight: 600; }}
    QStatusBar {{ color: {t.muted}; }}
    QToolTip {{ background: {t.panel}; color: {t.foreground}; border: 1px solid {t.grid}; }}
    QMenuBar::item:selected, QMenu::item:selected {{ background: {t.accent}; color: {t.background}; }}
    """
