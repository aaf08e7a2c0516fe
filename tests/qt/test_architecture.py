"""The core stays Qt-free: importable and usable where no Qt is installed."""

import subprocess
import sys


def test_importing_the_core_and_the_cli_science_loads_no_qt():
    code = (
        "import sys, scalingdesk.core.laws, scalingdesk.core.allocation, scalingdesk.core.scenario, "
        "scalingdesk.core.scenario_io, scalingdesk.core.hardware, scalingdesk.core.fitting, "
        "scalingdesk.core.views, scalingdesk.core.extras\n"
        "from scalingdesk.cli import main\n"
        "assert main(['optimal', '--compute', '1e21', '--json']) == 0\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'shiboken6'))]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
