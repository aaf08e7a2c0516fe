"""Test set-up: no screen, and settings in a throwaway folder (never the user's)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory):
    try:
        from PySide6 import QtCore
    except ImportError:  # core-only environments
        yield
        return
    folder = tmp_path_factory.mktemp("settings")
    QtCore.QSettings.setPath(QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, str(folder))
    yield


@pytest.fixture
def make_window(qtbot):
    """Open a main window (no restored session) the way the window tests all do."""

    def make(size: tuple[int, int] | None = None):
        from scalingdesk.qt.main_window import MainWindow

        w = MainWindow(restore=False)
        qtbot.addWidget(w)
        if size is not None:
            w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        return w

    return make


@pytest.fixture(autouse=True)
def _no_modal_unsaved_prompt(monkeypatch):
    """A window closed at a test's end with unsaved changes to a named file would ask (a modal
    box nobody answers): tests discard unless they replace ``_unsaved_prompt`` themselves."""
    try:
        from PySide6 import QtWidgets

        from scalingdesk.qt.main_window import MainWindow
    except ImportError:  # core-only environments
        return
    monkeypatch.setattr(MainWindow, "_unsaved_prompt", lambda self: QtWidgets.QMessageBox.StandardButton.Discard)
