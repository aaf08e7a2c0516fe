"""Archive the built application: ``dist/ScalingDesk-<version>-<platform>.tar.xz`` (``.zip`` on Windows).

    python packaging/make_archive.py dist/ScalingDesk      # prints the archive's path

The version comes from the package metadata (the one place it is kept: pyproject.toml → the
installed ``scalingdesk`` distribution).  The archive is deterministic for a given folder: members
sorted, owners zeroed, times set to $SOURCE_DATE_EPOCH (default: 2020-01-01); xz (LZMA2, preset 9
extreme, one thread) is about a third smaller than gzip for this mix of shared libraries, and
every tar on Linux and macOS unpacks it (``tar -xf``).  Symlinks are stored as links.
"""

from __future__ import annotations

import gzip
import lzma
import os
import platform
import stat
import sys
import tarfile
import zipfile
from importlib.metadata import version
from pathlib import Path


def platform_tag() -> str:
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    return f"{system}-{machine}"


def archive_name(app_version: str, tag: str | None = None, windows: bool | None = None) -> str:
    windows = sys.platform == "win32" if windows is None else windows
    return f"ScalingDesk-{app_version}-{tag or platform_tag()}" + (".zip" if windows else ".tar.xz")


def _members(folder: Path) -> list[Path]:
    return sorted([folder, *folder.rglob("*")], key=lambda p: p.relative_to(folder.parent).as_posix())


def make_tar_gz(folder: Path, out: Path, mtime: int) -> Path:
    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mtime = mtime
        return info

    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        with tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for path in _members(folder):
                tar.add(path, arcname=path.relative_to(folder.parent).as_posix(), recursive=False, filter=clean)
    return out


def make_tar_xz(folder: Path, out: Path, mtime: int) -> Path:
    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mtime = mtime
        return info

    with open(out, "wb") as raw, lzma.LZMAFile(raw, "wb", preset=9 | lzma.PRESET_EXTREME) as xz:
        with tarfile.open(fileobj=xz, mode="w", format=tarfile.PAX_FORMAT) as tar:
            for path in _members(folder):
                tar.add(path, arcname=path.relative_to(folder.parent).as_posix(), recursive=False, filter=clean)
    return out


def make_zip(folder: Path, out: Path, mtime: int) -> Path:
    import time

    stamp = time.gmtime(max(mtime, 315532800))[:6]  # zip cannot store times before 1980
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in _members(folder):
            if path.is_dir():
                continue
            info = zipfile.ZipInfo(path.relative_to(folder.parent).as_posix(), stamp)
            info.external_attr = (stat.S_IMODE(path.stat().st_mode) | stat.S_IFREG) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: make_archive.py DIST_FOLDER (e.g. dist/ScalingDesk or dist/ScalingDesk.app)", file=sys.stderr)
        return 2
    folder = Path(argv[0]).resolve()
    if not folder.is_dir():
        print(f"make_archive: {folder} is not a folder; build first", file=sys.stderr)
        return 2
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "1577836800"))
    out = folder.parent / archive_name(version("scalingdesk"))
    out.unlink(missing_ok=True)
    if out.suffix == ".zip":
        make_zip(folder, out, mtime)
    else:
        make_tar_xz(folder, out, mtime)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
