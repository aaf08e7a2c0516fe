"""Tabs that do not fit their column are one click away: an "All ▾" button lists every tab.

At 1366x768 the controls' column showed "Controls | Diminishing returns | Hardware | T" and
scroll arrows, so the timeline, test-time and Kaplan-vs-Chinchilla tabs were out of sight.
"""

from PySide6 import QtWidgets

from scalingdesk.qt.view_registry import TAB_TITLES


def settle():
    for _ in range(4):
        QtWidgets.QApplication.processEvents()


def listed(tabs) -> list[str]:
    tabs.overflow.menu.aboutToShow.emit()  # as opening the menu does
    return [a.text() for a in tabs.overflow.menu.actions()]


def test_the_tabs_out_of_sight_are_listed_and_chosen_by_their_full_titles(make_window):
    w = make_window((1366, 768))
    settle()
    tabs = w.views.left_tabs
    bar = tabs.tabBar()
    assert bar.sizeHint().width() > tabs.width()  # the tabs do not all fit here
    button = tabs.overflow.button
    assert button.isVisible() and button.text() == "All ▾"
    assert button.geometry().right() <= tabs.width()  # in the column, not cut by its edge
    names = [name for name in TAB_TITLES if tabs.indexOf(w.views.widget(name)) >= 0]
    assert listed(tabs) == [TAB_TITLES[n] for n in names]
    assert [a.isChecked() for a in tabs.overflow.menu.actions()] == [n == "controls" for n in names]

    reconcile = tabs.overflow.menu.actions()[names.index("reconcile")]
    reconcile.trigger()
    settle()
    assert tabs.currentWidget() is w.views.widget("reconcile")
    assert w.views.widget("reconcile").isVisible()
    assert listed(tabs)[names.index("reconcile")] == "Kaplan vs Chinchilla"  # opened again: filled afresh
    assert [a.isChecked() for a in tabs.overflow.menu.actions()] == [n == "reconcile" for n in names]


def test_the_button_goes_when_the_tabs_fit(make_window):
    w = make_window((1366, 768))
    settle()
    tabs = w.views.left_tabs
    assert tabs.overflow.button.isVisible()
    for name in ("lever", "timeline", "test-time", "reconcile"):
        w.views.set_shown(name, False)  # View menu: only the controls and the hardware panel
    settle()
    assert tabs.tabBar().sizeHint().width() <= tabs.width()
    assert not tabs.overflow.button.isVisible()
    w.views.show_all()
    settle()
    assert tabs.overflow.button.isVisible()
