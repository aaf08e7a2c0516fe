"""Test set-up: no screen, and settings in a throwaway folder (never the user's)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One BLAS thread per test process (set before numpy is first imported; the CLI subprocesses
# inherit it): with pytest-xdist's workers on two cores, OpenBLAS's own threads spin against each
# other, and one fit test took 28 s of wall time instead of 5 (issue 18).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
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
    _forget_closed_windows()


def _forget_closed_windows() -> None:
    """After each window test (pytest-qt has closed its widgets and asked Qt to delete them):
    delete them now, so a worker's closed windows do not pile up over a run (issue 18).  Each
    window owns its theme (scalingdesk.qt.theme.ThemeModel), so there is no theme to reset."""
    try:
        from PySide6 import QtCore, QtWidgets
    except ImportError:  # core-only environments
        return
    if QtWidgets.QApplication.instance() is not None:
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)


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


# --- tiers (issue 18) -----------------------------------------------------------------------------
# The README's test command runs the quick tier: every Qt-free test, and each window test once.  A
# window test parametrized over sizes, themes, families or scenes runs its first parameter set
# there; its other sets are marked ``full`` (a sweep), as are the tests marked ``full`` by hand
# (heavy window sweeps).  .ci/run runs ``-m full`` and ``-m slow`` in steps of their own, so CI
# still runs every test.  ``@pytest.mark.every_param`` keeps all of a test's sets in the quick tier.

_QT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "qt")


def pytest_collection_modifyitems(config, items):
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None or not str(item.path).startswith(_QT_DIR):
            continue
        if item.get_closest_marker("every_param") or item.get_closest_marker("slow"):
            continue
        if any(callspec.indices.values()):
            item.add_marker(pytest.mark.full)
