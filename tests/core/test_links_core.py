"""Links that open from anywhere (issue 19): after install.sh, `xdg-open 'scalingdesk://…'` under
a real X server (Xvfb) starts the app through its desktop entry, on the xcb platform, on that
scenario; a pip install registers the same handler with `scalingdesk --register-desktop`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scalingdesk import desktop_entry

ROOT = Path(__file__).resolve().parents[2]

PACKAGING = ROOT / "packaging"

LINUX = sys.platform.startswith("linux")


def _desktop_env(home: Path, display: str) -> dict[str, str]:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DISPLAY": display, "LANG": "C.UTF-8"}
    (home / ".config").mkdir(parents=True, exist_ok=True)
    return env


def test_register_desktop_writes_the_entry_for_this_installation(tmp_path, monkeypatch):
    monkeypatch.setattr(desktop_entry, "_run_quietly", lambda *cmd: None)
    written = desktop_entry.register(tmp_path)
    text = (tmp_path / "applications" / "scalingdesk.desktop").read_text()
    assert set(written) >= {
        tmp_path / "applications" / "scalingdesk.desktop",
        tmp_path / "mime" / "packages" / "scalingdesk.xml",
    }
    lines = dict(line.split("=", 1) for line in text.splitlines()[1:] if "=" in line)
    packaged = dict(
        line.split("=", 1) for line in (PACKAGING / "scalingdesk.desktop").read_text().splitlines()[1:] if "=" in line
    )
    assert {k: v for k, v in lines.items() if k != "Exec"} == {
        k: v for k, v in packaged.items() if k not in ("Exec", "TryExec")
    }
    assert lines["Exec"].endswith(" %u") and "x-scheme-handler/scalingdesk" in lines["MimeType"]
    assert desktop_entry.unregister(tmp_path) and not (tmp_path / "applications" / "scalingdesk.desktop").exists()


def test_exec_arguments_are_quoted():
    assert desktop_entry._quote("/opt/my apps/bin/python") == '"/opt/my apps/bin/python"'
    assert desktop_entry._quote("/usr/bin/python3") == "/usr/bin/python3"


@pytest.mark.skipif(not (LINUX and shutil.which("xdg-mime")), reason="needs xdg-utils")
def test_register_desktop_command_makes_scalingdesk_the_link_handler(tmp_path):
    home = tmp_path / "home"
    env = dict(_desktop_env(home, ":0"), PYTHONPATH=str(ROOT / "src"))
    r = subprocess.run(
        [sys.executable, "-m", "scalingdesk", "--register-desktop"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    q = subprocess.run(
        ["xdg-mime", "query", "default", "x-scheme-handler/scalingdesk"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert q.stdout.strip() == "scalingdesk.desktop"
    r = subprocess.run(
        [sys.executable, "-m", "scalingdesk", "--register-desktop", "--remove"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 0 and "removed" in r.stdout


def test_macos_bundle_declares_the_url_scheme_and_windows_has_its_registry_snippet():
    spec = (PACKAGING / "scalingdesk.spec").read_text(encoding="utf-8")
    assert '"CFBundleURLTypes"' in spec and '"CFBundleURLSchemes": ["scalingdesk"]' in spec
    reg = (PACKAGING / "scalingdesk-url.reg").read_text(encoding="utf-16")
    assert "[HKEY_CURRENT_USER\\Software\\Classes\\scalingdesk]" in reg and '"URL Protocol"=""' in reg
    assert '\\"%1\\"' in reg
