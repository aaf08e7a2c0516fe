"""Presenter mode: full screen, projector theme, the tour's views only, and clicker keys.

F5 enters.  While presenting, an application-level event filter reads the keys a presentation
clicker sends (Page Down / Right / Space next, Page Up / Left back, B or "." blank, a number then
Enter jumps, ? help, Esc leaves), except while a text field has focus.  L (or holding Ctrl)
shows a spotlight around the pointer: lasers do not show on LED walls or in recordings.  The
cursor hides after 2 s idle.  Leaving restores the window exactly: state, geometry, theme, views.
"""

from __future__ import annotations

from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from scalingdesk.qt import layout, strip
from scalingdesk.qt import theme as themes
from scalingdesk.qt.clicker import Talk
from scalingdesk.qt.presets import PresetError, PresetStore, replace_hardware_laws  # noqa: F401
from scalingdesk.qt.tour import TourController, install_tour

Qt = QtCore.Qt
Key = Qt.Key

CURSOR_IDLE_MS = 2000
JUMP_TIMEOUT_MS = 4000

NEXT_KEYS = (Key.Key_PageDown, Key.Key_Right, Key.Key_Space, Key.Key_Down)
BACK_KEYS = (Key.Key_PageUp, Key.Key_Left, Key.Key_Up)
BLANK_KEYS = (Key.Key_B, Key.Key_Period)
DIGIT_KEYS = {getattr(Key, f"Key_{i}"): i for i in range(10)}
CHOICE_KEYS = {Key.Key_1: 0, Key.Key_2: 1, Key.Key_3: 2}
REVEAL_KEYS = (Key.Key_Return, Key.Key_Enter)
_T = QtCore.QEvent.Type
#: The events the presenter's application-wide filter acts on; it sees every event of the
#: application, so all others leave it at once (a scene switch sends thousands).
_FILTERED = frozenset((_T.KeyPress, _T.KeyRelease, _T.MouseMove, _T.HoverMove, _T.Resize, _T.ZOrderChange, _T.Show))
#: Editors whose keys must never be taken by presenter navigation.
TEXT_EDITORS = (
    QtWidgets.QLineEdit,
    QtWidgets.QAbstractSpinBox,
    QtWidgets.QComboBox,
    QtWidgets.QTextEdit,
    QtWidgets.QPlainTextEdit,
)

SHORTCUTS = (
    ("F5", "enter presenter mode"),
    ("Page Down, →, ↓, Space", "one step on: pull the lever, reveal, next scene"),
    ("Page Up, ←, ↑", "one step back"),
    ("1, 2, 3", "choose a prediction"),
    ("Enter", "reveal the answer"),
    ("G, a number, Enter", "jump to that scene"),
    ("B or .", "blank the screen (any key comes back)"),
    ("L, or hold Ctrl", "spotlight around the pointer"),
    ("?", "show these shortcuts"),
    ("Esc", "leave presenter mode"),
)


# --- overlays ---------------------------------------------------------------------------------


class _Overlay(QtWidgets.QWidget):
    """A child of the window covering all of it, shown above everything else."""

    def __init__(self, window: QtWidgets.QWidget, *, passthrough: bool) -> None:
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, passthrough)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        self.cover()
        super().showEvent(event)


class BlankOverlay(_Overlay):
    """B or '.': a black screen; any key or a click comes back."""

    clicked = QtCore.Signal()

    def __init__(self, window: QtWidgets.QWidget) -> None:
        super().__init__(window, passthrough=False)
        self.setObjectName("presenterBlank")

    def paintEvent(self, _e: QtGui.QPaintEvent) -> None:
        p = QtGui.QPainter(self)
        p.fillRect(self.rect(), QtGui.QColor(0, 0, 0))
        p.end()

    def keep_on_top(self) -> None:
        """Above every other overlay and highlight (they raise themselves as they follow)."""
        if self.isVisible() and self.parentWidget().children()[-1] is not self:
            self.raise_()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        self.clicked.emit()
        event.accept()


class HelpOverlay(_Overlay):
    """?: every shortcut, large, on a card in the middle of the screen."""

    def __init__(self, window: QtWidgets.QWidget) -> None:
        super().__init__(window, passthrough=True)
        self.setObjectName("presenterHelp")

    def text_lines(self) -> list[str]:
        return [f"{keys}  —  {what}" for keys, what in SHORTCUTS]

    def paintEvent(self, _e: QtGui.QPaintEvent) -> None:
        t = themes.current()
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QtGui.QColor(0, 0, 0, 110))
        font = QtGui.QFont(self.font())
        font.setPointSizeF(13 * t.font_scale)
        bold = QtGui.QFont(font)
        bold.setBold(True)
        fm = QtGui.QFontMetricsF(font)
        key_w = max(QtGui.QFontMetricsF(bold).horizontalAdvance(k) for k, _ in SHORTCUTS)
        what_w = max(fm.horizontalAdvance(w) for _, w in SHORTCUTS)
        line = fm.height() * 1.5
        pad = fm.height()
        w = min(self.width() - 40, key_w + what_w + 3 * pad)
        h = line * (len(SHORTCUTS) + 1.5) + pad
        card = QtCore.QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        p.setPen(QtGui.QPen(t.color("foreground"), 2))
        p.setBrush(t.color("background"))
        p.drawRoundedRect(card, 12, 12)
        p.setFont(bold)
        y = card.top() + pad
        p.drawText(QtCore.QRectF(card.left() + pad, y, w - 2 * pad, line), "Presenter shortcuts")
        for keys, what in SHORTCUTS:
            y += line
            p.setFont(bold)
            p.setPen(t.color("accent"))
            p.drawText(QtCore.QRectF(card.left() + pad, y, key_w, line), keys)
            p.setFont(font)
            p.setPen(t.color("foreground"))
            p.drawText(QtCore.QRectF(card.left() + 2 * pad + key_w, y, what_w + pad, line), what)
        p.end()


class SpotlightOverlay(_Overlay):
    """Darkens everything but a circle around the pointer (visible on LED walls and recordings)."""

    def __init__(self, window: QtWidgets.QWidget) -> None:
        super().__init__(window, passthrough=True)
        self.setObjectName("presenterSpotlight")
        self.centre = QtCore.QPointF(-1000, -1000)
        self.radius = 120.0

    def move_to(self, global_pos: QtCore.QPoint) -> None:
        self.centre = QtCore.QPointF(self.mapFromGlobal(global_pos))
        self.update()

    def paintEvent(self, _e: QtGui.QPaintEvent) -> None:
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        path = QtGui.QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)
        path.addRect(QtCore.QRectF(self.rect()))
        path.addEllipse(self.centre, self.radius, self.radius)
        p.fillPath(path, QtGui.QColor(0, 0, 0, 150))
        p.setPen(QtGui.QPen(themes.current().color("accent"), 3))
        p.drawEllipse(self.centre, self.radius, self.radius)
        p.end()


class JumpOverlay(QtWidgets.QLabel):
    """Shows the scene number being typed ("Go to scene 3 ⏎")."""

    def __init__(self, window: QtWidgets.QWidget) -> None:
        super().__init__(window)
        self.setObjectName("presenterJump")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def show_text(self, text: str) -> None:
        t = themes.current()
        self.setStyleSheet(
            f"QLabel#presenterJump {{ background: {t.foreground}; color: {t.background}; "
            f"font-size: {14 * t.font_scale:.0f}pt; font-weight: 700; padding: 10px 18px; "
            "border-radius: 8px; }"
        )
        self.setText(text)
        self.adjustSize()
        parent = self.parentWidget()
        self.move(24, parent.height() - self.height() - 24)
        self.show()
        self.raise_()


# --- presenter mode ---------------------------------------------------------------------------


class PresenterMode(QtCore.QObject):
    entered = QtCore.Signal()
    left = QtCore.Signal()

    def __init__(self, window: Any, tour: TourController) -> None:
        super().__init__(window)
        self.window = window
        self.tour = tour
        self.presets = PresetStore()
        self._active = False
        self._saved: dict[str, Any] = {}
        self._jump = ""
        self._spotlight_latched = False
        self._cursor_hidden = False
        self.blank = BlankOverlay(window)
        self.blank.clicked.connect(self.unblank)
        self.help = HelpOverlay(window)
        self.spotlight = SpotlightOverlay(window)
        self.jump_label = JumpOverlay(window)
        self.talk = Talk(window, tour)
        self._going = False  # "G" typed: digits jump to a scene
        for overlay in (self.help, self.spotlight, self.jump_label, getattr(tour, "overlay", None)):
            if overlay is not None:
                overlay.installEventFilter(self)
        self.cursor_timer = QtCore.QTimer(self, singleShot=True, interval=CURSOR_IDLE_MS)
        self.cursor_timer.timeout.connect(self._hide_cursor)
        self.jump_timer = QtCore.QTimer(self, singleShot=True, interval=JUMP_TIMEOUT_MS)
        self.jump_timer.timeout.connect(self._clear_jump)

        self.enter_action = QtGui.QAction("&Presenter mode", window)
        self.enter_action.setShortcut(QtGui.QKeySequence(Key.Key_F5))
        self.enter_action.triggered.connect(lambda: self.enter())
        window.addAction(self.enter_action)  # works with the menu bar hidden too
        self.save_preset_action = QtGui.QAction("Save presenter &preset…", window)
        self.save_preset_action.triggered.connect(self.save_preset_dialog)
        self.recall_menu = QtWidgets.QMenu("&Recall preset", window)
        self.recall_menu.aboutToShow.connect(self._fill_recall_menu)
        tour.sceneChanged.connect(self._size_dock)
        tour.panel.guessed.connect(lambda *_: self._size_dock())
        if getattr(window, "lever", None) is not None:
            window.lever.pullsChanged.connect(lambda *_: self._show_next_step())
        menu = tour.menu
        menu.addSeparator()
        menu.addAction(self.enter_action)
        menu.addAction(self.save_preset_action)
        menu.addMenu(self.recall_menu)

    # --- entering and leaving --------------------------------------------------------------------
    def is_active(self) -> bool:
        return self._active

    def enter(self, full_screen: bool = True) -> None:
        """Full screen, projector theme, the tour's views; keys as a clicker sends them."""
        if self._active:
            return
        w = self.window
        self.tour.finish_animation()
        screen = layout.screen_of(w).geometry().size() if full_screen else w.size()
        self._screen = screen
        self._saved = {
            "state": w.windowState(),
            "geometry": w.saveGeometry(),
            "rect": w.geometry(),
            "theme": themes.current().name,
            "scale": themes.current().font_scale,
            "views": w.views.save_state() if hasattr(w, "views") else None,
            "menubar_hidden": w.menuBar().isHidden(),
            "statusbar_hidden": w.statusBar().isHidden(),
            "tour_active": self.tour.is_active(),
            "dock_title": self.tour.dock.titleBarWidget(),
            "main_state": w.saveState(),
            "horizontal": self.tour.panel.is_horizontal(),
        }
        self._active = True
        # Not window.set_theme: the user's preference is unchanged.  Type for this screen.
        themes.set_theme("projector", scale=layout.projector_scale(screen))
        w.menuBar().hide()
        w.statusBar().hide()
        # The scene's text in a column of one width beside the views, the full screen's height.
        dock = self.tour.dock
        dock.setTitleBarWidget(QtWidgets.QWidget())
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tour.panel.set_horizontal(False)
        strip.set_scrolling(self.tour.panel, False)
        self.tour.panel.leave_button.hide()  # Esc leaves; the column keeps its width for the text
        self._plot_min = self.tour.panel.plot.minimumHeight()
        self.tour.panel.plot.setMinimumHeight(min(self._plot_min, 120))
        self._strip_w = strip.strip_width(screen)
        dock.setFixedWidth(self._strip_w)
        if hasattr(w, "views"):  # narrow screens: the plots above, the controls under them
            w.views.set_stacking(QtCore.QSize(screen.width() - self._strip_w - 8, screen.height()))
        # A rehearsal's guesses would give the answers away: cleared, and the panel says so
        # (with "Keep my earlier guesses"; Tour ▸ Keep earlier guesses turns this off).
        self.tour.clear_guesses("Presenter mode")
        if not self.tour.is_active():
            self.tour.resume()
        self._size_dock()
        QtWidgets.QApplication.instance().installEventFilter(self)
        if full_screen:
            w.showFullScreen()
        self.cursor_timer.start()
        self.entered.emit()

    def _size_dock(self, *_: Any) -> None:
        """The strip's one height for this screen, its text sized to fit it."""
        if self._active:
            height = self._screen.height() if self.window.isFullScreen() else self.window.height()
            strip.fit_text(self.tour.panel, self._strip_w - 8, height - 4)
            self._show_next_step()

    def _show_next_step(self) -> None:
        """What the next forward key does, on the strip's Next button (one thing at a time)."""
        if self._active and self.tour.is_active():
            what, label = self.talk.next_step()
            b = self.tour.panel.next_button
            b.setText(label)
            b.setEnabled(label != "The end")
            b.setToolTip(f"Page Down, → or Space: {what}")

    def leave(self) -> None:
        """Back to the window exactly as it was: state, geometry, theme, shown views."""
        if not self._active:
            return
        self._active = False
        w = self.window
        QtWidgets.QApplication.instance().removeEventFilter(self)
        self.cursor_timer.stop()
        self._show_cursor()
        self._clear_jump()
        for overlay in (self.blank, self.help, self.spotlight):
            overlay.hide()
        self._spotlight_latched = False
        s = self._saved
        self.tour.finish_animation()
        if not s["tour_active"]:
            self.tour.leave()
        self.tour.dock.setTitleBarWidget(s["dock_title"])
        self.tour.dock.setMinimumWidth(380)
        self.tour.dock.setMaximumWidth(16777215)
        self.tour.panel.set_horizontal(s["horizontal"])
        strip.set_scrolling(self.tour.panel, True)
        self.tour.panel.leave_button.show()
        self.tour.panel.plot.setMinimumHeight(self._plot_min)
        self.tour.panel.next_button.setText("Next ▶")
        self.tour.panel.next_button.setToolTip("Next scene (Page Down in presenter mode)")
        if hasattr(w, "views"):
            w.views.set_stacking(None)
        w.restoreState(s["main_state"])
        themes.set_theme(s["theme"], scale=s["scale"] if s["theme"] == "projector" else None)
        self.tour.panel.set_text_scale(None)
        self.tour.panel.schedule_fit()  # the window's own size again
        w.menuBar().setHidden(s["menubar_hidden"])
        w.statusBar().setHidden(s["statusbar_hidden"])
        w.setWindowState(s["state"])
        if not s["state"] & (Qt.WindowState.WindowFullScreen | Qt.WindowState.WindowMaximized):
            w.restoreGeometry(s["geometry"])
            w.setGeometry(s["rect"])  # exactly: restoreGeometry may clamp to a small screen
        if s.get("views") is not None and s["tour_active"] is False:
            w.views.restore_state(s["views"])
        elif s.get("views") is not None:
            QtCore.QTimer.singleShot(0, self.tour._distribute_if_touring)
        self.left.emit()

    # --- overlays --------------------------------------------------------------------------------
    def is_blank(self) -> bool:
        return self.blank.isVisible()

    def toggle_blank(self) -> None:
        if self.blank.isVisible():
            self.unblank()
        else:
            self.blank.show()
            self.blank.raise_()

    def unblank(self) -> None:
        self.blank.hide()

    def help_visible(self) -> bool:
        return self.help.isVisible()

    def spotlight_visible(self) -> bool:
        return self.spotlight.isVisible()

    def set_spotlight(self, on: bool) -> None:
        if on:
            self.spotlight.move_to(QtGui.QCursor.pos())
            self.spotlight.show()
        else:
            self.spotlight.hide()

    def cursor_hidden(self) -> bool:
        return self._cursor_hidden

    def _hide_cursor(self) -> None:
        if self._active and not self._cursor_hidden:
            QtWidgets.QApplication.setOverrideCursor(QtGui.QCursor(Qt.CursorShape.BlankCursor))
            self._cursor_hidden = True

    def _show_cursor(self) -> None:
        if self._cursor_hidden:
            QtWidgets.QApplication.restoreOverrideCursor()
            self._cursor_hidden = False

    def pointer_moved(self, global_pos: QtCore.QPoint | None = None) -> None:
        """The mouse moved: show the cursor, restart the idle clock, move the spotlight."""
        self._show_cursor()
        self.cursor_timer.start()
        if self.spotlight.isVisible():
            self.spotlight.move_to(global_pos if global_pos is not None else QtGui.QCursor.pos())

    # --- keys ------------------------------------------------------------------------------------
    def _clear_jump(self) -> None:
        self._jump = ""
        self._going = False
        self.jump_timer.stop()
        self.jump_label.hide()

    def handle_key(self, event: QtGui.QKeyEvent) -> bool:
        """Act on one key press while presenting; True if it was a presenter key."""
        key = event.key()
        if key in (Key.Key_Shift, Key.Key_Alt, Key.Key_Meta, Key.Key_AltGr):
            return False
        if key == Key.Key_Control:
            if not event.isAutoRepeat():
                self.set_spotlight(True)
            return True
        if self.blank.isVisible():  # any key comes back from a blank screen
            self.unblank()
            return True
        if self.help.isVisible():
            self.help.hide()
            return True
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Key.Key_G and not ctrl:
            self._going = True
            self.jump_label.show_text("Go to scene … (type its number, then Enter)")
            self.jump_timer.start()
            return True
        if key in DIGIT_KEYS and not ctrl and self._going:
            self._jump = (self._jump + str(DIGIT_KEYS[key]))[-3:]
            self.jump_label.show_text(f"Go to scene {self._jump} ⏎")
            self.jump_timer.start()
            return True
        if key in CHOICE_KEYS and not ctrl:
            self.talk.adapter.choose(CHOICE_KEYS[key])
            self._show_next_step()
            return True
        if key in REVEAL_KEYS and not self._jump:
            self._clear_jump()
            self.talk.adapter.reveal()
            self._show_next_step()
            return True
        if key in (Key.Key_Return, Key.Key_Enter):
            if self._jump:
                number = int(self._jump)
                self._clear_jump()
                if 1 <= number <= len(self.tour.scenes):
                    self.tour.go(number)
                else:
                    self.jump_label.show_text(f"No scene {number}: 1 to {len(self.tour.scenes)}")
                    self.jump_timer.start()
            return True
        if key == Key.Key_Backspace and self._jump:
            self._jump = self._jump[:-1]
            self.jump_label.show_text(f"Go to scene {self._jump} ⏎") if self._jump else self._clear_jump()
            return True
        if key in NEXT_KEYS:
            self.talk.forward()
            self._show_next_step()
        elif key in BACK_KEYS:
            self.talk.backward()
            self._show_next_step()
        elif key in BLANK_KEYS:
            self.toggle_blank()
        elif key == Key.Key_Question or (
            key == Key.Key_Slash and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.help.show()
        elif key == Key.Key_L:
            self._spotlight_latched = not self._spotlight_latched
            self.set_spotlight(self._spotlight_latched)
        elif key == Key.Key_Escape:
            self.leave()
        elif key == Key.Key_F5:
            pass  # already presenting
        else:
            return False
        return True

    def _ours(self, obj: QtCore.QObject) -> bool:
        return isinstance(obj, QtWidgets.QWidget) and obj.window() is self.window

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if kind not in _FILTERED or not self._active:
            return False
        if kind == QtCore.QEvent.Type.KeyPress and self._ours(obj):
            focus = QtWidgets.QApplication.focusWidget()
            if isinstance(focus, TEXT_EDITORS):
                return False  # typing a value: keys belong to the field
            return self.handle_key(event)
        if kind == QtCore.QEvent.Type.KeyRelease and self._ours(obj):
            if event.key() == Key.Key_Control and not event.isAutoRepeat() and not self._spotlight_latched:
                self.set_spotlight(False)
            return False
        if kind in (QtCore.QEvent.Type.MouseMove, QtCore.QEvent.Type.HoverMove):
            if self._ours(obj) or obj is self.window.windowHandle():
                self.pointer_moved(QtGui.QCursor.pos())
            return False
        if kind == QtCore.QEvent.Type.Resize and obj is self.window:
            for overlay in (self.blank, self.help, self.spotlight):
                overlay.cover()
            QtCore.QTimer.singleShot(0, self._size_dock)  # full screen arrived: refit the strip
        if kind in (QtCore.QEvent.Type.ZOrderChange, QtCore.QEvent.Type.Show) and obj is not self.blank:
            self.blank.keep_on_top()
        return False

    # --- presets ---------------------------------------------------------------------------------
    def save_preset(self, name: str) -> None:
        self.tour.finish_animation()
        self.presets.save(name, self.window.scenario.state, self.tour.shown_views())

    def recall_preset(self, name: str) -> None:
        """Apply a preset: its scenario (gliding, one undo step) and the views it shows."""
        state, views = self.presets.load(name)
        state = replace_hardware_laws(state, self.window.scenario.state)
        self.tour.show_views(views)
        self.tour.glide_to(state)

    def save_preset_dialog(self) -> None:
        name, ok = QtWidgets.QInputDialog.getText(
            self.window, "Save presenter preset", "Name (the scenario and the views shown):"
        )
        if ok:
            try:
                self.save_preset(name)
            except ValueError as err:
                self.window.statusBar().showMessage(str(err), 8000)

    def _fill_recall_menu(self) -> None:
        self.recall_menu.clear()
        names = self.presets.names()
        if not names:
            self.recall_menu.addAction("(no presets saved yet)").setEnabled(False)
        for name in names:
            self.recall_menu.addAction(name, lambda n=name: self._recall_safely(n))

    def _recall_safely(self, name: str) -> None:
        try:
            self.recall_preset(name)
        except ValueError as err:
            self.window.statusBar().showMessage(str(err), 8000)


def install_presenter(window: Any, tour: TourController | None = None) -> PresenterMode:
    """Attach presenter mode (F5) to a window (once: a second call returns the same one)."""
    existing = getattr(window, "_scalingdesk_presenter", None)
    if existing is not None:
        return existing
    mode = PresenterMode(window, tour or install_tour(window))
    window._scalingdesk_presenter = mode
    return mode


def prepare_presenter_shot(window: Any, *, scene: int | None, presenter: bool) -> None:
    """For ``scalingdesk screenshot --presenter --scene N``: the scene as the audience sees it,
    laid out at the window's current size (no full screen needed offscreen)."""
    tour = install_tour(window)
    mode = install_presenter(window, tour)
    if scene is not None and not 1 <= scene <= len(tour.scenes):
        raise ValueError(f"--scene {scene}: the tour has scenes 1 to {len(tour.scenes)}")
    if presenter:
        mode.enter(full_screen=False)
    if scene is not None:
        tour.go(scene)
    elif not tour.is_active():
        tour.start()
    tour.finish_animation()
    mode.cursor_timer.stop()
    QtWidgets.QApplication.processEvents()
    window.layout().activate()  # lay out at the window's size before it is ever shown
    tour._distribute()  # once the dock has taken its room
    QtWidgets.QApplication.processEvents()
