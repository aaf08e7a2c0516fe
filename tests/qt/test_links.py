"""Links that open from anywhere (issue 19): after install.sh, `xdg-open 'scalingdesk://…'` under
a real X server (Xvfb) starts the app through its desktop entry, on the xcb platform, on that
scenario; a pip install registers the same handler with `scalingdesk --register-desktop`."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scalingdesk.core import scenario_io
from scalingdesk.core.scenario import Scenario

# A real X server and xdg-open: CI's `-m full` step (the quick run stays under two minutes).
pytestmark = pytest.mark.full

ROOT = Path(__file__).resolve().parents[2]

PACKAGING = ROOT / "packaging"

LINUX = sys.platform.startswith("linux")

HAVE_X = LINUX and all(shutil.which(t) for t in ("xdg-open", "xdg-mime", "Xvfb"))

FAKE_APP = """#!{python}
import json, sys
sys.path.insert(0, {src!r})
from PySide6 import QtCore, QtWidgets

def exec_once(*_args):
    from scalingdesk.core import scenario_io
    from scalingdesk.qt.main_window import MainWindow
    app = QtWidgets.QApplication.instance()
    app.processEvents()
    (window,) = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    out = {{"argv": sys.argv[1:], "platform": app.platformName(),
           "state": scenario_io.state_to_dict(window.scenario.state)}}
    with open({report!r}, "w") as f:
        json.dump(out, f)
    return 0

QtWidgets.QApplication.exec = exec_once
from scalingdesk.cli import main

raise SystemExit(main(sys.argv[1:]))
"""


@pytest.fixture
def xvfb():
    from scalingdesk.qt.display import missing_xcb_message

    missing = missing_xcb_message({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"})
    if missing:  # the README's apt line installs them; .ci/run does, so CI runs this test
        pytest.skip(missing)
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        display = proc.stdout.readline().strip()
        if not display:
            pytest.skip("Xvfb did not start")
        yield f":{display}"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _changed_link() -> tuple[str, dict]:
    from dataclasses import replace

    state = replace(Scenario().state, params=7e9, tokens=2e12, law="hoffmann2022")
    return scenario_io.to_link(state), scenario_io.state_to_dict(state)


def _install_fake_app(tmp_path: Path, report: Path) -> Path:
    app = tmp_path / "ScalingDesk"
    app.mkdir()
    for name in ("install.sh", "scalingdesk.desktop"):
        shutil.copy(PACKAGING / name, app / name)
    for name in ("scalingdesk.svg", "scalingdesk-256.png", "scalingdesk-512.png"):
        shutil.copy(ROOT / "resources/icons" / name, app / name)
    exe = app / "scalingdesk"
    exe.write_text(FAKE_APP.format(python=sys.executable, src=str(ROOT / "src"), report=str(report)))
    exe.chmod(0o755)
    return app


def _desktop_env(home: Path, display: str) -> dict[str, str]:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DISPLAY": display, "LANG": "C.UTF-8"}
    (home / ".config").mkdir(parents=True, exist_ok=True)
    return env


@pytest.mark.skipif(not HAVE_X, reason="needs xdg-utils and Xvfb (apt-get install xdg-utils xvfb)")
def test_xdg_open_of_a_link_opens_the_installed_app_on_that_scenario(tmp_path, xvfb):
    report = tmp_path / "report.json"
    app = _install_fake_app(tmp_path, report)
    home = tmp_path / "home"
    env = _desktop_env(home, xvfb)
    r = subprocess.run(
        ["bash", str(app / "install.sh"), "--here"], capture_output=True, text=True, env=env, timeout=120
    )
    assert r.returncode == 0, r.stdout + r.stderr
    q = subprocess.run(
        ["xdg-mime", "query", "default", "x-scheme-handler/scalingdesk"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert q.stdout.strip() == "scalingdesk.desktop", q.stdout + q.stderr

    link, expected = _changed_link()
    r = subprocess.run(["xdg-open", link], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    for _ in range(600):  # xdg-open may hand the link on and return first; wait for the app
        if report.exists() and report.stat().st_size:
            break
        time.sleep(0.5)
    out = json.loads(report.read_text())
    assert out["argv"] == [link]
    assert out["platform"] == "xcb"  # a real window on the X server, not offscreen
    assert out["state"] == expected and expected != scenario_io.state_to_dict(Scenario().state)


def test_a_link_handed_over_as_a_file_open_event_opens_its_scenario(make_window):
    # How macOS delivers a clicked scalingdesk:// link to the app (CFBundleURLTypes).
    from PySide6 import QtCore, QtGui, QtWidgets

    from scalingdesk.qt.app import _FileOpenFilter

    window = make_window()
    app = QtWidgets.QApplication.instance()
    opener = _FileOpenFilter(window, app)
    app.installEventFilter(opener)
    try:
        link, expected = _changed_link()
        QtWidgets.QApplication.sendEvent(app, QtGui.QFileOpenEvent(QtCore.QUrl(link)))
        assert scenario_io.state_to_dict(window.scenario.state) == expected
    finally:
        app.removeEventFilter(opener)
