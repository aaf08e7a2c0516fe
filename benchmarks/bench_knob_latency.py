"""Knob-to-repaint latency: 1,000 scripted drag steps on each knob, offscreen.

Measures, for each mouse-move of a drag, the time from the event to the end of the repaint
of the whole window (scenario update, three plots, knobs, readouts; the lever catches up when
the hand pauses, the hardware panel is on a hidden tab).  Every step changes the value.
Reports median and 95th percentile in milliseconds.  Target: p95 under 8 ms (half a 60 Hz
frame).  The first step of each drag is included: it renders the plots' drag layers.

    python benchmarks/bench_knob_latency.py
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


def main(steps: int = 1000) -> dict:
    QtCore.QSettings.setPath(QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope,
                             tempfile.mkdtemp())
    app = QtWidgets.QApplication([])
    from scalingdesk.qt.main_window import MainWindow

    w = MainWindow(restore=False)
    w.resize(1600, 900)
    w.show()
    for _ in range(5):
        app.processEvents()
    results = {}
    for name, knob in w.controls.knobs.items():
        w.scenario.reset()
        app.processEvents()
        start = QPoint(knob.width() // 2, knob.height() // 3)
        QTest.mousePress(knob, Qt.LeftButton, Qt.NoModifier, start)
        times = []
        for i in range(steps):
            # A triangle wave, 1 px a step (every step changes the value), within ±30 px
            # (±1.2 decades for N) so every state stays in range.
            phase = i % 120
            dy = phase - 30 if phase < 60 else 90 - phase
            t0 = time.perf_counter()
            QTest.mouseMove(knob, start + QPoint(0, -dy - 6))
            app.processEvents()
            times.append((time.perf_counter() - t0) * 1e3)
        QTest.mouseRelease(knob, Qt.LeftButton, Qt.NoModifier, start)
        app.processEvents()
        times.sort()
        results[name] = {
            "median_ms": round(statistics.median(times), 3),
            "p95_ms": round(times[int(0.95 * len(times))], 3),
        }
    allt = [v["p95_ms"] for v in results.values()]
    results["worst_p95_ms"] = max(allt)
    return results


if __name__ == "__main__":
    out = main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    print(json.dumps(out, indent=2))
