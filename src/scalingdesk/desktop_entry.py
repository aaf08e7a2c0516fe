"""Register a pip-installed ScalingDesk with the Linux desktop (no root needed):

    scalingdesk --register-desktop          # or: python -m scalingdesk.desktop_entry
    scalingdesk --register-desktop --remove

adds the menu entry, the icon, the ``.scalingdesk`` file type and the ``scalingdesk://`` link
handler for this user, so a click on a link (or ``xdg-open 'scalingdesk://…'``) opens the app on
that scenario.  The packaged app does the same with its ``install.sh``; the entry is the one in
``packaging/scalingdesk.desktop`` with ``Exec`` pointing at this installation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

MIME_XML = """<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="application/x-scalingdesk">
    <comment>ScalingDesk scenario</comment>
    <sub-class-of type="application/json"/>
    <glob pattern="*.scalingdesk"/>
    <icon name="scalingdesk"/>
  </mime-type>
</mime-info>
"""


def _quote(arg: str) -> str:
    """Quote one Exec argument as the Desktop Entry Specification asks."""
    if not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$") + '"'


def exec_line() -> str:
    script = Path(sys.executable).with_name("scalingdesk")
    if script.is_file() and os.access(script, os.X_OK):
        return f"{_quote(str(script))} %u"
    return f"{_quote(sys.executable)} -m scalingdesk %u"


def desktop_entry() -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.5",
            "Name=ScalingDesk",
            "GenericName=Scaling-law explorer",
            "Comment=Explore language-model scaling laws: turn compute, parameters and data, watch the loss answer",
            f"Exec={exec_line()}",
            "Icon=scalingdesk",
            "Terminal=false",
            "Categories=Education;Science;Math;",
            "Keywords=scaling;laws;language;model;Chinchilla;loss;compute;GPU;",
            "MimeType=application/x-scalingdesk;x-scheme-handler/scalingdesk;",
            "StartupNotify=true",
            "",
        ]
    )


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def _paths(data: Path) -> dict[str, Path]:
    return {
        "desktop": data / "applications" / "scalingdesk.desktop",
        "mime": data / "mime" / "packages" / "scalingdesk.xml",
        "icon": data / "icons" / "hicolor" / "scalable" / "apps" / "scalingdesk.svg",
    }


def _run_quietly(*cmd: str) -> None:
    if shutil.which(cmd[0]):
        subprocess.run(cmd, capture_output=True, timeout=60)


def _refresh(data: Path) -> None:
    _run_quietly("update-desktop-database", "-q", str(data / "applications"))
    _run_quietly("update-mime-database", str(data / "mime"))


def register(data: Path | None = None) -> list[Path]:
    from scalingdesk.resources import resource_path

    data = data or _data_home()
    paths = _paths(data)
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    paths["desktop"].write_text(desktop_entry(), encoding="utf-8")
    paths["mime"].write_text(MIME_XML, encoding="utf-8")
    icon = resource_path("icons/scalingdesk.svg")
    if icon.is_file():
        shutil.copyfile(icon, paths["icon"])
    _refresh(data)
    _run_quietly("xdg-mime", "default", "scalingdesk.desktop", "x-scheme-handler/scalingdesk")
    _run_quietly("xdg-mime", "default", "scalingdesk.desktop", "application/x-scalingdesk")
    return list(paths.values())


def unregister(data: Path | None = None) -> list[Path]:
    data = data or _data_home()
    removed = []
    for path in _paths(data).values():
        if path.exists():
            path.unlink()
            removed.append(path)
    _refresh(data)
    return removed


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv not in ([], ["--remove"]):
        print("usage: scalingdesk --register-desktop [--remove]", file=sys.stderr)
        return 2
    if sys.platform in ("win32", "darwin"):
        print(
            "scalingdesk: --register-desktop is for Linux desktops; the packaged app registers "
            "scalingdesk:// links on macOS and Windows (packaging/README.md)",
            file=sys.stderr,
        )
        return 2
    try:
        if argv == ["--remove"]:
            for path in unregister():
                print(f"removed {path}")
            return 0
        for path in register():
            print(f"wrote {path}")
    except OSError as err:
        print(f"scalingdesk: could not register with the desktop: {err}", file=sys.stderr)
        return 2
    print("ScalingDesk is in your application menu; scalingdesk:// links and .scalingdesk files open it.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
