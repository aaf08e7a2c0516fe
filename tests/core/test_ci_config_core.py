"""The quick default test run and CI's separate slow step (issue 18): the README's test command
leaves out the `slow` tests, .ci/run runs them in a step of its own, and a pytest selection that
collects nothing (exit 5) does not fail CI."""

import os
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CI = ROOT / ".ci" / "run"


def _addopts() -> list[str]:
    opts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    return shlex.split(opts["addopts"])


def test_default_run_leaves_out_the_slow_tests():
    opts = _addopts()
    assert "-m" in opts and opts[opts.index("-m") + 1] == "not slow"


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


def test_a_later_m_on_the_command_line_selects_the_slow_tests():
    assert _collect() == {"test_a_few_hundred_turns_do_not_abort"}
    assert _collect("-m", "slow") == {"test_twenty_thousand_turns_without_crash_or_growing_memory"}


def _ci_lines() -> list[str]:
    return [
        line.strip()
        for line in CI.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_ci_runs_the_readme_test_command_then_the_slow_tests_then_the_build():
    lines = _ci_lines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    readme_cmd = 'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest'
    assert readme_cmd in readme
    first = next(i for i, line in enumerate(lines) if line.startswith("python3 -m venv .venv"))
    assert lines[first].replace("pytest_step ", "") == readme_cmd
    slow = next(i for i, line in enumerate(lines) if line.endswith("-m pytest -m slow"))
    build = next(i for i, line in enumerate(lines) if line == "bash packaging/build.sh")
    assert first < slow < build


@pytest.mark.skipif(sys.platform == "win32", reason=".ci/run is a bash script")
def test_ci_treats_an_empty_selection_as_no_failure(tmp_path):
    # Run the helper itself, against a real pytest that selects nothing (exit 5) and one that fails.
    text = CI.read_text(encoding="utf-8")
    helper = text[text.index("pytest_step() {") : text.index("\n}\n") + 3]
    (tmp_path / "test_empty.py").write_text("def test_one():\n    pass\n")
    (tmp_path / "test_bad.py").write_text("def test_one():\n    assert False\n")
    py = shlex.quote(sys.executable)
    script = (
        f"set -euo pipefail\n{helper}\ncd {shlex.quote(str(tmp_path))}\n"
        f"pytest_step {py} -m pytest -q -p no:cacheprovider -m nothing_has_this_mark test_empty.py\n"
        "echo after-empty\n"
        f"pytest_step {py} -m pytest -q -p no:cacheprovider test_bad.py\necho after-bad\n"
    )
    r = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300)
    assert "after-empty" in r.stdout and "selected no tests" in r.stdout
    assert "after-bad" not in r.stdout and r.returncode == 1
