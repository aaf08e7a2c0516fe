"""The opening view's invitation: on first start, an offer of the tour and what to drag.

A card over the top of the window that stays until it is used (the tour starts, a knob is
dragged) or dismissed (✕); then it is remembered in the settings and never shown again.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtWidgets

from scalingdesk.qt import theme as themes

SETTINGS_KEY = "welcome/done"
HINT = "Or drag the C knob (top left) to spend more compute, and watch the loss fall less and less."


class WelcomeCard(QtWidgets.QFrame):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("welcomeCard")
        title = QtWidgets.QLabel("New here? The guided tour takes about 10 minutes.")
        title.setObjectName("welcomeTitle")
        self.hint = QtWidgets.QLabel(HINT)
        self.hint.setObjectName("welcomeHint")
        for label in (title, self.hint):
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        self.start_button = QtWidgets.QPushButton("Take the tour (Ctrl+T)")
        self.start_button.setObjectName("welcomeStart")
        self.close_button = QtWidgets.QPushButton("✕")
        self.close_button.setAccessibleName("Dismiss the welcome")
        self.close_button.setToolTip("Dismiss: explore on your own (Tour ▸ Start tour any time)")
        self.start_button.clicked.connect(self._start)
        self.close_button.clicked.connect(lambda: self.dismiss())
        text = QtWidgets.QVBoxLayout()
        text.addWidget(title)
        text.addWidget(self.hint)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(14, 10, 10, 10)
        row.addLayout(text, 1)
        row.addWidget(self.start_button)
        row.addWidget(self.close_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        t = themes.current()
        self.setStyleSheet(
            f"QFrame#welcomeCard {{ background: {t.panel}; border: 2px solid {t.accent}; border-radius: 10px; }}"
            f"QFrame#welcomeCard QLabel {{ background: transparent; border: none; }}"
            f"QLabel#welcomeTitle {{ font-weight: 700; font-size: {12 * t.font_scale:.0f}pt; color: {t.foreground}; }}"
            f"QLabel#welcomeHint {{ color: {t.foreground}; font-size: {10.5 * t.font_scale:.1f}pt; }}"
            f"QPushButton#welcomeStart {{ font-weight: 700; }}"
        )
        window.installEventFilter(self)
        window.tour.activeChanged.connect(lambda on: self.dismiss() if on else None)
        for knob in window.controls.knobs.values():
            knob.dragStarted.connect(self.dismiss)
        self.place()

    def _start(self) -> None:
        self.dismiss()
        self.window_.tour.start()

    def dismiss(self) -> None:
        if self.isHidden() and getattr(self, "_done", False):
            return
        self._done = True
        q = getattr(self.window_.settings, "_q", None)
        if q is not None:
            q.setValue(SETTINGS_KEY, True)
        self.hide()

    def place(self) -> None:
        w = self.window_
        central = w.centralWidget().geometry()
        width = min(760, max(360, central.width() - 40))
        self.setFixedWidth(width)
        self.adjustSize()
        self.move(central.left() + (central.width() - width) // 2, central.top() + 12)
        self.raise_()

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() in (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.Show) and not self.isHidden():
            QtCore.QTimer.singleShot(0, self.place)
        return False


def install_welcome(window: Any) -> WelcomeCard | None:
    """Show the welcome card unless it was used or dismissed before."""
    q = getattr(window.settings, "_q", None)
    done = q.value(SETTINGS_KEY, False) if q is not None else False
    if done in (True, "true", "1", 1):
        return None
    return WelcomeCard(window)
