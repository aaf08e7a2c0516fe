"""A soak test that would catch the PySide6 6.12.0 / Python 3.11 none_dealloc abort returning,
and any leak that grows with knob turns."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("soak_knobs.py")


def run_soak(turns, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(turns), str(tmp_path)], capture_output=True, text=True, timeout=1800, env=env
    )
    assert proc.returncode == 0, f"soak aborted (status {proc.returncode}):\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_few_hundred_turns_do_not_abort(tmp_path):
    # The none_dealloc abort came after a few hundred plot updates: this catches it quickly.
    out = run_soak(600, tmp_path)
    assert out["turns"] == 600


@pytest.mark.slow
def test_twenty_thousand_turns_without_crash_or_growing_memory(tmp_path):
    out = run_soak(20_000, tmp_path)
    early, late = out["rss_mib"]["2000"], out["rss_mib"]["20000"]
    # The undo history is capped (500 states), so memory must level off after warm-up.
    assert late - early < 40, out
    assert out["undo_depth"] <= 500
