"""About: versions, licences of what ships, and the papers behind the numbers."""

from __future__ import annotations

import html
import platform

from PySide6 import QtCore, QtWidgets

from scalingdesk import __version__
from scalingdesk.core.laws import FAMILIES


def versions() -> dict[str, str]:
    import numpy
    import pyqtgraph
    import PySide6
    import scipy

    return {
        "ScalingDesk": __version__,
        "Python": platform.python_version(),
        "Qt": QtCore.qVersion(),
        "PySide6": PySide6.__version__,
        "pyqtgraph": pyqtgraph.__version__,
        "NumPy": numpy.__version__,
        "SciPy": scipy.__version__,
    }


LICENCES = [
    ("Qt 6 / PySide6", "LGPL-3.0 (dynamically linked; you may replace the Qt libraries)"),
    ("pyqtgraph", "MIT"),
    ("NumPy", "BSD-3-Clause"),
    ("SciPy", "BSD-3-Clause"),
    ("ScalingDesk", "MIT"),
]


#: resources/epoch_models.json is derived from Epoch AI's table, whose licence asks for credit.
EPOCH_DATA_CREDIT = (
    "Notable AI Models data (resources/epoch_models.json): Epoch AI, 'Parameter, Compute and Data "
    "Trends in Machine Learning', epoch.ai/data/notable-ai-models (March 2025 release), licensed "
    "under Creative Commons Attribution 4.0 (CC BY 4.0); filtered to language models and flagged "
    "by ScalingDesk."
)


class AboutDialog(QtWidgets.QDialog):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About ScalingDesk")
        v = versions()
        rows = "".join(f"<tr><td>{k}</td><td>{val}</td></tr>" for k, val in v.items())
        lic = "".join(f"<li><b>{name}</b>: {text}</li>" for name, text in LICENCES)
        papers = "".join(f"<li>{law.label}: {law.source}</li>" for law in FAMILIES.values())
        text = QtWidgets.QTextBrowser()  # scrolls, so nothing is cut off at any size
        text.setOpenLinks(False)
        text.setAccessibleName("About ScalingDesk")
        text.setHtml(
            f"<h2>ScalingDesk {__version__}</h2>"
            "<p>Feel how language-model scaling laws work.</p>"
            f"<table>{rows}</table><h3>Licences</h3><ul>{lic}</ul>"
            "<p>Full licence texts ship in the LICENSES folder.</p>"
            f"<h3>Sources</h3><ul>{papers}</ul>"
            f"<h3>Data</h3><p>{html.escape(EPOCH_DATA_CREDIT)}</p>"  # CC BY asks for this credit
        )
        self.text = text
        self.resize(600, 560)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
