"""The control panel as one short band: the knobs, and beside them the hold buttons and the
readouts a scene points at (presenter mode on a narrow screen, under the plots).

:func:`set_compact` moves the panel's widgets (never copies them: the tour's highlight and masks
keep their targets) into a row at the top of the panel, and hides what a talk does not turn
(the law chooser and its note; the benchmark readout unless a scene points at it); turning it off
puts every widget back where it was, shown or hidden as it was.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtWidgets

_STATE = "_scalingdesk_compact"
_POINTED = "_scalingdesk_pointed_at"


def _home(layout: QtWidgets.QLayout, widget: QtWidgets.QWidget) -> tuple[QtWidgets.QLayout, int] | None:
    """The layout (searched depth first) that holds the widget, and its index there."""
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is widget:
            return layout, i
        if item.layout() is not None:
            found = _home(item.layout(), widget)
            if found is not None:
                return found
    return None


def _slot(label: QtWidgets.QWidget) -> QtWidgets.QWidget:
    return label.parentWidget() if label.parentWidget() is not None else label


def _hidden_in_compact(panel: Any) -> list[QtWidgets.QWidget]:
    form = panel.layout()
    out: list[QtWidgets.QWidget] = []
    for i in range(form.count()):
        w = form.itemAt(i).widget()
        if w is not None and (type(w) is QtWidgets.QFrame or w.objectName() == "sectionTitle"):
            out.append(w)  # the rules and the "Scaling law" title
    out += [panel.family, panel.family_note]  # unique data stays (scene 9 sets it)
    home = _home(form, panel.hold_buttons["C"])
    if home is not None:  # "When a knob turns, hold:": the buttons say it
        out += [
            home[0].itemAt(i).widget()
            for i in range(home[0].count())
            if isinstance(home[0].itemAt(i).widget(), QtWidgets.QLabel)
        ]
    return out


def is_compact(panel: Any) -> bool:
    return getattr(panel, _STATE, None) is not None


def set_compact(panel: Any, on: bool) -> None:
    """Knobs | hold buttons and readouts, in one band (on), or the panel's own column (off)."""
    if on == is_compact(panel):
        return
    focus = QtWidgets.QApplication.focusWidget()
    if on:
        _compact(panel)
    else:
        _restore(panel)
    if focus is not None and QtWidgets.QApplication.focusWidget() is not focus and focus.isVisible():
        focus.setFocus()  # moving widgets must not hand the keys to a knob's text field


def _compact(panel: Any) -> None:
    form = panel.layout()
    knobs = list(panel.knobs.values())
    buttons = [panel.hold_buttons[k] for k in ("C", "N", "D")]
    readouts = [_slot(w) for w in (panel.loss_value, panel.balance, panel.compute_human, panel.range_warning)]
    readouts.append(_slot(panel.downstream))  # shown only while a scene points at it (point_at)
    moved = knobs + buttons + [panel.follow] + readouts
    homes = [(w, *_home(form, w), w.isHidden()) for w in moved]  # type: ignore[misc]
    hidden = [(w, w.isHidden()) for w in _hidden_in_compact(panel)]
    band = QtWidgets.QWidget(panel, objectName="compactControls")
    row = QtWidgets.QHBoxLayout(band)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(12)
    knob_box = QtWidgets.QWidget(band)  # the knobs at their least width: the readouts get the rest
    knob_row = QtWidgets.QHBoxLayout(knob_box)
    knob_row.setContentsMargins(0, 0, 0, 0)
    knob_row.setSpacing(4)
    knob_box.setFixedWidth(sum(k.minimumSizeHint().width() for k in knobs) + 4 * len(knobs))  # (its height for
    # a width is then what the layout gives: the readouts beside get the same width in both)
    knob_box.setMinimumHeight(max(k.sizeHint().height() for k in knobs))  # room for a refusal's text
    right = QtWidgets.QVBoxLayout()
    right.setSpacing(6)
    hold_row = QtWidgets.QHBoxLayout()
    for w, layout, _i, _was in homes:
        layout.removeWidget(w)
    for k in knobs:
        knob_row.addWidget(k)
    for b in buttons:
        hold_row.addWidget(b)
    right.addLayout(hold_row)
    right.addWidget(panel.follow)
    for w in readouts:
        right.addWidget(w)
    right.addStretch(1)
    row.addWidget(knob_box)
    row.addLayout(right, 1)
    form.insertWidget(0, band)
    band.show()  # now, not on the next turn of the event loop: its size is asked at once
    for w, _layout, _i, was in homes:
        w.setHidden(was)  # reparenting hid it
    for w, _was in hidden:
        w.hide()
    _show_pointed(panel, getattr(panel, _POINTED, None))
    setattr(panel, _STATE, (band, homes, hidden, right))


def _on_request(panel: Any) -> list[QtWidgets.QWidget]:
    """Readouts the band leaves out for room unless a tour scene points at them: the step from
    loss to accuracy (the emergence scene's)."""
    return [_slot(panel.downstream)]


def _show_pointed(panel: Any, widget: QtWidgets.QWidget | None) -> None:
    """Show the on-request readout (its slot) that ``widget`` is, hide the others."""
    for w in _on_request(panel):
        w.setVisible(widget is not None and (w is widget or w is _slot(widget)))


def point_at(panel: Any, widget: QtWidgets.QWidget | None) -> None:
    """In the band, show the on-request readout a scene points at (in the readouts' column,
    under the loss) and hide the others; outside the band, nothing changes (the band, when
    made, shows the one pointed at last)."""
    setattr(panel, _POINTED, widget)
    if not is_compact(panel):
        return
    _show_pointed(panel, widget)


def shortfall(panel: Any) -> int:
    """How much taller the readouts beside the knobs need the band to be than it is (their
    wrapped heights at the widths they have; a layout's cached heights can lag a new text)."""
    state = getattr(panel, _STATE, None)
    if state is None or state[0].height() <= 0:
        return 0
    band, right = state[0], state[3]
    shown = [right.itemAt(i).widget() for i in range(right.count())]
    shown = [w for w in shown if w is not None and not w.isHidden()]
    rows = [right.itemAt(0).layout().sizeHint().height()] if right.count() else []
    for w in shown:
        rows.append(w.heightForWidth(w.width()) if w.hasHeightForWidth() else w.sizeHint().height())
    need = sum(rows) + right.spacing() * max(len(rows) - 1, 0)
    return max(0, need - band.height())


def _restore(panel: Any) -> None:
    band, homes, hidden, _right = getattr(panel, _STATE)
    setattr(panel, _STATE, None)
    form = panel.layout()
    form.removeWidget(band)  # first: the indices recorded are those without it
    for w, _layout, _i, _was in homes:
        _remove_from(band.layout(), w)
    on_request = _on_request(panel)
    for w, layout, index, was in sorted(homes, key=lambda h: h[2]):
        hidden_now = w.isHidden()  # a readout may have been shown or hidden meanwhile
        layout.insertWidget(index, w)  # back in the panel
        w.setHidden(was if w in on_request else hidden_now)  # the band alone hid those
    for w, was in hidden:
        w.setHidden(was)
    band.hide()
    band.setParent(None)  # gone from the panel now (its layouts hold nothing of the panel's)
    band.deleteLater()


def _remove_from(layout: QtWidgets.QLayout, widget: QtWidgets.QWidget) -> None:
    found = _home(layout, widget)
    if found is not None:
        found[0].removeWidget(widget)
