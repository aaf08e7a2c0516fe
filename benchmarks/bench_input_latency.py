"""Input-to-screen latency under a real window system: what a user feels (issue 18).

Run it under X (``bash benchmarks/run_xvfb.sh`` starts Xvfb and a window manager and runs this
with the xcb platform).  Real input events are sent by ``xdotool`` at 60 Hz through the X
server, as a mouse and keyboard would send them.  Each event is timed inside Qt, from the moment
Qt dispatches it to the knob to the end of the window's next repaint *and flush* (the
UpdateRequest that paints the window's dirty region and pushes it to the X server).  Reported per
knob and input kind, with median, p95 and max in milliseconds:

* ``drag first``: the first move after the press (the one that used to render the plots' drag
  layers), ``drag``: the steady moves after it;
* ``wheel first`` / ``wheel``: the first notch of a burst and the rest, ``key first`` / ``key``:
  arrow keys (Up/Down) likewise;
* the same drags and wheel at 1920x1080 in presenter mode (projector theme, full screen);
* drags of C while the lever plays its animation;
* the first frame after a law-family switch, a switch to each theme the app has and every
  tour-scene switch in presenter mode, forward 1 → N and back N → 1 (timed from the switch to
  the end of the first repaint and flush), each row then summed up over all scenes and themes.

``--only switches`` skips the knob gestures (a quicker run for work on the switches).

Each event's delay before Qt dispatched it (X server timestamp to dispatch, ms resolution) is
reported as ``queue_ms`` beside it.  Nothing is asserted: CI reports the numbers.

    bash benchmarks/run_xvfb.sh python benchmarks/bench_input_latency.py [--quick] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

FRAME_S = 1 / 60
GOALS = {
    "drag first": 16.0,
    "drag": 8.0,
    "wheel first": 16.0,
    "wheel": 8.0,
    "key first": 16.0,
    "key": 8.0,
    "switch": 50.0,
}


def summary(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    xs = sorted(values)
    return {
        "n": len(xs),
        "median_ms": round(statistics.median(xs), 2),
        "p95_ms": round(xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))], 2),
        "max_ms": round(xs[-1], 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer gestures (a smoke run)")
    ap.add_argument("--out", default="build/bench", help="folder for input-latency.json/.md")
    ap.add_argument(
        "--only", choices=("all", "switches"), default="all", help="switches: only the family, theme and scene switches"
    )
    ap.add_argument("--rounds", type=int, default=None, help="rounds of theme and scene switches (quick 2, else 3)")
    ap.add_argument("--profile", metavar="FILE", help="write a cProfile of the window's gestures (pstats) to FILE")
    ap.add_argument("--window-only", action="store_true", help="only the window's gestures (profiling)")
    args = ap.parse_args(argv)
    if not os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        print(
            "bench_input_latency: needs an X display and QT_QPA_PLATFORM=xcb (run it through benchmarks/run_xvfb.sh)",
            file=sys.stderr,
        )
        return 2
    if shutil.which("xdotool") is None:
        print("bench_input_latency: xdotool is not installed (apt-get install xdotool)", file=sys.stderr)
        return 2
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from PySide6 import QtCore, QtWidgets

    QtCore.QSettings.setPath(
        QtCore.QSettings.Format.IniFormat,
        QtCore.QSettings.Scope.UserScope,
        tempfile.mkdtemp(prefix="scalingdesk-bench-"),
    )
    from scalingdesk.qt.app import application

    app = application()
    rounds = args.rounds if args.rounds is not None else (2 if args.quick else 3)
    bench = _Bench(
        app,
        QtCore,
        QtWidgets,
        quick=args.quick,
        only=args.only,
        rounds=max(1, rounds),
        profile=args.profile,
        window_only=args.window_only,
    )
    results = bench.run()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "input-latency.json").write_text(json.dumps(results, indent=2) + "\n")
    table = markdown(results)
    (out / "input-latency.md").write_text(table)
    print(table)
    print(f"written: {out / 'input-latency.json'}, {out / 'input-latency.md'}")
    return 0


def markdown(results: dict) -> str:
    lines = [
        f"Input to repaint-and-flush, xcb on {results['display']}, {results['window']} window, "
        f"load average {results['load_average']} on {results['cores']} cores "
        f"(1/5/15 min: {results.get('load_average_1_5_15_start', '?')} at start, "
        f"{results.get('load_average_1_5_15_end', '?')} at end) (ms; CPU: the GUI "
        "thread's CPU time over the same span; queue: X server timestamp to dispatch):",
        "",
        "| where | knob | input | n | median | p95 | max | CPU median | CPU p95 | CPU max | queue p95 | goal |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results["rows"]:
        goal = GOALS.get(row["input"], GOALS["switch"] if row["knob"] == "-" else None)
        goal_text = (
            ""
            if goal is None
            else (f"≤ {goal:g}" if row["input"].endswith("first") or row["knob"] == "-" else f"p95 ≤ {goal:g}")
        )
        lines.append(
            f"| {row['where']} | {row['knob']} | {row['input']} | {row['n']} | "
            f"{row.get('median_ms', '–')} | {row.get('p95_ms', '–')} | {row.get('max_ms', '–')} | "
            f"{row.get('cpu_median_ms', '–')} | {row.get('cpu_p95_ms', '–')} | {row.get('cpu_max_ms', '–')} | "
            f"{row.get('queue_p95_ms', '–')} | {goal_text} |"
        )
    return "\n".join(lines) + "\n"


class _Bench:
    def __init__(
        self,
        app,
        QtCore,
        QtWidgets,
        *,
        quick: bool,
        only: str = "all",
        rounds: int = 2,
        profile: str | None = None,
        window_only: bool = False,
    ) -> None:
        self.app, self.QtCore, self.QtWidgets = app, QtCore, QtWidgets
        self.quick = quick
        self.only = only
        self.rounds = rounds
        self.profile, self.window_only = profile, window_only
        #: With --profile: (paint events, pixels) per widget painted during gestures.
        self.paints: dict[str, tuple[int, int]] | None = {} if profile else None
        from scalingdesk.qt.main_window import MainWindow

        probe = self
        update_request = QtCore.QEvent.Type.UpdateRequest

        class TimedWindow(MainWindow):
            def event(self, ev):
                flush = ev.type() == update_request
                result = super().event(ev)
                if flush:
                    probe._flushed()
                return result

        self.pending: list[tuple[tuple, float, float]] = []
        self.samples: dict[tuple[str, str, str], list[float]] = {}
        self.cpu: dict[tuple[str, str, str], list[float]] = {}
        self.queue: dict[tuple[str, str, str], list[float]] = {}
        self.where = "window"
        self.knob_name = ""
        self._first = False
        self._last_event = 0.0
        self.window = TimedWindow(restore=False)
        self.knobs = {k: v for k, v in self.window.controls.knobs.items()}
        self._knob_of = {id(v): k for k, v in self.knobs.items()}
        app.installEventFilter(self._filter())

    def _in_gesture(self) -> bool:
        return any(k.isDragging() for k in self.knobs.values())

    # --- timing -----------------------------------------------------------------------------
    def _filter(self):
        QtCore = self.QtCore
        T = QtCore.QEvent.Type
        bench = self

        class Filter(QtCore.QObject):
            def eventFilter(self, obj, ev):
                kind = ev.type()
                if kind in (T.MouseMove, T.Wheel, T.KeyPress, T.MouseButtonPress) and id(obj) in bench._knob_of:
                    bench._arrived(kind, ev)
                elif kind == T.Paint and bench.paints is not None and bench._in_gesture():
                    r = ev.rect()
                    name = f"{type(obj).__name__} {obj.objectName() or ''}".strip()
                    parent = obj.parent()
                    if parent is not None and not obj.objectName():
                        name += f" in {type(parent).__name__}"
                    n, area = bench.paints.get(name, (0, 0))
                    bench.paints[name] = (n + 1, area + r.width() * r.height())
                return False

        self._filter_obj = Filter()
        return self._filter_obj

    def _arrived(self, kind, ev) -> None:
        T = self.QtCore.QEvent.Type
        now = time.perf_counter()
        if kind == T.MouseButtonPress:
            self._first = True
            return
        if kind == T.MouseMove:
            if not ev.buttons():
                return
            name = "drag first" if self._first else "drag"
            self._first = False
        else:
            base = "wheel" if kind == T.Wheel else "key"
            name = f"{base} first" if now - self._last_event > 0.3 else base
        self._last_event = now
        # X server time (ms, CLOCK_MONOTONIC) to dispatch: how long the event waited for Qt.
        queued = (time.monotonic() * 1000.0 - ev.timestamp()) % 2**32
        key = (self.where, self.knob_name, name)
        if queued < 2000:
            self.queue.setdefault(key, []).append(queued)
        self.pending.append((key, now, time.thread_time()))

    def _flushed(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        for key, t0, c0 in self.pending:
            self.samples.setdefault(key, []).append((now - t0) * 1e3)
            self.cpu.setdefault(key, []).append((cpu - c0) * 1e3)
        self.pending.clear()

    # --- driving ----------------------------------------------------------------------------
    def wait(self, seconds: float) -> None:
        loop = self.QtCore.QEventLoop()
        self.QtCore.QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    def xdotool(self, commands: list[str]) -> None:
        """Run an xdotool script while the event loop runs (its events reach us meanwhile)."""
        script = tempfile.NamedTemporaryFile("w", suffix=".xdo", delete=False)
        script.write("\n".join(commands) + "\n")
        script.close()
        proc = self.QtCore.QProcess()
        loop = self.QtCore.QEventLoop()
        proc.finished.connect(loop.quit)
        proc.start("xdotool", [script.name])
        loop.exec()
        os.unlink(script.name)
        self.wait(0.1)

    def centre(self, knob) -> tuple[int, int]:
        # The dial's middle: above the knob's entry field, whatever the knob's size.
        p = knob.mapToGlobal(self.QtCore.QPoint(knob.width() // 2, max(4, knob.lineEdit().y() // 2)))
        return p.x(), p.y()

    def drags(self, knob, count: int, moves: int = 60) -> None:
        x, y = self.centre(knob)
        cmds = [f"mousemove {x} {y}", "sleep 0.3"]
        quarter = moves // 4
        pattern = [-1] * quarter + [1] * (2 * quarter) + [-1] * quarter  # up, down, back: net 0
        for _ in range(count):
            cmds += ["mousedown 1", f"sleep {FRAME_S:.4f}"]
            for dy in pattern:
                cmds += [f"mousemove_relative -- 0 {2 * dy}", f"sleep {FRAME_S:.4f}"]
            cmds += ["mouseup 1", "sleep 0.7"]  # the hand lifts: the state settles
        self.xdotool(cmds)

    def wheel(self, knob, bursts: int, notches: int = 10) -> None:
        x, y = self.centre(knob)
        cmds = [f"mousemove {x} {y}", "sleep 0.3"]
        for i in range(bursts):
            button = 4 if i % 2 == 0 else 5  # up, then back down
            for _ in range(notches):
                cmds += [f"click {button}", f"sleep {FRAME_S:.4f}"]
            cmds.append("sleep 0.7")
        self.xdotool(cmds)

    def keys(self, knob, bursts: int, presses: int = 10) -> None:
        x, y = self.centre(knob)
        cmds = [f"mousemove {x} {y}", "click 1", "sleep 0.5"]  # a click gives the knob focus
        for i in range(bursts):
            key = "Up" if i % 2 == 0 else "Down"
            for _ in range(presses):
                cmds += [f"key {key}", f"sleep {FRAME_S:.4f}"]
            cmds.append("sleep 0.7")
        self.xdotool(cmds)

    def switch(self, name: str, action) -> None:
        """Time one switch (family, theme, scene) to the end of its first frame."""
        self.wait(0.8)
        self.pending.append(((self.where, "-", name), time.perf_counter(), time.thread_time()))
        action()
        self.wait(0.5)

    # --- the run ------------------------------------------------------------------------------
    def run(self) -> dict:
        w = self.window
        self.load_at_start = [round(x, 1) for x in os.getloadavg()]
        w.resize(1600, 900)
        w.move(0, 0)
        w.show()
        w.raise_()
        w.activateWindow()
        try:  # as run_app does once the window is up
            from scalingdesk.qt.app import _warm_up

            self.QtCore.QTimer.singleShot(1500, _warm_up)
        except ImportError:  # an older tree
            pass
        self.wait(3.0)
        drags, bursts = (3, 2) if self.quick else (10, 8)
        if self.only == "all":
            profiler = None
            if self.profile:  # only while a gesture lasts: what each event costs, not the rest
                import cProfile

                profiler = cProfile.Profile()
                for knob in self.knobs.values():
                    knob.dragStarted.connect(profiler.enable)
                    knob.dragFinished.connect(profiler.disable)
            for name, knob in self.knobs.items():
                self.knob_name = name
                self.drags(knob, drags)
                self.wheel(knob, bursts)
                self.keys(knob, bursts)
                w.scenario.reset()
                self.wait(0.5)
            if profiler is not None:
                for knob in self.knobs.values():
                    knob.dragStarted.disconnect(profiler.enable)
                    knob.dragFinished.disconnect(profiler.disable)
                profiler.disable()
                profiler.dump_stats(self.profile)
                events = sum(len(v) for (where, _, _), v in self.samples.items() if where == "window")
                print(f"paint events during gestures, per input event ({events} events):")
                for name, (n, area) in sorted(self.paints.items(), key=lambda kv: -kv[1][0]):
                    print(f"  {n / max(1, events):6.2f}  {area / max(1, n):9.0f} px  {name}")
            if self.window_only:
                return self._results("1600x900")
            # The lever playing while C is dragged: at the screen's size, where the window lays the
            # controls and the lever side by side.
            if w.lever is not None:
                w.resize(self.app.primaryScreen().availableSize())
                self.wait(1.0)
                self.lever_views = "all"
                if hasattr(w, "views"):
                    # The narrowest arrangement that shows the lever beside the knobs, as the View
                    # menu offers it: all views, then one plot, then the controls and the lever alone.
                    for views in (None, ("controls", "lever", "loss"), ("controls", "lever")):
                        if views is not None:
                            w.views.show_only(views, prefer="lever")
                            self.lever_views = ", ".join(views)
                        w.views.bring_forward("lever")
                        self.wait(0.5)
                        if w.lever.isVisible() and self.knobs["C"].isVisible():
                            break
                elif w.side_tabs.indexOf(w.lever) >= 0:
                    w.side_tabs.setCurrentWidget(w.lever)
                self.wait(0.5)
                self.lever_visible = w.lever.isVisible() and self.knobs["C"].isVisible()
                if self.lever_visible:
                    self.where = "lever playing"
                    self.knob_name = "C"
                    w.lever.play()
                    self.drags(self.knobs["C"], drags)
                    w.lever.pause()
                w.scenario.reset()
                if hasattr(w, "views"):
                    w.views.reset()
                w.resize(1600, 900)
                self.wait(1.0)
        # Switches at rest: the first frame after each.
        self.where = "window"
        combo = w.controls.family
        for key in ("hoffmann2022", "epoch2024", "kaplan2020", "epoch2024"):
            i = combo.findData(key)
            if i >= 0:
                self.switch(f"family → {key}", lambda i=i: (combo.setCurrentIndex(i), combo.activated.emit(i)))
        try:
            from scalingdesk.qt.theme import THEMES

            others = [t for t in THEMES if t != "dark"]
        except ImportError:  # an older tree
            others = ["light"]
        for _ in range(self.rounds):  # dark → each other theme → back to dark, every round
            for theme in [*others, "dark"]:
                self.switch(f"theme → {theme}", lambda t=theme: w.set_theme(t))
        # Presenter mode, full screen at the screen's size (1920x1080 under run_xvfb.sh): every
        # scene switch, forward 1 → N and back N → 1, each round.
        self.where = "presenter"
        w.presenter.enter(full_screen=True)
        self.wait(1.5)
        count = len(w.tour.scenes)
        if w.tour.current is None or w.tour.current.number != 1:
            w.tour.go(1)
            w.tour.finish_animation()
            self.wait(1.0)
        for _ in range(self.rounds):
            for a, b in [*((k, k + 1) for k in range(1, count)), *((k + 1, k) for k in range(count - 1, 0, -1))]:
                self.switch(f"scene {a} → {b}", lambda s=b: w.tour.go(s))
                w.tour.finish_animation()
        w.tour.finish_animation()
        self.wait(0.5)
        if self.only == "all":
            for name, knob in self.knobs.items():
                if not knob.isVisible() or knob.visibleRegion().isEmpty():
                    continue
                self.knob_name = name
                self.drags(knob, max(2, drags // 2))
                self.wheel(knob, max(2, bursts // 2))
        presenter_size = f"{w.width()}x{w.height()}"
        w.presenter.leave()
        self.wait(0.3)
        return self._results(presenter_size)

    def _results(self, presenter_size: str) -> dict:
        w = self.window
        screen = self.app.primaryScreen().size()
        rows = []
        for (where, knob, name), values in self.samples.items():
            row = {
                "where": where if where != "presenter" else f"presenter {presenter_size}",
                "knob": knob,
                "input": name,
                **summary(values),
            }
            c = self.cpu.get((where, knob, name), [])
            if c:
                row["cpu_median_ms"] = summary(c)["median_ms"]
                row["cpu_p95_ms"] = summary(c)["p95_ms"]
                row["cpu_max_ms"] = summary(c)["max_ms"]
            q = sorted(self.queue.get((where, knob, name), []))
            if q:
                row["queue_p95_ms"] = round(q[min(len(q) - 1, int(round(0.95 * (len(q) - 1))))], 1)
            rows.append(row)
        # Every switch of a kind together: themes, scenes forward, scenes back.
        kinds = {
            "every theme switch": lambda n: n.startswith("theme → "),
            "every scene forward": lambda n: n.startswith("scene ") and _scene_step(n) > 0,
            "every scene back": lambda n: n.startswith("scene ") and _scene_step(n) < 0,
            "every family switch": lambda n: n.startswith("family → "),
        }
        for label, wanted in kinds.items():
            keys = [k for k in self.samples if k[1] == "-" and wanted(k[2])]
            values = [v for k in keys for v in self.samples[k]]
            if not values:
                continue
            cpu = [v for k in keys for v in self.cpu.get(k, [])]
            c = summary(cpu)
            rows.append(
                {
                    "where": "all" if "scene" not in label else f"presenter {presenter_size}",
                    "knob": "-",
                    "input": label,
                    **summary(values),
                    "cpu_median_ms": c["median_ms"],
                    "cpu_p95_ms": c["p95_ms"],
                    "cpu_max_ms": c["max_ms"],
                }
            )
        order = ["drag first", "drag", "wheel first", "wheel", "key first", "key"]
        rows.sort(
            key=lambda r: (
                ["window", "lever playing"].index(r["where"]) if r["where"] in ("window", "lever playing") else 2,
                r["knob"] == "-",
                r["knob"],
                order.index(r["input"]) if r["input"] in order else 9,
            )
        )
        w.hide()  # not close(): nothing to save from a benchmark
        return {
            "lever_and_knobs_visible_together": getattr(self, "lever_visible", False),
            "lever_run_views": getattr(self, "lever_views", None),
            "load_average": round(os.getloadavg()[0], 1),
            "load_average_1_5_15_start": self.load_at_start,
            "load_average_1_5_15_end": [round(x, 1) for x in os.getloadavg()],
            "cores": os.cpu_count(),
            "platform": self.app.platformName(),
            "display": f"{screen.width()}x{screen.height()}",
            "window": "1600x900",
            "quick": self.quick,
            "only": self.only,
            "rounds": self.rounds,
            "rows": rows,
            "worst": {
                name: max((r.get("p95_ms", 0) for r in rows if r["input"] == name), default=None) for name in order
            },
        }


def _scene_step(name: str) -> int:
    """+1 for "scene 3 → 4", -1 for "scene 4 → 3"."""
    a, b = name.removeprefix("scene ").split(" → ")
    return 1 if int(b) > int(a) else -1


if __name__ == "__main__":
    sys.exit(main())
