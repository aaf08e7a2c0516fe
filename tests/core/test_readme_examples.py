"""Every command-line example in the README runs from outside the repository (issue 19): exit 0,
readable output, nothing read from the source tree's resources/ by path."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

# Each README example in a fresh process: CI's `-m full` step (the quick run stays under two minutes).
pytestmark = pytest.mark.full


README = Path(__file__).resolve().parents[2] / "README.md"


def _examples() -> list[list[str]]:
    out = []
    in_cli = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_cli = line.startswith("## The command line")
        if not in_cli or not line.startswith("scalingdesk "):
            continue
        args = shlex.split(line.split("  #")[0])[1:]
        if args[0] in ("screenshot", "open"):  # a window, or a link the reader pastes
            continue
        if "--bootstrap" in args:  # the same command, fewer resamples
            args[args.index("--bootstrap") + 1] = "20"
        out.append(args)
    return out


def test_the_readme_has_the_examples():
    names = {a[0] for a in _examples()}
    assert {"optimal", "loss", "laws", "hardware", "fit", "models", "trend"} <= names


@pytest.mark.parametrize("args", _examples(), ids=lambda a: " ".join(a)[:60])
def test_each_readme_example_runs_outside_the_repository(args, tmp_path):
    env = dict(os.environ)
    env.pop("SCALINGDESK_RESOURCES", None)
    proc = subprocess.run(
        [sys.executable, "-m", "scalingdesk", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() and "Traceback" not in proc.stderr
