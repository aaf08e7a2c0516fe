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
    assert "-m" in opts and opts[opts.index("-m") + 1] == "not slow and not full"


COLLECT = r"""
import sys, pytest
for extra in ([], ["-m", "slow"]):  # both selections in one process: one start-up, not two
    print("RUN", extra)
    code = pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", "-n0", *extra, "tests/qt/test_soak.py"])
    if code:
        sys.exit(code)
"""


def test_a_later_m_on_the_command_line_selects_the_slow_tests():
    r = subprocess.run(
        [sys.executable, "-c", COLLECT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert r.returncode == 0, r.stdout + r.stderr
    runs = r.stdout.split("RUN ")[1:]
    assert len(runs) == 2, r.stdout
    default, slow = ({line.split("::")[1] for line in run.splitlines() if "::" in line} for run in runs)
    assert default == {"test_a_few_hundred_turns_do_not_abort"}
    assert slow == {"test_twenty_thousand_turns_without_crash_or_growing_memory"}


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
    core = next(i for i, line in enumerate(lines) if line.endswith("-m pytest tests/core"))
    assert lines[core].startswith("SCALINGDESK_CORE_ONLY=1 pytest_step .venv-core/bin/python")
    assert any(line.startswith("python3 -m venv .venv-core") for line in lines[first:core])
    installs = [line for line in lines[first + 1 : core] if ".venv-core/bin/pip install" in line]
    assert installs and not any(q in line for line in installs for q in ("PySide6", "pyqtgraph", "[test]"))
    full = next(i for i, line in enumerate(lines) if line.endswith("-m pytest -m full"))
    slow = next(i for i, line in enumerate(lines) if line.endswith("-m pytest -m slow"))
    build = next(i for i, line in enumerate(lines) if line == "bash packaging/build.sh")
    assert first < core < full < slow < build


TIERS = r"""
import sys, pytest
class Tiers:
    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        for item in items:
            tier = "slow" if item.get_closest_marker("slow") else "full" if item.get_closest_marker("full") else "quick"
            print("TIER", tier, item.nodeid)
sys.exit(pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", "-n0", "-m", "full or slow or not full", "tests"], plugins=[Tiers()]))
"""

SWEEPS = """
import pytest

@pytest.mark.parametrize("size", ["1366x768", "1600x900", "1920x1080"])
def test_window_sweep(size):
    pass

@pytest.mark.every_param
@pytest.mark.parametrize("theme", ["dark", "light"])
def test_every_theme(theme):
    pass

@pytest.mark.slow
@pytest.mark.parametrize("n", [1, 2])
def test_long(n):
    pass

def test_once():
    pass
"""


def test_window_sweeps_are_in_the_full_tier_with_their_first_parameters_in_the_quick_one(tmp_path):
    # The repository's own conftest.py and pytest settings, over window tests of a known shape
    # (Qt-free, so this runs where Qt is not installed).
    (tmp_path / "tests" / "qt").mkdir(parents=True)
    (tmp_path / "tests" / "core").mkdir()
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "tests" / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    (tmp_path / "tests" / "qt" / "test_sweeps.py").write_text(SWEEPS, encoding="utf-8")
    (tmp_path / "tests" / "core" / "test_core_sweep.py").write_text(SWEEPS.replace("test_", "test_core_"))
    r = subprocess.run(
        [sys.executable, "-c", TIERS], cwd=tmp_path, capture_output=True, text=True, timeout=300, env=dict(os.environ)
    )
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    tier = {line.split()[2]: line.split()[1] for line in r.stdout.splitlines() if line.startswith("TIER ")}
    qt, core = "tests/qt/test_sweeps.py::", "tests/core/test_core_sweep.py::"
    assert tier == {
        # a window sweep: its first parameter set quick, the others full
        qt + "test_window_sweep[1366x768]": "quick",
        qt + "test_window_sweep[1600x900]": "full",
        qt + "test_window_sweep[1920x1080]": "full",
        qt + "test_every_theme[dark]": "quick",
        qt + "test_every_theme[light]": "quick",
        qt + "test_long[1]": "slow",
        qt + "test_long[2]": "slow",
        qt + "test_once": "quick",
        # tests/core is never swept
        core + "test_core_window_sweep[1366x768]": "quick",
        core + "test_core_window_sweep[1600x900]": "quick",
        core + "test_core_window_sweep[1920x1080]": "quick",
        core + "test_core_every_theme[dark]": "quick",
        core + "test_core_every_theme[light]": "quick",
        core + "test_core_long[1]": "slow",
        core + "test_core_long[2]": "slow",
        core + "test_core_once": "quick",
    }
    # the default expression selects exactly the quick tier, and CI runs the other two
    assert _addopts()[_addopts().index("-m") + 1] == "not slow and not full"
    lines = _ci_lines()
    assert any(line.endswith("-m pytest -m full") for line in lines)
    assert any(line.endswith("-m pytest -m slow") for line in lines)


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
    # No third-party plugins: pytest's own exit codes are what the helper sees (and it starts fast).
    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    r = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=300, env=env)
    assert "after-empty" in r.stdout and "selected no tests" in r.stdout
    assert "after-bad" not in r.stdout and r.returncode == 1
