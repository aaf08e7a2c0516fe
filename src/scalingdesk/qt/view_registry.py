"""The window's views by name, and how they are arranged on the screen the window has.

A :class:`ViewRegistry` lives on the window (``window.views``).  It maps the view names of
:data:`scalingdesk.core.tour.VIEWS` (controls, loss, isoflop, plane, lever, hardware) to their
widgets and whether each is shown, and it is the one place that shows, hides or focuses them:
the View menu, the tour and presenter mode ask it instead of reaching into splitters and tabs.

Two arrangements, chosen from the window's width and the panels' minimum widths:

- **wide**: controls | plots | lever and hardware (tabs);
- **narrow**: controls, lever and hardware as tabs of one drawer on the left | plots.

The plots keep the rest of the width in both; no splitter can collapse a view to nothing.

- **stacked** (presenter mode on a narrow screen, see :meth:`ViewRegistry.set_stacking`): the
  plots above, the controls, compact, under them, so the plot a scene is about gets the width.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6 import QtCore, QtWidgets

from scalingdesk.core.tour import VIEWS
from scalingdesk.qt import compact_controls, tab_overflow
from scalingdesk.qt import theme as themes
from scalingdesk.qt.binding import observe

Qt = QtCore.Qt

PLOTS = ("loss", "isoflop", "plane")
#: Views that live in the side tabs (or the drawer when narrow), in tab order.
SIDE = ("lever", "hardware", "timeline", "test-time", "reconcile")
PANELS = ("controls",) + SIDE
LABELS = {
    "controls": "Controls",
    "loss": "Loss against compute",
    "isoflop": "IsoFLOP valley",
    "plane": "N–D map",
    "lever": "Diminishing returns (lever)",
    "hardware": "Hardware",
    "timeline": "Timeline of notable models",
    "test-time": "Test-time compute",
    "reconcile": "Kaplan vs Chinchilla",
}
TAB_TITLES = {
    "controls": "Controls",
    "lever": "Diminishing returns",
    "hardware": "Hardware",
    "timeline": "Timeline",
    "test-time": "Test-time compute",
    "reconcile": "Kaplan vs Chinchilla",
}
#: The plots' share of the width the wide arrangement must leave them (else: narrow).
PLOT_SHARE = 0.5
#: Stacking (plots above, controls below) when the plots beside the controls would get less
#: than this share of the width (presenter mode on 1024x768 and 1280x720 screens).
STACK_SHARE = 0.55
#: ... and only when the plots under the controls keep at least this share of the height.
STACK_MIN_HEIGHT = 0.4
#: ... and only when the plots under the controls keep at least this share of the height.
STACK_MIN_HEIGHT = 0.4


def _splitter(orientation: Qt.Orientation) -> QtWidgets.QSplitter:
    s = QtWidgets.QSplitter(orientation)
    s.setChildrenCollapsible(False)  # a drag can shrink a view to its minimum, never hide it
    return s


class _Tabs(QtWidgets.QTabWidget):
    """A tab widget that brings a view forward wherever the arrangement has put it (older
    callers ask ``window.side_tabs.setCurrentWidget(window.hardware)``)."""

    def __init__(self, registry: ViewRegistry, name: str) -> None:
        super().__init__(objectName=name)
        self._registry = registry
        self.setDocumentMode(True)
        self.currentChanged.connect(self._front_changed)
        self.overflow = tab_overflow.install(self)  # "All ▾" while the tabs do not fit

    def minimumSizeHint(self) -> QtCore.QSize:
        """As wide as the page in front needs (a plain tab widget takes its widest page's
        width, so the lever's width would cost the plots room behind the controls too)."""
        hint = super().minimumSizeHint()
        page = self.currentWidget()
        if page is None:
            return hint
        bar = self.tabBar().minimumSizeHint().width() if self.tabBar().isVisible() else 0
        # as tall as the front page needs too (the lever under the controls' band, scene 3)
        bar_h = self.tabBar().sizeHint().height() if self.tabBar().isVisible() else 0
        height = min(hint.height(), page.minimumSizeHint().height() + bar_h + 4)
        return QtCore.QSize(max(page.minimumSizeHint().width(), min(bar, 200)), height)

    def _front_changed(self, _index: int) -> None:
        self.updateGeometry()
        if hasattr(self._registry, "splitter") and self._registry.splitter.indexOf(self) >= 0 and not self.isHidden():
            self._registry.fit_panels()

    def setCurrentWidget(self, widget: QtWidgets.QWidget) -> None:
        if self.indexOf(widget) < 0:
            other = self._registry.left_tabs if self is self._registry.side_tabs else self._registry.side_tabs
            other.setCurrentWidget(widget)
        else:
            super().setCurrentWidget(widget)


class ViewRegistry(QtCore.QObject):
    """Named views, their visibility, and the arrangement that fits the window."""

    changed = QtCore.Signal()

    def __init__(self, window: QtWidgets.QMainWindow, widgets: dict[str, QtWidgets.QWidget | None]) -> None:
        super().__init__(window)
        self.window = window
        self.widgets: dict[str, QtWidgets.QWidget] = {n: w for n, w in widgets.items() if w is not None}
        self._on: dict[str, bool] = {n: True for n in self.widgets}
        self._focus_saved: dict[str, Any] | None = None
        self._prefer: str | None = None  # the view a show_only put in front (a tour scene's)
        self.mode = "wide"
        self.stacked: str | None = None  # "plots" or "lever" when stacked (see _arrange_stack)
        self._stack_room: QtCore.QSize | None = None  # set by presenter mode: beside the tour
        self._column_width = 0  # the controls' least width as a column (while they are a band)

        self.lower = _splitter(Qt.Orientation.Horizontal)
        self.lower.setObjectName("lowerPlots")
        self.lower.addWidget(self.widgets["isoflop"])
        self.lower.addWidget(self.widgets["plane"])
        self.plot_splitter = _splitter(Qt.Orientation.Vertical)
        self.plot_splitter.addWidget(self.widgets["loss"])
        self.plot_splitter.addWidget(self.lower)
        self.plot_splitter.setStretchFactor(0, 5)
        self.plot_splitter.setStretchFactor(1, 4)
        self.left_tabs = _Tabs(self, "leftTabs")
        self.left_tabs.setAccessibleName("Controls, lever and hardware")
        self.side_tabs = _Tabs(self, "sideTabs")
        self.side_tabs.setAccessibleName("Lever and hardware")
        self.left_tabs.addTab(self.widgets["controls"], TAB_TITLES["controls"])
        for name in SIDE:
            if name in self.widgets:
                self.side_tabs.addTab(self.widgets[name], TAB_TITLES[name])
        self.splitter = _splitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.left_tabs)
        self.splitter.addWidget(self.plot_splitter)
        self.splitter.addWidget(self.side_tabs)
        for i, stretch in enumerate((0, 1, 0)):
            self.splitter.setStretchFactor(i, stretch)
        self.splitter.installEventFilter(self)
        self._stack_timer = QtCore.QTimer(self, singleShot=True, interval=0)
        self._stack_timer.timeout.connect(lambda: self.stacked and self._distribute_stacked())
        self.widgets["controls"].installEventFilter(self)
        if getattr(window, "scenario", None) is not None:  # a readout's text, so its height, changed
            observe(self, window.scenario, self._scenario_changed)
        self._apply()

    def _scenario_changed(self, *_: Any) -> None:
        if self.stacked:
            self._stack_timer.start()

    # --- queries -------------------------------------------------------------------------------
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in VIEWS if n in self.widgets)

    def widget(self, name: str) -> QtWidgets.QWidget:
        self._check((name,))
        return self.widgets[name]

    def is_shown(self, name: str) -> bool:
        """Whether the view is part of the layout (a panel may be a tab behind another)."""
        self._check((name,))
        return self._on[name]

    def shown(self) -> tuple[str, ...]:
        return tuple(n for n in self.names() if self._on[n])

    def focused(self) -> str | None:
        """The one view shown full size by :meth:`focus`, if any."""
        return self.shown()[0] if self._focus_saved is not None and len(self.shown()) == 1 else None

    def _tabs_of(self, name: str) -> QtWidgets.QTabWidget | None:
        w = self.widgets.get(name)
        for tabs in (self.left_tabs, self.side_tabs):
            if w is not None and tabs.indexOf(w) >= 0:
                return tabs
        return None

    def is_visible_now(self, name: str) -> bool:
        """Shown and on screen (not a tab behind another)."""
        w = self.widgets.get(name)
        return w is not None and self._on[name] and w.isVisibleTo(self.window)

    # --- changes -------------------------------------------------------------------------------
    def _check(self, names: Iterable[str]) -> None:
        bad = [n for n in names if n not in self.widgets]
        if bad:
            raise ValueError(f"unknown view(s) {', '.join(map(repr, bad))}; choose from {', '.join(self.names())}")

    def set_shown(self, name: str, on: bool) -> None:
        """Show or hide one view; hiding the last one is refused (the window is never empty)."""
        self._check((name,))
        if not on and self.shown() == (name,):
            raise ValueError(f"{LABELS[name]} is the only view shown; show another before hiding it")
        self._on[name] = bool(on)
        self._focus_saved = None
        self._prefer = None
        self._apply()
        if on:
            self.bring_forward(name)

    def show_only(self, names: Iterable[str], *, prefer: str | None = None) -> None:
        names = tuple(names)
        self._check(names)
        if not names:
            raise ValueError("show at least one view")
        for n in self._on:
            self._on[n] = n in names
        self._prefer = prefer if prefer in names else None
        self._apply()
        if prefer in names:
            self.bring_forward(prefer)
        self.distribute()

    def show_all(self) -> None:
        self.show_only(self.names())
        self._focus_saved = None
        self._prefer = None

    def focus(self, name: str) -> None:
        """One view full size (teaching one idea); :meth:`unfocus` puts the others back."""
        self._check((name,))
        saved = self._focus_saved or self.save_state()
        self.show_only((name,))
        self._focus_saved = saved
        self.changed.emit()

    def unfocus(self) -> None:
        saved, self._focus_saved = self._focus_saved, None
        if saved is not None:
            self.restore_state(saved)

    def reset(self) -> None:
        """Every view, each at its natural size, the plots taking the rest."""
        self._focus_saved = None
        self.show_only(self.names(), prefer="lever")
        self._prefer = None
        self.plot_splitter.setSizes([5000, 4000])
        self.lower.setSizes([5000, 5000])
        self.distribute()

    def bring_forward(self, name: str) -> None:
        tabs = self._tabs_of(name)
        if tabs is not None:
            tabs.setCurrentWidget(self.widgets[name])

    # --- arrangement ---------------------------------------------------------------------------
    def _need(self, names: Iterable[str]) -> int:
        return max([self._min_width(n) for n in names] + [0])

    def _min_width(self, name: str) -> int:
        """A view's least width; the controls' as a column even while they are a band."""
        if name == "controls" and self.stacked and self._column_width:
            return self._column_width
        width = self.widgets[name].minimumSizeHint().width()
        if name == "controls" and not self.stacked:
            self._column_width = width
        return width

    def wants_narrow(self, width: int | None = None) -> bool:
        """Narrow when the controls, the side panel and half the width for the plots (if any
        are shown) do not fit the central area (the window less a docked tour)."""
        if width is None:
            width = self.splitter.width() if self.splitter.isVisible() else self.window.width()
        side = [n for n in SIDE if n in self.widgets and self._on[n]]
        if not side:
            return False
        plots = PLOT_SHARE * width if any(self._on[n] for n in PLOTS) else 0
        left = self._need(["controls"]) if self._on["controls"] else 0
        return left + self._need(side) + 24 + plots > width

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if obj is self.splitter and event.type() == QtCore.QEvent.Type.Resize:
            self.relayout()
            if self.stacked:  # a new width: the band's readouts wrap to other heights
                self._stack_timer.start()
        elif obj is self.widgets["controls"] and event.type() == QtCore.QEvent.Type.LayoutRequest:
            if self.stacked:  # a readout under the plots wraps to more lines: give it the height
                self._stack_timer.start()
        return False

    def relayout(self) -> None:
        """Choose the arrangement for the window's width now (after a resize or a theme change)."""
        mode = "narrow" if self.wants_narrow() else "wide"
        if mode != self.mode or (self.stacked or mode == "narrow") and self._stack_kind() != self.stacked:
            self.mode = mode
            self._apply()
            self.distribute()

    def _apply(self) -> None:
        self.mode = "narrow" if self.wants_narrow() else "wide"
        kind = self._stack_kind()
        target = self.left_tabs if self.mode == "narrow" and kind != "lever" else self.side_tabs
        fronts = [t.currentWidget() for t in (self.left_tabs, self.side_tabs)]
        for name in SIDE:
            w = self.widgets.get(name)
            if w is not None and target.indexOf(w) < 0:
                other = self.side_tabs if target is self.left_tabs else self.left_tabs
                other.removeTab(other.indexOf(w))
                target.addTab(w, TAB_TITLES[name])
        prefer = self.widgets.get(self._prefer or "")
        if prefer is not None and self._on.get(self._prefer or "") and target.indexOf(prefer) >= 0:
            QtWidgets.QTabWidget.setCurrentWidget(target, prefer)  # a scene's view stays in front
        elif self.mode == "narrow" and fronts[0] is not None:
            QtWidgets.QTabWidget.setCurrentWidget(self.left_tabs, fronts[0])  # the controls stay in front
        elif fronts[1] is not None and self.side_tabs.indexOf(fronts[1]) >= 0:
            QtWidgets.QTabWidget.setCurrentWidget(self.side_tabs, fronts[1])
        for tabs in (self.left_tabs, self.side_tabs):
            count = 0
            for i in range(tabs.count()):
                name = next(n for n, w in self.widgets.items() if w is tabs.widget(i))
                tabs.setTabVisible(i, self._on[name])
                count += self._on[name]
            tabs.tabBar().setVisible(count > 1)
            tabs.setHidden(count == 0)
        for name in PLOTS:
            self.widgets[name].setHidden(not self._on[name])
        self.lower.setHidden(not (self._on["isoflop"] or self._on["plane"]))
        self.plot_splitter.setHidden(not any(self._on[n] for n in PLOTS))
        self._arrange_stack(kind)
        self.changed.emit()

    # --- stacking (presenter mode on narrow screens) -----------------------------------------------
    def set_stacking(self, room: QtCore.QSize | None) -> None:
        """Allow the stacked arrangement in a central area of this size (None: never stack)."""
        self._stack_room = room
        self._apply()
        self.distribute()

    def _compact(self, on: bool) -> None:
        panel = getattr(self.window, "controls", None)
        if panel is not None and hasattr(panel, "knobs"):
            compact_controls.set_compact(panel, on)

    def _stacked_controls_height(self, width: int) -> int:
        """The controls page's least height at this width, compact (as it is under the plots).

        Measuring it lays the controls out as the band and back (every knob and readout moves:
        tens of ms), and one switch of views asks several times: the answer is kept for as long
        as what it depends on (the width, the type, the readouts' texts) stays the same."""
        page = self.widgets["controls"]
        was = self.stacked is not None
        key = (width, was, self._controls_key())
        cached = getattr(self, "_controls_height", None)
        if cached is not None and cached[0] == key:
            need = cached[1]
        else:
            need = self._measure_stacked_controls(page, width, was)
            self._controls_height = (key, need)
        tabs = self.left_tabs  # its frame around the page (measured once both are laid out)
        frame = tabs.height() - page.height() if page.isVisible() and tabs.height() > page.height() else 0
        return need + 8 + min(frame, 40)

    def _controls_key(self) -> tuple:
        """What the controls' compact height depends on besides the width."""
        t = themes.current()
        panel = getattr(self.window, "controls", None)
        texts: tuple = ()
        if panel is not None:
            texts = tuple(
                (w.text(), w.isVisibleTo(panel))  # a readout the band shows on request too
                for w in panel.findChildren(QtWidgets.QLabel)
                if w.wordWrap() or w.objectName()  # the readouts (their texts wrap or are named)
            )
        return (t.name, t.font_scale, t.line_width, texts)

    def _measure_stacked_controls(self, page: QtWidgets.QWidget, width: int, was: bool) -> int:
        self._compact(True)
        for w in reversed([page, *page.findChildren(QtWidgets.QWidget)]):
            if w.layout() is not None and not w.isHidden():
                w.layout().activate()  # innermost first: the band just built, then the panel
        need = page.minimumSizeHint().height()
        if page.hasHeightForWidth():  # the readouts beside the knobs wrap at this width
            need = max(need, page.heightForWidth(width))
        panel = getattr(self.window, "controls", None)
        if was and panel is not None and compact_controls.is_compact(panel):  # laid out as a band
            need += compact_controls.shortfall(panel)  # readouts taller than the layout thinks
        self._compact(was)
        return need

    def wants_stacked(self) -> bool:
        """Plots and controls both shown (no side panel), the plots beside the controls would get
        less than :data:`STACK_SHARE` of the width, and under them they get a larger area."""
        room = self._stack_room
        if room is None or not self._on.get("controls") or not any(self._on[n] for n in PLOTS):
            return False
        if any(self._on[n] for n in SIDE if n in self.widgets):
            return False
        w, h = room.width(), room.height()
        beside_w = w - self._need(["controls"]) - 8
        if beside_w >= STACK_SHARE * w:
            return False
        under_h = h - self._stacked_controls_height(w)
        least = max(STACK_MIN_HEIGHT * h, self.plot_splitter.minimumSizeHint().height())
        return under_h >= least and w * under_h > beside_w * h

    def wants_lever_stacked(self) -> bool:
        """Only the controls and the lever shown (scene 3: the learner turns C and pulls), too
        narrow for them side by side (they would be tabs), and the lever fits under the band."""
        lever = self.widgets.get("lever")
        if lever is None or self.shown() != tuple(n for n in self.names() if n in ("controls", "lever")):
            return False
        if len(self.shown()) != 2 or not self.wants_narrow():
            return False
        room = self._stack_room or self.splitter.size()
        need = lever.minimumSizeHint()
        if room.width() < need.width() + 8:
            return False
        return room.height() - self._stacked_controls_height(room.width()) >= need.height() + 8

    def _stack_kind(self) -> str | None:
        return "plots" if self.wants_stacked() else "lever" if self.wants_lever_stacked() else None

    def _arrange_stack(self, kind: str | None = None) -> None:
        """``stacked``: None, "plots" (plots on top, the band under them) or "lever" (the band on
        top, the lever under it)."""
        self._compact(kind is not None)
        if kind == self.stacked:
            return
        self.stacked = kind
        self.splitter.setOrientation(Qt.Orientation.Vertical if kind else Qt.Orientation.Horizontal)
        self.splitter.insertWidget(0, self.plot_splitter if kind == "plots" else self.left_tabs)

    def _distribute_stacked(self) -> None:
        room = self._stack_room or self.splitter.size()
        total = max(self.splitter.height(), room.height(), 1)
        width = max(self.splitter.width(), room.width()) - 12  # inside the tab page's frame
        # two lines of slack: a readout's new text can wrap to more lines before it is measured
        need = self._stacked_controls_height(width) + 2 * self.widgets["controls"].fontMetrics().lineSpacing()
        rest = self.plot_splitter if self.stacked == "plots" else self.side_tabs
        sizes = [0] * self.splitter.count()
        sizes[self.splitter.indexOf(self.left_tabs)] = need
        sizes[self.splitter.indexOf(rest)] = max(total - need, 100)
        self.splitter.setSizes(sizes)

    def fit_panels(self) -> None:
        """Widen a panel that now needs more room (its front page changed), narrowing the plots;
        a panel wider than it needs keeps its width until the next :meth:`distribute`."""
        sizes = self.splitter.sizes()
        plots = self.splitter.indexOf(self.plot_splitter)
        if self.plot_splitter.isHidden() or sum(sizes) <= 0 or self.stacked:
            return
        changed = False
        for i in range(self.splitter.count()):
            part = self.splitter.widget(i)
            if i == plots or part.isHidden():
                continue
            need = part.minimumSizeHint().width() + 8
            if sizes[i] != need and part is self.left_tabs and self.mode == "narrow":
                sizes[plots] += sizes[i] - need
                sizes[i] = need
                changed = True
            elif sizes[i] < need:
                sizes[plots] -= need - sizes[i]
                sizes[i] = need
                changed = True
        if changed:
            self.splitter.setSizes(sizes)

    def distribute(self) -> None:
        """The panels at the width they need, the plots the rest (or the panels share it all)."""
        if self._stack_kind() != self.stacked:  # the type or the room changed since
            self._apply()
        if self.stacked:
            return self._distribute_stacked()
        total = max(self.splitter.width(), self.window.width(), 1)
        plots = not self.plot_splitter.isHidden()
        sizes = []
        for i in range(self.splitter.count()):
            part = self.splitter.widget(i)
            if part.isHidden():
                sizes.append(0)
            elif part is self.plot_splitter:
                sizes.append(-1)
            elif plots:
                sizes.append(part.minimumSizeHint().width() + 8)
            elif part is self.left_tabs and not self.side_tabs.isHidden() and self._on["controls"]:
                sizes.append(part.minimumSizeHint().width() + 8)  # controls beside the lever
            else:
                sizes.append(-1)
        rest = total - sum(x for x in sizes if x > 0)
        flexible = sizes.count(-1)
        if flexible:
            sizes = [max(rest // flexible, 100) if x == -1 else x for x in sizes]
        self.splitter.setSizes(sizes)

    # --- saving and restoring ------------------------------------------------------------------
    def save_state(self) -> dict[str, Any]:
        return {
            "on": dict(self._on),
            "left_tab": self._current_name(self.left_tabs),
            "side_tab": self._current_name(self.side_tabs),
            "splitter": self.splitter.sizes(),
            "plot_splitter": self.plot_splitter.sizes(),
            "lower": self.lower.sizes(),
            "focus": self._focus_saved,
        }

    def _current_name(self, tabs: QtWidgets.QTabWidget) -> str | None:
        w = tabs.currentWidget()
        return next((n for n, x in self.widgets.items() if x is w), None)

    def restore_state(self, state: dict[str, Any]) -> None:
        """Put back a :meth:`save_state` (views, tabs, splitter sizes); refuses a damaged one."""
        on = state.get("on") if isinstance(state, dict) else None
        if not isinstance(on, dict) or not any(on.get(n) for n in self.widgets):
            raise ValueError(f"layout {state!r} names no view to show")
        self._check(on)
        for n in self._on:
            self._on[n] = bool(on.get(n, True))
        self._prefer = None
        self._apply()
        for key in ("left_tab", "side_tab"):
            if state.get(key) in self.widgets:
                self.bring_forward(state[key])
        for key, splitter in (
            ("splitter", self.splitter),
            ("plot_splitter", self.plot_splitter),
            ("lower", self.lower),
        ):
            sizes = state.get(key)
            if isinstance(sizes, list) and len(sizes) == splitter.count() and all(isinstance(x, int) for x in sizes):
                splitter.setSizes(sizes)
        self._focus_saved = state.get("focus") if isinstance(state.get("focus"), dict) else None
