"""The licence texts of everything shipped, against the self-test's list and the About dialog's
(the rest of the packaging checks are Qt-free: tests/core/test_packaging_core.py)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import filecmp
from pathlib import Path

from scalingdesk import selftest
from scalingdesk.qt.about import LICENCES

ROOT = Path(__file__).resolve().parents[2]


def test_licence_texts_of_everything_shipped_are_present():
    folder = ROOT / "LICENSES"
    for name in selftest.REQUIRED_LICENCES:
        path = folder / name
        assert path.is_file() and path.stat().st_size > 500, name
    assert filecmp.cmp(ROOT / "LICENSE", folder / "ScalingDesk-MIT.txt", shallow=False)
    lgpl = (folder / "Qt-PySide6-LGPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl and "Version 3, 29 June 2007" in lgpl
    gpl = (folder / "GPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in gpl and "Version 3, 29 June 2007" in gpl
    for name in ("NumPy-BSD-3-Clause-and-bundled.txt", "SciPy-BSD-3-Clause-and-bundled.txt"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "Redistribution and use in source and binary forms" in text
        assert "OpenBLAS" in text and "GCC RUNTIME LIBRARY EXCEPTION" in text.upper()
    assert "Permission is hereby granted" in (folder / "pyqtgraph-MIT.txt").read_text(encoding="utf-8")
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for component, _licence in LICENCES:  # everything the About dialog lists has its row
        first = component.split()[0].split("/")[0]
        assert first in readme, component
