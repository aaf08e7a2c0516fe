"""Starting the window, and rendering it offscreen for documentation (``scalingdesk screenshot``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets


def application(argv: list[str] | None = None) -> QtWidgets.QApplication:
    """The one QApplication of this process (created on first use)."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        QtGui.QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            QtCore.Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QtWidgets.QApplication(argv or [sys.argv[0]])
        app.setOrganizationName("ScalingDesk")
        app.setApplicationName("ScalingDesk")
        from scalingdesk import __version__

        app.setApplicationVersion(__version__)
        icon = _icon()
        if icon is not None:
            app.setWindowIcon(icon)
    return app  # type: ignore[return-value]


def _icon() -> QtGui.QIcon | None:
    from scalingdesk.resources import resource_path

    path = resource_path("icons/scalingdesk.svg")
    return QtGui.QIcon(str(path)) if path.is_file() else None


def run_app(open_path: str | None = None) -> int:
    from scalingdesk.qt.display import missing_xcb_message, no_display_message

    # Qt would abort (exit 134) with a hint about libxcb-cursor0 whatever the cause: say which.
    message = no_display_message() or missing_xcb_message()
    if message:
        print(message, file=sys.stderr)
        return 2
    app = application()
    from scalingdesk.qt.main_window import MainWindow

    window = MainWindow()
    if open_path:
        _open_in(window, open_path)
    # macOS hands a clicked scalingdesk:// link or a double-clicked file to the running app as a
    # FileOpen event (the bundle declares the scheme: CFBundleURLTypes in packaging's spec).
    opener = _FileOpenFilter(window, app)
    app.installEventFilter(opener)
    window.show()
    QtCore.QTimer.singleShot(1500, _warm_up)
    return app.exec()


def _warm_up() -> None:
    """Import, off the GUI thread and after the window is up, what the first use of a feature
    would otherwise import on it: scipy.optimize (Kaplan 2020's IsoFLOP minimum, 0.3-1 s), so
    the first switch to that family paints in one frame.  Start-up does not wait for it."""
    import importlib
    import threading

    def run() -> None:
        try:
            importlib.import_module("scipy.optimize")
        except Exception:  # pragma: no cover - the feature will report it when used
            pass

    threading.Thread(target=run, name="scalingdesk-warm-up", daemon=True).start()


def _open_in(window, target: str) -> None:
    if target.startswith("scalingdesk://"):
        window.paste_link(target)
    else:
        window.open_path(target)


class _FileOpenFilter(QtCore.QObject):
    def __init__(self, window, parent: QtCore.QObject) -> None:
        super().__init__(parent)
        self._window = window

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.FileOpen:
            url = event.url()
            target = url.toString() if url.scheme() == "scalingdesk" else (event.file() or url.toLocalFile())
            if target:
                _open_in(self._window, target)
                return True
        return False


def _parse_size(text: str) -> QtCore.QSize:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"--size {text!r} must look like 1600x900") from None
    if not (200 <= w <= 8000 and 200 <= h <= 8000):
        raise ValueError(f"--size {text!r}: width and height must be between 200 and 8000 pixels")
    return QtCore.QSize(w, h)


def run_screenshot(args: argparse.Namespace) -> int:
    """Render offscreen (a real window is not needed) and save a PNG, or an SVG (``OUT.svg``),
    written atomically; a failure raises ValueError (one line, exit 2)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    size = _parse_size(args.size)
    out = Path(args.output)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"output {args.output!r} must be a .png or .svg file")
    app = application()
    from scalingdesk.core import scenario_io
    from scalingdesk.core.scenario import Scenario
    from scalingdesk.qt import export
    from scalingdesk.qt import theme as themes
    from scalingdesk.qt.main_window import MainWindow

    scenario = Scenario()
    if args.scenario:  # a file or a scalingdesk:// link, validated whole
        scenario = Scenario(scenario_io.load_any(args.scenario))
    scenes = None
    if getattr(args, "tour", None):  # a tour file instead of the built-in one (bounded, validated)
        from scalingdesk.core.tour_file import read_tour

        scenes = read_tour(args.tour)
    theme = themes.ThemeModel()  # the window's own
    if args.theme:
        theme.set(args.theme)
    window = MainWindow(scenario, settings=_ephemeral_settings(), restore=False, theme=theme)
    try:
        return _shoot(app, window, scenario, args, size, out, fmt, export, scenes)
    except export.ExportError as err:
        raise ValueError(str(err)) from None
    finally:
        window.close()


def _shoot(app, window, scenario, args, size, out: Path, fmt: str, export, scenes=None) -> int:
    window.resize(size)
    if scenes is not None:
        window.tour.leave()
        window.tour.scenes = scenes
    if args.presenter or args.scene is not None or scenes is not None:
        from scalingdesk.qt.presenter import prepare_presenter_shot

        prepare_presenter_shot(window, scene=args.scene, presenter=args.presenter)
    window.show()
    for _ in range(3):
        app.processEvents()
    view = args.view
    image = widget = None
    if view == "window":
        widget = window
    elif view == "lever":
        if window.lever is None:
            raise ValueError("the lever view is not available in this build")
        window.lever.set_scenario(scenario.law, scenario.state.compute)
        for _ in range(max(0, args.pulls)):
            window.lever.pull()
        if fmt == "svg":
            raise ValueError("--view lever: the lever is a PNG only (it is drawn as pixels)")
        image = window.lever.render_to_image(size.width(), size.height())
    elif view in window.plots:
        widget = window.plots[view]
        widget.resize(size)
        app.processEvents()
    elif view == "hardware" and window.hardware is not None:
        window.side_tabs.setCurrentWidget(window.hardware)
        app.processEvents()
        widget = window.hardware
    elif view in ("timeline", "test-time", "reconcile") and view in window.views.names():
        from scalingdesk.qt.frontier_tabs import show_for_shot

        widget = show_for_shot(window, view, size)
        app.processEvents()
    else:
        raise ValueError(
            f"--view {view!r}: choose window, lever, loss, isoflop, plane, hardware, timeline, test-time or reconcile"
        )
    if fmt == "svg":
        data = export.svg_bytes(widget, title=f"ScalingDesk {view} — {scenario.state.law_object.label}")
    else:
        data = export.png_bytes(image if image is not None else widget.grab().toImage())
    export.atomic_write(out, data)
    print(out)
    return 0


def _ephemeral_settings():
    """Settings in a throwaway folder, so a screenshot or the self-test never reads or changes
    the user's; the folder is removed when the process exits."""
    import atexit
    import shutil
    import tempfile

    from scalingdesk.qt.settings import Settings

    folder = tempfile.mkdtemp(prefix="scalingdesk-shot-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    QtCore.QSettings.setPath(QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, folder)
    return Settings()
