"""scalingdesk.qt.pg_import: pyqtgraph imported through scalingdesk.qt builds only the Qt classes
it uses, and still sees every PySide6 name as the same object (start-up time, issue 18)."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

# Each check runs in a fresh interpreter: the hook acts only on pyqtgraph's first import.
PROBE = textwrap.dedent(
    """
    import json, sys
    from PySide6 import QtCore, QtGui, QtWidgets
    hook = sys.argv[1] == "hook"
    if hook:
        import scalingdesk.qt  # installs the hook (every scalingdesk.qt module imports this first)
    import pyqtgraph as pg
    from pyqtgraph.Qt import QtWidgets as MirrorWidgets, QtCore as MirrorCore, QtGui as MirrorGui
    built = len(QtWidgets.__dict__)
    same = all(
        getattr(mirror, name) is getattr(real, name)
        for mirror, real in ((MirrorWidgets, QtWidgets), (MirrorCore, QtCore), (MirrorGui, QtGui))
        for name in dir(real)
        if not name.startswith("__")
    )
    try:
        MirrorWidgets.QNoSuchWidget
        missing = "no error"
    except AttributeError as err:
        missing = str(err)
    app = pg.mkQApp()
    plot = pg.PlotWidget()
    plot.plot([1, 2, 3], [3, 1, 2])
    plot.resize(200, 150)
    image = plot.grab().toImage()
    print(json.dumps({
        "built_before_lookup": built,
        "total": len(dir(QtWidgets)),
        "same": same,
        "missing": missing,
        "dir_restored": len(dir(QtWidgets)) == len(QtWidgets.__dir__()) and "QTableWidget" in dir(QtWidgets),
        "image": [image.width(), image.height()],
        "hook_left": any(type(f).__module__ == "scalingdesk.qt.pg_import" for f in sys.meta_path),
        "skipped": [m for m in ("multiprocessing", "pyqtgraph.parametertree") if m in sys.modules],
        "deferred": {
            name: getattr(pg, name).__module__
            for name in ("SpinBox", "RemoteGraphicsView", "TreeWidgetItem", "ColorMapParameter", "GroupBox")
        },
        "submodule": __import__("pyqtgraph.widgets.TableWidget", fromlist=["x"]).TableWidget is pg.TableWidget,
        "exporters": sorted(e.__name__ for e in __import__("pyqtgraph.exporters", fromlist=["x"]).Exporter.Exporters),
    }))
    """
)


def _probe(mode: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def hooked() -> dict:
    return _probe("hook")


@pytest.fixture(scope="module")
def plain() -> dict:
    return _probe("plain")


def test_pyqtgraph_builds_fewer_qt_classes_through_the_hook(hooked, plain):
    # Plain pyqtgraph builds every QtWidgets class at import; through the hook, well under half.
    assert plain["built_before_lookup"] >= plain["total"] - 5
    assert hooked["built_before_lookup"] < hooked["total"] / 2


def test_every_mirror_name_is_the_pyside6_object_and_unknown_names_still_fail(hooked):
    assert hooked["same"] is True
    assert "QNoSuchWidget" in hooked["missing"] and "PySide6.QtWidgets" in hooked["missing"]


def test_pyside6_lists_every_name_again_and_the_hook_is_gone(hooked):
    assert hooked["dir_restored"] is True
    assert hooked["hook_left"] is False


def test_pyqtgraph_plots_through_the_hook(hooked, plain):
    assert hooked["image"] == plain["image"] == [200, 150]


def test_unused_widgets_wait_until_asked_for_and_then_are_the_real_ones(hooked, plain):
    # With a plot made but no deferred name asked for, the parameter tree and multiprocessing are
    # not loaded (plain pyqtgraph loads both); each deferred name is then its real module's class.
    assert hooked["skipped"] == []
    assert set(plain["skipped"]) == {"multiprocessing", "pyqtgraph.parametertree"}
    assert hooked["deferred"] == plain["deferred"]
    assert hooked["deferred"]["TreeWidgetItem"] == "pyqtgraph.widgets.TreeWidget"
    assert hooked["submodule"] is True
    assert hooked["exporters"] == plain["exporters"] and "SVGExporter" in hooked["exporters"]


def test_deferred_table_matches_the_installed_pyqtgraph():
    import importlib

    from scalingdesk.qt import pg_import

    for module, names in pg_import.DEFERRED_WIDGETS.items():
        real = importlib.import_module(f"pyqtgraph.widgets.{module}")
        assert tuple(real.__all__) == names, module


def test_install_does_nothing_once_pyqtgraph_is_imported():
    import pyqtgraph  # noqa: F401

    from scalingdesk.qt import pg_import

    assert pg_import.install() is False
    assert pg_import._FINDER not in sys.meta_path
