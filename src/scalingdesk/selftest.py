"""``scalingdesk --self-test``: prove that this installation (frozen bundle or source) works.

It starts the window offscreen, turns each knob, renders each view, fits the sample runs, writes
and reads a scenario file, checks the icon and the licences, and exits 0 only if all of that worked.
Each step prints one line, ``ok`` or ``FAILED`` with the reason, and has a time limit: a watchdog
thread ends the process with status 1 if a step hangs, so CI never waits forever.

Environment:

* ``SCALINGDESK_SELFTEST_ONLY=startup`` runs the startup probe instead: build the real window,
  show it, and at its first painted frame print ``startup_ms=<ms since the process started>``
  (plus a breakdown) and exit 0.  benchmarks/bench_bundle.py uses it to time cold starts.
* ``SCALINGDESK_SELFTEST_LOG=<file>`` also writes every line to that file (a windowed Windows
  build has no console to print to).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Per-step time limits in seconds (generous: a loaded 2-core CI machine, a cold disk cache).
STEP_TIMEOUT_S = 120.0
#: Licence files every bundle must carry (LICENSES/ at the bundle root).
REQUIRED_LICENCES = (
    "ScalingDesk-MIT.txt",
    "Qt-PySide6-LGPL-3.0.txt",
    "GPL-3.0.txt",
    "pyqtgraph-MIT.txt",
    "NumPy-BSD-3-Clause-and-bundled.txt",
    "SciPy-BSD-3-Clause-and-bundled.txt",
    "LGPL-2.1.txt",
    "ICU-Unicode.txt",
    "Python-PSF-2.0.txt",
    "PyInstaller-GPL-2.0-with-bootloader-exception.txt",
)

_IMPORTED_AT = time.perf_counter()


# --- output --------------------------------------------------------------------------------------


class _Out:
    """Print to stdout (when there is one) and to $SCALINGDESK_SELFTEST_LOG (when set)."""

    def __init__(self) -> None:
        path = os.environ.get("SCALINGDESK_SELFTEST_LOG")
        self._log = open(path, "a", encoding="utf-8") if path else None  # noqa: SIM115
        self._lock = threading.Lock()

    def line(self, text: str) -> None:
        with self._lock:
            if sys.stdout is not None:
                try:
                    print(text, flush=True)
                except (OSError, ValueError):
                    pass
            if self._log is not None:
                self._log.write(text + "\n")
                self._log.flush()


class _Watchdog:
    """Ends the process (status 1) when the current step runs past its deadline."""

    def __init__(self, out: _Out) -> None:
        self._out = out
        self._step = ""
        self._deadline = float("inf")
        self._lock = threading.Lock()
        threading.Thread(target=self._watch, name="selftest-watchdog", daemon=True).start()

    def arm(self, step: str, seconds: float) -> None:
        with self._lock:
            self._step, self._deadline, self._limit = step, time.monotonic() + seconds, seconds

    def disarm(self) -> None:
        with self._lock:
            self._deadline = float("inf")

    def _watch(self) -> None:
        while True:
            time.sleep(0.25)
            with self._lock:
                late = time.monotonic() > self._deadline
                step, limit = self._step, getattr(self, "_limit", 0.0)
            if late:
                self._out.line(f"FAILED  {step:<10} timed out after {limit:.0f} s")
                self._out.line("self-test: FAILED (a step hung)")
                os._exit(1)


@dataclass
class StepResult:
    name: str
    ok: bool
    detail: str
    seconds: float


class SelfTestError(AssertionError):
    """A check inside a step did not hold."""


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestError(message)


# --- helpers ------------------------------------------------------------------------------------


def _image_has_content(image, what: str) -> str:
    """Refuse a null or blank (one-colour) rendering; return a short description."""
    _check(image is not None and not image.isNull(), f"{what}: the rendering is empty (null image)")
    w, h = image.width(), image.height()
    _check(w >= 50 and h >= 50, f"{what}: rendered only {w}x{h} pixels")
    colours = {image.pixel(int(x * (w - 1) / 23), int(y * (h - 1) / 23)) for x in range(24) for y in range(24)}
    _check(len(colours) >= 3, f"{what}: the {w}x{h} rendering is blank ({len(colours)} colour(s))")
    return f"{w}x{h}"


def _bundle_root() -> Path | None:
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else None


# --- the steps ----------------------------------------------------------------------------------


class _Context:
    def __init__(self) -> None:
        self.app = None
        self.window = None
        self.tmp = Path(tempfile.mkdtemp(prefix="scalingdesk-selftest-"))


def step_window(ctx: _Context) -> str:
    from scalingdesk.qt.app import _ephemeral_settings, application

    ctx.app = application()
    from scalingdesk.qt.main_window import MainWindow

    # Throwaway settings: the self-test never reads or changes the user's own.
    ctx.window = MainWindow(settings=_ephemeral_settings(), restore=False)
    ctx.window.show()
    for _ in range(5):
        ctx.app.processEvents()
    _check(ctx.window.isVisible(), "the main window did not become visible")
    image = ctx.window.grab().toImage()
    return f"{ctx.app.platformName()} platform, window {_image_has_content(image, 'window')}"


def step_knobs(ctx: _Context) -> str:
    from PySide6 import QtCore, QtGui, QtWidgets

    _check(ctx.window is not None, "no window (the window step failed)")
    scenario = ctx.window.scenario
    quantity = {"C": lambda s: s.compute, "N": lambda s: s.params, "D": lambda s: s.tokens}
    _check(
        set(ctx.window.controls.knobs) == set(quantity),
        f"expected knobs C, N, D; found {sorted(ctx.window.controls.knobs)}",
    )
    moved = []
    for key, knob in ctx.window.controls.knobs.items():
        for qt_key, direction in ((QtCore.Qt.Key.Key_Up, +1), (QtCore.Qt.Key.Key_Down, -1)):
            before = quantity[key](scenario.state)
            event = QtGui.QKeyEvent(QtCore.QEvent.Type.KeyPress, qt_key, QtCore.Qt.KeyboardModifier.NoModifier)
            QtWidgets.QApplication.sendEvent(knob, event)
            ctx.app.processEvents()
            after = quantity[key](scenario.state)
            _check(
                (after - before) * direction > 0,
                f"knob {key}: {'up' if direction > 0 else 'down'} arrow moved {before:.4g} to {after:.4g}",
            )
        moved.append(key)
    image = ctx.window.grab().toImage()
    _image_has_content(image, "window after turning the knobs")
    return "turned " + ", ".join(moved) + " up and down"


def step_views(ctx: _Context) -> str:
    _check(ctx.window is not None, "no window (the window step failed)")
    w = ctx.window
    done = []
    for name, plot in w.plots.items():
        _image_has_content(plot.grab().toImage(), f"plot {name}")
        done.append(name)
    for name in ("loss",):
        svg = w.export(name, "svg", ctx.tmp / f"{name}.svg")
        _check(Path(svg).stat().st_size > 1000, f"SVG export of {name} is nearly empty")
        csv = w.export(name, "csv", ctx.tmp / f"{name}.csv")
        _check(Path(csv).stat().st_size > 100, f"CSV export of {name} is nearly empty")
    png = w.export("window", "png", ctx.tmp / "window.png")
    _check(Path(png).stat().st_size > 5000, "PNG export of the window is nearly empty")
    done.append("exports")
    _check(w.lever is not None, "the lever view is missing")
    state = w.scenario.state
    w.lever.set_scenario(state.law_object, state.compute)
    _check(w.lever.pull() and w.lever.pulls() == 1, "pulling the lever did not register")
    _image_has_content(w.lever.render_to_image(800, 500), "lever")
    done.append("lever")
    _check(w.hardware is not None, "the hardware panel is missing")
    w.side_tabs.setCurrentWidget(w.hardware)
    ctx.app.processEvents()
    _image_has_content(w.hardware.grab().toImage(), "hardware panel")
    done.append("hardware")
    return "rendered " + ", ".join(done)


def step_science(_ctx: _Context) -> str:
    # Compute-optimal allocation at Chinchilla's budget (5.76e23 FLOPs, Hoffmann et al. 2022,
    # Table 3) from the closed form, and from SciPy's minimiser on the IsoFLOP valley: they agree,
    # and give about 20 tokens per parameter (Besiroglu et al. 2024 re-fit, the default law).
    from scalingdesk.core import allocation
    from scalingdesk.core.laws import compute_for_optimal_params, get_law

    law = get_law("epoch2024")
    a = allocation.optimal(law, 5.76e23)
    b = allocation.isoflop_minimum(law, 5.76e23)
    _check(abs(a.params / b.params - 1) < 0.01, f"closed form N*={a.params:.4g}, minimiser N*={b.params:.4g}")
    _check(10 < a.tokens_per_param < 40, f"{a.tokens_per_param:.1f} tokens per parameter at Chinchilla's budget")
    c = compute_for_optimal_params(law, a.params)
    _check(abs(c / 5.76e23 - 1) < 1e-3, f"brentq inverse gave {c:.4g} FLOPs, expected 5.76e23")
    return f"{a.tokens_per_param:.1f} tokens/param at 5.76e23 FLOPs; SciPy minimiser and root finder agree"


def step_fit(_ctx: _Context) -> str:
    from scalingdesk.core.fitting import fit_chinchilla
    from scalingdesk.core.runs_table import read_runs
    from scalingdesk.resources import resource_path

    path = resource_path("sample_runs.csv")
    _check(path.is_file(), f"the sample runs file is missing: {path}")
    runs = read_runs(path).table
    _check(len(runs) >= 6, f"only {len(runs)} runs read from {path.name}")
    fit = fit_chinchilla(runs.params, runs.tokens, runs.loss)
    # The sample runs were generated from the Epoch AI 2024 law (alpha=0.3478, beta=0.3658,
    # Besiroglu et al. 2024, Table 1) with 1% noise: the fit must land near it.
    _check(
        abs(fit.alpha - 0.3478) < 0.1 and abs(fit.beta - 0.3658) < 0.1,
        f"fitted alpha={fit.alpha:.3f}, beta={fit.beta:.3f}; the sample runs were made with 0.348, 0.366",
    )
    _check(bool(abs(fit.residuals[fit.used]).max() < 0.1), "fit residuals above 10% in log-loss")
    return f"{len(runs)} runs: alpha={fit.alpha:.3f}, beta={fit.beta:.3f}, E={fit.E:.2f}"


def step_scenario(ctx: _Context) -> str:
    from dataclasses import replace

    from scalingdesk.core import scenario_io
    from scalingdesk.core.scenario import ScenarioState

    if ctx.window is not None:
        state = ctx.window.scenario.state
    else:
        state = ScenarioState(params=7e10, tokens=1.4e12)
    state = replace(state, held="N")
    path = ctx.tmp / f"check{scenario_io.SUFFIX}"
    scenario_io.save(path, state)
    back = scenario_io.load(path)
    _check(back == state, f"the scenario read back differs from the one written ({path.name})")
    link = scenario_io.to_link(state)
    _check(scenario_io.from_link(link) == state, "the share link did not round-trip")
    if ctx.window is not None:
        _check(ctx.window.open_path(path), f"the window could not open {path.name}")
    return f"wrote, read and opened {path.name} ({path.stat().st_size} bytes); share link round-trips"


def step_icon_and_licences(ctx: _Context) -> str:
    from PySide6 import QtGui

    from scalingdesk.qt.about import LICENCES, AboutDialog
    from scalingdesk.resources import resource_path

    svg = resource_path("icons/scalingdesk.svg")
    _check(svg.is_file(), f"the icon is missing: {svg}")
    pixmap = QtGui.QIcon(str(svg)).pixmap(128, 128)  # needs the SVG icon engine plugin
    _image_has_content(pixmap.toImage(), "icon")
    dialog = AboutDialog(ctx.window)
    text = dialog.text.toPlainText()
    dialog.deleteLater()
    names = [name for name, _ in LICENCES]
    for name in ("PySide6", "pyqtgraph", "NumPy", "SciPy", "LGPL"):
        _check(name in text, f"the About dialog does not mention {name}")
    root = _bundle_root()
    if root is None:
        return "icon renders; About lists " + ", ".join(names) + " (source install: no bundle LICENSES check)"
    folder = root / "LICENSES"
    missing = [n for n in REQUIRED_LICENCES if not (folder / n).is_file()]
    _check(not missing, f"the bundle's LICENSES folder lacks {', '.join(missing)}")
    # Reproducible: no record of the builder's checkout (pip's direct_url.json) inside.
    leaks = [p.name for p in root.glob("*.dist-info/direct_url.json")]
    _check(not leaks, "the bundle carries pip's direct_url.json (the builder's path)")
    return f"icon renders; About lists {len(names)} licences; LICENSES/ holds {len(list(folder.iterdir()))} files"


STEPS: tuple[tuple[str, Callable[[_Context], str]], ...] = (
    ("window", step_window),
    ("knobs", step_knobs),
    ("views", step_views),
    ("science", step_science),
    ("fit", step_fit),
    ("scenario", step_scenario),
    ("about", step_icon_and_licences),
)


# --- the startup probe --------------------------------------------------------------------------


def _process_age_s() -> float | None:
    """Seconds since this process started (Linux: from /proc), or None where unknown."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat(5), counted after "pid (comm)"
        boot = time.clock_gettime(time.CLOCK_BOOTTIME)
        return boot - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def run_startup_probe(out: _Out | None = None) -> int:
    """Show the real window and report the time to its first painted frame."""
    from PySide6 import QtCore

    out = out or _Out()
    age_at_import = _process_age_s()
    t_import = _IMPORTED_AT
    from scalingdesk.qt.app import _ephemeral_settings, application

    app = application()
    t_app = time.perf_counter()
    from scalingdesk.qt.main_window import MainWindow

    t_modules = time.perf_counter()
    window = MainWindow(settings=_ephemeral_settings(), restore=True)
    t_window = time.perf_counter()
    painted: dict[str, float] = {}

    class _FirstPaint(QtCore.QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if event.type() == QtCore.QEvent.Type.Paint and "paint" not in painted:
                if obj is window or (isinstance(obj, QtCore.QObject) and window.isAncestorOf(obj)):
                    painted["paint"] = time.perf_counter()
                    # The frame is on screen once this round of painting is flushed.
                    QtCore.QTimer.singleShot(0, app.quit)
            return False

    spy = _FirstPaint()
    app.installEventFilter(spy)
    QtCore.QTimer.singleShot(30_000, app.quit)  # never hang
    window.show()
    app.exec()
    t_done = time.perf_counter()
    app.removeEventFilter(spy)
    if "paint" not in painted:
        out.line("startup: FAILED (the window never painted within 30 s)")
        return 1
    base = age_at_import if age_at_import is not None else 0.0

    def since_start(t: float) -> float:
        return 1000.0 * (base + t - t_import)

    age = "process start" if age_at_import is not None else "self-test import (process age unknown)"
    out.line(
        f"startup_ms={since_start(t_done):.0f} from={age.replace(' ', '_')} "
        f"imports_ms={since_start(t_import):.0f} qapp_ms={since_start(t_app):.0f} "
        f"window_modules_ms={since_start(t_modules):.0f} window_built_ms={since_start(t_window):.0f} "
        f"first_paint_ms={since_start(painted['paint']):.0f} platform={app.platformName()}"
    )
    window.close()
    return 0


# --- the whole self-test ------------------------------------------------------------------------


def run_self_test() -> int:
    """Run every step; one line each; 0 only when all passed."""
    out = _Out()
    if os.environ.get("SCALINGDESK_SELFTEST_ONLY", "").strip().lower() == "startup":
        return run_startup_probe(out)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from scalingdesk import __version__

    frozen = "frozen bundle" if _bundle_root() else "source install"
    out.line(f"ScalingDesk {__version__} self-test ({frozen}, Python {sys.version.split()[0]}, {sys.platform})")
    watchdog = _Watchdog(out)
    ctx = _Context()
    results: list[StepResult] = []
    for name, step in STEPS:
        watchdog.arm(name, STEP_TIMEOUT_S)
        t = time.perf_counter()
        try:
            detail = step(ctx)
            ok = True
        except Exception as err:  # a failed step is reported; the others still run
            ok = False
            where = traceback.extract_tb(err.__traceback__)[-1]
            detail = f"{type(err).__name__}: {err}".replace("\n", " ")
            if not isinstance(err, SelfTestError):
                detail += f" (at {Path(where.filename).name}:{where.lineno})"
        watchdog.disarm()
        secs = time.perf_counter() - t
        results.append(StepResult(name, ok, detail, secs))
        out.line(f"{'ok' if ok else 'FAILED':<7} {name:<9} {detail}  [{secs * 1000:.0f} ms]")
    if ctx.window is not None:
        ctx.window.close()
    failed = [r.name for r in results if not r.ok]
    if failed:
        out.line(f"self-test: FAILED ({len(failed)} of {len(results)} steps: {', '.join(failed)})")
        return 1
    out.line(f"self-test: all {len(results)} steps passed")
    return 0
