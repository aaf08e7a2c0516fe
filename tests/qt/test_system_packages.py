"""The README's system-package line is what Qt's xcb plugin links (issue 19), and `scalingdesk`
with no display, or with an xcb library missing, says so in one line and exits 2 instead of
Qt's abort with its libxcb-cursor0 hint."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scalingdesk.qt import display

ROOT = Path(__file__).resolve().parents[2]
LINUX = sys.platform.startswith("linux")


def _readme_apt_packages() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.startswith("sudo apt-get install ")]
    assert len(lines) == 1, lines
    return lines[0].split()[3:]


def test_readme_line_is_the_generated_one():
    assert "sudo apt-get install " + " ".join(_readme_apt_packages()) == display.apt_line()
    # The three the issue found missing are named.
    assert {"libxcb-icccm4", "libxcb-keysyms1", "libxcb-shape0"} <= set(_readme_apt_packages())


def test_build_and_install_scripts_know_no_package_the_readme_lacks():
    build = (ROOT / "packaging" / "build.sh").read_text(encoding="utf-8")
    assert "src/scalingdesk/qt/display.py --packages" in build  # build.sh installs the same list
    install = (ROOT / "packaging" / "install.sh").read_text(encoding="utf-8")
    table = install[install.index('LIB_TABLE="') + len('LIB_TABLE="') :]
    table = table[: table.index('"')]
    for row in table.splitlines():
        soname, deb = row.split()[:2]
        assert display.XCB_LIBRARIES.get(soname) == deb, row


def _needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def _system_libraries_of_the_xcb_plugin() -> set[str]:
    """Sonames outside the wheel that libqxcb.so, its GL integrations and the Qt libraries they
    reach link directly."""
    plugin = display.xcb_plugin()
    qt = plugin.parents[2]
    roots = [plugin, *sorted((qt / "plugins" / "xcbglintegrations").glob("*.so"))]
    seen, system, todo = set(), set(), list(roots)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in _needed(path):
            inside = qt / "lib" / name
            if inside.exists():
                todo.append(inside)
            else:
                system.add(name)
    return system


needs_elf_tools = pytest.mark.skipif(
    not LINUX or shutil.which("readelf") is None or display.xcb_plugin() is None,
    reason="needs Linux, readelf and PySide6's xcb plugin",
)


@needs_elf_tools
def test_every_library_the_xcb_plugin_links_has_its_package_named():
    system = _system_libraries_of_the_xcb_plugin()
    assert "libxcb-icccm.so.4" in system and "libxcb-cursor.so.0" in system  # the walk works
    unnamed = system - set(display.XCB_LIBRARIES) - display.RUNTIME_LIBRARIES
    assert not unnamed, f"Qt's xcb plugin links {sorted(unnamed)}: add them to qt/display.py"


def _ldconfig() -> dict[str, str]:
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if m and ("x86-64" in m.group(2) or "AArch64" in m.group(2) or "64bit" in m.group(2)):
            found.setdefault(m.group(1), m.group(3))
    return found


@pytest.mark.full  # readelf and dpkg over every library: CI's `-m full` step
@needs_elf_tools
@pytest.mark.skipif(shutil.which("dpkg") is None or shutil.which("ldconfig") is None, reason="needs dpkg")
def test_package_names_are_the_ones_dpkg_owns():
    found = _ldconfig()
    checked = 0
    for soname in sorted(_system_libraries_of_the_xcb_plugin() - display.RUNTIME_LIBRARIES):
        if soname not in found:
            continue  # not installed here: dpkg cannot tell; the table's name stands
        real = os.path.realpath(found[soname])
        owners = None
        for candidate in (real, real.replace("/usr/lib/", "/lib/", 1), real.replace("/lib/", "/usr/lib/", 1)):
            r = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if r.returncode == 0:
                owners = {o.strip().split(":")[0] for o in r.stdout.split(":", 1)[0].split(",")}
                break
        if owners is None:
            continue  # not from a package (a locally built library)
        owners = {re.sub(r"t64$", "", o) for o in owners}  # Ubuntu 24.04 / Debian 13 names
        assert display.XCB_LIBRARIES[soname] in owners, (soname, owners)
        checked += 1
    assert checked >= 10


# --- no display, a missing library ------------------------------------------------------------------


def test_no_display_message_only_when_there_is_none():
    assert display.no_display_message({}, "linux") is not None
    assert "\n" not in display.no_display_message({}, "linux")
    assert display.no_display_message({"DISPLAY": ":0"}, "linux") is None
    assert display.no_display_message({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display.no_display_message({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display.no_display_message({}, "darwin") is None and display.no_display_message({}, "win32") is None


@pytest.mark.skipif(not LINUX, reason="DISPLAY/WAYLAND_DISPLAY are how Linux names a display")
def test_scalingdesk_without_a_display_exits_2_with_one_line():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT / "src")
    r = subprocess.run([sys.executable, "-m", "scalingdesk"], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "DISPLAY" in lines[0], r.stderr
    assert "xcb-cursor" not in r.stderr and r.stdout == ""


def test_a_missing_xcb_library_is_named(monkeypatch, tmp_path):
    import ctypes

    def cdll(path):  # what glibc's dlopen says when a dependency of the plugin is absent
        raise OSError("libxcb-icccm.so.4: cannot open shared object file: No such file or directory")

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    monkeypatch.setattr(sys, "platform", "linux")
    plugin = tmp_path / "libqxcb.so"
    message = display.missing_xcb_message({"DISPLAY": ":0"}, plugin)
    assert message.startswith("scalingdesk: Qt's X11 plugin cannot load: libxcb-icccm.so.4 is missing")
    assert "(package libxcb-icccm4)" in message and display.apt_line() in message
    # Another platform chosen, or Wayland first: Qt will not load the xcb plugin, so no check.
    assert display.missing_xcb_message({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, plugin) is None
    assert display.missing_xcb_message({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w"}, plugin) is None


@pytest.mark.skipif(not LINUX or display.xcb_plugin() is None, reason="needs PySide6's xcb plugin")
def test_the_real_plugin_check_agrees_with_ldd():
    if shutil.which("ldd") is None:
        pytest.skip("no ldd")
    out = subprocess.run(["ldd", str(display.xcb_plugin())], capture_output=True, text=True).stdout
    missing = sorted({line.split()[0] for line in out.splitlines() if "not found" in line})
    message = display.missing_xcb_message({"DISPLAY": ":0"})
    if missing:
        assert message is not None and any(m in message for m in missing), message
    else:
        assert message is None
