"""Replace identical copies of a file in the built application by relative symlinks.

    python packaging/dedupe.py dist/ScalingDesk/_internal      # prints what it linked

numpy's and scipy's wheels each carry the same libgfortran and libquadmath (auditwheel gives
them the same hashed name), and PyInstaller collects both copies.  The loader follows a symlink
like the file, so the app is unchanged and the archive carries the bytes once.  Only for
Linux builds (build.sh): Windows' zip has no symlinks, and macOS bundles are signed as they are.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

MIN_BYTES = 64 * 1024  # small files are not worth a link


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def dedupe(folder: Path) -> list[tuple[Path, Path, int]]:
    """Link every duplicate to the first copy in path order; returns (link, target, bytes)."""
    by_size: dict[int, list[Path]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.stat().st_size >= MIN_BYTES:
            by_size.setdefault(path.stat().st_size, []).append(path)
    linked = []
    for size, paths in by_size.items():
        if len(paths) < 2:
            continue
        first_of: dict[str, Path] = {}
        for path in paths:
            digest = _digest(path)
            if digest not in first_of:
                first_of[digest] = path
                continue
            target = first_of[digest]
            mode = path.stat().st_mode
            path.unlink()
            path.symlink_to(os.path.relpath(target, path.parent))
            if mode != target.stat().st_mode:  # keep the more permissive mode on the real file
                target.chmod(target.stat().st_mode | mode)
            linked.append((path, target, size))
    return linked


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print("usage: dedupe.py FOLDER", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    linked = dedupe(folder)
    for link, target, size in linked:
        print(f"linked {link.relative_to(folder)} -> {target.relative_to(folder)} ({size / 1e6:.1f} MB)")
    print(f"dedupe: {sum(s for *_, s in linked) / 1e6:.1f} MB in {len(linked)} duplicate files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
