"""The lever widget: state, keys, buttons and the animation clock (painting is elsewhere).

A giant lever drives a machine; every pull spends 10x more compute than the last and the machine's
output gauge (loss) falls by less each time, closing in on the irreducible floor E.  Under it each
pull's effort (linear scale) faces its gain.  The dashed ghost is the naive guess of the loss plot
(:func:`scalingdesk.core.views.naive_line`).

All numbers come from :func:`scalingdesk.core.lever.lever_view`; this package only draws them.
The logical state (pull count, shown gains, caption) changes at once on ``pull()``; the drawing
eases toward it with one ``QVariantAnimation``.  Inside the window the lever is the C knob's
twin: a pull asks for 10x the compute (``computeRequested``) and :meth:`follow_compute` moves
the lever when C moves.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt

from scalingdesk.core import lever_checks
from scalingdesk.core.laws import DEFAULT_FAMILY, ScalingLaw, get_law
from scalingdesk.core.lever import (
    LeverView,
    caption_for,
    describe,
    gain_label,
    pulls_for,
)
from scalingdesk.qt import theme as theme_mod
from scalingdesk.qt.binding import observe
from scalingdesk.qt.lever.motion import _View, rest_view, view_at
from scalingdesk.qt.lever.painter import Renderer
from scalingdesk.qt.lever.scene import _Scene
from scalingdesk.qt.theme import Theme

#: Default start of the lever: 1e21 FLOP, roughly a 1B-parameter compute-optimal run.
DEFAULT_START_COMPUTE = 1e21
DEFAULT_MAX_PULLS = 5
#: Keys the lever answers (also from the window while it is visible, see keys.py).
PULL_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Down)
BACK_KEYS = (Qt.Key.Key_Backspace, Qt.Key.Key_Up)
KEY_HINT = "Space or ↓ pull · ↑ back · R reset · P play"


class LeverWidget(QtWidgets.QWidget):
    """The lever and the machine: each pull spends 10x more compute and buys less loss.

    Drive it with :meth:`set_scenario` (the law family and the start compute); the pulls are
    Space (pull), Backspace (step back), R (reset) and P (play/pause) while it has focus.
    """

    #: Emitted with the new pull count whenever it changes.
    pullsChanged = QtCore.Signal(int)
    #: Emitted when auto-play starts or stops.
    playingChanged = QtCore.Signal(bool)
    #: Emitted with the compute the lever now stands for, when the learner moved it (pull,
    #: step back, reset, play); not when :meth:`follow_compute` moved it.
    computeRequested = QtCore.Signal(float)

    #: Pause between two auto-pulls, after the pull's animation: time for a presenter to talk.
    play_hold_ms = 1600
    #: Duration of the first pull; each later pull takes longer (it is harder work).
    pull_base_ms = 900
    pull_extra_ms = 300
    settle_ms = 380

    def __init__(
        self,
        law: ScalingLaw | None = None,
        start_compute: float = DEFAULT_START_COMPUTE,
        *,
        max_pulls: int = DEFAULT_MAX_PULLS,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._check_max(max_pulls)
        self._max_pulls = int(max_pulls)
        self._law: ScalingLaw = law if law is not None else get_law(DEFAULT_FAMILY)
        self._start = self._check_start(start_compute)
        self._hardware: Any = None
        self._following = False
        self._steps = self._compute_steps(self._law, self._start, self._max_pulls, self._hardware)
        self._pulls = 0
        self._playing = False
        # Animation state: the drawing eases from ``_from`` pulls to ``_to`` pulls.
        self._from = 0
        self._to = 0
        self._t = 1.0
        self._throw = False
        self._theme: Theme = theme_mod.current()
        self._renderer = Renderer()
        self._caption_text = QtGui.QStaticText()

        self._anim = QtCore.QVariantAnimation(self)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.valueChanged.connect(self._on_tick)
        self._anim.finished.connect(self._on_anim_finished)
        self._play_timer = QtCore.QTimer(self)
        self._play_timer.setSingleShot(True)
        self._play_timer.timeout.connect(self._auto_pull)

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Diminishing returns: the lever and the machine")
        self._scene = _Scene(self)
        self._build_buttons()
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        lay.addWidget(self._scene, 1)
        lay.addLayout(self._button_row)

        # Held weakly, so the theme never keeps a dropped widget alive; ends when it is destroyed.
        observe(self, theme_mod.model(), self._on_theme)
        self._apply_theme(self._theme)
        self._refresh_words()

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(640, 460)

    # --- public API ----------------------------------------------------------------------------

    @property
    def max_pulls(self) -> int:
        return self._max_pulls

    @max_pulls.setter
    def max_pulls(self, value: int) -> None:
        self._check_max(value)
        self._max_pulls = int(value)
        self._steps = self._compute_steps(self._law, self._start, self._max_pulls, self._hardware)
        if self._pulls > self._max_pulls:
            self._pulls = self._max_pulls
            self.pullsChanged.emit(self._pulls)
        self._snap()
        self._changed(relayout=True)

    @property
    def law(self) -> ScalingLaw:
        return self._law

    @property
    def start_compute(self) -> float:
        return self._start

    def steps(self) -> LeverView:
        """The core's view-model the scene is drawing (pulls, efforts, gains, costs)."""
        return self._steps

    def set_scenario(self, law: ScalingLaw, start_compute: float) -> None:
        """Use another law family and/or start compute; keeps the pull count."""
        start = self._check_start(start_compute)
        steps = self._compute_steps(law, start, self._max_pulls, self._hardware)
        self._law, self._start, self._steps = law, start, steps
        self._changed(relayout=True, scenario_only=True)

    def compute(self) -> float:
        """The compute of the run the lever stands at: start · 10^pulls."""
        return float(self._steps.compute[self._pulls])

    def follow_compute(self, law: ScalingLaw, compute: float, hardware: Any = None) -> None:
        """The C knob moved (or the law, or the hardware settings): if C is start · 10^k the
        lever goes to pull k (animated); otherwise it starts again from C with no pulls."""
        c = self._check_start(compute)
        k = pulls_for(self._start, c, self._max_pulls)
        if k is None:
            self.pause()
            start, k = c, 0
        else:
            start = self._start
        if (law, start, hardware) != (self._law, self._start, self._hardware):
            steps = self._compute_steps(law, start, self._max_pulls, hardware)
            self._law, self._start, self._hardware, self._steps = law, start, hardware, steps
            if k != self._pulls:
                self._snap()
            self._changed(relayout=True, scenario_only=True)
        if k != self._pulls:
            self._following = True
            try:
                self._go_to(k, throw=k == self._pulls + 1)
            finally:
                self._following = False

    def finish_animation(self) -> None:
        """Jump the drawing to the logical state (screenshots, tests)."""
        self._snap()
        self._scene.update()

    def effort_bar_widths(self) -> list[float]:
        """Pixel widths of the effort bars as drawn at rest (linear scale), one per pull made."""
        r = self._renderer
        fractions = self._steps.effort_fractions(self._pulls)
        return [r.effort_rect(i, f).width() for i, f in enumerate(fractions)]

    def shown_efforts(self) -> list[float]:
        """Each pull's effort (compute of its run, in pull 1's runs) as labelled: 1, 10, 100…"""
        return [r.effort for r in self._steps.rows[: self._pulls]]

    def effort_texts(self) -> list[str]:
        return [r.effort_text for r in self._steps.rows[: self._pulls]]

    def pulls(self) -> int:
        return self._pulls

    def pull(self) -> bool:
        """Spend 10x more compute. Returns False (and does nothing) at ``max_pulls``."""
        if self._pulls >= self._max_pulls:
            return False
        self._go_to(self._pulls + 1, throw=True)
        return True

    def step_back(self) -> bool:
        """Undo the last pull. Returns False at the start."""
        if self._pulls <= 0:
            return False
        self._go_to(self._pulls - 1, throw=False)
        return True

    def reset(self) -> None:
        """Back to the start (0 pulls); stops auto-play."""
        self.pause()
        self._go_to(0, throw=False)

    def play(self) -> None:
        """Auto-pull at a presenter's pace until ``max_pulls`` (from the start if already there)."""
        if self._playing:
            return
        if self._pulls >= self._max_pulls:
            self._go_to(0, throw=False)
        self._set_playing(True)
        if not self.animation_running():
            self._auto_pull()

    def pause(self) -> None:
        self._play_timer.stop()
        self._set_playing(False)

    def is_playing(self) -> bool:
        return self._playing

    def animation_running(self) -> bool:
        """Whether the animation clock or the auto-play timer is ticking."""
        running = self._anim.state() == QtCore.QAbstractAnimation.State.Running
        return running or self._play_timer.isActive()

    def shown_gains(self) -> list[float]:
        """The loss drop of every pull made so far, exactly as the bars and labels show it."""
        return [float(d) for d in self._steps.drops[: self._pulls]]

    def gain_labels(self) -> list[str]:
        """The bar labels as drawn, one per pull made: "+10x compute → −0.164 loss"."""
        return [gain_label(d) for d in self.shown_gains()]

    def caption(self) -> str:
        return caption_for(self._steps, self._pulls)

    def accessible_description(self) -> str:
        return describe(self._steps, self._pulls)

    def render_to_image(self, width: int, height: int, device_pixel_ratio: float = 1.0) -> QtGui.QImage:
        """The scene at the current state, animations finished (works without showing)."""
        if width <= 0 or height <= 0:
            raise ValueError(f"image size {width}x{height} must be positive")
        img = QtGui.QImage(
            int(width * device_pixel_ratio),
            int(height * device_pixel_ratio),
            QtGui.QImage.Format.Format_ARGB32_Premultiplied,
        )
        img.setDevicePixelRatio(device_pixel_ratio)
        img.fill(self._theme.color("background"))
        r = Renderer()
        r.layout(width, height, self._theme, self._steps)
        caption = self._make_caption(r)
        p = QtGui.QPainter(img)
        r.paint_static(p)
        r.paint_dynamic(p, self._rest_view(self._pulls), caption)
        p.end()
        return img

    # --- keyboard --------------------------------------------------------------------------

    def handle_key(self, event: QtGui.QKeyEvent) -> bool:
        """Act on a lever key (Space/↓ pull, ⌫/↑ back, R reset, P play); True if it was one."""
        key = event.key()
        chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
        if event.modifiers() & chord:  # Ctrl+R and friends belong to the application
            return False
        if key in PULL_KEYS:
            self.pull()
        elif key in BACK_KEYS:
            self.step_back()
        elif key == Qt.Key.Key_R:
            self.reset()
        elif key == Qt.Key.Key_P:
            self.pause() if self._playing else self.play()
        else:
            return False
        return True

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if self.handle_key(event):
            event.accept()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusInEvent(event)
        self._scene.update()

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._scene.update()

    # --- visibility: no clock runs while hidden ----------------------------------------------

    def hideEvent(self, event: QtGui.QHideEvent) -> None:
        super().hideEvent(event)
        if self._anim.state() == QtCore.QAbstractAnimation.State.Running:
            self._anim.pause()
        if self._play_timer.isActive():
            self._play_timer.stop()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if self._anim.state() == QtCore.QAbstractAnimation.State.Paused:
            self._anim.resume()
        elif self._playing and not self._play_timer.isActive():
            self._play_timer.start(self.settle_ms)  # play resumes where it was

    # --- internals ---------------------------------------------------------------------------

    # The checks live in the core (scalingdesk.core.lever_checks); the widget only calls them.
    _check_max = staticmethod(lever_checks.check_max_pulls)
    _check_start = staticmethod(lever_checks.check_start_compute)
    _compute_steps = staticmethod(lever_checks.checked_lever_view)

    def _build_buttons(self) -> None:
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(8, 0, 8, 6)
        row.setSpacing(6)

        def button(text: str, name: str, tip: str, slot) -> QtWidgets.QPushButton:
            b = QtWidgets.QPushButton(text, self)
            b.setObjectName(name)
            b.setAccessibleName(tip.split(" (")[0])
            b.setToolTip(tip)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the widget, never to a button
            b.clicked.connect(slot)
            row.addWidget(b)
            return b

        self.pull_button = button("Pull", "leverPull", "Pull the lever: spend 10x more compute (Space or ↓)", self.pull)
        self.back_button = button("Step back", "leverBack", "Undo the last pull (Backspace or ↑)", self.step_back)
        self.reset_button = button("Reset", "leverReset", "Back to the start (R)", self.reset)
        self.play_button = button("Play", "leverPlay", "Auto-pull at a presenter's pace (P)", self._toggle_play)
        row.addStretch(1)
        self._hint = QtWidgets.QLabel(KEY_HINT, self)
        self._hint.setAccessibleName("Keyboard shortcuts")
        row.addWidget(self._hint)
        self._button_row = row

    def _toggle_play(self) -> None:
        self.pause() if self._playing else self.play()

    def _set_playing(self, playing: bool) -> None:
        if playing == self._playing:
            return
        self._playing = playing
        self.play_button.setText("Pause" if playing else "Play")
        self.play_button.setAccessibleName("Pause auto-pull" if playing else "Auto-pull")
        self.playingChanged.emit(playing)

    def _auto_pull(self) -> None:
        if not self._playing:
            return
        if not self.pull():
            self._set_playing(False)

    def _go_to(self, target: int, *, throw: bool) -> None:
        self._snap()  # a new move starts from where the last one was heading
        previous = self._pulls
        self._pulls = target
        self._from, self._to, self._throw = previous, target, throw
        if previous != target:
            self.pullsChanged.emit(target)
            if not self._following:
                self.computeRequested.emit(self.compute())
        self._refresh_words()
        self._update_buttons()
        if previous == target or not self.isVisible():
            self._snap()
            self._scene.update()
            if self._playing and self.isVisible():
                self._schedule_next()
            return
        if throw:
            duration = self.pull_base_ms + self.pull_extra_ms * (target - 1)
        else:
            duration = self.settle_ms if abs(target - previous) == 1 else int(self.settle_ms * 1.6)
        self._t = 0.0
        self._anim.stop()
        self._anim.setDuration(int(duration))
        self._anim.start()

    def _snap(self) -> None:
        """Finish the running animation at once (the drawing jumps to the logical state)."""
        if self._anim.state() != QtCore.QAbstractAnimation.State.Stopped:
            self._anim.stop()
        self._from = self._to = self._pulls
        self._t = 1.0
        self._throw = False

    def _on_tick(self, value: object) -> None:
        self._t = float(value)  # type: ignore[arg-type]
        self._scene.update()

    def _on_anim_finished(self) -> None:
        self._snap()
        self._scene.update()
        if self._playing:
            self._schedule_next()

    def _schedule_next(self) -> None:
        if self._pulls >= self._max_pulls:
            self._set_playing(False)
            return
        self._play_timer.start(self.play_hold_ms if self._pulls > 0 else self.settle_ms)

    def _rest_view(self, pulls: int) -> _View:
        return rest_view(pulls)

    def _view(self) -> _View:
        duration_s = (self.pull_base_ms + self.pull_extra_ms * max(self._to - 1, 0)) / 1000.0
        if self._from == self._to or self._t >= 1.0:
            return rest_view(self._pulls)
        return view_at(self._from, self._to, self._t, self._throw, self._max_pulls, duration_s)

    def _make_caption(self, r: Renderer) -> QtGui.QStaticText:
        t = self._theme
        text = self.caption()
        head, sep, rest = text.partition(":")
        if sep:
            html = f'<span style="color:{t.accent}; font-weight:600">{escape(head)}:</span>{escape(rest)}'
        else:
            html = escape(text)
        st = QtGui.QStaticText(html)
        st.setTextFormat(Qt.TextFormat.RichText)
        st.setTextWidth(max(10.0, r.caption_rect.width()))
        # Shrink the type a little if a long caption would need a third line.
        font = QtGui.QFont(r.f_caption)
        while True:
            st.prepare(QtGui.QTransform(), font)
            if st.size().height() <= r.caption_rect.height() + 1 or font.pixelSize() <= r.fs * 0.8:
                break
            font.setPixelSize(font.pixelSize() - 1)
        r.f_caption_now = font
        return st

    def _refresh_words(self) -> None:
        desc = self.accessible_description()
        self.setAccessibleDescription(desc)
        self._scene.setAccessibleDescription(desc)
        if QtGui.QAccessible.isActive():  # tell a running screen reader the scene changed
            event = QtGui.QAccessibleEvent(self._scene, QtGui.QAccessible.Event.DescriptionChanged)
            QtGui.QAccessible.updateAccessibility(event)
        if self._renderer.steps is not None:
            self._caption_text = self._make_caption(self._renderer)
            self._scene.invalidate_caption()

    def _update_buttons(self) -> None:
        self.pull_button.setEnabled(self._pulls < self._max_pulls)
        self.back_button.setEnabled(self._pulls > 0)
        self.reset_button.setEnabled(self._pulls > 0 or self._playing)

    def _changed(self, *, relayout: bool, scenario_only: bool = False) -> None:
        if relayout:
            self._relayout(scenario_only=scenario_only)
        self._refresh_words()
        self._update_buttons()
        self._scene.update()

    def _relayout(self, *, scenario_only: bool = False) -> None:
        """Recompute geometry (on resize, theme, scenario change; never per frame)."""
        s = self._scene.size()
        w, h = max(s.width(), 1), max(s.height(), 1)
        self._renderer.layout(w, h, self._theme, self._steps)
        self._caption_text = self._make_caption(self._renderer)
        if scenario_only:
            self._scene.invalidate_scenario()
        else:
            self._scene.invalidate()
        hint = getattr(self, "_hint", None)  # the scene can resize before the buttons exist
        if hint is not None:
            hint.setVisible(self.width() >= hint.sizeHint().width() * 1.1 + self._buttons_width())

    def _buttons_width(self) -> int:
        return sum(
            b.sizeHint().width() + 6 for b in (self.pull_button, self.back_button, self.reset_button, self.play_button)
        )

    def _on_theme(self, theme: Theme) -> None:
        self._apply_theme(theme)

    def _apply_theme(self, t: Theme) -> None:
        self._theme = t
        pal = self.palette()
        pal.setColor(QtGui.QPalette.ColorRole.Window, t.color("background"))
        self.setPalette(pal)
        self.setAutoFillBackground(True)
        px = round(13 * t.font_scale)
        bw = max(1, round(t.line_width / 2))
        self.setStyleSheet(
            f"""
            QPushButton {{ background: {t.panel}; color: {t.foreground}; border: {bw}px solid {t.grid};
                          border-radius: 6px; padding: {round(px * 0.3)}px {round(px * 0.9)}px;
                          font-size: {px}px; }}
            QPushButton:hover {{ border-color: {t.accent}; }}
            QPushButton:pressed {{ background: {t.grid}; }}
            QPushButton:disabled {{ color: {t.ghost}; border-color: {t.grid}; }}
            QPushButton#leverPull {{ background: {t.accent}; color: {t.background};
                                     border-color: {t.accent}; font-weight: 600; }}
            QPushButton#leverPull:disabled {{ background: {t.panel}; color: {t.ghost};
                                              border-color: {t.grid}; }}
            QLabel {{ color: {t.muted}; font-size: {round(px * 0.9)}px; }}
            """
        )
        self._relayout()
