"""Replace the bundle's ICU data library (32 MB: every locale, collation and legacy codepage ICU
knows) by one with what a window speaking English needs (about 8 MB).

    python packaging/trim_icu.py dist/ScalingDesk/_internal/PySide6/Qt/lib/libicudata.so.73

PySide6's Qt links ICU (libQt6Core needs libicuuc, libicui18n and libicudata).  The data library
only exports one symbol, ``icudt<N>_dat``: ICU's common data package.  This keeps every item of
that package except: the legacy character-set converters (``*.cnv``: Qt converts UTF-8/16 and
Latin-1 itself) and the locale bundles of languages other than English (ICU falls back to the
root locale for them, as it does for any locale it lacks; Qt's own QLocale data is in QtCore, not
in ICU).  Items that a kept item depends on are kept (icupkg checks).  Needs ``icupkg`` (Debian:
icu-devtools) and a C compiler; without them it says so and leaves the library as it is.

Linux only (build.sh).  The frozen self-test runs afterwards and must pass.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

KEEP_LOCALES = {"root", "en", "en_US", "en_US_POSIX", "en_GB", "en_001", "en_150"}
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
_MISSING = re.compile(r"Item (\S+) depends on missing item (\S+)")


def droppable(item: str) -> bool:
    name = item.rsplit("/", 1)[-1]
    stem, _, ext = name.rpartition(".")
    if ext == "cnv":
        return True
    return ext == "res" and stem != "res_index" and bool(LOCALE.match(stem)) and stem not in KEEP_LOCALES


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """(symbol, file offset, size) of the one exported data blob."""
    out = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            address, size = int(parts[0], 16), int(parts[1], 16)
            sections = subprocess.run(
                ["readelf", "-S", "-W", str(library)], capture_output=True, text=True, check=True
            ).stdout
            for s in sections.splitlines():
                m = re.search(r"\]\s+\.rodata\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)", s)
                if m:
                    return parts[3], address - int(m.group(1), 16) + int(m.group(2), 16), size
    raise SystemExit(f"trim_icu: {library} exports no icudt*_dat symbol")


def trim(library: Path) -> tuple[int, int]:
    tools = {t: shutil.which(t) for t in ("icupkg", "cc", "nm", "readelf")}
    if missing := [t for t, path in tools.items() if path is None]:
        raise FileNotFoundError(f"needs {', '.join(missing)} (Debian: icu-devtools, gcc, binutils)")
    symbol, offset, size = _data_symbol(library)
    package = symbol.removesuffix("_dat") + "l"  # icudt73l: little-endian package name
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        full = tmp / f"{package}.dat"
        with open(library, "rb") as f:
            f.seek(offset)
            full.write_bytes(f.read(size))
        items = subprocess.run(
            [tools["icupkg"], "-l", str(full)], capture_output=True, text=True, check=True
        ).stdout.split()
        drop = {i for i in items if droppable(i)}
        out_dir = tmp / "out"
        out_dir.mkdir()
        small = out_dir / f"{package}.dat"
        for _ in range(20):
            (tmp / "drop.txt").write_text("\n".join(sorted(drop)) + "\n")
            r = subprocess.run(
                [tools["icupkg"], "-r", str(tmp / "drop.txt"), str(full), str(small)], capture_output=True, text=True
            )
            if small.exists():
                break
            needed = _MISSING.findall(r.stdout + r.stderr)
            if not needed:
                raise RuntimeError(f"icupkg failed: {(r.stdout + r.stderr).strip()[-500:]}")
            for _item, dependency in needed:
                drop.discard(dependency)
        else:
            raise RuntimeError("icupkg: dependencies did not settle")
        source = tmp / "icudata.S"
        source.write_text(
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign 16\n"
            f'{symbol}:\n\t.incbin "{small}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        built = tmp / library.name
        subprocess.run(
            [
                tools["cc"],
                "-shared",
                "-nostdlib",
                "-o",
                str(built),
                str(source),
                f"-Wl,-soname,{library.name}",
                "-Wl,--hash-style=both",
                "-Wl,-z,noexecstack",
            ],
            check=True,
            capture_output=True,
        )
        before = library.stat().st_size
        mode = library.stat().st_mode
        shutil.copyfile(built, library)
        library.chmod(mode)
        return before, library.stat().st_size


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_file():
        print("usage: trim_icu.py PATH/libicudata.so.NN", file=sys.stderr)
        return 2
    try:
        before, after = trim(Path(argv[0]))
    except (FileNotFoundError, RuntimeError, subprocess.CalledProcessError) as err:
        print(f"note: ICU data not trimmed ({err}); the archive is about 4 MB larger")
        return 0
    print(f"ICU data: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
