"""Knob-to-repaint latency offscreen: scripted drags on each knob (QTest events, no window system).

For each mouse-move of a drag, the time from the event to the end of the repaint of the whole
window (scenario update, three plots, knobs, readouts; the lever catches up when the hand pauses,
the hardware panel is on a hidden tab).  Every step changes the value.  The first move of each
drag is reported on its own (``first_*``): it used to render the plots' drag layers and cost
several frames; now the layers are rendered when the state settles, before the press.  Reports
median, 95th percentile and max in milliseconds.  Goals: first move ≤ 16 ms, steady p95 ≤ 8 ms.
What a user feels under a real window system is measured by bench_input_latency.py (xcb).

    python benchmarks/bench_knob_latency.py [steps per knob, default 1000] [drags per knob, 10]
"""

import json
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore, QtWidgets  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402


def stats(times: list[float]) -> dict:
    xs = sorted(times)
    return {
        "median_ms": round(statistics.median(xs), 3),
        "p95_ms": round(xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))], 3),
        "max_ms": round(xs[-1], 3),
    }


def settle(app, window, timeout_s: float = 3.0) -> None:
    """Let the state settle as a hand's pause would: until every plot's layer is rendered."""
    end = time.perf_counter() + timeout_s
    while time.perf_counter() < end:
        app.processEvents()
        if all(p.layer_ready() and not p.drag_layer_active() for p in window.plots.values()):
            return
        time.sleep(0.01)


def main(steps: int = 1000, drags: int = 10) -> dict:
    QtCore.QSettings.setPath(QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, tempfile.mkdtemp())
    app = QtWidgets.QApplication([])
    from scalingdesk.qt.main_window import MainWindow

    w = MainWindow(restore=False)
    w.resize(1600, 900)
    w.show()
    for _ in range(5):
        app.processEvents()
    results = {}
    per_drag = max(1, steps // drags)
    for name, knob in w.controls.knobs.items():
        w.scenario.reset()
        settle(app, w)
        start = QPoint(knob.width() // 2, knob.height() // 3)
        first, steady = [], []
        for _ in range(drags):
            QTest.mousePress(knob, Qt.LeftButton, Qt.NoModifier, start)
            for i in range(per_drag):
                # A triangle wave, 1 px a step (every step changes the value), within ±30 px
                # (±1.2 decades for N) so every state stays in range.
                phase = i % 120
                dy = phase - 30 if phase < 60 else 90 - phase
                t0 = time.perf_counter()
                QTest.mouseMove(knob, start + QPoint(0, -dy - 6))
                app.processEvents()
                (first if i == 0 else steady).append((time.perf_counter() - t0) * 1e3)
            QTest.mouseRelease(knob, Qt.LeftButton, Qt.NoModifier, start)
            settle(app, w)
        results[name] = {**stats(steady), **{f"first_{k}": v for k, v in stats(first).items()}}
    results["worst_p95_ms"] = max(v["p95_ms"] for v in results.values())
    results["worst_first_max_ms"] = max(v["first_max_ms"] for k, v in results.items() if isinstance(v, dict))
    return results


if __name__ == "__main__":
    out = main(*(int(a) for a in sys.argv[1:3]))
    print(json.dumps(out, indent=2))
