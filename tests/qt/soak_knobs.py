"""Soak: turn the knobs N times in one process; print JSON with memory readings.

Run by tests/test_soak.py in a subprocess, so a hard abort (PySide6 6.12.0 on Python 3.11:
"Fatal Python error: none_dealloc") shows up as a failed exit status instead of killing pytest.
"""

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore, QtWidgets  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(turns: int, folder: str) -> None:
    QtCore.QSettings.setPath(QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, folder)
    app = QtWidgets.QApplication([])
    from scalingdesk.qt.main_window import MainWindow

    w = MainWindow(restore=False)
    w.resize(1400, 850)
    w.show()
    app.processEvents()
    knobs = list(w.controls.knobs.values())
    keys = [Qt.Key_Up, Qt.Key_Up, Qt.Key_Down, Qt.Key_Down]
    readings = {}
    block = 40  # turns alternate between blocks of arrow keys and of mouse drags
    for i in range(turns):
        knob = knobs[(i // block) % 3]
        if (i // block) % 2 == 0:
            QTest.keyClick(knob, keys[i % 4])
        else:
            # A drag paints through the plots' drag layer (a pixmap and direct item painting),
            # the other way of painting: both must survive the soak.
            start = QtCore.QPoint(knob.width() // 2, knob.height() // 3)
            step = i % block
            if step == 0:
                QTest.mousePress(knob, Qt.LeftButton, Qt.NoModifier, start)
            QTest.mouseMove(knob, start + QtCore.QPoint(0, -(step % 20) if step < 20 else step - 40))
            if step == block - 1:
                QTest.mouseRelease(knob, Qt.LeftButton, Qt.NoModifier, start)
        app.processEvents()
        if i + 1 in (turns // 10, turns):
            readings[i + 1] = rss_mib()
        s = w.scenario.state
        if s.compute != 6 * s.params * s.tokens:
            raise SystemExit(f"invariant broken at turn {i}")
    print(json.dumps({"turns": turns, "rss_mib": readings, "undo_depth": len(w.scenario._undo)}))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
