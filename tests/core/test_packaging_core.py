"""Fast checks of the packaging recipe: the spec's choices, the desktop file, the installer, the
archive naming and determinism, the icons and the licence texts (no PyInstaller run here:
packaging/build.sh builds the real bundle and runs the frozen self-test)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import configparser
import hashlib
import importlib.util
import re
import struct
import subprocess
import sys
import tarfile
import textwrap
import tomllib
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

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


DESKTOP_KEYS = {
    "Type",
    "Version",
    "Name",
    "GenericName",
    "NoDisplay",
    "Comment",
    "Icon",
    "Hidden",
    "OnlyShowIn",
    "NotShowIn",
    "DBusActivatable",
    "TryExec",
    "Exec",
    "Path",
    "Terminal",
    "Actions",
    "MimeType",
    "Categories",
    "Implements",
    "Keywords",
    "StartupNotify",
    "StartupWMClass",
    "URL",
    "PrefersNonDefaultGPU",
    "SingleMainWindow",
}

MAIN_CATEGORIES = {
    "AudioVideo",
    "Audio",
    "Video",
    "Development",
    "Education",
    "Game",
    "Graphics",
    "Network",
    "Office",
    "Science",
    "Settings",
    "System",
    "Utility",
}


def _desktop_entries(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "[Desktop Entry]"
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(text)
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def test_desktop_file_is_valid():
    entry = _desktop_entries(PACKAGING / "scalingdesk.desktop")
    unknown = {k for k in entry if k not in DESKTOP_KEYS and not k.startswith("X-")}
    assert not unknown, f"keys not in the Desktop Entry Specification: {unknown}"
    assert entry["Type"] == "Application" and entry["Name"] == "ScalingDesk"
    assert entry["Terminal"] in ("true", "false") and entry["StartupNotify"] in ("true", "false")
    exec_line = entry["Exec"]
    assert exec_line.split()[0] == "scalingdesk"
    codes = re.findall(r"%.", exec_line)
    assert codes and set(codes) <= {"%f", "%F", "%u", "%U"} and len(codes) == 1  # one file/URL code
    assert entry["Icon"] == "scalingdesk" and (ROOT / "resources/icons/scalingdesk.svg").is_file()
    for key in ("Categories", "MimeType", "Keywords"):
        assert entry[key].endswith(";"), f"{key} is a list and must end with ';'"
    assert set(entry["Categories"].rstrip(";").split(";")) & MAIN_CATEGORIES
    assert "application/x-scalingdesk" in entry["MimeType"].split(";")


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux installer is a bash script")
def test_install_script_adds_and_removes_the_menu_entry(tmp_path):
    app = tmp_path / "ScalingDesk"
    app.mkdir()
    for name in ("install.sh", "scalingdesk.desktop"):
        (app / name).write_bytes((PACKAGING / name).read_bytes())
    for name in ("scalingdesk.svg", "scalingdesk-256.png", "scalingdesk-512.png"):
        (app / name).write_bytes((ROOT / "resources/icons" / name).read_bytes())
    exe = app / "scalingdesk"
    exe.write_text("#!/bin/sh\necho fake\n")
    exe.chmod(0o755)
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    r = subprocess.run(["bash", str(app / "install.sh"), "--here"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "application menu" in r.stdout
    desktop = home / ".local/share/applications/scalingdesk.desktop"
    entry = _desktop_entries(desktop)
    assert entry["Exec"] == f"{exe} %u" and entry["TryExec"] == str(exe)  # no quotes unless needed
    assert (home / ".local/share/icons/hicolor/256x256/apps/scalingdesk.png").is_file()
    assert (home / ".local/share/icons/hicolor/scalable/apps/scalingdesk.svg").is_file()
    assert (home / ".local/bin/scalingdesk").resolve() == exe.resolve()
    mime = ET.parse(home / ".local/share/mime/packages/scalingdesk.xml").getroot()
    assert mime[0].get("type") == "application/x-scalingdesk"

    r = subprocess.run(
        ["bash", str(app / "install.sh"), "--uninstall"],
        capture_output=True,
        text=True,
        env=dict(env, SCALINGDESK_PREFIX=str(tmp_path / "never-made" / "ScalingDesk")),
        timeout=60,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert not desktop.exists() and not (home / ".local/bin/scalingdesk").exists()
    assert exe.is_file()  # --here installs are not deleted by --uninstall

    r = subprocess.run(
        ["bash", str(app / "install.sh"), "--bogus"], capture_output=True, text=True, env=env, timeout=60
    )
    assert r.returncode == 2 and "unknown option '--bogus'" in r.stderr


def test_shell_scripts_parse():
    for script in ("build.sh", "install.sh"):
        r = subprocess.run(["bash", "-n", str(PACKAGING / script)], capture_output=True, text=True)
        assert r.returncode == 0, f"{script}: {r.stderr}"


def _make_archive_module():
    spec = importlib.util.spec_from_file_location("make_archive", PACKAGING / "make_archive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_archive_name_carries_the_package_version():
    ma = _make_archive_module()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    import scalingdesk

    assert scalingdesk.__version__ == version  # one place: the package metadata
    assert ma.archive_name(version, "linux-x86_64", windows=False) == f"ScalingDesk-{version}-linux-x86_64.tar.xz"
    assert ma.archive_name(version, "windows-x86_64", windows=True).endswith(f"{version}-windows-x86_64.zip")


def test_archive_is_deterministic_and_rooted_in_one_folder(tmp_path):
    ma = _make_archive_module()
    app = tmp_path / "ScalingDesk"
    (app / "_internal").mkdir(parents=True)
    (app / "scalingdesk").write_text("#!/bin/sh\n")
    (app / "scalingdesk").chmod(0o755)
    (app / "_internal" / "data.txt").write_text("x" * 1000)
    (app / "_internal" / "copy.txt").symlink_to("data.txt")  # dedupe.py's links stay links
    a = ma.make_tar_xz(app, tmp_path / "a.tar.xz", mtime=1577836800)
    os.utime(app / "scalingdesk", (0, 0))  # file times must not matter
    b = ma.make_tar_xz(app, tmp_path / "b.tar.xz", mtime=1577836800)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    with tarfile.open(a) as tar:
        names = tar.getnames()
        assert names == sorted(names) and all(n.split("/")[0] == "ScalingDesk" for n in names)
        member = tar.getmember("ScalingDesk/scalingdesk")
        assert member.mode & 0o111 and member.uid == 0 and member.mtime == 1577836800
        link = tar.getmember("ScalingDesk/_internal/copy.txt")
        assert link.issym() and link.linkname == "data.txt"


def test_dedupe_links_identical_libraries_and_leaves_the_rest(tmp_path):
    spec = importlib.util.spec_from_file_location("dedupe", PACKAGING / "dedupe.py")
    dedupe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dedupe)
    lib = bytes(range(256)) * 400  # 100 KB
    (tmp_path / "numpy.libs").mkdir()
    (tmp_path / "scipy.libs").mkdir()
    (tmp_path / "numpy.libs" / "libgfortran-1.so.5").write_bytes(lib)
    (tmp_path / "scipy.libs" / "libgfortran-1.so.5").write_bytes(lib)
    (tmp_path / "scipy.libs" / "libother.so").write_bytes(lib[:-1] + b"x")
    linked = dedupe.dedupe(tmp_path)
    assert [(l.relative_to(tmp_path).as_posix(), t.relative_to(tmp_path).as_posix()) for l, t, _ in linked] == [
        ("scipy.libs/libgfortran-1.so.5", "numpy.libs/libgfortran-1.so.5")
    ]
    copy = tmp_path / "scipy.libs" / "libgfortran-1.so.5"
    assert copy.is_symlink() and os.readlink(copy) == "../numpy.libs/libgfortran-1.so.5"
    assert copy.read_bytes() == lib and not (tmp_path / "scipy.libs" / "libother.so").is_symlink()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_icons_exist_at_their_sizes():
    icons = ROOT / "resources" / "icons"
    root = ET.parse(icons / "scalingdesk.svg").getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 512 512"
    for size in (256, 512):
        assert _png_size(icons / f"scalingdesk-{size}.png") == (size, size)


def test_ci_workflow_builds_on_three_platforms_and_runs_the_frozen_self_test():
    text = (PACKAGING / "github-workflow-build.yml").read_text(encoding="utf-8")
    for runner in ("ubuntu-", "windows-", "macos-"):
        assert runner in text
    assert "bash packaging/build.sh" in text
    assert "bench_bundle.py" in text
    copy = ROOT / ".github" / "workflows" / "build.yml"
    assert copy.read_text(encoding="utf-8") == text, "keep .github/workflows/build.yml identical"


def _fake_unpacked_app(tmp_path: Path) -> Path:
    app = tmp_path / "Downloads" / "ScalingDesk"
    app.mkdir(parents=True)
    for name in ("install.sh", "scalingdesk.desktop"):
        (app / name).write_bytes((PACKAGING / name).read_bytes())
    for name in ("scalingdesk.svg", "scalingdesk-256.png", "scalingdesk-512.png"):
        (app / name).write_bytes((ROOT / "resources/icons" / name).read_bytes())
    (app / "scalingdesk").write_text("#!/bin/sh\necho fake\n")
    (app / "scalingdesk").chmod(0o755)
    return app


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux installer is a bash script")
def test_install_copy_mode_says_what_it_leaves_behind_and_move_cleans_it(tmp_path):
    app = _fake_unpacked_app(tmp_path)
    env = {
        "HOME": str(tmp_path / "home"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SCALINGDESK_PREFIX": str(tmp_path / "opt" / "ScalingDesk"),
    }
    r = subprocess.run(["bash", str(app / "install.sh")], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{app} (" in r.stdout and "no longer needed" in r.stdout and f"rm -rf '{app}'" in r.stdout
    assert app.is_dir() and (tmp_path / "opt" / "ScalingDesk" / "scalingdesk").is_file()

    r = subprocess.run(["bash", str(app / "install.sh"), "--move"], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not app.exists() and "removed the unpacked folder" in r.stdout
    assert (tmp_path / "opt" / "ScalingDesk" / "scalingdesk").is_file()


def test_pyproject_metadata_and_the_wheel_ships_the_licence_texts():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = meta["project"]
    assert project["authors"] and project["urls"] and len(project["classifiers"]) > 5
    assert "License :: OSI Approved :: MIT License" in project["classifiers"]
    include = meta["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include["LICENSES"] == "scalingdesk/LICENSES" and (ROOT / "LICENSES").is_dir()


def test_build_script_says_before_it_runs_apt_get_and_can_skip_it():
    text = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    step = text[text.index("# --- 1.") : text.index("# --- 2.")]
    announce, apt = step.index('say "installing'), step.index("apt-get install -y")
    assert announce < apt and "--no-system-deps" in step[announce:apt]
    assert '[ "$SYSTEM_DEPS" = 1 ]' in step
    r = subprocess.run(["bash", str(PACKAGING / "build.sh"), "--bogus"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "unknown option '--bogus'" in r.stderr


def test_highs_stand_ins_let_scipy_optimize_import_and_refuse_use():
    # What the frozen app gets instead of SciPy's 6.7 MB HiGHS extensions.
    code = textwrap.dedent(f"""
        import importlib.util, sys
        import scipy
        for name in ("_core", "_highs_options"):
            spec = importlib.util.spec_from_file_location("scipy.optimize._highspy." + name,
                                                          {str(PACKAGING / "stubs" / "highspy")!r} + "/" + name + ".py")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            sys.modules[spec.name] = module
        from scipy.optimize import brentq, minimize_scalar
        assert abs(brentq(lambda x: x * x - 2, 0, 2) - 2 ** 0.5) < 1e-9
        assert abs(minimize_scalar(lambda x: (x - 1) ** 2).x - 1) < 1e-6
        from scipy.optimize._highspy._highs_wrapper import _highs_wrapper
        try:
            _highs_wrapper(None)
        except (ImportError, TypeError, AttributeError):
            print("refused")
    """)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and r.stdout.strip() == "refused", r.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF tools")
def test_trim_icu_keeps_english_and_the_root_and_drops_other_locales_and_codepages():
    spec = importlib.util.spec_from_file_location("trim_icu", PACKAGING / "trim_icu.py")
    trim_icu = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trim_icu)
    for kept in (
        "root.res",
        "en.res",
        "en_US.res",
        "coll/root.res",
        "coll/ucadata.icu",
        "brkitr/word.brk",
        "zone/root.res",
        "res_index.res",
        "coll/res_index.res",
        "pool.res",
        "supplementalData.res",
        "likelySubtags.res",
        "cnvalias.icu",
        "uts46.nrm",
        "zoneinfo64.res",
        "brkitr/thaidict.dict",
    ):
        assert not trim_icu.droppable(kept), kept
    for dropped in (
        "de.res",
        "zh_Hant_TW.res",
        "coll/ja.res",
        "lang/sr_Latn.res",
        "ibm-1047_P100-1995.cnv",
        "gb18030.cnv",
        "curr/fr_CA.res",
        "ca_ES_VALENCIA.res",
    ):
        assert trim_icu.droppable(dropped), dropped


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
