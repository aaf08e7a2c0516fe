"""Fast checks of the packaging recipe: the spec's choices, the desktop file, the installer, the
archive naming and determinism, the icons and the licence texts (no PyInstaller run here:
packaging/build.sh builds the real bundle and runs the frozen self-test)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import filecmp
import sys
import types
from pathlib import Path

import pytest

from scalingdesk import selftest
from scalingdesk.qt.about import LICENCES

ROOT = Path(__file__).resolve().parents[2]

PACKAGING = ROOT / "packaging"

SPEC = PACKAGING / "scalingdesk.spec"


class _Recorder:
    """Stands in for PyInstaller's build classes and records what the spec passes them."""

    calls: dict[str, list] = {}

    def __init_subclass__(cls) -> None:
        cls.calls = _Recorder.calls

    def __init__(self, *args, **kwargs) -> None:
        self.args, self.kwargs = args, kwargs
        self.calls.setdefault(type(self).__name__, []).append(self)


FAKE_BINARIES = [
    ("PySide6/Qt/lib/libQt6Core.so.6", "/site/PySide6/Qt/lib/libQt6Core.so.6", "BINARY"),
    ("PySide6/Qt/lib/libQt6Quick.so.6", "/site/PySide6/Qt/lib/libQt6Quick.so.6", "BINARY"),
    ("PySide6/Qt/lib/libQt6Network.so.6", "/site/PySide6/Qt/lib/libQt6Network.so.6", "BINARY"),
    ("PySide6/Qt/lib/libQt6OpenGL.so.6", "/site/PySide6/Qt/lib/libQt6OpenGL.so.6", "BINARY"),
    ("PySide6/Qt/lib/libQt6Svg.so.6", "/site/PySide6/Qt/lib/libQt6Svg.so.6", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "/site/p/libqxcb.so", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "/site/p/libqoffscreen.so", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", "/site/p/libqvnc.so", "BINARY"),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/site/p/libqgtk3.so", "BINARY"),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", "/site/p/libqsvg.so", "BINARY"),
    ("PySide6/Qt/plugins/imageformats/libqtiff.so", "/site/p/libqtiff.so", "BINARY"),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", "/site/p/libqsvgicon.so", "BINARY"),
    ("PySide6\\plugins\\platforms\\qwindows.dll", "C:/site/qwindows.dll", "BINARY"),
    ("libgtk-3.so.0", "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0", "BINARY"),  # only qgtk3 needs it
    ("libxcb-cursor.so.0", "/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0", "BINARY"),  # qxcb needs it
    # A distribution's own Python keeps its interpreter and extensions in the system folders too.
    ("libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "BINARY"),
    ("python3.11/lib-dynload/_json.so", "/usr/lib/python3.11/lib-dynload/_json.so", "EXTENSION"),
    # SciPy's HiGHS solver: replaced by stand-ins (packaging/stubs/highspy).
    ("scipy/optimize/_highspy/_core.cpython-311-x86_64-linux-gnu.so", "/site/scipy/_core.so", "EXTENSION"),
    ("scipy/optimize/_zeros.cpython-311-x86_64-linux-gnu.so", "/site/scipy/_zeros.so", "EXTENSION"),
]

FAKE_IMPORTS = {
    "/site/p/libqxcb.so": {("libxcb-cursor.so.0", "/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0")},
    "/site/p/libqgtk3.so": {("libgtk-3.so.0", "/usr/lib/x86_64-linux-gnu/libgtk-3.so.0")},
}

FAKE_DATAS = [
    ("PySide6/Qt/translations/qtbase_de.qm", "/site/t/qtbase_de.qm", "DATA"),
    ("resources/gpus.json", "/repo/resources/gpus.json", "DATA"),
    ("numpy/_core/tests/test_api.py", "/site/numpy/_core/tests/test_api.py", "DATA"),
    # pip's record of the builder's checkout: never in the bundle (issue 18).
    ("scalingdesk-0.1.0.dist-info/direct_url.json", "/site/scalingdesk-0.1.0.dist-info/direct_url.json", "DATA"),
]


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    """Execute the spec with PyInstaller's classes and helpers replaced by recorders."""
    _Recorder.calls.clear()
    classes = {name: type(name, (_Recorder,), {}) for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}

    def analysis_init(self, *args, **kwargs):
        _Recorder.__init__(self, *args, **kwargs)
        self.binaries, self.datas, self.pure, self.scripts = list(FAKE_BINARIES), list(FAKE_DATAS), [], []

    classes["Analysis"].__init__ = analysis_init
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda pkg: [f"{pkg}.cli.fit", f"{pkg}.selftest"]
    hooks.copy_metadata = lambda dist: [(f"/site/{dist}-0.1.0.dist-info", f"{dist}-0.1.0.dist-info")]
    bindepend = types.ModuleType("PyInstaller.depend.bindepend")
    bindepend.get_imports = lambda path, search_paths=None: FAKE_IMPORTS.get(path, set())
    depend = types.ModuleType("PyInstaller.depend")
    depend.bindepend = bindepend
    fakes = {
        "PyInstaller": types.ModuleType("PyInstaller"),
        "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
        "PyInstaller.utils.hooks": hooks,
        "PyInstaller.depend": depend,
        "PyInstaller.depend.bindepend": bindepend,
    }
    saved = {k: sys.modules.get(k) for k in fakes}
    sys.modules.update(fakes)
    try:
        namespace = {
            "SPECPATH": str(PACKAGING),
            "__file__": str(SPEC),
            "workpath": str(tmp_path_factory.mktemp("work")),
            **classes,
        }
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        for k, v in saved.items():
            if v is None:
                sys.modules.pop(k, None)
            else:
                sys.modules[k] = v
    return namespace, _Recorder.calls


def test_spec_builds_one_folder_not_one_file(spec):
    _ns, calls = spec
    (exe,) = calls["EXE"]
    (coll,) = calls["COLLECT"]
    assert exe.kwargs["exclude_binaries"] is True  # binaries go to COLLECT: a folder
    assert coll.kwargs["name"] == "ScalingDesk" and exe.kwargs["name"] == "scalingdesk"
    assert exe.kwargs["upx"] is False
    # strip breaks numpy's and scipy's auditwheel-patched OpenBLAS (the frozen import fails).
    assert exe.kwargs["strip"] is False and coll.kwargs["strip"] is False


def test_spec_ships_resources_licences_and_version_metadata(spec):
    _ns, calls = spec
    (analysis,) = calls["Analysis"]
    datas = analysis.kwargs["datas"]
    targets = {dest for _src, dest in datas}
    assert {"resources", "LICENSES", "scalingdesk-0.1.0.dist-info"} <= targets
    sources = {Path(src).name for src, _dest in datas}
    assert {"resources", "LICENSES"} <= sources
    assert "scalingdesk.selftest" in analysis.kwargs["hiddenimports"]
    stubs = {(Path(src).name, dest) for src, dest in datas if "highspy" in src}
    assert stubs == {("_core.py", "scipy/optimize/_highspy"), ("_highs_options.py", "scipy/optimize/_highspy")}
    assert Path(analysis.args[0][0]) == PACKAGING / "launcher.py"


def test_spec_excludes_what_the_app_never_uses(spec):
    _ns, calls = spec
    excludes = set(calls["Analysis"][0].kwargs["excludes"])
    for name in (
        "PySide6.QtWebEngineCore",
        "PySide6.QtQuick",
        "PySide6.QtNetwork",
        "tkinter",
        "matplotlib",
        "scipy.stats",
        "PyQt5",
    ):
        assert name in excludes
    for needed in (
        "PySide6.QtOpenGL",
        "PySide6.QtOpenGLWidgets",
        "PySide6.QtSvg",
        "scipy.optimize",
        "scipy.linalg",
        "scipy.sparse",
        "scipy.special",
        "numpy.testing",
        "unittest",
    ):
        assert needed not in excludes, f"{needed} is imported at run time and must ship"


def test_spec_keeps_only_the_wanted_qt_plugins_and_no_translations(spec):
    ns, _calls = spec
    a = ns["a"]
    kept = {dest.replace("\\", "/") for dest, _src, _kind in a.binaries}
    assert "PySide6/Qt/plugins/platforms/libqxcb.so" in kept
    assert "PySide6/Qt/plugins/platforms/libqoffscreen.so" in kept
    assert "PySide6/Qt/plugins/imageformats/libqsvg.so" in kept
    assert "PySide6/Qt/plugins/iconengines/libqsvgicon.so" in kept
    assert "PySide6/plugins/platforms/qwindows.dll" in kept
    assert "PySide6/Qt/lib/libQt6OpenGL.so.6" in kept and "PySide6/Qt/lib/libQt6Svg.so.6" in kept
    for gone in (
        "platforms/libqvnc.so",
        "platformthemes/libqgtk3.so",
        "imageformats/libqtiff.so",
        "libQt6Quick.so.6",
        "libQt6Network.so.6",
    ):
        assert not any(k.endswith(gone) for k in kept), gone
    data = {dest for dest, _src, _kind in a.datas}
    assert data == {"resources/gpus.json"}  # no .qm translations, no numpy tests, no direct_url.json
    assert not any("_highspy/_core" in k for k in kept) and any(
        k.endswith("_zeros.cpython-311-x86_64-linux-gnu.so") for k in kept
    )
    if sys.platform.startswith("linux"):
        # GTK came only with the dropped theme plugin; xcb-cursor is needed by the kept xcb one.
        assert "libgtk-3.so.0" not in kept and "libxcb-cursor.so.0" in kept
        assert {"libpython3.11.so.1.0", "python3.11/lib-dynload/_json.so"} <= kept


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
