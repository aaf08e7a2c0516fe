"""A "list all tabs" button beside a tab bar that does not fit its tab widget.

In a 1366x768 window the controls' column shows "Controls | Diminishing returns | Hardware | T",
then scroll arrows: the timeline, test-time compute and Kaplan-vs-Chinchilla tabs were out of
sight.  Like a browser's "List all tabs", an "All ▾" button in the tab bar's corner then lists every
tab by its full title (the one in front checked); choosing one brings it forward.  The button
shows only while the tabs overflow, so a bar that fits looks as before.
"""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

_WATCHED = (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.LayoutRequest, QtCore.QEvent.Type.Show)


class TabOverflow(QtCore.QObject):
    """Owns the corner button of one tab widget; see the module docstring."""

    def __init__(self, tabs: QtWidgets.QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.button = QtWidgets.QToolButton(tabs, objectName="allTabs")
        self.button.setText("All ▾")
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")  # the ▾ says it
        self.button.setAutoRaise(True)
        self.button.setToolTip("All tabs")
        self.button.setAccessibleName("All tabs")
        self.button.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
        self.button.setPopupMode(QtWidgets.QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QtWidgets.QMenu(self.button)
        self.menu.aboutToShow.connect(self._fill)
        self.button.setMenu(self.menu)
        self.button.hide()
        tabs.setCornerWidget(self.button, QtCore.Qt.Corner.TopRightCorner)
        self._check = QtCore.QTimer(self, singleShot=True, interval=0)
        self._check.timeout.connect(self.update)
        tabs.installEventFilter(self)
        tabs.tabBar().installEventFilter(self)

    def overflows(self) -> bool:
        bar = self.tabs.tabBar()
        return bar.isVisible() and bar.count() > 1 and bar.sizeHint().width() > self.tabs.width()

    def update(self) -> None:
        want = self.overflows()
        if want != self.button.isVisible():
            self.button.setVisible(want)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() in _WATCHED and not self._check.isActive():
            self._check.start()  # once per turn of the event loop, however many events came
        return False

    def _fill(self) -> None:
        self.menu.clear()
        for index in range(self.tabs.count()):
            action = self.menu.addAction(self.tabs.tabText(index).replace("&", "&&"))
            action.setCheckable(True)
            action.setChecked(index == self.tabs.currentIndex())
            action.triggered.connect(lambda _checked=False, i=index: self.choose(i))

    def choose(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.tabs.currentWidget().setFocus(QtCore.Qt.FocusReason.PopupFocusReason)
