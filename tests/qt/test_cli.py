"""The command-line face: JSON keys scripts rely on, exit status 2 on bad arguments."""

import subprocess
import sys

import pytest

from scalingdesk.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.full  # starts the app in other processes: CI's `-m full` step (the quick run stays under two minutes)
def test_screenshot_takes_a_link_and_a_tour_and_leaves_nothing_in_tmp(tmp_path):
    import os
    from pathlib import Path

    from scalingdesk.core import scenario_io
    from scalingdesk.core.scenario import Scenario

    s = Scenario()
    s.set_params(1e10)
    src = Path(__file__).resolve().parents[2] / "src"
    tour = Path(__file__).resolve().parents[2] / "resources" / "tour.json"
    shots = tmp_path / "tmp"
    shots.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "QT_LOGGING_RULES"}
    env.update(PYTHONPATH=str(src), TMPDIR=str(shots), QT_QPA_PLATFORM="offscreen")
    for extra in (["--scenario", scenario_io.to_link(s.state)], ["--tour", str(tour), "--scene", "2"]):
        out = tmp_path / "shot.png"
        proc = subprocess.run(
            [sys.executable, "-m", "scalingdesk", "screenshot", str(out), "--size", "800x500", *extra],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert proc.returncode == 0, proc.stderr
        assert out.stat().st_size > 1000
        assert "propagateSizeHints" not in proc.stderr
        assert list(shots.iterdir()) == []  # no scalingdesk-shot-* folder left behind
