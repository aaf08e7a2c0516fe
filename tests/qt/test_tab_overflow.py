"""The tab bars' "All ▾" button (scalingdesk.qt.tab_overflow): there while the tabs do not fit,
listing every tab, and picking one brings it forward."""

from PySide6 import QtWidgets

from scalingdesk.qt.view_registry import TAB_TITLES


def _settle():
    for _ in range(3):
        QtWidgets.QApplication.processEvents()


def test_on_a_small_screen_the_drawer_lists_every_tab_and_brings_the_one_picked_forward(qtbot, make_window):
    window = make_window((1024, 768))
    _settle()
    tabs = window.views.left_tabs
    overflow = tabs.overflow
    bar = tabs.tabBar()
    assert bar.sizeHint().width() > tabs.width()  # some tabs are out of sight
    assert overflow.button.isVisible() and overflow.button.text() == "All ▾"
    overflow.menu.aboutToShow.emit()
    names = [a.text() for a in overflow.menu.actions()]
    assert names == [tabs.tabText(i) for i in range(tabs.count())]
    assert set(names) >= {TAB_TITLES["controls"], TAB_TITLES["timeline"], TAB_TITLES["reconcile"]}
    assert [a.isChecked() for a in overflow.menu.actions()] == [i == tabs.currentIndex() for i in range(tabs.count())]
    timeline = next(a for a in overflow.menu.actions() if a.text() == TAB_TITLES["timeline"])
    timeline.trigger()
    assert tabs.tabText(tabs.currentIndex()) == TAB_TITLES["timeline"]
    # Wide enough for every tab: the button goes, and comes back when the window narrows again.
    window.resize(1920, 1080)
    _settle()
    for t in (window.views.left_tabs, window.views.side_tabs):
        if t.isVisible():
            assert t.overflow.button.isVisible() == (t.tabBar().sizeHint().width() > t.width()), t.objectName()
    window.resize(1024, 768)
    _settle()
    assert window.views.left_tabs.overflow.button.isVisible()
