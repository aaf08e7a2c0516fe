"""Every control is in the tab order and shows a visible focus indicator (>= 2 px, each theme)."""

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.qt import theme as themes


@pytest.fixture
def window(make_window):
    w = make_window((1920, 1080))
    w.activateWindow()
    return w


def tab_chain(window):
    """The widgets Tab visits, in order, from the first control until it comes round again."""
    seen = []
    w = window.nextInFocusChain()
    for _ in range(2000):
        if w is window or w in seen:
            break
        seen.append(w)
        w = w.nextInFocusChain()
    return [
        x for x in seen if x.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus and x.isVisibleTo(window) and x.isEnabled()
    ]


def test_every_visible_control_is_in_the_tab_order(window):
    chain = tab_chain(window)
    for control in [
        *window.controls.hold_buttons.values(),
        window.controls.follow,
        window.controls.family,
        window.reset_button,
        *(k for k in window.controls.knobs.values()),
    ]:
        assert control in chain or any(control.isAncestorOf(x) for x in chain), control.accessibleName()


def _edge_change(widget, grab_before: QtGui.QImage, grab_after: QtGui.QImage, band: int) -> float:
    """The share of pixels in a band along the widget's edge that changed."""
    w, h = grab_before.width(), grab_before.height()
    changed = total = 0
    for x in range(w):
        for y in list(range(band)) + list(range(h - band, h)):
            total += 1
            changed += grab_before.pixel(x, y) != grab_after.pixel(x, y)
    return changed / max(total, 1)


@pytest.mark.parametrize("theme", list(themes.THEMES))
def test_focus_indicator_is_visible_and_at_least_2px(qtbot, window, theme):
    window.set_theme(theme)
    QtWidgets.QApplication.processEvents()
    c = window.controls
    for control in (c.hold_buttons["N"], c.follow, c.family, window.reset_button):
        window.setFocus()
        qtbot.waitUntil(lambda: not control.hasFocus())
        before = control.grab().toImage()
        control.setFocus(QtCore.Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(control.hasFocus)
        QtWidgets.QApplication.processEvents()
        after = control.grab().toImage()
        assert before.size() == after.size()
        # Both of the two outermost pixel rows along the top and bottom edges change colour.
        assert _edge_change(control, before, after, band=2) > 0.6, (theme, control.accessibleName())


@pytest.mark.parametrize("theme", list(themes.THEMES))
def test_the_knobs_focus_ring_is_at_least_2px(qtbot, window, theme):
    """The knob paints its own ring: at mid-height its left edge changes over >= 2 columns."""
    window.set_theme(theme)
    QtWidgets.QApplication.processEvents()
    knob = window.controls.knobs["C"]
    window.setFocus()
    qtbot.waitUntil(lambda: not knob.hasFocus())
    before = knob.grab().toImage()
    knob.setFocus(QtCore.Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(knob.hasFocus)
    QtWidgets.QApplication.processEvents()
    after = knob.grab().toImage()
    assert before.size() == after.size()
    y = before.height() // 2
    dpr = before.devicePixelRatio()
    accent = QtGui.QColor(themes.current().accent)

    def near_accent(x):  # the ring's own colour, not an antialiased blend into the panel
        c = QtGui.QColor(after.pixel(x, y))
        return max(abs(c.red() - accent.red()), abs(c.green() - accent.green()), abs(c.blue() - accent.blue())) <= 48

    solid = [x for x in range(min(12, after.width())) if near_accent(x) and before.pixel(x, y) != after.pixel(x, y)]
    assert max((len(r) for r in _runs(solid)), default=0) >= 2 * dpr, (theme, solid)


def _runs(xs):
    out, cur = [], []
    for x in xs:
        if cur and x != cur[-1] + 1:
            out.append(cur)
            cur = []
        cur.append(x)
    if cur:
        out.append(cur)
    return out
