"""A tab widget's "All ▾" button: every tab in a menu, shown only while the tabs do not fit.

On a 1024x768 screen the drawer's tab bar holds Controls, Diminishing returns, Hardware and a
cut-off fourth tab behind two small scroll arrows; the Timeline, Test-time compute and Kaplan vs
Chinchilla tabs are out of sight, and nothing says they are there.  The button in the bar's
corner lists them all (the one in front checked) and brings the one picked forward.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

_WATCHED = (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.Show, QtCore.QEvent.Type.LayoutRequest)


class TabOverflow(QtCore.QObject):
    """Installed on one QTabWidget (``install``): keeps its corner button and menu."""

    def __init__(self, tabs: QtWidgets.QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.button = QtWidgets.QToolButton(tabs, objectName="allTabs", text="All ▾")
        self.button.setToolTip("Every tab, including those that do not fit")
        self.button.setAccessibleName("All tabs")
        self.button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
        # The text carries the arrow; the style's own small menu arrow would sit on top of it.
        self.button.setStyleSheet("QToolButton#allTabs::menu-indicator { image: none; width: 0px; }")
        self.button.setAutoRaise(True)
        self.menu = QtWidgets.QMenu(self.button)
        self.menu.aboutToShow.connect(self._fill)
        self.button.setMenu(self.menu)
        tabs.setCornerWidget(self.button, QtCore.Qt.Corner.TopRightCorner)
        self.button.hide()
        self._pending = QtCore.QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.update)
        tabs.installEventFilter(self)
        tabs.tabBar().installEventFilter(self)

    def overflows(self) -> bool:
        """Whether the tabs, each at its full size, are wider than the tab widget."""
        bar = self.tabs.tabBar()
        return self.tabs.count() > 1 and not bar.isHidden() and bar.sizeHint().width() > self.tabs.width()

    def update(self) -> None:
        """Show the button while the tabs overflow (with it or without it the rule is the same:
        the bar's full width against the widget's, so it never flips back and forth)."""
        show = self.overflows()
        if show != self.button.isVisible():
            self.button.setVisible(show)
            # The tab widget places its corner widget when it lays itself out: now, not later.
            QtWidgets.QApplication.sendEvent(self.tabs, QtCore.QEvent(QtCore.QEvent.Type.LayoutRequest))

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() in _WATCHED:
            self._pending.start()
        return False

    def _fill(self) -> None:
        self.menu.clear()
        for i in range(self.tabs.count()):
            if not self.tabs.isTabVisible(i):
                continue
            action = self.menu.addAction(self.tabs.tabText(i))  # its shortcut letter, if any, too
            action.setCheckable(True)
            action.setChecked(i == self.tabs.currentIndex())
            action.setEnabled(self.tabs.isTabEnabled(i))
            action.triggered.connect(lambda _checked=False, index=i: self._pick(index))

    def _pick(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        page = self.tabs.currentWidget()
        if page is not None:
            page.setFocus(QtCore.Qt.FocusReason.PopupFocusReason)


def install(tabs: QtWidgets.QTabWidget) -> TabOverflow:
    return TabOverflow(tabs)
