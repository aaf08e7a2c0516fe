"""Cold start: time from launching ``python -m scalingdesk`` to the first painted window.

Each run is a fresh process started the way a user starts the app (``python -m scalingdesk``,
no arguments, settings in a throwaway folder).  It is timed from just before the process is
spawned to the end of the main window's first repaint and flush (the first UpdateRequest the
window handles), with interpreter start-up and every import included, then the process exits.

Three conditions, each reported with median, p95 and max (ms):

* ``offscreen warm``: QT_QPA_PLATFORM=offscreen, files in the page cache (after one unmeasured run);
* ``offscreen cold``: the page cache emptied before each run: ``echo 3 > /proc/sys/vm/drop_caches``
  where permitted (root on a real kernel), otherwise an approximation: every file the app reads
  (the interpreter's standard library, site-packages, Qt's libraries and plugins, the app's own
  sources) is evicted with ``posix_fadvise(POSIX_FADV_DONTNEED)``, which any user may do for
  files they can read; the ``method`` field says which was used;
* ``xcb warm``: under a real X server (when $DISPLAY is set, e.g. by benchmarks/run_xvfb.sh).

    python benchmarks/bench_startup.py [--runs 15] [--out build/bench]
    bash benchmarks/run_xvfb.sh python benchmarks/bench_startup.py   # adds the xcb rows
    python benchmarks/bench_startup.py --importtime   # which imports the start-up pays for
    python benchmarks/bench_startup.py --compile      # the app's bytecode cached first, as after an install

Bytecode: with PYTHONDONTWRITEBYTECODE set (some shells and CI images set it) and no
``__pycache__`` in the source tree, every run compiles the app's own ~90 modules before the first
paint (about a quarter more instructions), which an installed copy never does (pip writes the
bytecode at install time, the bundle ships it).  The ``bytecode`` field of each row says which
case was measured: ``cached`` (every module of the tree has a current .pyc, or the runs may write
them) or ``compiled each run``.  ``--compile`` writes the tree's bytecode first.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_MS = 500.0

# Runs inside the child: report the end of the main window's first UpdateRequest, then exit.
CHILD = r"""
import os, sys, time
from PySide6 import QtCore, QtWidgets

_exec = QtWidgets.QApplication.exec


class _FirstPaint(QtCore.QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QtCore.QEvent.Type.UpdateRequest and isinstance(obj, QtWidgets.QMainWindow):
            QtCore.QTimer.singleShot(0, _done)  # runs once this UpdateRequest has painted and flushed
        return False


def _done():
    sys.stdout.write(f"FIRST_PAINT {time.monotonic():.6f} {time.process_time():.6f}\n")
    sys.stdout.flush()
    os._exit(0)


def _timed_exec(self=None):
    app = QtWidgets.QApplication.instance()
    app.installEventFilter(_probe)
    return _exec()


_probe = _FirstPaint()
QtWidgets.QApplication.exec = _timed_exec
sys.argv = ["scalingdesk"]
from scalingdesk.cli import main
main([])
"""


def bytecode_state(src: Path, env: dict) -> str:
    """``cached`` when the app's modules load from bytecode in these runs, else ``compiled each run``."""
    import importlib.util

    if not env.get("PYTHONDONTWRITEBYTECODE"):
        return "cached"  # the unmeasured first run writes what is missing
    for py in (src / "scalingdesk").rglob("*.py"):
        pyc = Path(importlib.util.cache_from_source(str(py)))
        if not pyc.is_file() or pyc.stat().st_mtime < py.stat().st_mtime:
            return "compiled each run"
    return "cached"


def compile_tree(src: Path) -> None:
    """Write the tree's bytecode, as ``pip install`` does for an installed copy."""
    import compileall

    compileall.compile_dir(str(src / "scalingdesk"), quiet=1)


def summary(values: list[float], cpu: list[float] | None = None) -> dict:
    xs = sorted(values)
    extra = {"cpu_median_ms": round(statistics.median(cpu), 1)} if cpu else {}
    return {
        **extra,
        "n": len(xs),
        "median_ms": round(statistics.median(xs), 1),
        "p95_ms": round(xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))], 1),
        "max_ms": round(xs[-1], 1),
    }


CPU: list[float] = []  # the child's CPU time to its first paint, ms (less sensitive to load)


def one_run(python: str, env: dict) -> float:
    t0 = time.monotonic()
    out = subprocess.run([python, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("FIRST_PAINT "):
            _, done, cpu = line.split()
            CPU.append(float(cpu) * 1e3)
            return (float(done) - t0) * 1e3
    raise RuntimeError(f"the app did not paint (rc {out.returncode}): {out.stderr[-2000:]}")


def _files_the_app_reads(python: str) -> list[Path]:
    import PySide6

    roots = {
        Path(sysconfig.get_paths()["stdlib"]),
        Path(sysconfig.get_paths()["purelib"]),
        Path(sysconfig.get_paths()["platlib"]),
        Path(PySide6.__file__).parent,
        ROOT / "src",
        Path(os.path.realpath(python)).parent,
    }
    files = []
    for root in roots:
        if root.is_dir():
            files += [p for p in root.rglob("*") if p.is_file()]
    files.append(Path(os.path.realpath(python)))
    return files


def drop_caches(python: str) -> str:
    """Empty the page cache (or the part the app reads); returns the method used."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return "drop_caches"
    except OSError:
        pass
    for path in _files_the_app_reads(python):
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        except OSError:
            pass
        finally:
            os.close(fd)
    return "posix_fadvise(DONTNEED) on the interpreter, site-packages, PySide6 and src"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--cold-runs", type=int, default=7)
    ap.add_argument("--out", default="build/bench")
    ap.add_argument("--xcb-only", action="store_true", help="only the xcb rows (under run_xvfb.sh)")
    ap.add_argument("--importtime", action="store_true", help="print the slowest imports of one start")
    ap.add_argument("--src", default=str(ROOT / "src"), help="source tree to start (to compare commits)")
    ap.add_argument("--compile", action="store_true", help="write the tree's bytecode first (as an install does)")
    args = ap.parse_args(argv)
    if args.compile:
        compile_tree(Path(args.src))
    python = sys.executable
    settings = tempfile.mkdtemp(prefix="scalingdesk-start-")
    base = dict(
        os.environ,
        PYTHONPATH=f"{args.src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        XDG_CONFIG_HOME=settings,
        HOME=settings,
        QT_LOGGING_RULES="qt.qpa.*=false",
    )
    offscreen = dict(base, QT_QPA_PLATFORM="offscreen")
    if args.importtime:
        out = subprocess.run(
            [python, "-X", "importtime", "-c", CHILD], env=offscreen, capture_output=True, text=True, timeout=120
        )
        rows = []
        for line in out.stderr.splitlines():
            parts = line.removeprefix("import time:").split("|")
            if line.startswith("import time:") and len(parts) == 3 and parts[0].strip().isdigit():
                rows.append((int(parts[1]), int(parts[0]), parts[2].rstrip()))
        for cum, own, name in sorted(rows, reverse=True)[:40]:
            print(f"{cum / 1000:8.1f} ms cumulative {own / 1000:7.1f} ms self  {name}")
        return 0
    bytecode = bytecode_state(Path(args.src), base)
    results: dict = {"goal_ms": GOAL_MS, "python": sys.version.split()[0], "bytecode": bytecode, "rows": {}}
    if not args.xcb_only:
        one_run(python, offscreen)  # fills the page cache
        CPU.clear()
        results["rows"]["offscreen warm"] = summary([one_run(python, offscreen) for _ in range(args.runs)], CPU)
        cold, method = [], ""
        CPU.clear()
        for _ in range(args.cold_runs):
            method = drop_caches(python)
            cold.append(one_run(python, offscreen))
        results["rows"]["offscreen cold"] = {**summary(cold, CPU), "method": method}
    if os.environ.get("DISPLAY"):
        xcb = dict(base, QT_QPA_PLATFORM="xcb")
        one_run(python, xcb)
        CPU.clear()
        results["rows"]["xcb warm"] = summary([one_run(python, xcb) for _ in range(args.runs)], CPU)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    name = "startup-xcb.json" if args.xcb_only else "startup.json"
    load = os.getloadavg()[0]
    results["load_average_1min"] = round(load, 2)  # recorded with the rows (it was printed only)
    (out / name).write_text(json.dumps(results, indent=2) + "\n")
    print(f"(1-minute load average {load:.1f} on {os.cpu_count()} cores; the app's bytecode: {bytecode})")
    print("| start-up to first painted window | n | median | p95 | max | CPU time, median |")
    print("|---|---|---|---|---|---|")
    for key, row in results["rows"].items():
        print(
            f"| {key} | {row['n']} | {row['median_ms']} | {row['p95_ms']} | {row['max_ms']} | {row.get('cpu_median_ms', '–')} |"
        )
    if "offscreen cold" in results["rows"]:
        print(f"(cold: {results['rows']['offscreen cold']['method']})")
    print(f"goal ≤ {GOAL_MS:g} ms; written: {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
