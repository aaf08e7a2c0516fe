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


#: The core modules that evaluate the science (laws, allocation, fitting, repeated data): the Qt
#: views get what they draw from view-models and readouts instead (issue 13).
SCIENCE = ("allocation", "fitting", "optim", "data_constrained", "bootstrap")
QT = CORE.parent / "qt"


def test_no_qt_module_imports_the_science_modules():
    offenders = []
    for path in sorted(QT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            mods: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module == "scalingdesk.core":
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("scalingdesk.core."):
                mods = [node.module.split(".")[2]]
            elif isinstance(node, ast.Import):
                mods = [a.name.split(".")[2] for a in node.names if a.name.startswith("scalingdesk.core.")]
            offenders += [f"{path.relative_to(QT)}: {m}" for m in mods if m in SCIENCE]
    assert not offenders, offenders
