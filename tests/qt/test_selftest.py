"""``scalingdesk --self-test``: passes on a working install, and says which step broke when one does."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import shutil
import subprocess
import sys

import pytest
from PySide6 import QtGui

from scalingdesk import selftest
from scalingdesk.resources import resources_dir

# The self-test in fresh processes: CI's `-m full` step, and the frozen one in its bundle step.
pytestmark = pytest.mark.full


TIMEOUT = 240  # seconds: the watchdog inside is 120 s per step; this only guards the test run


def _run(args, env_extra=None, timeout=TIMEOUT):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("SCALINGDESK_SELFTEST_ONLY", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=timeout, env=env)


def _step_lines(stdout: str) -> dict[str, str]:
    lines = {}
    for line in stdout.splitlines():
        m = re.match(r"^(ok|FAILED)\s+(\w+)\s+(.*)$", line)
        if m:
            lines[m.group(2)] = m.group(1) + " " + m.group(3)
    return lines


def test_self_test_passes_and_reports_every_step(tmp_path):
    log = tmp_path / "selftest.log"
    r = _run(["-m", "scalingdesk", "--self-test"], {"SCALINGDESK_SELFTEST_LOG": str(log)})
    assert r.returncode == 0, r.stdout + r.stderr
    steps = _step_lines(r.stdout)
    assert list(steps) == [name for name, _ in selftest.STEPS]
    assert all(v.startswith("ok ") for v in steps.values()), steps
    assert "turned C, N, D up and down" in steps["knobs"]
    assert re.search(r"alpha=0\.3\d\d", steps["fit"]), steps["fit"]
    assert r.stdout.strip().splitlines()[-1] == f"self-test: all {len(selftest.STEPS)} steps passed"
    # The same lines go to the log file (a windowed Windows build has no console).
    assert log.read_text(encoding="utf-8").splitlines() == r.stdout.strip().splitlines()


def test_a_missing_sample_file_fails_that_step_by_name_and_the_exit_status(tmp_path):
    broken = tmp_path / "resources"
    shutil.copytree(resources_dir(), broken)
    (broken / "sample_runs.csv").unlink()
    r = _run(["-m", "scalingdesk", "--self-test"], {"SCALINGDESK_RESOURCES": str(broken)})
    assert r.returncode == 1, r.stdout + r.stderr
    steps = _step_lines(r.stdout)
    assert steps["fit"].startswith("FAILED") and "sample runs file is missing" in steps["fit"]
    others = {k: v for k, v in steps.items() if k != "fit"}
    assert all(v.startswith("ok ") for v in others.values()), others  # the others still ran
    assert "self-test: FAILED (1 of" in r.stdout and "fit" in r.stdout.splitlines()[-1]


def test_startup_probe_reports_time_to_first_paint():
    r = _run(["-m", "scalingdesk", "--self-test"], {"SCALINGDESK_SELFTEST_ONLY": "startup"})
    assert r.returncode == 0, r.stdout + r.stderr
    m = re.search(r"startup_ms=(\d+) .*imports_ms=(\d+) .*first_paint_ms=(\d+)", r.stdout)
    assert m, r.stdout
    total, imports, paint = (int(x) for x in m.groups())
    assert 0 < imports <= paint <= total < 60_000


def test_blank_renderings_are_refused(qapp):
    blank = QtGui.QImage(300, 200, QtGui.QImage.Format.Format_ARGB32)
    blank.fill(QtGui.QColor("#15181d"))
    with pytest.raises(selftest.SelfTestError, match="blank"):
        selftest._image_has_content(blank, "plot")
    with pytest.raises(selftest.SelfTestError, match="null"):
        selftest._image_has_content(QtGui.QImage(), "plot")
    drawn = QtGui.QImage(blank)
    painter = QtGui.QPainter(drawn)
    painter.fillRect(0, 0, 150, 100, QtGui.QColor("#56B4E9"))
    painter.fillRect(150, 100, 150, 100, QtGui.QColor("#E69F00"))
    painter.end()
    assert selftest._image_has_content(drawn, "plot") == "300x200"
