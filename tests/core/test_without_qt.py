"""tests/core runs without Qt (issue 18): CI runs this folder in a venv with neither PySide6 nor
pyqtgraph installed and sets SCALINGDESK_CORE_ONLY=1 there, so that a Qt import creeping into the
core or its tests fails the step instead of silently needing Qt."""

import importlib.util
import os
import sys

import pytest

CORE_ONLY = os.environ.get("SCALINGDESK_CORE_ONLY") == "1"


@pytest.mark.skipif(not CORE_ONLY, reason="only where CI says this venv has no Qt (SCALINGDESK_CORE_ONLY=1)")
@pytest.mark.parametrize("module", ["PySide6", "pyqtgraph", "pytestqt"])
def test_qt_is_not_installed_here(module):
    assert importlib.util.find_spec(module) is None, f"{module} is importable in the core-only venv"


def test_the_core_and_the_cli_import_without_loading_qt():
    # In a fresh interpreter (this one may have Qt loaded by other tests): the core, the CLI and
    # every science sub-command module import without pulling in PySide6 or pyqtgraph.
    import subprocess

    code = (
        "import sys, scalingdesk.cli, scalingdesk.core.laws, scalingdesk.core.fitting, "
        "scalingdesk.core.scenario_io, scalingdesk.core.tour\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph') "
        "or m.startswith('scalingdesk.qt'))\n"
        "print(' '.join(bad))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""
