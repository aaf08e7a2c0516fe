"""The core stays Qt-free: importable and usable where no Qt is installed."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "scalingdesk" / "core"

FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "pyqtgraph", "shiboken6", "scalingdesk.qt")


def test_no_qt_import_statements_in_the_core():
    offenders = []
    for path in CORE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
    assert not offenders, offenders
