"""The frontier tabs are built on first show, and `scalingdesk screenshot --view` renders them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6 import QtGui

from scalingdesk.qt.frontier_tabs import PLACEHOLDER_MINIMUM, LazyView

ROOT = Path(__file__).resolve().parents[2]
NAMES = ("timeline", "test-time", "reconcile")


def test_views_are_built_on_first_show_and_follow_the_scenario(make_window):
    w = make_window((1366, 768))
    lazies = {n: w.views.widget(n) for n in NAMES}
    assert all(isinstance(v, LazyView) for v in lazies.values())
    assert not any(v.is_built() for v in lazies.values())  # none paid for at start
    w.scenario.set_compute(1e25)  # a change while unbuilt reaches the view when it is made
    w.views.bring_forward("timeline")
    timeline = lazies["timeline"]
    assert timeline.is_built() and timeline.content.isVisible()
    assert timeline.content.view.knob.compute == pytest.approx(1e25)
    assert not lazies["reconcile"].is_built()  # only what was shown
    w.scenario.set_compute(3e23)
    assert timeline.content.view.knob.compute == pytest.approx(3e23)
    w.views.bring_forward("reconcile")
    rec = lazies["reconcile"].content
    assert rec.isVisible() and rec.exponent.text().startswith("N* ∝ C^")


@pytest.mark.parametrize("name", NAMES)
def test_placeholder_asks_for_the_built_views_minimum(name, make_window):
    w = make_window((1366, 768))
    lazy = w.views.widget(name)
    before = lazy.minimumSizeHint()
    assert (before.width(), before.height()) == PLACEHOLDER_MINIMUM[name]
    after = lazy.content.minimumSizeHint()
    assert after.width() == pytest.approx(before.width(), rel=0.15)
    assert after.height() == pytest.approx(before.height(), rel=0.15)


def test_tabs_timeline_builds_it_for_callers(make_window):
    w = make_window()
    assert w.frontier_tabs.timeline is w.views.widget("timeline").content


@pytest.mark.full  # starts the app in other processes: CI's `-m full` step (the quick run stays under two minutes)
def test_screenshot_command_renders_a_frontier_view(tmp_path):
    out = tmp_path / "reconcile.png"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(
        [sys.executable, "-m", "scalingdesk", "screenshot", str(out), "--view", "reconcile", "--size", "1024x768"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(out)
    image = QtGui.QImage(str(out))
    assert not image.isNull() and image.width() > 200 and image.height() > 200
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # drawn, not a blank grab
