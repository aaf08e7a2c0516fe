"""The quick default test run and CI's separate slow step (issue 18): the README's test command
leaves out the `slow` tests, .ci/run runs them in a step of its own, and a pytest selection that
collects nothing (exit 5) does not fail CI."""

import os
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CI = ROOT / ".ci" / "run"


def _addopts() -> list[str]:
    opts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    return shlex.split(opts["addopts"])


def test_the_quick_soak_stays_in_the_default_run():
    # The 600-turn soak is the one that catches PySide6 6.12's none_dealloc abort quickly.
    import test_soak

    assert not list(test_soak.test_a_few_hundred_turns_do_not_abort.__dict__.get("pytestmark", []))
    slow = [m.name for m in test_soak.test_twenty_thousand_turns_without_crash_or_growing_memory.pytestmark]
    assert slow == ["slow"]


def _collect(*extra: str) -> set[str]:
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            *extra,
            "tests/qt/test_soak.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert r.returncode == 0, r.stdout + r.stderr
    return {line.split("::")[1] for line in r.stdout.splitlines() if "::" in line}


def _ci_lines() -> list[str]:
    return [
        line.strip()
        for line in CI.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
