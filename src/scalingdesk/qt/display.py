"""Before Qt starts a window: is there a display, and can Qt's X11 plugin load? (No Qt import.)

Without a display Qt aborts (exit 134) with a hint about ``libxcb-cursor0`` even when it is
installed; with an xcb library missing it aborts with the same hint whichever library it is.
ScalingDesk says which, in one line, and exits 2 (``scalingdesk.qt.app.run_app``).

``XCB_LIBRARIES`` maps every system library that Qt's xcb platform plugin (``libqxcb.so``, its
GL integrations, and the Qt libraries they need: XcbQpa, Gui, Core, DBus) links directly to its
Debian/Ubuntu package; the README's ``apt-get`` line is ``apt_line()``, and
``tests/test_system_packages.py`` checks both against ``readelf``/``dpkg -S`` of the installed
PySide6 (as ``packaging/build.sh`` and ``packaging/install.sh`` use the same names).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# soname -> Debian/Ubuntu package (Debian 12 names; Ubuntu 24.04's "t64" packages provide these).
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libzstd.so.1": "libzstd1",
    # Not linked by Qt 6's plugin, named by build.sh and install.sh: Qt 5's xinerama, and the
    # GLVND OpenGL library some GL drivers load.
    "libOpenGL.so.0": "libopengl0",
}
# Linked too, but every system that runs Python has them (the C and C++ runtimes, zlib).
RUNTIME_LIBRARIES = frozenset(
    {
        "libc.so.6",
        "libm.so.6",
        "libstdc++.so.6",
        "libgcc_s.so.1",
        "libz.so.1",
        "libpthread.so.0",
        "libdl.so.2",
        "librt.so.1",
        "ld-linux-x86-64.so.2",
        "ld-linux-aarch64.so.1",
    }
)


def apt_packages() -> list[str]:
    return sorted(set(XCB_LIBRARIES.values()))


def apt_line() -> str:
    """The README's line: every package Qt's xcb plugin needs on Debian/Ubuntu."""
    return "sudo apt-get install " + " ".join(apt_packages())


def no_display_message(environ: dict[str, str] | None = None, platform: str | None = None) -> str | None:
    """One line when a window cannot open for want of a display (Linux and other X11/Wayland
    systems; macOS and Windows always have one), else None.  QT_QPA_PLATFORM set means the
    caller chose a platform (offscreen, vnc…): Qt's own messages then apply."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform in ("win32", "darwin", "cygwin") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "scalingdesk: no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is "
        "set); start it from a desktop session, or use the command line (scalingdesk --help)"
    )


def xcb_plugin() -> Path | None:
    try:
        import importlib.util

        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return path if path.is_file() else None


def missing_xcb_message(environ: dict[str, str] | None = None, plugin: Path | None = None) -> str | None:
    """One line naming the system library that stops Qt's X11 plugin loading (and the packages
    to install), when Qt would use that plugin; else None."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None
    if not chosen and (env.get("WAYLAND_DISPLAY") or not env.get("DISPLAY")):
        return None  # Wayland first, or no display at all (no_display_message says so)
    plugin = plugin or xcb_plugin()
    if plugin is None:
        return None
    import ctypes

    try:
        ctypes.CDLL(str(plugin))
    except OSError as err:
        text = str(err)
        lib = text.split(":")[0].strip() if ": cannot open shared object file" in text else text
        package = XCB_LIBRARIES.get(lib)
        need = f" (package {package})" if package else ""
        return (
            f"scalingdesk: Qt's X11 plugin cannot load: {lib} is missing{need}; on Debian/Ubuntu "
            f"install Qt's X11 libraries: {apt_line()}"
        )
    return None


if __name__ == "__main__":  # python src/scalingdesk/qt/display.py [--packages]: the README's line
    print(" ".join(apt_packages()) if sys.argv[1:] == ["--packages"] else apt_line())
